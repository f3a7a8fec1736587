"""The build pipeline: check → generate Markdown → MkDocs → post-build files → swap into site/.

Each stage is a function, timed, so that `kyyeu bench` can report where the time goes. A failure at
any stage leaves the last good site/ untouched: the new site is built in .build/ and swapped in.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import multiprocessing
import os
import shutil
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path


from . import handwritten
from .errors import KyyeuError
from .load import Corpus, load
from .model import LANGS
from .views import all_pages
from .views.common import Site, page_dir, url

log = logging.getLogger("kyyeu")
BUILD_DIR = ".build"


@dataclass
class BuildReport:
    """What a build did and how long each stage took."""

    timings: dict[str, float] = field(default_factory=dict)  #: stage → seconds
    pages: int = 0  #: generated Markdown pages (both languages)
    languages: dict[str, dict[str, float]] = field(default_factory=dict)  #: language → its own stage timings
    site: Path | None = None  #: the finished site folder

    def time(self, stage: str, started: float) -> None:
        """Record a stage's duration."""
        self.timings[stage] = time.perf_counter() - started


def today() -> dt.date:
    """The day statuses are computed for: KYYEU_TODAY (YYYY-MM-DD) in tests, else the real date."""
    value = os.environ.get("KYYEU_TODAY")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def check(root: Path) -> Corpus:
    """Load and validate every record; raise KyyeuError listing every problem."""
    corpus, problems = load(root)
    if problems:
        raise KyyeuError(f"{len(problems)} problem(s) in papers/", problems)
    return corpus


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write a file only when its content differs, so that watchers see only real changes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def front_matter(meta: dict, body: str) -> str:
    """A Markdown page with its metadata as YAML front matter."""
    # JSON is YAML too: MkDocs reads it as front matter, and writing it is ten times faster than YAML.
    return "---\n" + json.dumps(meta, ensure_ascii=False, default=str) + "\n---\n\n" + body


def records_json(site: Site) -> bytes:
    """The machine-readable catalogue: one entry per record with id, kind, title and URLs.

    Papers, documents and volumes also give `cite`: per language, the URLs of their BibTeX, RIS and
    CSL-JSON files ({"vi": {"bib": …, "ris": …, "json": …}, "en": {…}}; a volume's hold every paper).
    """
    from .citations import file_urls

    entries = []
    for e in site.corpus.all_entries():
        title = e.record.name if e.kind == "organisation" else e.record.title
        entries.append({
            "id": e.key,
            "kind": e.kind,
            "title": {lang: title[lang] for lang in LANGS},
            "url": {lang: url(page_dir(e), lang) for lang in LANGS},
            **({"cite": cite} if (cite := file_urls(e)) else {}),
        })
    return (json.dumps({"records": entries}, ensure_ascii=False, indent=1) + "\n").encode()


def generate_files(root: Path, corpus: Corpus, out: Path, day: dt.date | None = None,
                   langs: tuple[str, ...] = LANGS) -> tuple[Site, int, set[Path]]:
    """Write the pages and files of langs (and, with the default language, the language-neutral files) into out.

    Returns (site, page count, the paths written): files under out that no call wanted are stale,
    see `sweep`. Files for site.site_files are only collected here; `write_site_files` writes them.
    """
    site = Site(corpus, day or today(), langs=tuple(langs))
    shared = site.writes_shared
    wanted: set[Path] = set()

    def put(rel_path: str, data: bytes) -> None:
        path = out / rel_path
        wanted.add(path)
        _write_if_changed(path, data)

    if shared and (root / "docs").is_dir():
        for rel_path, data in handwritten.files(root / "docs"):
            put(rel_path, data)
    count = 0
    for page in all_pages(site):
        put(page.path, front_matter(page.meta, page.body).encode())
        if page.meta.get("kyyeu", {}).get("edit"):
            site.sources[page.path] = page.meta["kyyeu"]["edit"]
        count += 1
    for rel_path, data in site.extra_files.items():
        put(rel_path, data)
    if shared:
        for entry in [*corpus.papers, *corpus.documents.values()]:
            for att in entry.record.attachments:
                put(page_dir(entry) + att.file, (entry.folder / att.file).read_bytes())
        put("records.json", records_json(site))
    return site, count, wanted


def sweep(out: Path, wanted: set[Path]) -> None:
    """Remove what an earlier run generated and this one did not (a deleted record's pages)."""
    for path in sorted(out.rglob("*"), reverse=True) if out.is_dir() else []:
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def generate(root: Path, corpus: Corpus, out: Path, day: dt.date | None = None) -> tuple[Site, int]:
    """Write the hand-written docs/ and every generated page and file of every language into out."""
    site, count, wanted = generate_files(root, corpus, out, day)
    sweep(out, wanted)
    return site, count


def write_site_files(site_dir: Path, site: Site) -> list[str]:
    """Write site.site_files (the citation files) into a built site; returns the paths that changed."""
    return [rel for rel, data in site.site_files.items() if _write_if_changed(Path(site_dir) / rel, data)]


class _RecordNamer(logging.Filter):
    """Adds to MkDocs' messages about a generated page the record file an editor has to change."""

    def __init__(self, sources: dict[str, str]):
        super().__init__()
        self.sources = sources

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for page, source in self.sources.items():
            if f"'{page}'" in message:
                record.msg, record.args = f"{message} [record: {source} and its vi.md/en.md]", ()
                break
        return True


@contextlib.contextmanager
def _naming_records(sources: dict[str, str]):
    """While MkDocs runs, its warnings name the record behind a generated page."""
    namer = _RecordNamer(sources)
    handlers = list(logging.getLogger("mkdocs").handlers)  # messages come from child loggers: filter where they are written
    for handler in handlers:
        handler.addFilter(namer)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(namer)


def _swap(new: Path, target: Path) -> None:
    """Replace target with new in two renames, so a reader never sees a half-written site."""
    old = target.parent / f".{target.name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class _Stopped(Exception):
    """Another language's build failed: this one stops without a message of its own."""


def _language(root: Path, corpus: Corpus | None, docs: Path, fresh: Path, lang: str, langs: list[str], day: dt.date,
              barrier) -> dict:
    """One language end to end: its pages, then (once every language's pages are written and stale
    files swept, as each language's MkDocs links to the others) MkDocs, its citation files and feed,
    and its search index. Returns {"timings", "pages"}; runs in its own process for every language
    but the default (langs[0]), which also writes the language-neutral files and sweeps stale ones.
    Without a corpus the pages are already written (`kyyeu serve`): MkDocs only.
    """
    from . import search
    from .incremental import build_language, reported_as_one_line

    default = langs[0]
    times: dict[str, float] = {}
    t0 = time.perf_counter()

    def step(action) -> None:
        try:
            action()
            barrier.wait()
        except threading.BrokenBarrierError:
            raise _Stopped() from None
        except BaseException:
            barrier.abort()
            raise

    out: dict = {}

    def pages() -> None:
        from .citations import stored

        with stored(docs.parent / "cache" / f"citations-{lang}.json"):
            site, out["pages"], wanted = generate_files(root, corpus, docs, day, langs=(lang,))
        out["site"], out["wanted"] = site, wanted
        if lang != default:
            _wanted_file(docs, lang).write_text("\n".join(sorted(map(str, wanted))), encoding="utf-8")

    def swept() -> None:
        if lang == default:
            wanted = set(out["wanted"])
            for other in langs[1:]:
                listed = _wanted_file(docs, other)
                wanted.update(Path(p) for p in listed.read_text(encoding="utf-8").splitlines())
                listed.unlink()
            sweep(docs, wanted)

    if corpus is not None:
        step(pages)
        times["generate"] = time.perf_counter() - t0
        step(swept)
        times["wait"] = time.perf_counter() - t0 - times["generate"]
    site = out.get("site")
    t0 = time.perf_counter()
    with _naming_records(site.sources if site else {}), reported_as_one_line():
        build_language(root, docs, fresh, None if lang == default else lang)
    if site:
        write_site_files(fresh, site)
    times["mkdocs"] = time.perf_counter() - t0
    if site:
        t0 = time.perf_counter()
        search.index(fresh, site, langs=(lang,))
        times["search"] = time.perf_counter() - t0
    return {"timings": times, "pages": out.get("pages", 0)}


def _wanted_file(docs: Path, lang: str) -> Path:
    """Where a language process lists the files it generated, for the default one to sweep the rest."""
    return docs.parent / f".generated-{lang}.txt"


#: The corpus a forked language process inherits (a spawned one loads the records again).
_INHERITED: dict[str, Corpus] = {}


class _Collected(logging.Handler):
    """In a language process, MkDocs' warnings are kept for the parent's error message rather than
    printed by the child (a spawned child has no console logging; a forked one would interleave)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def _language_child(conn, root: Path, docs: Path, fresh: Path, lang: str, langs: list[str], day: dt.date, barrier,
                    pages: bool) -> None:
    collected = _Collected()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers[:] = [collected]
    mkdocs_log.propagate = False
    mkdocs_log.setLevel(logging.WARNING)

    def failed(message: str) -> str:
        return "\n".join([message, *collected.lines])

    parent = os.getppid()

    def watch_parent() -> None:  # the parent killed: do not wait at the barrier for ever
        while os.getppid() == parent:
            time.sleep(1)
        barrier.abort()
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        corpus = (_INHERITED.get("corpus") or check(root)) if pages else None
        conn.send(("ok", _language(root, corpus, docs, fresh, lang, langs, day, barrier)))
    except _Stopped:
        conn.send(("stopped", None))
    except KyyeuError as exc:
        barrier.abort()
        conn.send(("error", (failed(f"{exc} ({lang} pages)"), exc.problems)))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as one line
        barrier.abort()
        conn.send(("error", (failed(f"{lang}: {type(exc).__name__}: {exc}" if str(exc) else traceback.format_exc()), [])))
    finally:
        conn.close()


def _watch_children(children: list, barrier) -> threading.Event:
    """A child that dies (killed, out of memory) before it answers breaks the barrier, so that the
    parent stops waiting there; returns the event that ends the watch."""
    from multiprocessing.connection import wait

    done = threading.Event()

    def watch() -> None:
        alive = {proc.sentinel: proc for _, proc, _ in children}
        while alive and not done.is_set():
            for sentinel in wait(list(alive), timeout=0.5):
                proc = alive.pop(sentinel)
                if proc.exitcode != 0:
                    barrier.abort()

    threading.Thread(target=watch, name="kyyeu-children", daemon=True).start()
    return done


def build_languages(root: Path, corpus: Corpus | None, docs: Path, fresh: Path, day: dt.date) -> dict[str, dict]:
    """Every language end to end at once: the default one in this process, each other one in its own.
    corpus None: the pages are already in docs, each process runs only its language's MkDocs (`kyyeu
    serve`'s full rebuilds, which write citation files and index for search themselves).

    On 2 cores this keeps both busy through generate, MkDocs and Pagefind (one language each), where a
    single process would leave one idle. Processes are forked (modules and records are already loaded)
    when this process runs one thread, spawned otherwise (forking beside threads can deadlock).
    Raises KyyeuError with the first failure; returns language → {"timings", "pages"}.
    """
    from .incremental import languages

    langs = languages(root) or list(LANGS)
    default = langs[0]
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 else "spawn"
    ctx = multiprocessing.get_context(method)
    barrier = ctx.Barrier(len(langs))
    children = []
    _INHERITED["corpus"] = corpus
    try:
        for lang in langs[1:]:
            parent_end, child_end = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_language_child, args=(child_end, root, docs, fresh, lang, langs, day, barrier, corpus is not None),
                               daemon=True)
            proc.start()
            child_end.close()
            children.append((lang, proc, parent_end))
    finally:
        _INHERITED.clear()
    results: dict[str, dict] = {}
    errors: list[KyyeuError] = []
    watching = _watch_children(children, barrier)
    try:
        results[default] = _language(root, corpus, docs, fresh, default, langs, day, barrier)
    except _Stopped:
        pass
    except KyyeuError as exc:
        errors.append(exc)
    except Exception as exc:  # noqa: BLE001 - an OSError writing the site, …: one line, as the children's
        barrier.abort()
        errors.append(KyyeuError(f"{default}: {type(exc).__name__}: {exc}"))
    finally:
        watching.set()
        for lang, proc, conn in children:
            try:
                status, value = conn.recv()
            except EOFError:
                status, value = "error", (f"{lang}: the build process died (exit code {proc.exitcode})", [])
            proc.join()
            if status == "ok":
                results[lang] = value
            elif status == "error":
                errors.append(KyyeuError(*value))
    if errors:
        raise errors[0]
    from .incremental import merge_sitemaps

    merge_sitemaps(fresh, langs[1:])
    return results


def build(root: Path, site_dir: Path | None = None, work_dir: Path | None = None) -> BuildReport:
    """check → (per language, at once) generate → MkDocs → search index → swap into site_dir (default site/).

    work_dir (default .build/) holds the generated Markdown; tests and benchmarks pass their own
    work_dir and site_dir so that they never touch the repository's .build/ and site/. The stage
    timings are those of the slowest language at each stage ("generate" until every language's pages
    are written); `languages` holds each language's own.
    """
    root = root.resolve()
    report = BuildReport()
    staging = (work_dir or root / BUILD_DIR).resolve()
    t0 = time.perf_counter()
    corpus = check(root)
    report.time("load", t0)

    target = (site_dir or root / "site").resolve()
    fresh = target.parent / f".{target.name}-new"  # beside the target, so the swap is a rename
    t0 = time.perf_counter()
    try:
        results = build_languages(root, corpus, staging / "docs", fresh, today())
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)  # the last good site stays; no half-built one beside it
        raise
    report.languages = {lang: r["timings"] for lang, r in results.items()}
    report.pages = sum(r["pages"] for r in results.values())
    for stage in ("generate", "mkdocs", "search"):
        report.timings[stage] = max(t.get(stage, 0.0) + (t["wait"] if stage == "generate" else 0.0)
                                    for t in report.languages.values())
    t1 = time.perf_counter()
    _swap(fresh, target)
    report.timings["finish"] = time.perf_counter() - t1
    report.site = target
    return report
