"""The one command line: `kyyeu check | build | serve | schemas | new | import | ci-summary | bench`.

Every user-facing failure is a KyyeuError: printed as clear lines (file: field: problem), exit
non-zero, no traceback. Every message comes from kyyeu/messages.py: Vietnamese by default, English
with `--lang en` (before or after the command; for `import`, whose own `--lang` is the text's
language, before it) or `KYYEU_LANG=en`. In GitHub Actions each problem is also printed as a
workflow annotation, so that it shows on the pull request's changed line.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import messages
from .errors import KyyeuError
from .messages import add_lang, t


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
            print(t("check.nfc_converted", path=path))
    stale = schemas.stale(root)
    if stale:
        raise KyyeuError(t("check.stale_schemas", files=", ".join(stale)))
    corpus = check(root)
    print(t("check.ok", volumes=len(corpus.volumes), papers=len(corpus.papers), surveys=len(corpus.surveys),
            documents=len(corpus.documents), organisations=len(corpus.organisations), topics=len(corpus.topics),
            points=sum(len(d.record.key_points) for d in corpus.documents.values())))
    for volume in corpus.volumes.values():  # a notice, not an error: what the publisher of the book will ask for
        if not volume.record.isbn:
            print(t("check.notice_isbn", file=volume.file))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """check → generate → MkDocs → site/."""
    from .build.pipeline import build

    report = build(_root(args), Path(args.out) if args.out else None, Path(args.work) if args.work else None)
    stages = ", ".join(t("build.stage", name=k, seconds=v) for k, v in report.timings.items())
    print(t("build.done", pages=report.pages, site=report.site, stages=stages))
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
        print(t("schemas.wrote", path=path))
    if not changed:
        print(t("schemas.up_to_date"))
    return 0


def cmd_ci_summary(args: argparse.Namespace) -> int:
    """Markdown for GitHub's job summary: the check's result, the preview, the import reports."""
    from .ci import summary

    print(summary(_root(args), args.preview, _import_reports(_root(args))))
    return 0


def _import_reports(root: Path) -> list[tuple[str, str]]:
    """(Word file, import report) for every .docx/.doc in papers/, imported into a scratch copy of its folder."""
    import shutil
    import tempfile

    from .errors import rel
    from .importer import import_file

    out = []
    for word in sorted([*(root / "papers").rglob("*.docx"), *(root / "papers").rglob("*.doc")]):
        lang = word.stem if word.stem in ("vi", "en") else "vi"
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / word.parent.name
            shutil.copytree(word.parent, scratch)
            for md in scratch.glob("*.md"):
                md.unlink()
            try:
                text = import_file(scratch / word.name, scratch, lang, True).text()
            except KyyeuError as exc:
                text = "\n".join([str(exc), *map(str, exc.problems)])
        out.append((rel(word, root), text.replace(str(scratch), rel(word.parent, root))))
    return out


def _translate_argparse() -> None:
    """argparse's own words (usage, options, its errors) through the catalogue."""
    def gettext(text: str) -> str:
        key = "argparse." + text
        return t(key) if messages.has(key) else text

    argparse._ = gettext  # argparse looks its module-level `_` up at each call


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, in the current language."""
    _translate_argparse()
    p = argparse.ArgumentParser(prog="kyyeu", description=t("help.description"))
    p.add_argument("--root", default=".", help=t("help.root"))
    p.add_argument("-v", "--verbose", action="store_true", help=t("help.verbose"))
    p.add_argument("--lang", dest="ui_lang", choices=messages.LANGS, default=None, help=t("help.lang"))
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help=t("help.check"), description=t("help.check"))
    c.add_argument("--fix-nfc", action="store_true", help=t("help.fix_nfc"))
    c.set_defaults(func=cmd_check)
    b = sub.add_parser("build", help=t("help.build"), description=t("help.build"))
    b.add_argument("--out", help=t("help.out"))
    b.add_argument("--work", help=t("help.work"))
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help=t("help.serve"), description=t("help.serve"))
    s.add_argument("--host", default="127.0.0.1", help=t("help.host"))
    s.add_argument("--port", type=int, default=8000, help=t("help.port"))
    s.set_defaults(func=cmd_serve)
    sc = sub.add_parser("schemas", help=t("help.schemas"), description=t("help.schemas"))
    sc.set_defaults(func=cmd_schemas)
    ci = sub.add_parser("ci-summary", help=t("help.ci_summary"), description=t("help.ci_summary"))
    ci.add_argument("--preview", default="", metavar="URL", help=t("help.preview"))
    ci.set_defaults(func=cmd_ci_summary)
    for command in (c, b, s, sc, ci):
        add_lang(command)
    from . import bench, importer, new

    for module in (new, importer, bench):
        module.register(sub)
    return p


def _lang_in(argv: list[str]) -> str | None:
    """The `--lang` asked for on the command line: anywhere before `import` (whose `--lang` is the text's)."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "import":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found if found in messages.LANGS else None


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
    argv = sys.argv[1:] if argv is None else list(argv)
    saved = messages._lang, os.environ.get(messages.ENV)
    messages.set_lang(_lang_in(argv) or messages.current())
    try:
        args = parser().parse_args(argv)
        _logging(args.verbose)
        try:
            return args.func(args)
        except KyyeuError as exc:
            report(exc)
            return exc.exit_code
        except KeyboardInterrupt:
            return 130
    finally:  # a test calling main() twice gets the language it asks for each time
        messages._lang = saved[0]
        if saved[1] is None:
            os.environ.pop(messages.ENV, None)
        else:
            os.environ[messages.ENV] = saved[1]


def report(exc: KyyeuError) -> None:
    """Print a failure's problems and message on stderr; in GitHub Actions, also as annotations."""
    from .ci import annotation, in_github_actions

    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(t("cli.error", message=exc), file=sys.stderr)
    if in_github_actions():
        for problem in exc.problems:
            print(annotation(problem), flush=True)
        if not exc.problems:
            print(annotation(None, str(exc)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
