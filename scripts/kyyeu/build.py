"""The build pipeline: check → generate Markdown → MkDocs → post-build files → swap into site/.

Each stage is a function, timed, so that `kyyeu bench` can report where the time goes. A failure at
any stage leaves the last good site/ untouched: the new site is built in .build/ and swapped in.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path


from . import handwritten
from .incremental import mkdocs_parallel
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


def generate(root: Path, corpus: Corpus, out: Path, day: dt.date | None = None) -> tuple[Site, int]:
    """Write the hand-written docs/ and every generated page and file into out; returns (site, page count)."""
    site = Site(corpus, day or today())
    wanted: set[Path] = set()

    def put(rel_path: str, data: bytes) -> None:
        path = out / rel_path
        wanted.add(path)
        _write_if_changed(path, data)

    if (root / "docs").is_dir():
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
    for entry in [*corpus.papers, *corpus.documents.values()]:
        for att in entry.record.attachments:
            put(page_dir(entry) + att.file, (entry.folder / att.file).read_bytes())
    put("records.json", records_json(site))
    # Remove what an earlier run generated and this one did not (a deleted record's pages).
    for path in sorted(out.rglob("*"), reverse=True) if out.is_dir() else []:
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return site, count


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


def build(root: Path, site_dir: Path | None = None, work_dir: Path | None = None) -> BuildReport:
    """check → generate → mkdocs → search index → swap into site_dir (default site/).

    work_dir (default .build/) holds the generated Markdown; tests and benchmarks pass their own
    work_dir and site_dir so that they never touch the repository's .build/ and site/.
    """
    from . import search

    root = root.resolve()
    report = BuildReport()
    staging = (work_dir or root / BUILD_DIR).resolve()
    t0 = time.perf_counter()
    corpus = check(root)
    report.time("load", t0)

    t0 = time.perf_counter()
    site, report.pages = generate(root, corpus, staging / "docs")
    report.time("generate", t0)

    t0 = time.perf_counter()
    target = (site_dir or root / "site").resolve()
    fresh = target.parent / f".{target.name}-new"  # beside the target, so the swap is a rename
    shutil.rmtree(fresh, ignore_errors=True)
    with _naming_records(site.sources):
        mkdocs_parallel(root, staging / "docs", fresh)  # one process per language: both cores busy
    report.time("mkdocs", t0)

    t0 = time.perf_counter()
    search.index(fresh, site)
    report.time("search", t0)

    _swap(fresh, target)
    report.site = target
    return report
