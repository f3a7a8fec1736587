"""`kyyeu serve`: build, serve site/ with MkDocs' live-reload server, rebuild when sources change.

Rebuilds go through `session.Session`: unchanged records are not parsed again and MkDocs
re-renders only the pages whose Markdown changed; the search index follows in the background.
A failed rebuild (a record with a problem) is reported and the last good site stays served; while
it lasts, every HTML page served carries a banner with the problems (`BannerServer`: added to the
response, never written into site/, no script; styled by docs/assets/kyyeu.css), and MkDocs'
live-reload script reloads open pages after each attempt, so the banner comes and goes by itself.
"""
from __future__ import annotations

import base64
import hashlib
import html
import logging
import re
import socket
import threading
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from ..build.pipeline import BUILD_DIR
from ..errors import KyyeuError
from ..messages import t
from .session import Session

log = logging.getLogger("kyyeu")
WATCHED = ("papers", "docs", "overrides", "mkdocs.yml", "scripts/kyyeu/templates")


def _check_port(host: str, port: int) -> None:
    """Fail with a clear message, before building, when another program holds the port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise KyyeuError(t("serve.port_busy", host=host, port=port, reason=exc.strerror)) from None


class Failure:
    """The problems of the last rebuild, shared by the builder and the threads serving pages."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.lines: list[str] = []

    def set(self, lines: list[str]) -> None:
        with self._lock:
            self.lines = list(lines)

    def banner(self) -> bytes:
        """The banner's HTML, or b"" when the last rebuild succeeded."""
        with self._lock:
            lines = list(self.lines)
        if not lines:
            return b""
        items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
        count = max(1, len([x for x in lines if not x.startswith(("error:", "lỗi:"))]))
        return (f'<div class="ky-serve-errors" role="alert" id="ky-serve-errors"><p><strong>'
                f'{html.escape(t("serve.banner.title", count=count))}</strong> {html.escape(t("serve.banner.body"))}</p>'
                f"<ul>{items}</ul></div>").encode()


def allow_reload_script(content: bytes) -> bytes:
    """The preview only: MkDocs' live-reload script is written inline (the last plain <script> of the page), which
    the page's own CSP forbids; its hash is added to that page's script-src, so the preview reloads under the
    same policy as the built site and a violation by the site itself still shows in the browser."""
    start = content.rfind(b"<script>")
    end = content.find(b"</script>", start)
    if start < 0 or end < 0:
        return content
    digest = base64.b64encode(hashlib.sha256(content[start + len(b"<script>"):end]).digest())
    return content.replace(b"script-src 'self'", b"script-src 'self' 'sha256-" + digest + b"'", 1)


class BannerServer(LiveReloadServer):
    """MkDocs' live-reload server, adding the failure banner right after <body> of every page served."""

    failure: Failure

    def _inject_js_into_html(self, content, epoch):
        content = allow_reload_script(super()._inject_js_into_html(content, epoch))
        banner = self.failure.banner()
        body = re.search(rb"<body[^>]*>", content)
        if banner and body:
            content = content[: body.end()] + banner + content[body.end():]
        return content


def describe(r) -> str:
    """What a rebuild did, in words that are true: a first build, a full rebuild and why, or the pages changed."""
    seconds = sum(r.timings.values())
    if r.reason == "serve.reason.first":
        return t("serve.built_first", seconds=seconds)
    if r.reason:
        return t("serve.rebuilt_full", seconds=seconds, reason=t(r.reason))
    pages = len([c for c in r.changed if c.endswith(".md")])
    if not r.changed:
        return t("serve.rebuilt_nothing", seconds=seconds)
    return t("serve.rebuilt_dirty", seconds=seconds, pages=pages, files=len(r.changed) - pages)


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted."""
    session = Session(root, root / "site", root / BUILD_DIR)
    failure = Failure()

    def builder() -> None:
        failed_before = bool(failure.lines)
        try:
            r = session.rebuild()
            failure.set([])
            print((t("serve.fixed") if failed_before else "") + describe(r), flush=True)
        except KyyeuError as exc:
            lines = [str(p) for p in exc.problems] or [t("cli.error", message=exc)]
            failure.set(lines)
            for line in lines:
                print(line, flush=True)
            print(t("serve.still_serving", message=exc), flush=True)

    _check_port(host, port)
    builder()
    server = BannerServer(builder=builder, host=host, port=port, root=str(root / "site"))
    server.failure = failure
    # No site yet (the first build failed): the banner on a page of its own instead of "404 Not Found".
    server.error_handler = lambda code: (b"<!doctype html><html><body>" + failure.banner() + b"</body></html>") if failure.lines else None
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    print(t("serve.serving", host=host, port=port), flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        session.close()
