"""What one import did, as data and as the short plain-text report the command prints."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..messages import current, t
from .outline import same_title

ENGINE = "python-docx + lxml (own walk over the Word XML; mammoth not used)"
ENCODING_NAMES = {"tcvn3": "TCVN3", "tcvn3-upper": "TCVN3, capitals font", "vni": "VNI"}


def _plural(count: int, word: str) -> str:
    """ "1 table", "2 tables" (English), "2 bảng" (Vietnamese): word is a catalogue key."""
    return t(word, count=count) + ("" if count == 1 or current() == "vi" else "s")


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
        where = t("import.r.where", field=self.title_field, file=self.record_file)
        lines = []
        if self.title_word is None:
            lines.append(t("import.r.title_none", where=where, title=self.title_record or ""))
        elif self.title_record is not None and same_title(self.title_word, self.title_record):
            lines.append(t("import.r.title_same", title=self.title_word, where=where))
        else:
            lines.append(t("import.r.title_differs", where=where))
            lines.append(t("import.r.title_word", title=self.title_word))
            lines.append(t("import.r.title_record", title=self.title_record or ""))
            lines.append(t("import.r.title_how", field=self.title_field, file=self.record_file))
        if self.title_is_topic and self.title_word is not None:
            lines.append(t("import.r.title_topic", file=self.record_file, field=self.title_field))
        return lines

    def text(self) -> str:
        """The human report, in the reader's language (kyyeu.messages)."""
        lines = []
        if self.markdown is None:
            lines.append(t("import.r.pdf", source=self.source))
            lines.append(t("import.r.pdf_text", language=self.lang))
        else:
            lines.append(t("import.r.head", source=self.source, markdown=self.markdown))
            if self.kind == "doc":
                lines.append(t("import.r.doc_first"))
            lines.append(t("import.r.converter", engine=ENGINE))
            lines.append(t("import.r.structure", mode=self.mode, reason=self.mode_reason))
            c = self.counts
            lines.append(
                t("import.r.converted") + ", ".join([
                    _plural(c.get("headings", 0), "import.r.n_heading"), _plural(c.get("list_items", 0), "import.r.n_item"),
                    _plural(c.get("tables", 0), "import.r.n_table"), _plural(c.get("footnotes", 0), "import.r.n_footnote"),
                    _plural(c.get("images", 0), "import.r.n_image"),
                ])
            )
            if c.get("footnotes", 0):
                lines.append(t("import.r.footnotes", word=c.get("word_notes", 0), typed=c.get("typed_notes", 0)))
            lines.extend(self.title_lines())
            if self.mode == "legal":
                lc = self.legal_counts
                lines.append(t("import.r.legal", chuong=lc.get("chuong", 0), muc=lc.get("muc", 0), dieu=lc.get("dieu", 0),
                               khoan=lc.get("khoan", 0), diem=lc.get("diem", 0)))
            if self.legacy_runs:
                lines.append(t("import.r.legacy"))
                for font, (encoding, runs) in sorted(self.legacy_runs.items()):
                    lines.append(f"    {font} ({ENCODING_NAMES.get(encoding, encoding)}): {_plural(runs, 'import.r.n_run')}")
            else:
                lines.append(t("import.r.legacy_none"))
        lines.append(t("import.r.attachment", name=self.attachment, kind=self.kind, language=self.lang,
                       sha=self.sha256[:12], file=self.record_file))
        for note in self.notes:
            lines.append(t("import.r.note", note=note))
        if self.markdown is not None:
            if self.not_converted:
                lines.append(t("import.r.not_converted"))
                lines.extend(f"    - {item}" for item in self.not_converted)
            else:
                lines.append(t("import.r.not_converted_none"))
        return "\n".join(lines)
