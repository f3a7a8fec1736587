"""Typst, in processes of its own: the book's fonts, the compiler, the cache of compiled PDFs and their packing.

`pdf.py` (the build's stage) prepares each book's data and converts its texts; what runs Typst is here,
so that a Typst process (`_worker`, started by `_Job`) imports only this module, the errors and the file
helpers: not the records' model nor the site, which took a third of a second in each of the build's
Typst processes (24 at N = 1,000, 220 at N = 10,000). Nothing here reads a record.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .. import TEMPLATES
from ..errors import KyyeuError
from .files import replace_bytes

TEMPLATE = TEMPLATES / "book.typ"
LUA_FILTER = TEMPLATES / "book-images.lua"
#: pandoc's Markdown reader, with what must not pass into a printed book switched off: raw HTML, raw
#: Typst/TeX (authors could inject markup), citations (@user), math (no math font is shipped), and
#: automatic heading labels (duplicates across papers would clash).
PANDOC_FROM = "markdown-auto_identifiers-citations-raw_html-raw_attribute-raw_tex-tex_math_dollars-tex_math_single_backslash"
PANDOC_ARGS = ["--shift-heading-level-by=2", "--wrap=preserve"]


class _Failed(KyyeuError):
    pass


# --- fonts ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder of the Noto Serif files in the fontpkg-noto-serif wheel (OFL-1.1, licence beside them)."""
    import fontpkg_noto_serif

    return Path(fontpkg_noto_serif.ROOT) / "files"


@lru_cache(maxsize=1)
def fonts():
    """Only Noto Serif: no system fonts and not Typst's embedded ones, so nothing can fall back silently."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(font_dir())])


@lru_cache(maxsize=1)
def _versions() -> str:
    """What changes the output besides the inputs: Typst, pandoc, the font, pikepdf (qpdf, which `pack` runs),
    the template and the filter."""
    from importlib.metadata import version

    parts = [version("typst"), version("pypandoc-binary"), version("fontpkg-noto-serif"), version("pikepdf"),
             hashlib.sha256(TEMPLATE.read_bytes()).hexdigest(), hashlib.sha256(LUA_FILTER.read_bytes()).hexdigest(),
             PANDOC_FROM, *PANDOC_ARGS]
    return "\n".join(parts)


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


# --- compiling ------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _bare_image(typ: Path) -> bool:
    """Whether a converted text prints an image without a description (its name is its content's hash,
    so the answer never changes)."""
    return 'alt: ""' in typ.read_text(encoding="utf-8")


def archival_profile(payload: str, work: Path) -> list[str]:
    """The archival profile a PDF declares, which Typst checks as it writes the file: PDF/A-2a (archival
    and tagged) when every image it prints has a description, else PDF/A-2b (archival; Typst refuses 2a
    for an image without one, and a picture in a Word file may come without). payload: the PDF's data as
    JSON, which names the converted texts it prints."""
    texts = set(re.findall(r'"(/typ/[0-9a-f]+\.typ)"', payload))
    return ["a-2b"] if any(_bare_image(work / t.lstrip("/")) for t in texts) else ["a-2a"]


def pack(pdf: bytes) -> bytes:
    """The PDF Typst wrote, its small objects (the tag tree, page and font dictionaries, links) packed into
    compressed object streams by qpdf (pikepdf): a book about 40 % smaller, a paper's PDF 20 %. PDF/A-2
    allows object streams (PDF/A-1 did not); every stream, the XMP metadata among them, keeps Typst's
    bytes. The file's ID keeps its first half (the document's ID, also in the XMP); qpdf renews the second,
    as the PDF format asks of a rewritten file, from the content (deterministic_id): the same input gives
    the same bytes."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True,
                 fix_metadata_version=False)  # True rewrites Typst's XMP
    return out.getvalue()


class Printer:
    """One language's book builder: its work folder (the Typst root), its compiler and what it owns."""

    def __init__(self, work: Path, lang: str):
        self.work, self.lang = work / lang, lang
        self.work.mkdir(parents=True, exist_ok=True)
        if not (self.work / "book.typ").is_file() or (self.work / "book.typ").read_bytes() != TEMPLATE.read_bytes():
            shutil.copyfile(TEMPLATE, self.work / "book.typ")
        self.owner: dict[str, str] = {}  #: a converted file's path → the record file it comes from
        self._compiler = None
        self.begin()

    def begin(self) -> None:
        """A new build (the Printer lives as long as its process): nothing used or counted yet."""
        self.used: set[str] = set()  #: cache files this build used (the rest are pruned)
        #: this build's PDFs compiled and taken from the cache, Typst's seconds, and the CPU seconds of the
        #: Typst and pandoc processes (`kyyeu bench`)
        self.stats = {"compiled": 0, "cached": 0, "seconds": 0.0, "cpu": 0.0, "pandoc_cpu": 0.0}

    def compiler(self):
        import typst

        if self._compiler is None:
            self._compiler = typst.Compiler(input=str(self.work / "book.typ"), root=str(self.work), font_paths=fonts())
        return self._compiler

    def _explain(self, exc: Exception, where: str) -> KyyeuError:
        message = getattr(exc, "message", None) or str(exc)
        detail = " ".join(str(x) for x in (getattr(exc, "diagnostic", ""), getattr(exc, "trace", ""), message))
        for path, file in self.owner.items():
            if path.lstrip("/") in detail:
                where = file
                break
        if "/missing/" in message:
            message = "an image cannot be read: " + message
        message = " ".join(message.split())
        return _Failed(f"{where}: the printed book could not be made: {message}")

    def key(self, data: dict, mode: str) -> tuple[str, str, list[str]]:
        """(the cache key of data printed in mode, the data as JSON, the archival profile it declares)."""
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
        standards = archival_profile(payload, self.work)
        return _sha(_versions(), mode, payload, *standards), payload, standards

    def cached(self, key: str) -> Path:
        return self.work / "out" / f"{key}.pdf"

    def compile(self, data: dict, mode: str, where: str, force: bool = False) -> str:
        """Print data in mode into the cache (`cached(key)`) unless it is there (force: compile anyway, e.g.
        to query the compiled document); returns its key."""
        import typst

        key, payload, standards = self.key(data, mode)
        cached = self.cached(key)
        self.used.add(cached.name)
        if cached.is_file() and not force:
            self.stats["cached"] += 1
            return key
        data_file = self.work / "data" / f"{key}.json"  # kept until pruned: a query after the compile reads it
        self.used.add(data_file.name)
        data_file.parent.mkdir(parents=True, exist_ok=True)
        data_file.write_text(payload, encoding="utf-8")
        y, m, d = data["date"]
        t0 = time.perf_counter()
        try:
            pdf, warnings = self.compiler().compile_with_warnings(
                format="pdf", sys_inputs={"data": f"/data/{key}.json", "mode": mode}, pdf_standards=standards,
                timestamp=dt.datetime(y, m, d, tzinfo=dt.timezone.utc))
        except typst.TypstError as exc:
            raise self._explain(exc, where) from None
        if warnings:
            raise self._explain(warnings[0], where)
        pdf = pack(pdf)
        self.stats["compiled"] += 1
        self.stats["seconds"] += time.perf_counter() - t0
        cached.parent.mkdir(parents=True, exist_ok=True)
        replace_bytes(cached, pdf)  # a new file: the site's hard link to the old one (see pdf._put) keeps it whole
        return key

    def query(self, label: str) -> list:
        return json.loads(self.compiler().query(label, field="value", one=True))

    def prune(self) -> None:
        """Forget cached PDFs and layouts this build did not use (older versions of changed records)."""
        for folder in ("out", "layout", "data"):
            for f in (self.work / folder).glob("*") if (self.work / folder).is_dir() else []:
                if f.name not in self.used:
                    f.unlink()


_PRINTERS: dict[tuple[Path, str], Printer] = {}


def printer(work: Path, lang: str) -> Printer:
    """The Printer of a work folder and language (one per process: its compiler keeps Typst's caches warm)."""
    key = (work.resolve(), lang)
    if key not in _PRINTERS:
        _PRINTERS[key] = Printer(work, lang)
    return _PRINTERS[key]


# --- Typst processes -------------------------------------------------------------------------------------
#
# Typst keeps what it computed (its memo cache) for the life of the process, and the binding has no way to
# empty it: a 380-page book leaves about 400 MB behind, so ten books compiled in one process held 4 GB, and a
# corpus that grows every year would have run out of memory. Every compile of the build therefore runs in a
# short-lived process of its own (`python -c`, not multiprocessing: the languages' processes are daemonic
# and may not have children of that kind): one per book, one per batch of paper PDFs, one at a time per
# language. The build's own process only converts the texts (pandoc) and reads the results.

_PAPERS_PER_PROCESS = 1000  #: paper PDFs compiled by one process (each leaves ~0.1 MB in Typst's cache)
#: Paper-PDF processes run at once by one language. A paper compiles on one thread (a book on about two),
#: and the languages do not finish together: the Vietnamese process is done while the English one still
#: prints its papers, whose batches then take both cores instead of one.
_PAPER_PROCESSES = min(2, os.cpu_count() or 1)


def _waves(todo: list) -> list[list[list]]:
    """The paper PDFs to compile, as waves of at most _PAPER_PROCESSES batches (run at once, one process
    each) of at most _PAPERS_PER_PROCESS papers, the batches of a wave of equal size."""
    if not todo:
        return []
    size = min(_PAPERS_PER_PROCESS, -(-len(todo) // _PAPER_PROCESSES))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    return [batches[i:i + _PAPER_PROCESSES] for i in range(0, len(batches), _PAPER_PROCESSES)]


class _Job:
    """A compile running in its own process: a book (compiled, then its layout read) or a batch of papers."""

    def __init__(self, pr: Printer, mode: str, items: list[tuple[dict, str]]):
        self.pr, self.where, self.count = pr, items[0][1], len(items)
        spec = {"work": str(pr.work.parent), "lang": pr.lang, "mode": mode, "items": items, "owner": pr.owner}
        fd, name = tempfile.mkstemp(prefix="kyyeu-typst-", suffix=".json")
        with open(fd, "w", encoding="utf-8") as f:
            json.dump(spec, f, ensure_ascii=False)
        self.spec = Path(name)  # the worker deletes it once read; `stop` if it never was
        package_root = str(Path(__file__).resolve().parents[2])  # the folder holding kyyeu/, whatever installed it
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-c", "from kyyeu.build.typeset import _worker; _worker()", name],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def result(self) -> dict:
        """Wait for it: {"book": layout (book mode), "seconds", "cpu"}, counted in the Printer's stats; raises the
        worker's one-line error naming the record, or says that the process stopped."""
        out, err = self.proc.communicate()
        try:
            answer = json.loads(out.decode("utf-8"))
        except ValueError:
            tail = " ".join(err.decode("utf-8", "replace").split())[-300:]
            raise _Failed(f"{self.where}: the printed book could not be made: its Typst process stopped "
                          f"(exit code {self.proc.returncode}{'; ' + tail if tail else ''})") from None
        if "error" in answer:
            raise _Failed(answer["error"])
        self.pr.stats["compiled"] += self.count
        self.pr.stats["seconds"] += answer["seconds"]
        self.pr.stats["cpu"] += answer.get("cpu", 0.0)
        return answer

    def stop(self) -> None:
        """End the process if it still runs (the wait for it was interrupted) and leave no job file behind."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()
        self.spec.unlink(missing_ok=True)


def _worker() -> None:
    """The Typst process: read the job (sys.argv[1]) and delete it, compile, print one JSON answer."""
    job = Path(sys.argv[1])
    spec = json.loads(job.read_text(encoding="utf-8"))
    job.unlink()
    pr = Printer(Path(spec["work"]), spec["lang"])
    pr.owner = spec["owner"]
    try:
        answer: dict = {}
        for data, where in spec["items"]:
            if spec["mode"] == "book":
                key = pr.compile(data, "book", where, force=True)
                book = {"pages": {p["id"]: p for p in pr.query("<pages>")}, "heads": pr.query("<heads>")}
                stored = pr.work / "layout" / f"{key}.json"
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
                answer["book"] = book
            else:
                pr.compile(data, spec["mode"], where)
        answer["seconds"] = pr.stats["seconds"]
        use = resource.getrusage(resource.RUSAGE_SELF)
        answer["cpu"] = use.ru_utime + use.ru_stime  # the whole process, its start included
    except KyyeuError as exc:
        answer = {"error": str(exc)}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
