""""Sửa nguồn" / "Báo lỗi" links on generated pages, on by default: the repository is mkdocs.yml's
`extra.kyyeu_repo`, else $GITHUB_REPOSITORY in CI, else the clone's origin; the bare record path when
none of them names one."""
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


def build_copy(root: Path, env: dict) -> Path:
    """Build a copy of the repository with the command line in its own process (the environment stays
    local to it, and the build does not share an event loop with the browser tests of this process)."""
    site = root / "site"
    result = subprocess.run([sys.executable, "-m", "kyyeu.cli", "--root", str(root), "build", "--out", str(site),
                             "--work", str(root / ".build")], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def _env_without_repository() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("GITHUB_REPOSITORY", "GITHUB_SERVER_URL", "GITHUB_ACTIONS")}


@pytest.fixture(scope="module")
def site_with_repo(tmp_path_factory) -> Path:
    """The real records built as in GitHub Actions: mkdocs.yml names no repository, $GITHUB_REPOSITORY does."""
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    assert not any(line.strip().startswith("kyyeu_repo:") for line in (root / "mkdocs.yml").read_text(encoding="utf-8").split("\n"))
    env = {**_env_without_repository(), "KYYEU_SITE_URL": SITE, "GITHUB_REPOSITORY": "example-org/ky-yeu",
           "GITHUB_SERVER_URL": "https://github.com"}
    return build_copy(root, env)


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


def test_without_a_repository_pages_show_only_the_record_path(tmp_path):
    """No kyyeu_repo, no $GITHUB_REPOSITORY, not a git clone: no links, only the record's path."""
    site = build_copy(copy_repo(tmp_path / "repo"), _env_without_repository())
    found = links(site, PAPER)
    assert found.links == {}
    html = (site / PAPER / "index.html").read_text(encoding="utf-8")
    assert "Nguồn dữ liệu" in html and "<code>papers/laocai-2023/cong-an/paper.yml</code>" in html
    assert 'class="ky-report"' not in html
    assert "Source record" in (site / "en" / PAPER / "index.html").read_text(encoding="utf-8")


def test_the_repository_address_comes_from_config_then_ci_then_git(tmp_path):
    from kyyeu.build.mkdocs import _github_web, repo_address

    ci = {"GITHUB_REPOSITORY": "example-org/ky-yeu", "GITHUB_SERVER_URL": "https://github.com"}
    # mkdocs.yml's kyyeu_repo wins over everything (a trailing slash does not double)
    assert repo_address(tmp_path, f"{REPO}/", ci) == REPO
    # in GitHub Actions: the repository the workflow runs for
    assert repo_address(tmp_path, None, ci) == REPO
    # locally: the clone's origin, in each form git writes it
    for remote in (f"{REPO}.git", "git@github.com:example-org/ky-yeu.git", "ssh://git@github.com/example-org/ky-yeu.git", REPO):
        assert _github_web(remote) == REPO, remote
    assert _github_web("https://gitlab.com/example-org/ky-yeu.git") == ""  # the links are GitHub's: none for others
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin", "git@github.com:example-org/ky-yeu.git"], check=True)
    assert repo_address(clone, None, {}) == REPO
    # nothing to go on: no links
    plain = tmp_path / "plain"
    plain.mkdir()
    assert repo_address(plain, None, {}) == ""
    assert repo_address(plain, "  ", {}) == ""
