"""CONTRIBUTING.md explains every problem `kyyeu check` can report: the messages are read from
load.py and model.py, so a new or reworded check fails here until the guide covers it."""
from __future__ import annotations

import ast
import re
import shlex

import pytest

from kyyeu.cli import parser

from conftest import ROOT

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "scripts" / "kyyeu"
#: Stands for the part of a message filled in at run time (an id, a file, a value).
HOLE = r"[^\n`]+?"


def _pattern(node: ast.AST) -> str | None:
    """A regex for a message given as a string literal or an f-string; None when it is not literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else HOLE for v in node.values)
    return None


def load_messages() -> list[str]:
    """Regexes of every problem message load.py emits: col.add(...) calls, _explain's texts, unsafe-HTML names."""
    tree = ast.parse((PACKAGE / "load.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "col"):
            found.append(_pattern(node.args[2]))
        elif isinstance(node, ast.FunctionDef) and node.name == "_explain":
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Tuple):
                    found.append(_pattern(ret.value.elts[0]))
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_UNSAFE_HTML" for t in node.targets):
            found += [_pattern(item.elts[1]) for item in node.value.elts]
    return [p for p in found if p]


def model_messages() -> list[str]:
    """Regexes of the ValueError messages of model.py's validators (reported as they are)."""
    tree = ast.parse((PACKAGE / "model.py").read_text(encoding="utf-8"))
    found = [_pattern(node.exc.args[0]) for node in ast.walk(tree)
             if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
             and getattr(node.exc.func, "id", "") == "ValueError" and node.exc.args]
    return [p for p in found if p]


def test_the_extraction_finds_the_checks():
    # Guards the test itself: if load.py's shape changes so that nothing is found, say so.
    assert len(load_messages()) >= 35
    assert len(model_messages()) >= 7
    assert any(re.fullmatch(p, "the file starts with a byte-order mark (BOM)") for p in load_messages())


@pytest.mark.parametrize("pattern", load_messages() + model_messages())
def test_every_check_message_is_explained(pattern):
    assert re.search(pattern, GUIDE), f"CONTRIBUTING.md does not explain the message matching {pattern!r}"


def test_the_stale_schema_message_is_explained():
    message = "the JSON Schemas in papers/schemas/ are out of date with the model"
    assert message in (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert message in GUIDE


def test_vietnamese_comes_first_then_english():
    vi, en = GUIDE.index("## Tiếng Việt"), GUIDE.index("## English")
    assert vi < en
    for part in (GUIDE[vi:en], GUIDE[en:]):
        for needle in ("kyyeu new paper", "kyyeu import", "--into papers/laocai-2023/", "kyyeu check", "make serve",
                       "pull request", "site-preview", "--fix-nfc", "kyyeu new document"):
            assert needle in part, needle


def test_the_guide_s_kyyeu_new_commands_parse():
    commands = re.findall(r"`\.venv/bin/kyyeu (new [^`]+)`", GUIDE)
    assert len(commands) >= 4
    for command in commands:
        args = parser().parse_args(shlex.split(command))
        assert args.command == "new", command
