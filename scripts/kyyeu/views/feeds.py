"""The Atom feeds of new and changed records, one per language (files, not pages)."""
from __future__ import annotations

from typing import Iterator

from .. import cite
from ..site import Site
from .common import Page


def pages(site: Site) -> Iterator[Page]:
    """No Markdown pages: registers feed.xml (vi) and feed.en.xml (served at /en/feed.xml)."""
    cite.register_feeds(site)
    return iter(())
