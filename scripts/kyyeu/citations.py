"""Citations and harvester metadata of the site's records, built once from the model.

This is the ONE place that turns records into CSL-JSON items (`csl_item`). Everything else is derived
from those items: the downloads (BibTeX, RIS, CSL-JSON through `kyyeu.cite`, i.e. bibtexparser, rispy
and citeproc-py), the formatted references of the cite box (APA 7 and the Vietnamese journal style),
the Google Scholar (Highwire) and Dublin Core <meta> tags, and the schema.org JSON-LD.

What a view puts in its page's front matter (`kyyeu:`), via `front_matter(site, entry, lang)`:

    cite:   {apa: html, vn: html, files: {bib, ris, json}, whole: bool}   the cite box (overrides/partials/kyyeu-cite.html)
    head:   [{name, content}, …]                                          <meta> tags (overrides/main.html)
    jsonld: "{…}"                                                         schema.org JSON-LD as JSON text, safe in <script>

Citation files go into `site.site_files`, by their path in the built site, and are written there after
MkDocs (they never pass through it: no page links them in Markdown, and copying 6,000 files through the
docs folder and the i18n plugin cost 2.5 s of a 1,000-paper build). Each language's page has its own
files beside it (`x/cite.bib`, `en/x/cite.bib`): cite.bib / cite.ris / cite.json for a paper or
document, volume.bib / volume.ris / volume.json (the proceedings and every paper) for a volume. The
Atom feeds (feed.xml per language) go through the docs folder (`site.extra_files`): the home page links them.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from typing import Any

import markdown as _markdown

from .cite import format_reference, to_bibtex, to_csl_json, to_ris
from .load import Entry
from .model import DOC_TYPES, LANGS, Document, Paper, Survey, Volume
from .views.common import Site, labels, page_dir, url

#: Where the site lives when neither KYYEU_SITE_URL nor mkdocs.yml says otherwise.
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
#: Download formats (file extensions), in the order the cite box lists them.
FORMATS = ("bib", "ris", "json")
#: Seat of the publisher (the organiser), by the organiser's `place`: provincial bodies are Lào Cai ones.
PUBLISHER_PLACE = {"provincial": "Lào Cai", "national": "Hà Nội"}
#: Atom feed file per language, as written into the docs folder (the en one is served at en/feed.xml):
#: through MkDocs, as the home page links it.
FEED_FILES = {"vi": "feed.xml", "en": "feed.en.xml"}
ATOM = "http://www.w3.org/2005/Atom"
#: Entries in a feed: feed readers poll it for what is new; a feed of all 2,000 records of a
#: 1,000-paper site weighed 1.3–1.6 MB per language and was fetched whole on every poll.
FEED_ENTRIES = 100

_WORDS = {
    "proceedings": {"vi": "Kỷ yếu {event}", "en": "Proceedings of the {event}"},
    "title_is_topic": {
        "vi": "Tên tham luận là chủ đề được báo chí đưa tin; tên chính xác chưa được công bố.",
        "en": "The title is the paper's topic as reported by the press; its exact title has not been published.",
    },
    "written_in": {"vi": "Tham luận viết bằng {language}.", "en": "The paper is written in {language}."},
    "feed_title": {"vi": "{site}: văn bản và tham luận mới, được cập nhật", "en": "{site}: new and updated documents and papers"},
}
_LANGUAGE = {"vi": {"vi": "tiếng Việt", "en": "tiếng Anh"}, "en": {"vi": "Vietnamese", "en": "English"}}


# --- addresses ----------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _configured_site_url(root: Path) -> str:
    """site_url of mkdocs.yml (its !ENV tag resolved by MkDocs' own YAML loader), or the default."""
    try:
        from mkdocs.utils.yaml import yaml_load

        with (root / "mkdocs.yml").open(encoding="utf-8") as f:
            value = (yaml_load(f) or {}).get("site_url")
    except (OSError, ValueError, TypeError):
        value = None
    return value or DEFAULT_SITE_URL


def site_url(root: Path) -> str:
    """The site's absolute base URL with a trailing slash: KYYEU_SITE_URL, else mkdocs.yml, else the default.

    The same value MkDocs uses for canonical links and the sitemap, so that every absolute URL agrees.
    """
    value = os.environ.get("KYYEU_SITE_URL") or _configured_site_url(root)
    return value.rstrip("/") + "/"


def page_url(site: Site, entry: Entry, lang: str) -> str:
    """Absolute URL of a record's page in a language."""
    return site_url(site.corpus.root) + url(page_dir(entry), lang)


def citation_key(entry: Entry) -> str:
    """Stable ASCII key: "laocai2023-cong-an" for a paper, "laocai2023" for a volume, "vn-24-2018-qh14" for a document."""
    if entry.kind == "paper":
        return f"{entry.volume.replace('-', '')}-{entry.id}"
    if entry.kind == "volume":
        return entry.id.replace("-", "")
    if entry.kind == "document":
        return f"vn-{entry.id}"
    raise ValueError(f"no citation for a {entry.kind}")


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


# --- text ---------------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def plain(text_md: str | None) -> str:
    """Markdown as one line of plain text (for abstracts in citations, meta tags and feeds)."""
    return _plain(text_md) if text_md else ""


@lru_cache(maxsize=4096)
def _plain(text_md: str) -> str:
    rendered = _markdown.markdown(text_md)
    return " ".join(html.unescape(_TAG.sub(" ", rendered)).split())


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def _org(site: Site, org_id: str, lang: str) -> str:
    return site.corpus.organisations[org_id].record.name[lang]


def event_title(volume: Volume, lang: str) -> str:
    """The event as cited: Hội thảo khoa học “<title>” / Scientific workshop “<title>”."""
    return f"{labels(lang)[volume.kind]} “{volume.title[lang]}”"


def proceedings_title(volume: Volume, lang: str) -> str:
    """The proceedings as cited: Kỷ yếu hội thảo khoa học “<title>” / Proceedings of the scientific workshop “<title>”."""
    event = labels(lang)[volume.kind]
    return _WORDS["proceedings"][lang].format(event=f"{event[0].lower()}{event[1:]} “{volume.title[lang]}”")


def _keywords(entry: Entry, lang: str) -> list[str]:
    """A paper's own keywords (the volume's subjects are not put in its authors' mouth)."""
    return [k[lang] for k in getattr(entry.record, "keywords", [])]


# --- CSL-JSON: the one model → citation mapping -------------------------------------------------------


def csl_item(site: Site, entry: Entry, lang: str) -> dict:
    """The CSL-JSON item of a paper, volume (the proceedings) or document, with the page language's strings."""
    if entry.kind == "paper":
        return _paper_item(site, entry, lang)
    if entry.kind == "volume":
        return _volume_item(site, entry, lang)
    if entry.kind == "document":
        return _document_item(site, entry, lang)
    raise ValueError(f"no citation for a {entry.kind}")


def _volume_common(site: Site, volume: Entry, lang: str) -> dict:
    v: Volume = volume.record
    organiser = site.corpus.organisations[v.organiser].record
    return {
        "event-title": event_title(v, lang),
        "event-date": _date_parts(v.date),
        "event-place": v.place[lang],
        "publisher": organiser.name[lang],
        "publisher-place": PUBLISHER_PLACE[organiser.place],
        "issued": _date_parts(v.date),
    }


def _paper_item(site: Site, entry: Entry, lang: str) -> dict:
    p: Paper = entry.record
    volume = site.corpus.volumes[entry.volume]
    if p.authors:
        author = [{"family": a.family, "given": a.given} for a in p.authors]
    else:  # no personal author: the contributing organisations are the authors
        author = [{"literal": _org(site, o, lang)} for o in p.contributors]
    item: dict[str, Any] = {
        "id": citation_key(entry),
        "type": "paper-conference",
        "title": p.title[lang],
        "author": author,
        "container-title": proceedings_title(volume.record, lang),
        **_volume_common(site, volume, lang),
        "language": lang,
        "URL": page_url(site, entry, lang),
    }
    abstract = plain(getattr(p.abstract, lang)) if p.abstract else ""
    if abstract:
        item["abstract"] = abstract
    keywords = _keywords(entry, lang)
    if keywords:
        item["keyword"] = ", ".join(keywords)
    notes = []
    if p.title_is_topic:
        notes.append(_WORDS["title_is_topic"][lang])
    if p.language != lang:
        notes.append(_WORDS["written_in"][lang].format(language=_LANGUAGE[lang][p.language]))
    if notes:
        item["note"] = " ".join(notes)
    return item


def _volume_item(site: Site, entry: Entry, lang: str) -> dict:
    v: Volume = entry.record
    item: dict[str, Any] = {
        "id": citation_key(entry),
        "type": "book",
        "title": proceedings_title(v, lang),
        **_volume_common(site, entry, lang),
        "language": lang,
        "URL": page_url(site, entry, lang),
        "abstract": v.summary[lang],
    }
    if v.keywords:
        item["keyword"] = ", ".join(k[lang] for k in v.keywords)
    return item


def _document_item(site: Site, entry: Entry, lang: str) -> dict:
    d: Document = entry.record
    return {
        "id": citation_key(entry),
        "type": "legislation",
        "title": d.title[lang],
        "number": d.number,
        "authority": _org(site, d.issuer, lang),
        "issued": _date_parts(d.issued),
        "genre": DOC_TYPES[d.type][lang],
        "language": lang,
        "URL": page_url(site, entry, lang),
    }


def volume_items(site: Site, volume: Entry, lang: str) -> list[dict]:
    """The whole volume: the proceedings first, then every paper in programme order."""
    return [csl_item(site, volume, lang)] + [csl_item(site, p, lang) for p in site.corpus.papers_of(volume.id)]


# --- the cite box and its files -----------------------------------------------------------------------


def cite_box(site: Site, entry: Entry, lang: str, item: dict | None = None) -> dict:
    """Front matter of the cite box; registers the page's BibTeX, RIS and CSL-JSON files in site.site_files."""
    item = item or csl_item(site, entry, lang)
    items = volume_items(site, entry, lang) if entry.kind == "volume" else [item]
    names = file_names(entry)
    outputs = _files(json.dumps(items, ensure_ascii=False, sort_keys=True))
    for ext, name in names.items():
        site.site_files[url(page_dir(entry), lang) + name] = outputs[ext]
    return {
        "apa": reference(item, "apa", lang),
        "vn": reference(item, "vn", lang),
        "files": names,
        "whole": entry.kind == "volume",
    }


# Rendering is the slow part of generating pages (citeproc-py, bibtexparser's writer): results are kept
# by what made them, during a build in a Store on disk (so that a build only redoes the records that
# changed since the last one), otherwise in this process's memory (so that `kyyeu serve` rebuilds only
# redo the records that changed; unbounded: a bounded cache smaller than the corpus would redo them all).
_MEMORY: dict[tuple, Any] = {}


def _remembered(key: tuple, make):
    """The result made by make() for key: from the open Store, else from this process's memory."""
    if _STORE:
        return _STORE.get(key, make)
    if key not in _MEMORY:
        _MEMORY[key] = make()
    return _MEMORY[key]


def _files(items_json: str) -> dict[str, bytes]:
    def make() -> dict[str, str]:
        items = json.loads(items_json)
        return {"bib": to_bibtex(items), "ris": to_ris(items), "json": to_csl_json(items)}

    return {ext: text.encode("utf-8") for ext, text in _remembered(("files", items_json), make).items()}


def _reference(item_json: str, style: str, lang: str) -> str:
    return _remembered(("reference", style, lang, item_json),
                       lambda: format_reference(json.loads(item_json), style, lang, "html"))


@lru_cache(maxsize=1)
def _renderer_version() -> str:
    """What the stored results depend on besides the items: this module, kyyeu.cite's code and styles, the libraries."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    # this module too: it decides what each stored result holds (_files' formats, the "html" format)
    for path in sorted([Path(__file__).resolve(), *(package / "cite").glob("*.py"), *(package / "data" / "csl").glob("*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for dist in ("citeproc-py", "bibtexparser", "rispy", "pylatexenc", "lxml"):
        digest.update(f"{dist}={version(dist)}".encode())
    return digest.hexdigest()


class Store:
    """Formatted references and citation files of earlier builds, kept in one JSON file.

    A result is found by the hash of what made it (the item's CSL-JSON, the style, the language); the
    file is thrown away whole when this module, kyyeu.cite's code, its styles or the libraries change. `save` keeps
    only the results this build used, so the file does not grow with deleted or edited records.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.version = _renderer_version()
        self.found: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.hits = self.misses = 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("version") == self.version and isinstance(data.get("results"), dict):
            self.found = data["results"]

    def get(self, key: tuple, make):
        digest = hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()
        if digest in self.found:
            self.hits += 1
            value = self.found[digest]
        else:
            self.misses += 1
            value = make()
        self.used[digest] = value
        return value

    def save(self) -> None:
        """Write the results used since this store was opened (atomically: write beside, rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_name(self.path.name + ".part")
        part.write_text(json.dumps({"version": self.version, "results": self.used}, ensure_ascii=False), encoding="utf-8")
        part.replace(self.path)


_STORE: Store | None = None


@contextlib.contextmanager
def stored(path: Path):
    """While generating, take formatted references and citation files from (and keep them in) path."""
    global _STORE
    previous, _STORE = _STORE, Store(path)
    try:
        yield _STORE
        _STORE.save()
    finally:
        _STORE = previous


def reference(item: dict, style: str, lang: str) -> str:
    """A formatted reference (HTML) of a CSL item: style "apa" or "vn", words in the page language."""
    return _reference(json.dumps(item, ensure_ascii=False, sort_keys=True), style, lang)


# --- <head>: Highwire (Google Scholar) and Dublin Core -------------------------------------------------


def _slash_date(day: dt.date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def _creators(item: dict) -> list[str]:
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
    abstract page's folder, so the en page gets none.
    """
    if lang != "vi":
        return []
    base = page_url(site, entry, lang)
    return [base + quote(a.file) for a in entry.record.attachments if a.kind == "pdf"]


def head_tags(site: Site, entry: Entry, lang: str, item: dict | None = None) -> list[dict[str, str]]:
    """<meta name content> pairs of a paper or document page: Google Scholar's Highwire tags, then Dublin Core."""
    item = item or csl_item(site, entry, lang)
    tags: list[dict[str, str]] = []

    def add(name: str, content: str | None) -> None:
        if content:
            tags.append({"name": name, "content": content})

    creators = _creators(item)
    issued = dt.date(*item["issued"]["date-parts"][0])
    add("citation_title", item["title"])
    for name in creators:
        add("citation_author", name)
    add("citation_publication_date", _slash_date(issued))
    if entry.kind == "paper":
        add("citation_conference_title", item["event-title"])
        add("citation_publisher", item["publisher"])
    add("citation_language", lang)
    add("citation_abstract_html_url", item["URL"])
    if entry.kind == "paper" and lang in entry.fulltext:
        add("citation_fulltext_html_url", item["URL"])
    for pdf in pdf_urls(site, entry, lang):
        add("citation_pdf_url", pdf)
    keywords = [k for k in (item.get("keyword") or "").split(", ") if k]
    add("citation_keywords", "; ".join(keywords))
    add("DC.title", item["title"])
    for name in creators:
        add("DC.creator", name)
    add("DC.date", issued.isoformat())
    add("DC.language", lang)
    add("DC.identifier", item["URL"])
    if entry.kind == "document":
        add("DC.identifier", item["number"])
    add("DC.publisher", item.get("publisher") or item.get("authority"))
    add("DC.type", "Text")
    if entry.kind == "paper":
        add("DC.relation.ispartof", item["container-title"])
    for k in keywords:
        add("DC.subject", k)
    return tags


# --- schema.org JSON-LD --------------------------------------------------------------------------------


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
        out = {**base, "@type": "ScholarlyArticle", "name": item["title"], "author": authors,
               "datePublished": volume.record.date.isoformat(),
               "isPartOf": {"@type": "Book", "@id": page_url(site, volume, lang), "name": item["container-title"],
                            "publisher": _organisation_ld(site, volume.record.organiser, lang),
                            "datePublished": volume.record.date.isoformat()},
               "publisher": _organisation_ld(site, volume.record.organiser, lang),
               "isAccessibleForFree": True}
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
        out = {**base, "@type": "Legislation", "name": d.title[lang], "legislationIdentifier": d.number,
               "legislationType": DOC_TYPES[d.type][lang], "legislationDate": d.issued.isoformat(),
               "datePublished": d.issued.isoformat(), "legislationPassedBy": _organisation_ld(site, d.issuer, lang),
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


# --- Atom feeds -----------------------------------------------------------------------------------------


def _git_dates(root: Path) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(by file, by folder) → (newest, oldest) commit date (ISO 8601) of what changed under papers/.

    One `git log` for the whole folder; empty when git or the history is not available.
    """
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", "papers"],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}, {}
    by_file: dict[str, tuple[str, str]] = {}
    by_dir: dict[str, tuple[str, str]] = {}
    for block in out.split("\x00")[1:]:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        when = lines[0].strip()
        for path in lines[1:]:
            for key, table in ((path, by_file), (path.rsplit("/", 1)[0], by_dir)):
                newest, _ = table.get(key, (when, when))
                table[key] = (newest, when)  # git log runs newest first: the last one seen is the oldest
    return by_file, by_dir


def _own_date(site: Site, entry: Entry) -> dt.date:
    """The latest of a record's own dates not after today (the fallback when git history is not available)."""
    rec = entry.record
    if entry.kind == "paper":
        days = [site.corpus.volumes[entry.volume].record.date] + [e.date for e in rec.status if e.date]
    elif entry.kind == "document":
        days = [d for d in (rec.issued, rec.effective, rec.expiry) if d]
    else:
        days = [rec.date]
    past = [d for d in days if d <= site.today]
    return max(past) if past else min(days)


def entry_dates(site: Site, entry: Entry, git: tuple[dict, dict]) -> tuple[str, str]:
    """(published, updated) of a record for the feeds: first and last commit that touched it, else its own dates."""
    by_file, by_dir = git
    rel = entry.file if entry.kind == "volume" else entry.file.rsplit("/", 1)[0]
    found = (by_file if entry.kind == "volume" else by_dir).get(rel)
    if found:
        newest, oldest = found
        return oldest, newest
    day = _own_date(site, entry).isoformat() + "T00:00:00+00:00"
    return day, day


def _summary(site: Site, entry: Entry, lang: str) -> str:
    """A feed entry's text: the volume's summary, a paper's abstract, a document's summary, else its reference."""
    rec = entry.record
    if entry.kind == "volume":
        return rec.summary[lang]
    own = rec.abstract if entry.kind == "paper" else rec.summary
    if own and getattr(own, lang):
        return plain(getattr(own, lang))
    return " ".join(html.unescape(_TAG.sub("", reference(csl_item(site, entry, lang), "vn", lang))).split())


def feed(site: Site, lang: str, git: tuple[dict, dict] | None = None) -> bytes:
    """The Atom feed of new and changed volumes, papers and documents in one language: the newest
    FEED_ENTRIES, newest first (the whole catalogue is records.json and the sitemap)."""
    git = git if git is not None else _git_dates(site.corpus.root)
    base = site_url(site.corpus.root)
    t = labels(lang)
    corpus = site.corpus
    records = [*corpus.volumes.values(), *corpus.papers, *sorted(corpus.documents.values(), key=lambda d: d.id)]
    rows = []
    for entry in records:
        published, updated = entry_dates(site, entry, git)
        rows.append((updated, published, entry))
    rows.sort(key=lambda r: (r[0], r[2].key), reverse=True)
    rows = rows[:FEED_ENTRIES]
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    feed_url = base + url("", lang) + "feed.xml"
    sub(root, "id", feed_url)
    sub(root, "title", _WORDS["feed_title"][lang].format(site=t["site_name"]))
    sub(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    sub(root, "link", rel="alternate", type="text/html", href=base + url("", lang), hreflang=lang)
    sub(root, "updated", max((r[0] for r in rows), default=site.today.isoformat() + "T00:00:00+00:00"))
    author = sub(root, "author")
    sub(author, "name", t["site_name"])
    sub(root, "generator", "kyyeu")
    for updated, published, entry in rows:
        item = csl_item(site, entry, lang)
        e = sub(root, "entry")
        sub(e, "id", item["URL"])
        sub(e, "title", item["title"] if entry.kind != "document" else f"{item['genre']} {item['number']}: {item['title']}")
        sub(e, "link", rel="alternate", type="text/html", href=item["URL"], hreflang=lang)
        other = next(x for x in LANGS if x != lang)
        # the other language as "related", not a second "alternate": feed readers open the last alternate they find
        sub(e, "link", rel="related", type="text/html", href=page_url(site, entry, other), hreflang=other)
        sub(e, "published", published)
        sub(e, "updated", updated)
        names = _creators(item) or [item.get("publisher", t["site_name"])]
        for name in names:
            sub(sub(e, "author"), "name", name)
        sub(e, "category", term=entry.kind, label=t[entry.kind] if entry.kind in t else entry.kind)
        sub(e, "summary", _summary(site, entry, lang), type="text")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def register_feeds(site: Site) -> None:
    """Put the Atom feed of each language the site generates into site.extra_files (/feed.xml, /en/feed.xml)."""
    git = _git_dates(site.corpus.root)
    for lang in site.langs:
        site.extra_files[FEED_FILES[lang]] = feed(site, lang, git)
