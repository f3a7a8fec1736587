"""The `kyyeu serve` session: the build's own stage functions, re-run on what changed.

After an editor saves one file, `Session.rebuild` loads the records again (records whose file did not
change are not parsed again: `_RecordCache`), regenerates the Markdown (`build.generate.generate`:
only what changed is written), then runs MkDocs: in place on the changed pages only (`build.mkdocs.
build_dirty`), or, when pages appeared or disappeared or the theme changed, every language in its own
process as `kyyeu build` does (`build.languages.build_languages`). Citation files are written straight
into the site (`build.publish.write_site_files`); the search index (`build.search.index`) is rebuilt in
a background thread after the page has reloaded (a search made in the seconds after a save may find the
text as it was). So are the printed books and papers' PDFs (`build.pdf`): the pages are generated with
the page numbers of the last book laid out, and when the new book moves a paper's pages, the thread
runs one more rebuild so that the pages and citations show the new numbers.
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..build import pdf, search
from ..build.generate import generate, today
from ..build.languages import build_languages
from ..build.mkdocs import build_dirty
from ..build.publish import write_site_files
from ..load import check
from ..site import TEMPLATES

log = logging.getLogger("kyyeu")


@dataclass
class _Cached:
    stamp: tuple[int, int]
    result: tuple


class _RecordCache:
    """Parsed records by file: a file whose size and mtime did not change is not parsed again.

    Wraps load._load_yaml while a Session loads; a file that gave problems is never cached, so every
    problem is reported again on every rebuild.
    """

    def __init__(self) -> None:
        self.entries: dict[Path, _Cached] = {}
        self.hits = self.misses = 0

    @contextlib.contextmanager
    def installed(self):
        from .. import load as loader

        original = loader._load_yaml

        def cached(path, kind, papers, col):
            st = os.stat(path)
            stamp = (st.st_mtime_ns, st.st_size)
            hit = self.entries.get(path)
            if hit and hit.stamp == stamp:
                self.hits += 1
                return hit.result
            self.misses += 1
            before = len(col.problems)
            result = original(path, kind, papers, col)
            if result[0] is not None and len(col.problems) == before:
                self.entries[path] = _Cached(stamp, result)
            else:
                self.entries.pop(path, None)
            return result

        loader._load_yaml = cached
        try:
            yield
        finally:
            loader._load_yaml = original


def _snapshot(folder: Path) -> dict[str, int]:
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, folder)] = os.stat(path).st_mtime_ns
    return out


@dataclass
class Rebuild:
    """What one rebuild did."""

    kind: str  #: "full" or "dirty"
    changed: list[str] = field(default_factory=list)  #: files written: pages (docs paths), citation files (site paths)
    timings: dict[str, float] = field(default_factory=dict)
    reason: str = ""  #: why a full build was needed: a key of kyyeu/messages.py ("serve.reason.…"), "" for a dirty rebuild


class Session:
    """Builds root into site_dir once, then rebuilds only what a change needs.

    A dirty rebuild is used when only existing generated files changed (pages, and the files MkDocs
    copies, such as a survey's CSV and the feeds; citation files are written straight into the site);
    a full build (as `kyyeu build`, but in place) when files appeared or disappeared, or when the
    theme, the page templates or mkdocs.yml changed. The search index follows in the background.
    """

    def __init__(self, root: Path, site_dir: Path, work_dir: Path, search: bool = True):
        self.root, self.site_dir, self.work_dir = Path(root).resolve(), Path(site_dir).resolve(), Path(work_dir).resolve()
        self.docs = self.work_dir / "docs"
        self.search = search
        self.cache = _RecordCache()
        self.built = False
        self.failed_partway = False  #: the last rebuild failed after writing part of the site
        self._checked = False
        self._theme_stamp: dict[str, int] = {}
        self._search_thread: threading.Thread | None = None
        self._search_lock = threading.Lock()
        self._search_pending = False
        self._search_site = None
        self.search_seconds: float | None = None  #: how long the last search index took
        self._pdf_thread: threading.Thread | None = None
        self._pdf_pending = False
        self._pdf_corpus = None
        self._rebuild_lock = threading.RLock()  # the PDF thread's follow-up rebuild and the server's never overlap
        self.pdf_seconds: float | None = None  #: how long the last PDF build took
        self.pdf_error: str | None = None  #: why the last PDF build failed (the pages are served all the same)

    def _theme_state(self) -> dict[str, int]:
        state = {}
        for name in ("mkdocs.yml", "overrides"):
            path = self.root / name
            if path.is_file():
                state[name] = path.stat().st_mtime_ns
            elif path.is_dir():
                state.update({f"{name}/{k}": v for k, v in _snapshot(path).items()})
        templates = TEMPLATES
        state.update({f"templates/{k}": v for k, v in _snapshot(templates).items()})
        return state

    def rebuild(self) -> Rebuild:
        """Bring site_dir up to date with the sources; raises KyyeuError on a problem.

        A problem found while checking the records leaves site_dir as it was (nothing is written
        before the check passes; every rebuild checks again, so the problem is reported until it is
        fixed), and the rebuild after the fix is the one the change needs. A failure after the check
        (MkDocs, a file) may leave site_dir half written: the next rebuild is then a full one.
        """
        with self._rebuild_lock:
            self._checked = False
            try:
                return self._rebuild()
            except BaseException:
                if self._checked:
                    self.failed_partway = self.built
                raise

    def _rebuild(self) -> Rebuild:
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        with self.cache.installed():
            corpus = check(self.root)
        self._checked = True
        timings["load"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        theme = self._theme_state()
        if theme != self._theme_stamp:
            from ..views.common import environment

            environment.cache_clear()  # page templates are read once per environment: read the new ones
        before = _snapshot(self.docs) if self.docs.is_dir() else {}
        site, _ = generate(self.root, corpus, self.docs, today(), books=False)  # PDFs: in the background
        after = _snapshot(self.docs)
        changed = sorted(k for k, v in after.items() if before.get(k) != v)
        timings["generate"] = time.perf_counter() - t0

        reason = ""
        if not self.built:
            reason = "serve.reason.first"
        elif self.failed_partway:
            reason = "serve.reason.failed"
        elif not self.site_dir.is_dir():
            reason = "serve.reason.missing"
        elif set(before) != set(after):
            reason = "serve.reason.pages"
        elif theme != self._theme_stamp:
            reason = "serve.reason.theme"

        t0 = time.perf_counter()
        if reason:
            self._wait_search()  # a full build replaces site_dir, the folder the index is written into
            build_languages(self.root, None, self.docs, self.site_dir, today())  # MkDocs, a process per language
        elif changed:
            build_dirty(self.root, self.docs, self.site_dir)
        changed += write_site_files(self.site_dir, site)  # citation files: not through MkDocs
        timings["mkdocs"] = time.perf_counter() - t0
        self._theme_stamp = theme
        self.built = True
        self.failed_partway = False
        if self.search and (reason or changed):
            self._start_search(site)
        self._start_pdf(corpus)
        return Rebuild("full" if reason else "dirty", changed, timings, reason)

    def _start_search(self, site) -> None:
        """Index the site in a background thread; a request while one runs makes it run once more after."""
        with self._search_lock:
            self._search_site = site
            if self._search_thread is not None and self._search_thread.is_alive():
                self._search_pending = True
                return
            self._search_pending = False

        def run() -> None:
            while True:
                with self._search_lock:
                    site_now = self._search_site
                t0 = time.perf_counter()
                try:
                    search.index(self.site_dir, site_now)
                    self.search_seconds = time.perf_counter() - t0
                    log.info("search index rebuilt in %.1f s", self.search_seconds)
                except Exception as exc:  # noqa: BLE001 - the pages are served; search waits for the next change
                    log.warning("search index not rebuilt: %s", exc)
                with self._search_lock:
                    if not self._search_pending:
                        return
                    self._search_pending = False

        self._search_thread = threading.Thread(target=run, name="kyyeu-search", daemon=True)
        self._search_thread.start()

    def _start_pdf(self, corpus) -> None:
        """Lay out and write the books and papers' PDFs in a background thread (cached by input hash, so
        an unchanged volume costs nothing); rebuild once more when a paper's pages moved."""
        with self._search_lock:
            self._pdf_corpus = corpus  # the thread always lays out the newest records
            if self._pdf_thread is not None and self._pdf_thread.is_alive():
                self._pdf_pending = True
                return
            self._pdf_pending = False

        def run() -> None:
            from ..site import Site

            while True:
                with self._search_lock:
                    corpus = self._pdf_corpus
                t0 = time.perf_counter()
                work = self.docs.parent / "pdf"
                try:
                    old = {lang: {v: b.get("pages") for v, b in books.items()} for lang, books in
                           pdf.layout(Site(corpus, today()), work, compile=False).items()}
                    site = Site(corpus, today())
                    pdf.layout(site, work)
                    pdf.write(site, self.site_dir, work)
                    self.pdf_seconds, self.pdf_error = time.perf_counter() - t0, None
                    log.info("PDFs rebuilt in %.1f s", self.pdf_seconds)
                    if {lang: {v: b.get("pages") for v, b in books.items()} for lang, books in site.books.items()} != old:
                        self.rebuild()  # page numbers moved: the pages and citations show the new ones
                except Exception as exc:  # noqa: BLE001 - the pages are served; the PDFs wait for the next change
                    self.pdf_error = str(exc)
                    log.warning("PDFs not rebuilt: %s", exc)
                with self._search_lock:
                    if not self._pdf_pending:
                        return
                    self._pdf_pending = False

        self._pdf_thread = threading.Thread(target=run, name="kyyeu-pdf", daemon=True)
        self._pdf_thread.start()

    def _wait_search(self) -> None:
        if self._search_thread is not None:
            self._search_thread.join()

    def close(self) -> None:
        """Wait for a search index and PDFs still being written."""
        while self._search_thread is not None and self._search_thread.is_alive():
            self._wait_search()
        while self._pdf_thread is not None and self._pdf_thread.is_alive():
            self._pdf_thread.join()
