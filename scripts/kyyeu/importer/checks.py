"""Checks on the file given to import, all done before anything is written."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import KyyeuError

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  #: members smaller than this may compress as well as they like
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
KINDS = {".docx": "docx", ".doc": "doc", ".pdf": "pdf"}
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def kind_of(src: Path, shown: str) -> str:
    """The attachment kind of the file to import ("docx", "doc" or "pdf"), after checking its bytes."""
    if not src.is_file():
        raise KyyeuError(f"{shown}: no such file")
    kind = KINDS.get(src.suffix.lower())
    if kind is None:
        what = src.suffix or "file without extension"
        raise KyyeuError(f"{shown}: cannot import a {what}; expected .docx, .doc or .pdf")
    size = src.stat().st_size
    if size == 0:
        raise KyyeuError(f"{shown}: the file is empty (0 bytes)")
    if size > MAX_BYTES:
        raise KyyeuError(f"{shown}: the file is {size / 1048576:.1f} MB, larger than the 50 MB limit")
    with src.open("rb") as handle:
        head = handle.read(8)
    if kind == "pdf":
        if not head.startswith(b"%PDF-"):
            raise KyyeuError(f"{shown}: not a PDF file (it does not start with %PDF-)")
    elif kind == "doc":
        if head.startswith(ZIP_MAGIC):
            raise KyyeuError(f"{shown}: this is a .docx file named .doc; rename it to .docx")
        if not head.startswith(OLE_MAGIC):
            raise KyyeuError(f"{shown}: not a Word .doc file (no OLE compound-file header)")
    else:
        if head.startswith(OLE_MAGIC):
            if _ENCRYPTED in src.read_bytes():
                raise KyyeuError(
                    f"{shown}: the Word file is password-protected (encrypted); "
                    "remove the password in Word (File → Info → Protect Document) and save again"
                )
            raise KyyeuError(f"{shown}: this is an old binary Word file (.doc) named .docx; rename it to .doc")
        check_docx_zip(src, shown)
    return kind


def check_docx_zip(src: Path, shown: str) -> None:
    """A .docx must be a sound ZIP package with a Word main part and no zip-bomb members."""
    try:
        with zipfile.ZipFile(src) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise KyyeuError(f"{shown}: not a Word file (.docx is a ZIP package; this file is not one: {exc})") from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise KyyeuError(f"{shown}: not a Word file (the ZIP package has no word/document.xml)")
    if any(m.flag_bits & 0x1 for m in members):
        raise KyyeuError(f"{shown}: the ZIP package is encrypted")
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED:
        raise KyyeuError(
            f"{shown}: unpacks to {total / 1048576:.0f} MB, more than the 200 MB limit (possible zip bomb)"
        )
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise KyyeuError(
                f"{shown}: member {m.filename} expands {m.file_size // max(m.compress_size, 1)}:1, "
                f"more than {MAX_RATIO}:1 (possible zip bomb)"
            )
