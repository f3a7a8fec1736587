"""`kyyeu serve` shows a failed rebuild where the editor looks: in the browser. With the server running
over a copy of the repository, breaking a record puts a banner with the problem on the page within 3 s,
and fixing it takes the banner away; a page built by `kyyeu build` never has it."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import copy_repo, free_port


DOC = "papers/documents/72-2013-nd-cp/document.yml"
PAGE = "documents/72-2013-nd-cp/"


@pytest.fixture
def served(tmp_path):
    root = copy_repo(tmp_path / "repo")
    port = free_port()
    env = {**os.environ, "KYYEU_LANG": "vi"}
    env.pop("GITHUB_ACTIONS", None)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "kyyeu.cli", "--root", str(root), "serve", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 240
        while time.time() < deadline:
            if "http://127.0.0.1" in (tmp_path / "serve.log").read_text(encoding="utf-8"):
                break
            assert proc.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
            time.sleep(0.5)
        else:
            pytest.fail("kyyeu serve did not start")
        yield root, f"http://127.0.0.1:{port}/", tmp_path / "serve.log"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_banner_appears_on_a_broken_record_and_goes_after_the_fix(served, browser):
    root, base, log = served
    path = root / DOC
    good = path.read_text(encoding="utf-8")
    page = browser.new_page()  # the session's browser (conftest): a second Playwright in one process is refused
    try:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        # serve first builds without waiting for Typst; its background thread then makes the book and rebuilds
        # the pages that link it. Wait for that, so that the rebuild after the fix has nothing left to change.
        deadline = time.time() + 180
        while not all("ky-yeu-laocai-2023.pdf" in urllib.request.urlopen(base + lang + "volumes/laocai-2023/").read().decode()
                      for lang in ("", "en/")):
            assert time.time() < deadline, "the book never appeared on the volume page"
            time.sleep(0.5)
        page.goto(base + PAGE)
        assert page.locator("#ky-serve-errors").count() == 0

        path.write_text(good.replace("type: decree", "type: decre"), encoding="utf-8")
        started = time.time()
        banner = page.locator("#ky-serve-errors")
        banner.wait_for(state="visible", timeout=3000)
        assert time.time() - started < 3
        text = banner.inner_text()
        assert f"{DOC}:5: type: 'decre' không được phép (có phải ý bạn là `decree`?)" in text
        assert banner.get_attribute("role") == "alert"

        path.write_text(good, encoding="utf-8")
        banner.wait_for(state="detached", timeout=10000)  # the page reloads without it …
        page.wait_for_load_state("load")
        page.locator("h1").first.wait_for(timeout=10000)  # … and the reload may still be under way here
        assert page.locator("h1").count() == 1
        assert not errors
    finally:
        page.close()
    out = log.read_text(encoding="utf-8")
    assert "đã hết lỗi; " in out
    fixed = out.split("đã hết lỗi; ")[1].split("\n")[0]
    # the fix restored the text that was built: nothing to rebuild, and the label says so (not "first build")
    assert fixed.startswith("đã kiểm tra trong") and "không trang nào thay đổi" in fixed, fixed


def test_a_built_site_has_no_banner(built_site):
    for page in (built_site / PAGE / "index.html", built_site / "index.html"):
        assert "ky-serve-errors" not in page.read_text(encoding="utf-8")
