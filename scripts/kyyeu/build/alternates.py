"""Language alternates: absolute hreflang links in <head>, and no sitemap fetched by the theme's script.

Material for MkDocs 9.8.1 runs `setupAlternate` (its language-selector helper) on every page: at load it
takes every `<link rel="alternate">` of the document (the hreflang alternates, the x-default, the Atom
feed) and fetches `sitemap.xml` in the folder of each one's address, to map the current page into the
other language when the reader clicks the selector. On this site that meant 3–4 requests a page visit,
404s beside every page (only the root sitemap exists: console errors), the whole sitemap up to three
times (20 KB gzip at 1,000 papers, 200 KB at 10,000: a first visit that grew with the corpus), and a
301 on every language switch (the script fell back to the alternate's address without its slash).

The selector needs none of it: the i18n plugin writes each page's counterpart into the selector's link
at build time. So, as MkDocs copies the theme's files, the selector string `"link[rel=alternate]"` in Material's bundle is
made to match no element (`[data-md-sitemap]`, an attribute nothing has). It is a string literal, so it
survives minification; the build fails if it is not found exactly once (a Material upgrade shows at
once; Material is pinned). The
theme's instant-navigation code, which fetches the root sitemap too, is not enabled on this site.

With the script out of the way the hreflang links can be absolute, as search engines and Lighthouse
expect: `on_page_context` (after the i18n plugin's, which sets each page's counterpart) turns each
`extra.alternate[*].link` into `site_url` + the link, and keeps the site-relative one in `href` for the
language selector (overrides/partials/alternate.html), so that `kyyeu serve` does not send readers to
the production host. The root sitemap, for search engines, is untouched (kyyeu/build/publish.py).
"""
from __future__ import annotations

from urllib.parse import urljoin

from mkdocs.plugins import BasePlugin, event_priority

from ..errors import KyyeuError

#: Material's selector of the links its language helper reads, and what it becomes: a selector no element matches.
SELECTOR = '"link[rel=alternate]"'
NOTHING = '"link[rel=alternate][data-md-sitemap]"'


def patched(js: str, name: str = "bundle") -> str:
    """Material's bundle with its language helper reading no <link> (see the module's note). Raises
    KyyeuError when the bundle does not hold the selector exactly once."""
    if js.count(SELECTOR) != 1:
        raise KyyeuError(f"{name}: Material's selector {SELECTOR} is not in it exactly once "
                         "(a new Material version? see kyyeu/build/alternates.py)")
    return js.replace(SELECTOR, NOTHING)


class Alternates(BasePlugin):
    """MkDocs plugin: absolute hreflang alternates; Material's sitemap fetches switched off."""

    @event_priority(-50)  # after the i18n plugin's on_page_context (priority 0), which sets the page's counterparts
    def on_page_context(self, context, /, *, page, config, nav):
        base = config.site_url
        # the i18n plugin sets the list as an attribute of config.extra (what the templates read), not as an item
        for alt in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
            if base and "href" not in alt:  # the i18n plugin copies the list afresh for every page
                alt["href"] = alt["link"]
                alt["link"] = urljoin(base, alt["link"])
        return context

    @event_priority(-110)  # after the i18n plugin's on_files (-100), which needs every file's path on disk
    def on_files(self, files, /, *, config):
        # The theme's file is read and the patched text handed to MkDocs to write: each language's process
        # copies the theme's assets into the same site folder at the same time, so the site's copy is
        # never read back and patched in place.
        for file in files:
            if file.src_uri.startswith("assets/javascripts/bundle.") and file.src_uri.endswith(".min.js"):
                file.content_string = patched(file.content_string, file.src_uri)
        return files
