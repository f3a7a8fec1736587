"""The build: check → (per language, at once) generate → MkDocs → search index → publish into site/.

Each stage is a module of this package, in the order the pipeline runs it:

    kyyeu.load.check     load and validate papers/ (the model: kyyeu.model)
    generate.py          records → Markdown pages with front matter in .build/docs (views, templates)
    mkdocs.py            MkDocs + Material + i18n on those pages, one language per call
    pdf.py               the printed kỷ yếu: a Typst book per volume and language, a PDF per paper with a text
    typeset.py           (pdf.py's) Typst in processes of its own: fonts, compiler, cache of PDFs, packing
    search.py            the Pagefind index of the built pages
    publish.py           citation files, sitemaps merged, the finished site swapped into site/
    languages.py         runs generate → MkDocs → search for every language at once, a process each

Each stage is timed, so that `kyyeu bench` can report where the time goes. A failure at any stage
leaves the last good site/ untouched: the new site is built beside it and swapped in.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..load import check
from .generate import today
from .languages import build_languages
from .publish import swap

BUILD_DIR = ".build"


@dataclass
class BuildReport:
    """What a build did and how long each stage took."""

    timings: dict[str, float] = field(default_factory=dict)  #: stage → seconds
    pages: int = 0  #: generated Markdown pages (both languages)
    languages: dict[str, dict[str, float]] = field(default_factory=dict)  #: language → its own stage timings
    pdf: dict[str, dict] = field(default_factory=dict)  #: language → PDFs written: {books, papers, book_bytes, paper_bytes}
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)  #: language → CPU seconds of its Typst, pandoc, Pagefind processes
    site: Path | None = None  #: the finished site folder

    def time(self, stage: str, started: float) -> None:
        """Record a stage's duration."""
        self.timings[stage] = time.perf_counter() - started


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
    report.pdf = {lang: r.get("pdf", {}) for lang, r in results.items()}
    report.cpu = {lang: r.get("cpu", {}) for lang, r in results.items()}
    for stage in ("generate", "mkdocs", "pdf", "search"):
        report.timings[stage] = max(t.get(stage, 0.0) + (t["wait"] if stage == "generate" else 0.0)
                                    for t in report.languages.values())
    t1 = time.perf_counter()
    swap(fresh, target)
    report.timings["finish"] = time.perf_counter() - t1
    report.site = target
    return report
