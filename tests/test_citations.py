"""Issue 4: every paper and document can be cited in one click and is found by harvesters.

Every generated file of the built site is read back with an independent reader (bibtexparser and
pybtex for BibTeX, rispy for RIS, citeproc-py with its own bundled style for CSL-JSON, json for
JSON-LD, ElementTree and feedparser for the Atom feeds and the sitemap) and compared with the records
in papers/, as loaded by kyyeu.load, in both languages. A browser clicks the copy button.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import warnings
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import feedparser
import pybtex.database
import pytest
import rispy
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from kyyeu import cite
from kyyeu.cite.formats import format_reference
from kyyeu.load import load
from kyyeu.model import DOC_TYPES, LANGS, Attachment
from kyyeu.site import Site

from conftest import ROOT

LANG_PREFIX = {"vi": "", "en": "en/"}


@pytest.fixture(scope="module")
def corpus():
    c, problems = load(ROOT)
    assert not problems
    return c


class Head(HTMLParser):
    """The parts of a page this issue adds: meta tags, links, JSON-LD, the cite box."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self.refs: dict[str, str] = {}
        self.anchors: list[str] = []
        self._in_ld = False
        self._ref = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta.setdefault(a["name"], []).append(a.get("content"))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.jsonld.append("")
        elif tag == "p" and "ky-cite-ref" in (a.get("class") or ""):
            self._ref = a["id"]
            self.refs[self._ref] = ""
        elif tag == "a" and a.get("href"):
            self.anchors.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False
        elif tag == "p":
            self._ref = None

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld[-1] += data
        if self._ref:
            self.refs[self._ref] += data

    @property
    def canonical(self) -> str:
        (href,) = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        return href


def head(site: Path, url: str) -> Head:
    h = Head()
    h.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return h


def expected_paper(corpus, entry, lang: str) -> dict:
    """What a paper's citation must say, straight from the records."""
    p = entry.record
    volume = corpus.volumes[entry.volume].record
    if p.authors:
        authors = [f"{a.family} {a.given}" for a in p.authors]
    else:  # the work names its contributors in its own language, on both pages
        authors = [corpus.organisations[o].record.name[p.language] for o in p.contributors]
    # the real papers' titles are reported topics: cited as an APA 7 [description], the Vietnamese first
    assert p.title_is_topic and p.language == "vi"
    described = {"vi": f"[Tham luận về {p.title.vi[0].lower()}{p.title.vi[1:]}]", "en": f"[Paper on {p.title.en[0].lower()}{p.title.en[1:]}]"}
    return {
        "key": f"{entry.volume.replace('-', '')}-{entry.id}",
        "title": described["vi"] if lang == "vi" else f"{described['vi']} {described['en']}",
        "authors": authors,
        "date": volume.date,
        "container": volume.title[lang],
        "event": volume.title["vi"],
        "path": LANG_PREFIX[lang] + f"volumes/{entry.volume}/{entry.id}/",
    }


def expected_document(corpus, entry, lang: str) -> dict:
    d = entry.record
    vi = f"[{d.title.vi}]" if d.title_is_topic else d.title.vi
    en = f"[{d.title.en}]"
    return {
        "key": f"vn-{entry.id}",
        "title": vi if lang == "vi" else f"{vi} {en}",  # a Vietnamese work: the original, then the translation
        "authors": [corpus.organisations[d.issuer].record.name["vi"]],
        "date": d.issued,
        "number": d.number,
        "genre": DOC_TYPES[d.type][lang],
        "path": LANG_PREFIX[lang] + f"documents/{entry.id}/",
        # a state body's law, decree, decision or circular is cited as an act (legislation, RIS STAT); a party
        # directive or resolution as a document of its issuer, its number in its title ("Chỉ thị số 30-CT/TW […]")
        "statute": d.type in ("law", "decree", "decision", "circular") and corpus.organisations[d.issuer].record.kind.value != "party",
    }


def cite_title(corpus, entry, lang: str, exp: dict) -> str:
    """The title in the citation files: a party document's carries its number, as Vietnamese citations write it."""
    if entry.kind == "paper" or exp["statute"]:
        return exp["title"]
    return cite.items.legal_name(Site(corpus, dt.date(2026, 11, 29)), entry, lang)


def cases(corpus):
    """(entry, lang, expected) for every paper and document in both languages."""
    for lang in LANGS:
        for e in corpus.papers:
            yield e, lang, expected_paper(corpus, e, lang)
        for e in corpus.documents.values():
            yield e, lang, expected_document(corpus, e, lang)


def unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


# --- the three download files of every page -------------------------------------------------------------


def test_bibtex_of_every_page_read_by_bibtexparser_and_pybtex(built_site, corpus):
    for entry, lang, exp in cases(corpus):
        folder = built_site / exp["path"]
        url = head(built_site, exp["path"]).canonical
        text = (folder / "cite.bib").read_text(encoding="utf-8")
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks, folder
        (bib,) = library.entries
        assert bib.key == exp["key"] and re.fullmatch(r"[a-z0-9-]+", bib.key)
        assert unbrace(bib["title"]) == cite_title(corpus, entry, lang, exp)
        assert bib["url"] == url
        assert bib["year"] == str(exp["date"].year) and bib["date"] == exp["date"].isoformat()
        assert bib["langid"] == "vietnamese"  # the work's language, on both pages
        persons = pybtex.database.parse_string(text, "bibtex").entries[exp["key"]].persons["author"]
        assert [unbrace(str(p)) for p in persons] == [
            # pybtex writes a person "Family, Given"; an organisation is one braced unit
            name if entry.kind == "document" or not entry.record.authors else f"{name.split(' ', 1)[0]}, {name.split(' ', 1)[1]}"
            for name in exp["authors"]
        ]
        if entry.kind == "paper":
            assert bib.entry_type == "inproceedings"
            assert exp["event"] in bib["eventtitle"] and bib["eventdate"] == exp["date"].isoformat()
            # presented, not published: no proceedings book, no publisher (the organiser did not publish one)
            assert "booktitle" not in bib and "publisher" not in bib and "address" not in bib
        elif exp["statute"]:
            assert bib.entry_type == "misc"
            assert bib["number"] == exp["number"]
            assert bib["howpublished"] == f"{exp['genre']} {exp['number']}"
        else:
            assert bib.entry_type == "misc" and exp["number"] in bib["title"]


def test_ris_of_every_page_read_by_rispy(built_site, corpus):
    for entry, lang, exp in cases(corpus):
        folder = built_site / exp["path"]
        (record,) = rispy.loads((folder / "cite.ris").read_text(encoding="utf-8"))
        assert record["id"] == exp["key"]
        assert record["title"] == cite_title(corpus, entry, lang, exp)
        assert [a.rstrip(",") for a in record["authors"]] == [
            a if entry.kind == "document" or not entry.record.authors else a.replace(" ", ", ", 1) for a in exp["authors"]
        ]
        assert record["date"] == exp["date"].strftime("%Y/%m/%d/")
        assert record["urls"] == [head(built_site, exp["path"]).canonical]
        assert record["language"] == "vi"
        if entry.kind == "paper":
            assert record["type_of_reference"] == "CPAPER"
            assert exp["event"] in record["secondary_title"]  # T2: the conference's name
            assert "publisher" not in record
        elif exp["statute"]:
            assert record["type_of_reference"] == "STAT"
            assert record["note"] == exp["number"]  # M1
        else:
            assert record["type_of_reference"] == "GOVDOC"  # Zotero: report (GEN would be a journal article)
            assert exp["number"] in record["title"]


def _citeproc_render(items: list[dict]) -> list[str]:
    """References rendered by citeproc-py with its own bundled Harvard style (not the project's styles)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # CSL 1.0.2 variables (event-title) citeproc-py 0.11 does not know
        source = CiteProcJSON(items)
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"].lower())]))
        return [str(e) for e in bibliography.bibliography()]


def test_csl_json_of_every_page_rendered_by_citeproc(built_site, corpus):
    for entry, lang, exp in cases(corpus):
        folder = built_site / exp["path"]
        (item,) = json.loads((folder / "cite.json").read_text(encoding="utf-8"))
        assert item["id"] == exp["key"]
        assert item["title"] == cite_title(corpus, entry, lang, exp)
        assert item["issued"] == {"date-parts": [[exp["date"].year, exp["date"].month, exp["date"].day]]}
        assert item["URL"] == head(built_site, exp["path"]).canonical
        assert item["language"] == "vi"
        (rendered,) = _citeproc_render([item])
        assert item["title"] in rendered and item["URL"] in rendered
        if entry.kind == "paper":
            assert item["type"] == "paper-conference"
            assert exp["event"] in item["event-title"] and item["genre"]
            assert not {"container-title", "publisher", "publisher-place"} & set(item)
            names = [a.get("literal") or f"{a['family']} {a['given']}" for a in item["author"]]
            assert names == exp["authors"]
            assert rendered.startswith(exp["authors"][0] if not entry.record.authors else entry.record.authors[0].family)
        elif exp["statute"]:
            assert item["type"] == "legislation"
            assert item["authority"] == exp["authors"][0]
            assert item["number"] == exp["number"] and item["genre"] == exp["genre"]
        else:
            assert item["type"] == "document" and [a["literal"] for a in item["author"]] == exp["authors"]
            assert item["number"] == exp["number"] and exp["number"] in item["title"]


def test_vietnamese_survives_in_every_format(built_site):
    for name in ("cite.bib", "cite.ris", "cite.json"):
        text = (built_site / "volumes/laocai-2023/cong-an" / name).read_text(encoding="utf-8")
        assert "Công an tỉnh Lào Cai" in text and "Hội thảo khoa học" in text, name
        assert "\\u" not in text and "\\`" not in text and "{\\" not in text, name


def test_the_whole_volume_as_one_bib_and_one_csl_json(built_site, corpus):
    for lang in LANGS:
        for vid, volume in corpus.volumes.items():
            folder = built_site / LANG_PREFIX[lang] / "volumes" / vid
            papers = corpus.papers_of(vid)
            keys = [vid.replace("-", "")] + [f"{vid.replace('-', '')}-{p.id}" for p in papers]
            library = bibtexparser.parse_string((folder / "volume.bib").read_text(encoding="utf-8"))
            assert not library.failed_blocks
            assert [e.key for e in library.entries] == keys
            assert library.entries[0].entry_type == "book"
            assert volume.record.title[lang] in library.entries[0]["title"]
            assert "publisher" not in library.entries[0]  # none configured: the organiser is not named as one
            assert [e.key for e in pybtex.database.parse_string((folder / "volume.bib").read_text(encoding="utf-8"), "bibtex").entries.values()] == keys
            items = json.loads((folder / "volume.json").read_text(encoding="utf-8"))
            assert [i["id"] for i in items] == keys
            assert {i["title"] for i in items[1:]} == {expected_paper(corpus, p, lang)["title"] for p in papers}
            rendered = _citeproc_render(items)
            assert len(rendered) == len(items)
            assert [r["id"] for r in rispy.loads((folder / "volume.ris").read_text(encoding="utf-8"))] == keys
            h = head(built_site, f"{LANG_PREFIX[lang]}volumes/{vid}/")
            assert {"volume.bib", "volume.json", "volume.ris"} <= set(h.anchors)


def test_records_json_gives_the_citation_files(built_site, records):
    cited = [r for r in records if r["kind"] in ("paper", "document", "volume")]
    assert cited and all("cite" in r for r in cited)
    assert all("cite" not in r for r in records if r["kind"] not in ("paper", "document", "volume"))
    for r in cited:
        for lang in LANGS:
            assert set(r["cite"][lang]) == {"bib", "ris", "json"}
            for ext, path in r["cite"][lang].items():
                assert path.startswith(r["url"][lang]) and path.endswith("." + ext)
                assert (built_site / path).is_file(), path


# --- the cite box -----------------------------------------------------------------------------------------


def test_every_paper_and_document_page_has_the_cite_box(built_site, corpus):
    for entry, lang, exp in cases(corpus):
        h = head(built_site, exp["path"])
        assert set(h.refs) == {"ky-cite-apa", "ky-cite-vn"}, exp["path"]
        (item,) = json.loads((built_site / exp["path"] / "cite.json").read_text(encoding="utf-8"))
        # the box shows exactly what citeproc-py renders from the downloadable CSL-JSON
        assert h.refs["ky-cite-apa"] == format_reference(item, "apa", lang, "text")
        assert h.refs["ky-cite-vn"] == format_reference(item, "vn", lang, "text")
        assert cite_title(corpus, entry, lang, exp) in h.refs["ky-cite-vn"] and exp["authors"][0] in h.refs["ky-cite-vn"]
        assert {"cite.bib", "cite.ris", "cite.json"} <= set(h.anchors)
    paper = head(built_site, "volumes/laocai-2023/cong-an/")
    assert paper.refs["ky-cite-vn"].startswith("Công an tỉnh Lào Cai (2023), [Tham luận về công tác")
    law = head(built_site, "en/documents/24-2018-qh14/")
    assert law.refs["ky-cite-vn"] == "Quốc hội (2018), Luật An ninh mạng [Law on Cybersecurity], No. 24/2018/QH14, issued 12 June 2018."


# --- <head> -------------------------------------------------------------------------------------------------


def test_highwire_and_dublin_core_tags(built_site, corpus):
    for entry, lang, exp in cases(corpus):
        h = head(built_site, exp["path"])
        m = h.meta
        title = exp["title"] if entry.kind == "paper" else cite.items.legal_name(Site(corpus, dt.date(2026, 11, 29)), entry, lang)
        assert m["citation_title"] == [title]
        assert exp["number"] in title if entry.kind == "document" else True  # Zotero keeps no other number field
        # organisations end with a comma: Zotero then keeps them as one single-field name
        assert m["citation_author"] == [a + "," for a in exp["authors"]]  # one tag per author or organisation
        assert m["citation_publication_date"] == [exp["date"].isoformat()]
        assert m["citation_language"] == ["vi"]  # the work's language, on both pages
        assert m["citation_abstract"] == m["DC.description"] and m["citation_abstract"] != [title]
        assert m["citation_abstract_html_url"] == [h.canonical]
        assert "citation_pdf_url" not in m  # no record has a PDF yet
        assert "citation_publisher" not in m and "DC.publisher" not in m
        if entry.kind == "paper":
            assert m["citation_conference_title"][0].startswith(f"Hội thảo khoa học “{exp['event']}”")
            assert m["DC.type"] == ["conferencePaper"]
            assert ("[Paper on " in title) == (lang == "en")
            own = [k[lang] for k in entry.record.keywords]
            assert m.get("citation_keywords") == (["; ".join(own)] if own else None)  # no keywords are made up
        else:
            party = corpus.organisations[entry.record.issuer].record.kind.value == "party"
            assert m["DC.type"] == ["document" if party else "statute"]
        assert m["DC.title"] == [title]
        assert m["DC.creator"] == [a + "," for a in exp["authors"]]
        assert m["DC.date"] == [exp["date"].isoformat()]
        assert m["DC.language"] == ["vi"]
        assert h.canonical in m["DC.identifier"]


def test_canonical_and_language_alternates(built_site, corpus):
    for entry, lang, exp in cases(corpus):
        h = head(built_site, exp["path"])
        assert h.canonical.endswith("/" + exp["path"])
        alternates = {link["hreflang"]: link["href"] for link in h.links if link.get("rel") == "alternate" and link.get("hreflang") and link.get("type") is None}
        assert set(alternates) == {"vi", "en", "x-default"}
        assert alternates["x-default"] == alternates["vi"]
        feeds = [link for link in h.links if link.get("type") == "application/atom+xml"]
        assert [f["hreflang"] for f in feeds] == [lang]


def test_pdf_url_only_for_a_pdf_in_the_pages_own_folder(corpus):
    site = Site(corpus, dt.date(2026, 11, 29))
    entry = corpus.papers[0]
    pdf = Attachment(file="toan-van.pdf", kind="pdf", sha256="0" * 64)
    with_pdf = dataclasses.replace(entry, record=entry.record.model_copy(update={"attachments": [pdf]}))
    vi = {t["name"]: t["content"] for t in cite.head_tags(site, with_pdf, "vi")}
    assert vi["citation_pdf_url"] == cite.page_url(site, entry, "vi") + "toan-van.pdf"
    # the build copies attachments only into the default-language folder: the en page has none beside it
    assert "citation_pdf_url" not in {t["name"] for t in cite.head_tags(site, with_pdf, "en")}
    assert "citation_pdf_url" not in {t["name"] for t in cite.head_tags(site, entry, "vi")}


def test_json_ld_type_per_kind(built_site, records, corpus):
    # a paper whose text is awaited is a CreativeWork featured at the event, not a published article
    types = {"paper": "CreativeWork", "document": "Legislation", "volume": "Event", "survey": "Dataset"}
    seen = set()
    for r in records:
        for lang in LANGS:
            h = head(built_site, r["url"][lang])
            if r["kind"] not in types:
                assert not h.jsonld
                continue
            (raw,) = h.jsonld
            assert "<" not in raw  # nothing in the data can end the <script> element
            data = json.loads(raw)
            assert data["@context"] == "https://schema.org"
            assert data["@type"] == types[r["kind"]]
            assert data["url"] == h.canonical
            assert data["inLanguage"] == ("vi" if r["kind"] in ("paper", "document") else lang)  # the work's language
            seen.add(r["kind"])
            if r["kind"] == "paper":
                exp = expected_paper(corpus, next(p for p in corpus.papers if p.key == r["id"]), lang)
                assert data["name"] == exp["title"]
                assert len(data["author"]) == len(exp["authors"])
                # no publication, free-access or publisher claim while the text is awaited; presented at the event
                assert not {"datePublished", "isAccessibleForFree", "publisher", "isPartOf"} & set(data)
                event = data["@reverse"]["workFeatured"]
                assert event["startDate"] == exp["date"].isoformat() and exp["event"] in event["name"]
                assert event["organizer"]["name"] == corpus.organisations[corpus.volumes[r["id"].split("/")[0]].record.organiser].record.name[lang]
            elif r["kind"] == "document":
                d = corpus.documents[r["id"]].record
                exp = expected_document(corpus, corpus.documents[r["id"]], lang)
                assert (data["name"], data["legislationIdentifier"], data["legislationDate"]) == (cite_title(corpus, corpus.documents[r["id"]], lang, exp), d.number, d.issued.isoformat())
                assert "datePublished" not in data
                assert data["legislationPassedBy"]["name"] == corpus.organisations[d.issuer].record.name[lang]
            elif r["kind"] == "volume":
                v = corpus.volumes[r["id"]].record
                assert v.title[lang] in data["name"] and data["startDate"] == v.date.isoformat()
            else:
                s = next(x for x in corpus.surveys.values() if x.key == r["id"])
                assert data["name"] == s.record.title[lang]
                csv = data["distribution"][0]["contentUrl"]
                assert (built_site / csv.split("/", 3)[3]).is_file()
    assert seen == set(types)


def test_json_ld_text_cannot_close_its_script_element():
    data = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "name": "Tin giả </script><script>alert(1)</script> <!-- & Đảng"}
    text = cite.script_json(data)
    assert "<" not in text and "Đảng" in text
    assert json.loads(text) == data


def test_abstract_is_on_the_page_without_a_click(built_site, corpus):
    """Google Scholar: one page per paper and language, the abstract (or its absence) in the page itself."""
    for entry, lang, exp in cases(corpus):
        if entry.kind != "paper":
            continue
        html = (built_site / exp["path"] / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        heading = "Tóm tắt" if lang == "vi" else "Abstract"
        assert re.search(rf"<h2[^>]*>{heading}", article), exp["path"]
        assert "<details" not in article.split(heading, 1)[1].split("<h2", 1)[0]
        abstract = getattr(entry.record.abstract, lang, None) if entry.record.abstract else None
        if abstract:
            assert cite.plain(abstract)[:60] in " ".join(re.sub(r"<[^>]+>", " ", article).split())


def test_legislation_legal_force_follows_the_status_today(built_site):
    data = json.loads(head(built_site, "documents/24-2018-qh14/").jsonld[0])
    assert data["legislationLegalForce"] == "https://schema.org/NotInForce"  # replaced by 116/2025/QH15 on 1/7/2026
    data = json.loads(head(built_site, "documents/116-2025-qh15/").jsonld[0])
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    # no source gives when 30-CT/TW took effect: its status is not stated, so no legal force is claimed
    data = json.loads(head(built_site, "documents/30-ct-tw/").jsonld[0])
    assert "legislationLegalForce" not in data


# --- feeds and sitemap --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feed_per_language(built_site, corpus, lang):
    path = built_site / LANG_PREFIX[lang] / "feed.xml"
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.language == lang
    other = next(x for x in LANGS if x != lang)
    base = head(built_site, LANG_PREFIX[lang] or ".").canonical
    # each entry links its page in the feed's language, and the same page in the other language as related
    links = {e.link: e for e in parsed.entries}
    assert all([(x.rel, x.hreflang) for x in e.links] == [("alternate", lang), ("related", other)] for e in parsed.entries)
    wanted = {f"documents/{d}/": corpus.documents[d].record.number for d in corpus.documents}
    wanted |= {f"volumes/{p.volume}/{p.id}/": p.record.title[lang] for p in corpus.papers}
    wanted |= {f"volumes/{v}/": corpus.volumes[v].record.title[lang] for v in corpus.volumes}
    assert len(parsed.entries) == len(wanted)
    for rel, title in wanted.items():
        entry = links[base + rel]  # the page in the feed's language
        assert title in entry.title
        assert entry.updated_parsed and entry.published_parsed and entry.updated_parsed >= entry.published_parsed
        assert entry.summary and entry.author
    updated = [e.updated_parsed for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    assert parsed.feed.updated_parsed == max(updated)


def test_every_page_links_its_languages_feed(built_site):
    from kyyeu.build.search import site_url as search_site_url

    for html in built_site.rglob("index.html"):
        rel = html.relative_to(built_site).as_posix()
        h = Head()
        h.feed(html.read_text(encoding="utf-8"))
        (feed,) = [link for link in h.links if link.get("type") == "application/atom+xml"]
        base = search_site_url(built_site)  # absolute, as every link with an hreflang (issue 13)
        assert feed["href"].startswith(base), (rel, feed["href"])
        target = (built_site / feed["href"][len(base):]).resolve()
        assert target == (built_site / ("en/feed.xml" if rel.startswith("en/") else "feed.xml")).resolve(), rel


def test_sitemap_lists_both_languages_with_hreflang(built_site, records):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built_site / "sitemap.xml").getroot()
    urls = {}
    for u in root.findall("s:url", ns):
        urls[u.find("s:loc", ns).text] = {link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)}
    for r in records:
        locs = {lang: head(built_site, r["url"][lang]).canonical for lang in LANGS}
        for lang in LANGS:
            assert urls[locs[lang]] == locs, r["id"]


# --- the dataset itself ---------------------------------------------------------------------------------------


def test_citation_cff_at_the_root():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    for key in ("message", "title", "abstract"):
        assert isinstance(cff[key], str) and cff[key].strip()
    assert cff["authors"] and all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in cff["authors"])
    assert all(isinstance(k, str) for k in cff["keywords"])
    assert set(cff) <= {"cff-version", "message", "type", "title", "abstract", "authors", "keywords", "license", "date-released",
                        "version", "url", "repository-code", "identifiers", "doi", "preferred-citation", "references", "contact"}


# --- one click ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_copy_button_puts_the_apa_reference_on_the_clipboard(built_site, site_url, browser, lang):
    # built_site first: the build (pagefind) must not run inside the event loop Playwright starts
    context = browser.new_context(bypass_csp=True, permissions=["clipboard-read", "clipboard-write"], viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        path = f"{LANG_PREFIX[lang]}volumes/laocai-2023/cong-an/"
        page.goto(f"{site_url}/{path}")
        button = page.locator('button[data-ky-copy="ky-cite-apa"]')
        button.click()
        page.wait_for_function("document.querySelector('[data-ky-copy=ky-cite-apa]').firstChild.nodeValue !== " + json.dumps(
            "Sao chép" if lang == "vi" else "Copy"))
        copied = page.evaluate("navigator.clipboard.readText()")
        (item,) = json.loads((built_site / path / "cite.json").read_text(encoding="utf-8"))
        assert copied == format_reference(item, "apa", lang, "text")
        assert copied.startswith("Công an tỉnh Lào Cai. (2023, ngày 28 tháng 11)." if lang == "vi" else "Công an tỉnh Lào Cai. (2023, November 28).")
        assert button.inner_text().startswith("Đã sao chép" if lang == "vi" else "Copied")
        assert not [u for u in requests if u.startswith("http") and not u.startswith(site_url)]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_feed_keeps_only_the_newest_entries(corpus, monkeypatch):
    """A feed is polled for what is new: it holds the newest FEED_ENTRIES records, newest first."""
    site = Site(corpus, dt.date(2026, 11, 29))
    whole = feedparser.parse(cite.feed(site, "vi"))
    assert len(whole.entries) == len(corpus.papers) + len(corpus.volumes) + len(corpus.documents) <= cite.FEED_ENTRIES
    monkeypatch.setattr(cite.feeds, "FEED_ENTRIES", 3)
    short = feedparser.parse(cite.feed(site, "vi"))
    assert [e.id for e in short.entries] == [e.id for e in whole.entries[:3]]
    assert [e.updated for e in whole.entries] == sorted((e.updated for e in whole.entries), reverse=True)


def test_stored_references_and_files_are_reused_and_follow_the_renderer(corpus, tmp_path, monkeypatch):
    """A build keeps formatted references and citation files on disk by the hash of the item: the next
    build takes them from there, gets the same bytes, and renders only what changed."""
    site = Site(corpus, dt.date(2026, 11, 29))
    entry = corpus.papers[0]
    store_path = tmp_path / "cache" / "citations-vi.json"

    def render_all() -> dict:
        box = cite.cite_box(site, entry, "vi")
        return {"apa": box["apa"], "vn": box["vn"], **site.site_files}

    with cite.stored(store_path) as first:
        made = render_all()
    assert first.misses == 3 and first.hits == 0 and store_path.is_file()
    # written one result at a time, and still the JSON of the whole
    assert store_path.read_text(encoding="utf-8") == json.dumps({"version": first.version, "results": first.used}, ensure_ascii=False)
    with cite.stored(store_path) as second:
        again = render_all()
    assert again == made and second.hits == 3 and second.misses == 0

    title = entry.record.title.model_copy(update={"vi": "Một tên khác"})
    changed = dataclasses.replace(entry, record=entry.record.model_copy(update={"title": title}))
    with cite.stored(store_path) as third:
        cite.cite_box(site, changed, "vi")
    assert third.misses == 3  # a changed item is rendered again (its reference, both styles, and its files)
    with cite.stored(store_path) as fourth:
        cite.cite_box(site, changed, "vi")
    assert fourth.hits == 3 and fourth.misses == 0  # only what the last build used is kept

    monkeypatch.setattr(cite.store, "_renderer_version", lambda: "another renderer")
    with cite.stored(store_path) as fifth:
        assert render_all() == made
    assert fifth.hits == 0  # new code, styles or libraries: everything is rendered again
