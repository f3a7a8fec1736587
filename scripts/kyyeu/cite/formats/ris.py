"""RIS from CSL-JSON, written by rispy."""
from __future__ import annotations

import re
import unicodedata

import rispy

from ._fields import LEGAL_TYPES, Creator, authors, checked, creators, date_parts, keywords, text

#: CSL type → RIS reference type (TY). Legal documents are STAT (statute), bills BILL.
_RIS_TYPES = {
    "paper-conference": "CPAPER",
    "legislation": "STAT",
    "regulation": "STAT",
    "treaty": "STAT",
    "bill": "BILL",
    "book": "BOOK",
    "chapter": "CHAP",
    "article-journal": "JOUR",
    "report": "RPRT",
    "webpage": "ELEC",
    # a party directive or resolution: GOVDOC (Zotero: report); GEN would import as a journal article
    "document": "GOVDOC",
}

_SPACES = re.compile(r"\s+")


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its "1.", "2." counter lines, which are not RIS: each record starts at TY."""

    def set_header(self, count: int) -> str:
        """No header line before a record."""
        return ""


def _line(value: str) -> str:
    """A value on one line: an RIS tag holds one line, so line breaks become spaces."""
    return _SPACES.sub(" ", value).strip()


def _ris_name(creator: Creator) -> str:
    """A name as RIS writes it: "Family, Given[, Suffix]"; an organisation with a trailing comma.

    The RIS specification has no corporate-author tag; AU with a trailing comma ("Công an tỉnh Lào Cai,")
    is the convention EndNote and Reference Manager use for a name that has no given part, and Zotero's
    importer, which splits AU on the first comma, then keeps the whole organisation as the family name
    instead of cutting "Cai" off as a surname. A2 (secondary author, i.e. editor) and PB (publisher)
    would misstate the organisation's role.
    """
    if creator.is_corporate:
        return _line(creator.literal) + ","
    family = " ".join(p for p in (creator.particle, creator.family) if p)
    return ", ".join(_line(p) for p in (family, creator.given, creator.suffix) if p)


def _record(item: dict) -> dict:
    """One rispy record (rispy's field names) for one CSL item."""
    csl_type = item["type"]
    record: dict = {"type_of_reference": _RIS_TYPES.get(csl_type, "GEN"), "id": item["id"]}

    def put(key: str, value) -> None:
        if value not in ("", None, []):
            record[key] = value

    put("title", _line(text(item, "title")))
    put("authors", [_ris_name(c) for c in authors(item)])
    put("secondary_authors", [_ris_name(c) for c in creators(item, "editor")])
    if csl_type not in LEGAL_TYPES:
        # CHAP/JOUR: T2 is the title of the book or journal the item appears in; CPAPER: the conference's name
        # (Zotero reads it as conferenceName), and CY its place, when no proceedings contain the paper.
        put("secondary_title", _line(text(item, "container-title") or text(item, "event-title") or text(item, "event")))
        if csl_type == "paper-conference" and not text(item, "publisher-place"):
            put("place_published", _line(text(item, "event-place")))
    issued = date_parts(item)
    if issued:
        put("year", str(issued[0]))
        # RIS date: YYYY/MM/DD/other, missing parts left empty.
        put("date", "/".join([f"{issued[0]:04d}", *(f"{p:02d}" for p in issued[1:]), *[""] * (3 - len(issued))]) + "/")
    if csl_type in LEGAL_TYPES:
        # STAT: M1 is the "Public Law Number" in the RIS specification's statute layout and in Zotero's
        # RIS mapping, so the document number (24/2018/QH14) goes there; SN is an ISBN/ISSN slot.
        put("note", _line(text(item, "number")))
        # no M3 (type of work): Zotero's RIS importer has no M3 field for statutes and reads it as a DOI
    page = text(item, "page").replace("\u2013", "-")
    if page:
        first, _, last = page.partition("-")
        put("start_page", first.strip())
        put("end_page", last.strip())
    put("volume", _line(text(item, "volume")))
    put("number", _line(text(item, "issue")))
    if text(item, "publisher-place"):
        put("place_published", _line(text(item, "publisher-place")))
    put("publisher", _line(text(item, "publisher")))
    put("language", text(item, "language"))
    put("doi", text(item, "DOI"))
    put("urls", [text(item, "URL")] if text(item, "URL") else [])
    put("abstract", _line(text(item, "abstract")))
    put("keywords", [_line(k) for k in keywords(item)])
    put("notes", [_line(text(item, "note"))] if text(item, "note") else [])
    return record


def to_ris(items: list[dict]) -> str:
    """RIS (UTF-8) for CSL-JSON items: CPAPER for papers, STAT for legal documents."""
    out = rispy.dumps([_record(item) for item in checked(items)], implementation=_RisWriter)
    return unicodedata.normalize("NFC", out)
