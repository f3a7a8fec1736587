"""Citation exports: CSL-JSON in; BibTeX, RIS, CSL-JSON and formatted references out, each made by a library.

`kyyeu.cite.items` turns the project's records into CSL-JSON items once; everything here derives from
those items: BibTeX with bibtexparser v2, RIS with rispy, references with citeproc-py and the CSL styles in
kyyeu/data/csl/ (APA 7 simplified for citeproc-py, and the Vietnamese journal style "vn").
"""
from __future__ import annotations

from .bibtex import to_bibtex
from .csljson import to_csl_json
from .render import LOCALES, STYLES, format_reference
from .ris import to_ris

__all__ = ["LOCALES", "STYLES", "format_reference", "to_bibtex", "to_csl_json", "to_ris"]
