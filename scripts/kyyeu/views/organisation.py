"""One page per organisation (its papers, documents and events) and the list of organisations."""
from __future__ import annotations

from typing import Iterator

from ..model import Organisation
from .common import Page, Site, environment, labels, page_dir, render, source_file
from .document import status_label


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
            body = render(env, "organisation.md.j2", t=t, o=o, lang=lang, here=here, page_dir=page_dir,
                          papers=corpus.papers_by(o.id), docs=docs, events=events, corpus=corpus)
            meta = {"title": o.name[lang], "kyyeu": {"kind": "organisation", "id": entry.key, "lang": lang, "card": card, "edit": entry.file}}
            yield Page(source_file(here, lang), meta, body)
