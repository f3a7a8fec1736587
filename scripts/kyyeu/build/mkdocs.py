"""Stage: MkDocs. The generated Markdown → HTML with Material and mkdocs-static-i18n (see PERFORMANCE.md).

* `build_language`: one language of the site with the i18n plugin, in this process, with what kyyeu
  adds to every MkDocs run (the Squeeze plugin: smaller HTML, theme templates compiled once; JSON front
  matter read with json.loads). `kyyeu build` runs it once per language, each in its own process
  (`languages.build_languages`). The output of the languages built apart is byte-for-byte that of
  `mkdocs_sequential` (the i18n plugin building both in one process) except the top-level 404.html,
  which stays in the default language instead of being overwritten by the English one (checked by
  tests/test_bench.py).
* `build_dirty`: what `kyyeu serve` runs after an edit: MkDocs re-renders, in place, only the pages
  whose Markdown changed.
* A failed run becomes one KyyeuError line (`reported_as_one_line`); while MkDocs runs, its warnings
  about a generated page name the record behind it (`naming_records`).
"""
from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import subprocess
import time
from pathlib import Path

from ..errors import KyyeuError
from ..messages import t
from . import redirects, rendered


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


def _github_web(remote: str) -> str:
    """https://github.com/OWNER/REPO for a GitHub remote (https, ssh or scp-like), "" for any other."""
    remote = remote.strip()
    hit = re.fullmatch(r"(?:https?://(?:[^@/]+@)?|ssh://git@|git@)github\.com[:/]([\w.-]+)/([\w.-]+?)(?:\.git)?/?", remote)
    return f"https://github.com/{hit.group(1)}/{hit.group(2)}" if hit else ""


@functools.lru_cache(maxsize=8)
def _origin(root: str) -> str:
    try:
        out = subprocess.run(["git", "-C", root, "remote", "get-url", "origin"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return _github_web(out.stdout) if out.returncode == 0 else ""


def repo_address(root: Path, configured: str | None, env: dict | None = None) -> str:
    """The repository's web address for "Sửa nguồn" / "Báo lỗi" links: `extra.kyyeu_repo` in mkdocs.yml
    when set; else, in GitHub Actions, $GITHUB_SERVER_URL/$GITHUB_REPOSITORY; else the GitHub address of
    `git remote get-url origin`; else "" (no links)."""
    env = os.environ if env is None else env
    if (configured or "").strip():
        return configured.strip().rstrip("/")
    if env.get("GITHUB_REPOSITORY"):
        return f"{env.get('GITHUB_SERVER_URL') or 'https://github.com'}/{env['GITHUB_REPOSITORY']}".rstrip("/")
    return _origin(str(root))


def mkdocs_config(root: Path, docs_dir: Path, site_dir: Path):
    """mkdocs.yml with the generated docs and the output folder, strict, and kyyeu's HTML squeezing;
    `extra.kyyeu_repo` filled in from the environment or git when mkdocs.yml leaves it out."""
    from mkdocs.config import load_config

    from .alternates import Alternates
    from .safehtml import SafeHtml
    from .squeeze import Squeeze

    config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
    config.extra["kyyeu_repo"] = repo_address(root, config.extra.get("kyyeu_repo"))
    config.plugins["kyyeu-squeeze"] = Squeeze()
    config.plugins["kyyeu-alternates"] = Alternates()  # absolute hreflang links; Material's sitemap fetches off
    config.plugins["kyyeu-safe"] = SafeHtml(trusted=root / "docs")  # the allow-list on record HTML, CSP, escaped titles
    return config


@contextlib.contextmanager
def reported_as_one_line():
    """A failed MkDocs build (its own errors, a theme template's, a file's) becomes one KyyeuError line."""
    from jinja2 import TemplateError
    from mkdocs import exceptions

    try:
        yield
    except (exceptions.Abort, exceptions.ConfigurationError, exceptions.BuildError, exceptions.PluginError, TemplateError, OSError) as exc:
        raise KyyeuError(t("build.mkdocs_failed", detail=f"{type(exc).__name__}: {exc}")) from None


def mkdocs_sequential(root: Path, docs_dir: Path, site_dir: Path) -> None:
    """MkDocs (strict) in this process, the i18n plugin building one language after the other."""
    from mkdocs.commands.build import build as mkdocs_build

    with reported_as_one_line(), json_front_matter():
        mkdocs_build(mkdocs_config(root, docs_dir, site_dir))


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


@contextlib.contextmanager
def json_front_matter():
    """While MkDocs runs here, front matter written as JSON (as `generate.front_matter` writes it) is
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

    config = mkdocs_config(root, docs_dir, site_dir)
    i18n = config.plugins["i18n"]
    aside = contextlib.nullcontext()
    if lang is not None and lang != i18n.default_language:
        i18n.current_language = lang
        aside = _site_wide_aside(lang)
    i18n.building = True  # its on_post_build then builds no other language
    redirects.add_plugin(config, docs_dir, lang or i18n.default_language, i18n.default_language)
    store = docs_dir.parent / "cache" / f"pages-{lang or i18n.default_language}"  # rendered.py
    with _no_clean(), aside, json_front_matter(), rendered.remembered(store):
        mkdocs_build(config, dirty=dirty)


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


def build_dirty(root: Path, docs_dir: Path, site_dir: Path) -> None:
    """Both languages re-rendered in place in this process, only the pages whose Markdown changed
    (`kyyeu serve` after an edit that added or removed no page)."""
    from mkdocs.commands.build import build as mkdocs_build

    # MkDocs does not read unchanged pages in a dirty build, so the navigation would show
    # "None" for the titles of the pages it names: those few pages are read (and written) again.
    now = time.time()
    for rel in nav_sources(root):
        path = docs_dir / rel
        if path.is_file():
            os.utime(path, (now, now))
    notice = _NoDirtyNotice()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(notice)
    try:
        # In one process: a dirty build renders a handful of pages, and a second process would
        # cost more to start than it saves.
        config = mkdocs_config(root, docs_dir, site_dir)
        default = config.plugins["i18n"].default_language
        redirects.add_plugin(config, docs_dir, default, default)  # the old addresses of the default language
        with _i18n_dirty(), _no_clean(), reported_as_one_line(), json_front_matter():
            mkdocs_build(config, dirty=True)
    finally:
        build_log.removeFilter(notice)


class _RecordNamer(logging.Filter):
    """Adds to MkDocs' messages about a generated page the record file an editor has to change."""

    def __init__(self, sources: dict[str, str]):
        super().__init__()
        self.sources = sources

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for page, source in self.sources.items():
            if f"'{page}'" in message:
                record.msg, record.args = f"{message} [record: {source} and its vi.md/en.md]", ()
                break
        return True


@contextlib.contextmanager
def naming_records(sources: dict[str, str]):
    """While MkDocs runs, its warnings name the record behind a generated page."""
    namer = _RecordNamer(sources)
    handlers = list(logging.getLogger("mkdocs").handlers)  # messages come from child loggers: filter where they are written
    for handler in handlers:
        handler.addFilter(namer)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(namer)


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
