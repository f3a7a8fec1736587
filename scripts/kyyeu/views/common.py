"""What every view shares: the Page it returns and the Jinja2 environment of the Markdown templates.

Addresses, labels and dates, which the citations need too, are in `kyyeu.site`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from ..cite.feeds import last_changed
from ..model import AUDIENCES
from ..site import TEMPLATES, Site, fmt_date, href, labels, link


@dataclass
class Page:
    """One generated Markdown page in one language."""

    path: str  #: source path under the generated docs folder, e.g. "volumes/laocai-2023/index.en.md"
    meta: dict[str, Any]  #: front matter
    body: str  #: Markdown body


# --- text -------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#>|])")


def inline(text: str) -> str:
    """Plain text made safe to place inline in Markdown (no accidental emphasis, links or HTML)."""
    # "<" has no Markdown escape: it becomes an entity, so no text can open an HTML tag.
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace("\n", " ")


def lang_span(text: str, shown: str | None, lang: str) -> str:
    """Inline Markdown text marked with its language (lang) when it is not the page's: a note without translation."""
    return text if not shown or shown == lang else f'<span lang="{shown}">{text}</span>'


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment for Markdown templates (no HTML autoescape: output is Markdown)."""
    # auto_reload off: a template is read once per process, not checked on disk for every page (a
    # third of the render time); `kyyeu serve` starts a new environment when a template changes.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["inline"] = inline
    env.filters["date"] = fmt_date
    env.filters["lang_span"] = lang_span
    env.globals["link"] = link
    env.globals["href"] = href
    env.globals["AUDIENCES"] = AUDIENCES
    return env


def render(env: jinja2.Environment, template: str, **context: Any) -> str:
    """A template rendered to Markdown, with runs of blank lines collapsed."""
    text = env.get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def updated_row(site: Site, entry, lang: str) -> list[dict]:
    """The attribute card's "Cập nhật lần cuối" / "Last updated" row: the day of the last commit that changed
    the record (from git); no row without git history."""
    day = last_changed(site, entry)
    return [{"label": labels(lang)["last_updated"], "items": [{"text": fmt_date(day, lang)}]}] if day else []
