"""Guidance a party committee can act on (issue 14): key points per document, topics, "what applies to
me" by audience, what changed, and search that answers questions typed without diacritics.

Checks: `kyyeu check` gives one clear line (file and field) for a point without a source, an unknown
audience and an unknown topic id; the built pages carry the sections and anchors; a browser, in each
language, opens a topic page, picks an audience and follows a point to its document's section; the
search page answers everyday questions typed without diacritics, with a notice for partial matches."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from kyyeu.cli import main
from kyyeu.load import load
from test_search_browser import SearchPage

DOC = "papers/documents/147-2024-nd-cp/document.yml"
TOPICS = "papers/topics.yml"


# --- records and `kyyeu check` ------------------------------------------------------------------



@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the loader's messages in English (the Vietnamese catalogue is tested in test_messages.py)."""
    monkeypatch.setenv("KYYEU_LANG", "en")

@pytest.fixture
def repo(tmp_path) -> Path:
    shutil.copytree(ROOT / "papers", tmp_path / "papers")
    return tmp_path


def check(repo: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(repo), "check"])
    out = capsys.readouterr()
    return code, out.out + out.err


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: The first key point of Decree 147/2024 as the record has it (id, audiences, topics, first source).
FIRST = "- id: xac-thuc-so-dien-thoai"


def first_point_block(repo: Path) -> str:
    text = (repo / DOC).read_text(encoding="utf-8")
    start = text.index(FIRST)
    return text[start: text.index("\n- id: ", start + 1)]


def test_real_key_points_and_topics_load(repo, capsys):
    code, out = check(repo, capsys)
    assert code == 0, out
    corpus, problems = load(repo)
    assert not problems
    points = sum(len(d.record.key_points) for d in corpus.documents.values())
    assert points >= 4 * len(corpus.documents) - 10 and 8 <= len(corpus.topics) <= 12
    for d in corpus.documents.values():
        for p in d.record.key_points:
            assert p.sources and all(str(s.url).startswith("http") for s in p.sources), (d.id, p.id)
    # the replacements the issue names have their side-by-side
    assert {c.before.document for c in corpus.documents["147-2024-nd-cp"].record.changes} == {"72-2013-nd-cp"}
    assert {c.before.document for c in corpus.documents["116-2025-qh15"].record.changes} == {"24-2018-qh14"}
    # the reviewers' quote checks never reach the records
    for path in (repo / "papers/documents").glob("*/document.yml"):
        assert "quote_check" not in path.read_text(encoding="utf-8"), path


def one_line(out: str, file: str, field: str, words: str) -> None:
    lines = [x for x in out.splitlines() if x.startswith(file) and f": {field}: " in x]
    assert len(lines) == 1, f"expected one line for {file} {field}:\n{out}"
    assert words in lines[0], lines[0]
    assert "Traceback" not in out


def test_point_without_a_source(repo, capsys):
    block = first_point_block(repo)
    sources = block[block.index("  sources:"):]
    edit(repo, DOC, block, block.replace(sources, "  sources: []\n"))
    code, out = check(repo, capsys)
    assert code == 1
    one_line(out, DOC, "key_points[0].sources", "no source given")


def test_point_with_its_sources_left_out(repo, capsys):
    block = first_point_block(repo)
    edit(repo, DOC, block, block[: block.index("  sources:")])
    code, out = check(repo, capsys)
    assert code == 1
    one_line(out, DOC, "key_points[0].sources", "required field `sources` is missing")


def test_unknown_audience(repo, capsys):
    block = first_point_block(repo)
    edit(repo, DOC, block, block.replace("  - citizens\n", "  - cadres\n", 1))
    code, out = check(repo, capsys)
    assert code == 1
    one_line(out, DOC, "key_points[0].audiences[0]", "'cadres' is not allowed")
    assert "party-members" in out  # the line says which words are allowed


def test_unknown_topic_id(repo, capsys):
    block = first_point_block(repo)
    edit(repo, DOC, block, block.replace("  - account-verification\n", "  - xac-thuc\n", 1))
    code, out = check(repo, capsys)
    assert code == 1
    one_line(out, DOC, "key_points[0].topics[0]", "unknown topic id 'xac-thuc'")
    assert TOPICS in out  # where the ids come from


def test_change_side_without_a_source_and_unknown_paper_on_a_topic(repo, capsys):
    text = (repo / DOC).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["changes"][0]["after"]["sources"]
    data["changes"][0]["after"]["sources"] = []
    header = text.split("\n", 1)[0] + "\n"
    (repo / DOC).write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    edit(repo, TOPICS, "paper: laocai-2023/so-tttt", "paper: laocai-2023/khong-co")
    code, out = check(repo, capsys)
    assert code == 1
    one_line(out, DOC, "changes[0].after.sources", "no source given")
    assert any(x.startswith(TOPICS) and "unknown paper 'laocai-2023/khong-co'" in x for x in out.splitlines()), out


# --- built pages ----------------------------------------------------------------------------------


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_document_page_has_key_points_with_anchors_articles_audiences_and_sources(built_site):
    corpus, _ = load(ROOT)
    for lang, prefix in (("vi", ""), ("en", "en/")):
        for doc in corpus.documents.values():
            page = html(built_site, f"{prefix}documents/{doc.id}/")
            for p in doc.record.key_points:
                assert f'id="diem-{p.id}"' in page, (lang, doc.id, p.id)
                for s in p.sources:
                    assert f'href="{s.url}"' in page.replace("&amp;", "&"), (doc.id, p.id, s.url)
        page = html(built_site, f"{prefix}documents/147-2024-nd-cp/")
        assert ("điểm e khoản 3 Điều 23" if lang == "vi" else "Article 23(3)(e)") in page
        assert ("Áp dụng cho" if lang == "vi" else "Applies to") in page
        assert 'href="../../topics/account-verification/"' in page  # each point links to its topics


def test_what_changed_side_by_side_each_side_with_its_source(built_site):
    for lang, prefix in (("vi", ""), ("en", "en/")):
        page = html(built_site, f"{prefix}documents/147-2024-nd-cp/")
        section = page[page.index('id="thay-doi-cach-xac-thuc-tai-khoan"'):]
        table = section[: section.index("</table>")]
        assert 'href="../72-2013-nd-cp/"' in table and "27/2018/NĐ-CP" in table
        assert ("Trước đây" if lang == "vi" else "Before") in table and ("Nay" if lang == "vi" else "Now") in table
        # under the table, each side's sources
        sources = section[section.index("</table>"): section.index("<h3", 10)]
        before, after = sources.split("<br")
        assert "truyenthongg8.vn" in before and "doanhnghiepthuonghieu.vn" not in before
        assert "doanhnghiepthuonghieu.vn" in after
        page = html(built_site, f"{prefix}documents/116-2025-qh15/")
        assert 'id="thay-doi-hanh-vi-bi-cam-them-ai"' in page and 'href="../24-2018-qh14/"' in page


def test_topic_pages_index_and_home_links(built_site):
    corpus, _ = load(ROOT)
    for lang, prefix in (("vi", ""), ("en", "en/")):
        home = html(built_site, prefix)
        index = html(built_site, f"{prefix}topics/")
        for t in corpus.topics.values():
            assert f'href="topics/{t.id}/"' in home, t.id
            assert f'href="{t.id}/"' in index, t.id
            page = html(built_site, f"{prefix}topics/{t.id}/")
            assert t.title[lang] in page
            for doc, p in corpus.points_on(t.id):
                assert f'href="../../documents/{doc.id}/#diem-{p.id}"' in page, (t.id, p.id)
        # a replaced document's points say so (the test day is after 147/2024 replaced 72/2013)
        page = html(built_site, f"{prefix}topics/officials-conduct/")
        assert ("72/2013/NĐ-CP (Hết hiệu lực, bị thay thế)" if lang == "vi" else "72/2013/NĐ-CP (Replaced)") in page
        page = html(built_site, f"{prefix}topics/provider-obligations/")
        assert 'href="../../volumes/laocai-2023/survey/"' in page  # the survey of platform use speaks to it
        assert "93" in page


def test_catalogue_lists_points_by_audience_without_javascript(built_site):
    for lang, prefix in (("vi", ""), ("en", "en/")):
        page = html(built_site, f"{prefix}documents/")
        for a in ("officials", "party-members", "citizens", "organisations", "providers"):
            assert f'id="doi-tuong-{a}"' in page and f'href="#doi-tuong-{a}"' in page
        officials = page[page.index('id="doi-tuong-officials"'): page.index('id="doi-tuong-party-members"')]
        assert 'href="874-qd-btttt/#diem-can-bo-cong-chuc"' in officials
        providers = page[page.index('id="doi-tuong-providers"'):]
        assert 'href="874-qd-btttt/#diem-doi-tuong-ap-dung"' in providers
        assert "#diem-can-bo-cong-chuc" not in providers  # a point for officials only is not listed for providers


# --- a reader in the browser: topic → audience → the point in its document -------------------------


@pytest.mark.parametrize("prefix, audience", [("", "Cán bộ, công chức, viên chức"), ("/en", "Officials and civil servants")])
def test_topic_filter_by_audience_then_follow_a_point(phone, site_url, prefix, audience):
    phone.goto(f"{site_url}{prefix}/topics/officials-conduct/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    phone.locator("article a", has_text=audience).first.click()
    phone.wait_for_function("location.hash === '#doi-tuong-officials'")
    heading = phone.locator("#doi-tuong-officials")
    assert heading.is_visible() and heading.inner_text().startswith(audience)
    # the list under the heading: the points that concern officials, each linking to its document's section
    links = phone.locator("xpath=//*[@id='doi-tuong-officials']/following-sibling::p[1]//a")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "../../documents/874-qd-btttt/#diem-can-bo-cong-chuc" in hrefs
    assert not [h for h in hrefs if "#diem-" not in h]
    phone.locator("xpath=//*[@id='doi-tuong-officials']/following-sibling::p[1]//a[contains(@href, '#diem-can-bo-cong-chuc')]").click()
    phone.wait_for_url(f"**{prefix}/documents/874-qd-btttt/#diem-can-bo-cong-chuc")
    target = phone.locator("#diem-can-bo-cong-chuc")
    assert target.is_visible()
    assert phone.evaluate("document.getElementById('diem-can-bo-cong-chuc').getBoundingClientRect().top") < 400  # scrolled to it
    section = phone.evaluate("""() => { let n = document.getElementById('diem-can-bo-cong-chuc').nextElementSibling, t = '';
        while (n && n.tagName !== 'H3' && n.tagName !== 'H2') { t += n.innerText + '\\n'; n = n.nextElementSibling; } return t; }""")
    assert "vovworld.vn" in section and ("Áp dụng cho" if not prefix else "Applies to") in section


# --- search answers questions typed without diacritics ---------------------------------------------

T, D = "/topics/", "/documents/"
#: (question as typed, a page that must be among the first five results)
QUESTIONS_VI = [
    ("luat an ninh mang moi co hieu luc tu khi nao", D + "116-2025-qh15/"),
    ("xac thuc tai khoan bang so dien thoai", D + "147-2024-nd-cp/"),
    ("hanh vi bi nghiem cam tren khong gian mang", D + "24-2018-qh14/"),
    ("nghi dinh 147 thay doi gi so voi nghi dinh 72", D + "147-2024-nd-cp/"),
    ("dang tin sai su that bi phat bao nhieu tien", T + "fines-penalties/"),
    ("tre em duoi 16 tuoi co duoc lap facebook khong", D + "147-2024-nd-cp/"),
    ("tre em choi game toi da bao nhieu phut mot ngay", T + "children-online/"),
    ("ghi am cuoc goi zalo co vi pham phap luat khong", D + "116-2025-qh15/"),
    ("can bo cong chuc duoc dang gi tren facebook", T + "officials-conduct/"),
    ("gap thong tin xau doc tren mang phai lam gi", T + "harmful-content-response/"),
    ("nha mang xa hoi phai go bai vi pham trong bao lau", T + "provider-obligations/"),
    ("nghi quyet 35 yeu cau gi doi voi dang vien", T + "party-ideology/"),
    ("khi nao tai khoan bi khoa vinh vien", D + "147-2024-nd-cp/"),
    ("dung tri tue nhan tao gia mao giong noi co bi cam khong", D + "116-2025-qh15/"),
]
QUESTIONS_EN = [
    ("when does the new cybersecurity law take effect", "/en" + D + "116-2025-qh15/"),
    ("how much is the fine for posting false information", "/en" + T + "fines-penalties/"),
    ("is recording a call without consent illegal", "/en" + D + "116-2025-qh15/"),
    ("what must social media companies do", "/en" + T + "provider-obligations/"),
]


@pytest.fixture(scope="module")
def search_vi(browser, site_url):
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    yield SearchPage(context.new_page(), site_url, "vi")
    context.close()


@pytest.fixture(scope="module")
def search_en(browser, site_url):
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    yield SearchPage(context.new_page(), site_url, "en")
    context.close()


@pytest.mark.parametrize("question, expected", QUESTIONS_VI, ids=[q for q, _ in QUESTIONS_VI])
def test_vietnamese_questions_without_diacritics(search_vi, question, expected):
    assert question.isascii()
    assert expected in search_vi.query(question), question


@pytest.mark.parametrize("question, expected", QUESTIONS_EN, ids=[q for q, _ in QUESTIONS_EN])
def test_english_questions(search_en, question, expected):
    assert expected in search_en.query(question), question


def test_partial_matches_are_ranked_and_announced(search_vi):
    links = search_vi.query("tre em choi game toi da bao nhieu phut mot ngay")
    assert T + "children-online/" in links[:3] and D + "147-2024-nd-cp/" in links[:3], links  # the game limits
    status = search_vi.page.locator("#search-status").inner_text()
    assert status.startswith("Không trang nào có đủ mọi từ") and "khớp nhiều từ nhất" in status
    # a question every word of which is on a page is not announced as partial
    search_vi.query("xac thuc tai khoan bang so dien thoai")
    assert "kết quả cho" in search_vi.page.locator("#search-status").inner_text()


def test_a_result_names_the_key_point_that_answers(search_vi):
    search_vi.query("xac thuc tai khoan bang so dien thoai")
    item = search_vi.page.locator("#search-results a[href='/documents/147-2024-nd-cp/']")
    assert item.locator(".ky-search-result__point").inner_text().startswith("→ ")


def test_question_words_are_dropped_but_not_content_syllables(search_vi):
    got = search_vi.page.evaluate("""async () => {
        const m = await import('/assets/search.js');
        return [m.meaningful('luat an ninh mang moi co hieu luc tu khi nao'),
                m.meaningful('dang tin sai su that bi phat bao nhieu tien'),
                m.meaningful('tai khoan can bo bao ve tre em khong gian mang'),
                m.meaningful('what does the code of conduct ask of officials')];
    }""")
    assert got[0] == ["luat", "an", "ninh", "mang", "moi", "co", "hieu", "luc", "tu"]
    assert got[1] == ["dang", "tin", "sai", "su", "that", "bi", "phat", "tien"]
    assert got[2] == ["tai", "khoan", "can", "bo", "bao", "ve", "tre", "em", "khong", "gian", "mang"]
    assert got[3] == ["code", "conduct", "ask", "officials"]


def test_what_changed_fits_a_phone(phone, site_url):
    for prefix in ("", "/en"):
        phone.goto(f"{site_url}{prefix}/documents/147-2024-nd-cp/#thay-doi-cach-xac-thuc-tai-khoan")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert phone.locator("#thay-doi-cach-xac-thuc-tai-khoan + div table, #thay-doi-cach-xac-thuc-tai-khoan + table").first.is_visible()
