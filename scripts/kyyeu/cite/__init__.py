"""Everything about citations, from the records to what a reader or a harvester takes away.

    items.py    records → CSL-JSON items (the one mapping), absolute addresses, citation keys
    formats/    CSL-JSON items → BibTeX (bibtexparser), RIS (rispy), CSL-JSON, formatted references (citeproc-py)
    store.py    formatted references and files remembered between builds (.build/cache/citations-<lang>.json)
    files.py    the cite box of a page and its download files (cite.bib/.ris/.json, volume.*)
    meta.py     <head> of a cited page: Highwire and Dublin Core tags, schema.org JSON-LD; the `kyyeu:` front matter
    feeds.py    the Atom feeds

It depends only on the model (`kyyeu.model`, `kyyeu.load`) and on `kyyeu.site`, never on the views:
the views call `front_matter` and `register_feeds`; the build calls `stored` and `file_urls`.
"""
from __future__ import annotations

from .feeds import FEED_ENTRIES, feed, register_feeds
from .files import FORMATS, cite_box, file_names, file_urls
from .items import citation_key, csl_item, description, page_url, plain, site_url
from .meta import coins, document_description, front_matter, head_tags, jsonld, script_json
from .store import Store, reference, stored

__all__ = [
    "FEED_ENTRIES", "FORMATS", "Store", "citation_key", "cite_box", "coins", "csl_item", "description", "document_description", "feed", "file_names", "file_urls",
    "front_matter", "head_tags", "jsonld", "page_url", "plain", "reference", "register_feeds", "script_json",
    "site_url", "stored",
]
