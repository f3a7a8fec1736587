"""The home page: what the site is, the workshop at a glance, the documents, how to cite and contribute."""
from __future__ import annotations

from typing import Iterator

from ..site import Site, labels, org_name, page_dir, source_file
from .common import Page, environment, render
from .document import status_label


#: Documents the home page lists (the newest): the catalogue has them all, and the home page, every
#: reader's first visit, does not grow with the library.
DOCUMENTS_ON_HOME = 20


def pages(site: Site) -> Iterator[Page]:
    """The home page in both languages."""
    env = environment()
    corpus = site.corpus
    volumes = sorted(corpus.volumes.values(), key=lambda v: v.record.date, reverse=True)
    docs = sorted(corpus.documents.values(), key=lambda d: d.record.issued, reverse=True)
    for lang in site.langs:
        t = labels(lang)
        latest = volumes[0] if volumes else None
        body = render(env, "home.md.j2", t=t, lang=lang, here="", latest=latest, page_dir=page_dir,
                      papers=corpus.papers_of(latest.id) if latest else [], survey=corpus.surveys.get(latest.id) if latest else None,
                      org_name=lambda o: org_name(site, o, lang), docs=docs[:DOCUMENTS_ON_HOME],
                      status=lambda d: status_label(corpus.status(d, site.today), lang), n_docs=len(docs),
                      topics=list(corpus.topics.values()))
        meta = {"title": t["site_name"], "description": latest.record.summary[lang] if latest else t["site_name"],
                "kyyeu": {"kind": "home", "id": "home", "lang": lang}}
        yield Page(source_file("", lang), meta, body)
