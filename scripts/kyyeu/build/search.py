"""The site search: per language, two Pagefind bundles (the catalogue and the full texts), and
OpenSearch descriptions.

Why this shape (measured; see SEARCH-PERFORMANCE.md):

* Pagefind splits its index into gzipped chunks and the browser fetches only those a query needs,
  once the reader opens search, instead of the whole-site index that Material's lunr search loads on
  every first visit.
* Two tiers per language, because of full texts. A paper or document page carries its full text
  (in the 1,000-paper benchmark about 1,100 words per language), and Pagefind stores every position of
  every word: in one index, the chunk holding a frequent syllable ("an", "mạng", "những") lists every
  page and weighs 150–600 KB, and a first query on 1,000 papers transferred 735 KB (269 KB now). So:
  `pagefind/<lang>/`, the catalogue, holds every content page without its full text (what stands
  between the markers `FULLTEXT_START` and `FULLTEXT_END`, templates/_blocks.md.j2): titles, cards,
  abstracts, keywords, headings, lists and notes. It answers every first query. `pagefind/<lang>-text/` holds one record
  per page whose full-text block has text, made of that text alone, with the page's URL, title, kind
  and filters. The browser (docs/assets/search.js) searches it only when the catalogue finds nothing
  or when the reader asks for the full texts, and lists its pages after the catalogue's.
* One bundle per language and tier (rather than one bundle holding both languages): the languages
  are built by two processes at the same time, and each writes and swaps in only its own folders.
  The reader's language picks the bundle, so the Vietnamese and English sites search their own pages.
* Pagefind folds combining marks itself ("mang xa hoi" finds "mạng xã hội", "hòa" finds "hoà") and
  splits "72/2013/NĐ-CP" into its parts.
* It does not fold đ. The text it indexes goes through `text.index_text` (the one place of Vietnamese
  normalisation): NFC, invisible characters removed, đ/Đ written as d/D + U+0335, a mark Pagefind
  folds away. The browser applies `text.search_query` to what the reader types and turns U+0335 back
  into đ in titles and excerpts, so readers see the original text.

Each built page is handed to Pagefind as a small HTML document made from the page's article (so
headings keep their weight and anchors) plus its metadata (kind) and filters (kind, organisation,
year, document status), which come from the corpus, not from scraping the page.
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape as xml_escape

from ..errors import KyyeuError
from ..load import Entry
from ..model import LANGS
from ..site import LABELS, Site, page_dir, url
from ..text import index_text
from .files import link_or_copy

#: Where the Pagefind bundles go inside the site: BUNDLE/<lang>/ (catalogue) and BUNDLE/<lang>-text/ (full texts).
BUNDLE = "pagefind"
#: Suffix of a language's full-text bundle.
TEXT = "-text"
#: Pages that are not content: the search pages themselves and the notes on search (404.html is not an index.html).
SKIP = re.compile(r"^(en/)?search/$")
#: File in each catalogue bundle saying whether the language has a full-text bundle ({"text": true}).
TIERS = "tiers.json"
#: How much lower the Pagefind processes' priority is than the build's (see _start).
PAGEFIND_NICENESS = 10
#: How many word positions Pagefind puts in one index chunk at most before it starts the next (a word is
#: never split). Pagefind's default, 20,000, gives a Vietnamese catalogue few chunks, each holding many
#: frequent syllables: at N = 10,000 a first query fetched 0.8–1.2 MB of chunks; at 1,000 a query pays
#: only for its own words' postings (SEARCH-PERFORMANCE.md). Set through Pagefind 1.5.2's
#: PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE (undocumented, "unstable": tests/test_search_index.py fails if a
#: Pagefind upgrade ignores it).
INDEX_CHUNK_SIZE = 1000
#: A language whose catalogue would hold more pages than this gets a smaller first tier: each page's title,
#: attribute card's values (authors, numbers, organisations, dates) and keywords; the rest of the page
#: (card, abstract, lists, notes) goes to the second tier with its full text. Below it (the real site, N = 1,000) the
#: catalogue is the whole page without its full text, as before. Measured at N = 10,000 (SEARCH-PERFORMANCE.md):
#: the whole catalogue cost a first query 0.3–0.37 MB even with small chunks, the first tier 0.16–0.22 MB.
FIRST_TIER_PAGES = 2500
#: A second tier with more pages than this is written as several bundles of at most this many pages
#: (<lang>-text/, <lang>-text-2/, …), which search.js merges (Pagefind's mergeIndex; tiers.json gives their
#: number): Pagefind holds a whole bundle in memory while it indexes it, and the full texts of 10,000
#: papers took one Pagefind process to 4.4 GB. Each part costs a search of the full texts its own metadata
#: and WebAssembly (66 KB).
TEXT_PART_PAGES = 2500
#: Pagefind processes one build runs at once, its languages' processes together (see `_Places`): more would
#: not go faster on two cores, and each holds its bundle in memory (about 1.2 GB for a part of 2,500 pages).
PARALLEL = 2
#: Pagefind's script, gzipped, beside the plain one (see `index`).
PACKED_SCRIPT = "pagefind-js.pagefind"
#: Pagefind files the site does not use: its ready-made UIs (search.js talks to Pagefind's API directly)
#: and its web worker (search.js runs Pagefind on the page: one file less to fetch).
UNUSED = ("pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
#: Parts of a page not worth finding: permalink signs, the cite box (it repeats the title and authors
#: in two styles), the "source record" line, the audiences and sources under each key point and the
#: points' texts that topic pages repeat from the document pages (found there, under their own headings).
EXCLUDE = [".headerlink", ".ky-cite", ".ky-edit", ".ky-point-meta"]

#: Labels of the kinds of page, as filter values and result badges.
KIND_LABELS = {
    "paper": LABELS["paper"],
    "document": LABELS["document"],
    "volume": LABELS["volume"],
    "survey": LABELS["survey"],
    "organisation": LABELS["organisation"],
    "topic": LABELS["topic"],
    "page": {"vi": "Trang", "en": "Page"},
}
#: Ranking weight of a kind of page: the home page, the lists and the topic pages repeat what the record
#: pages say, so a record page comes first when both match equally.
WEIGHTS = {"page": 0.5, "topic": 0.5}
#: What OpenSearch shows as the engine's name (at most 16 characters) and description.
OPENSEARCH = {
    "vi": ("Kỷ yếu Lào Cai", "Tìm trong kỷ yếu và kho văn bản của hội thảo Lào Cai 28/11/2023"),
    "en": ("Lào Cai workshop", "Search the proceedings and documents of the Lào Cai workshop of 28 November 2023"),
}

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_LANG = re.compile(r'<html lang="([a-zA-Z-]+)"')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
#: The full text's block (templates/_blocks.md.j2), then what opens or closes a div after it.
#: The markers around a page's full text (templates/_blocks.md.j2), as MkDocs writes them.
FULLTEXT_START, FULLTEXT_END = '<div class="ky-fulltext"></div>', '<div class="ky-fulltext-end"></div>'
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


class Record:
    """One page as Pagefind gets it. Its HTML is kept compressed: a language's records hold every page's
    article until the last of its bundles is written (at N = 10,000 about 0.3 GB a language as text)."""

    __slots__ = ("url", "lang", "_body", "kind", "filters", "title")

    def __init__(self, url: str, lang: str, body: str, kind: str = "page",
                 filters: dict[str, list[str]] | None = None, title: str | None = None) -> None:
        self.url = url  #: site-relative URL with a leading slash, e.g. "/en/documents/72-2013-nd-cp/"
        self.lang = lang
        self.body = body  #: the article's inner HTML
        self.kind = kind
        self.filters = filters if filters is not None else {}
        self.title = title  #: the page title as HTML text, when the body has not got it (a full text)

    @property
    def body(self) -> str:
        return zlib.decompress(self._body).decode("utf-8")

    @body.setter
    def body(self, html_text: str) -> None:
        self._body = zlib.compress(html_text.encode("utf-8"), 1)

    def html(self) -> str:
        """The document Pagefind indexes: the article as the body, metadata and filters beside it."""
        meta = f'<span data-pagefind-meta="title">{index_text(self.title)}</span>' if self.title else ""
        meta += f'<span data-pagefind-meta="kind">{html.escape(KIND_LABELS[self.kind][self.lang])}</span>'
        meta += f'<span data-pagefind-meta="kindcode">{self.kind}</span>'
        filters = "".join(
            f'<span data-pagefind-filter="{name}">{html.escape(value)}</span>'
            for name, values in self.filters.items() for value in values
        )
        return (f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8"></head><body>'
                f'<main data-pagefind-body><div data-pagefind-weight="{WEIGHTS.get(self.kind, 1.0)}">'
                f'{index_text(self.body)}</div></main>'
                f'<div hidden>{meta}{filters}</div></body></html>')


def _year(site: Site, entry: Entry) -> str | None:
    if entry.kind in ("paper", "survey"):
        return str(site.corpus.volumes[entry.volume].record.date.year)
    if entry.kind == "volume":
        return str(entry.record.date.year)
    if entry.kind == "document":
        return str(entry.record.issued.year)
    return None


def _orgs(site: Site, entry: Entry) -> list[str]:
    rec = entry.record
    ids = {"paper": lambda: rec.contributors, "document": lambda: [rec.issuer], "survey": lambda: [rec.conducted_by],
           "volume": lambda: [rec.organiser], "organisation": lambda: [rec.id]}[entry.kind]()
    return [i for i in ids if i in site.corpus.organisations]


def filters_for(site: Site, entry: Entry | None, lang: str) -> tuple[str, dict[str, list[str]]]:
    """(kind, filters) of a page. The filters search.js offers: kind, org (who contributed, issued,
    organised or ran it; an organisation's own page), year (of the event or of issue), status (documents
    only: status today). Values are labels in the page's language, shown as they are."""
    from ..views.document import status_label

    if entry is None:
        return "page", {"kind": [KIND_LABELS["page"][lang]]}
    kind = entry.kind
    out = {"kind": [KIND_LABELS[kind][lang]]}
    orgs = [site.corpus.organisations[o].record.name[lang] for o in _orgs(site, entry)]
    if orgs:
        out["org"] = orgs
    year = _year(site, entry)
    if year:
        out["year"] = [year]
    if kind == "document":
        out["status"] = [status_label(site.corpus.status(entry, site.today), lang)]
    return kind, out


def split_fulltext(article: str) -> tuple[str, str]:
    """(the article without its full text, the full text's HTML): the text is what stands between the
    two markers of templates/_blocks.md.j2; the article and "" for a page without them."""
    start = article.find(FULLTEXT_START)
    if start == -1:
        return article, ""
    start += len(FULLTEXT_START)
    end = article.find(FULLTEXT_END, start)
    if end == -1:
        raise KyyeuError("search index: a page's full text has no end marker")
    return article[:start] + article[end:], article[start:end]


_CARD = re.compile(r'<dl class="ky-card">.*?</dl>', re.S)


#: Rows of the attribute card left out of a small first tier: every page has one of a handful of values
#: ("Đã đăng toàn văn", "Tiếng Việt"), whose words ("đăng" answers "dang", as "đảng" does) would put a
#: posting for most pages into the chunks of frequent query words. The second tier keeps them.
_CARD_NOISE = ("language", "text_status")
_DT = re.compile(r"<dt>.*?</dt>\n?", re.S)


def first_tier(article: str, lang: str) -> tuple[str, str]:
    """(the page's title, the values of its attribute card and its keywords line; the rest of article with
    the card whole), for large catalogues (FIRST_TIER_PAGES): what a reader looking for a known item types
    (a title, a document number, an author, an organisation, a keyword) is in the first part. The card's
    labels, the same on every page, and its noisy rows (_CARD_NOISE) stay out of the first part."""
    keywords = re.compile(rf"<p><strong>{re.escape(LABELS['keywords'][lang])}:</strong>.*?</p>", re.S)
    spans = sorted(m.span() for pattern in (_H1, keywords) for m in [pattern.search(article)] if m)
    first, rest, at = [], [], 0
    for start, end in spans:
        rest.append(article[at:start])
        first.append(re.sub(r"^<p><strong>[^<]*</strong>", "<p>", article[start:end]))  # the keywords without their label
        at = end
    rest.append(article[at:])
    card = _CARD.search(article)
    if card:
        values = card.group(0)
        for key in _CARD_NOISE:
            values = re.sub(rf"<dt>{re.escape(LABELS[key][lang])}</dt>\s*<dd>.*?</dd>\n?", "", values, flags=re.S)
        first.insert(1 if first and first[0].startswith("<h1") else 0, _DT.sub("", values))
    return "\n".join(first), "".join(rest)


def _title(article: str) -> str:
    """The page title (its h1) as HTML text, without the permalink sign."""
    found = _H1.search(article)
    return _TAG.sub("", _HEADERLINK.sub("", found.group(1))).strip() if found else ""


def _pages(site_dir: Path, langs: Iterable[str]) -> list[Path]:
    """The built index.html files that may be pages of langs, in a stable order: not the bundles, and
    not the folders of the other languages (another process may be writing them)."""
    default, others = LANGS[0], set(LANGS[1:])
    out = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        if dirpath == str(site_dir):
            dirnames[:] = [d for d in dirnames if d != BUNDLE and not d.startswith(".")
                           and (d in langs if d in others else default in langs)]
            if default not in langs:
                continue
        if "index.html" in filenames:
            out.append(Path(dirpath) / "index.html")
    return sorted(out)


def records(site_dir: Path, site: Site, langs: Iterable[str] | None = None) -> dict[str, list[Record]]:
    """The search records of the built site's content pages in langs (None: every language), by bundle:
    "<lang>", the catalogue (every page, its full text left out), and "<lang>-text", the full texts (a
    record per page with one); a language without pages has no catalogue, one without full texts no
    text bundle. A language with more than FIRST_TIER_PAGES pages gets a smaller catalogue (see
    first_tier): the rest of each page goes to "<lang>-text" with its full text. Records are in a stable order."""
    langs = tuple(LANGS if langs is None else langs)
    from ..views.topic import topic_dir

    by_url: dict[str, Entry] = {}
    for entry in site.corpus.all_entries():
        for lang in langs:
            by_url[url(page_dir(entry), lang)] = entry
    # topic pages: found as topics (their title, summary, questions and the points they gather)
    topic_urls = {url(topic_dir(t), lang) for t in site.corpus.topics for lang in langs}
    pages: dict[str, list[tuple[Record, Record]]] = {}  # by language: (catalogue record, full-text record)
    for path in _pages(site_dir, langs):
        rel = path.parent.relative_to(site_dir).as_posix()
        rel = "" if rel == "." else rel + "/"
        if SKIP.match(rel):
            continue
        page = path.read_text(encoding="utf-8")
        article, lang = _ARTICLE.search(page), _LANG.search(page)
        if not article or not lang or lang.group(1) not in langs:
            continue
        lang = lang.group(1)
        if rel in topic_urls:
            kind, filters = "topic", {"kind": [KIND_LABELS["topic"][lang]]}
        else:
            kind, filters = filters_for(site, by_url.get(rel), lang)
        try:
            catalogue, text = split_fulltext(article.group(1))
        except KyyeuError as exc:
            raise KyyeuError(f"{exc}: /{rel}") from None
        pages.setdefault(lang, []).append((Record("/" + rel, lang, catalogue, kind, filters),
                                           Record("/" + rel, lang, text, kind, filters, title=_title(article.group(1)) or rel)))
    out: dict[str, list[Record]] = {}
    for lang, found in pages.items():
        small = len(found) > FIRST_TIER_PAGES  # a large catalogue: titles, cards and keywords first
        for rec, text in found:
            body = text.body  # unpacked once: the check below reads what a first tier adds to it
            if small:
                rec.body, rest = first_tier(rec.body, lang)
                text.body = body = rest + body
            out.setdefault(lang, []).append(rec)
            if _TAG.sub("", body).strip():
                out.setdefault(lang + TEXT, []).append(text)
    return out


def _start(documents: dict[str, str], out: Path, tmp: Path) -> subprocess.Popen:
    """Start Pagefind on the documents (page URL → the HTML to index), written as files into tmp/pages, to
    write the bundle to out.

    Pagefind's command line (`python -m pagefind`, configured by tmp/pagefind.json) rather than its
    Python API: the API's service answers "written" while its files are still being written in the
    background, and closing the service then cuts the writing short (seen in repeated builds: an empty
    pagefind-entry.json or WebAssembly file now and then); the command finishes writing before it
    exits. Files in one folder are read in one go (the API's service takes one page per 0.1 s).
    """
    for page_url, document in documents.items():
        path = tmp / "pages" / page_url.lstrip("/") / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document, encoding="utf-8")
    config = {"site": "pages", "output_path": str(out.resolve()), "exclude_selectors": EXCLUDE}
    (tmp / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    # At a lower priority (through nice(1): no preexec_fn, which is unsafe beside `kyyeu serve`'s
    # threads): while one language is indexed, the other's MkDocs, the longer stage, may still run; it
    # gets the cores first and the build ends sooner (the work is the same).
    nice = shutil.which("nice")
    command = [sys.executable, "-m", "pagefind", "--silent"]
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)}
    return subprocess.Popen([nice, "-n", str(PAGEFIND_NICENESS), *command] if nice else command, cwd=tmp,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)


def _scratch(size: int) -> str | None:
    """Where the pages handed to Pagefind (size bytes) are written: memory (/dev/shm) where there is one
    with room to spare (containers often give it 64 MB). Pagefind reads one folder per page, and on a
    disk the 2,100 folders and files of a language at N = 1,000 cost 2.4 s to write and 0.3 s to remove,
    a third of the search stage; None: the usual temp folder."""
    shm = Path("/dev/shm")
    try:
        room = shutil.disk_usage(shm).free if shm.is_dir() and os.access(shm, os.W_OK) else 0
    except OSError:
        room = 0
    # both languages' processes write at once: leave room for the other's and some to spare
    return str(shm) if room > 3 * size + 64 * 2**20 else None


def _bundle_key(documents: dict[str, str]) -> str:
    """What a Pagefind bundle is made from: Pagefind's version, its settings and every page it indexes."""
    from importlib.metadata import version

    h = hashlib.sha256(json.dumps([version("pagefind"), EXCLUDE, INDEX_CHUNK_SIZE]).encode())
    for page_url in sorted(documents):
        h.update(page_url.encode() + b"\0" + documents[page_url].encode() + b"\0")
    return h.hexdigest()


def _bundle_name(out: Path) -> str:
    return out.name.strip(".").removesuffix("-new")


def _remember(out: Path, kept: Path, key: str) -> None:
    """Keep the bundle Pagefind just wrote (linked, see `files.link_or_copy`), under the key of its input."""
    tmp = kept.with_name(f".{kept.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(out, tmp / "bundle", copy_function=link_or_copy)
    (tmp / "key").write_text(key, encoding="utf-8")
    shutil.rmtree(kept, ignore_errors=True)
    tmp.rename(kept)


class _Places:
    """PARALLEL places for Pagefind processes, shared by every process of a build that indexes with the
    same folder: a place is an exclusive lock (flock) on one of PARALLEL files there. The kernel lets a
    lock go when its holder closes the file or dies, so a language process that is killed while it
    indexes never leaves a place taken."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held: list = []  #: the open lock files of the places this call holds
        folder.mkdir(parents=True, exist_ok=True)

    def take(self):
        """A free place (give it back with `give_back`), or None when every place is taken."""
        import fcntl

        for i in range(PARALLEL):
            place = open(self.folder / f"pagefind-{i}.lock", "a+b")  # noqa: SIM115 - held open while Pagefind runs
            try:
                fcntl.flock(place, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # another holds it
                place.close()
                continue
            self.held.append(place)
            return place
        return None

    def give_back(self, place) -> None:
        """Give a place back: closing its file lets the lock go."""
        self.held.remove(place)
        place.close()

    def close(self) -> None:
        """Give back every place still held (an error on the way)."""
        for place in list(self.held):
            self.give_back(place)


def _write_bundles(jobs: dict[Path, list[Record]], cache: Path | None = None) -> None:
    """Every bundle, each by its own Pagefind process, PARALLEL at a time in the whole build (the places are
    shared with the other language's process through the cache folder's parent, see `_Places`), so that
    every core works and the build's memory holds at most PARALLEL bundles. With a cache folder, a bundle
    whose pages are exactly those of the last build is linked from there instead (Pagefind's output
    depends on nothing else; a third of a build that changed no page)."""
    failed = []
    with contextlib.ExitStack() as stack:
        # a build's language processes share the places in its work folder; a call without a cache has its own
        places = _Places(cache.parent / "places" if cache is not None
                         else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kyyeu-places-"))))
        stack.callback(places.close)
        running: list[tuple[Path, int, subprocess.Popen, tempfile.TemporaryDirectory, str | None, object]] = []

        def wait(out: Path, count: int, proc: subprocess.Popen, tmp: tempfile.TemporaryDirectory,
                 key: str | None, place) -> None:
            said = proc.communicate()[0].decode("utf-8", "replace").strip()
            places.give_back(place)
            tmp.cleanup()  # its pages, in memory when in /dev/shm, as soon as Pagefind is done with them
            entry = out / "pagefind-entry.json"
            pages = sum(i["page_count"] for i in json.loads(entry.read_text(encoding="utf-8"))["languages"].values()) \
                if proc.returncode == 0 and entry.is_file() else None
            if pages != count:
                failed.append(f"{_bundle_name(out)}: Pagefind indexed {pages} of {count} pages"
                              + (f" ({said.splitlines()[-1]})" if said else ""))
            elif key is not None:
                _remember(out, cache / _bundle_name(out), key)

        try:
            done = 0
            for out, recs in jobs.items():
                documents = {rec.url: rec.html() for rec in recs}  # each made once: index_text is not free
                key = _bundle_key(documents) if cache is not None else None
                kept = cache / _bundle_name(out) if cache is not None else None
                if kept is not None and (kept / "key").is_file() and (kept / "key").read_text(encoding="utf-8") == key:
                    shutil.copytree(kept / "bundle", out, copy_function=link_or_copy)  # no Pagefind, no place
                    continue
                while (place := places.take()) is None:  # wait for this call's oldest Pagefind, else another process's
                    if len(running) > done:
                        wait(*running[done])
                        done += 1
                    else:
                        time.sleep(0.05)
                size = sum(len(doc.encode("utf-8")) + 4096 for doc in documents.values())  # + a folder per page
                tmp = tempfile.TemporaryDirectory(prefix="kyyeu-search-", dir=_scratch(size))
                stack.callback(tmp.cleanup)  # on an error too (a second cleanup does nothing)
                running.append((out, len(recs), _start(documents, out, Path(tmp.name)), tmp, key, place))
                del documents
            for job in running[done:]:
                wait(*job)
        finally:  # an error (or Ctrl-C) while some still run: stop them before their folders go (and their places)
            for _, _, proc, _, _, _ in running:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
    if failed:
        raise KyyeuError("search index: " + "; ".join(failed))


def part_name(name: str, i: int) -> str:
    """The folder of part i (from 0) of a second-tier bundle: "vi-text", "vi-text-2", …"""
    return name if i == 0 else f"{name}-{i + 1}"


def _finish(out: Path) -> None:
    """Drop the Pagefind files the site does not use; add Pagefind's script gzipped."""
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    wasm = {f"wasm.{info.get('wasm') or 'unknown'}.pagefind" for info in entry["languages"].values()}
    for path in out.glob("wasm.*.pagefind"):  # Pagefind writes one per stemmer it might need; the bundle's language needs one
        if path.name not in wasm:
            path.unlink()
    # Pagefind's script gzipped, as Pagefind ships its own data: search.js unpacks it in the browser
    # (DecompressionStream), so a first query costs 13 KB for it instead of 46 KB where the server
    # does not compress; browsers without DecompressionStream load the plain pagefind.js.
    script = (out / "pagefind.js").read_bytes()
    (out / PACKED_SCRIPT).write_bytes(gzip.compress(script, compresslevel=9, mtime=0))


def _swap(new: Path | None, live: Path) -> None:
    """Put new in live's place in two renames (None: remove live), so that a served site (kyyeu serve
    rebuilds the index while it serves) never lacks a bundle."""
    old = live.parent / f".{live.name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    if new is not None:
        new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def site_url(site_dir: Path, lang: str = LANGS[0]) -> str:
    """The site's public address, as MkDocs wrote it in the canonical link of lang's home page."""
    prefix = url("", lang)
    home = site_dir / prefix / "index.html"
    found = _CANONICAL.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    base = found.group(1) if found else "http://127.0.0.1:8000/"
    base = base if base.endswith("/") else base + "/"
    return base[: -len(prefix)] if prefix and base.endswith("/" + prefix) else base


def opensearch(base: str, lang: str) -> str:
    """The OpenSearch description of one language's search page, so browsers can add it as an engine."""
    prefix = base + ("" if lang == "vi" else "en/")
    name, description = OPENSEARCH[lang]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" xmlns:moz="http://www.mozilla.org/2006/browser/search/">
  <ShortName>{xml_escape(name)}</ShortName>
  <Description>{xml_escape(description)}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Language>{lang}</Language>
  <Image width="16" height="16" type="image/png">{xml_escape(base)}assets/images/favicon.png</Image>
  <Url type="text/html" method="get" template="{xml_escape(prefix)}search/?q={{searchTerms}}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="{xml_escape(prefix)}opensearch.xml"/>
  <moz:SearchForm>{xml_escape(prefix)}search/</moz:SearchForm>
</OpenSearchDescription>
"""


def index(site_dir: Path, site: Site, langs: Iterable[str] | None = None, cache: Path | None = None) -> None:
    """Index the built site in site_dir for search, for langs (None: every language): per language the
    catalogue site_dir/pagefind/<lang>/, the full texts site_dir/pagefind/<lang>-text/ (removed when no
    page has one) and opensearch.xml. Touches only the folders of langs, so that languages can be
    indexed by separate processes at the same time. cache: a folder keeping each bundle with the key
    of its pages, so that a bundle whose pages did not change is not indexed again."""
    site_dir = Path(site_dir)
    langs = tuple(LANGS if langs is None else langs)
    root = site_dir / BUNDLE
    root.mkdir(parents=True, exist_ok=True)
    recs = records(site_dir, site, langs)
    # The second tier in parts of at most TEXT_PART_PAGES pages: <lang>-text, <lang>-text-2, …
    parts: dict[str, list[Record]] = {}
    for name, bundle in recs.items():
        if not name.endswith(TEXT):
            parts[name] = bundle
            continue
        count = -(-len(bundle) // TEXT_PART_PAGES)
        for i in range(count):
            parts[part_name(name, i)] = bundle[i * len(bundle) // count:(i + 1) * len(bundle) // count]
    # Each bundle is written beside the live one and swapped in.
    jobs = {root / f".{name}-new": bundle for name, bundle in parts.items()}
    for out in jobs:
        shutil.rmtree(out, ignore_errors=True)
    _write_bundles(jobs, cache)
    if cache is not None:  # forget the bundles of langs this build no longer has (fewer parts)
        for kept in cache.glob("*"):
            if kept.is_dir() and kept.name.split("-")[0] in langs and kept.name not in parts:
                shutil.rmtree(kept, ignore_errors=True)
    for out in jobs:
        _finish(out)
    for lang in langs:  # which tiers the language has, for search.js (a request that never fails)
        count = sum(1 for name in parts if name.startswith(lang + TEXT))
        tiers = {"text": lang + TEXT in recs, **({"parts": count} if count > 1 else {})}
        (root / f".{lang}-new" / TIERS).write_text(json.dumps(tiers) + "\n", encoding="utf-8")
    for lang in langs:
        old = {p.name for p in root.glob(f"{lang}{TEXT}-*") if p.is_dir()}  # parts of a larger earlier build
        for name in sorted({lang, lang + TEXT} | {n for n in parts if n.startswith(lang + TEXT)} | old):
            _swap(root / f".{name}-new" if name in parts else None, root / name)
    for lang in langs:
        target = site_dir / url("", lang) / "opensearch.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(opensearch(site_url(site_dir, lang), lang), encoding="utf-8")
