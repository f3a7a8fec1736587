"""The printed kỷ yếu's content: one volume in one language as the data `templates/book.typ` prints.

Not a page view (it is not in VIEWS): `build/pdf.py` calls `book_data` and turns the Markdown it
names into Typst. It reads the same Corpus and Site as the pages, and uses the pages' own wording
(labels.yml, document statuses, untranslated-text notices), so the book and the site cannot disagree.
Nothing is invented: a field the records do not have prints nothing.

Also here: the Vietnamese sort key of the book's indexes (`vn_key`).
"""
from __future__ import annotations

import unicodedata

from ..cite.items import paper_title
from ..load import Entry
from ..model import AUDIENCES, Paper, Volume
from ..site import Site, fmt_date, fulltext_in, labels, org_name, text_in
from .document import status_label
from .topic import point_heading

# --- Vietnamese alphabetical order ---------------------------------------------------------------------

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
#: Tone marks in dictionary order (Hoàng Phê): ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vn_key(s: str) -> tuple:
    """Sort key in Vietnamese alphabetical order: letters first with tones ignored (a < ă < â, d < đ,
    o < ô < ơ, u < ư; Đ never after Z), then tones (ngang, huyền, hỏi, ngã, sắc, nặng), then case.
    Spaces, digits and punctuation sort before letters. NFC or NFD input gives the same key."""
    letters, tones, case = [], [], []
    for ch in unicodedata.normalize("NFC", s):
        base, tone = "", 0
        for c in unicodedata.normalize("NFD", ch):
            if c in _TONES:
                tone = _TONES[c]
            else:
                base += c
        base = unicodedata.normalize("NFC", base)
        low = base.lower()
        letters.append((1, _RANK[low]) if low in _RANK else (0, ord(low[0]) if low else 0))
        tones.append(tone)
        case.append(0 if base == low else 1)
    return (letters, tones, case)


# --- the data of one book --------------------------------------------------------------------------------


def short_title(v: Volume, lang: str) -> str:
    """The running header and the PDFs' stamp: `short_title`, else built from the volume's own facts."""
    if v.short_title:
        return v.short_title[lang]
    t = labels(lang)
    return f"{t['book_proceedings']} {t[v.kind].lower()}, {v.place[lang]}, {fmt_date(v.date, lang)}"


def _pct(x: float, lang: str) -> str:
    text = f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x)}"
    return text.replace(".", ",") if lang == "vi" else text


def book_data(site: Site, volume: Entry, lang: str) -> tuple[dict, dict[str, tuple[str, Entry | None, str]]]:
    """(data, markdown) for the book of a volume in lang.

    data is JSON for book.typ; where it holds Markdown it holds a key of `markdown`, whose values are
    (Markdown text, the record it comes from (images are relative to its folder), the record file).
    """
    corpus = site.corpus
    v: Volume = volume.record
    t = labels(lang)
    md: dict[str, tuple[str, Entry | None, str]] = {}

    def markdown(key: str, text: str, entry: Entry, file: str) -> str:
        md[key] = (text, entry, file)
        return key

    opening, opening_notice = text_in(v.opening, lang)
    conclusions, conclusions_notice = text_in(v.conclusions, lang)
    data_volume = {
        "id": volume.id, "title": v.title[lang], "short_title": short_title(v, lang), "kind": t[v.kind],
        "date_text": fmt_date(v.date, lang), "place": v.place[lang],
        "organiser": v.organiser, "organiser_name": org_name(site, v.organiser, lang), "editors": list(v.editors),
        "chair": (v.chair.name + (f", {v.chair.role[lang]}" if v.chair.role else "")) if v.chair else None,
        "participants": [g[lang] for g in v.participants], "summary": v.summary[lang],
        "keywords": [k[lang] for k in v.keywords],
        "opening": markdown("opening", opening, volume, volume.file), "opening_notice": opening_notice,
        "opening_lang": v.opening.get(lang)[1],
        "conclusions": markdown("conclusions", conclusions, volume, volume.file), "conclusions_notice": conclusions_notice,
        "conclusions_lang": v.conclusions.get(lang)[1],
    }
    colophon = []
    for key, value in (("publisher", v.publisher and v.publisher[lang]), ("isbn", v.isbn),
                       ("licence", v.licence and v.licence[lang]), ("editors", ", ".join(v.editors)),
                       ("print_run", v.print_run and t["book_print_run_n"].format(n=v.print_run))):
        if value:
            colophon.append({"label": t[f"book_{key}"], "value": str(value)})

    short = data_volume["short_title"]
    papers, authors = [], {}
    for entry in corpus.papers_of(volume.id):
        p: Paper = entry.record
        names = [org_name(site, o, lang) for o in p.contributors]
        people = [a.name for a in p.authors]
        for name in people:
            authors[name] = {"id": name, "name": name}
        abstract, abstract_notice = text_in(p.abstract, lang)
        text = fulltext_in(entry, lang)
        note = text_in(p.status[-1].note, lang)[0] if p.status[-1].note else None
        papers.append({
            "id": entry.id, "title": p.title[lang], "title_lang": lang,
            "title_note": t["title_is_topic"] if p.title_is_topic else None,
            "contributors": [{"id": o, "name": n} for o, n in zip(p.contributors, names)],
            "authors": people,
            # cited as the site cites it (cite/items.py): a reported topic as a [description], the work's
            # language first, organisations named as the work names them
            "cited_authors": (cited := people or [org_name(site, o, p.language) for o in p.contributors]),
            "citation": f"{(', ' if people else '; ').join(cited)}. {paper_title(p, lang)}. {t['book_in']}: {short},",
            "awaiting": (" ".join(x for x in (t["status_" + p.state] + ".", note) if x)
                         if p.state in ("awaiting", "retracted") else None),
            "abstract": markdown(f"abstract-{entry.id}", abstract, entry, entry.file) if abstract else None,
            "abstract_notice": abstract_notice, "abstract_lang": p.abstract.get(lang)[1] if p.abstract else lang,
            "keywords": [k[lang] for k in p.keywords],
            "fulltext": (markdown(f"text-{entry.id}", text["fulltext"], entry, f"{entry.folder.name}/{text['text_lang']}.md")
                         if text["fulltext"] else None),
            "fulltext_lang": text["text_lang"], "fulltext_notice": text["text_notice"],
        })
    survey = None
    if (se := corpus.surveys.get(volume.id)) is not None:
        s = se.record
        survey = {
            "title": s.title[lang], "conducted_by": s.conducted_by, "conducted_by_name": org_name(site, s.conducted_by, lang),
            "method": s.method[lang], "area": s.area[lang], "period": s.period[lang], "question": s.question[lang],
            "sample_size": s.sample_size,
            "multiple_answers_note": t["multiple_answers"] if s.multiple_answers else None,
            "results": [{"label": r.label[lang], "percent": r.percent, "percent_text": _pct(r.percent, lang)} for r in s.results],
            "not_stated": [x[lang] for x in s.not_stated],
        }
    documents = []
    for doc_id in v.guidance:
        d = corpus.documents[doc_id]
        if d.record.issued > v.date:
            continue  # as the volume page: a document issued after the event had no status on its day
        documents.append({
            "number": d.record.number, "title": d.record.title[lang], "issuer": d.record.issuer,
            "issuer_name": org_name(site, d.record.issuer, lang), "issued_text": fmt_date(d.record.issued, lang),
            "status_text": status_label(corpus.status(d, v.date), lang),
            # its key points, as on the document's page: the editors' summary with the article and the sources
            "points": [{"heading": point_heading(k, lang, n), "text": k.text[lang],
                        "article": k.article[lang] if k.article and k.title else None,
                        "audiences": "; ".join(AUDIENCES[a][lang] for a in k.audiences),
                        "sources": ", ".join(s.publisher for s in k.sources)}
                       for n, k in enumerate(d.record.key_points, 1)]})
    used = {v.organiser, *(c for p in corpus.papers_of(volume.id) for c in p.record.contributors),
            *([survey["conducted_by"]] if survey else []), *(d["issuer"] for d in documents)}
    index_orgs = sorted(({"id": o, "name": org_name(site, o, lang)} for o in used), key=lambda o: vn_key(o["name"]))
    wanted = ("abstract", "keywords", "opening", "conclusions", "participants", "organiser", "chair", "papers",
              "conducted_by", "method", "area", "period", "question", "sample_size", "option", "share", "not_stated",
              "number", "title", "issued", "title_is_topic", "key_points", "key_points_intro", "point_sources", "applies_to")
    book_labels = {k: t[k] for k in wanted}
    book_labels.update({k[5:]: v_ for k, v_ in t.items() if k.startswith("book_")})
    book_labels["status"] = t["status_on"].format(date=fmt_date(v.date, lang))
    data = {
        "lang": lang, "labels": book_labels, "volume": data_volume, "colophon": colophon, "papers": papers,
        "survey": survey, "documents": documents,
        "documents_intro": t["guidance_intro"].format(date=fmt_date(v.date, lang)),
        "index_orgs": index_orgs, "index_authors": sorted(authors.values(), key=lambda a: vn_key(a["name"])),
        "date": [site.today.year, site.today.month, site.today.day],
    }
    return data, md
