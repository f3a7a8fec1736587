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
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown as _markdown

from ..load import Entry
from ..model import DOC_TYPES, Document, Paper, Volume
from ..site import Site, book_pages, labels, page_dir, url

#: Where the site lives when neither KYYEU_SITE_URL nor mkdocs.yml says otherwise.
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
WORDS = {
    "proceedings": {"vi": "Kỷ yếu {event}", "en": "Proceedings of the {event}"},
    # APA 7 (9.21): a work without a known title is cited by a description in square brackets.
    "topic": {"vi": "Tham luận về {topic}", "en": "Paper on {topic}"},
    "title_is_topic": {
        "vi": "Tên chính xác của tham luận chưa được công bố; phần trong ngoặc vuông mô tả tham luận theo chủ đề được báo chí đưa tin.",
        "en": "The paper's exact title has not been published; the text in square brackets describes it by its topic as the press reported it.",
    },
    "doc_title_is_topic": {
        "vi": "Các nguồn chưa cho biết trích yếu chính thức; phần trong ngoặc vuông là chủ đề của văn bản theo các nguồn.",
        "en": "The sources do not give the official title; the text in square brackets is the document's subject as they report it.",
    },
    "written_in": {"vi": "Tham luận viết bằng {language}.", "en": "The paper is written in {language}."},
    "organised": {"vi": "Hội thảo do {organiser} tổ chức.", "en": "The workshop was organised by the {organiser}."},
    "awaited": {"vi": "Toàn văn chưa được đăng trên trang.", "en": "The full text is not yet on the site."},
    # APA 7 (10.5): a conference contribution that was presented, not published.
    "presentation": {"vi": "Trình bày tại hội thảo", "en": "Paper presentation"},
    "described": {
        "vi": "Tham luận của {authors} trình bày tại {event} ngày {date}.",
        "en": "Paper by {authors} presented at the {event} on {date}.",
    },
    "topic_caveat": {
        "vi": "Tên chính xác chưa được công bố; tên trang là chủ đề của tham luận theo tin báo chí.",
        "en": "Its exact title has not been published; the page's title is its topic as the press reported it.",
    },
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


#: Block-level tags: they separate words; inline ones (<em>, <a>, …) do not, so "”</i>." stays "”.".
_BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|table|tr|td|th|br|hr)\b[^>]*>", re.I)


_CONVERTERS = threading.local()  #: one Markdown converter per thread (serve renders in two threads)


@lru_cache(maxsize=4096)
def _plain(text_md: str) -> str:
    # markdown.markdown() builds a new converter on every call, which cost more than the conversion
    # (N = 10,000: 4.9 of 10.7 s of a language's generate); reset() gives the same result.
    md = getattr(_CONVERTERS, "md", None)
    if md is None:
        md = _CONVERTERS.md = _markdown.Markdown()
    rendered = _BLOCK.sub(" ", md.reset().convert(text_md))
    return " ".join(html.unescape(TAG.sub("", rendered)).split())


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


def _lower_first(text: str) -> str:
    """A topic as it reads inside a sentence: its first letter in lower case, unless its first word is an acronym."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def bilingual(original: str, translated: str, lang: str, work_lang: str) -> str:
    """APA 7 (9.38): a work's title in its own language; on a page in another language, the translation follows in [brackets].

    A translated description is bracketed once: "[Tham luận về …] [Paper on …]".
    """
    if lang == work_lang or not translated or translated == original:
        return original
    return f"{original} {translated if translated.startswith('[') else f'[{translated}]'}"


def paper_title(p: Paper, lang: str) -> str:
    """A paper's title as cited: exact, or an APA 7 [description] when only its topic is known; the work's language first."""
    def own(in_lang: str) -> str:
        if p.title_is_topic:
            return "[" + WORDS["topic"][in_lang].format(topic=_lower_first(p.title[in_lang])) + "]"
        return p.title[in_lang]
    other = next(x for x in ("vi", "en") if x != p.language)
    return bilingual(own(p.language), own(other), lang, p.language)


def has_text(entry: Entry) -> bool:
    """Whether a paper's text is on the site (a full text page or a PDF): only then is the site's edition cited."""
    return bool(entry.fulltext) or any(a.kind == "pdf" for a in entry.record.attachments)


def publisher(site: Site, volume: Entry, lang: str) -> str:
    """The configured publisher of the online edition (volume.yml `publisher`), or "" when none is named."""
    configured = volume.record.publisher
    return configured[lang] if configured else ""


def _event(site: Site, volume: Entry, lang: str, work_lang: str) -> dict:
    """The event a paper was presented at: its name (in the work's language first), place and day."""
    v: Volume = volume.record
    other = next(x for x in ("vi", "en") if x != work_lang)
    return {
        "event-title": bilingual(event_title(v, work_lang), event_title(v, other), lang, work_lang),
        "event-date": _date_parts(v.date),
        "event-place": v.place[lang],
    }


def _paper_item(site: Site, entry: Entry, lang: str) -> dict:
    """A paper as APA 7 cites a conference contribution: a presentation (no proceedings were published), or,
    once its text is on the site, a paper in the site's edition of the proceedings."""
    p: Paper = entry.record
    volume = site.corpus.volumes[entry.volume]
    if p.authors:
        author = [{"family": a.family, "given": a.given} for a in p.authors]
    else:  # no personal author: the contributing organisations are the authors, named as the work names them
        author = [{"literal": _org(site, o, p.language)} for o in p.contributors]
    item: dict[str, Any] = {
        "id": citation_key(entry),
        "type": "paper-conference",
        "title": paper_title(p, lang),
        "author": author,
        **_event(site, volume, lang, p.language),
        "issued": _date_parts(volume.record.date),
        "language": p.language,
        "URL": page_url(site, entry, lang),
    }
    if has_text(entry):
        item["container-title"] = proceedings_title(volume.record, lang)
        published = [e.date for e in p.status if e.state in ("published", "revised") and e.date]
        if published:
            item["issued"] = _date_parts(published[-1])
        if publisher(site, volume, lang):
            item["publisher"] = publisher(site, volume, lang)
    else:
        item["genre"] = WORDS["presentation"][lang]
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
    notes.append(WORDS["organised"][lang].format(organiser=_org(site, volume.record.organiser, lang)))
    if not has_text(entry):
        notes.append(WORDS["awaited"][lang])
    item["note"] = " ".join(notes)
    return item


def description(site: Site, entry: Entry, lang: str) -> str:
    """A paper's page description (meta description, DC.description, the feeds' summary): its abstract, else who
    presented it where and when, with the caveat that its title is a reported topic. Never a copy of the title."""
    p: Paper = entry.record
    abstract = plain(getattr(p.abstract, lang)) if p.abstract else ""
    if abstract:
        return abstract
    volume = site.corpus.volumes[entry.volume].record
    from ..site import fmt_date  # noqa: PLC0415 (kept beside its one use)

    authors = ", ".join(a.name for a in p.authors) or ", ".join(_org(site, o, lang) for o in p.contributors)
    event = event_title(volume, lang)
    out = WORDS["described"][lang].format(authors=authors, event=event[0].lower() + event[1:] if lang == "en" else event,
                                          date=fmt_date(volume.date, lang))
    if p.title_is_topic:
        out += " " + WORDS["topic_caveat"][lang]
    if not has_text(entry):
        out += " " + WORDS["awaited"][lang]
    return out


def _volume_item(site: Site, entry: Entry, lang: str) -> dict:
    """The site's online edition of the proceedings: no publisher unless one is configured (the organiser held the
    event; no source says it published proceedings), and no date of publication (the edition grows)."""
    v: Volume = entry.record
    item: dict[str, Any] = {
        "id": citation_key(entry),
        "type": "book",
        "title": proceedings_title(v, lang),
        **_event(site, entry, lang, lang),
        "language": lang,
        "URL": page_url(site, entry, lang),
        "abstract": v.summary[lang],
    }
    if publisher(site, entry, lang):
        item["publisher"] = publisher(site, entry, lang)
    if v.keywords:
        item["keyword"] = ", ".join(k[lang] for k in v.keywords)
    return item


def _document_item(site: Site, entry: Entry, lang: str) -> dict:
    """A Vietnamese document: its Vietnamese title (in [brackets] when only its subject is known), the English
    rendering after it in brackets on the English page; the issuing body as named in Vietnamese."""
    d: Document = entry.record
    if not is_statute(site, entry):
        # a party body's directive or resolution (or a plan): a document of its issuer, not an act. Its number
        # goes into the title as Vietnamese citations write it, since a CSL/RIS document has no number field
        # that reference managers keep ("Chỉ thị số 30-CT/TW [của Bộ Chính trị về …]").
        item = {
            "id": citation_key(entry),
            "type": "document",
            "title": legal_name(site, entry, lang),
            "author": [{"literal": _org(site, d.issuer, "vi")}],
            "number": d.number,
            "issued": _date_parts(d.issued),
            "genre": DOC_TYPES[d.type][lang],
            "language": "vi",
            "URL": page_url(site, entry, lang),
        }
        if d.title_is_topic:
            item["note"] = WORDS["doc_title_is_topic"][lang]
        return item
    item = {
        "id": citation_key(entry),
        "type": "legislation",
        "title": bilingual(d.listed_title("vi"), d.listed_title("en"), lang, "vi"),
        "number": d.number,
        "authority": _org(site, d.issuer, "vi"),
        "issued": _date_parts(d.issued),
        "genre": DOC_TYPES[d.type][lang],
        "language": "vi",
        "URL": page_url(site, entry, lang),
    }
    if d.title_is_topic:
        item["note"] = WORDS["doc_title_is_topic"][lang]
    return item


#: Laws, decrees, decisions and circulars of state bodies are acts (statutes for reference managers: the act's
#: name, number and date enacted); a party body's directives, resolutions and regulations, and plans, are documents.
STATUTE_TYPES = frozenset({"law", "decree", "decision", "circular"})


def is_statute(site: Site, entry: Entry) -> bool:
    """Whether a document is cited as an act (CSL legislation, RIS STAT, Zotero statute) or as a document."""
    d: Document = entry.record
    return d.type in STATUTE_TYPES and site.corpus.organisations[d.issuer].record.kind.value != "party"


def legal_name(site: Site, entry: Entry, lang: str) -> str:
    """A document's name as Vietnamese legal citations write it, with its number, for reference managers that
    keep no number field: "Luật An ninh mạng số 24/2018/QH14", "Nghị định số 72/2013/NĐ-CP về …",
    "Chỉ thị số 30-CT/TW [của Bộ Chính trị về …]"; on the English page the English rendering follows in brackets."""
    d: Document = entry.record
    genre = DOC_TYPES[d.type]["vi"]
    title = d.title["vi"]
    if d.type == "law" and not d.title_is_topic:
        vi = f"{title} số {d.number}"
    else:
        rest = title[len(genre):].strip() if title.startswith(genre) else title
        rest = f"[{rest}]" if d.title_is_topic else rest
        vi = f"{genre} số {d.number} {rest}".strip()
    en = d.listed_title("en")
    return bilingual(vi, f"{en}, No. {d.number}" if not d.title_is_topic else f"[{d.title['en']}, No. {d.number}]", lang, "vi")


def volume_items(site: Site, volume: Entry, lang: str) -> list[dict]:
    """The whole volume: the proceedings first, then every paper in programme order."""
    return [csl_item(site, volume, lang)] + [csl_item(site, p, lang) for p in site.corpus.papers_of(volume.id)]

