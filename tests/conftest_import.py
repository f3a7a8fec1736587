"""Helpers for the `kyyeu import` tests: record folders, Word files built with python-docx, the CLI."""
from __future__ import annotations

import argparse
import struct
import zlib
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

import kyyeu.importer

PAPER_YML = """\
# yaml-language-server: $schema=../../schemas/paper.schema.json
id: bao-cao
# Tên bài viết, hai thứ tiếng (title in both languages)
title:
  vi: Báo cáo tổng kết
  en: Annual report
"""

DOCUMENT_YML = """\
# yaml-language-server: $schema=../../schemas/document.schema.json
id: luat-an-ninh-mang
# Văn bản chỉ đạo (guiding document)
title:
  vi: Luật An ninh mạng
"""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_record(root: Path, kind: str = "paper") -> Path:
    """A record folder under root/papers with a minimal paper.yml or document.yml."""
    if kind == "paper":
        folder = root / "papers" / "hoi-thao-2023" / "bao-cao"
        folder.mkdir(parents=True)
        (folder / "paper.yml").write_text(PAPER_YML, encoding="utf-8")
    else:
        folder = root / "papers" / "documents" / "luat-an-ninh-mang"
        folder.mkdir(parents=True)
        (folder / "document.yml").write_text(DOCUMENT_YML, encoding="utf-8")
    return folder


def cli(*argv: str) -> int:
    """Run `kyyeu import ARGV` through a small argparse with the importer's subcommand; give the exit code."""
    parser = argparse.ArgumentParser(prog="kyyeu")
    kyyeu.importer.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["import", *argv])
    return args.func(args)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to show nothing was written."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def png(width: int = 2, height: int = 1) -> bytes:
    """A tiny valid grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        """One PNG chunk with its length and CRC."""
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def set_default_font(document, font: str) -> None:
    """Make `font` the document default font (w:docDefaults), as old Word templates did."""
    rfonts = document.styles.element.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr/{{{W_NS}}}rFonts")
    for attr in ("asciiTheme", "hAnsiTheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    rfonts.set(qn("w:ascii"), font)
    rfonts.set(qn("w:hAnsi"), font)


def add_footnotes(document, notes: list[str]) -> None:
    """Give the document a footnotes part with these notes, ids 1.. (python-docx cannot write notes)."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, 1)
    )
    xml = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0">'
        "<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        f"{body}</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def footnote_ref(paragraph, note_id: int) -> None:
    """Append a footnote reference mark to a paragraph."""
    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    ))


def legacy_run(paragraph, text: str, font: str, bold: bool = False):
    """A run in a given font (its w:rFonts ascii and hAnsi)."""
    run = paragraph.add_run(text)
    run.font.name = font
    run.bold = bold or None
    return run


def new_document():
    """An empty python-docx document."""
    return docx.Document()
