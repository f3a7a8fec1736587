"""Views: one module per kind of page. Each turns the corpus into Pages in both languages."""
from __future__ import annotations

from typing import Iterator

from . import document, feeds, home, organisation, paper, survey, topic, volume
from ..site import Site
from .common import Page

#: Every view, in the order their pages are written.
VIEWS = (home, volume, paper, survey, document, topic, organisation, feeds)


def all_pages(site: Site) -> Iterator[Page]:
    """Every generated page of the site, both languages."""
    for view in VIEWS:
        yield from view.pages(site)
