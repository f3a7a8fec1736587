"""Checks on the file given to import, all done before anything is written."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import KyyeuError
from ..messages import t

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
        raise KyyeuError(t("import.no_file", file=shown))
    kind = KINDS.get(src.suffix.lower())
    if kind is None:
        what = src.suffix or t("import.no_extension")
        raise KyyeuError(t("import.bad_kind", file=shown, what=what))
    size = src.stat().st_size
    if size == 0:
        raise KyyeuError(t("import.empty", file=shown))
    if size > MAX_BYTES:
        raise KyyeuError(t("import.too_large", file=shown, size=f"{size / 1048576:.1f}"))
    with src.open("rb") as handle:
        head = handle.read(8)
    if kind == "pdf":
        if not head.startswith(b"%PDF-"):
            raise KyyeuError(t("import.not_pdf", file=shown))
    elif kind == "doc":
        if head.startswith(ZIP_MAGIC):
            raise KyyeuError(t("import.docx_named_doc", file=shown))
        if not head.startswith(OLE_MAGIC):
            raise KyyeuError(t("import.not_doc", file=shown))
    else:
        if head.startswith(OLE_MAGIC):
            if _ENCRYPTED in src.read_bytes():
                raise KyyeuError(t("import.encrypted", file=shown))
            raise KyyeuError(t("import.doc_named_docx", file=shown))
        check_docx_zip(src, shown)
    return kind


def check_docx_zip(src: Path, shown: str) -> None:
    """A .docx must be a sound ZIP package with a Word main part and no zip-bomb members."""
    try:
        with zipfile.ZipFile(src) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise KyyeuError(t("import.not_zip", file=shown, detail=exc)) from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise KyyeuError(t("import.no_document_xml", file=shown))
    if any(m.flag_bits & 0x1 for m in members):
        raise KyyeuError(t("import.zip_encrypted", file=shown))
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED:
        raise KyyeuError(t("import.zip_too_big", file=shown, size=f"{total / 1048576:.0f}"))
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise KyyeuError(t("import.zip_ratio", file=shown, member=m.filename,
                               ratio=m.file_size // max(m.compress_size, 1), limit=MAX_RATIO))
