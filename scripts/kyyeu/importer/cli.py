"""The `kyyeu import` subcommand."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import KyyeuError
from .core import import_file


def register(subparsers) -> argparse.ArgumentParser:
    """Add `import FILE --into DIR [--lang vi|en] [--force]` to an argparse subparsers object."""
    parser = subparsers.add_parser(
        "import",
        help="Word (.docx/.doc) file → Markdown full text of a record; PDF → attachment only",
        description=(
            "Convert a Word file into <DIR>/vi.md or en.md (legacy TCVN3/VNI fonts become Unicode, "
            "legal documents get Chương/Điều ids), copy the original into DIR and list it under "
            "attachments: in paper.yml or document.yml."
        ),
    )
    parser.add_argument("file", type=Path, help="the .docx, .doc or .pdf file")
    parser.add_argument("--into", required=True, type=Path, metavar="DIR",
                        help="record folder: papers/<volume>/<paper>/ or papers/documents/<doc-id>/")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the text (default vi)")
    parser.add_argument("--force", action="store_true", help="replace an existing vi.md/en.md and attachment")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the import for parsed arguments; print the report, or the error, and give the exit code."""
    try:
        report = import_file(args.file, args.into, args.lang, args.force)
    except KyyeuError as exc:
        print(f"kyyeu import: error: {exc}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return exc.exit_code
    print(report.text())
    return 0
