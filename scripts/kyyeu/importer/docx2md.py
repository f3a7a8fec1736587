"""Word .docx → Markdown blocks, by an own walk over the OOXML (python-docx opens the package, lxml reads it).

mammoth is not used: its HTML drops the run font names that legacy-encoding detection needs,
and the numbering, alt text and merged-cell facts this walk reports on.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ..messages import t
from . import legacy
from .mdtext import Block, emphasis, escape, escape_line_start, tidy_lines
from .ooxml import NS, Numbering, Styles, parse, prop, run_font, val, w

_WEB_IMAGES = {"png", "jpg", "jpeg", "gif", "webp", "svg"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
#: Note references while the document is walked: a Word footnote/endnote (its index in note_bodies), and a
#: superscript number typed in the text (the number shown); both become [^n] once every note is known.
NOTE_REF = "\ue000{}\ue001"
SUP_MARK = "\ue002{}\ue003"
_NOTE_REF = re.compile("\ue000(\\d+)\ue001")
_SUP_MARK = re.compile("\ue002(\\d+)\ue003")
#: A paragraph of a typed notes list: "1. …", "1) …", "[1] …", "1 …", or a superscript number first.
_NOTE_LINE = re.compile(r"^(?:\ue002(\d{1,3})\ue003|(?:\\\[)?(\d{1,3})(?:\\\]|\\?\.|\))?(?=\s))\s*")
#: Headings or lines that introduce a typed notes list (dropped with it).
_NOTES_HEADINGS = {"chú thích", "ghi chú", "chú giải", "notes", "footnotes", "endnotes"}


@dataclass
class Piece:
    """One stretch of inline content with its formatting."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    href: str = ""
    enc: str | None = None  #: legacy encoding of its font, before decoding
    font: str = ""
    atom: str = ""  #: ready Markdown (image, footnote reference); "\n" for a line break


@dataclass
class Conversion:
    """Everything one document gave: blocks, footnotes, images, counts and what failed."""

    blocks: list[Block] = field(default_factory=list)
    footnotes: list[list[str]] = field(default_factory=list)
    word_notes: int = 0  #: of the footnotes, Word footnotes and endnotes
    typed_notes: int = 0  #: of the footnotes, superscript number marks with a matching notes list
    images: list[tuple[str, bytes]] = field(default_factory=list)  #: (path relative to the record, bytes)
    legacy_runs: Counter = field(default_factory=Counter)  #: "font (encoding)" → runs converted
    problems: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def problem(self, text: str) -> None:
        """Note something not converted, once."""
        if text not in self.problems:
            self.problems.append(text)


class Media:
    """Images bound for <record>/media/: numbered image-1…, identical bytes share one file."""

    def __init__(self, media_dir: Path):
        """Remember the images media_dir already holds, by content."""
        self.media_dir = media_dir
        self.files: list[tuple[str, bytes]] = []
        self.by_hash: dict[str, str] = {}
        if media_dir.is_dir():
            for path in sorted(media_dir.glob("image-*.*")):
                self.by_hash.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path.name)

    def add(self, blob: bytes, ext: str) -> str:
        """The file name under media/ for these image bytes."""
        digest = hashlib.sha256(blob).hexdigest()
        if digest in self.by_hash:
            return self.by_hash[digest]
        n = 1
        taken = {name.split(".")[0] for name in self.by_hash.values()}
        while f"image-{n}" in taken or list(self.media_dir.glob(f"image-{n}.*")):
            n += 1
        name = f"image-{n}.{ext}"
        self.by_hash[digest] = name
        self.files.append((f"media/{name}", blob))
        return name


class Converter:
    """Walks one document and fills a Conversion."""

    def __init__(self, path: Path, media_dir: Path):
        """Open the package and read its styles, numbering and notes."""
        self.doc = docx.Document(str(path))
        self.out = Conversion()
        part = self.doc.part
        self.styles = Styles(self._part_xml(RT.STYLES))
        self.numbering = Numbering(self._part_xml(RT.NUMBERING))
        self.notes = {kind: self._notes(kind) for kind in ("footnote", "endnote")}
        self.note_numbers: dict[tuple[str, str], int] = {}
        self.note_bodies: list[tuple[str, etree._Element]] = []
        self.media = Media(media_dir)
        self.part = part
        self.in_cell = False

    def _part_xml(self, reltype: str) -> etree._Element | None:
        """The parsed XML of the main document's part of this relationship type, if any."""
        for rel in self.doc.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                return parse(rel.target_part.blob)
        return None

    def _notes(self, kind: str):
        """(part, {id: element}) of the footnotes or endnotes part."""
        reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
        for rel in self.doc.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                root = parse(rel.target_part.blob)
                return rel.target_part, {el.get(w("w:id")): el for el in root.findall(f"w:{kind}", NS)}
        return None, {}

    # ----- the document -----

    def run(self) -> Conversion:
        """Convert the body, then the footnotes, and look for what is left out."""
        body = parse(self.part.blob).find("w:body", NS)
        self.out.blocks = self.blocks(body)
        word_notes: list[list[str]] = []
        index = 0
        while index < len(self.note_bodies):  # notes may reference further notes
            kind, element = self.note_bodies[index]
            saved, self.part = self.part, self.notes[kind][0]
            paragraphs = [b.md if b.kind != "item" else f"- {b.md}" for b in self.blocks(element)]
            self.part = saved
            word_notes.append(paragraphs or [""])
            index += 1
        self._number_notes(word_notes, self._typed_notes())
        self.out.images = self.media.files
        self._left_out()
        return self.out

    def _typed_notes(self) -> dict[int, str]:
        """Superscript number marks whose notes are typed as a numbered list at the end of the text
        ("1. …", "[1] …", or a superscript number first): the notes by number, the list removed.
        Marks without such a list are put back as plain digits, and reported."""
        blocks = self.out.blocks
        marks = {int(n) for b in blocks for n in _SUP_MARK.findall(b.md)}
        notes: dict[int, str] = {}
        start = len(blocks)
        while marks and start > 0 and set(notes) != marks:
            block = blocks[start - 1]
            match = _NOTE_LINE.match(block.md) if block.kind == "para" else None
            if block.kind == "item" and block.ordered and block.level == 0:
                number, text = block.number, block.md
            elif match:
                number, text = int(match.group(1) or match.group(2)), block.md[match.end():]
            else:
                break
            if number in notes or number not in marks or not text.strip():
                break
            notes[number] = text
            start -= 1
        if not marks or set(notes) != marks:
            for block in blocks:
                block.md = _SUP_MARK.sub(r"\1", block.md)
                block.atoms = [_SUP_MARK.sub(r"\1", a) for a in block.atoms]
            if marks:
                self.out.problem(t("import.p.superscript", count=len(marks)))
            return {}
        while start > 0 and (blocks[start - 1].kind in ("para", "heading")) and (
            blocks[start - 1].plain.strip(" :").casefold() in _NOTES_HEADINGS
            or not blocks[start - 1].plain.strip("_-–—= ")
        ):
            start -= 1
        del blocks[start:]
        return notes

    def _number_notes(self, word_notes: list[list[str]], typed: dict[int, str]) -> None:
        """Give every note its Markdown number [^n] in order of first reference, Word's and typed alike."""
        found = re.compile("\ue000(\\d+)\ue001|\ue002(\\d+)\ue003")
        numbers: dict[tuple[str, int], int] = {}
        bodies: list[list[str]] = []

        def body(key: tuple[str, int]) -> list[str]:
            return word_notes[key[1]] if key[0] == "w" else [typed[key[1]]]

        def number(match: re.Match) -> str:
            key = ("w", int(match.group(1))) if match.group(1) is not None else ("t", int(match.group(2)))
            if key[0] == "t" and key[1] not in typed:  # a raised number inside a Word note: a number
                return match.group(2)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                bodies.append(body(key))
            return f"[^{numbers[key]}]"

        for block in self.out.blocks:
            block.md = found.sub(number, block.md)
            block.atoms = [found.sub(number, a) for a in block.atoms]
        done = 0
        while done < len(bodies):  # a note may refer to another note
            bodies[done] = [found.sub(number, para) for para in bodies[done]]
            done += 1
        self.out.footnotes = bodies
        self.out.word_notes = sum(k[0] == "w" for k in numbers)
        self.out.typed_notes = sum(k[0] == "t" for k in numbers)

    def _left_out(self) -> None:
        """Report parts of the package this importer does not carry over."""
        for part in self.doc.part.package.iter_parts():
            ctype = part.content_type
            if ctype.endswith(("header+xml", "footer+xml")):
                if "".join(parse(part.blob).itertext()).strip():
                    self.out.problem(t("import.p.headers"))
            elif ctype.endswith("comments+xml"):
                count = len(parse(part.blob).findall("w:comment", NS))
                if count:
                    self.out.problem(t("import.p.comments", count=count))

    def blocks(self, container: etree._Element) -> list[Block]:
        """Blocks of a body, cell, note or content control, in order."""
        out: list[Block] = []
        for child in container:
            if child.tag == w("w:p"):
                block = self.paragraph(child)
                if block:
                    out.append(block)
            elif child.tag == w("w:tbl"):
                block = self.table(child)
                if block:
                    out.append(block)
            elif child.tag in (w("w:sdt"), w("w:customXml")):
                content = child.find("w:sdtContent", NS) if child.tag == w("w:sdt") else child
                if content is not None:
                    out.extend(self.blocks(content))
            elif child.tag == w("w:altChunk"):
                self.out.problem(t("import.p.altchunk"))
        return out

    # ----- paragraphs -----

    def paragraph(self, p: etree._Element) -> Block | None:
        """One Word paragraph as a heading, list item or paragraph block."""
        sid = val(p.find("w:pPr/w:pStyle", NS)) or self.styles.default.get("paragraph")
        pieces = self.inlines(p, sid)
        numpr = p.find("w:pPr/w:numPr", NS)
        num = (
            (val(numpr.find("w:numId", NS)) or "0", int(val(numpr.find("w:ilvl", NS)) or 0))
            if numpr is not None else self.styles.numpr(sid)
        )
        heading = self.styles.heading_level(sid)
        label = None
        if num and num[0] != "0":
            label = self.numbering.next(*num)
        md, plain, atoms = self.render(pieces, plain_style=bool(heading))
        if not plain.strip() and not atoms:
            return None
        if label and heading and label[1]:
            md, plain = _labelled(label[1], md, plain)
        elif label and not heading and not self.in_cell:
            fmt, text, number = label
            depth = num[1] + self._style_depth(sid)
            if fmt == "bullet":
                return Block("item", md, plain, level=depth, atoms=atoms)
            if fmt == "decimal" and text == f"{number}.":
                return Block("item", md, plain, level=depth, ordered=True, number=number, atoms=atoms)
            if text:
                md, plain = _labelled(text, md, plain)
        elif label and self.in_cell and label[1]:
            md, plain = _labelled(label[1], md, plain)
        if heading and not self.in_cell:
            title = any((val(style.find("w:name", NS)) or "").lower() == "title" for style in self.styles.chain(sid))
            return Block("heading", " ".join(md.split("  \n")), plain, level=heading, atoms=atoms, title=title)
        return Block("para", md, plain, atoms=atoms)

    def _style_depth(self, sid: str | None) -> int:
        """Extra list depth of Word's "List Bullet 2"-style paragraph styles."""
        match = re.fullmatch(r"list(?: bullet| number| continue)? ([2-9])", self.styles.name(sid))
        return int(match.group(1)) - 1 if match else 0

    def inlines(self, el: etree._Element, sid: str | None, href: str = "") -> list[Piece]:
        """Pieces of a paragraph or of an inline container inside it."""
        pieces: list[Piece] = []
        for child in el:
            tag = child.tag
            if tag == w("w:r"):
                pieces.extend(self.run_pieces(child, sid, href))
            elif tag == w("w:hyperlink"):
                pieces.extend(self.inlines(child, sid, self.link_target(child)))
            elif tag in (w("w:ins"), w("w:smartTag"), w("w:customXml"), w("w:fldSimple"), w("w:moveTo")):
                if tag in (w("w:ins"), w("w:moveTo")):
                    self.out.problem(t("import.p.tracked"))
                pieces.extend(self.inlines(child, sid, href))
            elif tag == w("w:sdt"):
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    pieces.extend(self.inlines(content, sid, href))
            elif tag in (w("w:del"), w("w:moveFrom")):
                self.out.problem(t("import.p.tracked"))
            elif tag in (w("m:oMath"), w("m:oMathPara")):
                text = "".join(child.itertext()).strip()
                self.out.problem(t("import.p.equation", text=text[:40]))
            elif tag == w("mc:AlternateContent"):
                choice = child.find("mc:Fallback", NS)
                if choice is not None:
                    pieces.extend(self.inlines(choice, sid, href))
        return pieces

    def link_target(self, link: etree._Element) -> str:
        """The external address of a w:hyperlink, if it is one the site accepts."""
        rid = link.get(w("r:id"))
        if not rid or rid not in self.part.rels:
            return ""
        rel = self.part.rels[rid]
        target = rel.target_ref if rel.is_external else ""
        if target and not target.lower().startswith(_LINK_SCHEMES):
            self.out.problem(t("import.p.link", target=target[:60]))
            return ""
        return target

    def run_pieces(self, r: etree._Element, sid: str | None, href: str) -> list[Piece]:
        """Pieces of one w:r: its text with formatting, breaks, images and note references."""
        rpr = r.find("w:rPr", NS)
        levels = self.styles.rpr_levels(rpr, sid)
        if prop(levels, "w:vanish"):
            return []
        font = run_font(levels)
        enc = legacy.font_encoding(font)
        fmt = dict(bold=prop(levels, "w:b"), italic=prop(levels, "w:i"), href=href, enc=enc, font=font)
        pieces: list[Piece] = []
        text = ""
        typed = "".join(t.text or "" for t in r.findall("w:t", NS)).strip()
        if typed.isascii() and typed.isdigit() and len(typed) <= 3 and _superscript(levels):
            return [Piece(atom=SUP_MARK.format(int(typed)))]  # a note mark typed as a superscript number

        def flush():
            """Close the text gathered so far into a piece."""
            nonlocal text
            if text:
                pieces.append(Piece(text, **fmt))
                text = ""

        for child in r:
            tag = child.tag
            if tag == w("w:t"):
                text += child.text or ""
            elif tag == w("w:tab") or tag == w("w:ptab"):
                text += "\t"
            elif tag in (w("w:br"), w("w:cr")):
                if child.get(w("w:type")) not in ("page", "column"):
                    flush()
                    pieces.append(Piece(atom="\n"))
            elif tag == w("w:softHyphen"):
                text += "\u00ad" if enc and enc.startswith("tcvn3") else ""
            elif tag == w("w:noBreakHyphen"):
                text += "-"
            elif tag == w("w:sym"):
                char, font = child.get(w("w:char")), child.get(w("w:font"))
                self.out.problem(t("import.p.symbol", char=char, font=font))
            elif tag in (w("w:footnoteReference"), w("w:endnoteReference")):
                flush()
                pieces.append(Piece(atom=self.note_ref(child)))
            elif tag in (w("w:drawing"), w("w:pict"), w("w:object")):
                flush()
                pieces.extend(Piece(atom=atom) for atom in self.images(child))
            elif tag == w("mc:AlternateContent"):
                choice = child.find("mc:Choice", NS)
                if choice is not None:
                    for inner in choice:
                        if inner.tag in (w("w:drawing"), w("w:pict")):
                            flush()
                            pieces.extend(Piece(atom=atom) for atom in self.images(inner))
        flush()
        if enc and any(p.text for p in pieces):
            self.out.legacy_runs[font] += 1
        elif not enc and legacy.looks_like_tcvn3("".join(p.text for p in pieces)):
            self.out.counts["suspect_runs"] += 1
        return pieces

    def note_ref(self, ref: etree._Element) -> str:
        """[^n] for a footnote or endnote reference, numbering notes in order of first use."""
        kind = "footnote" if ref.tag == w("w:footnoteReference") else "endnote"
        key = (kind, ref.get(w("w:id")))
        element = self.notes[kind][1].get(key[1])
        if element is None:
            self.out.problem(t("import.p.note_missing", kind=kind, id=key[1]))
            return ""
        if key not in self.note_numbers:
            self.note_numbers[key] = len(self.note_bodies)
            self.note_bodies.append((kind, element))
        return NOTE_REF.format(self.note_numbers[key])

    # ----- images -----

    def images(self, el: etree._Element) -> list[str]:
        """![alt](media/…) for each embedded picture of a drawing, VML picture or object."""
        atoms = []
        doc_pr = el.find(".//wp:docPr", NS)
        alt = ""
        if doc_pr is not None:
            alt = doc_pr.get("descr") or doc_pr.get("title") or ""
        targets = [(b.get(w("r:embed")), b.get(w("r:link")), b) for b in el.iter(w("a:blip"))]
        for data in el.iter(w("v:imagedata")):
            shape = data.getparent()
            targets.append((data.get(w("r:id")), None, data))
            alt = alt or (shape.get("alt") if shape is not None else "") or data.get(w("o:title")) or ""
        if el.tag == w("w:object"):
            self.out.problem(t("import.p.ole"))
        if not targets:
            text = " ".join("".join(el.itertext()).split())
            what = t("import.p.chart") if el.find(".//{*}chart") is not None else t("import.p.shape")
            self.out.problem(t("import.p.not_converted", what=what) + (f": “{text[:50]}”" if text else ""))
            return atoms
        for embed, link, node in targets:
            if not embed:
                self.out.problem(t("import.p.linked_picture", link=link or ""))
                continue
            if embed not in self.part.rels or self.part.rels[embed].is_external:
                self.out.problem(t("import.p.picture_missing", id=embed))
                continue
            part = self.part.rels[embed].target_part
            ext = part.partname.ext.lower() or "bin"
            name = self.media.add(part.blob, ext)
            picture_alt = alt or self._pic_alt(node)
            picture_alt = " ".join(picture_alt.split())
            self.out.counts["images"] += 1
            if not picture_alt:
                self.out.problem(t("import.p.no_alt", name=name))
            if ext not in _WEB_IMAGES:
                self.out.problem(t("import.p.bad_image", name=name, ext=ext))
            atoms.append(f"![{escape(picture_alt)}](media/{name})")
        return atoms

    @staticmethod
    def _pic_alt(blip: etree._Element) -> str:
        """Alt text stored on the picture itself (pic:cNvPr) when the drawing has none."""
        pic = blip
        while pic is not None and pic.tag != w("pic:pic"):
            pic = pic.getparent()
        c_nv_pr = pic.find("pic:nvPicPr/pic:cNvPr", NS) if pic is not None else None
        return (c_nv_pr.get("descr") or c_nv_pr.get("title") or "") if c_nv_pr is not None else ""

    # ----- inline rendering -----

    def decode(self, pieces: list[Piece]) -> list[Piece]:
        """Legacy-font pieces → Unicode, decoding each stretch of one encoding as a whole."""
        out: list[Piece] = []
        i = 0
        while i < len(pieces):
            enc = pieces[i].enc
            if not enc or pieces[i].atom:
                out.append(pieces[i])
                i += 1
                continue
            j = i
            while j < len(pieces) and pieces[j].enc == enc and not pieces[j].atom:
                j += 1
            group = pieces[i:j]
            owner = [k for k, piece in enumerate(group) for _ in piece.text]
            decoded = legacy.decode("".join(p.text for p in group), enc)
            texts = [""] * len(group)
            for text, source in decoded.pieces:
                texts[owner[source]] += text
            for piece, text in zip(group, texts):
                out.append(Piece(unicodedata.normalize("NFC", text), piece.bold, piece.italic, piece.href))
            if decoded.unmapped:
                chars = "".join(sorted(set(decoded.unmapped)))
                name = "VNI" if enc == "vni" else "TCVN3"
                self.out.problem(t("import.p.unmapped", encoding=name, chars=chars))
            i = j
        return out

    def render(self, pieces: list[Piece], plain_style: bool) -> tuple[str, str, list[str]]:
        """Pieces → (inline Markdown with hard breaks as "  \\n", plain text, atoms)."""
        pieces = self.decode(pieces)
        md, plain, atoms = "", "", []
        i = 0
        while i < len(pieces):
            href = pieces[i].href
            j = i
            while j < len(pieces) and pieces[j].href == href:
                j += 1
            inner = ""
            for piece in _merge(pieces[i:j]):
                if piece.atom == "\n":
                    inner += " " if self.in_cell else "\n"
                    plain += " "
                elif piece.atom:
                    inner += piece.atom
                    atoms.append(piece.atom)
                else:
                    text = piece.text.replace("\t", " ")
                    plain += text
                    bold, italic = (False, False) if plain_style else (piece.bold, piece.italic)
                    inner += emphasis(escape(text), bold, italic)
            if href:
                url = quote(href, safe=":/?#&=%@+~;,!$*'.-_")
                inner = f"[{inner.strip() or escape(href)}]({url})"
            md += inner
            i = j
        return "  \n".join(tidy_lines(md)), unicodedata.normalize("NFC", plain).strip(), atoms

    # ----- tables -----

    def table(self, tbl: etree._Element) -> Block | None:
        """A Word table as a pipe table; merged cells are split and reported."""
        if self.in_cell:  # a table inside a cell: its text only
            texts = [b.md for tc in tbl.iter(w("w:tc")) if _ancestor_table(tc) is tbl for b in self.blocks(tc)]
            return Block("para", " ".join(texts), " ".join(texts))
        self.out.counts["tables"] += 1
        number = self.out.counts["tables"]
        rows: list[list[str]] = []
        merged = nested = False
        saved, self.in_cell = self.in_cell, True
        for tr in tbl.iter(w("w:tr")):
            if _ancestor_table(tr) is not tbl:
                continue
            cells: list[str] = []
            for tc in tr.iter(w("w:tc")):
                if _ancestor_table(tc) is not tbl:
                    continue
                span = int(val(tc.find("w:tcPr/w:gridSpan", NS)) or 1)
                vmerge = tc.find("w:tcPr/w:vMerge", NS)
                continued = vmerge is not None and val(vmerge) in (None, "continue")
                nested = nested or tc.find(".//w:tbl", NS) is not None
                merged = merged or span > 1 or continued
                text = "" if continued else " ".join(
                    (f"- {b.md}" if b.kind == "item" else b.md) for b in self.blocks(tc)
                )
                cells.extend([text] + [""] * (span - 1))
            rows.append(cells)
        self.in_cell = saved
        if not rows or not any(any(c.strip() for c in row) for row in rows):
            return None
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        if merged:
            self.out.problem(t("import.p.merged", number=number))
        if nested:
            self.out.problem(t("import.p.nested", number=number))
        lines = [_row(rows[0]), _row(["---"] * width)] + [_row(row) for row in rows[1:]]
        return Block("table", "\n".join(lines), " ".join(" ".join(r) for r in rows))


def _superscript(levels: list[etree._Element]) -> bool:
    """Whether a run is raised as superscript (its own or its style's w:vertAlign)."""
    for rpr in levels:
        align = rpr.find("w:vertAlign", NS)
        if align is not None:
            return val(align) == "superscript"
    return False


def _labelled(label: str, md: str, plain: str) -> tuple[str, str]:
    """A paragraph's Markdown and text with Word's list label ("a)", "Điều 1.", "1.1.") in front."""
    return escape_line_start(escape(label)) + (f" {md}" if md else ""), f"{label} {plain}".strip()


def _ancestor_table(el: etree._Element) -> etree._Element | None:
    """The nearest enclosing w:tbl of an element."""
    el = el.getparent()
    while el is not None and el.tag != w("w:tbl"):
        el = el.getparent()
    return el


def _row(cells: list[str]) -> str:
    """One pipe-table row (cells are already escaped, including |)."""
    return "| " + " | ".join(cell.strip() for cell in cells) + " |"


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring text pieces of the same formatting."""
    out: list[Piece] = []
    for piece in pieces:
        if out and not piece.atom and not out[-1].atom and (
            (out[-1].bold, out[-1].italic) == (piece.bold, piece.italic) or not piece.text.strip()
        ):
            out[-1] = Piece(out[-1].text + piece.text, out[-1].bold, out[-1].italic, out[-1].href)
        elif piece.atom or piece.text:
            out.append(piece)
    return out


def convert(path: Path, media_dir: Path) -> Conversion:
    """Convert a .docx file; images are numbered against what media_dir already holds."""
    return Converter(path, media_dir).run()
