"""What a cited page carries in its <head>: Google Scholar (Highwire) and Dublin Core <meta> tags and
schema.org JSON-LD, and the `kyyeu:` front matter a view adds for them and for the cite box.

What a view puts in its page's front matter (`kyyeu:`), via `front_matter(site, entry, lang)`:

    cite:   {apa: html, vn: html, files: {bib, ris, json}, whole: bool}   the cite box (overrides/partials/kyyeu-cite.html)
    head:   [{name, content}, …]                                          <meta> tags (overrides/main.html)
    jsonld: "{…}"                                                         schema.org JSON-LD as JSON text, safe in <script>
"""
from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any
from urllib.parse import quote

from ..load import Entry
from ..model import DOC_TYPES, Document, Paper, Survey, Volume
from ..site import Site, book_file, book_pages, labels, page_dir
from .files import cite_box
from .items import csl_item, description, event_title, has_text, is_statute, legal_name, page_url, site_url

def zotero_type(site: Site, entry: Entry) -> str:
    """DC.type for Zotero's Embedded Metadata translator: conferencePaper, statute or document (items.is_statute)."""
    if entry.kind == "paper":
        return "conferencePaper"
    return "statute" if is_statute(site, entry) else "document"


def meta_names(item: dict) -> list[str]:
    """Creators as meta tags name them: "Family, Given" for a person; an organisation with a trailing comma
    ("Báo Lào Cai,"), which Zotero keeps as one single-field name instead of splitting it like a person's."""
    names = []
    for a in item.get("author") or []:
        names.append(a["literal"] + "," if a.get("literal") else f"{a['family']}, {a['given']}")
    if not names and item.get("authority"):
        names.append(item["authority"] + ",")
    return names


def creator_names(item: dict) -> list[str]:
    names = []
    for a in item.get("author") or []:
        names.append(a.get("literal") or f"{a['family']} {a['given']}")
    if not names and item.get("authority"):
        names.append(item["authority"])
    return names


def pdf_urls(site: Site, entry: Entry, lang: str) -> list[str]:
    """Absolute URLs of the PDFs that sit in the page's own folder.

    The build copies attachments into the default-language folder only (the en page links to that
    copy), so only the vi page has its PDFs beside it; Google Scholar wants citation_pdf_url in the
    abstract page's folder, so the en page gets none of them. The PDF of a paper with a text (build/pdf.py
    prints it from the book) sits beside the page in each language and comes first.
    """
    # Rule 9: a paper awaiting its text has no PDF of its own (the printed book's page with its notice is not one),
    # so no citation_pdf_url, citation_firstpage or citation_lastpage; they come with the text.
    if entry.kind == "paper" and not has_text(entry):
        return []
    base = page_url(site, entry, lang)
    printed = [base + book_file(entry)] if book_pages(site, entry, lang) else []  # the paper's PDF from the book
    if lang != "vi":
        return printed
    return printed + [base + quote(a.file) for a in entry.record.attachments if a.kind == "pdf"]


def head_tags(site: Site, entry: Entry, lang: str, item: dict | None = None) -> list[dict[str, str]]:
    """<meta name content> pairs of a paper or document page: Google Scholar's Highwire tags, then Dublin Core."""
    item = item or csl_item(site, entry, lang)
    tags: list[dict[str, str]] = []

    def add(name: str, content: str | None) -> None:
        if content:
            tags.append({"name": name, "content": content})

    names = meta_names(item)
    issued = dt.date(*item["issued"]["date-parts"][0]).isoformat()
    title = legal_name(site, entry, lang) if entry.kind == "document" else item["title"]
    about = description(site, entry, lang) if entry.kind == "paper" else document_description(entry, lang)
    add("citation_title", title)
    for name in names:
        add("citation_author", name)
    add("citation_publication_date", issued)  # ISO 8601: Zotero saves it as written
    if entry.kind == "paper":
        add("citation_conference_title", item["event-title"])
        add("citation_publisher", item.get("publisher"))
    add("citation_language", item["language"])  # the work's language (vi) on both pages
    add("citation_abstract", about)  # never the title; carries the caveat when the title is a reported topic
    add("citation_abstract_html_url", item["URL"])
    if entry.kind == "paper" and lang in entry.fulltext:
        add("citation_fulltext_html_url", item["URL"])
    for pdf in pdf_urls(site, entry, lang):
        add("citation_pdf_url", pdf)
    if pages := book_pages(site, entry, lang):
        add("citation_firstpage", pages["first_label"])
        add("citation_lastpage", pages["last_label"])
    keywords = [k for k in (item.get("keyword") or "").split(", ") if k]
    add("citation_keywords", "; ".join(keywords))
    add("DC.title", title)
    for name in names:
        add("DC.creator", name)
    add("DC.date", issued)
    add("DC.language", item["language"])
    add("DC.identifier", item["URL"])
    if entry.kind == "document":
        add("DC.identifier", item["number"])
    add("DC.publisher", item.get("publisher"))
    add("DC.type", zotero_type(site, entry))
    add("DC.description", about)
    if item.get("container-title"):
        add("DC.relation.ispartof", item["container-title"])
    for k in keywords:
        add("DC.subject", k)
    return tags



def coins(site: Site, entry: Entry, lang: str) -> str:
    """One COinS span (OpenURL 1.0 ContextObject in a span's title) for an item on a list page, so that Zotero offers
    to save the whole list. Not on item pages, where it would outrank the meta tags. A paper is a conference paper
    (book format, genre proceeding: its title in rft.atitle), a document a statute or a document (Dublin Core format
    with rft.type); organisations go in rft.aucorp (one institutional name; rft.au would split it like a person's)."""
    item = csl_item(site, entry, lang)
    if entry.kind == "paper":
        pairs = [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "proceeding"), ("rft.atitle", item["title"])]
    else:
        pairs = [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", zotero_type(site, entry)),
                 ("rft.title", legal_name(site, entry, lang))]
    for a in item.get("author") or [{"literal": item["authority"]}]:
        if a.get("literal"):
            pairs.append(("rft.aucorp", a["literal"]))
        else:
            pairs += [("rft.aulast", a["family"]), ("rft.aufirst", a["given"])]
    pairs += [("rft.date", dt.date(*item["issued"]["date-parts"][0]).isoformat()), ("rft.language", item["language"]),
              ("rft_id", item["URL"])]
    title = "ctx_ver=Z39.88-2004&" + "&".join(f"{k}={quote(v, safe='')}" for k, v in pairs)
    return f'<span class="Z3988" title="{html.escape(title)}"></span>'


def document_description(entry: Entry, lang: str) -> str:
    """A document's page description: its summary, with the caution when its title is only its reported subject."""
    from .items import WORDS, plain  # noqa: PLC0415

    d: Document = entry.record
    text = plain(d.summary.get(lang)[0]) if d.summary else d.listed_title(lang)
    return f"{text} {WORDS['doc_title_is_topic'][lang]}" if d.title_is_topic else text


def _organisation_ld(site: Site, org_id: str, lang: str) -> dict:
    org = site.corpus.organisations[org_id]
    out = {"@type": "Organization", "name": org.record.name[lang], "url": page_url(site, org, lang)}
    if org.record.url:
        out["sameAs"] = str(org.record.url)
    return out


def jsonld(site: Site, entry: Entry, lang: str, item: dict | None = None) -> dict:
    """schema.org JSON-LD: ScholarlyArticle (paper), Legislation (document), Event (volume), Dataset (survey)."""
    data = _jsonld(site, entry, lang, item)
    return {"@context": data.pop("@context"), "@type": data.pop("@type"), **data}


def item_name(site: Site, entry: Entry, lang: str) -> str:
    """A document's cited title (bracketed when it is a reported subject; the English rendering after the Vietnamese)."""
    return csl_item(site, entry, lang)["title"]


def _jsonld(site: Site, entry: Entry, lang: str, item: dict | None) -> dict:
    here = page_url(site, entry, lang)
    base = {"@context": "https://schema.org", "@id": here, "url": here, "inLanguage": lang}
    if entry.kind == "paper":
        p: Paper = entry.record
        volume = site.corpus.volumes[entry.volume]
        item = item or csl_item(site, entry, lang)
        if p.authors:
            authors = [{"@type": "Person", "name": a.name, "familyName": a.family, "givenName": a.given,
                        **({"affiliation": _organisation_ld(site, a.affiliation, lang)} if a.affiliation else {})}
                       for a in p.authors]
        else:
            authors = [_organisation_ld(site, o, lang) for o in p.contributors]
        v: Volume = volume.record
        # Presented at the event (its day, place and organiser); no publication or free-access claim until the text
        # is on the site, and never a publisher the sources do not name.
        event = {"@type": "Event", "@id": page_url(site, volume, lang), "name": item["event-title"],
                 "startDate": v.date.isoformat(), "endDate": v.date.isoformat(),
                 "location": {"@type": "Place", "name": v.venue[lang] if v.venue else v.place[lang], "address": v.place[lang]},
                 "organizer": _organisation_ld(site, v.organiser, lang)}
        out = {**base, "inLanguage": p.language, "@type": "ScholarlyArticle" if has_text(entry) else "CreativeWork",
               "name": item["title"], "author": authors, "description": description(site, entry, lang),
               "@reverse": {"workFeatured": event}}
        if not has_text(entry):
            out["genre"] = item["genre"]
        else:
            issued = dt.date(*item["issued"]["date-parts"][0]).isoformat()
            out.update(datePublished=issued, isAccessibleForFree=True,
                       isPartOf={"@type": "Book", "@id": page_url(site, volume, lang), "name": item["container-title"]})
            if item.get("publisher"):
                out["publisher"] = {"@type": "Organization", "name": item["publisher"]}
        if len(item["title"]) <= 110:  # Google's limit for headline
            out["headline"] = item["title"]
        if item.get("abstract"):
            out["abstract"] = item["abstract"]
        if item.get("keyword"):
            out["keywords"] = item["keyword"].split(", ")
        return out
    if entry.kind == "document":
        d: Document = entry.record
        status = site.corpus.status(entry, site.today).code
        out = {**base, "inLanguage": "vi", "@type": "Legislation", "name": item_name(site, entry, lang), "legislationIdentifier": d.number,
               "legislationType": DOC_TYPES[d.type][lang], "legislationDate": d.issued.isoformat(),
               "legislationPassedBy": _organisation_ld(site, d.issuer, lang),
               "legislationJurisdiction": "VN" if d.scope == "national" else ("tỉnh Lào Cai, Việt Nam" if lang == "vi" else "Lào Cai province, Vietnam")}
        if d.effective:
            out["legislationDateOfApplicability"] = d.effective.isoformat()
        if d.signer:
            out["author"] = {"@type": "Person", "name": d.signer}
        force = {"in-force": "InForce", "replaced": "NotInForce", "expired": "NotInForce"}.get(status)
        if force:
            out["legislationLegalForce"] = f"https://schema.org/{force}"
        return out
    if entry.kind == "volume":
        v: Volume = entry.record
        out = {**base, "@type": "Event", "name": event_title(v, lang), "description": v.summary[lang],
               "startDate": v.date.isoformat(), "endDate": v.date.isoformat(),
               "eventStatus": "https://schema.org/EventScheduled",
               "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
               "location": {"@type": "Place", "name": v.venue[lang] if v.venue else v.place[lang], "address": v.place[lang]},
               "organizer": _organisation_ld(site, v.organiser, lang)}
        if v.keywords:
            out["keywords"] = [k[lang] for k in v.keywords]
        return out
    if entry.kind == "survey":
        s: Survey = entry.record
        t = labels(lang)
        volume = site.corpus.volumes[entry.volume]
        csv_url = site_url(site.corpus.root) + page_dir(entry) + f"{entry.id}.csv"  # the CSV sits in the default-language folder
        out = {**base, "@type": "Dataset", "name": s.title[lang],
               "description": f"{s.title[lang]}. {t['question']}: {s.question[lang]} {s.method[lang]}, {s.area[lang]}; {s.period[lang]}.",
               "creator": _organisation_ld(site, s.conducted_by, lang),
               "measurementTechnique": s.method[lang], "variableMeasured": s.question[lang],
               "spatialCoverage": s.area[lang], "isAccessibleForFree": True,
               "isPartOf": {"@type": "Event", "@id": page_url(site, volume, lang), "name": event_title(volume.record, lang)},
               "distribution": [{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": csv_url}]}
        return out
    raise ValueError(f"no JSON-LD for a {entry.kind}")


# --- what a view adds to its front matter --------------------------------------------------------------


def front_matter(site: Site, entry: Entry, lang: str) -> dict:
    """The `kyyeu:` keys citations add to a page: cite box (and its files), head tags and JSON-LD, as the kind calls for."""
    out: dict[str, Any] = {}
    item = csl_item(site, entry, lang) if entry.kind in ("paper", "document", "volume") else None
    if item:
        out["cite"] = cite_box(site, entry, lang, item)
    if entry.kind in ("paper", "document"):
        out["head"] = head_tags(site, entry, lang, item)
    if entry.kind in ("paper", "document", "volume", "survey"):
        out["jsonld"] = script_json(jsonld(site, entry, lang, item))
    return out


def script_json(data: dict) -> str:
    """JSON-LD as text to place inside <script type="application/ld+json"> as it is.

    "<" can only occur inside JSON strings, where \u003c means the same character: so no "</script",
    "<!--" or "</" can end or confuse the element. Vietnamese stays readable UTF-8.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
