"""`kyyeu serve`: build, serve site/ with MkDocs' live-reload server, rebuild when sources change.

Rebuilds go through `session.Session`: unchanged records are not parsed again and MkDocs
re-renders only the pages whose Markdown changed; the search index follows in the background.
A failed rebuild (a record with a problem) is reported and the last good site stays served.
"""
from __future__ import annotations

import logging
import socket
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from ..build.pipeline import BUILD_DIR
from ..errors import KyyeuError
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
            raise KyyeuError(f"cannot serve on {host}:{port}: {exc.strerror}; stop the other server or use `kyyeu serve --port N`") from None


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted."""
    session = Session(root, root / "site", root / BUILD_DIR)

    def builder() -> None:
        try:
            r = session.rebuild()
            how = f"full build: {r.reason}" if r.reason else f"{len(r.changed)} changed file(s)"
            print(f"rebuilt in {sum(r.timings.values()):.1f} s ({how})", flush=True)
        except KyyeuError as exc:
            for problem in exc.problems:
                print(problem, flush=True)
            print(f"error: {exc} — still serving the last good site", flush=True)

    _check_port(host, port)
    builder()
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(root / "site"))
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    print(f"serving on http://{host}:{port}/", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        session.close()
