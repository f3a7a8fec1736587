"""One page per organisation (its papers, documents and events) and the list of organisations."""
from __future__ import annotations

import posixpath
from typing import Iterator
from urllib.parse import quote, urlencode

from ..load import Entry
from ..model import Organisation
from ..site import LABELS, Site, labels, page_dir, source_file
from .common import Page, environment, render
from .document import status_label


#: Events whose papers an organisation's page lists one by one (the latest); earlier ones get one line
#: each, so that the page grows with the number of events, not of papers (575 KB at 10,000 papers when
#: it listed them all). Every paper stays one click away: its event's page, or the search filtered by
#: the organisation.
EVENTS_IN_FULL = 3


def paper_groups(corpus, papers: list[Entry]) -> list[tuple[Entry, list[Entry], bool]]:
    """(volume, its papers by the organisation, listed one by one?) for each event, newest first."""
    by_volume: dict[str, list[Entry]] = {}
    for p in papers:
        by_volume.setdefault(p.volume, []).append(p)
    volumes = sorted((corpus.volumes[v] for v in by_volume), key=lambda v: (v.record.date, v.id), reverse=True)
    return [(v, by_volume[v.id], i < EVENTS_IN_FULL) for i, v in enumerate(volumes)]


def search_link(here: str, o: Organisation, lang: str) -> str:
    """A link from here to the search page (docs/search.md) listing the organisation's papers."""
    query = urlencode({"kind": LABELS["paper"][lang], "org": o.name[lang]}, quote_via=quote)
    return posixpath.relpath("search.md", here) + "?" + query


def pages(site: Site) -> Iterator[Page]:
    """Both language pages of every organisation, and the index."""
    env = environment()
    corpus = site.corpus
    orgs = list(corpus.organisations.values())
    for lang in site.langs:
        t = labels(lang)
        groups = [(t[f"place_{place}"], [o for o in orgs if o.record.place == place]) for place in ("provincial", "national")]
        body = render(env, "organisations.md.j2", t=t, lang=lang, here="organisations/", groups=groups, page_dir=page_dir)
        yield Page(source_file("organisations/", lang), {"title": t["organisations"], "kyyeu": {"kind": "list", "id": "organisations", "lang": lang}}, body)
    for entry in orgs:
        o: Organisation = entry.record
        here = page_dir(entry)
        for lang in site.langs:
            t = labels(lang)
            card = [
                {"label": t["org_kind"], "items": [{"text": t[f"ok_{o.kind.value}"]}]},
                {"label": t["scope"], "items": [{"text": t[f"place_{o.place}"]}]},
            ]
            docs = [(d, status_label(corpus.status(d, site.today), lang)) for d in corpus.documents_by(o.id)]
            events = [v for v in corpus.volumes.values() if v.record.organiser == o.id]
            papers = corpus.papers_by(o.id)
            body = render(env, "organisation.md.j2", t=t, o=o, lang=lang, here=here, page_dir=page_dir,
                          n_papers=len(papers), groups=paper_groups(corpus, papers), docs=docs, events=events,
                          search=search_link(here, o, lang))
            meta = {"title": o.name[lang], "kyyeu": {"kind": "organisation", "id": entry.key, "lang": lang, "card": card, "edit": entry.file}}
            yield Page(source_file(here, lang), meta, body)
