"""Markdown text rules for the site's Python-Markdown: escaping, emphasis, headings, blocks."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_INLINE = re.compile(r"([\\`*_\[\]{}|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: Line starts that Markdown would read as block syntax: heading, quote, list, table row.
_LINE_START = re.compile(r"^(#|>|[-+](?=\s|$)|\d+(?=[.]\s|[.]$))")
_RULE = re.compile(r"^[=-]+\s*$")


def escape(text: str) -> str:
    """Text → inline Markdown that shows exactly that text (no emphasis, links, HTML or attr lists)."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


def escape_line_start(line: str) -> str:
    """Escape what would make a line a heading, quote, list item, rule or definition."""
    if line.startswith(":"):
        return "&#58;" + line[1:]
    if _RULE.match(line):
        return "\\" + line
    match = _LINE_START.match(line)
    if not match:
        return line
    if match.group(1)[0].isdigit():
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def emphasis(md: str, bold: bool, italic: bool) -> str:
    """Wrap inline Markdown in ** / * / ***, keeping surrounding spaces outside the markers."""
    core = md.strip()
    if not core or not (bold or italic):
        return md
    marker = "***" if bold and italic else "**" if bold else "*"
    lead = md[: len(md) - len(md.lstrip())]
    trail = md[len(md.rstrip()):]
    return f"{lead}{marker}{core}{marker}{trail}"


def tidy_lines(md: str) -> list[str]:
    """Inline Markdown split at hard breaks, spaces collapsed, line starts escaped."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in md.split("\n")]
    return [escape_line_start(line) for line in lines if line]


@dataclass
class Block:
    """One block of the Markdown document."""

    kind: str  #: "heading", "para", "item" (list item) or "table"
    md: str  #: inline Markdown (a whole table for "table"); hard breaks as "\n"
    plain: str = ""  #: the text without Markdown, for pattern matching
    level: int = 0  #: heading level, or list depth from 0
    ordered: bool = False  #: numbered list item
    number: int = 0  #: its number in Word's numbering
    anchor: str = ""  #: attr_list id
    atoms: list[str] = field(default_factory=list)  #: images and footnote references inside it
    title: bool = False  #: a paragraph in Word's Title style (the document's own title)


def _item_lines(block: Block, depth: int) -> list[str]:
    """A list item at a depth, continuation lines indented under it."""
    indent = "    " * depth
    marker = f"{block.number}." if block.ordered else "-"
    lines = block.md.split("\n")
    return [f"{indent}{marker} {lines[0]}"] + [f"{indent}    {line}" for line in lines[1:]]


def write(blocks: list[Block], footnotes: list[list[str]]) -> str:
    """Blocks and footnote bodies (paragraphs each) → the Markdown document.

    Python-Markdown numbers every list from 1, so a numbered item whose Word number differs
    from the one Markdown would show (a list continued after a paragraph, a list starting
    at 3) is written as a paragraph with its number instead.
    """
    out: list[str] = []
    depth = -1
    counters: dict[int, int] = {}
    for block in blocks:
        if block.kind == "item":
            item_depth = min(block.level, depth + 1)
            expected = counters.get(item_depth, 0) + 1
            if not block.ordered or block.number == expected:
                if depth < 0 and out:
                    out.append("")
                depth = item_depth
                counters = {d: n for d, n in counters.items() if d < depth}
                counters[depth] = expected if block.ordered else 0
                out.extend(_item_lines(block, depth))
                continue
            block = Block("para", f"{block.number}\\. {block.md}")
        depth, counters = -1, {}
        if out:
            out.append("")
        if block.kind == "heading":
            anchor = f" {{#{block.anchor}}}" if block.anchor else ""
            out.append("#" * block.level + " " + block.md.replace("  \n", " ") + anchor)
        else:
            out.append(block.md)
            if block.anchor:
                out.append(f"{{: #{block.anchor} }}")
    for number, paragraphs in enumerate(footnotes, 1):
        out.append("")
        out.append(f"[^{number}]: " + paragraphs[0].replace("\n", "\n    "))
        for para in paragraphs[1:]:
            out.extend(["", "    " + para.replace("\n", "\n    ")])
    return "\n".join(out) + "\n" if out else ""
