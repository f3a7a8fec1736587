"""Remembered results of the slow part of citations: formatted references and citation files.

Rendering is the slow part of generating pages (citeproc-py, bibtexparser's writer): results are kept
by what made them, during a build in a Store on disk (so that a build only redoes the records that
changed since the last one), otherwise in this process's memory (so that `kyyeu serve` rebuilds only
redo the records that changed; unbounded: a bounded cache smaller than the corpus would redo them all).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .formats import format_reference, to_bibtex, to_csl_json, to_ris

_MEMORY: dict[tuple, Any] = {}


def _remembered(key: tuple, make):
    """The result made by make() for key: from the open Store, else from this process's memory."""
    if _STORE:
        return _STORE.get(key, make)
    if key not in _MEMORY:
        _MEMORY[key] = make()
    return _MEMORY[key]


def citation_files(items_json: str) -> dict[str, bytes]:
    def make() -> dict[str, str]:
        items = json.loads(items_json)
        return {"bib": to_bibtex(items), "ris": to_ris(items), "json": to_csl_json(items)}

    return {ext: text.encode("utf-8") for ext, text in _remembered(("files", items_json), make).items()}


def _reference(item_json: str, style: str, lang: str) -> str:
    return _remembered(("reference", style, lang, item_json),
                       lambda: format_reference(json.loads(item_json), style, lang, "html"))


@lru_cache(maxsize=1)
def _renderer_version() -> str:
    """What the stored results depend on besides the items: kyyeu.cite's code and styles, the libraries."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    # the whole package: it decides what each stored result holds (the files' formats, the "html" format)
    for path in sorted([*package.rglob("*.py"), *(package.parent / "data" / "csl").glob("*")]):
        digest.update(str(path.relative_to(package.parent)).encode() + b"\0" + path.read_bytes())
    for dist in ("citeproc-py", "bibtexparser", "rispy", "pylatexenc", "lxml"):
        digest.update(f"{dist}={version(dist)}".encode())
    return digest.hexdigest()


class Store:
    """Formatted references and citation files of earlier builds, kept in one JSON file.

    A result is found by the hash of what made it (the item's CSL-JSON, the style, the language); the
    file is thrown away whole when kyyeu.cite's code, its styles or the libraries change. `save` keeps
    only the results this build used, so the file does not grow with deleted or edited records.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.version = _renderer_version()
        self.found: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.hits = self.misses = 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("version") == self.version and isinstance(data.get("results"), dict):
            self.found = data["results"]

    def get(self, key: tuple, make):
        digest = hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()
        if digest in self.found:
            self.hits += 1
            value = self.found[digest]
        else:
            self.misses += 1
            value = make()
        self.used[digest] = value
        return value

    def save(self) -> None:
        """Write the results used since this store was opened (atomically: write beside, rename), streamed
        by `json.dump`: the whole file as one string (`json.dumps`) was 0.12 GB at N = 10,000, and took
        0.5 GB of memory while it was made and written (PERFORMANCE.md). The same bytes either way."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_name(self.path.name + ".part")
        with part.open("w", encoding="utf-8") as out:
            json.dump({"version": self.version, "results": self.used}, out, ensure_ascii=False)
        part.replace(self.path)


_STORE: Store | None = None


@contextlib.contextmanager
def stored(path: Path):
    """While generating, take formatted references and citation files from (and keep them in) path."""
    global _STORE
    previous, _STORE = _STORE, Store(path)
    try:
        yield _STORE
        _STORE.save()
    finally:
        _STORE = previous


def reference(item: dict, style: str, lang: str) -> str:
    """A formatted reference (HTML) of a CSL item: style "apa" or "vn", words in the page language."""
    return _reference(json.dumps(item, ensure_ascii=False, sort_keys=True), style, lang)
