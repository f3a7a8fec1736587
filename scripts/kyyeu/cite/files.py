"""The cite box and its download files (BibTeX, RIS, CSL-JSON) beside each cited page.

Citation files go into `site.site_files`, by their path in the built site, and are written there after
MkDocs (they never pass through it: no page links them in Markdown, and copying 6,000 files through the
docs folder and the i18n plugin cost 2.5 s of a 1,000-paper build). Each language's page has its own
files beside it (`x/cite.bib`, `en/x/cite.bib`): cite.bib / cite.ris / cite.json for a paper or
document, volume.bib / volume.ris / volume.json (the proceedings and every paper) for a volume.
"""
from __future__ import annotations

import json

from ..load import Entry
from ..model import LANGS
from ..site import Site, page_dir, url
from .items import csl_item, volume_items
from .store import citation_files, reference

#: Download formats (file extensions), in the order the cite box lists them.
FORMATS = ("bib", "ris", "json")


def file_names(entry: Entry) -> dict[str, str] | None:
    """Download file names beside the page ({bib, ris, json}), or None for records that are not cited."""
    if entry.kind in ("paper", "document"):
        return {ext: f"cite.{ext}" for ext in FORMATS}
    if entry.kind == "volume":
        return {ext: f"volume.{ext}" for ext in FORMATS}
    return None


def file_urls(entry: Entry) -> dict[str, dict[str, str]] | None:
    """Site-relative URLs of a record's citation files per language (for records.json), or None."""
    names = file_names(entry)
    if names is None:
        return None
    return {lang: {ext: url(page_dir(entry), lang) + name for ext, name in names.items()} for lang in LANGS}


def cite_box(site: Site, entry: Entry, lang: str, item: dict | None = None) -> dict:
    """Front matter of the cite box; registers the page's BibTeX, RIS and CSL-JSON files in site.site_files."""
    item = item or csl_item(site, entry, lang)
    items = volume_items(site, entry, lang) if entry.kind == "volume" else [item]
    names = file_names(entry)
    outputs = citation_files(json.dumps(items, ensure_ascii=False, sort_keys=True))
    for ext, name in names.items():
        site.site_files[url(page_dir(entry), lang) + name] = outputs[ext]
    return {
        "apa": reference(item, "apa", lang),
        "vn": reference(item, "vn", lang),
        "files": names,
        "whole": entry.kind == "volume",
    }


