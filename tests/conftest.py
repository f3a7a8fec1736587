"""Shared fixtures: the real site built once per test session, a local HTTP server, a browser."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The day statuses are computed for in tests, so that results do not change with the calendar.
TODAY = "2026-11-29"


def copy_repo(dest: Path) -> Path:
    """A copy of what a build reads (records, hand-written docs, theme, configuration) in dest."""
    for name in ("papers", "docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    """A copy of the repository to change freely (see copy_repo)."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session", autouse=True)
def _fixed_today():
    os.environ["KYYEU_TODAY"] = TODAY
    yield


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content of papers/ built with the real pipeline into a temporary folder."""
    from kyyeu.build.pipeline import build

    work = tmp_path_factory.mktemp("build")
    report = build(ROOT, site_dir=work / "site", work_dir=work / "work")
    return report.site


#: The paper given full texts in fulltext_site, and words found only in them (nowhere in the real corpus).
FULLTEXT_PAPER = "volumes/laocai-2023/cong-an/"
RARE_VI, RARE_VI_LATE, RARE_EN = "plumbozavit", "zetaplumbo", "quorblefrax"
#: The Vietnamese full text: the rare words, a nested block (the second word comes after it) and "Zalo",
#: which the real catalogue has on other pages (the survey) but not on this paper's.
FULLTEXT_VI = f"""## Mở đầu

Bài viết bàn về kỹ năng số của cán bộ, đảng viên và một từ chỉ có ở đây: {RARE_VI}.

## Zalo trong công việc

Nhiều cán bộ dùng Zalo để trao đổi công việc hằng ngày.

<div class="admonition note" markdown>
<p class="admonition-title">Ghi chú</p>

Một khối lồng trong toàn văn.

</div>

Đoạn cuối, sau khối lồng: {RARE_VI_LATE}.
"""
FULLTEXT_EN = f"""## Introduction

Digital skills of officials, and a word found only here: {RARE_EN}.
"""


@pytest.fixture(scope="session")
def fulltext_site(tmp_path_factory) -> Path:
    """The real content plus full texts (vi.md, en.md) for one paper, built with the real pipeline."""
    from kyyeu.build.pipeline import build

    work = tmp_path_factory.mktemp("fulltext")
    root = copy_repo(work / "repo")
    folder = root / "papers" / FULLTEXT_PAPER.removeprefix("volumes/")
    (folder / "vi.md").write_text(FULLTEXT_VI, encoding="utf-8")
    (folder / "en.md").write_text(FULLTEXT_EN, encoding="utf-8")
    report = build(root, site_dir=work / "site", work_dir=work / "work")
    return report.site


@pytest.fixture(scope="session")
def records(built_site) -> list[dict]:
    """The built site's records.json entries."""
    return json.loads((built_site / "records.json").read_text(encoding="utf-8"))["records"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_dir(directory: Path):
    """Serve a folder on a free loopback port; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL (no trailing slash) of the built site served on loopback."""
    url, server = serve_dir(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright."""
    exe = shutil.which("chromium")
    if exe is None:
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True,
                              args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update"])
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    """A fresh 360-px-wide page (a phone screen); `phone.requests` lists every URL it asked for."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


def settle(page) -> None:
    """Waits for the end of every running CSS transition and animation (Material's search overlay slides and
    fades in): mid-way, a box is a fraction of a pixel off and a colour is a blend of two."""
    page.evaluate("""Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map(a => a.finished.catch(() => null)))""")


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
