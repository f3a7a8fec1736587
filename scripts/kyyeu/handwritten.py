"""Hand-written pages in docs/: copied as they are; a page missing its translation gets one that
shows the original with a notice, never an empty page and never a silent fallback."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from .site import untranslated

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_H1 = re.compile(r"^# .*$", re.M)


def twin(path: str, lang: str) -> str:
    """The same page's file name in another language: about.md ↔ about.en.md."""
    stem = path[: -len(".en.md")] if path.endswith(".en.md") else path[: -len(".md")]
    return f"{stem}.md" if lang == "vi" else f"{stem}.en.md"


def with_notice(text: str, shown_lang: str, page_lang: str) -> str:
    """A page's original text with the "not translated yet" notice under its title."""
    notice = untranslated(shown_lang, page_lang)
    block = f'\n!!! info ""\n    {notice}\n\n<div lang="{shown_lang}" markdown>\n'
    front = _FRONT.match(text)
    head, body = (text[: front.end()], text[front.end():]) if front else ("", text)
    h1 = _H1.search(body)
    if h1:
        body = body[: h1.end()] + "\n" + block + body[h1.end():]
    else:
        body = block + body
    return head + body + "\n</div>\n"


def files(docs: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of docs/ as (relative path, content), plus the missing translations of its pages."""
    present = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    for rel_path in sorted(present):
        data = (docs / rel_path).read_bytes()
        yield rel_path, data
        if not rel_path.endswith(".md"):
            continue
        lang = "en" if rel_path.endswith(".en.md") else "vi"
        other = "vi" if lang == "en" else "en"
        if twin(rel_path, other) not in present:
            yield twin(rel_path, other), with_notice(data.decode("utf-8"), lang, other).encode()
