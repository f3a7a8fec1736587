"""A Word file is a source: vi.docx in a record's folder builds the page `kyyeu import` would give, with
the right outline (one h1, no skipped heading level, footnotes linked both ways); and a renamed paper's
old addresses lead to its new page in both languages (`moved_from:`)."""
from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kyyeu.build.pipeline import build
from kyyeu.cli import main
from kyyeu.load import load

from conftest import copy_repo, serve_dir
from conftest_import import add_footnotes, footnote_ref, new_document

PAPER = Path("papers/laocai-2023/cong-an")
PAGE = "volumes/laocai-2023/cong-an/index.html"


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the loader's messages in English (the Vietnamese catalogue is tested in test_messages.py)."""
    monkeypatch.setenv("KYYEU_LANG", "en")


def word_file(path: Path) -> Path:
    """A paper as editors send it: a Title, Heading 1/2 sections, a list, a table, two Word footnotes, and a
    note typed the old way (a superscript number, its text in a numbered list at the end)."""
    document = new_document()
    add_footnotes(document, ["Theo Luật An ninh mạng năm 2018.", "Số liệu của Công an tỉnh Lào Cai."])
    document.add_heading("Tuyên truyền pháp luật về an ninh mạng", level=0)
    document.add_heading("Thực trạng", level=1)
    paragraph = document.add_paragraph("Không gian mạng là tài sản của Nhà nước")
    footnote_ref(paragraph, 1)
    paragraph.add_run(".")
    document.add_heading("Số liệu", level=2)
    paragraph = document.add_paragraph("Các vụ việc vi phạm đã được xử lý")
    footnote_ref(paragraph, 2)
    paragraph.add_run(".")
    table = document.add_table(rows=2, cols=2)
    for col, (head, value) in enumerate([("Năm", "2023"), ("Vụ việc", "12")]):
        table.cell(0, col).text, table.cell(1, col).text = head, value
    document.add_heading("Giải pháp", level=1)
    for item in ("Tuyên truyền trên mạng xã hội", "Tập huấn kỹ năng số"):
        document.add_paragraph(item, style="List Bullet")
    paragraph = document.add_paragraph("Trách nhiệm của cán bộ, đảng viên được đề cao")
    mark = paragraph.add_run("1")
    mark.font.superscript = True
    paragraph.add_run(".")
    document.add_paragraph("Chú thích")
    note = document.add_paragraph()
    raised = note.add_run("1")
    raised.font.superscript = True
    note.add_run(" Theo Chỉ thị số 30-CT/TW.")
    document.save(path)
    return path


class _Outline(HTMLParser):
    """Headings of the page's article, and every id and in-page link target."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (class, href)
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if self.depth and re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append((attrs.get("class") or "", attrs["href"][1:]))

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def fulltext(html: str) -> str:
    """The full text's part of a built page (between the markers the search index splits at)."""
    start, end = html.index('<div class="ky-fulltext"></div>'), html.index('<div class="ky-fulltext-end"></div>')
    return html[start:end]


def notes(html: str) -> str:
    """The footnotes' list of a built page."""
    found = re.search(r'<div class="footnote">.*?</div>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture(scope="module")
def word_sites(tmp_path_factory):
    """Two copies of the site: one with vi.docx in the paper's folder, one with the same file imported."""
    base = tmp_path_factory.mktemp("word")
    source = word_file(base / "bai-viet.docx")
    docx_repo = copy_repo(base / "docx")
    shutil.copy2(source, docx_repo / PAPER / "vi.docx")
    docx_site = build(docx_repo, base / "docx-site", base / "docx-work").site

    import_repo = copy_repo(base / "import")
    cwd = Path.cwd()
    try:
        os.chdir(import_repo)
        assert main(["import", str(source), "--into", str(PAPER)]) == 0
    finally:
        os.chdir(cwd)
    import_site = build(import_repo, base / "import-site", base / "import-work").site
    return docx_repo, docx_site, import_repo, import_site


def test_word_file_builds_one_h1_no_skipped_level_and_three_footnotes(word_sites):
    _, site, _, _ = word_sites
    html = (site / PAGE).read_text(encoding="utf-8")
    parsed = outline(html)
    assert parsed.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:])), parsed.headings
    text = fulltext(html)
    assert "Tuyên truyền pháp luật về an ninh mạng" not in text  # the Word title is the page's h1, not repeated
    assert re.search(r"<h3[^>]*>Thực trạng", text) and re.search(r"<h4[^>]*>Số liệu", text)
    assert "<table" in text and "<li>Tập huấn kỹ năng số</li>" in text
    assert "Chú thích" not in text and "Nhà nước1" not in text and "đề cao1" not in text
    refs = [href for cls, href in parsed.links if "footnote-ref" in cls]
    backs = [href for cls, href in parsed.links if "footnote-backref" in cls]
    assert len(refs) == 3 and len(backs) == 3
    assert all(target in parsed.ids for target in refs + backs)  # linked both ways
    for note in ("Theo Luật An ninh mạng năm 2018.", "Số liệu của Công an tỉnh Lào Cai.", "Theo Chỉ thị số 30-CT/TW."):
        assert note in html  # Python-Markdown puts the notes at the end of the page, after the text


def test_word_file_page_passes_axe_heading_order(word_sites, browser):
    from axe_playwright_python.sync_playwright import Axe

    _, site, _, _ = word_sites
    base, server = serve_dir(site)
    try:
        page = browser.new_page()
        page.goto(f"{base}/{PAGE.removesuffix('index.html')}")
        results = Axe().run(page, options={"runOnly": ["heading-order", "page-has-heading-one"]})
        page.close()
    finally:
        server.shutdown()
    assert results.response["violations"] == [], results.generate_report()
    assert {r["id"] for r in results.response["passes"]} >= {"heading-order", "page-has-heading-one"}


def test_only_vi_docx_builds_the_same_page_as_import(word_sites):
    docx_repo, docx_site, import_repo, import_site = word_sites
    assert not (docx_repo / PAPER / "vi.md").exists() and (import_repo / PAPER / "vi.md").is_file()
    for page in (PAGE, "en/" + PAGE):
        built = (docx_site / page).read_text(encoding="utf-8")
        imported = (import_site / page).read_text(encoding="utf-8")
        assert fulltext(built) == fulltext(imported)
        assert notes(built) == notes(imported) and notes(built).count("<li ") == 3
        # the same page but for the attachment `kyyeu import` lists (its own h2 at the end)
        assert outline(built).headings == outline(imported).headings[:-1]
        assert "bai-viet.docx" in imported and "bai-viet.docx" not in built


def test_the_conversion_is_cached_and_the_same_byte_for_byte(word_sites):
    docx_repo, _, _, _ = word_sites
    cached = list((docx_repo / ".build/cache/word").glob("*.json"))
    assert len(cached) == 1
    first = load(docx_repo)[0].papers_of("laocai-2023")
    cached[0].unlink()  # converted again without the cache: the same text
    again = load(docx_repo)[0].papers_of("laocai-2023")
    text = {p.id: p.fulltext.get("vi") for p in first}["cong-an"]
    assert text and text == {p.id: p.fulltext.get("vi") for p in again}["cong-an"]


def test_docx_and_md_for_one_language_is_an_error_naming_both(word_sites, tmp_path):
    repo = copy_repo(tmp_path / "repo")
    word_file(repo / PAPER / "vi.docx")
    (repo / PAPER / "vi.md").write_text("Văn bản.\n", encoding="utf-8")
    _, problems = load(repo)
    lines = [str(p) for p in problems]
    assert len(lines) == 1 and "vi.docx" in lines[0] and "vi.md" in lines[0], lines


# ----- nothing breaks on rename -----

def _rename(repo: Path, new_id: str, moved: str) -> Path:
    """Rename the paper's folder and id, recording its old id in moved_from."""
    folder = repo / PAPER.parent / new_id
    (repo / PAPER).rename(folder)
    yml = folder / "paper.yml"
    text = yml.read_text(encoding="utf-8").replace("id: cong-an\n", f"id: {new_id}\n")
    yml.write_text(text + f"moved_from: [{moved}]\n", encoding="utf-8")
    topics = repo / "papers" / "topics.yml"  # the topics that name the paper follow it, as `kyyeu check` asks
    topics.write_text(topics.read_text(encoding="utf-8").replace("laocai-2023/cong-an\n", f"laocai-2023/{new_id}\n"), encoding="utf-8")
    return folder


def test_renamed_paper_old_addresses_lead_to_the_new_page_in_both_languages(tmp_path, browser):
    repo = copy_repo(tmp_path / "repo")
    _rename(repo, "tuyen-truyen-an-ninh-mang", "cong-an")
    site = build(repo, tmp_path / "site", tmp_path / "work").site
    new = "volumes/laocai-2023/tuyen-truyen-an-ninh-mang/"
    assert (site / new / "index.html").is_file() and (site / "en" / new / "index.html").is_file()
    for prefix in ("", "en/"):
        old_page = (site / prefix / "volumes/laocai-2023/cong-an/index.html").read_text(encoding="utf-8")
        assert "<script" not in old_page  # the site's policy allows no inline script
        assert 'http-equiv="Content-Security-Policy"' in old_page
        assert 'http-equiv="refresh" content="0; url=../tuyen-truyen-an-ninh-mang/"' in old_page
    base, server = serve_dir(site)
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for prefix in ("", "en/"):
            page.goto(f"{base}/{prefix}volumes/laocai-2023/cong-an/")
            page.wait_for_url(f"{base}/{prefix}{new}", timeout=5000)
            assert page.locator("h1").count() == 1
            assert page.evaluate("document.documentElement.lang") == ("vi" if not prefix else "en")
        page.close()
    finally:
        server.shutdown()
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.mark.parametrize("moved, message", [
    ("so-tttt", "is the address of another record, which still exists"),
    ("tuyen-truyen-an-ninh-mang", "is the record's own address"),
    ("survey", "is a volume's own page"),
    ("Cong An", "does not have the right form"),
])
def test_moved_from_is_checked(tmp_path, moved, message):
    repo = copy_repo(tmp_path / "repo")
    _rename(repo, "tuyen-truyen-an-ninh-mang", moved)
    _, problems = load(repo)
    lines = [str(p) for p in problems]
    assert len(lines) == 1 and "paper.yml" in lines[0] and "moved_from" in lines[0] and message in lines[0], lines


# ----- "Cập nhật lần cuối" from git -----

def _git(repo: Path, *args: str, when: str | None = None) -> None:
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_last_updated_from_git_in_both_languages_and_none_without_history(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    plain = build(repo, tmp_path / "plain", tmp_path / "work-plain").site
    for page in (PAGE, "en/" + PAGE):
        html = (plain / page).read_text(encoding="utf-8")
        assert "Cập nhật lần cuối" not in html and "Last updated" not in html  # no history: no date made up
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "records", when="2024-03-15T10:00:00+07:00")
    (repo / PAPER / "vi.md").write_text("Văn bản.\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "text", when="2025-01-02T09:00:00+07:00")
    site = build(repo, tmp_path / "site", tmp_path / "work").site
    vi = (site / PAGE).read_text(encoding="utf-8")
    en = (site / "en" / PAGE).read_text(encoding="utf-8")
    assert re.search(r"Cập nhật lần cuối.*?02/01/2025", vi, re.S)
    assert re.search(r"Last updated.*?2 January 2025", en, re.S)
    other = (site / "volumes/laocai-2023/so-tttt/index.html").read_text(encoding="utf-8")
    assert re.search(r"Cập nhật lần cuối.*?15/03/2024", other, re.S)
