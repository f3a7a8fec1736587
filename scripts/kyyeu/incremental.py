"""How kyyeu runs MkDocs (see PERFORMANCE.md for the measurements):

* `build_language`: one language of the site with the i18n plugin, in this process, with what kyyeu
  adds to every MkDocs run (the Squeeze plugin: smaller HTML, theme templates compiled once; JSON front
  matter read with json.loads). `kyyeu build` and `Session`'s full rebuilds run it once per language,
  each in its own process (`kyyeu.build.build_languages`). The output of the languages built apart is byte-for-byte that of `mkdocs_sequential` (the i18n plugin
  building both in one process) except the top-level 404.html, which stays in the default language
  instead of being overwritten by the English one (checked by tests/test_bench.py).
* `Session`: what `kyyeu serve` needs after an editor saves one file: records whose file did not
  change are not parsed again, only the generated Markdown that changed is written, and MkDocs
  re-renders only the pages whose Markdown changed (`dirty`), in place in the served site. The search
  index is rebuilt in a background thread after the page has reloaded (a search made in the
  seconds after a save may find the text as it was).
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KyyeuError

log = logging.getLogger("kyyeu")


# --- MkDocs: both languages at once ----------------------------------------------------------------------


@contextlib.contextmanager
def _no_clean():
    """MkDocs cleans site_dir before a build; two processes building into one fresh folder must not."""
    from mkdocs import utils
    from mkdocs.commands import build as mkbuild

    saved = utils.clean_directory, mkbuild.utils.clean_directory
    utils.clean_directory = mkbuild.utils.clean_directory = lambda path: None
    try:
        yield
    finally:
        utils.clean_directory, mkbuild.utils.clean_directory = saved


def _load_config(root: Path, docs_dir: Path, site_dir: Path):
    """mkdocs.yml with the generated docs and the output folder, strict, and kyyeu's HTML squeezing."""
    from mkdocs.config import load_config

    from .squeeze import Squeeze

    config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
    config.plugins["kyyeu-squeeze"] = Squeeze()
    from .safehtml import SafeHtml  # issue 11: allow-list on record HTML, CSP, escaped titles, rel="noopener"

    config.plugins["kyyeu-safe"] = SafeHtml(trusted=root / "docs")
    return config


@contextlib.contextmanager
def reported_as_one_line():
    """A failed MkDocs build (its own errors, a theme template's, a file's) becomes one KyyeuError line."""
    from jinja2 import TemplateError
    from mkdocs import exceptions

    try:
        yield
    except (exceptions.Abort, exceptions.ConfigurationError, exceptions.BuildError, exceptions.PluginError, TemplateError, OSError) as exc:
        raise KyyeuError(f"MkDocs failed: {type(exc).__name__}: {exc}") from None


def mkdocs_sequential(root: Path, docs_dir: Path, site_dir: Path) -> None:
    """MkDocs (strict) in this process, the i18n plugin building one language after the other."""
    from mkdocs.commands.build import build as mkdocs_build

    with reported_as_one_line(), json_front_matter():
        mkdocs_build(_load_config(root, docs_dir, site_dir))


#: Site-wide files every language build writes at the top of the site: the default language's process
#: keeps them; the sitemap of the other languages is merged into it (as the i18n plugin's last build
#: would write it).
SITE_WIDE = ("sitemap.xml", "404.html")
PART = ".kyyeu-part-{lang}-{name}"


@contextlib.contextmanager
def _site_wide_aside(lang: str):
    """In a non-default language's process, write the site-wide files beside, not over, the default's."""
    from mkdocs.commands import build as mkbuild

    original = mkbuild._build_theme_template

    def aside(template_name, env, files, config, nav):
        if template_name not in SITE_WIDE:
            return original(template_name, env, files, config, nav)
        template = env.get_template(template_name)
        output = mkbuild._build_template(template_name, template, files, config, nav)
        Path(config.site_dir, PART.format(lang=lang, name=template_name)).write_text(output, encoding="utf-8")

    mkbuild._build_theme_template = aside
    try:
        yield
    finally:
        mkbuild._build_theme_template = original


def merge_sitemaps(site_dir: Path, langs: list[str]) -> None:
    """Append the other languages' <url> entries to the default language's sitemap (and its .gz)."""
    import gzip

    main = site_dir / "sitemap.xml"
    parts = [site_dir / PART.format(lang=lang, name="sitemap.xml") for lang in langs]
    if main.is_file():
        text = main.read_text(encoding="utf-8")
        end = text.rindex("</urlset>")
        extra = ""
        for part in parts:
            if part.is_file():
                other = part.read_text(encoding="utf-8")
                start = other.index(">", other.index("<urlset")) + 1
                extra += other[start: other.rindex("</urlset>")].rstrip("\n")
        text = text[:end].rstrip("\n") + extra + "\n" + text[end:]
        main.write_text(text, encoding="utf-8")
        gz = site_dir / "sitemap.xml.gz"
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little") if gz.is_file() else 0
        with open(gz, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(gz), mode="wb", mtime=mtime) as out:
            out.write(text.encode("utf-8"))
    for lang in langs:
        for name in SITE_WIDE:
            (site_dir / PART.format(lang=lang, name=name)).unlink(missing_ok=True)


@contextlib.contextmanager
def json_front_matter():
    """While MkDocs runs here, front matter written as JSON (as `kyyeu.build.front_matter` writes it) is
    read with json.loads instead of libyaml: 0.25 s less per language at 1,000 papers, the same data
    (JSON is YAML, and its strings hold no raw line break, so the first "\n---\n" ends it). Any other
    front matter, such as docs/ pages', goes to MkDocs' own reader."""
    import json

    from mkdocs.utils import meta

    original = meta.get_data

    def get_data(doc: str):
        if doc.startswith("---\n{"):
            end = doc.find("\n---\n", 4)
            try:
                data = json.loads(doc[4:end]) if end != -1 else None
            except ValueError:
                data = None
            if isinstance(data, dict):
                return doc[end + 5:].lstrip("\n"), data
        return original(doc)

    meta.get_data = get_data
    try:
        yield
    finally:
        meta.get_data = original


def build_language(root: Path, docs_dir: Path, site_dir: Path, lang: str | None, dirty: bool = False) -> None:
    """One language of the site with the i18n plugin (lang None: the default language)."""
    from mkdocs.commands.build import build as mkdocs_build

    config = _load_config(root, docs_dir, site_dir)
    i18n = config.plugins["i18n"]
    aside = contextlib.nullcontext()
    if lang is not None and lang != i18n.default_language:
        i18n.current_language = lang
        aside = _site_wide_aside(lang)
    i18n.building = True  # its on_post_build then builds no other language
    with _no_clean(), aside, json_front_matter():
        mkdocs_build(config, dirty=dirty)


def _plain_config(root: Path) -> dict:
    import yaml

    class _Any(yaml.SafeLoader):
        pass

    _Any.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and other tags
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), _Any) or {}


def nav_sources(root: Path) -> list[str]:
    """The Markdown files the navigation names, in every language (suffix structure: x.md, x.en.md)."""
    found: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str) and item.endswith(".md"):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(_plain_config(root).get("nav", []))
    langs = languages(root)
    return [f[:-3] + ("" if lang == langs[0] else f".{lang}") + ".md" for f in found for lang in langs]


def languages(root: Path) -> list[str]:
    """The locales the i18n plugin builds, default first."""
    config = _plain_config(root)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = [lang for lang in plugin["i18n"]["languages"] if lang.get("build", True)]
            langs.sort(key=lambda lang: not lang.get("default", False))
            return [lang["locale"] for lang in langs]
    return []


# --- serve: rebuild what changed ------------------------------------------------------------------------


@dataclass
class _Cached:
    stamp: tuple[int, int]
    result: tuple


class _RecordCache:
    """Parsed records by file: a file whose size and mtime did not change is not parsed again.

    Wraps load._load_yaml while a Session loads; a file that gave problems is never cached, so every
    problem is reported again on every rebuild.
    """

    def __init__(self) -> None:
        self.entries: dict[Path, _Cached] = {}
        self.hits = self.misses = 0

    @contextlib.contextmanager
    def installed(self):
        from . import load as loader

        original = loader._load_yaml

        def cached(path, kind, papers, col):
            st = os.stat(path)
            stamp = (st.st_mtime_ns, st.st_size)
            hit = self.entries.get(path)
            if hit and hit.stamp == stamp:
                self.hits += 1
                return hit.result
            self.misses += 1
            before = len(col.problems)
            result = original(path, kind, papers, col)
            if result[0] is not None and len(col.problems) == before:
                self.entries[path] = _Cached(stamp, result)
            else:
                self.entries.pop(path, None)
            return result

        loader._load_yaml = cached
        try:
            yield
        finally:
            loader._load_yaml = original


class _NoDirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build, which strict mode would count as a failure: the warning is
    what this module is about, so it is dropped; every other warning still fails the rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


@contextlib.contextmanager
def _i18n_dirty():
    """mkdocs-static-i18n builds its other languages dirty only when "--dirty" is on the command line."""
    import mkdocs_static_i18n.plugin as plugin

    from mkdocs.commands import build as mkbuild

    original, template = plugin.build, mkbuild._build_theme_template

    def other_language(config, dirty=False):
        # As in a full build, the top-level 404 page stays the default language's.
        def skip_404(name, *args):
            return None if name == "404.html" else template(name, *args)

        mkbuild._build_theme_template = skip_404
        try:
            original(config, dirty=True)
        finally:
            mkbuild._build_theme_template = template

    plugin.build = other_language
    try:
        yield
    finally:
        plugin.build = original


def _snapshot(folder: Path) -> dict[str, int]:
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, folder)] = os.stat(path).st_mtime_ns
    return out


@dataclass
class Rebuild:
    """What one rebuild did."""

    kind: str  #: "full" or "dirty"
    changed: list[str] = field(default_factory=list)  #: files written: pages (docs paths), citation files (site paths)
    timings: dict[str, float] = field(default_factory=dict)
    reason: str = ""  #: why a full build was needed


class Session:
    """Builds root into site_dir once, then rebuilds only what a change needs.

    A dirty rebuild is used when only existing generated files changed (pages, and the files MkDocs
    copies, such as a survey's CSV and the feeds; citation files are written straight into the site);
    a full build (as `kyyeu build`, but in place) when files appeared or disappeared, or when the
    theme, the page templates or mkdocs.yml changed. The search index follows in the background.
    """

    def __init__(self, root: Path, site_dir: Path, work_dir: Path, search: bool = True):
        self.root, self.site_dir, self.work_dir = Path(root).resolve(), Path(site_dir).resolve(), Path(work_dir).resolve()
        self.docs = self.work_dir / "docs"
        self.search = search
        self.cache = _RecordCache()
        self.built = False
        self._theme_stamp: dict[str, int] = {}
        self._search_thread: threading.Thread | None = None
        self._search_lock = threading.Lock()
        self._search_pending = False
        self._search_site = None
        self.search_seconds: float | None = None  #: how long the last search index took

    def _theme_state(self) -> dict[str, int]:
        state = {}
        for name in ("mkdocs.yml", "overrides"):
            path = self.root / name
            if path.is_file():
                state[name] = path.stat().st_mtime_ns
            elif path.is_dir():
                state.update({f"{name}/{k}": v for k, v in _snapshot(path).items()})
        templates = Path(__file__).parent / "templates"
        state.update({f"templates/{k}": v for k, v in _snapshot(templates).items()})
        return state

    def rebuild(self) -> Rebuild:
        """Bring site_dir up to date with the sources; raises KyyeuError on a problem.

        After a failure the next rebuild is a full one, so that the problem is reported again until
        it is fixed (a dirty rebuild would see no changed file and stay silent).
        """
        try:
            return self._rebuild()
        except BaseException:
            self.built = False
            raise

    def _rebuild(self) -> Rebuild:
        from .build import build_languages, check, generate, today, write_site_files

        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        with self.cache.installed():
            corpus = check(self.root)
        timings["load"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        theme = self._theme_state()
        if theme != self._theme_stamp:
            from .views.common import environment

            environment.cache_clear()  # page templates are read once per environment: read the new ones
        before = _snapshot(self.docs) if self.docs.is_dir() else {}
        site, _ = generate(self.root, corpus, self.docs, today())
        after = _snapshot(self.docs)
        changed = sorted(k for k, v in after.items() if before.get(k) != v)
        timings["generate"] = time.perf_counter() - t0

        reason = ""
        if not self.built or not self.site_dir.is_dir():
            reason = "first build"
        elif set(before) != set(after):
            reason = "pages were added or removed"
        elif theme != self._theme_stamp:
            reason = "the theme, templates or mkdocs.yml changed"

        t0 = time.perf_counter()
        if reason:
            self._wait_search()  # a full build replaces site_dir, the folder the index is written into
            build_languages(self.root, None, self.docs, self.site_dir, today())  # MkDocs, a process per language
        elif changed:
            self._dirty_mkdocs()
        changed += write_site_files(self.site_dir, site)  # citation files: not through MkDocs
        timings["mkdocs"] = time.perf_counter() - t0
        self._theme_stamp = theme
        self.built = True
        if self.search and (reason or changed):
            self._start_search(site)
        return Rebuild("full" if reason else "dirty", changed, timings, reason)

    def _dirty_mkdocs(self) -> None:
        # MkDocs does not read unchanged pages in a dirty build, so the navigation would show
        # "None" for the titles of the pages it names: those few pages are read (and written) again.
        now = time.time()
        for rel in nav_sources(self.root):
            path = self.docs / rel
            if path.is_file():
                os.utime(path, (now, now))
        notice = _NoDirtyNotice()
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.addFilter(notice)
        try:
            # In one process: a dirty build renders a handful of pages, and a second process would
            # cost more to start than it saves.
            with _i18n_dirty(), _no_clean(), reported_as_one_line(), json_front_matter():
                from mkdocs.commands.build import build as mkdocs_build

                mkdocs_build(_load_config(self.root, self.docs, self.site_dir), dirty=True)
        finally:
            build_log.removeFilter(notice)

    def _start_search(self, site) -> None:
        """Index the site in a background thread; a request while one runs makes it run once more after."""
        from . import search

        with self._search_lock:
            self._search_site = site
            if self._search_thread is not None and self._search_thread.is_alive():
                self._search_pending = True
                return
            self._search_pending = False

        def run() -> None:
            while True:
                with self._search_lock:
                    site_now = self._search_site
                t0 = time.perf_counter()
                try:
                    search.index(self.site_dir, site_now)
                    self.search_seconds = time.perf_counter() - t0
                    log.info("search index rebuilt in %.1f s", self.search_seconds)
                except Exception as exc:  # noqa: BLE001 - the pages are served; search waits for the next change
                    log.warning("search index not rebuilt: %s", exc)
                with self._search_lock:
                    if not self._search_pending:
                        return
                    self._search_pending = False

        self._search_thread = threading.Thread(target=run, name="kyyeu-search", daemon=True)
        self._search_thread.start()

    def _wait_search(self) -> None:
        if self._search_thread is not None:
            self._search_thread.join()

    def close(self) -> None:
        """Wait for a search index still being written."""
        while self._search_thread is not None and self._search_thread.is_alive():
            self._wait_search()
