"""The MkDocs plugin that makes every page safe to serve (issue 11), added to the configuration by
`kyyeu.build.mkdocs` beside Squeeze:

* the allow-list (`kyyeu.sanitize.clean`) on the HTML of every generated page and its table of
  contents; the hand-written pages of docs/ are the project's own and keep their forms;
* titles and descriptions escaped: the theme writes them unescaped into <title>, <meta content> and
  the navigation;
* rel="noopener" on every link to another site;
* the Content-Security-Policy and referrer policy for overrides/main.html, and the `_headers` file
  (`kyyeu.build.csp`).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from markupsafe import Markup, escape
from mkdocs.plugins import BasePlugin

from . import csp
from ..sanitize import align_classes, clean

#: Links to another site: <a … href="http(s)://…"> (the page's own host is unknown here: every absolute
#: http(s) link in the built HTML is to another site, the site's own links are relative).
_EXTERNAL_A = re.compile(r'<a\s(?=[^>]*\bhref="(?:https?:)?//)[^>]*>', re.I)
_REL = re.compile(r'\brel="([^"]*)"', re.I)


def external_links_noopener(page_html: str) -> str:
    """Every link to another site carries rel="noopener" (and keeps the rel words it had)."""

    def fix(m: re.Match) -> str:
        tag = m.group(0)
        rel = _REL.search(tag)
        if rel is None:
            return tag[:-1] + ' rel="noopener">' if not tag.endswith("/>") else tag[:-2] + ' rel="noopener"/>'
        words = rel.group(1).split()
        if "noopener" in words:
            return tag
        return tag[: rel.start()] + f'rel="{" ".join([*words, "noopener"])}"' + tag[rel.end():]

    return _EXTERNAL_A.sub(fix, page_html)


def _escaped(value: Any) -> Any:
    """Text the theme writes unescaped into <title>, <meta content> and the navigation, made safe there."""
    return value if isinstance(value, Markup) or not isinstance(value, str) else escape(value)


class SafeHtml(BasePlugin):
    """MkDocs plugin: the allow-list on every generated page's HTML, escaped titles and descriptions,
    rel="noopener" on links to other sites, and the site's Content-Security-Policy for the theme (and,
    as a headers file, for hosts that read one: see csp.py).

    trusted: the folder of hand-written pages (docs/), which are the project's own and keep their forms.
    """

    def __init__(self, trusted: Path | None = None) -> None:
        super().__init__()
        self.trusted = Path(trusted) if trusted else None

    def on_config(self, config, /):
        config.extra["kyyeu_csp"] = csp.POLICY
        config.extra["kyyeu_referrer"] = csp.REFERRER
        return config

    def _is_trusted(self, page) -> bool:
        return self.trusted is not None and (self.trusted / page.file.src_uri).is_file()

    def on_page_markdown(self, markdown: str, /, *, page, config, files) -> str:
        if not self._is_trusted(page):
            for key in ("title", "description"):
                if key in page.meta:
                    page.meta[key] = _escaped(page.meta[key])
        return markdown

    def on_page_content(self, content: str, /, *, page, config, files) -> str:
        if self._is_trusted(page):
            return align_classes(content)
        for item in _toc_items(page.toc):
            item.title = Markup(clean(str(item.title)))
        return clean(content)

    def on_post_page(self, output: str, /, *, page, config) -> str:
        return external_links_noopener(output)

    def on_post_build(self, *, config) -> None:
        i18n = config.plugins.get("i18n")
        if i18n is None or getattr(i18n, "current_language", None) in (None, getattr(i18n, "default_language", None)):
            csp.write_headers(Path(config.site_dir))  # the top of the site: the default language's build


def _toc_items(toc) -> Iterator[Any]:
    for item in toc or []:
        yield item
        yield from _toc_items(item.children)
