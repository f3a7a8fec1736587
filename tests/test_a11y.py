"""Accessibility (WCAG 2.1 AA) on the real built site, in a real browser (headless Debian Chromium).

axe-core (through axe-playwright-python) runs on every page kind in both languages at a phone's 360 px
and a desktop's 1280 px: home, the proceedings list, a volume, a paper, the survey, a document, the
documents catalogue, the organisation list and an organisation page, the about page, the search page
with results, and the header search opened with a query typed. No serious or critical finding is allowed;
a failure names each rule and the elements it found.

Then what axe cannot see: the keyboard path through the header search (`/`, Enter on the button, Tab
and the arrow keys through the results, Escape closing it and giving focus back), the skip link, the
languages of text, the survey chart's text alternative, the copy button's announcement, one h1 a page
with headings in order, and heading ids that keep "đ" as "d".
"""
from __future__ import annotations

import collections
import os
import re

import lxml.html
import markdown
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import settle
from kyyeu.text import heading_slug

#: (name, path in the Vietnamese site); the English page is the same path under /en.
PAGES = [
    ("home", "/"),
    ("volumes", "/volumes/"),
    ("volume", "/volumes/laocai-2023/"),
    ("paper", "/volumes/laocai-2023/so-tttt/"),
    ("survey", "/volumes/laocai-2023/survey/"),
    ("document", "/documents/72-2013-nd-cp/"),
    ("documents", "/documents/"),
    ("organisations", "/organisations/"),
    ("organisation", "/organisations/ban-tuyen-giao-lao-cai/"),
    ("about", "/about/"),
    ("search page", "/search/?q=mang+xa+hoi"),
    ("header search", "/volumes/laocai-2023/"),
]
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    """axe-core as axe-playwright-python ships it; KYYEU_AXE_JS names another axe.min.js (say a newer axe-core)."""
    path = os.environ.get("KYYEU_AXE_JS")
    return Axe.from_file(path) if path else Axe()


def url_of(site_url: str, lang: str, path: str) -> str:
    return site_url + ("/en" + path if lang == "en" else path)


def open_page(page, site_url: str, lang: str, name: str, path: str):
    """Opens a page kind in the state axe should see: results shown where the page kind is a search."""
    page.goto(url_of(site_url, lang, path))
    if name == "search page":
        page.wait_for_selector("#ky-search-page[data-state=done] #search-results a")
    elif name == "header search":
        page.keyboard.press("/")
        query = "mang xa hoi" if lang == "vi" else "social network"
        page.locator("#ky-search .md-search__input").press_sequentially(query)
        wait_results(page, query)
    settle(page)


def findings(axe, page, impacts=BLOCKING) -> list[str]:
    """One line per axe violation of the given impacts: rule id, impact, node count and the first targets."""
    result = axe.run(page).response
    lines = []
    for v in result["violations"]:
        if v["impact"] in impacts:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
            lines.append(f"{v['id']} ({v['impact']}, {len(targets)} nodes): {'; '.join(targets[:5])}")
    return lines


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_serious_or_critical_axe_finding(browser, site_url, axe, lang, width):
    w, h = WIDTHS[width]
    context = browser.new_context(bypass_csp=True, viewport={"width": w, "height": h})
    page = context.new_page()
    problems = []
    try:
        for name, path in PAGES:
            open_page(page, site_url, lang, name, path)
            problems += [f"{name} {url_of('', lang, path)} @{w}px: {line}" for line in findings(axe, page)]
    finally:
        context.close()
    assert not problems, "axe found:\n" + "\n".join(problems)


# --- keyboard -----------------------------------------------------------------------------------------


def focused(page) -> str:
    """The focused element, described: tag, id, classes and text."""
    return page.evaluate("""() => { const e = document.activeElement;
        return `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')} ${(e.textContent || '').trim().slice(0, 40)}`; }""")


def wait_results(page, query: str):
    """Waits until the header search shows the results of the whole query (not of a prefix typed earlier)."""
    page.wait_for_function("""q => { const m = document.querySelector('#ky-search .md-search-result__meta');
        return m.textContent.includes(q) && document.querySelector('#ky-search .md-search-result__item a'); }""", arg=query)


def result_links(page):
    return page.locator("#ky-search .md-search-result__list a")


def is_focused(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


@pytest.fixture
def desktop(browser):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(phone, site_url):
    phone.goto(site_url + "/documents/")
    phone.keyboard.press("Tab")
    skip = phone.locator(".md-skip")
    assert is_focused(skip), focused(phone)
    # shown while focused (after Material's short fade-in)
    phone.wait_for_function("getComputedStyle(document.querySelector('.md-skip')).opacity === '1'", timeout=2000)
    assert skip.get_attribute("href") == "#van-ban-chi-dao"
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#van-ban-chi-dao"
    phone.keyboard.press("Tab")  # the next stop is in the content, not back in the header
    assert phone.evaluate("!!document.activeElement.closest('.md-content')"), focused(phone)


def test_phone_search_by_keyboard_tab_enter_arrows_escape(phone, site_url):
    phone.goto(site_url + "/documents/72-2013-nd-cp/")
    button = phone.locator("button.ky-search-button")
    for _ in range(12):  # Tab through the header to the search button
        phone.keyboard.press("Tab")
        if is_focused(button):
            break
    assert is_focused(button), focused(phone)
    assert button.get_attribute("aria-expanded") == "false"
    phone.keyboard.press("Enter")
    box = phone.locator("#ky-search .md-search__input")
    assert phone.locator("#__search").is_checked() and is_focused(box) and box.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    phone.keyboard.type("lien doan lao dong")
    wait_results(phone, "lien doan lao dong")
    links = result_links(phone)
    assert links.count() >= 2
    phone.keyboard.press("ArrowDown")
    assert is_focused(links.nth(0)), focused(phone)
    phone.keyboard.press("ArrowDown")
    assert is_focused(links.nth(1)), focused(phone)
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("ArrowUp")
    assert is_focused(box), focused(phone)
    phone.keyboard.press("Escape")
    assert not phone.locator("#__search").is_checked()
    assert is_focused(button), focused(phone)  # focus goes back to the button that opened search
    assert button.get_attribute("aria-expanded") == "false"
    phone.keyboard.press(" ")  # Space opens it too
    assert phone.locator("#__search").is_checked() and is_focused(box)


def test_slash_opens_search_tab_reaches_results_escape_gives_focus_back(desktop, site_url):
    page = desktop
    page.goto(site_url + "/en/volumes/laocai-2023/")
    start = page.locator(".md-content a[href]").first
    start.focus()
    page.keyboard.press("/")
    box = page.locator("#ky-search .md-search__input")
    assert is_focused(box), focused(page)
    assert box.input_value() == ""  # the "/" is not typed into the box
    page.keyboard.type("cybersecurity")
    wait_results(page, "cybersecurity")
    first = result_links(page).first
    for _ in range(6):  # Tab reaches the results too
        page.keyboard.press("Tab")
        if is_focused(first):
            break
    assert is_focused(first), focused(page)
    assert first.is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert is_focused(start), focused(page)
    assert not page.locator("#ky-search .md-search__output").is_visible()


def test_slash_in_a_text_box_is_typed_and_on_the_search_page_goes_to_its_box(desktop, site_url):
    page = desktop
    page.goto(site_url + "/search/")
    page.locator("body").click(position={"x": 5, "y": 600})
    page.keyboard.press("/")
    own = page.locator("#ky-search-page input[name=q]")
    assert is_focused(own), focused(page)
    page.keyboard.type("72/2013")
    assert own.input_value() == "72/2013"
    assert not page.locator("#__search").is_checked()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_focus_is_always_visible(browser, site_url, width):
    w, h = WIDTHS[width]
    context = browser.new_context(bypass_csp=True, viewport={"width": w, "height": h})
    page = context.new_page()
    try:
        page.goto(site_url + "/volumes/laocai-2023/so-tttt/")
        seen, hidden = set(), []
        for _ in range(40):
            page.keyboard.press("Tab")
            info = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
                // on the red header itself (not its white search box, not the white language menu)
                const header = !!e.closest('.md-header') && !e.closest('.md-select__inner, .md-search__output, .md-search__input');
                return { what: `${e.tagName} ${e.className} ${(e.textContent || '').trim().slice(0, 30)}`,
                         style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, header }; }""")
            if info["what"].startswith("BODY"):  # past the last stop, focus leaves the page
                continue
            seen.add(info["what"])
            if info["style"] == "none" or info["width"] < 1:
                hidden.append(info["what"])
            elif info["header"] and info["color"] != "rgb(255, 255, 255)":
                hidden.append(info["what"] + f" (outline {info['color']} on the red header)")
        assert len(seen) > 15
        assert not hidden, hidden
    finally:
        context.close()


# --- screen readers: status, languages, text alternatives, headings, link texts ------------------------


def test_copy_button_announces_success(browser, site_url):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    try:
        page.goto(site_url + "/volumes/laocai-2023/so-tttt/")
        status = page.locator("#ky-cite-status")
        assert status.get_attribute("role") == "status" and status.inner_text() == ""
        button = page.locator(".ky-cite-copy").first
        button.click()
        page.wait_for_function("document.getElementById('ky-cite-status').textContent !== ''")
        assert status.text_content() == "Đã sao chép tham chiếu APA 7"
        assert page.evaluate("navigator.clipboard.readText()").startswith("Sở Thông tin và Truyền thông tỉnh Lào Cai. (2023, ngày 28 tháng 11).")
        page.locator(".ky-cite-copy").nth(1).click()
        page.wait_for_function("document.getElementById('ky-cite-status').textContent.endsWith('Việt Nam')")
        assert status.text_content() == "Đã sao chép tham chiếu Kiểu tạp chí Việt Nam"
    finally:
        context.close()


def test_html_lang_and_the_other_language_marked(built_site):
    for path, lang, other, name in (("index.html", "vi", "en", "English"), ("en/index.html", "en", "vi", "Tiếng Việt")):
        doc = lxml.html.parse(str(built_site / path)).getroot()
        assert doc.get("lang") == lang
        switch = [a for a in doc.iter("a") if a.get("hreflang") == other and "md-select__link" in a.get("class", "")]
        assert switch and switch[0].get("lang") == other and switch[0].text_content().strip() == name


def test_survey_chart_states_every_figure_and_the_table_has_caption_and_headers(desktop, site_url):
    desktop.goto(site_url + "/volumes/laocai-2023/survey/")
    chart = desktop.get_by_role("img", name=re.compile("Tỷ lệ người trả lời"))
    name = chart.evaluate("e => [...e.getAttribute('aria-labelledby').split(' ')].map(i => document.getElementById(i).textContent).join(' ')")
    for figure in ("Zalo: 93,7%", "Facebook: 87,0%", "YouTube: 47,6%", "TikTok: 26,2%", "VTVGo: 17,1%"):
        assert figure in name
    table = desktop.get_by_role("table", name="Tỷ lệ người trả lời sử dụng từng mạng xã hội")
    assert table.get_by_role("columnheader").count() == 2
    assert table.get_by_role("rowheader", name="Zalo").count() == 1


def test_one_h1_headings_in_order_and_link_texts_tell_links_apart(built_site):
    """Every built page: one h1, no heading level skipped, and no two links with the same text going to
    different places (their accessible text: visible text plus screen-reader-only text)."""
    problems = []
    for f in sorted(built_site.rglob("index.html")):
        if "pagefind" in f.parts:
            continue
        doc = lxml.html.parse(str(f)).getroot()
        where = f.relative_to(built_site).as_posix()
        levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if levels.count(1) != 1:
            problems.append(f"{where}: {levels.count(1)} h1")
        for before, after in zip([0] + levels, levels):
            if after > before + 1:
                problems.append(f"{where}: h{before} then h{after}")
        targets = collections.defaultdict(set)
        for a in doc.iter("a"):
            href = a.get("href")
            if href and not href.startswith("#"):
                targets[" ".join(a.text_content().split()) or a.get("aria-label") or a.get("title")].add(href)
        problems += [f"{where}: “{text}” → {sorted(hrefs)}" for text, hrefs in targets.items() if len(hrefs) > 1]
    assert not problems, problems


def test_download_links_name_what_they_download(built_site):
    doc = lxml.html.parse(str(built_site / "volumes/laocai-2023/so-tttt/index.html")).getroot()
    bib = [a for a in doc.iter("a") if a.get("href") == "cite.bib"][0]
    assert " ".join(bib.text_content().split()).startswith("Tải BibTeX (.bib) của tham luận “Nhận diện thông tin xấu")
    en = lxml.html.parse(str(built_site / "en/volumes/laocai-2023/index.html")).getroot()
    ris = [a for a in en.iter("a") if (a.get("href") or "").endswith(".ris")][0]
    assert " ".join(ris.text_content().split()).startswith("Download RIS (.ris) of the proceedings “")


# --- heading ids ----------------------------------------------------------------------------------------


def test_heading_ids_keep_d_for_dj(built_site):
    """Python-Markdown's own slugify drops "đ" ("Mở đầu" → #mo-au); the site's headings use the project's slug."""
    assert heading_slug("Mở đầu", "-") == "mo-dau" and heading_slug("Đảng viên", "_") == "dang_vien"
    html = markdown.markdown("## Mở đầu\n\n## Điều 1. Phạm vi {#dieu-1}\n\n## Mở đầu\n",
                             extensions=["attr_list", "toc"], extension_configs={"toc": {"slugify": heading_slug}})
    assert re.findall(r'id="([^"]+)"', html) == ["mo-dau", "dieu-1", "mo-dau_1"]  # explicit ids stay as written
    ids = lxml.html.parse(str(built_site / "documents/index.html")).getroot().xpath("//h1/@id | //h2/@id")
    assert "van-ban-chi-dao" in ids and "nghi-dinh" in ids
    ids = lxml.html.parse(str(built_site / "organisations/index.html")).getroot().xpath("//h1/@id")
    assert ids == ["co-quan-don-vi"]
