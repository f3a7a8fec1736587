"""Reading Word's XML: namespaces, safe parsing, style chains, run properties and list numbering."""
from __future__ import annotations

import re

from lxml import etree

from . import legacy

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def w(tag: str) -> str:
    """Clark name of a tag in a known namespace: "w:p" → "{…main}p"."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def val(el: etree._Element | None, attr: str = "w:val") -> str | None:
    """An attribute of an element, or None when either is absent."""
    return None if el is None else el.get(w(attr))


def toggle(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:i, w:vanish): None when absent, else its truth."""
    if el is None:
        return None
    return val(el) not in ("0", "false", "off")


def parse(blob: bytes) -> etree._Element:
    """Parse part XML without entities or network access."""
    return etree.fromstring(blob, _PARSER)


class Styles:
    """styles.xml: style chains, heading levels, list numbering and run defaults."""

    def __init__(self, root: etree._Element | None):
        """Index the styles by id and find the defaults."""
        self.by_id: dict[str, etree._Element] = {}
        self.default: dict[str, str] = {}
        self.doc_rpr = None
        if root is None:
            return
        for style in root.iter(w("w:style")):
            sid = style.get(w("w:styleId"))
            self.by_id[sid] = style
            if style.get(w("w:default")) in ("1", "true"):
                self.default[style.get(w("w:type"))] = sid
        self.doc_rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)

    def chain(self, sid: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first."""
        out, seen = [], set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            out.append(self.by_id[sid])
            sid = val(self.by_id[sid].find("w:basedOn", NS))
        return out

    def name(self, sid: str | None) -> str:
        """A style's display name, lower case."""
        style = self.by_id.get(sid or "")
        return (val(style.find("w:name", NS)) or sid or "").lower() if style is not None else ""

    def heading_level(self, sid: str | None) -> int:
        """1–6 for Title and Heading n styles (or styles based on them), else 0."""
        for style in self.chain(sid):
            name = (val(style.find("w:name", NS)) or "").lower()
            if name == "title":
                return 1
            match = re.fullmatch(r"heading ([1-9])", name)
            if match:
                return min(int(match.group(1)), 6)
        return 0

    def numpr(self, sid: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph style gives its paragraphs, if any."""
        for style in self.chain(sid):
            num = style.find("w:pPr/w:numPr", NS)
            if num is not None:
                return val(num.find("w:numId", NS)) or "0", int(val(num.find("w:ilvl", NS)) or 0)
        return None

    def rpr_levels(self, run_rpr, para_sid: str | None) -> list[etree._Element]:
        """Run property sources, strongest first: the run, its character style, the paragraph style, defaults."""
        levels = [run_rpr] if run_rpr is not None else []
        char_sid = val(run_rpr.find("w:rStyle", NS)) if run_rpr is not None else None
        for style in self.chain(char_sid) + self.chain(para_sid or self.default.get("paragraph")):
            rpr = style.find("w:rPr", NS)
            if rpr is not None:
                levels.append(rpr)
        if self.doc_rpr is not None:
            levels.append(self.doc_rpr)
        return levels


def run_font(levels: list[etree._Element]) -> str:
    """The font the run's Latin text is drawn with (hAnsi, else ascii); "" for a theme font."""
    names = {}
    for attr in ("hAnsi", "ascii"):
        for rpr in levels:
            fonts = rpr.find("w:rFonts", NS)
            if fonts is None:
                continue
            if fonts.get(w(f"w:{attr}Theme")):
                names[attr] = ""
                break
            if fonts.get(w(f"w:{attr}")):
                names[attr] = fonts.get(w(f"w:{attr}"))
                break
    for attr in ("hAnsi", "ascii"):
        if legacy.font_encoding(names.get(attr)):
            return names[attr]
    return names.get("hAnsi") or names.get("ascii") or ""


def prop(levels: list[etree._Element], tag: str) -> bool:
    """A toggle run property resolved through the levels."""
    for rpr in levels:
        value = toggle(rpr.find(tag, NS))
        if value is not None:
            return value
    return False


_FORMATS = {
    "lowerLetter": lambda n: _letters(n),
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": lambda n: _roman(n),
    "decimalZero": lambda n: f"{n:02d}",
}


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (Word's letter numbering)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    """An integer in upper-case Roman numerals."""
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


class Numbering:
    """numbering.xml: list formats and Word's running counters."""

    def __init__(self, root: etree._Element | None):
        """Read every abstract list's levels and every list instance's start overrides."""
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        if root is None:
            return
        for absn in root.findall("w:abstractNum", NS):
            lvls = {}
            for lvl in absn.findall("w:lvl", NS):
                lvls[int(lvl.get(w("w:ilvl")))] = (
                    val(lvl.find("w:numFmt", NS)) or "decimal",
                    val(lvl.find("w:lvlText", NS)) or "",
                    int(val(lvl.find("w:start", NS)) or 1),
                )
            self.levels[absn.get(w("w:abstractNumId"))] = lvls
        for num in root.findall("w:num", NS):
            starts = {}
            for override in num.findall("w:lvlOverride", NS):
                start = val(override.find("w:startOverride", NS))
                if start is not None:
                    starts[int(override.get(w("w:ilvl")))] = int(start)
            self.nums[num.get(w("w:numId"))] = (val(num.find("w:abstractNumId", NS)), starts)

    def next(self, num_id: str, ilvl: int) -> tuple[str, str, int] | None:
        """Advance the list and give (format, label text, number) of this item, or None for no list."""
        if num_id not in self.nums:
            return None
        abs_id, starts = self.nums[num_id]
        lvls = self.levels.get(abs_id, {})
        if ilvl not in lvls:
            return None
        counters = self.counters.setdefault(abs_id, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for level, start in starts.items():
                counters[level] = start - 1
        fmt, text, start = lvls[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(match: re.Match) -> str:
            """The formatted counter of the level a %n placeholder names."""
            level = int(match.group(1)) - 1
            value = counters.get(level, lvls.get(level, ("decimal", "", 1))[2])
            level_fmt = lvls.get(level, ("decimal",))[0]
            return _FORMATS.get(level_fmt, str)(value)

        label = re.sub(r"%([1-9])", number, text) if fmt not in ("bullet", "none") else ""
        return fmt, label, counters[ilvl]
