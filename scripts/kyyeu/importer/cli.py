"""The `kyyeu import` subcommand."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import KyyeuError
from ..messages import t
from .core import import_file


def register(subparsers) -> argparse.ArgumentParser:
    """Add `import FILE --into DIR [--lang vi|en] [--force]` to an argparse subparsers object."""
    parser = subparsers.add_parser(
        "import",
        help=t("import.help"),
        description=t("import.description"),
    )
    parser.add_argument("file", type=Path, help=t("import.help_file"))
    parser.add_argument("--into", required=True, type=Path, metavar="DIR",
                        help=t("import.help_into"))
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help=t("import.help_lang"))
    parser.add_argument("--force", action="store_true", help=t("import.help_force"))
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the import for parsed arguments; print the report, or the error, and give the exit code."""
    try:
        report = import_file(args.file, args.into, args.lang, args.force)
    except KyyeuError as exc:
        print(t("import.error", detail=exc), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return exc.exit_code
    print(report.text())
    return 0
