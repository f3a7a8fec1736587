"""MkDocs renders each page's Markdown once: a page whose Markdown has not changed since the last build
takes its HTML from `<work>/cache/pages-<lang>/` (see PERFORMANCE.md).

Python-Markdown is the largest part of a build (about half of MkDocs' time), and on the next build of
an editor or of CI almost every page's Markdown is the one rendered last time. What a page's rendering
depends on, and what this store checks before it uses an entry:

* the page's Markdown after every plugin's `on_page_markdown`, its source path and its URL;
* the configuration that reaches Python-Markdown (extensions and their settings, `use_directory_urls`,
  `validation`), the versions of Python, MkDocs and Python-Markdown, and the slug function's module
  (`kyyeu.text`);
* every other file the page's links asked MkDocs about (`Files.get_file_from_path`), with what the
  answer was (its URL and whether it is excluded, or "no such file"). A link to a page that has since
  been removed, moved or added therefore renders again, and MkDocs warns as it would without the store.

A page is stored only when its rendering logged nothing (a warning fails the strict build anyway; the
page then renders and warns again next time); a build that succeeded removes what it did not use.
What MkDocs does after rendering (plugins' `on_page_content`, the theme's templates, the cross-page
anchor check) runs on every build as before, on the same values: the page's HTML, its table of
contents, its title from the first heading, its anchors and its links to other pages' anchors.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
from collections.abc import Mapping
from pathlib import Path

_FORMAT = "1"  #: bump when what an entry holds changes


def _plain(obj):
    """A configuration value as JSON can hold it: MkDocs' sub-configurations (`validation`) as the
    mappings they are, anything else (a slug function) by its stable dotted name."""
    if isinstance(obj, Mapping):
        return dict(obj)
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', type(obj).__name__)}"


def signature(config) -> str:
    """Everything besides a page's own Markdown and links that changes how MkDocs renders it."""
    from importlib.metadata import version

    from .. import text

    parts = {
        "format": _FORMAT,
        "versions": [platform.python_version(), version("mkdocs"), version("markdown")],
        "slugs": hashlib.sha256(Path(text.__file__).read_bytes()).hexdigest(),
        "extensions": config["markdown_extensions"],
        "settings": config["mdx_configs"],
        "directory_urls": config["use_directory_urls"],
        "validation": config["validation"],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=_plain).encode()).hexdigest()


def _answer(file) -> list | None:
    """What a page's link learned about another file: its URL and whether it is excluded, or None."""
    return None if file is None else [file.url, file.inclusion.is_excluded()]


def _toc(items) -> list[dict]:
    return [{"name": i.title, "id": i.id, "level": i.level, "children": _toc(i.children)} for i in items]


class _Logged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write(path: Path, entry: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def remembered(store: Path):
    """While MkDocs builds in this process, pages render through the store, a folder with one file per
    rendered page (read only when its page comes up, so memory does not grow with the site); yields the
    counts {"rendered", "reused"}. A build that ends without an exception removes the files it did not use."""
    from mkdocs.structure import pages
    from mkdocs.structure.toc import get_toc

    used: set[str] = set()
    counts = {"rendered": 0, "reused": 0}
    state: dict = {}
    original = pages.Page.render
    mkdocs_log = logging.getLogger("mkdocs")

    def render(page, config, files) -> None:
        if page.markdown is None:
            return original(page, config, files)
        if "signature" not in state:
            state["signature"] = signature(config)
            store.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256("\0".join([state["signature"], page.file.src_uri, page.file.url,
                                         page.markdown]).encode()).hexdigest() + ".json"
        used.add(name)
        entry = _read(store / name)
        if entry is not None and all(_answer(files.get_file_from_path(p)) == a for p, a in entry["asked"].items()):
            page.content = entry["html"]
            page.toc = get_toc(entry["toc"])
            page._title_from_render = entry["title"]
            page.present_anchor_ids = set(entry["anchors"])
            if mkdocs_log.getEffectiveLevel() > logging.DEBUG:  # as Page.render
                page.links_to_anchors = {files.get_file_from_path(src): links for src, links in entry["links"].items()}
            counts["reused"] += 1
            return None
        asked: dict = {}
        lookup = files.get_file_from_path

        def get_file_from_path(path: str):
            found = lookup(path)
            asked[path] = _answer(found)
            return found

        files.get_file_from_path = get_file_from_path  # this render's questions, on this instance only
        logged = _Logged()
        mkdocs_log.addHandler(logged)
        try:
            original(page, config, files)
        finally:
            mkdocs_log.removeHandler(logged)
            del files.get_file_from_path
        counts["rendered"] += 1
        if not logged.count:  # a page MkDocs warned about renders (and warns) again next time
            _write(store / name, {"asked": asked, "html": page.content, "toc": _toc(page.toc),
                                  "title": page._title_from_render,
                                  "anchors": sorted(page.present_anchor_ids or ()),
                                  "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()}})
        return None

    pages.Page.render = render
    try:
        yield counts
    finally:
        pages.Page.render = original
    if "signature" in state:
        for path in store.iterdir():
            if path.name not in used:
                path.unlink(missing_ok=True)
