""""Edit the source" and "report an error" links on generated pages, when mkdocs.yml names the
repository (`extra.kyyeu_repo`); the bare record path when it does not."""
from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, copy_repo

REPO = "https://github.com/example-org/ky-yeu"
SITE = "https://example.org/ky-yeu/"
PAPER = "volumes/laocai-2023/cong-an/"
DOCUMENT = "documents/24-2018-qh14/"


class _Links(HTMLParser):
    """Anchors inside <p class="ky-edit">, with their raw attribute text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.links: dict[str, tuple[str, str]] = {}  # class → (href, text)
        self.current: list | None = None
        self.paragraphs = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and attrs.get("class") == "ky-edit":
            self.inside = True
            self.paragraphs += 1
        elif tag == "a" and self.inside:
            self.current = [attrs.get("class", ""), attrs.get("href", ""), ""]

    def handle_data(self, data):
        if self.current is not None:
            self.current[2] += data

    def handle_endtag(self, tag):
        if tag == "a" and self.current is not None:
            self.links[self.current[0]] = (self.current[1], self.current[2])
            self.current = None
        elif tag == "p":
            self.inside = False


def links(site: Path, page: str) -> _Links:
    parser = _Links()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site_with_repo(tmp_path_factory) -> Path:
    """The real records built with `kyyeu_repo` set in a copy of mkdocs.yml and a public site URL.

    Built by the command line in its own process: the environment variable stays local to it, and
    the build does not share an event loop with the browser tests running in this process.
    """
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines = config.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("# kyyeu_repo:"))
    lines[at] = f"  kyyeu_repo: {REPO}/"  # a trailing slash must not double
    (root / "mkdocs.yml").write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "KYYEU_SITE_URL": SITE}
    site = root / "site"
    result = subprocess.run([sys.executable, "-m", "kyyeu.cli", "--root", str(root), "build", "--out", str(site),
                             "--work", str(root / ".build")], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def report_query(href: str) -> dict[str, list[str]]:
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/issues/new"
    return parse_qs(parts.query, strict_parsing=True)


@pytest.mark.parametrize("lang, prefix, edit_text, report_text", [
    ("vi", "", "Sửa nguồn", "Báo lỗi"),
    ("en", "en/", "Edit the source", "Report an error"),
])
def test_paper_page_links_to_the_editor_and_the_error_form(site_with_repo, lang, prefix, edit_text, report_text):
    found = links(site_with_repo, prefix + PAPER)
    assert found.paragraphs == 1
    href, text = found.links["ky-edit-source"]
    assert (href, text) == (f"{REPO}/edit/main/papers/laocai-2023/cong-an/paper.yml", edit_text)
    href, text = found.links["ky-report"]
    assert text == report_text
    assert report_query(href) == {
        "template": ["report-error.yml"],
        "record-id": ["laocai-2023/cong-an"],
        "page-url": [f"{SITE}{prefix}{PAPER}"],
    }
    # Every value is fully encoded (no bare / : in values) and & is escaped in the HTML source.
    query = urlsplit(href).query
    assert "record-id=laocai-2023%2Fcong-an" in query
    assert f"page-url=https%3A%2F%2Fexample.org%2Fky-yeu%2F{prefix.replace('/', '%2F')}volumes%2Flaocai-2023%2Fcong-an%2F" in query
    raw = (site_with_repo / prefix / PAPER / "index.html").read_text(encoding="utf-8")
    assert "?template=report-error.yml&amp;record-id=laocai-2023%2Fcong-an&amp;page-url=" in raw


def test_document_page_edit_link_names_its_record(site_with_repo):
    found = links(site_with_repo, "en/" + DOCUMENT)
    assert found.links["ky-edit-source"][0] == f"{REPO}/edit/main/papers/documents/24-2018-qh14/document.yml"
    assert report_query(found.links["ky-report"][0])["record-id"] == ["24-2018-qh14"]


@pytest.mark.parametrize("page", ["", "en/", "volumes/", "en/documents/", "about/", "en/about/"])
def test_pages_without_a_record_only_report_with_their_url(site_with_repo, page):
    found = links(site_with_repo, page)
    assert set(found.links) == {"ky-report"}
    assert report_query(found.links["ky-report"][0]) == {"template": ["report-error.yml"], "page-url": [SITE + page]}


def test_every_page_has_a_report_link(site_with_repo):
    pages = sorted(site_with_repo.rglob("index.html"))
    assert len(pages) > 40
    for page in pages:
        assert 'class="ky-report"' in page.read_text(encoding="utf-8"), page


def test_without_a_repository_pages_show_only_the_record_path(built_site):
    if any(line.strip().startswith("kyyeu_repo:") for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\n")):
        pytest.skip("mkdocs.yml names the repository: the links are on")
    found = links(built_site, PAPER)
    assert found.links == {}
    html = (built_site / PAPER / "index.html").read_text(encoding="utf-8")
    assert "Nguồn dữ liệu" in html and "<code>papers/laocai-2023/cong-an/paper.yml</code>" in html
    assert "Source record" in (built_site / "en" / PAPER / "index.html").read_text(encoding="utf-8")
