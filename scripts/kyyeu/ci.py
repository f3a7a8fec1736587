"""What `kyyeu` tells GitHub Actions: each problem as a workflow annotation (shown on the pull request's
changed line), and a job summary (`kyyeu ci-summary`: the check's result, the preview, the import
report of every Word file in papers/, which cli.py gathers with the importer)."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem
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


def summary(root: Path, preview: str = "", reports: list[tuple[str, str]] | None = None) -> str:
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
    reports = reports or []
    lines += [f"## {t('ci.summary.imports')}", ""]
    if not reports:
        lines += [t("ci.summary.no_imports"), ""]
    for name, text in reports:
        lines += [f"**{name}**", "", "```", text, "```", ""]
    return "\n".join(lines)
