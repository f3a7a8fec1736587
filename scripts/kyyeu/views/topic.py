"""Everyday topics: the topics index and one page per topic, gathering the key points of every
document filed under it (by document and by audience, so that "what applies to me" works without
JavaScript), the changes between documents on it, and the papers and survey results that speak to it."""
from __future__ import annotations

from typing import Iterator

from ..load import Entry
from ..model import AUDIENCES, DOC_TYPES, KeyPoint, Topic
from ..site import Site, labels, page_dir, source_file
from .common import Page, environment, render

#: Folder of the topics index; a topic's page is TOPICS/<id>/.
TOPICS = "topics/"


def topic_dir(topic_id: str) -> str:
    """The page folder of a topic."""
    return f"{TOPICS}{topic_id}/"


def point_anchor(point_id: str) -> str:
    """The anchor of a key point on its document's page."""
    return f"diem-{point_id}"


def change_anchor(change_id: str) -> str:
    """The anchor of a change on the newer document's page."""
    return f"thay-doi-{change_id}"


def audience_anchor(audience: str) -> str:
    """The anchor of an audience's list on the catalogue and topic pages."""
    return f"doi-tuong-{audience}"


def point_heading(point: KeyPoint, lang: str, n: int) -> str:
    """A key point's heading: its title, else its article, else "Point n"."""
    if point.title:
        return point.title[lang]
    if point.article:
        return point.article[lang]
    return f"{labels(lang)['point']} {n}"


def shown_questions(topic: Topic, lang: str) -> list[str]:
    """The topic's questions to show: in Vietnamese only those written with their marks (search folds
    them, so the unmarked copies find the same page)."""
    qs = topic.questions.get(lang, [])
    return [q for q in qs if lang != "vi" or not q.isascii()]


def doc_label(entry: Entry, lang: str) -> str:
    """"Nghị định 147/2024/NĐ-CP" / "Decree 147/2024/NĐ-CP"."""
    return f"{DOC_TYPES[entry.record.type][lang]} {entry.record.number}"


def status_note(site: Site, entry: Entry, lang: str) -> str:
    """"" for a document in force today, else its status ("Replaced", "Not yet in effect"), so that a
    reader never takes a replaced rule for today's."""
    code = site.corpus.status(entry, site.today).code
    return "" if code == "in-force" else labels(lang)[f"st_{code}"]


def pages(site: Site) -> Iterator[Page]:
    """The topics index and every topic's page, in both languages."""
    corpus = site.corpus
    if not corpus.topics:
        return
    env = environment()
    for lang in site.langs:
        t = labels(lang)
        rows = [{"topic": tp, "dir": topic_dir(tp.id), "n": len(corpus.points_on(tp.id))} for tp in corpus.topics.values()]
        body = render(env, "topics.md.j2", t=t, lang=lang, here=TOPICS, rows=rows)
        yield Page(source_file(TOPICS, lang), {"title": t["topics"], "description": t["topics_intro"],
                                               "kyyeu": {"kind": "list", "id": "topics", "lang": lang}}, body)
    for tp in corpus.topics.values():
        here = topic_dir(tp.id)
        points = corpus.points_on(tp.id)
        by_doc: list[tuple[Entry, list[tuple[int, KeyPoint]]]] = []
        for entry, p in points:
            if not by_doc or by_doc[-1][0] is not entry:
                by_doc.append((entry, []))
            by_doc[-1][1].append((entry.record.key_points.index(p) + 1, p))
        changes = corpus.changes_on(tp.id)
        for lang in site.langs:
            t = labels(lang)
            audiences = [{"code": a, "name": names[lang], "anchor": audience_anchor(a),
                          "points": [(e, e.record.key_points.index(p) + 1, p) for e, p in points if a in p.audiences]}
                         for a, names in AUDIENCES.items()]
            related = []
            for link in tp.related:
                if link.paper:
                    entry = next(p for p in corpus.papers if p.key == link.paper)
                    related.append({"title": entry.record.title[lang], "dir": page_dir(entry), "kind": t["paper"], "why": link.why[lang]})
                else:
                    entry = corpus.surveys[link.survey]
                    related.append({"title": entry.record.title[lang], "dir": page_dir(entry), "kind": t["survey"], "why": link.why[lang]})
            body = render(env, "topic.md.j2", t=t, lang=lang, here=here, topic=tp, by_doc=by_doc, audiences=audiences,
                          changes=changes, related=related, questions=shown_questions(tp, lang), page_dir=page_dir,
                          doc_label=lambda e: doc_label(e, lang), heading=lambda p, n: point_heading(p, lang, n),
                          point_anchor=point_anchor, change_anchor=change_anchor, topic_dir=topic_dir,
                          status=lambda e: status_note(site, e, lang))
            meta = {"title": tp.title[lang], "description": tp.summary[lang],
                    "kyyeu": {"kind": "topic", "id": f"topic/{tp.id}", "lang": lang}}
            yield Page(source_file(here, lang), meta, body)
