"""A guiding document's page (attribute card, status today and on the workshop day, relations both
ways, sources) and the catalogue of documents grouped by type."""
from __future__ import annotations

import html
from typing import Iterator

from .. import cite
from ..load import DocStatus, Entry
from ..model import AUDIENCES, DOC_TYPES, RELATIONS, Document
from ..site import Site, fmt_date, fulltext_in, href, labels, page_dir, source_file, text_in
from .common import Page, environment, render, updated_row
from .topic import audience_anchor, change_anchor, point_anchor, point_heading, topic_dir


def status_label(status: DocStatus, lang: str) -> str:
    """A status as a short label ("In force", "Replaced")."""
    return labels(lang)[f"st_{status.code}"]


def status_text(status: DocStatus, lang: str) -> str:
    """A status as a sentence part, naming the replacing document and the day."""
    text = status_label(status, lang)
    if status.code == "replaced" and status.by is not None:
        by = status.by.record
        text += " " + labels(lang)["replaced_by_since"].format(by=f"{DOC_TYPES[by.type][lang]} {by.number}", date=fmt_date(status.since, lang))
    return text


def note_in(note, lang: str) -> dict:
    """A relation's note for a page in lang, and the language it is really in (for its lang attribute)."""
    text, shown = note.get(lang) if note else (None, None)
    return {"note": text, "note_lang": shown}


def relations(site: Site, entry: Entry, lang: str) -> list[dict]:
    """Relations of a document in both directions: the reverse links are derived, never typed twice."""
    rows = []
    for r in entry.record.relations:
        row = {"label": RELATIONS[r.type]["out"][lang], **note_in(r.note, lang)}
        if r.target:
            other = site.corpus.documents[r.target]
            row.update(number=other.record.number, title=other.record.listed_title(lang), target=page_dir(other))
        else:
            row.update(number=r.number, title=None, target=None)
        rows.append(row)
    for r, other in site.corpus.incoming(entry.id):
        rows.append({"label": RELATIONS[r.type]["in"][lang], "number": other.record.number, "title": other.record.listed_title(lang),
                     "target": page_dir(other), **note_in(r.note, lang)})
    return rows


def key_points(site: Site, entry: Entry, lang: str) -> list[dict]:
    """The document's key points for its page: heading, anchor, topics with their pages."""
    topics = site.corpus.topics
    return [{"p": p, "heading": point_heading(p, lang, n), "anchor": point_anchor(p.id),
             "note": text_in(p.note, lang)[0],
             "topics": [{"title": topics[x].title[lang], "dir": topic_dir(x)} for x in p.topics if x in topics]}
            for n, p in enumerate(entry.record.key_points, 1)]


def changes(site: Site, entry: Entry, lang: str) -> dict | None:
    """The side-by-side of what changed from the documents this one replaces, or None."""
    d: Document = entry.record
    if not d.changes:
        return None
    docs, topics = site.corpus.documents, site.corpus.topics
    rows, olds = [], []
    for c in d.changes:
        old = docs.get(c.before.document) if c.before.document else None
        number = old.record.number if old else c.before.number
        if number not in olds:
            olds.append(number)
        title = c.title[lang] if c.title else (topics[c.topics[0]].title[lang] if c.topics and c.topics[0] in topics else number)
        rows.append({"c": c, "title": title, "anchor": change_anchor(c.id), "old_number": number,
                     "old_dir": page_dir(old) if old else None, "note": text_in(c.note, lang)[0]})
    return {"rows": rows, "heading": labels(lang)["changes_from"].format(numbers=", ".join(olds))}


def by_audience(site: Site, docs: list[Entry], lang: str) -> list[dict]:
    """For the catalogue: per audience, the documents with points that concern it (and their status when
    not in force today, so that a replaced rule is not taken for today's), and those points."""
    out = []
    for code, names in AUDIENCES.items():
        items = []
        for e in docs:
            pts = [(point_heading(p, lang, n), point_anchor(p.id)) for n, p in enumerate(e.record.key_points, 1) if code in p.audiences]
            if pts:
                status = site.corpus.status(e, site.today)
                items.append({"entry": e, "points": pts, "status": "" if status.code == "in-force" else status_label(status, lang)})
        out.append({"code": code, "name": names[lang], "anchor": audience_anchor(code), "docs": items})
    return out


def card(site: Site, entry: Entry, lang: str) -> list[dict]:
    """The attribute card's rows, as on vbpl.vn: number, type, issuer, signer, dates, status."""
    d: Document = entry.record
    t = labels(lang)
    here = page_dir(entry)
    issuer = site.corpus.organisations[d.issuer]
    missing = {"text": t["not_available"], "missing": True}
    rows = [
        {"label": t["number"], "items": [{"text": d.number}]},
        {"label": t["doc_type"], "items": [{"text": DOC_TYPES[d.type][lang]}]},
        {"label": t["issuer"], "items": [{"text": issuer.record.name[lang], "href": href(here, page_dir(issuer))}]},
        {"label": t["signer"], "items": [{"text": d.signer} if d.signer else missing]},
        {"label": t["issued"], "items": [{"text": fmt_date(d.issued, lang)}]},
        {"label": t["effective"], "items": [{"text": fmt_date(d.effective, lang)} if d.effective else missing]},
    ]
    if d.expiry:
        rows.append({"label": t["expiry"], "items": [{"text": fmt_date(d.expiry, lang)}]})
    rows.append({"label": t["status_today"], "items": [{"text": status_text(site.corpus.status(entry, site.today), lang)}]})
    for event in site.corpus.events_of(d.id):
        day = event.record.date
        if day >= d.issued:
            rows.append({"label": t["status_on"].format(date=fmt_date(day, lang)), "items": [{"text": status_text(site.corpus.status(entry, day), lang)}]})
    rows.append({"label": t["scope"], "items": [{"text": t[f"scope_{d.scope}"]}]})
    rows.extend(updated_row(site, entry, lang))
    return rows


def pages(site: Site) -> Iterator[Page]:
    """Both language pages of every document, and the catalogue."""
    env = environment()
    corpus = site.corpus
    docs = sorted(corpus.documents.values(), key=lambda e: (list(DOC_TYPES).index(e.record.type), e.record.issued))
    for lang in site.langs:
        t = labels(lang)
        groups = []
        for dtype, names in DOC_TYPES.items():
            members = [e for e in docs if e.record.type == dtype]
            if members:
                groups.append((names[lang], [
                    {"entry": e, "today": corpus.status(e, site.today),
                     "then": [(v.record.date, corpus.status(e, v.record.date)) for v in corpus.events_of(e.id)]} for e in members]))
        body = render(env, "documents.md.j2", t=t, lang=lang, here="documents/", groups=groups, page_dir=page_dir,
                      status_label=lambda s: status_label(s, lang), coins=lambda e: cite.coins(site, e, lang),
                      audiences=by_audience(site, docs, lang) if any(e.record.key_points for e in docs) else [])
        yield Page(source_file("documents/", lang), {"title": t["documents"], "description": t["catalogue_intro"],
                                                     "kyyeu": {"kind": "list", "id": "documents", "lang": lang}}, body)
    for entry in docs:
        d: Document = entry.record
        here = page_dir(entry)
        for lang in site.langs:
            t = labels(lang)
            summary, summary_notice = text_in(d.summary, lang)
            title_note, _ = text_in(d.title_note, lang)
            body = render(env, "document.md.j2", t=t, d=d, lang=lang, here=here, type_name=DOC_TYPES[d.type][lang],
                          summary=summary, summary_notice=summary_notice, title_note=title_note,
                          relations=relations(site, entry, lang),
                          points=key_points(site, entry, lang), changes=changes(site, entry, lang),
                          **fulltext_in(entry, lang))
            meta = {"title": f"{d.title[lang]} ({d.number})", "description": html.escape(cite.document_description(entry, lang)),
                    "kyyeu": {"kind": "document", "id": entry.key, "lang": lang, "card": card(site, entry, lang), "edit": entry.file,
                              **cite.front_matter(site, entry, lang)}}
            yield Page(source_file(here, lang), meta, body)

