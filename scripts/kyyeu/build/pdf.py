"""Stage: the printed kỷ yếu. A typeset PDF book per volume and language, and a PDF per paper with a text.

Typst (the `typst` wheel) prints `templates/book.typ` from the data of `views/book.py`; pandoc's Typst
writer (`pypandoc-binary`) converts the Markdown texts; the only font is Noto Serif from the
`fontpkg-noto-serif` wheel (system fonts and Typst's own fonts are switched off, so every machine
prints the same pages). A Typst warning is an error, and so is a character the font lacks.

Order, and why. Page numbers are cited: a paper page shows `citation_firstpage`, the cite box and the
.bib/.ris/.json give `pages`. Those pages are generated before MkDocs, so the book's layout must be
known before the views run. `layout` is therefore called by the generate step (`generate_files`), in
each language's own process: it compiles each volume's book once, reads every paper's first and last
page from it (a Typst query on the compiled document, `<pages>`) and puts them in `site.books`, where
`cite/items.py` and the views read them. No second pass over the pages is needed. After MkDocs, `write`
copies the book into the built site and compiles the per-paper PDFs (same template, "paper" mode,
page counter set to the paper's first page, so they carry the book's numbers), beside the search index.
Typst itself runs in short-lived processes of its own (`typeset.py`: the compiler, the cache, `_Job`).

Everything is cached by input hash under <work>/pdf/<lang>/: pandoc's output by the Markdown (and
pandoc's version, options and filter), each PDF and layout by its data JSON (which names the converted
texts and the images by their hashes), the template, Typst's and the font's versions. A build whose
records did not change compiles nothing. `kyyeu serve` calls `layout(..., compile=False)` (the numbers
of the last compiled book) and runs `layout` + `write` in a background thread (serve/session.py).

A paper that awaits its text is printed in the book as a page with its notice, but gets no PDF of its
own and no page tags (issue 16, item 9): `has_pdf`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import struct
import threading
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..load import Entry
from ..site import Site, book_file, page_dir, url
from .files import link_or_copy
from .typeset import LUA_FILTER, PANDOC_ARGS, PANDOC_FROM, Printer, _Failed, _Job, _sha, _versions, _waves, font_dir, printer

#: Options of pandoc's Haskell runtime, which do not change its output (not in the cache key): the older
#: generation may grow to 4 times what it holds before it is collected again (default 2). Collecting took
#: 43 % of pandoc's time on a volume's 200 texts, whose documents it holds until it writes them all;
#: with -F4, 7–10 % less CPU time for 2 % more memory (PERFORMANCE.md).
PANDOC_RTS = ["+RTS", "-F4", "-RTS"]
_SPLIT = "KYYEUSPLITMARKER7F3A"
_ATTR_LINE = re.compile(r"^\{:[^}\n]*\}[ \t]*$", re.M)
_IMAGE = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")
_LOCK = threading.Lock()  # serve's background thread and a rebuild never compile at once


def has_pdf(entry: Entry) -> bool:
    """Whether a paper gets a PDF of its own: only with a text (the book prints the others' notice)."""
    return entry.kind == "paper" and bool(entry.fulltext)


# --- fonts: the glyphs they cover ----------------------------------------------------------------------


def _cmap(path: Path) -> set[int]:
    """The code points a TrueType font maps (cmap format 12, else 4)."""
    data = path.read_bytes()
    n = struct.unpack(">H", data[4:6])[0]
    tables = {data[12 + 16 * i: 16 + 16 * i]: struct.unpack(">I", data[20 + 16 * i: 24 + 16 * i])[0] for i in range(n)}
    base = tables[b"cmap"]
    count = struct.unpack(">H", data[base + 2: base + 4])[0]
    subtables = {}
    for i in range(count):
        plat, enc, off = struct.unpack(">HHI", data[base + 4 + 8 * i: base + 12 + 8 * i])
        subtables[struct.unpack(">H", data[base + off: base + off + 2])[0]] = base + off
    chars: set[int] = set()
    if 12 in subtables:
        o = subtables[12]
        groups = struct.unpack(">I", data[o + 12: o + 16])[0]
        for g in range(groups):
            start, end, _ = struct.unpack(">III", data[o + 16 + 12 * g: o + 28 + 12 * g])
            chars.update(range(start, end + 1))
    elif 4 in subtables:
        o = subtables[4]
        segs = struct.unpack(">H", data[o + 6: o + 8])[0] // 2
        ends = struct.unpack(f">{segs}H", data[o + 14: o + 14 + 2 * segs])
        starts = struct.unpack(f">{segs}H", data[o + 16 + 2 * segs: o + 16 + 4 * segs])
        for s, e in zip(starts, ends):
            chars.update(range(s, e + 1))
    return chars


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Every character the book's fonts can print."""
    chars: set[int] = set()
    for f in sorted(font_dir().glob("*.ttf")):
        chars |= _cmap(f)
    return frozenset(chars)


def _check_glyphs(text: str, where: str) -> None:
    """Typst prints a box for a character the font lacks, silently: refuse it here, naming the record."""
    have = covered()
    missing = sorted(c for c in set(text) if ord(c) not in have and unicodedata.category(c)[0] not in "CZ")
    if missing:
        shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:5])
        raise _Failed(f"{where}: the book's font (Noto Serif) has no glyph for {shown}; write the text without them")


# --- Markdown → Typst (pandoc) --------------------------------------------------------------------------


def _images(text: str, entry: Entry | None, file: str, work: Path) -> str:
    """Copy each image a Markdown text names into work/img/<sha256>.<ext>; return the text pointing there."""
    def swap(m: re.Match) -> str:
        src = m.group(2)
        if re.match(r"^[a-z]+:", src):
            raise _Failed(f"{file}: image {src}: the printed book cannot fetch images from the web; keep the file beside the record")
        folder = entry.folder if entry else None
        path = (folder / src).resolve() if folder else None
        if path is None or folder.resolve() not in path.parents or not path.is_file():
            raise _Failed(f"{file}: image {src}: file not found in the record's folder")
        data = path.read_bytes()
        name = f"{hashlib.sha256(data).hexdigest()}{path.suffix.lower()}"
        target = work / "img" / name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return m.group(1) + "/img/" + name
    return _IMAGE.sub(swap, text)


def convert(texts: list[str], work: Path, stats: dict | None = None) -> list[str]:
    """Markdown texts → root-relative paths of their Typst files (work/typ/<hash>.typ), converting only
    what is not there yet, in one pandoc call (`--file-scope`: each file its own document), or two: the
    texts the Lua filter can change, and the others without it."""
    paths: list[str] = []
    todo: dict[bool, dict[str, str]] = {True: {}, False: {}}  # with the Lua filter or not: {file name: text}
    for text in texts:
        name = f"typ/{_sha(_versions(), text)}.typ"
        paths.append("/" + name)
        if not (work / name).is_file():
            todo[needs_filter(text)][name] = text  # the filter costs a fifth of pandoc's time
    for filtered, batch in todo.items():
        if batch:
            cpu = children_cpu()
            _pandoc(list(batch.items()), work, filtered)
            if stats is not None:
                stats["pandoc_cpu"] += children_cpu() - cpu
    return paths


def children_cpu() -> float:
    """CPU seconds of this process's finished children (pandoc, Pagefind, Typst; `kyyeu bench` reports them)."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


_HEADING_MARK = re.compile(r"^ {0,3}#+(?=[ \t]|$)", re.M)


def needs_filter(text: str) -> bool:
    """Whether the Lua filter can change a text's Typst: it has an image, an identifier (`{#id}`, which
    pandoc's other attribute forms also need a brace for) or a link to an anchor (the only "#" left once
    the headings' own marks are gone). Any doubt runs the filter."""
    return "![" in text or "{" in text or "#" in _HEADING_MARK.sub("", text)


def _pandoc(todo: list[tuple[str, str]], work: Path, filtered: bool) -> None:
    """Convert the texts of todo [(file name under work, Markdown)] in one pandoc call."""
    import pypandoc

    tmp = work / "md-in"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    files = []
    for i, (_, text) in enumerate(todo):
        f = tmp / f"{i:06d}.md"
        f.write_text(text + f"\n\n{_SPLIT}\n", encoding="utf-8")
        files.append(str(f))
    args = (PANDOC_ARGS + ([f"--lua-filter={LUA_FILTER}"] if filtered else []) + (["--file-scope"] if len(files) > 1 else [])
            + PANDOC_RTS)
    out = pypandoc.convert_file(files, "typst", format=PANDOC_FROM, extra_args=args)
    parts = out.split(_SPLIT)
    if len(parts) != len(todo) + 1:
        raise _Failed("pandoc: a text contains the book's internal marker; remove it")
    (work / "typ").mkdir(parents=True, exist_ok=True)
    for (name, _), code in zip(todo, parts):
        (work / name).write_text(code.strip() + "\n", encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)


def _prepare(printer: Printer, site: Site, volume: Entry, lang: str) -> dict:
    """The book's data with its Markdown converted (paths of .typ files) and its text checked for glyphs."""
    from ..views.book import book_data

    data, markdown = book_data(site, volume, lang)
    texts, keys = [], []
    for key, (text, entry, file) in markdown.items():
        text = _ATTR_LINE.sub("", unicodedata.normalize("NFC", text))  # Python-Markdown's "{: #id }" lines (importer)
        text = _images(text, entry, file, printer.work)
        _check_glyphs(text, file)
        texts.append(text)
        keys.append(key)
    paths = convert(texts, printer.work, printer.stats)
    by_key = dict(zip(keys, paths))
    for key, path in by_key.items():
        printer.owner[path] = markdown[key][2]
    _check_glyphs(json.dumps(data, ensure_ascii=False), volume.file)

    for field in ("opening", "conclusions"):
        data["volume"][field] = by_key[data["volume"][field]]
    for p in data["papers"]:
        for field in ("abstract", "fulltext"):
            if p[field]:
                p[field] = by_key[p[field]]
    return data


def layout(site: Site, work: Path, compile: bool = True) -> dict:
    """Every volume's book in site.langs: compile it (or take it from the cache) and put each paper's
    pages into site.books[lang][volume] = {"pages": {paper id: {first, last, first_label, last_label,
    physical_first}}, "heads": [...], "data": …, "pdf": path of the book in the cache}. compile=False takes
    the last layout known, whatever changed since (`kyyeu serve`, which compiles in the background)."""
    with _LOCK:
        for lang in site.langs:
            t0 = time.perf_counter()
            pr = printer(work, lang)
            if compile:
                pr.begin()
            for volume in site.corpus.volumes.values():
                last = pr.work / "layout" / f"last-{volume.id}.json"
                if not compile:
                    if last.is_file():
                        site.books.setdefault(lang, {})[volume.id] = json.loads(last.read_text(encoding="utf-8"))
                    continue
                data = _prepare(pr, site, volume, lang)
                key, _, _ = pr.key(data, "book")
                stored = pr.work / "layout" / f"{key}.json"
                pr.used.update({f"{key}.pdf", stored.name, last.name})
                if pr.cached(key).is_file() and stored.is_file():
                    pr.stats["cached"] += 1
                    book = json.loads(stored.read_text(encoding="utf-8"))
                else:
                    job = _Job(pr, "book", [(data, volume.file)])
                    try:
                        book = job.result()["book"]
                    finally:
                        job.stop()
                last.parent.mkdir(parents=True, exist_ok=True)
                last.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
                site.books.setdefault(lang, {})[volume.id] = {**book, "data": data, "pdf": str(pr.cached(key))}
            pr.stats["layout_seconds"] = time.perf_counter() - t0
    return site.books


def stamp(data: dict, first: str, last: str) -> str:
    """The footer of a paper's PDF: "Kỷ yếu …, tr. 7–9" / "Proceedings …, pp. 7–9"."""
    L = data["labels"]
    pages = f"{L['page']} {first}" if first == last else f"{L['pages']} {first}–{last}"
    return f"{data['volume']['short_title']}, {pages}"


def write(site: Site, site_dir: Path, work: Path) -> dict:
    """Put every book (laid out by `layout`) into the built site and make the PDF of every paper with a
    text, in its page's folder. Returns {"books", "papers", "book_bytes", "paper_bytes", "seconds"}."""
    t0 = time.perf_counter()
    out = {"books": 0, "papers": 0, "book_bytes": 0, "paper_bytes": 0}
    with _LOCK:
        for lang in site.langs:
            pr = printer(work, lang)
            placed: list[tuple[Entry, str]] = []  # (paper, cache key of its PDF)
            todo: list[tuple[dict, str]] = []  # PDFs not in the cache: (data, record file)
            for volume in site.corpus.volumes.values():
                book = site.books.get(lang, {}).get(volume.id)
                if not book or "pdf" not in book:
                    continue
                out["book_bytes"] += _put(site_dir / url(page_dir(volume), lang) / book_file(volume), Path(book["pdf"]))
                out["books"] += 1
                data = book["data"]
                entries = {e.id: e for e in site.corpus.papers_of(volume.id)}  # once a volume: it scans every paper
                for paper in data["papers"]:
                    entry = entries[paper["id"]]
                    if not has_pdf(entry):
                        continue
                    pg = book["pages"][paper["id"]]
                    pdata = dict(data, papers=[paper], firstpage=pg["first"], physical_first=pg["physical_first"],
                                 stamp=stamp(data, pg["first_label"], pg["last_label"]))
                    key, _, _ = pr.key(pdata, "paper")
                    pr.used.add(f"{key}.pdf")
                    if pr.cached(key).is_file():
                        pr.stats["cached"] += 1
                    else:
                        todo.append((pdata, entry.file))
                    placed.append((entry, key))
            for wave in _waves(todo):
                jobs = [_Job(pr, "paper", batch) for batch in wave]
                try:
                    for job in jobs:
                        job.result()
                finally:
                    for job in jobs:
                        job.stop()
            for entry, key in placed:
                out["paper_bytes"] += _put(site_dir / url(page_dir(entry), lang) / book_file(entry), pr.cached(key))
                out["papers"] += 1
            pr.prune()
    out["seconds"] = time.perf_counter() - t0
    return out


def _put(path: Path, source: Path) -> int:
    """Put the cached PDF source at path in the site (`link_or_copy`: the site and the cache share the
    bytes; at N = 10,000 a build wrote 1.8 GB of PDFs it already had) and return its size. A file already
    the same is left alone (`kyyeu serve` updates the live site)."""
    size = source.stat().st_size
    if path.is_file():
        try:
            if os.path.samefile(path, source) or (path.stat().st_size == size and path.read_bytes() == source.read_bytes()):
                return size
        except OSError:
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, path)
    return size
