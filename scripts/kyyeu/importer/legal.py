"""Vietnamese legal documents: Chương, Mục, Điều as headings, Khoản and Điểm as paragraphs, all with stable ids."""
from __future__ import annotations

import re

from .mdtext import Block, escape
from ..messages import t

_SEP = r"\s*[.:\-–—]?\s*"
CHAPTER = re.compile(r"^((?i:chương))\s+([IVXLCDM]+|\d+)(?!\w)" + _SEP + r"(.*)$")
SECTION = re.compile(r"^((?i:mục))\s+([IVXLCDM]+|\d+)(?!\w)" + _SEP + r"(.*)$")
ARTICLE = re.compile(r"^((?i:điều))\s+(\d+)\s*(?:[.:]\s*(.*)|$)")
CLAUSE = re.compile(r"^(\d+)\.\s+\S")
POINT = re.compile(r"^([a-zđ])\)\s+\S")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def arabic(numeral: str) -> int:
    """"IV" → 4, "12" → 12."""
    if numeral.isdigit():
        return int(numeral)
    values = [_ROMAN[ch] for ch in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _line(block: Block) -> str:
    """A block's text on one line, with the Icelandic Ð look-alike read as Đ."""
    return " ".join(block.plain.split()).replace("\u00d0", "Đ")


def article_count(blocks: list[Block]) -> int:
    """How many blocks start like an article ("Điều 5. …")."""
    return sum(1 for b in blocks if b.kind != "table" and ARTICLE.match(_line(b)))


def _is_title(block: Block | None) -> bool:
    """Whether a block looks like the capitalised title line under "Chương I" / "Mục 1"."""
    if block is None or block.kind not in ("para", "heading"):
        return False
    text = _line(block)
    if not text or len(text) > 300 or any(p.match(text) for p in (CHAPTER, SECTION, ARTICLE)):
        return False
    return text == text.upper() and any(ch.isalpha() for ch in text)


class _Ids:
    """Hands out attr_list ids, suffixing repeats and noting them."""

    def __init__(self, notes: list[str]):
        """Start with no ids used; notes collects the repeats."""
        self.used: set[str] = set()
        self.notes = notes

    def take(self, base: str, label: str) -> str:
        """A unique id from a base id."""
        anchor, n = base, 1
        while anchor in self.used:
            n += 1
            anchor = f"{base}-{n}"
        if anchor != base:
            self.notes.append(t("import.p.duplicate_label", label=label, anchor=anchor))
        self.used.add(anchor)
        return anchor


def structure(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Blocks with legal structure applied, and notes about duplicate numbers."""
    notes: list[str] = []
    lines = [_line(b) if b.kind != "table" else "" for b in blocks]
    has_chapter = any(CHAPTER.match(t) for t in lines)
    sections = [(arabic(m.group(2))) for t in lines if (m := SECTION.match(t))]
    has_section = bool(sections)
    restart = len(sections) != len(set(sections))
    lv_chapter = 2
    lv_section = 3 if has_chapter else 2
    lv_article = (lv_section if has_section else lv_chapter if has_chapter else 1) + 1
    ids = _Ids(notes)
    out: list[Block] = []
    chapter = article = clause = None
    i = 0
    while i < len(blocks):
        block, text = blocks[i], lines[i]
        i += 1
        if block.kind == "table":
            out.append(block)
            continue
        head = CHAPTER.match(text) or SECTION.match(text)
        if head:
            word, numeral, title = head.groups()
            atoms = list(block.atoms)
            if not title and i < len(blocks) and _is_title(blocks[i]):
                title, atoms = lines[i], atoms + blocks[i].atoms
                i += 1
            number = arabic(numeral)
            heading = f"{word} {numeral}" + (f". {title}" if title else "")
            if head.re is CHAPTER:
                chapter, article, clause = number, None, None
                anchor, level = ids.take(f"chuong-{number}", heading), lv_chapter
            else:
                article, clause = None, None
                base = f"chuong-{chapter}-muc-{number}" if restart and chapter else f"muc-{number}"
                anchor, level = ids.take(base, heading), lv_section
            out.append(Block("heading", escape(heading) + "".join(atoms), heading, level=level, anchor=anchor))
            continue
        match = ARTICLE.match(text)
        if match:
            word, number, title = match.group(1), int(match.group(2)), match.group(3) or ""
            heading = f"{word} {number}." + (f" {title}" if title else "")
            article, clause = number, None
            anchor = ids.take(f"dieu-{number}", heading)
            md = escape(heading) + "".join(block.atoms)
            out.append(Block("heading", md, heading, level=lv_article, anchor=anchor))
            continue
        if article is not None and block.kind == "item" and block.ordered and block.level == 0:
            clause = block.number
            md = f"{clause}\\. {block.md}"
            anchor = ids.take(f"dieu-{article}-khoan-{clause}", text)
            out.append(Block("para", md, f"{clause}. {block.plain}", anchor=anchor))
            continue
        if article is not None and block.kind == "para":
            match = CLAUSE.match(text)
            if match:
                clause = int(match.group(1))
                block.anchor = ids.take(f"dieu-{article}-khoan-{clause}", text[:40])
            elif (match := POINT.match(text)):
                letter = "dd" if match.group(1) == "đ" else match.group(1)
                base = f"dieu-{article}" + (f"-khoan-{clause}" if clause is not None else "") + f"-diem-{letter}"
                block.anchor = ids.take(base, text[:40])
        out.append(block)
    return out, notes
