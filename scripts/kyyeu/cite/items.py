"""Records → CSL-JSON items: the ONE mapping from the model to citations.

Everything else in `kyyeu.cite` derives from these items: the downloads (`formats`: BibTeX, RIS,
CSL-JSON, formatted references), the cite box (`files`), the <meta> tags and JSON-LD (`meta`) and the
Atom feeds (`feeds`). Here too: the site's absolute addresses and the citation keys.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown as _markdown

from ..load import Entry
from ..model import DOC_TYPES, Document, Paper, Volume
from ..site import Site, book_pages, labels, page_dir, url

#: Where the site lives when neither KYYEU_SITE_URL nor mkdocs.yml says otherwise.
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
#: Seat of the publisher (the organiser), by the organiser's `place`: provincial bodies are Lào Cai ones.
PUBLISHER_PLACE = {"provincial": "Lào Cai", "national": "Hà Nội"}

WORDS = {
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

# --- text ---------------------------------------------------------------------------------------------

TAG = re.compile(r"<[^>]+>")


def plain(text_md: str | None) -> str:
    """Markdown as one line of plain text (for abstracts in citations, meta tags and feeds)."""
    return _plain(text_md) if text_md else ""


@lru_cache(maxsize=4096)
def _plain(text_md: str) -> str:
    rendered = _markdown.markdown(text_md)
    return " ".join(html.unescape(TAG.sub(" ", rendered)).split())


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
    return WORDS["proceedings"][lang].format(event=f"{event[0].lower()}{event[1:]} “{volume.title[lang]}”")


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
    if pages := book_pages(site, entry, lang):  # its pages in the printed kỷ yếu (build/pdf.py)
        item["page"] = pages["first_label"] if pages["first_label"] == pages["last_label"] else f"{pages['first_label']}-{pages['last_label']}"
    abstract = plain(getattr(p.abstract, lang)) if p.abstract else ""
    if abstract:
        item["abstract"] = abstract
    keywords = _keywords(entry, lang)
    if keywords:
        item["keyword"] = ", ".join(keywords)
    notes = []
    if p.title_is_topic:
        notes.append(WORDS["title_is_topic"][lang])
    if p.language != lang:
        notes.append(WORDS["written_in"][lang].format(language=_LANGUAGE[lang][p.language]))
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

