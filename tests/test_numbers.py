"""No number on the site is invented: every number in the visible text and the metadata of every page and
feed (percentages, dates in both forms, document numbers, counts) is in the records' structured fields, or in
the short reviewed allow-list of the site's own numbers (tests/numbers_allowed.txt).

A record's prose (summaries, opening and closing remarks, notes) may restate a number its fields hold; it may
not introduce one. The failing case is shown too: a volume summary that adds a head count the fields lack.
"""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT, copy_repo

#: Record keys whose values are prose written by the editors: their numbers must come from elsewhere.
PROSE = {"summary", "opening", "conclusions", "abstract", "note", "title_note", "period", "not_stated", "description"}
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
URL = re.compile(r"(?:https?://|mailto:)\S+|\b[\w.-]+\.(?:vn|com|org|net|tpo|html?)(?:/\S*)?")
ALLOWED_FILE = Path(__file__).with_name("numbers_allowed.txt")
#: Meta tags about the page's machinery, not its content.
SKIP_META = {"viewport", "generator"}


def _value(token: str) -> str:
    """A number as compared: "01" → "1", "93,7" → "93.7", "87.0" → "87"."""
    token = token.replace(",", ".")
    if "." in token:
        whole, frac = token.split(".", 1)
        frac = frac.rstrip("0")
        return f"{int(whole)}.{frac}" if frac else str(int(whole))
    return str(int(token))


def _numbers(text: str) -> set[str]:
    return {_value(t) for t in NUMBER.findall(URL.sub(" ", text))}


def structured_numbers(root: Path) -> set[str]:
    """Every number the records' structured fields hold (prose fields left out), and the counts of their lists."""
    found: set[str] = set()

    def walk(value, key=None):
        if key in PROSE:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            found.add(str(len(value)))
            for v in value:
                walk(v, key)
        elif isinstance(value, (dt.date, dt.datetime)):
            found.update({str(value.year), str(value.month), str(value.day)})
        elif isinstance(value, bool):
            return
        elif isinstance(value, (int, float)):
            found.add(_value(str(value)))
        elif isinstance(value, str) and key != "url":
            found.update(_numbers(value))

    files = sorted((root / "papers").rglob("*.yml"))
    for path in files:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    kinds: dict[str, int] = {}
    for path in files:
        kinds[path.name] = kinds.get(path.name, 0) + 1
    found.update(str(n) for n in kinds.values())  # counts of records of each kind (papers, documents)
    # counts the topic pages and the catalogue show: key points per topic, per audience and per topic and audience
    per: dict[str, int] = {}
    for path in (root / "papers" / "documents").glob("*/document.yml"):
        for point in yaml.safe_load(path.read_text(encoding="utf-8")).get("key_points") or []:
            topics, audiences = point.get("topics", []), point.get("audiences", [])
            for name in [*(f"topic:{x}" for x in topics), *(f"audience:{x}" for x in audiences),
                         *(f"{x}×{y}" for x in topics for y in audiences)]:
                per[name] = per.get(name, 0) + 1
    found.update(str(n) for n in per.values())
    return found


def allowed_numbers() -> set[str]:
    lines = ALLOWED_FILE.read_text(encoding="utf-8").splitlines()
    return {_value(line.split("#", 1)[0].strip()) for line in lines if line.split("#", 1)[0].strip()}


class _Visible(HTMLParser):
    """The text a reader sees and the content of the page's meta tags and JSON-LD."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("style", "svg", "template") or (tag == "script" and a.get("type") != "application/ld+json"):
            self._skip += 1
        elif tag == "meta" and a.get("content") and a.get("name") and a["name"] not in SKIP_META and not a["name"].startswith("kyyeu:"):
            self.parts.append(a["content"])
        elif tag == "span" and a.get("class") == "Z3988":
            from urllib.parse import unquote

            # the OpenURL version (Z39.88-2004) is the format's name, not content
            self.parts.append(unquote(a.get("title", "")).replace("ctx_ver=Z39.88-2004", ""))
        for name in ("title", "aria-label", "alt", "placeholder"):
            if a.get(name) and tag != "span":
                self.parts.append(a[name])

    def handle_endtag(self, tag):
        if tag in ("style", "svg", "template", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def invented_numbers(site: Path, root: Path) -> list[tuple[str, str]]:
    """(page or feed, number) for every number that neither the records' fields nor the allow-list hold."""
    known = structured_numbers(root) | allowed_numbers()
    out = []
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and "assets" not in p.parts)
    for path in pages + sorted(site.rglob("feed.xml")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".xml":
            text = re.sub(r"<(?:id|link|published|updated)\b[^>]*?(?:/>|>.*?</(?:id|published|updated)>)", " ", text)
            text = re.sub(r"<[^>]+>", " ", text)
        else:
            parser = _Visible()
            parser.feed(text)
            text = " ".join(parser.parts)
        for n in sorted(_numbers(text) - known):
            out.append((str(path.relative_to(site)), n))
    return out


def test_every_number_on_the_site_is_in_the_records(built_site):
    assert invented_numbers(built_site, ROOT) == []


def test_a_summary_that_adds_a_number_fails(tmp_path):
    from kyyeu.build.pipeline import build

    root = copy_repo(tmp_path / "repo")
    volume = root / "papers/laocai-2023/volume.yml"
    text = volume.read_text(encoding="utf-8")
    text = text.replace("Báo cáo đề dẫn có nêu", "Hội thảo có 137 đại biểu dự. Báo cáo đề dẫn có nêu", 1)
    volume.write_text(text, encoding="utf-8")
    site = build(root, site_dir=tmp_path / "site", work_dir=tmp_path / "work").site
    found = invented_numbers(site, root)
    assert ("volumes/laocai-2023/index.html", "137") in found
    assert ("index.html", "137") in found  # the home page shows the summary too
    assert {n for _, n in found} == {"137"}
