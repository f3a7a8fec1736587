"""A full build of the real content: every record has a page in both languages, the pages link to
each other, records.json matches the pages, statuses are right on both days, and nothing leaves
the host."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from kyyeu.build.pipeline import build
from kyyeu.cli import main
from kyyeu.load import load

from conftest import ROOT


class Links(HTMLParser):
    """Collects the page's links, asset references, meta tags and visible text."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.assets, self.meta, self.text, self.lang = [], [], {}, [], None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.assets.append(a["href"])
        if tag == "meta" and a.get("name"):
            self.meta.setdefault(a["name"], []).append(a.get("content"))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    p.page_text = " ".join(" ".join(p.text).split())
    return p


def page(site: Path, url: str) -> Path:
    return site / url / "index.html"


@pytest.fixture(scope="module")
def corpus():
    c, problems = load(ROOT)
    assert not problems
    return c


def test_every_record_has_a_page_in_both_languages(built_site, records, corpus):
    expected = len(corpus.organisations) + len(corpus.volumes) + len(corpus.papers) + len(corpus.surveys) + len(corpus.documents)
    assert len(records) == expected
    for r in records:
        assert set(r["url"]) == {"vi", "en"}
        assert r["url"]["en"] == "en/" + r["url"]["vi"]
        for lang in ("vi", "en"):
            html = page(built_site, r["url"][lang])
            assert html.is_file(), r
            p = parse(html)
            assert p.lang == lang, (html, p.lang)
            assert p.meta.get("kyyeu:id") == [r["id"]], (html, p.meta.get("kyyeu:id"))
            assert r["title"][lang].split(" (")[0][:40] in p.page_text, (r["title"][lang], html)


def test_records_json_lists_every_generated_record_page(built_site, records):
    ids = {r["id"] for r in records}
    kinds = {"paper", "document", "volume", "organisation", "survey"}
    found = set()
    for html in built_site.rglob("index.html"):
        p = parse(html)
        if p.meta.get("kyyeu:kind", [None])[0] in kinds:
            found.add(p.meta["kyyeu:id"][0])
    assert found == ids
    assert {r["kind"] for r in records} == kinds


def test_internal_links_resolve(built_site):
    """Every same-site link and asset of every page points at a file of the built site."""
    broken = []
    for html in built_site.rglob("*.html"):
        base = "http://site/" + html.relative_to(built_site).as_posix()
        p = parse(html)
        for ref in p.hrefs + p.assets:
            u = urlparse(urljoin(base, ref))
            if u.netloc != "site":
                continue
            target = built_site / u.path.lstrip("/")
            if u.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append((html.relative_to(built_site).as_posix(), ref))
    assert not broken, broken[:20]


def test_nothing_is_requested_from_another_host(built_site):
    """No script, stylesheet, font or image comes from elsewhere (Google Fonts, CDNs)."""
    for html in built_site.rglob("*.html"):
        p = parse(html)
        external = [a for a in p.assets if urlparse(a).netloc and not a.startswith(("http://127.0.0.1", "http://localhost"))]
        assert not external, (html, external)
        assert "fonts.googleapis" not in html.read_text(encoding="utf-8")
    for css in built_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?https?://", css.read_text(encoding="utf-8")), css


def links_of(site: Path, url: str) -> set[str]:
    base = "http://site/" + url
    return {urlparse(urljoin(base, h)).path.lstrip("/") for h in parse(page(site, url)).hrefs}


def test_pages_link_to_each_other(built_site, corpus):
    for lang, prefix in (("vi", ""), ("en", "en/")):
        volume = links_of(built_site, prefix + "volumes/laocai-2023/")
        for p in corpus.papers:
            assert f"{prefix}volumes/laocai-2023/{p.id}/" in volume
            paper = links_of(built_site, f"{prefix}volumes/laocai-2023/{p.id}/")
            assert f"{prefix}volumes/laocai-2023/" in paper
            assert f"{prefix}organisations/{p.record.contributors[0]}/" in paper
            org = links_of(built_site, f"{prefix}organisations/{p.record.contributors[0]}/")
            assert f"{prefix}volumes/laocai-2023/{p.id}/" in org
        assert f"{prefix}volumes/laocai-2023/survey/" in volume
        # relations both ways, the reverse one generated
        assert f"{prefix}documents/116-2025-qh15/" in links_of(built_site, f"{prefix}documents/24-2018-qh14/")
        assert f"{prefix}documents/24-2018-qh14/" in links_of(built_site, f"{prefix}documents/116-2025-qh15/")
        catalogue = links_of(built_site, prefix + "documents/")
        assert all(f"{prefix}documents/{d}/" in catalogue for d in corpus.documents)


def text_of(site: Path, url: str) -> str:
    return parse(page(site, url)).page_text


def test_document_status_today_and_on_the_workshop_day(built_site):
    vi = text_of(built_site, "documents/24-2018-qh14/")
    assert "Tình trạng hiện nay Hết hiệu lực, bị thay thế bởi Luật 116/2025/QH15 từ ngày 01/07/2026" in vi
    assert "Tình trạng ngày 28/11/2023 Còn hiệu lực" in vi
    en = text_of(built_site, "en/documents/72-2013-nd-cp/")
    assert "Status today Replaced by Decree 147/2024/NĐ-CP from 25 December 2024" in en
    # no source gives the day it took effect: its status that day is not stated, not assumed "in force"
    assert "Status on 28 November 2023 Not stated in the sources" in en
    # a document issued after the workshop has no status for that day
    assert "Status on 28 November 2023" not in text_of(built_site, "en/documents/116-2025-qh15/")
    # the reverse relation is named from the other side
    assert "Replaced by 116/2025/QH15" in text_of(built_site, "en/documents/24-2018-qh14/")
    assert "Thay thế 27/2018/NĐ-CP" in text_of(built_site, "documents/147-2024-nd-cp/")


def test_unknown_facts_are_shown_as_not_available(built_site):
    vi = text_of(built_site, "volumes/laocai-2023/cong-an/")
    assert "Tác giả Chưa có thông tin" in vi
    assert "chưa được gửi đến ban biên tập" in vi
    en = text_of(built_site, "en/volumes/laocai-2023/survey/")
    assert "Sample size Not yet available" in en


def test_survey_chart_table_and_csv(built_site):
    html = page(built_site, "volumes/laocai-2023/survey/").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"ky-chart\".*?</svg>", html, re.S).group(0)
    assert svg.count("<rect") == 5 and "93,7%" in svg
    assert re.search(r"<th scope=.row.>Zalo</th>\s*<td[^>]*>93,7</td>", html)
    en = page(built_site, "en/volumes/laocai-2023/survey/").read_text(encoding="utf-8")
    assert re.search(r"<th scope=.row.>TikTok</th>\s*<td[^>]*>26.2</td>", en)
    csv = (built_site / "volumes/laocai-2023/survey/khao-sat-mang-xa-hoi-2023.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[1] == "Zalo,Zalo,93.7"
    assert 'href="../../../../volumes/laocai-2023/survey/khao-sat-mang-xa-hoi-2023.csv"' in en


def test_paper_page_does_not_list_other_papers(built_site, corpus):
    """The global navigation carries sections only, so a page's size does not grow with the corpus."""
    html = page(built_site, "volumes/laocai-2023/cong-an/").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    for p in corpus.papers:
        assert f"/{p.id}/" not in nav


def test_language_switcher_points_to_the_same_page(built_site, records):
    for r in records:
        for lang, other in (("vi", "en"), ("en", "vi")):
            html = page(built_site, r["url"][lang]).read_text(encoding="utf-8")
            switch = re.search(rf'<a href="([^"]*)" hreflang="{other}" class="md-select__link"', html)
            assert switch, (r["id"], lang)
            target = urlparse(urljoin("http://site/" + r["url"][lang], switch.group(1))).path.lstrip("/")
            assert target == r["url"][other]


@pytest.fixture
def repo(repo_copy) -> Path:
    return repo_copy


def test_missing_translation_shows_the_original_with_a_notice(repo, tmp_path):
    paper = repo / "papers/laocai-2023/cong-an"
    with (paper / "paper.yml").open("a", encoding="utf-8") as f:
        f.write("abstract:\n  vi: Tham luận bàn về giáo dục pháp luật an ninh mạng.\n")
    (paper / "vi.md").write_text("## Mở đầu\n\nNội dung toàn văn bằng tiếng Việt.\n", encoding="utf-8")
    site = build(repo, tmp_path / "out", tmp_path / "work").site
    en = text_of(site, "en/volumes/laocai-2023/cong-an/")
    assert "has not been translated into English yet" in en
    assert "Tham luận bàn về giáo dục pháp luật an ninh mạng." in en
    assert "Nội dung toàn văn bằng tiếng Việt." in en
    vi = text_of(site, "volumes/laocai-2023/cong-an/")
    assert "chưa được dịch" not in vi and "Nội dung toàn văn bằng tiếng Việt." in vi
    # the Vietnamese text on the English page says its language (screen readers, hyphenation); on its own page it need not
    en_html = page(site, "en/volumes/laocai-2023/cong-an/").read_text(encoding="utf-8")
    assert re.search(r'<div lang="vi">\s*<h2 id="mo-dau">Mở đầu', en_html)  # the heading id keeps đ as d
    assert re.search(r'<div lang="vi">\s*<p>Tham luận bàn về giáo dục', en_html)  # so does the abstract
    assert '<div lang="vi">' not in page(site, "volumes/laocai-2023/cong-an/").read_text(encoding="utf-8")


def test_failed_build_leaves_the_last_good_site(repo, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--root", str(repo), "build", "--out", str(out), "--work", str(tmp_path / "work")]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    target = repo / "papers/laocai-2023/cong-an/paper.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("order: 3", "order: three"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(repo), "build", "--out", str(out), "--work", str(tmp_path / "work")]) == 1
    err = capsys.readouterr().err
    assert "papers/laocai-2023/cong-an/paper.yml:5: order:" in err and "Traceback" not in err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    assert after == before


def test_deleted_record_disappears_from_the_next_build(repo, tmp_path):
    work, out = tmp_path / "work", tmp_path / "out"
    build(repo, out, work)
    # a paper no topic of papers/topics.yml names (deleting a named one is a check error: unknown paper)
    assert (out / "volumes/laocai-2023/lien-doan-lao-dong/index.html").is_file()
    shutil.rmtree(repo / "papers/laocai-2023/lien-doan-lao-dong")
    build(repo, out, work)
    assert not (out / "volumes/laocai-2023/lien-doan-lao-dong/index.html").exists()
    assert not (work / "docs/volumes/laocai-2023/lien-doan-lao-dong").exists()


def test_hand_written_page_without_translation_shows_original_with_notice(repo, tmp_path):
    (repo / "docs/huong-dan.md").write_text("---\ntitle: Hướng dẫn\n---\n\n# Hướng dẫn\n\nĐoạn văn chỉ có bằng tiếng Việt.\n", encoding="utf-8")
    site = build(repo, tmp_path / "out", tmp_path / "work").site
    en = text_of(site, "en/huong-dan/")
    assert "has not been translated into English yet" in en and "Đoạn văn chỉ có bằng tiếng Việt." in en
    assert "chưa được dịch" not in text_of(site, "huong-dan/")


def test_volume_lists_its_guidance_with_status_on_its_day(built_site):
    vi = text_of(built_site, "volumes/laocai-2023/")
    assert "tình trạng hiệu lực của chúng vào ngày 28/11/2023" in vi
    assert "24/2018/QH14 Luật An ninh mạng: Còn hiệu lực" in vi
    assert "116/2025/QH15" not in vi  # issued after the workshop: no status for that day
    en = links_of(built_site, "en/volumes/laocai-2023/")
    assert "en/documents/72-2013-nd-cp/" in en


def test_mkdocs_warning_names_the_record(repo, tmp_path, capsys):
    (repo / "papers/laocai-2023/cong-an/vi.md").write_text("Xem [tệp](khong-co.md).\n", encoding="utf-8")
    code = main(["--root", str(repo), "build", "--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "khong-co.md" in err and "[record: papers/laocai-2023/cong-an/paper.yml" in err
    assert not (tmp_path / "out").exists()


def test_special_characters_in_titles_and_names_stay_text(repo, tmp_path):
    title = "Tiêu đề *sao* _gạch_ | ống [ngoặc] <b>đậm</b> {: .x} & C#"
    paper = repo / "papers/laocai-2023/cong-an/paper.yml"
    text = paper.read_text(encoding="utf-8")
    start = text.index("  vi: Công tác")
    paper.write_text(text[:start] + f"  vi: '{title}'" + text[text.index("\n", start):], encoding="utf-8")
    orgs = repo / "papers/organisations.yml"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace("en: Lào Cai Provincial Police", "en: Lào Cai <Police> & Co"), encoding="utf-8")
    site = build(repo, tmp_path / "out", tmp_path / "work").site
    assert title in text_of(site, "volumes/laocai-2023/cong-an/")
    assert title in text_of(site, "volumes/laocai-2023/")  # in the contents list too
    html = page(site, "en/volumes/laocai-2023/cong-an/").read_text(encoding="utf-8")
    assert "Lào Cai &lt;Police&gt; &amp; Co</a>" in html and "<Police>" not in html


def test_a_failure_in_one_language_process_fails_the_build_cleanly(repo, tmp_path, capfd):
    """Each language is built in its own process: an error only the English page has still fails the
    build with one clean message naming the record, and leaves no half-built site."""
    folder = repo / "papers/laocai-2023/cong-an"
    (folder / "vi.md").write_text("Toàn văn đã nộp.\n", encoding="utf-8")
    (folder / "en.md").write_text("See [the file](missing-file.md).\n", encoding="utf-8")
    code = main(["--root", str(repo), "--lang", "en", "build", "--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")])
    err = capfd.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "missing-file.md" in err and "[record: papers/laocai-2023/cong-an/paper.yml" in err
    assert "MkDocs failed" in err
    assert not (tmp_path / "out").exists() and not (tmp_path / ".out-new").exists()


def test_spawned_language_processes_build_the_same_site(repo, tmp_path, monkeypatch):
    """Beside other threads the language processes are spawned (they load the records again), not forked."""
    import kyyeu.build.languages as languages

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    forked = files(build(repo, tmp_path / "forked", tmp_path / "work1").site)
    monkeypatch.setattr(languages.threading, "active_count", lambda: 2)
    spawned = files(build(repo, tmp_path / "spawned", tmp_path / "work2").site)
    pages = lambda files: {k: v for k, v in files.items() if not k.startswith("pagefind/")}  # noqa: E731 - chunk names vary
    assert pages(forked) == pages(spawned)
    assert any(k.startswith("pagefind/en/") for k in spawned)


def test_squeezed_html_keeps_what_whitespace_means(built_site):
    """Blank lines and indentation between tags are dropped; <pre>, <textarea>, <script> keep theirs."""
    from kyyeu.build.squeeze import squeeze

    html = '<div>\n    \n  <p>a  b\n      c</p>\n</div>\n<pre>  x\n\n    y</pre>\n  <script>\n  if (a)\n    b();\n</script>'
    assert squeeze(html) == '<div>\n<p>a  b\nc</p>\n</div>\n<pre>  x\n\n    y</pre>\n<script>\n  if (a)\n    b();\n</script>'
    assert squeeze('<p>Điều 1.\n\u00a0\u00a0Khoản a</p>') == '<p>Điều 1.\n\u00a0\u00a0Khoản a</p>'  # no-break spaces are text
    page_html = (built_site / "volumes/laocai-2023/cong-an/index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|script|textarea)\b.*?</\1>", "<kept/>", page_html, flags=re.S)
    assert "\n\n" not in outside and "\n " not in outside


def test_pages_wait_for_their_template_with_html_and_front_matter_packed(built_site, tmp_path, monkeypatch):
    """MkDocs renders every page before it writes any: until its own template runs, a page holds its HTML
    and its `kyyeu` front matter only pickled (a language process's memory at N = 10,000, PERFORMANCE.md),
    and its template gets them back: the pages come out as the build made them."""
    from mkdocs.commands import build as mkbuild

    from kyyeu.build.mkdocs import build_language

    docs = tmp_path / "work" / "docs"
    shutil.copytree(built_site.parent / "work" / "docs", docs)
    seen: dict = {}
    original = mkbuild._build_page

    def build_page(page, config, doc_files, *args, **kwargs):
        if not seen:  # every page is rendered, none written yet
            pages = [f.page for f in doc_files if f.page is not None]
            seen["held"] = [p for p in pages if getattr(p, "kyyeu_held", None) is not None]
            seen["in the clear"] = [p.file.src_uri for p in pages if p.content or "kyyeu" in p.meta]
        return original(page, config, doc_files, *args, **kwargs)

    monkeypatch.setattr(mkbuild, "_build_page", build_page)
    site = tmp_path / "site"
    build_language(ROOT, docs, site, None)
    assert len(seen["held"]) > 30 and seen["in the clear"] == []
    for rel in ("volumes/laocai-2023/cong-an/index.html", "documents/index.html", "index.html"):
        assert (site / rel).read_bytes() == (built_site / rel).read_bytes(), rel
    paper = (site / "volumes/laocai-2023/cong-an/index.html").read_text(encoding="utf-8")
    assert 'name="citation_title"' in paper and 'class="ky-card"' in paper  # front matter and HTML back in place


def test_lists_that_would_grow_with_the_library_stay_short(repo, tmp_path, monkeypatch):
    """An organisation's page lists the papers of its latest events one by one and earlier events in
    one line each, with a link to the search filtered by the organisation; the home page lists the
    newest documents and links to the catalogue. (Limits lowered here so that the real content hits them.)"""
    from urllib.parse import parse_qs, urlsplit

    from kyyeu.build import search
    from kyyeu.views import home, organisation

    from kyyeu.build.generate import generate
    from kyyeu.load import check
    from kyyeu.build.mkdocs import mkdocs_sequential

    monkeypatch.setattr(organisation, "EVENTS_IN_FULL", 0)
    monkeypatch.setattr(home, "DOCUMENTS_ON_HOME", 2)
    # in this process: `kyyeu build`'s other language process may be spawned (beside the browser
    # tests' threads) and would not see the lowered limits
    generate(repo, check(repo), tmp_path / "docs")
    site = tmp_path / "out"
    mkdocs_sequential(repo, tmp_path / "docs", site)
    for lang, prefix in (("vi", ""), ("en", "en/")):
        org = parse(page(site, f"{prefix}organisations/cong-an-lao-cai/"))
        assert ("Các hội thảo trước" if lang == "vi" else "Earlier events") in org.page_text
        assert ("): 1 tham luận" if lang == "vi" else "): 1 paper") in org.page_text
        assert not [h for h in org.hrefs if "/cong-an/" in h]  # the paper itself is one click further
        (link,) = [h for h in org.hrefs if "search/?" in h]
        target = urlsplit(urljoin(f"http://x/{prefix}organisations/cong-an-lao-cai/", link))
        assert target.path == f"/{prefix}search/"
        query = {k: v for k, (v,) in parse_qs(target.query).items()}
        # the very values the search index files the police's paper under
        corpus, _ = load(repo)
        paper = next(p for p in corpus.papers if p.id == "cong-an")
        _, filters = search.filters_for(search.Site(corpus, dt.date(2026, 11, 29)), paper, lang)
        assert query == {"kind": filters["kind"][0], "org": filters["org"][0]}
        home_page = parse(page(site, prefix))
        docs = {h for h in home_page.hrefs if h.startswith("documents/") and h != "documents/"}
        assert len(docs) == 2
        assert ("Xem cả 9 văn bản" if lang == "vi" else "See all 9 documents") in home_page.page_text


def test_a_language_process_that_dies_does_not_hang_the_build(repo, tmp_path):
    """A language process killed before it answers (out of memory, a crash) fails the build with one
    line instead of leaving the other waiting at the barrier for ever."""
    import subprocess
    import sys

    script = f"""
import os, sys
sys.path.insert(0, {str(ROOT / 'scripts')!r})
import kyyeu.build.languages as b
real = b.generate_files
def dying(*args, langs=None, **kw):
    if langs == ("en",):
        os._exit(9)
    return real(*args, langs=langs, **kw)
b.generate_files = dying
from kyyeu.cli import main
sys.exit(main(["--root", {str(repo)!r}, "build", "--out", {str(tmp_path / 'out')!r}, "--work", {str(tmp_path / 'work')!r}]))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "the build process died (exit code 9)" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_files_put_in_place_never_write_into_a_shared_file(tmp_path):
    """build/files.py: a file the build puts in place may be a hard link another site or the cache shares;
    writing, linking and replacing all put a new file there and leave the other name's bytes alone."""
    from kyyeu.build.files import link_or_copy, replace_bytes, write_if_changed

    cache, site = tmp_path / "cache.bin", tmp_path / "site" / "a.bin"
    cache.write_bytes(b"old")
    site.parent.mkdir()
    link_or_copy(cache, site)
    assert site.read_bytes() == b"old" and site.stat().st_ino == cache.stat().st_ino
    assert write_if_changed(site, b"old") is False and site.stat().st_ino == cache.stat().st_ino
    assert write_if_changed(site, b"new") is True
    assert site.read_bytes() == b"new" and cache.read_bytes() == b"old"
    link_or_copy(cache, site)
    replace_bytes(cache, b"newer")
    assert site.read_bytes() == b"old" and cache.read_bytes() == b"newer"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.bin", "cache.bin"]  # no leftovers
    # a temporary file left by a stopped build, linked to the cache, is replaced, not written into
    os.link(cache, site.with_name(f".{site.name}.{os.getpid()}"))
    replace_bytes(site, b"newest")
    assert site.read_bytes() == b"newest" and cache.read_bytes() == b"newer"
