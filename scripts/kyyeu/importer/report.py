"""What one import did, as data and as the short plain-text report the command prints."""
from __future__ import annotations

from dataclasses import dataclass, field

from .outline import same_title

ENGINE = "python-docx + lxml (own walk over the Word XML; mammoth not used)"
ENCODING_NAMES = {"tcvn3": "TCVN3", "tcvn3-upper": "TCVN3, capitals font", "vni": "VNI"}


def _plural(count: int, word: str) -> str:
    """ "1 table", "2 tables"."""
    return f"{count} {word}" + ("" if count == 1 else "s")


@dataclass
class ImportReport:
    """The outcome of `kyyeu import` for one file."""

    source: str  #: the imported file as the user named it
    kind: str  #: docx, doc or pdf
    lang: str
    attachment: str  #: file name of the copy in the record folder
    sha256: str
    record_file: str  #: paper.yml or document.yml
    markdown: str | None = None  #: path of the written vi.md / en.md, None for a PDF
    mode: str = ""  #: "legal", "plain" or "" (no text)
    mode_reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    legal_counts: dict[str, int] = field(default_factory=dict)
    legacy_runs: dict[str, tuple[str, int]] = field(default_factory=dict)  #: font → (encoding, runs)
    not_converted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title_word: str | None = None  #: the Word file's own title (Title style, or a first heading equal to the record's)
    title_record: str | None = None  #: the record's title in the text's language
    title_field: str = "title.vi"  #: where the record keeps it
    title_is_topic: bool = False  #: the record says its title is only the reported topic

    def title_lines(self) -> list[str]:
        """What happened to the record's fields: the Word title against the record's title."""
        where = f"{self.title_field} in {self.record_file}"
        lines = []
        if self.title_word is None:
            lines.append(f"  title: the Word file has no Title-style line; the page shows {where}: “{self.title_record or ''}”")
        elif self.title_record is not None and same_title(self.title_word, self.title_record):
            lines.append(f"  title: “{self.title_word}” equals {where}; not repeated in the text (tiêu đề không lặp lại)")
        else:
            lines.append(f"  title: the Word title differs from {where} (tiêu đề khác nhau):")
            lines.append(f"    Word:   “{self.title_word}”")
            lines.append(f"    record: “{self.title_record or ''}” (shown as the page's title)")
            lines.append(f"    if the Word title is the exact title, write it as {self.title_field}: in {self.record_file}")
        if self.title_is_topic and self.title_word is not None:
            lines.append(
                f"  note: {self.record_file} has `title_is_topic: true`, which makes the page say that the exact title "
                f"is not known (tiêu đề chỉ là chủ đề); if the Word title is the exact title, write it as "
                f"{self.title_field}: and remove that line"
            )
        return lines

    def text(self) -> str:
        """The human report, English with Vietnamese where natural."""
        lines = []
        if self.markdown is None:
            lines.append(f"kyyeu import: {self.source} (PDF) → attachment only")
            lines.append(
                f"  text: not extracted (chưa trích xuất văn bản); no {self.lang}.md written — add the text by hand"
            )
        else:
            lines.append(f"kyyeu import: {self.source} → {self.markdown}")
            if self.kind == "doc":
                lines.append("  .doc converted to .docx with LibreOffice first")
            lines.append(f"  converter: {ENGINE}")
            lines.append(f"  structure: {self.mode} ({self.mode_reason})")
            c = self.counts
            lines.append(
                "  converted: " + ", ".join([
                    _plural(c.get("headings", 0), "heading"), _plural(c.get("list_items", 0), "list item"),
                    _plural(c.get("tables", 0), "table"), _plural(c.get("footnotes", 0), "footnote"),
                    _plural(c.get("images", 0), "image"),
                ])
            )
            if c.get("footnotes", 0):
                lines.append(
                    f"  footnotes (chú thích): {c.get('word_notes', 0)} Word footnote(s)/endnote(s), "
                    f"{c.get('typed_notes', 0)} from superscript numbers with a notes list; linked both ways"
                )
            lines.extend(self.title_lines())
            if self.mode == "legal":
                lc = self.legal_counts
                lines.append(
                    f"  legal structure: {lc.get('chuong', 0)} chương, {lc.get('muc', 0)} mục, "
                    f"{lc.get('dieu', 0)} điều, {lc.get('khoan', 0)} khoản, {lc.get('diem', 0)} điểm"
                )
            if self.legacy_runs:
                lines.append("  legacy fonts converted to Unicode (phông chữ cũ → Unicode):")
                for font, (encoding, runs) in sorted(self.legacy_runs.items()):
                    lines.append(f"    {font} ({ENCODING_NAMES.get(encoding, encoding)}): {_plural(runs, 'run')}")
            else:
                lines.append("  legacy fonts: none (văn bản đã là Unicode)")
        lines.append(
            f"  attachment: {self.attachment} (kind {self.kind}, lang {self.lang}, sha256 {self.sha256[:12]}…) "
            f"listed in {self.record_file}"
        )
        for note in self.notes:
            lines.append(f"  note: {note}")
        if self.markdown is not None:
            if self.not_converted:
                lines.append("  not converted (không chuyển được):")
                lines.extend(f"    - {item}" for item in self.not_converted)
            else:
                lines.append("  not converted (không chuyển được): nothing")
        return "\n".join(lines)
