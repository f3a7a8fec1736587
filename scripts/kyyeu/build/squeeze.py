"""Smaller HTML: the blank lines and indentation Material's templates leave between tags are dropped.

A 1,000-paper site's pages are 8.5 % smaller (87 → 80 MB), for 0.3 ms a page. Every run of
whitespace that starts with a line break becomes one line break, except inside <pre>, <textarea>,
<script> and <style>, where whitespace is content: HTML collapses whitespace elsewhere, so pages
render the same. minify-html would save 2.5 % more, but it also unquotes attributes and drops
whitespace inside text, which the site's own readers of its HTML (search.py, harvesters' simple
parsers, the tests) do not need to cope with.

The plugin is added to the MkDocs configuration by `kyyeu.build.mkdocs` (not in mkdocs.yml, which stays
plain): every page MkDocs renders, in a full or a dirty build, goes through it. It also keeps the theme's
compiled templates for the next build in the same process (0.2–0.3 s of every `kyyeu serve` rebuild), and
keeps a language process's memory from growing with every page's HTML and front matter.
"""
from __future__ import annotations

import pickle
import re

from jinja2 import BytecodeCache
from mkdocs.plugins import BasePlugin, event_priority

_KEEP = re.compile(r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>|<script[\s>].*?</script>|<style[\s>].*?</style>)",
                   re.S | re.I)
_BREAKS = re.compile(r"\n[ \t\r\f\n]+")  # not \s: a no-break space (U+00A0) is text, not layout


def squeeze(html: str) -> str:
    """The page with each whitespace run that holds a line break reduced to one line break."""
    parts = _KEEP.split(html)
    return "".join(part if i % 2 else _BREAKS.sub("\n", part) for i, part in enumerate(parts))


class _CompiledTemplates(BytecodeCache):
    """Theme templates compiled once per process: MkDocs makes a new Jinja environment for every build
    (and `kyyeu serve` builds again on every save), which compiled Material's 67 templates each time."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Squeeze(BasePlugin):
    """MkDocs plugin: every rendered page goes through `squeeze`; theme templates are compiled once per
    process; a page's HTML and `kyyeu` front matter wait for its template pickled.

    MkDocs renders every page before it writes any, and would keep each page's HTML and front matter as
    they are until then: 54 MB a language process at N = 1,000 (the `kyyeu` front matter, about 260
    Python objects a page, two thirds of it). Pickled into one bytes object a page they take 29 MB, for
    0.09 s a language (compressed as well, 9 MB but 0.55 s, which every build would pay; PERFORMANCE.md).
    Nothing between the two moments reads them: a page's template is their only reader, and it reads its
    own page's, not other pages'.
    """

    def on_env(self, env, /, *, config, files):
        env.bytecode_cache = _COMPILED  # a template's code is keyed by its name and source checksum
        return env

    @event_priority(-200)  # after every other plugin's on_page_content (the allow-list cleaning among them)
    def on_page_content(self, html: str, /, *, page, config, files) -> str:
        # Once rendered, nothing reads a page's Markdown again ("" rather than None: MkDocs takes None for
        # "not read", and the page's title from it).
        page.markdown = ""
        page.kyyeu_held = pickle.dumps((html, page.meta.pop("kyyeu", None)), protocol=pickle.HIGHEST_PROTOCOL)
        return ""  # what MkDocs keeps as the page's content until its template

    @event_priority(200)  # before every other plugin's on_page_context, and before the template
    def on_page_context(self, context, /, *, page, config, nav):
        held = getattr(page, "kyyeu_held", None)
        if held is not None:
            page.content, meta = pickle.loads(held)
            page.kyyeu_held = None
            if meta is not None:
                page.meta["kyyeu"] = meta
        return context

    def on_post_page(self, output: str, /, *, page, config) -> str:
        # Written now: the other pages' templates read only its title, URL and table of contents.
        page.content = ""
        page.meta.pop("kyyeu", None)
        return squeeze(output)
