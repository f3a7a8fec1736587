"""A paper's page: title, attribute card, abstract, full text or its status, attachments, sources."""
from __future__ import annotations

import html
from typing import Iterator

from .. import cite
from ..load import Entry
from ..model import Paper
from ..site import Site, book_file, book_pages, fmt_date, fulltext_in, href, labels, org_name, page_dir, source_file, text_in
from .common import Page, environment, render, updated_row


def card(site: Site, entry: Entry, lang: str) -> list[dict]:
    """The attribute card's rows."""
    p: Paper = entry.record
    t = labels(lang)
    here = page_dir(entry)
    volume = site.corpus.volumes[entry.volume]
    return [
        {"label": t["contributor"], "items": [
            {"text": org_name(site, o, lang), "href": href(here, page_dir(site.corpus.organisations[o]))} for o in p.contributors]},
        {"label": t["authors"], "items": [{"text": a.name} for a in p.authors] or [{"text": t["not_available"], "missing": True}]},
        {"label": t["presented_at"], "items": [{"text": volume.record.title[lang], "href": href(here, page_dir(volume))}]},
        {"label": t["date"], "items": [{"text": fmt_date(volume.record.date, lang)}]},
        {"label": t["language"], "items": [{"text": t[f"{p.language}_lang"]}]},
        {"label": t["text_status"], "items": [{"text": t[f"status_{p.state}"]}]},
        *updated_row(site, entry, lang),
    ]


def pages(site: Site) -> Iterator[Page]:
    """Both language pages of every paper."""
    env = environment()
    for entry in site.corpus.papers:
        p: Paper = entry.record
        here = page_dir(entry)
        for lang in site.langs:
            t = labels(lang)
            abstract, abstract_notice = text_in(p.abstract, lang)
            body = render(env, "paper.md.j2", t=t, p=p, entry=entry, lang=lang, here=here,
                          abstract=abstract, abstract_notice=abstract_notice,
                          **fulltext_in(entry, lang),
                          volume=site.corpus.volumes[entry.volume])
            meta = {
                "title": p.title[lang],
                # Material writes the description into an attribute as it is: escaped here (contributed names may hold < & ")
                "description": html.escape(cite.description(site, entry, lang)),
                "kyyeu": {"kind": "paper", "id": entry.key, "lang": lang,
                          "card": card(site, entry, lang), "edit": entry.file, **cite.front_matter(site, entry, lang)},
            }
            if pages := book_pages(site, entry, lang):  # only a paper with a text has a PDF (build/pdf.py)
                span = t["book_page"] + " " + pages["first_label"] if pages["first_label"] == pages["last_label"] \
                    else f"{t['book_pages']} {pages['first_label']}–{pages['last_label']}"
                meta["kyyeu"]["pdf"] = {"href": book_file(entry), "label": t["book_download"],
                                        "note": t["book_in_print"].format(pages=span)}
            yield Page(source_file(here, lang), meta, body)
