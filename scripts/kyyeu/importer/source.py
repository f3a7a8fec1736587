"""A Word file as a record's full text: papers/…/<record>/vi.docx or en.docx, read by every build.

The build reads it through the same conversion as `kyyeu import` (`core.markdown_of`), so an editor can
add a full text by uploading a Word file, and the page is the one `kyyeu import` + build would give.
The result is cached in .build/cache/word/ by the file's SHA-256 (and the importer's own code, the
record's kind and title, the images already in the folder): the same file gives the same text, byte for byte.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

from .. import load
from ..errors import KyyeuError, rel
from ..messages import t
from . import checks, docx2md
from .core import markdown_of
from .report import ImportReport

CACHE = Path(".build") / "cache" / "word"


@lru_cache(maxsize=1)
def _code_version() -> str:
    """A digest of the importer's code: a changed converter never reuses an old conversion."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def _media_listing(folder: Path) -> str:
    """The images already in the record's media/ folder (the conversion numbers its own after them)."""
    media = folder / "media"
    return "\n".join(f"{p.name}:{p.stat().st_size}" for p in sorted(media.glob("image-*.*"))) if media.is_dir() else ""


def read_word(path: Path, root: Path, is_document: bool, title: str | None) -> tuple[str, dict[str, bytes]]:
    """(Markdown text, images by path relative to the record) of a record's Word full text.
    Raises KyyeuError (without the file's name, which the caller gives) when it cannot be read."""
    shown = rel(path, root)
    try:
        checks.check_docx_zip(path, shown)
    except KyyeuError as exc:
        raise KyyeuError(str(exc).removeprefix(f"{shown}: ")) from None
    digest = load.sha256_of(path)
    key = hashlib.sha256("\n".join([
        _code_version(), digest, str(is_document), title or "", _media_listing(path.parent),
    ]).encode()).hexdigest()
    cached = root / CACHE / f"{key}.json"
    if cached.is_file():
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            return data["markdown"], {name: base64.b64decode(blob) for name, blob in data["images"]}
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache entry is converted again
    try:
        conversion = docx2md.convert(path, path.parent / "media")
    except Exception as exc:  # python-docx and lxml raise many kinds for damaged files
        raise KyyeuError(t("import.unreadable_here", detail=f"{type(exc).__name__}: {exc}")) from None
    report = ImportReport(shown, "docx", path.stem, path.name, digest, "")
    markdown = unicodedata.normalize("NFC", markdown_of(conversion, report, is_document, title))
    images = dict(conversion.images)
    cached.parent.mkdir(parents=True, exist_ok=True)
    temp = cached.with_suffix(f".{os.getpid()}.tmp")  # two language processes may convert at once
    temp.write_text(json.dumps({
        "markdown": markdown, "images": [[name, base64.b64encode(blob).decode()] for name, blob in sorted(images.items())],
    }, ensure_ascii=False), encoding="utf-8")
    temp.replace(cached)
    return markdown, images


def register() -> None:
    """Let kyyeu.load read vi.docx / en.docx as full texts."""
    load.WORD_READER = read_word


register()
