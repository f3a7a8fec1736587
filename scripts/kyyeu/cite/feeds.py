"""Atom feeds of new and changed records, one per language (feed.xml, en/feed.xml).

The feeds go through the docs folder (`site.extra_files`): the home page links them.
"""
from __future__ import annotations

import datetime as dt
import html
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from ..load import Entry
from ..model import LANGS
from ..site import Site, labels, url
from .items import TAG, WORDS, csl_item, description, page_url, plain, site_url
from .meta import creator_names
from .store import reference

#: Atom feed file per language, as written into the docs folder (the en one is served at en/feed.xml):
#: through MkDocs, as the home page links it.
FEED_FILES = {"vi": "feed.xml", "en": "feed.en.xml"}
ATOM = "http://www.w3.org/2005/Atom"
#: Entries in a feed: feed readers poll it for what is new; a feed of all 2,000 records of a
#: 1,000-paper site weighed 1.3–1.6 MB per language and was fetched whole on every poll.
FEED_ENTRIES = 100


def _git_dates(root: Path) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(by file, by folder) → (newest, oldest) commit date (ISO 8601) of what changed under papers/.

    One `git log` for the whole folder; empty when git or the history is not available.
    """
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", "papers"],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}, {}
    by_file: dict[str, tuple[str, str]] = {}
    by_dir: dict[str, tuple[str, str]] = {}
    for block in out.split("\x00")[1:]:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        when = lines[0].strip()
        for path in lines[1:]:
            for key, table in ((path, by_file), (path.rsplit("/", 1)[0], by_dir)):
                newest, _ = table.get(key, (when, when))
                table[key] = (newest, when)  # git log runs newest first: the last one seen is the oldest
    return by_file, by_dir


def git_dates(site: Site) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """`_git_dates` of the site's repository, read once per Site."""
    if site.git_dates is None:
        site.git_dates = _git_dates(site.corpus.root)
    return site.git_dates


def last_changed(site: Site, entry: Entry) -> dt.date | None:
    """The day of the last commit that changed a record's folder (its YAML, full text, attachments, media/);
    None without git history: no date is made up."""
    _, by_dir = git_dates(site)
    folder = entry.file.rsplit("/", 1)[0]
    found = [by_dir[key][0] for key in (folder, folder + "/media") if key in by_dir]
    return dt.datetime.fromisoformat(max(found)).date() if found else None


def _own_date(site: Site, entry: Entry) -> dt.date:
    """The latest of a record's own dates not after today (the fallback when git history is not available)."""
    rec = entry.record
    if entry.kind == "paper":
        days = [site.corpus.volumes[entry.volume].record.date] + [e.date for e in rec.status if e.date]
    elif entry.kind == "document":
        days = [d for d in (rec.issued, rec.effective, rec.expiry) if d]
    else:
        days = [rec.date]
    past = [d for d in days if d <= site.today]
    return max(past) if past else min(days)


def entry_dates(site: Site, entry: Entry, git: tuple[dict, dict]) -> tuple[str, str]:
    """(published, updated) of a record for the feeds: first and last commit that touched it, else its own dates."""
    by_file, by_dir = git
    rel = entry.file if entry.kind == "volume" else entry.file.rsplit("/", 1)[0]
    found = (by_file if entry.kind == "volume" else by_dir).get(rel)
    if found:
        newest, oldest = found
        return oldest, newest
    day = _own_date(site, entry).isoformat() + "T00:00:00+00:00"
    return day, day


def _summary(site: Site, entry: Entry, lang: str) -> str:
    """A feed entry's text: the volume's summary, a paper's abstract, a document's summary, else its reference."""
    rec = entry.record
    if entry.kind == "volume":
        return rec.summary[lang]
    if entry.kind == "paper":
        return description(site, entry, lang)
    own = rec.abstract if entry.kind == "paper" else rec.summary
    if own and getattr(own, lang):
        return plain(getattr(own, lang))
    return " ".join(html.unescape(TAG.sub("", reference(csl_item(site, entry, lang), "vn", lang))).split())


def feed(site: Site, lang: str, git: tuple[dict, dict] | None = None) -> bytes:
    """The Atom feed of new and changed volumes, papers and documents in one language: the newest
    FEED_ENTRIES, newest first (the whole catalogue is records.json and the sitemap)."""
    git = git if git is not None else _git_dates(site.corpus.root)
    base = site_url(site.corpus.root)
    t = labels(lang)
    corpus = site.corpus
    records = [*corpus.volumes.values(), *corpus.papers, *sorted(corpus.documents.values(), key=lambda d: d.id)]
    rows = []
    for entry in records:
        published, updated = entry_dates(site, entry, git)
        rows.append((updated, published, entry))
    rows.sort(key=lambda r: (r[0], r[2].key), reverse=True)
    rows = rows[:FEED_ENTRIES]
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    feed_url = base + url("", lang) + "feed.xml"
    sub(root, "id", feed_url)
    sub(root, "title", WORDS["feed_title"][lang].format(site=t["site_name"]))
    sub(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    sub(root, "link", rel="alternate", type="text/html", href=base + url("", lang), hreflang=lang)
    sub(root, "updated", max((r[0] for r in rows), default=site.today.isoformat() + "T00:00:00+00:00"))
    author = sub(root, "author")
    sub(author, "name", t["site_name"])
    sub(root, "generator", "kyyeu")
    for updated, published, entry in rows:
        item = csl_item(site, entry, lang)
        e = sub(root, "entry")
        sub(e, "id", item["URL"])
        # a paper by its page title (readable; its summary says when that is a reported topic), a document with its number
        sub(e, "title", entry.record.title[lang] if entry.kind == "paper" else item["title"] if entry.kind != "document" or item["type"] == "document" else f"{item['genre']} {item['number']}: {item['title']}")
        sub(e, "link", rel="alternate", type="text/html", href=item["URL"], hreflang=lang)
        other = next(x for x in LANGS if x != lang)
        # the other language as "related", not a second "alternate": feed readers open the last alternate they find
        sub(e, "link", rel="related", type="text/html", href=page_url(site, entry, other), hreflang=other)
        sub(e, "published", published)
        sub(e, "updated", updated)
        names = creator_names(item) or [item.get("publisher", t["site_name"])]
        for name in names:
            sub(sub(e, "author"), "name", name)
        sub(e, "category", term=entry.kind, label=t[entry.kind] if entry.kind in t else entry.kind)
        sub(e, "summary", _summary(site, entry, lang), type="text")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def register_feeds(site: Site) -> None:
    """Put the Atom feed of each language the site generates into site.extra_files (/feed.xml, /en/feed.xml)."""
    git = git_dates(site)
    for lang in site.langs:
        site.extra_files[FEED_FILES[lang]] = feed(site, lang, git)
