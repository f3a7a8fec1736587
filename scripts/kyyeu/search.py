"""The search index of the built site (Pagefind). Placeholder until the search issue lands."""
from __future__ import annotations

from pathlib import Path

from .views.common import Site


def index(site_dir: Path, site: Site) -> None:
    """Index the built site in site_dir for search."""
    return None
