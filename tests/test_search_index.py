"""The search index the build writes (Pagefind: per language a catalogue and a full-text bundle),
checked without a browser: which pages each bundle holds, their kind, filters and metadata, the
normalised text it stores, what the catalogue leaves to the full texts, that a language's indexing
touches only its own bundles, what every page loads (nothing of search), and the OpenSearch
descriptions."""
from __future__ import annotations

import datetime as dt
import filecmp
import gzip
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import FULLTEXT_PAPER, RARE_EN, RARE_VI, RARE_VI_LATE, TODAY
from kyyeu.build import search
from kyyeu.text import STROKE

OS_NS = {"os": "http://a9.com/-/spec/opensearch/1.1/"}


def read_pf(path: Path):
    """A Pagefind data file: gzip, the 'pagefind_dcd' signature, then JSON (fragments) or CBOR."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return data[len(b"pagefind_dcd"):]


def bundle_fragments(site: Path, *bundles: str) -> dict[str, dict]:
    """Every page the bundles index, by URL: its text, metadata and filters as the browser will receive them."""
    out = {}
    for bundle in bundles:
        for path in (site / "pagefind" / bundle / "fragment").glob("*.pf_fragment"):
            frag = json.loads(read_pf(path))
            assert frag["url"] not in out, frag["url"]
            out[frag["url"]] = frag
    return out


@pytest.fixture(scope="module")
def fragments(built_site) -> dict[str, dict]:
    """Every page of the real site's catalogues (both languages)."""
    return bundle_fragments(built_site, "vi", "en")


def content_pages(site: Path) -> set[str]:
    """URLs of the built pages that readers would want to find (not the search pages, not 404)."""
    urls = set()
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        if re.match(r"^/(en/)?search/$", url) or url.startswith("/pagefind/"):
            continue
        urls.add(url)
    return urls


def check_bundle(pf: Path, lang: str, pages: int) -> None:
    """A bundle of one language's pages, without the Pagefind files the site does not use."""
    entry = json.loads((pf / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {lang}
    assert entry["languages"][lang]["page_count"] == pages
    assert not list(pf.glob("pagefind-*ui*")) and not (pf / "pagefind-highlight.js").exists()
    assert not (pf / "pagefind-worker.js").exists()
    wasm = entry["languages"][lang]["wasm"] or "unknown"
    assert [p.name for p in pf.glob("wasm.*")] == [f"wasm.{wasm}.pagefind"]
    # the script, plain and gzipped for browsers that unpack it themselves
    assert gzip.decompress((pf / "pagefind-js.pagefind").read_bytes()) == (pf / "pagefind.js").read_bytes()


def test_one_catalogue_bundle_per_language_and_no_whole_site_index(built_site):
    pf = built_site / "pagefind"
    pages = content_pages(built_site)
    en = {u for u in pages if u.startswith("/en/")}
    check_bundle(pf / "vi", "vi", len(pages - en))
    check_bundle(pf / "en", "en", len(en))
    # nothing of the former single bundle; Material's lunr index (search/search_index.json) is not built
    assert sorted(p.name for p in pf.iterdir()) == ["en", "vi"] + [f"{lang}-text" for lang in ("en", "vi")
                                                                    if (pf / f"{lang}-text").exists()]
    assert not list(built_site.rglob("search_index.json"))


def test_no_full_text_bundle_without_full_texts(built_site):
    # the real records carry no full text yet: no page has a full-text block, and no text bundle is written
    for lang, prefix in (("vi", ""), ("en", "en/")):
        has_text = any(search.FULLTEXT_START in p.read_text(encoding="utf-8") for p in (built_site / prefix).rglob("index.html")
                       if lang == "en" or not p.relative_to(built_site).as_posix().startswith("en/"))
        assert (built_site / "pagefind" / f"{lang}-text").exists() == has_text


def test_every_content_page_is_indexed_in_its_language(built_site, fragments):
    assert set(fragments) == content_pages(built_site)
    for url, frag in fragments.items():
        assert frag["meta"]["title"], url
    for lang in ("vi", "en"):
        assert {p.name[:3] for p in (built_site / "pagefind" / lang / "fragment").iterdir()} == {f"{lang}_"}
        assert {u.startswith("/en/") for u in bundle_fragments(built_site, lang)} == {lang == "en"}


def test_search_pages_and_404_are_not_indexed(fragments):
    assert not [u for u in fragments if "search" in u.split("/")[-2:-1] or u.endswith("404.html")]
    assert "/search/" not in fragments and "/en/search/" not in fragments


@pytest.mark.parametrize("url, kind, filters", [
    ("/volumes/laocai-2023/cong-an/", "paper",
     {"kind": ["Tham luận"], "org": ["Công an tỉnh Lào Cai"], "year": ["2023"]}),
    ("/en/volumes/laocai-2023/lien-doan-lao-dong/", "paper",
     {"kind": ["Paper"], "org": ["Lào Cai Provincial Labour Federation"], "year": ["2023"]}),
    ("/documents/72-2013-nd-cp/", "document",
     {"kind": ["Văn bản"], "org": ["Chính phủ"], "year": ["2013"], "status": ["Hết hiệu lực, bị thay thế"]}),
    ("/en/documents/24-2018-qh14/", "document",
     {"kind": ["Document"], "org": ["National Assembly"], "year": ["2018"], "status": ["Replaced"]}),
    ("/en/documents/116-2025-qh15/", "document", {"status": ["In force"]}),
    ("/volumes/laocai-2023/survey/", "survey", {"kind": ["Khảo sát"], "year": ["2023"]}),
    ("/volumes/laocai-2023/", "volume", {"kind": ["Kỷ yếu hội thảo"], "year": ["2023"]}),
    ("/en/volumes/laocai-2023/", "volume", {"kind": ["Workshop proceedings"]}),
    ("/organisations/quoc-hoi/", "organisation", {"kind": ["Cơ quan, đơn vị"], "org": ["Quốc hội"]}),
    ("/about/", "page", {"kind": ["Trang"]}),
    ("/en/", "page", {"kind": ["Page"]}),
])
def test_kind_and_filters_come_from_the_records(fragments, url, kind, filters):
    frag = fragments[url]
    assert frag["meta"]["kindcode"] == kind
    for name, values in filters.items():
        assert frag["filters"].get(name) == values, (url, name, frag["filters"])
    if kind != "document":
        assert "status" not in frag["filters"]


def test_index_stores_nfc_text_with_the_stroke_of_d_as_a_mark(fragments):
    frag = fragments["/documents/72-2013-nd-cp/"]
    text = frag["content"] + frag["meta"]["title"]
    assert "đ" not in text and "Đ" not in text
    assert f"72/2013/ND{STROKE}-CP" in frag["content"]
    assert f"Nghị d{STROKE}ịnh" in frag["meta"]["title"]
    for f in fragments.values():
        assert "\u200b" not in f["content"]
    # filters and kind labels are shown as they are
    assert fragments["/organisations/quoc-hoi/"]["filters"]["kind"] == ["Cơ quan, đơn vị"]


def test_permalink_signs_cite_box_and_source_line_are_not_indexed(fragments):
    for url, frag in fragments.items():
        assert "¶" not in frag["content"], url
        if re.search(r"/(documents|volumes)/[^/]+/", url):  # record pages end with "Source record: papers/….yml"
            assert ".yml" not in frag["content"], url
            assert "BibTeX" not in frag["content"], url  # the cite box (the home page names BibTeX in its text)


# --- two tiers: the catalogue and the full texts -------------------------------------------------


@pytest.fixture(scope="module")
def tiers(fulltext_site) -> dict[str, dict[str, dict]]:
    """The fragments of each bundle of the site whose police paper has full texts in both languages."""
    return {b: bundle_fragments(fulltext_site, b) for b in ("vi", "vi-text", "en", "en-text")}


def test_full_text_block_is_marked_in_the_page(fulltext_site):
    html = (fulltext_site / FULLTEXT_PAPER / "index.html").read_text(encoding="utf-8")
    block = re.search(f"{search.FULLTEXT_START}(.*?){search.FULLTEXT_END}", html, re.S).group(1)
    assert RARE_VI in block and RARE_VI_LATE in block
    assert RARE_VI not in html.replace(block, "")
    en = (fulltext_site / "en" / FULLTEXT_PAPER / "index.html").read_text(encoding="utf-8")
    assert en.count(search.FULLTEXT_START) == en.count(search.FULLTEXT_END) == 1


def test_catalogue_leaves_the_full_text_to_the_text_bundle(fulltext_site, tiers):
    vi, en = "/" + FULLTEXT_PAPER, "/en/" + FULLTEXT_PAPER
    # one record per page with a full text, in its language's text bundle
    assert set(tiers["vi-text"]) == {vi} and set(tiers["en-text"]) == {en}
    check_bundle(fulltext_site / "pagefind" / "vi-text", "vi", 1)
    check_bundle(fulltext_site / "pagefind" / "en-text", "en", 1)
    # every page stays in the catalogue, without the words of its full text (also those after a nested block)
    assert vi in tiers["vi"] and en in tiers["en"]
    for bundle in ("vi", "en"):
        for url, frag in tiers[bundle].items():
            for word in (RARE_VI, RARE_VI_LATE, RARE_EN):
                assert word not in frag["content"], (bundle, url, word)
    assert "Toàn văn" in tiers["vi"][vi]["content"]  # the heading over the block is the page's, not the text's
    text = tiers["vi-text"][vi]
    assert RARE_VI in text["content"] and RARE_VI_LATE in text["content"] and "Một khối lồng" in text["content"]
    assert "Tóm tắt" not in text["content"] and "Toàn văn" not in text["content"]
    assert RARE_EN in tiers["en-text"][en]["content"]
    # the same title, kind and filters as the catalogue's record
    for bundle, url in (("vi", vi), ("en", en)):
        cat, txt = tiers[bundle][url], tiers[bundle + "-text"][url]
        assert txt["meta"]["title"] == cat["meta"]["title"] and txt["meta"]["title"]
        assert txt["meta"]["kind"] == cat["meta"]["kind"] and txt["meta"]["kindcode"] == "paper"
        assert txt["filters"] == cat["filters"] and txt["filters"]["year"] == ["2023"]
    # the text bundle stores đ as the catalogue does
    assert f"d{STROKE}ảng viên" in text["content"] and "đ" not in text["content"] + text["meta"]["title"]


S, E = search.FULLTEXT_START, search.FULLTEXT_END


@pytest.mark.parametrize("article, catalogue, text", [
    ("<h1>T</h1><p>a</p>", "<h1>T</h1><p>a</p>", ""),
    (f"<p>a</p>{S}\n<p>b</p>\n{E}<p>c</p>", f"<p>a</p>{S}{E}<p>c</p>", "\n<p>b</p>\n"),
    (f'{S}<div lang="vi"><div class="x"><div>b</div></div><p>d</p></div>{E}<div>c</div>',
     f"{S}{E}<div>c</div>", '<div lang="vi"><div class="x"><div>b</div></div><p>d</p></div>'),
])
def test_split_fulltext(article, catalogue, text):
    assert search.split_fulltext(article) == (catalogue, text)


def test_split_fulltext_refuses_a_text_without_its_end():
    with pytest.raises(search.KyyeuError):
        search.split_fulltext(f"{S}<div>a</div>")


def test_a_record_keeps_its_page_packed_until_pagefind_gets_it():
    """A language's records hold every page until its last bundle is written: each holds its HTML
    compressed (PERFORMANCE.md: memory at N = 10,000), and gives it back whole, đ and tone marks too."""
    body = "".join(f"<h2>Điều {i}</h2><p>Cán bộ, đảng viên dùng mạng xã hội có trách nhiệm ({i}).</p>" for i in range(200))
    rec = search.Record("/a/", "vi", body, "paper")
    assert rec.body == body and len(rec._body) < len(body.encode("utf-8")) / 4
    rec.body = "<p>hoà</p>"
    assert rec.body == "<p>hoà</p>" and "hoà" in rec.html()


def test_pagefind_waits_for_a_place_held_by_another_process(tmp_path):
    """The two language processes of a build run at most PARALLEL Pagefind processes together: while
    another process holds every place, no Pagefind starts (a bundle the cache has is linked all the same);
    once the holder dies, the bundle is written."""
    import fcntl
    import subprocess
    import sys

    places, cache = tmp_path / "cache" / "places", tmp_path / "cache" / "search"
    search._write_bundles({tmp_path / ".vi-text-new": [search.Record("/b/", "vi", "<p>đã có</p>")]}, cache)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from kyyeu.build.search import _Places\n"
         f"p = _Places(Path({str(places)!r})); taken = [p.take() for _ in range({search.PARALLEL})]\n"
         "print(all(taken), flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "True"
        again = tmp_path / "again" / ".vi-text-new"
        linked = threading.Thread(target=search._write_bundles, daemon=True,
                                  args=({again: [search.Record("/b/", "vi", "<p>đã có</p>")]}, cache))
        linked.start()
        linked.join(20)
        assert not linked.is_alive() and (again / "pagefind-entry.json").is_file()  # from the cache, without a place
        out = tmp_path / ".vi-new"
        writer = threading.Thread(target=search._write_bundles, daemon=True,
                                  args=({out: [search.Record("/a/", "vi", "<h1>A</h1><p>chữ</p>")]}, cache))
        writer.start()
        writer.join(2.0)
        assert writer.is_alive() and not out.exists()  # waiting: Pagefind not started
    finally:
        holder.kill()  # killed, not closed: the kernel lets its locks go
        holder.wait()
    writer.join(60)
    assert not writer.is_alive() and (out / "pagefind-entry.json").is_file()
    for i in range(search.PARALLEL):  # and this call gave its place back
        with open(places / f"pagefind-{i}.lock", "a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_bundle_short_of_pages_is_an_error(tmp_path):
    rec = search.Record("/a/", "vi", "<h1>A</h1><p>chữ</p>")
    search._write_bundles({tmp_path / ".vi-new": [rec]})
    assert json.loads((tmp_path / ".vi-new" / "pagefind-entry.json").read_text())["languages"]["vi"]["page_count"] == 1
    with pytest.raises(search.KyyeuError, match=r"vi-text: Pagefind indexed 1 of 2 pages"):
        search._write_bundles({tmp_path / "ok": [rec], tmp_path / ".vi-text-new": [rec, rec]})  # one page twice: one page
    assert (tmp_path / "ok" / "pagefind-entry.json").is_file()  # the other bundle was written all the same


@pytest.fixture
def site_copy(fulltext_site, tmp_path):
    """A copy of the built site with full texts, and its Site (records) for search.index."""
    from kyyeu.load import load
    from kyyeu.site import Site

    copy = shutil.copytree(fulltext_site, tmp_path / "site")
    corpus, problems = load(fulltext_site.parent / "repo")
    assert not problems
    return copy, Site(corpus, dt.date.fromisoformat(TODAY))


def snapshot(pf: Path) -> dict[str, int]:
    """Inode of every file of a bundle folder: a rewrite or a swap changes them."""
    return {p.relative_to(pf).as_posix(): p.stat().st_ino for p in sorted(pf.rglob("*"))}


def test_one_language_indexed_alone_touches_only_its_own_bundles(site_copy):
    site, record_site = site_copy
    pf = site / "pagefind"
    vi, vi_text, vi_os = snapshot(pf / "vi"), snapshot(pf / "vi-text"), (site / "opensearch.xml").stat().st_ino
    en_text = snapshot(pf / "en-text")
    search.index(site, record_site, langs=("en",))
    assert snapshot(pf / "vi") == vi and snapshot(pf / "vi-text") == vi_text
    assert (site / "opensearch.xml").stat().st_ino == vi_os
    assert snapshot(pf / "en-text") != en_text and (site / "en" / "opensearch.xml").is_file()
    assert sorted(p.name for p in pf.iterdir()) == ["en", "en-text", "vi", "vi-text"]
    assert set(bundle_fragments(site, "en-text")) == {"/en/" + FULLTEXT_PAPER}


def test_two_languages_indexed_at_once_by_two_callers(site_copy):
    site, record_site = site_copy
    pf = site / "pagefind"
    errors = []

    def run(lang):
        try:
            search.index(site, record_site, langs=(lang,))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("vi", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(p.name for p in pf.iterdir()) == ["en", "en-text", "vi", "vi-text"]
    pages = content_pages(site)
    en = {u for u in pages if u.startswith("/en/")}
    check_bundle(pf / "vi", "vi", len(pages - en))
    check_bundle(pf / "en", "en", len(en))
    check_bundle(pf / "vi-text", "vi", 1)
    assert set(bundle_fragments(site, "vi", "en")) == pages


def test_text_bundle_is_removed_when_no_page_has_a_full_text_any_more(site_copy):
    site, record_site = site_copy
    page = site / FULLTEXT_PAPER / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index(search.FULLTEXT_START)
    catalogue, _ = search.split_fulltext(html[start:])
    page.write_text(html[:start] + catalogue, encoding="utf-8")
    search.index(site, record_site, langs=("vi",))
    assert not (site / "pagefind" / "vi-text").exists() and (site / "pagefind" / "en-text").exists()


def test_pages_load_nothing_of_search_until_it_is_opened(built_site):
    for path in [built_site / "index.html", built_site / "documents" / "72-2013-nd-cp" / "index.html",
                 built_site / "en" / "volumes" / "laocai-2023" / "cong-an" / "index.html"]:
        page = path.read_text(encoding="utf-8")
        # no <script src> or <link href> pointing at search assets: only data-* attributes that the loader reads
        tags = re.findall(r"<(?:script|link)\b[^>]*>", page)
        assert not [t for t in tags if "search" in t.split(">")[0] and ("src=" in t or "href=" in t)
                    and "opensearch" not in t], tags
        assert "pagefind" not in page
        assert 'id="ky-search"' in page and 'name="q"' in page


@pytest.mark.parametrize("page, action", [
    ("index.html", "search/"), ("documents/72-2013-nd-cp/index.html", "../../search/"),
    ("en/index.html", "search/"), ("en/documents/72-2013-nd-cp/index.html", "../../search/"),
])
def test_header_form_opens_the_search_page_of_the_language(built_site, page, action):
    html = (built_site / page).read_text(encoding="utf-8")
    form = re.search(r'<form class="md-search__form"[^>]*>', html).group(0)
    assert f'action="{action}"' in form and 'method="get"' in form
    lang = "en" if page.startswith("en/") else "vi"
    assert f'data-lang="{lang}"' in html


def test_search_pages_exist_in_both_languages(built_site):
    for rel, lang in (("search/index.html", "vi"), ("en/search/index.html", "en")):
        html = (built_site / rel).read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert 'id="search-results"' in html and 'id="ky-search-page"' in html
        for name in ("q", "kind", "org", "year", "status"):
            assert f'name="{name}"' in html


@pytest.mark.parametrize("rel, lang, prefix", [("opensearch.xml", "vi", ""), ("en/opensearch.xml", "en", "en/")])
def test_opensearch_descriptions(built_site, rel, lang, prefix):
    root = ET.parse(built_site / rel).getroot()
    assert root.tag == "{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription"
    assert len(root.find("os:ShortName", OS_NS).text) <= 16
    assert root.find("os:InputEncoding", OS_NS).text == "UTF-8"
    assert root.find("os:Language", OS_NS).text == lang
    html_url = [u for u in root.findall("os:Url", OS_NS) if u.get("type") == "text/html"][0]
    assert html_url.get("method") == "get"
    template = html_url.get("template")
    assert template.endswith(f"/{prefix}search/?q={{searchTerms}}"), template
    assert template.startswith("http")


def test_opensearch_link_in_head_when_main_html_carries_it(built_site):
    head = (built_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    if 'type="application/opensearchdescription+xml"' not in head:
        pytest.skip("overrides/main.html does not yet carry the OpenSearch <link> (the line is in the search hand-over)")
    for page, want in [("index.html", "/opensearch.xml"), ("documents/72-2013-nd-cp/index.html", "/opensearch.xml"),
                       ("en/index.html", "/en/opensearch.xml"), ("en/documents/72-2013-nd-cp/index.html", "/en/opensearch.xml")]:
        head = (built_site / page).read_text(encoding="utf-8").split("</head>")[0]
        link = re.search(r'<link rel="search" type="application/opensearchdescription\+xml"[^>]*href="([^"]+)"', head)
        assert link, page
        page_url = "http://site/" + page.removesuffix("index.html")
        assert urljoin(page_url, link.group(1)) == "http://site" + want, (page, link.group(1))


def test_each_catalogue_says_whether_its_language_has_full_texts(built_site, fulltext_site):
    """search.js asks the catalogue's tiers.json, never a text bundle that may not exist."""
    for lang in ("vi", "en"):
        assert json.loads((built_site / "pagefind" / lang / search.TIERS).read_text(encoding="utf-8")) == {"text": False}
        assert not (built_site / "pagefind" / f"{lang}-text").exists()
        assert json.loads((fulltext_site / "pagefind" / lang / search.TIERS).read_text(encoding="utf-8")) == {"text": True}
        assert (fulltext_site / "pagefind" / f"{lang}-text" / "pagefind-entry.json").is_file()


def test_index_chunks_are_small(tmp_path):
    """Pagefind cuts its index into chunks of at most search.INDEX_CHUNK_SIZE word positions (the last word
    may overrun it): set through an "unstable" environment variable of Pagefind 1.5.2, so this fails if an
    upgrade ignores it. 300 pages of 40 distinct words (12,000 words) give 4 chunks with Pagefind's default
    (20,000) and more than 8 with 1,000."""
    words = [f"w{i:05d}x" for i in range(12000)]
    recs = [search.Record(f"/p{i}/", "vi", "<h1>" + " ".join(words[i * 40:(i + 1) * 40]) + "</h1>", "paper")
            for i in range(300)]
    out = tmp_path / "bundle"
    search._write_bundles({out: recs})
    chunks = list((out / "index").glob("*.pf_index"))
    assert len(chunks) > 12000 // search.INDEX_CHUNK_SIZE * 0.7, len(chunks)


def test_a_large_catalogue_keeps_titles_cards_and_keywords_first(fulltext_site, monkeypatch):
    """Above search.FIRST_TIER_PAGES pages a language's first tier is each page's title, attribute card and
    keywords; the abstract, lists and notes go to the second tier with the full text (every page with more
    than a title then has a second-tier record). Below it (the real site) nothing moves (the test above)."""
    from conftest import ROOT
    from kyyeu.load import check
    from kyyeu.site import Site

    site = Site(check(ROOT), dt.date.fromisoformat(TODAY))
    small = search.records(fulltext_site, site, ("vi",))
    monkeypatch.setattr(search, "FIRST_TIER_PAGES", 1)
    large = search.records(fulltext_site, site, ("vi",))
    assert [r.url for r in large["vi"]] == [r.url for r in small["vi"]]
    first, second = ({r.url: r for r in large[b]} for b in ("vi", "vi-text"))
    assert set(second) <= set(first) and len(second) > len(small["vi-text"])
    paper, rest = first["/" + FULLTEXT_PAPER], second["/" + FULLTEXT_PAPER]
    assert paper.body.startswith("<h1") and 'class="ky-card"' in paper.body
    assert "Lào Cai" in paper.body and "<dt>" not in paper.body  # the card's values, not its labels
    assert "Tóm tắt" not in paper.body and "Nguồn" not in paper.body and RARE_VI not in paper.body
    assert "Tóm tắt" in rest.body and RARE_VI in rest.body and "<h1" not in rest.body and rest.title
    # nothing lost: the second tier is the catalogue record without its title (and keywords), then the full text
    whole = {r.url: r for r in small["vi"]}["/" + FULLTEXT_PAPER].body
    assert rest.body == re.sub(r"<h1\b.*?</h1>", "", whole, count=1, flags=re.S) + small["vi-text"][0].body
    # a keywords line (the label in the page's language) goes with the title; noisy card rows stay in the second tier
    head, tail = search.first_tier('<h1 id="t">T</h1>\n<dl class="ky-card">\n<dt>Tác giả</dt>\n<dd>X Y</dd>\n'
                                   '<dt>Tình trạng toàn văn</dt>\n<dd>Đã đăng toàn văn</dd>\n</dl>\n'
                                   '<p>a</p><p><strong>Từ khóa:</strong> x; y</p><p>b</p>', "vi")
    assert head == '<h1 id="t">T</h1>\n<dl class="ky-card">\n<dd>X Y</dd>\n</dl>\n<p> x; y</p>'
    assert tail == ('\n<dl class="ky-card">\n<dt>Tác giả</dt>\n<dd>X Y</dd>\n<dt>Tình trạng toàn văn</dt>\n'
                    '<dd>Đã đăng toàn văn</dd>\n</dl>\n<p>a</p><p>b</p>')


def test_a_bundle_whose_pages_did_not_change_is_not_indexed_again(repo_copy, tmp_path):
    from kyyeu.build.pipeline import build

    work = tmp_path / "work"
    cache = work / "cache" / "search"

    def kept() -> dict[str, tuple[str, int]]:
        return {p.parent.name: (p.read_text(encoding="utf-8"), p.stat().st_mtime_ns) for p in cache.glob("*/key")}

    first = build(repo_copy, site_dir=tmp_path / "s1", work_dir=work).site
    before = kept()
    assert {"vi", "en"} <= set(before)
    second = build(repo_copy, site_dir=tmp_path / "s2", work_dir=work).site
    assert kept() == before  # nothing indexed, nothing stored again
    files = sorted(str(p.relative_to(first)) for p in (first / "pagefind").rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(second)) for p in (second / "pagefind").rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert not mismatch and not errors

    about = repo_copy / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\nMột từ mới: zorbluxian.\n", encoding="utf-8")
    third = build(repo_copy, site_dir=tmp_path / "s3", work_dir=work).site
    after = kept()
    assert after["vi"][0] != before["vi"][0]  # the Vietnamese catalogue is indexed again …
    assert after["en"] == before["en"]  # … the English one, whose pages did not change, is not
    assert any("zorbluxian" in f["content"] for f in bundle_fragments(third, "vi").values())
