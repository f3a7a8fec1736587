"""The site search: a Pagefind index of the built pages, one per language, and OpenSearch descriptions.

Why this shape (measured; see SEARCH-PERFORMANCE.md):

* Pagefind splits its index into gzipped chunks and the browser fetches only those a query needs, once
  the reader opens search (about 117 KB in all for a first query on the real site), instead of the
  whole-site index that Material's lunr search loads on every first visit.
* Pagefind folds combining marks itself ("mang xa hoi" finds "mạng xã hội", "hòa" finds "hoà"),
  splits "72/2013/NĐ-CP" into its parts, and keeps one index per `<html lang>`, so the Vietnamese
  and English sites search their own pages.
* It does not fold đ. The text it indexes goes through `text.index_text` (the one place of Vietnamese
  normalisation): NFC, invisible characters removed, đ/Đ written as d/D + U+0335, a mark Pagefind
  folds away. The browser (docs/assets/search.js) applies `text.search_query` to what the reader
  types and turns U+0335 back into đ in titles and excerpts, so readers see the original text.

Each built page is handed to Pagefind as a small HTML document made from the page's article (so
headings keep their weight and anchors) plus its metadata (kind) and filters (kind, organisation,
year, document status), which come from the corpus, not from scraping the page.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import html
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from .errors import KyyeuError
from .load import Entry
from .model import LANGS
from .text import index_text
from .views.common import LABELS, Site, page_dir, url

#: Where the Pagefind bundle goes inside the site.
BUNDLE = "pagefind"
#: Pages that are not content: the search pages themselves and the notes on search (404.html is not an index.html).
SKIP = re.compile(r"^(en/)?search/$")
#: Pagefind's script, gzipped, beside the plain one (see `index`).
PACKED_SCRIPT = "pagefind-js.pagefind"
#: Pagefind files the site does not use: its ready-made UIs (search.js talks to Pagefind's API directly)
#: and its web worker (search.js runs Pagefind on the page: one file less to fetch).
UNUSED = ("pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
#: Parts of a page not worth finding: permalink signs, the cite box (it repeats the title and authors
#: in two styles), the "source record" line.
EXCLUDE = [".headerlink", ".ky-cite", ".ky-edit"]

#: Labels of the kinds of page, as filter values and result badges.
KIND_LABELS = {
    "paper": LABELS["paper"],
    "document": LABELS["document"],
    "volume": LABELS["volume"],
    "survey": LABELS["survey"],
    "organisation": LABELS["organisation"],
    "page": {"vi": "Trang", "en": "Page"},
}
#: Ranking weight of a kind of page: the home page and the lists repeat what the record pages say, so a
#: record page comes first when both match equally.
WEIGHTS = {"page": 0.5}
#: What OpenSearch shows as the engine's name (at most 16 characters) and description.
OPENSEARCH = {
    "vi": ("Kỷ yếu Lào Cai", "Tìm trong kỷ yếu và kho văn bản của hội thảo Lào Cai 28/11/2023"),
    "en": ("Lào Cai workshop", "Search the proceedings and documents of the Lào Cai workshop of 28 November 2023"),
}

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_LANG = re.compile(r'<html lang="([a-zA-Z-]+)"')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


@dataclass
class Record:
    """One page as Pagefind gets it."""

    url: str  #: site-relative URL with a leading slash, e.g. "/en/documents/72-2013-nd-cp/"
    lang: str
    body: str  #: the article's inner HTML
    kind: str = "page"
    filters: dict[str, list[str]] = field(default_factory=dict)

    def html(self) -> str:
        """The document Pagefind indexes: the article as the body, metadata and filters beside it."""
        meta = f'<span data-pagefind-meta="kind">{html.escape(KIND_LABELS[self.kind][self.lang])}</span>'
        meta += f'<span data-pagefind-meta="kindcode">{self.kind}</span>'
        filters = "".join(
            f'<span data-pagefind-filter="{name}">{html.escape(value)}</span>'
            for name, values in self.filters.items() for value in values
        )
        return (f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8"></head><body>'
                f'<main data-pagefind-body><div data-pagefind-weight="{WEIGHTS.get(self.kind, 1.0)}">'
                f'{index_text(self.body)}</div></main>'
                f'<div hidden>{meta}{filters}</div></body></html>')


def _year(site: Site, entry: Entry) -> str | None:
    if entry.kind in ("paper", "survey"):
        return str(site.corpus.volumes[entry.volume].record.date.year)
    if entry.kind == "volume":
        return str(entry.record.date.year)
    if entry.kind == "document":
        return str(entry.record.issued.year)
    return None


def _orgs(site: Site, entry: Entry) -> list[str]:
    rec = entry.record
    ids = {"paper": lambda: rec.contributors, "document": lambda: [rec.issuer], "survey": lambda: [rec.conducted_by],
           "volume": lambda: [rec.organiser], "organisation": lambda: [rec.id]}[entry.kind]()
    return [i for i in ids if i in site.corpus.organisations]


def filters_for(site: Site, entry: Entry | None, lang: str) -> tuple[str, dict[str, list[str]]]:
    """(kind, filters) of a page. The filters search.js offers: kind, org (who contributed, issued,
    organised or ran it; an organisation's own page), year (of the event or of issue), status (documents
    only: status today). Values are labels in the page's language, shown as they are."""
    from .views.document import status_label

    if entry is None:
        return "page", {"kind": [KIND_LABELS["page"][lang]]}
    kind = entry.kind
    out = {"kind": [KIND_LABELS[kind][lang]]}
    orgs = [site.corpus.organisations[o].record.name[lang] for o in _orgs(site, entry)]
    if orgs:
        out["org"] = orgs
    year = _year(site, entry)
    if year:
        out["year"] = [year]
    if kind == "document":
        out["status"] = [status_label(site.corpus.status(entry, site.today), lang)]
    return kind, out


def records(site_dir: Path, site: Site) -> list[Record]:
    """Every content page of the built site as a search record, in a stable order."""
    by_url: dict[str, Entry] = {}
    for entry in site.corpus.all_entries():
        for lang in LANGS:
            by_url[url(page_dir(entry), lang)] = entry
    out = []
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.parent.relative_to(site_dir).as_posix()
        rel = "" if rel == "." else rel + "/"
        if SKIP.match(rel) or rel.startswith(BUNDLE + "/"):
            continue
        page = path.read_text(encoding="utf-8")
        article, lang = _ARTICLE.search(page), _LANG.search(page)
        if not article or not lang:
            continue
        entry = by_url.get(rel)
        kind, filters = filters_for(site, entry, lang.group(1))
        out.append(Record("/" + rel, lang.group(1), article.group(1), kind, filters))
    return out


async def _write_bundle(recs: list[Record], out: Path) -> None:
    """Index the records with Pagefind's Python API and write the bundle to out.

    The records are written as files into a temporary folder and indexed in one `add_directory`
    call: the API's service answers one request per 0.1 s, so adding 2,000 pages one by one would
    take minutes, while one folder takes a fraction of a second.
    """
    from pagefind.index import PagefindIndex

    config = {"output_path": str(out), "exclude_selectors": EXCLUDE}
    with tempfile.TemporaryDirectory(prefix="kyyeu-search-") as tmp:
        for rec in recs:
            path = Path(tmp) / rec.url.lstrip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(rec.html(), encoding="utf-8")
        async with PagefindIndex(config=config) as index:
            result = await index.add_directory(tmp)
    if result.get("page_count") != len(recs):
        raise KyyeuError(f"search index: Pagefind indexed {result.get('page_count')} of {len(recs)} pages")


def site_url(site_dir: Path) -> str:
    """The site's public address, as MkDocs wrote it in the home page's canonical link."""
    home = site_dir / "index.html"
    found = _CANONICAL.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    base = found.group(1) if found else "http://127.0.0.1:8000/"
    return base if base.endswith("/") else base + "/"


def opensearch(base: str, lang: str) -> str:
    """The OpenSearch description of one language's search page, so browsers can add it as an engine."""
    prefix = base + ("" if lang == "vi" else "en/")
    name, description = OPENSEARCH[lang]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" xmlns:moz="http://www.mozilla.org/2006/browser/search/">
  <ShortName>{xml_escape(name)}</ShortName>
  <Description>{xml_escape(description)}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Language>{lang}</Language>
  <Image width="16" height="16" type="image/png">{xml_escape(base)}assets/images/favicon.png</Image>
  <Url type="text/html" method="get" template="{xml_escape(prefix)}search/?q={{searchTerms}}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="{xml_escape(prefix)}opensearch.xml"/>
  <moz:SearchForm>{xml_escape(prefix)}search/</moz:SearchForm>
</OpenSearchDescription>
"""


def index(site_dir: Path, site: Site) -> None:
    """Index the built site in site_dir for search: site_dir/pagefind/ and opensearch.xml per language."""
    site_dir = Path(site_dir)
    # The bundle is written beside the live one and swapped in, so that a served site (kyyeu serve
    # rebuilds the index while it serves) never lacks one.
    out, old = site_dir / f".{BUNDLE}-new", site_dir / f".{BUNDLE}-old"
    shutil.rmtree(out, ignore_errors=True)
    recs = records(site_dir, site)
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        asyncio.run(_write_bundle(recs, out))
    else:  # called from async code (or beside Playwright's sync API): run Pagefind's client in its own thread
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(lambda: asyncio.run(_write_bundle(recs, out))).result()
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    # Pagefind's script gzipped, as Pagefind ships its own data: search.js unpacks it in the browser
    # (DecompressionStream), so a first query costs 13 KB for it instead of 46 KB where the server
    # does not compress; browsers without DecompressionStream load the plain pagefind.js.
    script = (out / "pagefind.js").read_bytes()
    (out / PACKED_SCRIPT).write_bytes(gzip.compress(script, compresslevel=9, mtime=0))
    live = site_dir / BUNDLE
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    out.rename(live)
    shutil.rmtree(old, ignore_errors=True)
    base = site_url(site_dir)
    for lang in LANGS:
        target = site_dir / ("" if lang == "vi" else "en") / "opensearch.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(opensearch(base, lang), encoding="utf-8")
