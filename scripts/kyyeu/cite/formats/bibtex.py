"""BibTeX from CSL-JSON, written by bibtexparser v2's model and writer."""
from __future__ import annotations

import datetime as _dt
import unicodedata

import bibtexparser
from bibtexparser.middlewares import (
    AddEnclosingMiddleware,
    MergeCoAuthors,
    MergeNameParts,
    MonthAbbreviationMiddleware,
)
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from pylatexenc.latexencode import (
    RULE_DICT,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
    get_builtin_uni2latex_dict,
)

from ._fields import LEGAL_TYPES, Creator, authors, checked, creators, date_parts, keywords, text

# Only the characters TeX itself treats specially are escaped (with pylatexenc's own macros for them);
# every other character, Vietnamese letters included, stays UTF-8 as it is: biber, bibtexu and
# bibtex8 read UTF-8, and \usepackage[T5]{fontenc} or XeLaTeX/LuaLaTeX typeset it.
_TEX_SPECIALS = "#$%&\\^_{}~"
_ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[
        UnicodeToLatexConversionRule(
            RULE_DICT, {cp: tex for cp, tex in get_builtin_uni2latex_dict().items() if chr(cp) in _TEX_SPECIALS}
        )
    ],
    replacement_latex_protection="braces-after-macro",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)

#: CSL (BCP 47) language → babel/polyglossia name, the value biblatex's `langid` and `language` expect.
_BABEL = {"vi": "vietnamese", "en": "english", "fr": "french", "zh": "chinese", "ru": "russian"}

#: CSL type → BibTeX entry type; anything else is @misc.
_ENTRY_TYPES = {
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "article-journal": "article",
}

_FORMAT = BibtexFormat()
_FORMAT.indent = "  "
_FORMAT.block_separator = "\n"


def _tex(value: str) -> str:
    """Text with TeX's special characters escaped, everything else kept."""
    if not any(ch in _TEX_SPECIALS for ch in value):
        return value  # the usual case: pylatexenc's walk over every letter costs a fifth of a large build
    return _ENCODER.unicode_to_latex(value)


def _protected(value: str) -> str:
    """Text in an inner brace group, so that styles that change case keep it as written."""
    return "{" + _tex(value) + "}"


def _name_parts(creator: Creator) -> NameParts:
    """bibtexparser's name parts; an organisation is one braced "last" part, so BibTeX never splits it."""
    if creator.is_corporate:
        return NameParts(last=[_protected(creator.literal)])
    return NameParts(
        first=[_tex(creator.given)],
        von=[_tex(creator.particle)] if creator.particle else [],
        last=[_tex(creator.family)],
        jr=[_tex(creator.suffix)] if creator.suffix else [],
    )


def _iso_date(parts: tuple[int, ...]) -> str:
    """A CSL date's parts as ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD), biblatex's `date` format."""
    full = _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1).isoformat()
    return full[: {1: 4, 2: 7}.get(len(parts), 10)]


def _language(item: dict) -> str:
    """The babel name of the item's language ("vi" → "vietnamese"), or the code itself when unknown."""
    code = text(item, "language")
    return _BABEL.get(code.split("-")[0].lower(), code)


def _entry(item: dict) -> Entry:
    """One bibtexparser entry for one CSL item."""
    csl_type = item["type"]
    legal = csl_type in LEGAL_TYPES
    # Legal and party documents are @misc. BibLaTeX's @legislation is one of its "unsupported" types
    # (the standard styles print it with the @misc driver) and classic .bst styles do not know it at all
    # (BibTeX warns and falls back, or drops fields). Both handle @misc alike: `author` gives the label
    # and the sort key (the issuing body as a corporate name, since @misc has no `organization` in
    # BibTeX), and `howpublished` is the one descriptive field both print, so it carries
    # "<genre> <number>" ("Luật 24/2018/QH14", the way Vietnamese texts cite a law). `number` is kept
    # too, for programs that import the file, though neither prints it for @misc.
    entry_type = "misc" if legal else _ENTRY_TYPES.get(csl_type, "misc")
    fields: list[Field] = []

    def add(key: str, value, enclosing: str | None = None) -> None:
        if value not in ("", None, []):
            fields.append(Field(key, value, enclosing=enclosing))

    add("title", _protected(text(item, "title")) if text(item, "title") else "")
    add("author", [_name_parts(c) for c in authors(item)])
    add("editor", [_name_parts(c) for c in creators(item, "editor")])
    if entry_type in ("inproceedings", "incollection"):
        add("booktitle", _protected(text(item, "container-title")) if text(item, "container-title") else "")
    elif entry_type == "article":
        add("journal", _tex(text(item, "container-title")))
        add("volume", _tex(text(item, "volume")))
        add("number", _tex(text(item, "issue")))
    if entry_type == "inproceedings":
        # biblatex's event fields; classic BibTeX ignores them.
        add("eventtitle", _tex(text(item, "event-title") or text(item, "event")))
        event = date_parts(item, "event-date")
        add("eventdate", _iso_date(event) if event else "")
        add("venue", _tex(text(item, "event-place")))
    if legal:
        add("howpublished", _tex(" ".join(p for p in (text(item, "genre"), text(item, "number")) if p)))
        add("number", _tex(text(item, "number")))
    issued = date_parts(item)
    if issued:
        add("year", str(issued[0]))
        if len(issued) > 1:
            add("month", issued[1])  # turned into the macro `jan`…`dec` by MonthAbbreviationMiddleware
        add("date", _iso_date(issued))
    add("pages", _tex(text(item, "page").replace("-", "--").replace("\u2013", "--")))
    add("address", _tex(text(item, "publisher-place")))
    add("publisher", _tex(text(item, "publisher")))
    add("language", _language(item))
    add("langid", _language(item))
    add("doi", text(item, "DOI"))
    add("url", text(item, "URL"))  # verbatim: biblatex and the url package read it raw
    add("abstract", _tex(text(item, "abstract")))
    add("keywords", _tex(", ".join(keywords(item))))
    add("note", _tex(text(item, "note")))
    return Entry(entry_type, item["id"], fields)


def to_bibtex(items: list[dict]) -> str:
    """BibTeX (UTF-8, diacritics as they are) for CSL-JSON items, keyed by their CSL ids."""
    library = bibtexparser.Library()
    for item in checked(items):
        library.add(_entry(item))
    # The library is built here and thrown away after writing, so the middlewares may change its
    # blocks in place: copying every block first (their default) was most of the export's time.
    stack = [
        MonthAbbreviationMiddleware(allow_inplace_modification=True),
        MergeNameParts(style="last", allow_inplace_modification=True),
        MergeCoAuthors(allow_inplace_modification=True),
        AddEnclosingMiddleware(
            reuse_previous_enclosing=False,
            enclose_integers=False,
            default_enclosing="{",
            allow_inplace_modification=True,
        ),
    ]
    out = bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=_FORMAT)
    return unicodedata.normalize("NFC", out)
