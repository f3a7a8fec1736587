"""Contributed text can never run or load anything (issue 11): the allow-list after rendering, what
`kyyeu check` reports, the loader's limits, the Content-Security-Policy, and hostile records in Chromium."""
from __future__ import annotations

import json
import os
import re
import shutil
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kyyeu.cli import main

from conftest import serve_dir

PAPER_DIR = "papers/laocai-2023/cong-an"
PAPER = f"{PAPER_DIR}/paper.yml"
DOC = "papers/documents/24-2018-qh14/document.yml"

#: (id, hostile Markdown, words of the one line `kyyeu check` gives)
HOSTILE = [
    ("base", '<base href="https://evil.example/">', "a <base> element"),
    ("entity-javascript", '<a href="&#106;avascript:alert(1)">xem</a>', "a link the site does not allow (javascript:alert(1))"),
    ("markdown-javascript", "[xem](javascript:alert(1))", "a link the site does not allow (javascript:alert(1))"),
    ("meta-refresh", '<meta http-equiv="refresh" content="5;url=https://evil.example/">', "a <meta> element"),
    ("form", '<form action="https://evil.example/steal"><input name="password"><button>Đăng nhập</button></form>', "a <form> element"),
    ("external-img", '<img src="https://tracker.example/pixel.gif" alt="">', "an image from outside the record's folder"),
    ("protocol-relative-img", '![x](//tracker.example/pixel.gif)', "an image from outside the record's folder"),
    ("stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">', "a <link> element"),
    ("style", "<style>body{display:none}</style>", "a <style> element"),
    ("svg-onload", '<svg onload="alert(1)"></svg>', "an event-handler attribute onload= on <svg>"),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "an <iframe> element"),
    ("details-ontoggle", '<details open ontoggle="alert(1)"><summary>x</summary></details>', "an event-handler attribute ontoggle= on <details>"),
    ("attr-list-handler", "### Mục { onclick=\"alert(1)\" }", "an event-handler attribute onclick= on <h3>"),
    ("script", "<script>alert(1)</script>", "a <script> element"),
]


def check(root: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("snippet,words", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_check_names_what_the_allow_list_removes_with_file_and_line(repo_copy, capsys, snippet, words):
    (repo_copy / PAPER_DIR / "vi.md").write_text(f"## Mở đầu\n\nĐoạn đầu.\n\n{snippet}\n", encoding="utf-8")
    code, out = check(repo_copy, capsys)
    assert code == 1 and "Traceback" not in out
    lines = [x for x in out.splitlines() if x.startswith(f"{PAPER_DIR}/vi.md:5: (file): HTML the site removes: ")]
    assert any(words in x for x in lines), out


def test_check_gives_the_yaml_line_of_html_in_a_record_field(repo_copy, capsys):
    path = repo_copy / DOC
    text = path.read_text(encoding="utf-8")
    at = text.index("summary:")
    start = text.index("  vi: ", at)
    path.write_text(text[:start] + '  vi: "<b onmouseover=\\"alert(1)\\">x</b>"\n' + text[start:].split("\n", 1)[1], encoding="utf-8")
    code, out = check(repo_copy, capsys)
    line = text[:start].count("\n") + 1
    assert code == 1
    assert f"{DOC}:{line}: summary.vi: HTML the site removes: an event-handler attribute onmouseover= on <b>" in out, out


def test_javascript_source_url_is_refused(repo_copy, capsys):
    path = repo_copy / DOC
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"url: https?://\S+", "url: javascript:alert(1)", text, count=1), encoding="utf-8")
    code, out = check(repo_copy, capsys)
    assert code == 1 and re.search(rf"^{re.escape(DOC)}:\d+: sources\[0\]\.url: .*(scheme|not a web address)", out, re.M), out


# --- the loader's limits: refused at once with one line naming the file, site/ untouched --------------------


def _alias_bomb(root: Path) -> str:
    lines = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with (root / PAPER).open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return PAPER


def _huge_fulltext(root: Path) -> str:
    with (root / PAPER_DIR / "vi.md").open("w", encoding="utf-8") as f:
        block = "Đoạn văn dài. " * 1000 + "\n\n"
        for _ in range(50 * 1024 * 1024 // len(block.encode()) + 1):
            f.write(block)
    return f"{PAPER_DIR}/vi.md"


def _symlink_out(root: Path) -> str:
    outside = root.parent / "outside.md"
    outside.write_text("Bí mật ngoài kho.\n", encoding="utf-8")
    (root / PAPER_DIR / "vi.md").symlink_to(outside)
    return f"{PAPER_DIR}/vi.md"


def _nfd_folder(root: Path) -> str:
    name = unicodedata.normalize("NFD", "bài-mới")
    (root / "papers/laocai-2023" / name).mkdir()
    return f"papers/laocai-2023/{name}"


def _duplicate_ids(root: Path) -> str:
    shutil.copytree(root / "papers/laocai-2023", root / "papers/laocai-2024")
    volume = root / "papers/laocai-2024/volume.yml"
    volume.write_text(volume.read_text(encoding="utf-8").replace("id: laocai-2023", "id: laocai-2024", 1), encoding="utf-8")
    return "papers/laocai-2024/cong-an/paper.yml"


LIMITS = [
    ("billion-laughs", _alias_bomb, "YAML aliases"),
    ("50-mb-fulltext", _huge_fulltext, "too large"),
    ("symlink-out-of-repo", _symlink_out, "symbolic link that leads outside the repository"),
    ("nfd-folder-name", _nfd_folder, "not in Unicode NFC"),
    ("duplicate-id-across-volumes", _duplicate_ids, "the paper id 'cong-an' is also used by papers/laocai-2023/cong-an/paper.yml"),
]


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the loader's messages in English (the catalogue's Vietnamese is tested in test_messages.py)."""
    monkeypatch.setenv("KYYEU_LANG", "en")


@pytest.fixture(scope="module")
def last_good(tmp_path_factory) -> Path:
    """A finished site folder standing for the last good site/ (its content is what must not change)."""
    site = tmp_path_factory.mktemp("good") / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>last good site</p>", encoding="utf-8")
    return site


@pytest.mark.parametrize("breaker,words", [c[1:] for c in LIMITS], ids=[c[0] for c in LIMITS])
def test_loader_refuses_quickly_and_leaves_the_site(repo_copy, tmp_path, capsys, last_good, breaker, words):
    site = tmp_path / "site"
    shutil.copytree(last_good, site)
    file = breaker(repo_copy)
    started = time.perf_counter()
    code = main(["--root", str(repo_copy), "build", "--out", str(site), "--work", str(tmp_path / "work")])
    took = time.perf_counter() - started
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1 and "Traceback" not in text
    assert any(line.startswith(file) and words in line for line in text.splitlines()), text
    assert took < 2.0, f"refusing took {took:.2f} s"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>last good site</p>"


# --- text that only looks like markup, and titles that try to leave their element -------------------------------

ESCAPED = "Một đoạn từ Word: \\[link\\](javascript:alert(1)) và \\<script\\>alert(1)\\</script\\> là chữ.\n"
HOSTILE_TITLE = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)> </title><base href="https://evil.example/">'


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory) -> Path:
    """The real records, plus escaped markup in a full text and a hostile title, checked and built."""
    from conftest import copy_repo
    from kyyeu.build.pipeline import build
    from kyyeu.load import check as check_records

    work = tmp_path_factory.mktemp("tricky")
    root = copy_repo(work / "repo")
    (root / PAPER_DIR / "vi.md").write_text(ESCAPED, encoding="utf-8")
    paper = root / PAPER
    text = paper.read_text(encoding="utf-8")
    start = text.index("  vi: Công tác")
    paper.write_text(text[:start] + f"  vi: {json.dumps(HOSTILE_TITLE)}" + text[text.index("\n", start):], encoding="utf-8")
    check_records(root)  # passes: nothing here is markup the site would remove
    return build(root, site_dir=work / "site", work_dir=work / "work").site


def test_escaped_markup_from_word_imports_builds_and_shows_as_text(tricky_site, browser):
    html = (tricky_site / "volumes/laocai-2023/cong-an/index.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in html
    url, server = serve_dir(tricky_site)
    try:
        page = browser.new_page()
        page.goto(url + "/volumes/laocai-2023/cong-an/")
        body = page.inner_text("article")
        assert "[link](javascript:alert(1))" in body and "<script>alert(1)</script>" in body
        page.close()
    finally:
        server.shutdown()


def test_a_hostile_title_stays_text_in_title_meta_json_ld_and_page(tricky_site, browser):
    html = (tricky_site / "volumes/laocai-2023/cong-an/index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    import lxml.html

    tree = lxml.html.fromstring(html)
    assert tree.xpath("//base") == [] and tree.xpath("//*[@onerror]") == [] and tree.xpath("//img[@src='x']") == []
    assert head.count("</title>") == 1 and head.count("<script") == head.count("</script>")
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        assert json.loads(block)  # nothing closed the element early: the whole block is still JSON
    url, server = serve_dir(tricky_site)
    dialogs: list[str] = []
    try:
        for path in ("/volumes/laocai-2023/cong-an/", "/volumes/laocai-2023/", "/en/volumes/laocai-2023/cong-an/"):
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url + path)
            page.wait_for_load_state("load")
            if path == "/volumes/laocai-2023/cong-an/":
                assert page.title().startswith(HOSTILE_TITLE)
                assert HOSTILE_TITLE in page.inner_text("h1")
                assert HOSTILE_TITLE[:20] in page.evaluate("document.querySelector('meta[name=citation_title]').content")
            assert page.evaluate("document.querySelectorAll('base').length") == 0
            page.close()
    finally:
        server.shutdown()
    assert dialogs == []


# --- hostile text that got past `kyyeu check` is still built inert --------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, str]:
    """The real site, with every hostile snippet put into a paper's generated Markdown behind the check's
    back and that language's pages rendered again by MkDocs: the build's own allow-list is the last guard."""
    from conftest import copy_repo
    from kyyeu.build.mkdocs import build_language
    from kyyeu.build.pipeline import build

    work = tmp_path_factory.mktemp("hostile")
    root = copy_repo(work / "repo")
    (root / PAPER_DIR / "vi.md").write_text("Toàn văn.\n", encoding="utf-8")
    site = build(root, site_dir=work / "site", work_dir=work / "work").site
    page = work / "work/docs/volumes/laocai-2023/cong-an/index.md"
    text = page.read_text(encoding="utf-8")
    hostile = "\n\n".join(h[1] for h in HOSTILE) + '\n\n<img src="../../../assets/images/favicon.png" alt="climbs out">\n'
    page.write_text(text.replace("Toàn văn.\n", "Toàn văn.\n\n" + hostile, 1), encoding="utf-8")
    build_language(root, work / "work/docs", site, None)
    return site, "/volumes/laocai-2023/cong-an/"


def test_hostile_text_is_built_inert(hostile_site, browser):
    site, path = hostile_site
    html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"): html.index("</article>")]
    for needle in ("<base", "<meta", "<form", "<style", "<link", "<iframe", "<script>alert", "javascript:", "onload=", "ontoggle=",
                   "onclick=", "tracker.example", "evil.example", "favicon.png"):
        assert needle not in article, needle
    assert "Toàn văn." in article and "Đăng nhập" in article  # the text stays; the markup goes
    url, server = serve_dir(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        seen = _watch(page)
        page.goto(url + path)
        page.wait_for_timeout(300)
        for element in page.query_selector_all("article details"):
            element.evaluate("e => e.open = !e.open")
        page.wait_for_timeout(200)
        assert page.url == url + path  # no refresh to another page
        assert page.evaluate("document.baseURI") == url + path
        assert page.evaluate("document.querySelectorAll('article form, article style, article meta, article base').length") == 0
        _assert_clean(seen, url)
        context.close()
    finally:
        server.shutdown()


# --- every page kind in both languages: no CSP violation, nothing from another host ---------------------------

_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber));
"""


def _watch(page) -> dict:
    seen = {"requests": [], "console": [], "dialogs": [], "errors": []}
    page.add_init_script(_VIOLATIONS)
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["console"].append(m.text) if m.type in ("error", "warning") else None)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    seen["page"] = page
    return seen


def _assert_clean(seen: dict, url: str) -> None:
    page = seen["page"]
    violations = page.evaluate("window.__csp || []")
    assert violations == [], violations
    csp_console = [m for m in seen["console"] if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert csp_console == [], csp_console
    host = urlsplit(url).netloc
    foreign = [u for u in seen["requests"] if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host]
    assert foreign == [], foreign
    assert seen["dialogs"] == []


def _pages(records: list[dict]) -> list[str]:
    """One page of every kind, in both languages, plus the lists, the search page and a hand-written page."""
    paths, kinds = [], set()
    for r in records:
        if r["kind"] not in kinds:
            kinds.add(r["kind"])
            paths += ["/" + r["url"]["vi"], "/" + r["url"]["en"]]
    for p in ("", "volumes/", "documents/", "organisations/", "about/"):
        paths += ["/" + p, "/en/" + p]
    return paths


def test_every_page_kind_keeps_the_policy_and_asks_no_other_host(browser, site_url, records):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = _watch(page)
    for path in _pages(records):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content || ''").startswith("default-src 'self'"), path
        assert page.evaluate("document.querySelector('meta[name=referrer]')?.content") == "strict-origin-when-cross-origin"
        _assert_clean(seen, site_url)
    context.close()


def test_search_cite_box_and_language_switch_keep_the_policy(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    seen = _watch(page)
    # the header search, opened and typed into
    page.goto(site_url + "/documents/72-2013-nd-cp/")
    page.locator('button.ky-search-button').click()
    page.locator("#ky-search .md-search__input").press_sequentially("mang xa hoi")
    page.wait_for_selector("#ky-search .md-search-result__item")
    _assert_clean(seen, site_url)
    # the search page with results, and a full-text search
    for lang in ("", "/en"):
        page.goto(site_url + lang + "/search/?q=zalo")
        page.wait_for_selector("#search-results li")
        _assert_clean(seen, site_url)
    # the cite box's copy button
    page.goto(site_url + "/volumes/laocai-2023/cong-an/")
    button = page.locator(".ky-cite-copy").first
    button.wait_for(state="visible")
    button.click()
    page.wait_for_timeout(200)
    _assert_clean(seen, site_url)
    # the language switch, and the survey chart
    page.goto(site_url + "/volumes/laocai-2023/survey/")
    assert page.locator("svg.ky-chart").is_visible()
    page.evaluate("document.querySelector('a[hreflang=en]').click()")
    page.wait_for_url("**/en/volumes/laocai-2023/survey/")
    _assert_clean(seen, site_url)
    context.close()


def test_links_to_other_sites_open_with_noopener(built_site):
    count = 0
    for html_file in built_site.rglob("*.html"):
        for tag in re.findall(r'<a\s[^>]*href="https?://[^"]*"[^>]*>', html_file.read_text(encoding="utf-8")):
            count += 1
            assert re.search(r'\brel="[^"]*\bnoopener\b', tag), f"{html_file}: {tag}"
    assert count > 10  # the sources lists link to other sites


def test_headers_file_carries_the_same_policy(built_site):
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                     (built_site / "index.html").read_text(encoding="utf-8")).group(1)
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert "/*\n" in headers
    policy = re.search(r"^  Content-Security-Policy: (.+)$", headers, re.M).group(1)
    assert policy.startswith(meta) and "frame-ancestors" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy and "object-src 'none'" in policy
    assert "Referrer-Policy: strict-origin-when-cross-origin" in headers


def test_no_page_has_inline_script_or_style(built_site):
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attrs or 'type="application/' in attrs, f"{html_file}: inline script {body[:80]}"
        assert "<style" not in html and not re.search(r'\sstyle="', html), html_file
        assert not re.search(r"\son[a-z]+=", html.split("</head>", 1)[1].replace("onerror=alert", "")), html_file


def test_clean_keeps_proceedings_markup_and_drops_the_rest():
    from kyyeu.sanitize import clean

    kept = ('<h2 id="mo-dau">Mở đầu</h2><p>Chữ <strong>đậm</strong>, <a href="https://example.org/">nguồn</a>, '
            '<a href="../">tập</a>, <a href="mailto:a@example.org">thư</a>, <img alt="hình" src="hinh-1.png"></p>'
            '<table><thead><tr><th class="ky-align-left">A</th></tr></thead></table>')
    assert clean(kept) == kept
    for bad, left in [('<img src="/assets/x.png">', "<img>"), ('<img src="../other/x.png">', "<img>"),
                      ('<img src="%2e%2e/x.png">', "<img>"), ('<a href="//evil.example/">x</a>', "<a>x</a>"),
                      ('<a href="/\\evil.example/">x</a>', "<a>x</a>"), ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
                      ('<p id="__drawer">x</p>', "<p>x</p>"), ('<p style="color:red">x</p>', "<p>x</p>")]:
        assert clean(bad) == left, bad
    assert clean('<table><tr><th style="text-align: right;">1</th></tr></table>').count('class="ky-align-right"') == 1


def test_the_policy_has_no_unsafe_keyword():
    from kyyeu.build import csp

    assert "'unsafe-inline'" not in csp.POLICY and "'unsafe-eval'" not in csp.POLICY
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "style-src 'self'"):
        assert directive in csp.POLICY
    assert os.path.basename(csp.HEADERS_FILE) == "_headers"
