"""Contributed text is untrusted: the allow-list every record's rendered HTML passes through.

Records arrive by pull request from many hands and from Word files, and their Markdown fields (full
texts, abstracts, summaries, notes) may hold raw HTML. After Markdown rendering, the HTML of every
generated page (never the hand-written pages of docs/) is cleaned by nh3, the binding of the Rust
crate Ammonia, keeping only what a proceedings page needs:

* the tags of ordinary text (paragraphs, lists, tables, emphasis, footnotes, headings, figures) and
  the survey chart's SVG; never <script>, <style>, <base>, <meta>, <link>, <form>, <iframe>, …;
* no event handler, no style attribute, no data-… attribute; ids that do not start with "__"
  (Material's own controls: __drawer, __search, …);
* links to http:, https:, mailto: and relative URLs; images only from the record's own folder
  (a relative path that does not climb out of the page's folder: the build copies the record's
  attachments there).

`kyyeu check` reports what the cleaning would remove (`findings`), one line per thing, with the
file and line, so that the editor sees it before merging; the build cleans regardless, so nothing a
check missed can reach a page. Titles and other short texts are never Markdown: the templates write
them escaped (`views.common.inline`), and `kyyeu.build.safehtml` escapes them where the theme writes them into
<title>, <meta> and the navigation.

The MkDocs plugin that applies it to every generated page is `kyyeu.build.safehtml.SafeHtml`.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any, Iterator

import nh3

# --- the allow-list ---------------------------------------------------------------------------------

_TEXT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
#: The survey chart (views/survey.py) is inline SVG: its shapes, never <use>, <image>, <a> or <foreignObject>.
_SVG_TAGS = {"svg", "g", "rect", "text", "title", "desc", "line", "path"}
TAGS = frozenset(_TEXT_TAGS | _SVG_TAGS)
_GLOBAL = {"id", "class", "lang", "dir", "title", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL,
    "a": {"href", "hreflang", "download", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
    "svg": {"viewBox", "width", "height", "xmlns", "role", "preserveAspectRatio"},
    "g": {"transform"},
    "rect": {"x", "y", "width", "height", "rx", "ry"},
    "line": {"x1", "y1", "x2", "y2"},
    "path": {"d"},
    "text": {"x", "y", "dx", "dy", "text-anchor", "dominant-baseline"},
}
SCHEMES = frozenset({"http", "https", "mailto"})
#: Attributes that hold a URL (nh3 checks their scheme; `_attribute` checks the relative ones).
_URL_ATTRS = {"href", "src", "cite"}
#: Dropped with everything inside them (their content is never text a reader should see).
_DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea",
                                "select", "math"})
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CLIMBS = re.compile(r"(^|/)(\.|%2e){2}(/|$)", re.I)
#: A Markdown table's alignment, the one style attribute Python-Markdown writes; becomes a class (CSP forbids style attributes).
ALIGN = re.compile(r'<(th|td) style="text-align: (left|right|center);">')


def align_classes(fragment: str) -> str:
    """A Markdown table's alignment attributes as classes (ky-align-left, …: see docs/assets/kyyeu.css)."""
    return ALIGN.sub(r'<\1 class="ky-align-\2">', fragment)


def _relative_ok(value: str) -> bool:
    """A relative URL that stays on this site (not "//host/…", not "/\\host/…")."""
    v = value.strip()
    return not v.startswith(("//", "\\", "/\\")) and "\\" not in v[:2]


def image_ok(src: str) -> bool:
    """An image source in the record's own folder: a relative path that does not climb out of it."""
    v = src.strip()
    return bool(v) and not _SCHEME.match(v) and not v.startswith(("/", "\\")) and "\\" not in v and not _CLIMBS.search(v) \
        and not v.startswith(("?", "#"))


def url_ok(tag: str, attr: str, value: str) -> bool:
    """Whether a URL attribute is kept: an allowed scheme or a relative URL; images from the record's folder only."""
    if tag == "img" and attr == "src":
        return image_ok(value)
    scheme = _SCHEME.match(value)
    if scheme:
        return scheme.group(1).lower() in SCHEMES
    return _relative_ok(value)


def _attribute(tag: str, attr: str, value: str) -> str | None:
    if attr in _URL_ATTRS:
        return value if url_ok(tag, attr, value) else None
    if attr == "id" and value.startswith("__"):
        return None
    if attr == "class":
        kept = [c for c in value.split() if not c.startswith("md-")]
        return " ".join(kept) or None
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()}, url_schemes=set(SCHEMES),
                       clean_content_tags=set(_DROP_WITH_CONTENT), strip_comments=True, link_rel=None,
                       attribute_filter=_attribute)


def clean(fragment: str) -> str:
    """An HTML fragment with everything outside the allow-list removed (see the module docstring)."""
    return _cleaner().clean(align_classes(fragment))


# --- what the cleaning would remove, for `kyyeu check` --------------------------------------------------


class _Finder(HTMLParser):
    """Lists, in an HTML fragment, each tag, attribute and URL the allow-list would remove."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  #: (what, a piece of source to find its line by)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            article = "an" if tag[0] in "aeio" else "a"
            self.found.append((f"{article} <{tag}> element", f"<{tag}"))
            return
        allowed = ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"]
        allowed_lower = {a.lower() for a in allowed}
        for name, value in attrs:
            value = value or ""
            if name not in allowed_lower:
                what = "an event-handler attribute" if name.startswith("on") else "a style attribute" if name == "style" else "an attribute"
                self.found.append((f"{what} {name}= on <{tag}>", name))
            elif name in _URL_ATTRS and not url_ok(tag, name, value):
                if tag == "img":
                    what = f"an image from outside the record's folder ({_short(value)})"
                else:
                    what = f"a link the site does not allow ({_short(value)}): only http:, https:, mailto: and relative links"
                self.found.append((what, _first_word(value)))
            elif name == "id" and value.startswith("__"):
                self.found.append((f"the id {value!r}, reserved for the theme", value))

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        pass  # comments are dropped silently: they never show, and editors use them for notes


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


def _first_word(value: str) -> str:
    return value.strip().split()[0] if value.strip() else value


@lru_cache(maxsize=1)
def _markdown():
    """Python-Markdown with the extensions mkdocs.yml enables (so that the check sees what MkDocs renders)."""
    import markdown

    return markdown.Markdown(extensions=["attr_list", "md_in_html", "def_list", "footnotes", "tables", "admonition", "toc"])


#: Text without any of these cannot render to anything the allow-list removes (no HTML, link, image or attribute list).
_MAYBE = re.compile(r"[<\]{&]")


def findings(text: str) -> list[tuple[str, int]]:
    """What the cleaning would remove from a Markdown text once rendered: (what, 1-based line in text)."""
    if not _MAYBE.search(text):
        return []
    md = _markdown()
    md.reset()
    rendered = md.convert(text)
    finder = _Finder()
    finder.feed(rendered)
    finder.close()
    out = []
    for what, needle in finder.found:
        out.append((what, _line_in(text, needle)))
    return out


def _line_in(text: str, needle: str) -> int:
    """The line of the first place the needle (or, for a decoded URL, its raw spelling) appears; 1 when not found."""
    low = text.lower()
    for candidate in (needle, html.escape(needle, quote=False)):
        at = low.find(candidate.lower())
        if at >= 0:
            return text.count("\n", 0, at) + 1
    # a URL written with character references (&#106;avascript:): the line of the first "&#"
    at = text.find("&#")
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def markdown_fields(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(location, text) of every Markdown text (an OptText language) in a validated record."""
    from pydantic import BaseModel

    from .model import OptText

    if isinstance(value, OptText):
        for lang in ("vi", "en"):
            text = getattr(value, lang)
            if text:
                yield path + (lang,), text
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from markdown_fields(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from markdown_fields(item, path + (i,))
