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
