"""The search index the build writes (Pagefind, one index per language), checked without a browser:
which pages it holds, their kind, filters and metadata, the normalised text it stores, what every
page loads (nothing of search), and the OpenSearch descriptions."""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from kyyeu.text import STROKE

OS_NS = {"os": "http://a9.com/-/spec/opensearch/1.1/"}


def read_pf(path: Path):
    """A Pagefind data file: gzip, the 'pagefind_dcd' signature, then JSON (fragments) or CBOR."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return data[len(b"pagefind_dcd"):]


@pytest.fixture(scope="module")
def fragments(built_site) -> dict[str, dict]:
    """Every indexed page by URL: its text, metadata and filters as the browser will receive them."""
    out = {}
    for path in (built_site / "pagefind" / "fragment").glob("*.pf_fragment"):
        frag = json.loads(read_pf(path))
        out[frag["url"]] = frag
    return out


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


def test_bundle_has_one_index_per_language_and_no_whole_site_index(built_site):
    pf = built_site / "pagefind"
    entry = json.loads((pf / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"vi", "en"}
    pages = content_pages(built_site)
    en = {u for u in pages if u.startswith("/en/")}
    assert entry["languages"]["en"]["page_count"] == len(en)
    assert entry["languages"]["vi"]["page_count"] == len(pages - en)
    # Material's lunr index (search/search_index.json) is not built, and Pagefind's unused UIs are not shipped
    assert not list(built_site.rglob("search_index.json"))
    assert not list(pf.glob("pagefind-*ui*")) and not (pf / "pagefind-highlight.js").exists()
    assert not (pf / "pagefind-worker.js").exists()
    # the script, plain and gzipped for browsers that unpack it themselves
    assert gzip.decompress((pf / "pagefind-js.pagefind").read_bytes()) == (pf / "pagefind.js").read_bytes()


def test_every_content_page_is_indexed_in_its_language(built_site, fragments):
    assert set(fragments) == content_pages(built_site)
    for url, frag in fragments.items():
        assert frag["meta"]["title"], url
    files = {p.name[:3] for p in (built_site / "pagefind" / "fragment").iterdir()}
    assert files == {"vi_", "en_"}


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
