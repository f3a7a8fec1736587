"""The volume page (an event and its proceedings) and the list of volumes."""
from __future__ import annotations

from typing import Iterator

from .. import cite
from ..load import Entry
from ..model import Volume
from ..site import Site, book_file, fmt_date, href, labels, org_name, page_dir, source_file, text_in
from .common import Page, environment, render
from .document import status_label


def card(site: Site, entry: Entry, lang: str) -> list[dict]:
    """The attribute card's rows."""
    v: Volume = entry.record
    t = labels(lang)
    here = page_dir(entry)
    org = site.corpus.organisations[v.organiser]
    rows = [
        {"label": t["kind"], "items": [{"text": t[v.kind]}]},
        {"label": t["date"], "items": [{"text": fmt_date(v.date, lang)}]},
        {"label": t["place"], "items": [{"text": v.place[lang]}]},
        {"label": t["venue"], "items": [{"text": v.venue[lang]} if v.venue else {"text": t["not_available"], "missing": True}]},
        {"label": t["organiser"], "items": [{"text": org.record.name[lang], "href": href(here, page_dir(org))}]},
    ]
    if v.chair:
        rows.append({"label": t["chair"], "items": [{"text": v.chair.name + (f", {v.chair.role[lang]}" if v.chair.role else "")}]})
    return rows


def pages(site: Site) -> Iterator[Page]:
    """Both language pages of every volume, and the list of volumes."""
    env = environment()
    corpus = site.corpus
    volumes = sorted(corpus.volumes.values(), key=lambda v: v.record.date, reverse=True)
    for lang in site.langs:
        t = labels(lang)
        body = render(env, "volumes.md.j2", t=t, lang=lang, volumes=volumes, here="volumes/",
                      page_dir=page_dir, org_name=lambda o: org_name(site, o, lang))
        yield Page(source_file("volumes/", lang), {"title": t["volumes"], "kyyeu": {"kind": "list", "id": "volumes", "lang": lang}}, body)
    for entry in volumes:
        v: Volume = entry.record
        here = page_dir(entry)
        survey = corpus.surveys.get(entry.id)
        for lang in site.langs:
            t = labels(lang)
            opening, opening_notice = text_in(v.opening, lang)
            conclusions, conclusions_notice = text_in(v.conclusions, lang)
            body = render(env, "volume.md.j2", t=t, v=v, lang=lang, here=here,
                          papers=corpus.papers_of(entry.id), survey=survey, page_dir=page_dir,
                          coins=lambda e: cite.coins(site, e, lang),
                          org_name=lambda o: org_name(site, o, lang),
                          opening=opening, opening_notice=opening_notice,
                          conclusions=conclusions, conclusions_notice=conclusions_notice,
                          guidance=[(corpus.documents[d], corpus.status(corpus.documents[d], v.date)) for d in v.guidance
                                    if corpus.documents[d].record.issued <= v.date],
                          status_label=lambda s: status_label(s, lang))
            meta = {
                "title": v.title[lang],
                "description": v.summary[lang],
                "kyyeu": {"kind": "volume", "id": entry.key, "lang": lang, "card": card(site, entry, lang), "edit": entry.file, **cite.front_matter(site, entry, lang)},
            }
            if lang in site.books and entry.id in site.books[lang]:  # the printed kỷ yếu (build/pdf.py)
                meta["kyyeu"]["pdf"] = {"href": book_file(entry), "label": t["book_download_volume"]}
            yield Page(source_file(here, lang), meta, body)
