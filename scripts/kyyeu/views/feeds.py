"""The Atom feeds of new and changed records, one per language (files, not pages)."""
from __future__ import annotations

from typing import Iterator

from .. import citations
from .common import Page, Site


def pages(site: Site) -> Iterator[Page]:
    """No Markdown pages: registers feed.xml (vi) and feed.en.xml (served at /en/feed.xml)."""
    citations.register_feeds(site)
    return iter(())
