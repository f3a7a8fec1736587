"""Stages per language: each language is built end to end in its own process, at the same time.

`build_languages` runs, for every language at once (the default one in this process, each other one in
a forked or spawned process): generate (`generate.generate_files`) → wait for every language's pages →
MkDocs (`mkdocs.build_language`) → citation files (`publish.write_site_files`) → the printed books and
papers' PDFs (`pdf.write`; their layout was computed by generate) → search index (`search.index`). A barrier holds the languages together where one needs the others' pages (MkDocs
checks links across languages); a language that fails or dies breaks the barrier, and the build raises
one KyyeuError. On 2 cores this keeps both busy (see PERFORMANCE.md).
"""
from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
import traceback
from pathlib import Path

from .. import importer  # noqa: F401 - the loader reads vi.docx / en.docx through the importer (a spawned process too)
from ..cite import stored
from ..errors import KyyeuError
from ..load import Corpus, check
from ..model import LANGS
from . import pdf, search
from .generate import generate_files, sweep
from .mkdocs import build_language, languages, naming_records, reported_as_one_line
from .publish import merge_sitemaps, write_site_files


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
    with naming_records(site.sources if site else {}), reported_as_one_line():
        build_language(root, docs, fresh, None if lang == default else lang)
    if site:
        write_site_files(fresh, site)
    times["mkdocs"] = time.perf_counter() - t0
    if site:
        pr = pdf.printer(docs.parent / "pdf", lang)
        t0 = time.perf_counter()
        made = pdf.write(site, fresh, docs.parent / "pdf")  # the books laid out by generate, and each paper's PDF
        times["pdf"] = time.perf_counter() - t0
        times["pdf_layout"] = pr.stats.get("layout_seconds", 0.0)  # inside generate
        out["pdf"] = made
        t0, cpu = time.perf_counter(), pdf.children_cpu()
        search.index(fresh, site, langs=(lang,), cache=docs.parent / "cache" / "search")
        times["search"] = time.perf_counter() - t0
        out["cpu"] = {"typst": pr.stats["cpu"], "pandoc": pr.stats["pandoc_cpu"], "pagefind": pdf.children_cpu() - cpu}
    return {"timings": times, "pages": out.get("pages", 0), "pdf": out.get("pdf", {}), "cpu": out.get("cpu", {})}


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
    langs = languages(root) or list(LANGS)
    default = langs[0]
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    # Typst's compiler runs its own (Rust) threads once used: a process forked after that can hang on
    # their locks, so a process that has loaded it (kyyeu serve, tests) spawns its language processes.
    method = ("fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
              and "typst" not in sys.modules else "spawn")
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
    merge_sitemaps(fresh, langs[1:])
    return results
