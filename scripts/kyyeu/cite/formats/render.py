"""Formatted references (APA 7, Vietnamese journal style) rendered by citeproc-py from CSL-JSON."""
from __future__ import annotations

import html
import threading
import unicodedata
import warnings
from functools import lru_cache
from importlib.resources import files

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import VARIABLES as _CITEPROC_VARIABLES
from citeproc import model as _citeproc_model
from citeproc.source.json import CiteProcJSON

from kyyeu.errors import KyyeuError

from ._fields import checked

#: Style name → CSL file shipped in kyyeu/data/csl/.
STYLES = {"apa": "apa.csl", "vn": "vn.csl"}
#: Page language → CSL locale (citeproc-py ships both locale files).
LOCALES = {"vi": "vi-VN", "en": "en-US"}
_FORMATTERS = {"html": formatter.html, "text": formatter.plain}

#: CSL-JSON keys citeproc-py's Reference accepts; others make it warn, so they are left out.
_KNOWN = {v.replace("_", "-") for v in _CITEPROC_VARIABLES} | {"id", "type"}
# citeproc-py styles are mutable while they render (the bibliography sets their formatter).
_LOCK = threading.Lock()


def _remembered_xpath(self, expression):
    """citeproc-py's CitationStylesElement.xpath_search, remembered per element and expression.

    citeproc-py runs the same XPath queries on the same style and locale elements for every reference
    (166,000 queries for a 1,000-paper site, a third of its time). Styles and locales are parsed once
    per process and never change, so each answer is kept: a reference takes 0.8 ms instead of 1.5 ms,
    with byte-identical output (tests/test_cite_outputs.py). The key holds the element, which keeps
    lxml's proxy for that node alive, so the same node always gives the same key.
    """
    key = (self, expression)
    found = _XPATH.get(key)
    if found is None:
        found = _XPATH[key] = self.xpath(expression, namespaces=self.nsmap)
    return found


_XPATH: dict = {}
_citeproc_model.CitationStylesElement.xpath_search = _remembered_xpath


@lru_cache(maxsize=None)
def _style(style: str, locale: str) -> CitationStylesStyle:
    """The parsed, schema-checked CSL style with its locale chain (parsed once per process)."""
    path = files("kyyeu") / "data" / "csl" / STYLES[style]
    with warnings.catch_warnings():
        # citeproc-py reports a failed schema validation as a warning: make it an error here.
        warnings.simplefilter("error")
        return CitationStylesStyle(str(path), locale=locale, validate=True)


def _for_citeproc(item: dict) -> dict:
    """The item as citeproc-py 0.11 reads it: CSL 1.0.1 variable names only.

    CSL 1.0.2's `event-title` is given to citeproc-py as the 1.0.1 `event`; a bracketed title is marked
    as a description (`status`); variables it does not know
    (and would warn about) are dropped: none of them is printed by the shipped styles.
    """
    data = dict(item)
    if "event-title" in data:
        data.setdefault("event", data["event-title"])
    if str(data.get("title", "")).startswith("["):
        # An APA 7 description in square brackets, not a title: the styles print it without italics or
        # quotation marks when `status` is set (the shipped styles use the variable for nothing else).
        data.setdefault("status", "description")
    return {k: v for k, v in data.items() if k in _KNOWN}


def _html_escaped(value):
    """A JSON-like value with every string HTML-escaped (&, <, >).

    citeproc-py's HTML formatter escapes the style's own terms but inserts the item's variables
    (titles, names, URLs) as they are, so "A & B <x>" would come out as broken or unsafe HTML.
    """
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {k: _html_escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_html_escaped(v) for v in value]
    return value


def format_reference(item: dict, style: str, lang: str, fmt: str = "html") -> str:
    """One reference-list entry for a CSL-JSON item: style "apa" or "vn", lang "vi" or "en", fmt "html" or "text"."""
    if style not in STYLES:
        raise KyyeuError(f"unknown citation style {style!r} (expected one of {', '.join(STYLES)})")
    if lang not in LOCALES:
        raise KyyeuError(f"unknown citation language {lang!r} (expected one of {', '.join(LOCALES)})")
    if fmt not in _FORMATTERS:
        raise KyyeuError(f"unknown reference format {fmt!r} (expected html or text)")
    (clean,) = checked([item])
    data = _for_citeproc(clean)
    if fmt == "html":
        data = {k: (v if k in ("id", "type") else _html_escaped(v)) for k, v in data.items()}
    source = CiteProcJSON([data])
    with _LOCK:
        bibliography = CitationStylesBibliography(_style(style, LOCALES[lang]), source, _FORMATTERS[fmt])
        bibliography.register(Citation([CitationItem(clean["id"].lower())]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    if len(entries) != 1:
        raise KyyeuError(f"citeproc-py rendered {len(entries)} entries for citation item {clean['id']!r}")
    return unicodedata.normalize("NFC", entries[0])
