"""A reader on a 360-px phone: home, switch language, open a paper and a document; nothing is
fetched from another host and nothing is wider than the screen."""
from __future__ import annotations

from urllib.parse import urlparse


def no_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide"


def test_reader_walks_the_site_on_a_phone(phone, site_url):
    phone.goto(site_url + "/")
    assert phone.locator("h1").first.inner_text().startswith("Kỷ yếu")
    no_overflow(phone)

    # switch language from the header's language menu
    phone.locator(".md-header__option .md-select").first.hover()
    phone.locator('a.md-select__link[hreflang="en"]').click()
    phone.wait_for_url(site_url + "/en/")
    assert phone.locator("html").get_attribute("lang") == "en"
    no_overflow(phone)

    # open a paper from the home page
    phone.get_by_role("link", name="Communication and legal education on cyber safety").first.click()
    phone.wait_for_url("**/en/volumes/laocai-2023/cong-an/")
    assert "Lào Cai Provincial Police" in phone.locator(".ky-card").inner_text()
    assert phone.get_by_text("The paper's full text has not yet been sent to the editors").is_visible()
    no_overflow(phone)

    # and a document from the catalogue
    phone.goto(site_url + "/en/documents/")
    phone.get_by_role("link", name="24/2018/QH14").first.click()
    phone.wait_for_url("**/en/documents/24-2018-qh14/")
    card = phone.locator(".ky-card").inner_text()
    assert "Replaced by Law 116/2025/QH15" in card and "In force" in card
    no_overflow(phone)

    # back to Vietnamese on the same page
    phone.locator(".md-header__option .md-select").first.hover()
    phone.locator('a.md-select__link[hreflang="vi"]').click()
    phone.wait_for_url(site_url + "/documents/24-2018-qh14/")
    assert "Còn hiệu lực" in phone.locator(".ky-card").inner_text()

    hosts = {urlparse(u).netloc for u in phone.requests if u.startswith("http")}
    assert hosts == {urlparse(site_url).netloc}, hosts


#: One page of every kind, in both languages where it exists.
PAGE_KINDS = ("", "en/", "volumes/", "volumes/laocai-2023/", "volumes/laocai-2023/cong-an/", "en/volumes/laocai-2023/cong-an/",
              "documents/", "documents/24-2018-qh14/", "en/documents/24-2018-qh14/", "organisations/", "search/", "about/")


def test_first_visits_fetch_no_sitemap_and_fail_nothing(browser, built_site):
    """Issue 13: a first visit of each kind of page, with the site's CSP, makes no failed request and
    logs no console error; nothing fetches a sitemap (Material's language helper did, beside every
    <link rel=alternate>: 404s, and the whole sitemap up to three times a visit)."""
    from kyyeu.bench.measure import page_visit_browser

    visits = page_visit_browser(built_site, PAGE_KINDS, settle_ms=1000, browser=browser)["pages"]
    for rel, visit in visits.items():
        assert not visit["failed"] and not visit["errors"], (rel, visit["failed"], visit["errors"])
        assert not [name for name in visit["files"] if "sitemap" in name], (rel, sorted(visit["files"]))
        assert "/" + rel in visit["files"], (rel, sorted(visit["files"]))


def test_hreflang_alternates_are_absolute_and_the_switch_goes_straight_to_the_counterpart(browser, site_url, built_site):
    """The <head> alternates are absolute (search engines, Lighthouse); the language menu goes to the
    same page in the other language in one request: no redirect, no sitemap."""
    import re

    base = re.search(r'<link rel="canonical" href="([^"]+)"', (built_site / "index.html").read_text(encoding="utf-8")).group(1)
    for rel, other in (("volumes/laocai-2023/cong-an/", "en/volumes/laocai-2023/cong-an/"), ("en/documents/", "documents/"),
                       ("", "en/"), ("en/", "")):
        html = (built_site / rel / "index.html").read_text(encoding="utf-8")
        links = dict((lang, href) for href, lang in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', html))
        assert set(links) == {"vi", "en", "x-default"}, (rel, links)
        assert all(href.startswith(base) for href in links.values()), (rel, links)
        assert links["en" if other.startswith("en/") else "vi"] == base + other
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(f"{site_url}/{rel}", wait_until="load")
        documents = []
        page.on("response", lambda r: documents.append((r.status, r.url)) if r.request.resource_type == "document" else None)
        lang = "en" if other.startswith("en/") else "vi"
        page.locator(".md-header__option .md-select").first.hover()
        page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
        page.wait_for_url(f"{site_url}/{other}")
        page.wait_for_load_state("load")
        assert documents == [(200, f"{site_url}/{other}")], (rel, documents)
        context.close()
