"""The one command line: `kyyeu check | build | serve | schemas | new | import | bench`.

Every user-facing failure is a KyyeuError: printed as clear lines (file: field: problem), exit
non-zero, no traceback.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import KyyeuError


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every record and the links between them."""
    from . import schemas
    from .load import check

    root = _root(args)
    if args.fix_nfc:
        from .fix import fix_nfc

        for path in fix_nfc(root):
            print(f"converted to NFC: {path}")
    stale = schemas.stale(root)
    if stale:
        raise KyyeuError("the JSON Schemas in papers/schemas/ are out of date with the model: run `kyyeu schemas` and commit them: " + ", ".join(stale))
    corpus = check(root)
    print(f"ok: {len(corpus.volumes)} volume(s), {len(corpus.papers)} paper(s), {len(corpus.surveys)} survey(s), "
          f"{len(corpus.documents)} document(s), {len(corpus.organisations)} organisation(s)")
    for volume in corpus.volumes.values():  # a notice, not an error: what the publisher of the book will ask for
        if not volume.record.isbn:
            print(f"notice: {volume.file}: isbn: no ISBN yet; the printed book's colophon leaves it out")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """check → generate → MkDocs → site/."""
    from .build.pipeline import build

    report = build(_root(args), Path(args.out) if args.out else None, Path(args.work) if args.work else None)
    stages = ", ".join(f"{k} {v:.2f} s" for k, v in report.timings.items())
    print(f"built {report.pages} pages into {report.site} ({stages})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve on http://HOST:PORT, rebuild and reload when records, docs or theme change."""
    from .serve.server import serve

    serve(_root(args), args.host, args.port)
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    """Write the JSON Schemas generated from the model into papers/schemas/."""
    from .schemas import write_all

    changed = write_all(_root(args))
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print("schemas are up to date")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    p = argparse.ArgumentParser(prog="kyyeu", description="Kỷ yếu: records in papers/ → a bilingual static site.")
    p.add_argument("--root", default=".", help="repository root (default: current folder)")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate every record")
    c.add_argument("--fix-nfc", action="store_true", help="convert records' text to NFC in place first")
    c.set_defaults(func=cmd_check)
    b = sub.add_parser("build", help="check and build the site into site/")
    b.add_argument("--out", help="site folder to write (default: site/)")
    b.add_argument("--work", help="folder for generated Markdown and the site being built (default: .build/)")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="build and serve with live reload")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    sub.add_parser("schemas", help="regenerate papers/schemas/ from the model").set_defaults(func=cmd_schemas)
    from . import bench, importer, new

    for module in (new, importer, bench):
        module.register(sub)
    return p


def _logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    for name in ("mkdocs", "kyyeu"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        logger.propagate = False


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser().parse_args(argv)
    _logging(args.verbose)
    try:
        return args.func(args)
    except KyyeuError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
