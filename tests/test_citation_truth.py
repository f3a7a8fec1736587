"""Issue 16: what a reference manager saves from the built pages, and the formatted APA of one paper and one
document, whole."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

from test_citations import corpus, head  # noqa: F401 (corpus is a fixture)

APA_PAPER_VI = (
    "Báo Lào Cai. (2023, ngày 28 tháng 11). [Tham luận về tuyên truyền chính trị trên internet, mạng xã hội] "
    "[Trình bày tại hội thảo]. Hội thảo khoa học “Nâng cao vai trò, trách nhiệm của cán bộ, đảng viên và Nhân dân trên "
    "địa bàn tỉnh trong sử dụng internet, mạng xã hội”, tỉnh Lào Cai, Việt Nam. "
    "http://127.0.0.1:8000/volumes/laocai-2023/bao-lao-cai/"
)
APA_PAPER_EN = (
    "Báo Lào Cai. (2023, November 28). [Tham luận về tuyên truyền chính trị trên internet, mạng xã hội] "
    "[Paper on political communication on the internet and social networks] [Paper presentation]. Hội thảo khoa học "
    "“Nâng cao vai trò, trách nhiệm của cán bộ, đảng viên và Nhân dân trên địa bàn tỉnh trong sử dụng internet, mạng xã "
    "hội” [Scientific workshop “Raising the role and responsibility of officials, party members and the people of the "
    "province in using the internet and social networks”], Lào Cai province, Vietnam. "
    "http://127.0.0.1:8000/en/volumes/laocai-2023/bao-lao-cai/"
)
APA_LAW_EN = "Luật An ninh mạng [Law on Cybersecurity], No. 24/2018/QH14 (2018). http://127.0.0.1:8000/en/documents/24-2018-qh14/"
# a party directive is a document of its issuer, not an act: its number stands in its title, its subject in brackets
APA_DIRECTIVE_VI = ("Bộ Chính trị. (2013). Chỉ thị số 30-CT/TW [của Bộ Chính trị về báo chí điện tử và mạng xã hội]. "
                    "http://127.0.0.1:8000/documents/30-ct-tw/")


def test_the_apa_reference_of_a_paper_and_a_law_whole(built_site):
    assert head(built_site, "volumes/laocai-2023/bao-lao-cai/").refs["ky-cite-apa"] == APA_PAPER_VI
    assert head(built_site, "en/volumes/laocai-2023/bao-lao-cai/").refs["ky-cite-apa"] == APA_PAPER_EN
    assert head(built_site, "en/documents/24-2018-qh14/").refs["ky-cite-apa"] == APA_LAW_EN
    assert head(built_site, "documents/30-ct-tw/").refs["ky-cite-apa"] == APA_DIRECTIVE_VI


def test_no_space_before_punctuation_in_any_reference(built_site):
    for page in built_site.rglob("index.html"):
        for ref in re.findall(r'<p class="ky-cite-ref"[^>]*>(.*?)</p>', page.read_text(encoding="utf-8"), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", ref))
            assert not re.search(r"[”\"’)\]]\s+[.,;:]", text), (page, text)


def test_zotero_reads_single_field_organisations_vietnamese_and_item_types(built_site):
    for prefix in ("", "en/"):
        paper = head(built_site, prefix + "volumes/laocai-2023/cong-an/").meta
        assert paper["citation_author"] == ["Công an tỉnh Lào Cai,"] and paper["DC.creator"] == ["Công an tỉnh Lào Cai,"]
        assert paper["citation_language"] == ["vi"] and paper["DC.language"] == ["vi"]
        assert paper["DC.type"] == ["conferencePaper"] and paper["citation_title"][0].startswith("[Tham luận về ")
        assert paper["description"][0] != paper["citation_title"][0]
        assert ("chưa được công bố" if not prefix else "has not been published") in paper["description"][0]
        assert not {"citation_publisher", "DC.publisher", "citation_pdf_url", "citation_firstpage", "citation_lastpage"} & set(paper)
        law = head(built_site, prefix + "documents/24-2018-qh14/").meta
        assert law["citation_title"][0].startswith("Luật An ninh mạng số 24/2018/QH14")
        assert law["citation_author"] == ["Quốc hội,"] and law["DC.type"] == ["statute"]
        assert law["citation_publication_date"] == ["2018-06-12"] and law["citation_language"] == ["vi"]
        decision = head(built_site, prefix + "documents/874-qd-btttt/").meta
        assert decision["citation_title"][0].startswith("Quyết định số 874/QĐ-BTTTT [ban hành Bộ Quy tắc ứng xử trên mạng xã hội]")
        assert decision["DC.type"] == ["statute"]
        directive = head(built_site, prefix + "documents/30-ct-tw/").meta
        assert directive["DC.type"] == ["document"] and directive["citation_author"] == ["Bộ Chính trị,"]
        assert directive["citation_title"][0].startswith("Chỉ thị số 30-CT/TW [")


def _coins(page) -> list[dict]:
    spans = re.findall(r'<span class="Z3988" title="([^"]*)"></span>', page.read_text(encoding="utf-8"))
    return [dict(parse_qsl(html.unescape(s))) for s in spans]


def test_coins_one_per_item_on_list_pages_only(built_site, corpus):
    for prefix in ("", "en/"):
        papers = _coins(built_site / prefix / "volumes/laocai-2023/index.html")
        assert len(papers) == len(corpus.papers_of("laocai-2023"))
        assert all(c["rft.genre"] == "proceeding" and c["rft.atitle"].startswith("[Tham luận về ") and c["rft.aucorp"]
                   and c["rft.language"] == "vi" and "rft.au" not in c for c in papers)
        docs = _coins(built_site / prefix / "documents/index.html")
        assert len(docs) == len(corpus.documents)
        assert {c["rft.type"] for c in docs} == {"statute", "document"}
        assert any(c["rft.title"] == "Luật An ninh mạng số 24/2018/QH14" for c in docs) == (prefix == "")
        for item in ("volumes/laocai-2023/cong-an/", "documents/24-2018-qh14/", ""):
            assert _coins(built_site / prefix / item / "index.html") == []  # would outrank the item's meta tags


def test_status_not_stated_unless_a_source_gives_it(built_site):
    text = (built_site / "documents/35-nq-tw/index.html").read_text(encoding="utf-8")
    assert "Chưa được nêu trong các nguồn" in text and "Còn hiệu lực" not in text
    text = (built_site / "en/documents/index.html").read_text(encoding="utf-8")
    assert "Not stated in the sources" in text


def test_no_page_feed_or_file_says_four_papers_were_heard_or_names_a_publisher(built_site):
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".xml", ".bib", ".ris", ".json") and path.is_file() and "pagefind" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert "four papers" not in text and "nghe bốn tham luận" not in text, path
            assert "publisher = " not in text and "\nPB  - " not in text and '"publisher"' not in text, path
