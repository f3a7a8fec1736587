"""What `kyyeu` tells GitHub Actions: each problem as a workflow annotation (shown on the pull request's
changed line), and a job summary (`kyyeu ci-summary`: the check's result, the preview, the import
report of every Word file in papers/)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import KyyeuError, Problem, rel
from .messages import t


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem | None, message: str = "") -> str:
    """`::error file=…,line=…,title=…::message` for one problem (or a message with no file)."""
    if problem is None:
        return f"::error::{_data(message)}"
    props = [f"file={_prop(problem.file)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    props.append(f"title={_prop(problem.field or '(file)')}")
    text = problem.message + (" " + t("problem.expected", what=problem.expected) if problem.expected else "")
    return f"::error {','.join(props)}::{_data(text)}"


def _import_reports(root: Path) -> list[tuple[str, str]]:
    """(Word file, import report) for every .docx/.doc in papers/, imported into a scratch copy of its folder."""
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
                report = import_file(scratch / word.name, scratch, lang, True).text()
            except KyyeuError as exc:
                report = "\n".join([str(exc), *map(str, exc.problems)])
        out.append((rel(word, root), report.replace(str(scratch), rel(word.parent, root))))
    return out


def summary(root: Path, preview: str = "") -> str:
    """The job summary in Markdown: Vietnamese and English headings, the current language's messages."""
    from .load import load

    corpus, problems = load(root)
    lines = [f"## {t('ci.summary.title')}", ""]
    if problems:
        lines += [t("ci.summary.problems", count=len(problems)), "", "```", *map(str, problems), "```", ""]
    else:
        lines += [t("ci.summary.ok", detail=t("check.ok", volumes=len(corpus.volumes), papers=len(corpus.papers),
                                                 surveys=len(corpus.surveys), documents=len(corpus.documents),
                                                 organisations=len(corpus.organisations))), ""]
    lines += [f"## {t('ci.summary.preview')}", ""]
    lines += [t("ci.summary.preview_link", url=preview) if preview else t("ci.summary.no_preview"), ""]
    reports = _import_reports(root)
    lines += [f"## {t('ci.summary.imports')}", ""]
    if not reports:
        lines += [t("ci.summary.no_imports"), ""]
    for name, text in reports:
        lines += [f"**{name}**", "", "```", text, "```", ""]
    return "\n".join(lines)
