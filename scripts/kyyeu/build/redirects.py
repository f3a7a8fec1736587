"""Old addresses keep working: a record that moved (`moved_from:` in paper.yml or document.yml) gets, at
each old address and in each language, a page that sends the reader on to its new page.

mkdocs-redirects writes those pages. Its own page carries an inline script, which the site's policy
(kyyeu/build/csp.py) forbids, so its template is replaced by one with the same policy as every page, a
<meta http-equiv="refresh"> and a link: no script. The maps come from the records: `generate` writes them
beside the docs folder (redirects.json, old page folder → new page folder), and each language's MkDocs run
gives the plugin that language's pages.
"""
from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path

from ..load import Corpus, moved_keys
from ..site import page_dir, source_file, url
from .csp import POLICY, REFERRER

MAPS_FILE = "redirects.json"

TEMPLATE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="referrer" content="{referrer}">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="canonical" href="{{url}}">
<meta http-equiv="refresh" content="0; url={{url}}">
</head>
<body>
<p>{text} <a href="{{url}}">{link}</a></p>
</body>
</html>
"""
WORDS = {
    "vi": {"title": "Trang đã chuyển địa chỉ", "text": "Trang này đã chuyển sang địa chỉ mới:", "link": "mở trang mới"},
    "en": {"title": "This page has moved", "text": "This page has moved to a new address:", "link": "open the new page"},
}


def maps(corpus: Corpus) -> dict[str, str]:
    """Old page folder → the record's page folder, for every moved paper and document."""
    out: dict[str, str] = {}
    for entry in [*corpus.papers, *corpus.documents.values()]:
        for old in moved_keys(entry):
            volume, _, ident = old.rpartition("/")
            out[f"volumes/{volume}/{ident}/" if entry.kind == "paper" else f"documents/{ident}/"] = page_dir(entry)
    return dict(sorted(out.items()))


def maps_file(docs_dir: Path) -> Path:
    """Where `generate` leaves the maps for the MkDocs runs: beside the docs folder, not in it."""
    return Path(docs_dir).parent / MAPS_FILE


def redirect_maps(docs_dir: Path, lang: str, default: str) -> dict[str, str]:
    """mkdocs-redirects' redirect_maps for one language: old page (as a Markdown path of the built
    language's folder) → the new page's Markdown source."""
    path = maps_file(docs_dir)
    found = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {url(old, "vi" if lang == default else lang) + "index.md": source_file(new, "vi" if lang == default else lang)
            for old, new in found.items()}


@lru_cache(maxsize=1)
def _plugin_class():
    """mkdocs-redirects' plugin, reading the pages after mkdocs-static-i18n has given them their language's
    addresses (its on_files runs last, at priority -100)."""
    from mkdocs.plugins import event_priority
    from mkdocs_redirects.plugin import RedirectPlugin

    class AfterI18n(RedirectPlugin):
        @event_priority(-110)
        def on_files(self, files, config, **kwargs):
            return super().on_files(files, config, **kwargs)

    return AfterI18n


def add_plugin(config, docs_dir: Path, lang: str, default: str) -> None:
    """Give one language's MkDocs configuration the redirect plugin with that language's maps (none: nothing)."""
    found = redirect_maps(docs_dir, lang, default)
    if not found:
        return
    import mkdocs_redirects.plugin as redirects

    words = {k: html.escape(v) for k, v in WORDS.get(lang, WORDS["vi"]).items()}
    # The plugin formats this module-level template with the target's address: no inline script.
    redirects.HTML_TEMPLATE = TEMPLATE.format(lang=lang, policy=html.escape(POLICY), referrer=REFERRER, **words)
    plugin = _plugin_class()()
    errors, warnings = plugin.load_config({"redirect_maps": found})
    if errors:
        raise ValueError(f"redirect maps: {errors}")
    config.plugins["kyyeu-redirects"] = plugin
