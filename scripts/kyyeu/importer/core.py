"""`import_file`: check, convert, then write the Markdown, media, attachment and record YAML together."""
from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from ..errors import KyyeuError, rel
from ..messages import t
from . import checks, docx2md, legal, legacy, libreoffice, outline
from .mdtext import write
from ..load import sha256_of
from .record import Record, Staging, attachment_name, load
from .report import ImportReport


def _convert(docx_path: Path, record: Record, shown: str) -> docx2md.Conversion:
    """Run the converter, turning any failure to read the package into a KyyeuError."""
    try:
        return docx2md.convert(docx_path, record.folder / "media")
    except KyyeuError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds for damaged files
        raise KyyeuError(t("import.unreadable", file=shown, detail=f"{type(exc).__name__}: {exc}")) from None


def markdown_of(conversion: docx2md.Conversion, report: ImportReport, is_document: bool, title: str | None) -> str:
    """Markdown text of a conversion under its page: the Word title taken out (the page shows the record's
    title), legal structure when it applies, headings shifted under the page's own; fills the report.
    title: the record's title in the text's language."""
    blocks, report.title_word = outline.take_title(conversion.blocks, title)
    report.title_record = title
    articles = legal.article_count(blocks)
    if is_document or articles >= 2:
        report.mode = "legal"
        report.mode_reason = (
            "record is a document (document.yml)" if is_document
            else f"{articles} lines start with “Điều N.”"
        ) + "; Chương/Mục/Điều headings, Khoản/Điểm ids"
        blocks, notes = legal.structure(blocks)
        report.notes.extend(notes)
        ids = [b.anchor for b in blocks if b.anchor]
        report.legal_counts = {
            "chuong": sum(a.startswith("chuong-") and "-muc-" not in a for a in ids),
            "muc": sum("muc-" in a for a in ids),
            "dieu": sum(a.startswith("dieu-") and "-khoan-" not in a and "-diem-" not in a for a in ids),
            "khoan": sum("-khoan-" in a and "-diem-" not in a for a in ids),
            "diem": sum("-diem-" in a for a in ids),
        }
    else:
        report.mode = "plain"
        report.mode_reason = "Word heading styles only; fewer than 2 “Điều N.” lines"
    blocks = outline.shift_headings(blocks)
    report.counts = {
        "headings": sum(b.kind == "heading" for b in blocks),
        "list_items": sum(b.kind == "item" for b in blocks),
        "tables": sum(b.kind == "table" for b in blocks),
        "footnotes": len(conversion.footnotes),
        "word_notes": conversion.word_notes,
        "typed_notes": conversion.typed_notes,
        "images": conversion.counts["images"],
    }
    report.legacy_runs = {f: (legacy.font_encoding(f), n) for f, n in conversion.legacy_runs.items()}
    report.not_converted = list(conversion.problems)
    for before, after in zip(blocks, blocks[1:]):
        if before.kind == after.kind == "item" and after.level == 0 and before.ordered != after.ordered:
            report.not_converted.append(t("import.mixed_lists"))
            break
    suspects = conversion.counts["suspect_runs"]
    if suspects:
        report.not_converted.append(t("import.suspect_runs", count=suspects))
    return unicodedata.normalize("NFC", write(blocks, conversion.footnotes))


def import_file(src: Path, into: Path, lang: str = "vi", force: bool = False) -> ImportReport:
    """Import a .docx/.doc as <into>/<lang>.md (or a PDF as attachment only) and list it in the record YAML."""
    src, into = Path(src), Path(into)
    cwd = Path.cwd()
    shown = rel(src, cwd)
    if lang not in ("vi", "en"):
        raise KyyeuError(t("import.bad_lang", value=repr(lang)))
    record = load(into, rel(into, cwd))
    kind = checks.kind_of(src, shown)
    name = attachment_name(src)
    md_path = into / f"{lang}.md"
    if kind != "pdf" and md_path.exists() and not force:
        raise KyyeuError(t("import.exists", file=rel(md_path, cwd)))
    digest = sha256_of(src)
    target = into / name
    same_file = target.exists() and target.resolve() == src.resolve()
    if target.exists() and not same_file and not force and sha256_of(target) != digest:
        raise KyyeuError(t("import.exists_other", file=rel(target, cwd)))
    if kind == "doc":
        libreoffice.soffice(shown)
    report = ImportReport(shown, kind, lang, name, digest, record.yml.name)
    markdown = None
    with tempfile.TemporaryDirectory(prefix="kyyeu-import-") as work:
        if kind != "pdf":
            docx_path = src if kind == "docx" else libreoffice.to_docx(src, Path(work), shown)
            if kind == "doc":
                checks.check_docx_zip(docx_path, shown)
            conversion = _convert(docx_path, record, shown)
            title = record.title(lang)
            markdown = markdown_of(conversion, report, record.is_document, title)
            report.title_field = f"title.{lang}"
            report.title_is_topic = record.data.get("title_is_topic") is True
            if not markdown.strip():
                raise KyyeuError(t("import.nothing", file=shown))
            report.markdown = rel(md_path, cwd)
        if record.reformats():
            report.notes.append(t("import.reformatted", file=record.yml.name))
        entry = {"file": name, "kind": kind, "sha256": digest, "lang": lang}
        staging = Staging(into)
        try:
            if markdown is not None:
                for relative, blob in conversion.images:
                    staging.add(relative, blob)
                staging.add(md_path.name, markdown.encode("utf-8"))
            if not same_file:
                staging.add(name, src.read_bytes())
            staging.add(record.yml.name, record.with_attachment(entry).encode("utf-8"))
            staging.commit()
        except BaseException:
            staging.abort()
            raise
    return report
