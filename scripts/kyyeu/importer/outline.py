"""The outline of an imported text under its page: the Word title taken out, headings shifted under the page's own.

A record's page has its own h1 (the record's title) and puts the full text under an h2 ("Toàn văn" / "Full
text"), so the text's headings start at h3 and never skip a level, whatever levels Word used.
"""
from __future__ import annotations

import unicodedata

from .mdtext import Block

#: The level of the text's top headings: under the page's h1 (title) and h2 ("Toàn văn").
TOP_LEVEL = 3


def same_title(a: str, b: str) -> bool:
    """Whether two titles are the same words (case, spacing, final full stop and Unicode form aside)."""
    def key(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split()).rstrip(" .:")
    return key(a) == key(b)


def take_title(blocks: list[Block], record_title: str | None) -> tuple[list[Block], str | None]:
    """The blocks without the document's own title, and that title (None when it has none).

    The title is the first paragraph in Word's Title style, or a first heading equal to the record's title:
    the page shows the record's title as its h1, so it is not repeated in the text.
    """
    for i, block in enumerate(blocks):
        if block.kind == "heading" and block.title:
            return blocks[:i] + blocks[i + 1:], block.plain
    first = next((i for i, b in enumerate(blocks) if b.kind != "para" or b.plain.strip()), None)
    if first is not None and blocks[first].kind == "heading" and record_title and same_title(blocks[first].plain, record_title):
        return blocks[:first] + blocks[first + 1:], blocks[first].plain
    return blocks, None


def shift_headings(blocks: list[Block], top: int = TOP_LEVEL) -> list[Block]:
    """Headings renumbered from `top` by their nesting: a heading is one level below the nearest heading
    before it with a smaller Word level, so no level is ever skipped (h3 → h5 becomes h3 → h4)."""
    open_levels: list[int] = []  # Word levels of the headings that contain the current one
    for block in blocks:
        if block.kind != "heading":
            continue
        while open_levels and open_levels[-1] >= block.level:
            open_levels.pop()
        open_levels.append(block.level)
        block.level = min(top + len(open_levels) - 1, 6)
    return blocks
