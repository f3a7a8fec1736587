"""CONTRIBUTING.md explains every problem `kyyeu check` can report, in each language's part with that
language's words: the messages are read from the catalogue (kyyeu/messages.py), so a new or reworded
check fails here until the guide covers it. It lists every record type and field, and the path of an
editor with only a browser."""
from __future__ import annotations

import re
import shlex
import string

import pytest

from kyyeu import messages
from kyyeu.cli import parser

from conftest import ROOT

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
#: Stands for the part of a message filled in at run time (an id, a file, a value).
HOLE = r"[^\n`]+?"


VI, EN = GUIDE[GUIDE.index("## Tiếng Việt"):GUIDE.index("## English")], GUIDE[GUIDE.index("## English"):]
SECTIONS = {"vi": VI, "en": EN}


def _pattern(template: str) -> str:
    """A regex for a catalogue template: its fields are holes (a "did you mean" hint may be left out)."""
    out = ""
    for literal, name, _, _ in string.Formatter().parse(template):
        out += re.escape(literal)
        if name and name != "hint":
            out += HOLE
    return out


#: Every problem `kyyeu check` can report: the catalogue's check.*, model.* (validators) and html.* texts.
PROBLEM_KEYS = [k for k in messages.CATALOGUE if k.startswith(("check.", "model.", "html."))
                and not k.endswith(".fix") and k not in ("check.ok", "check.nfc_converted")]


def test_the_extraction_finds_the_checks():
    # Guards the test itself: if the catalogue's shape changes so that nothing is found, say so.
    assert len(PROBLEM_KEYS) >= 45
    assert re.fullmatch(_pattern(messages.CATALOGUE["check.bom"]["en"]), "the file starts with a byte-order mark (BOM)")


@pytest.mark.parametrize("lang", messages.LANGS)
@pytest.mark.parametrize("key", PROBLEM_KEYS)
def test_every_check_message_is_explained(key, lang):
    """The Vietnamese part explains the Vietnamese message, the English part the English one."""
    template = messages.CATALOGUE[key][lang]
    pattern = _pattern(template.split(":")[0] if key == "check.stale_schemas" else template)
    assert re.search(pattern, SECTIONS[lang]), f"CONTRIBUTING.md ({lang}) does not explain {key}: {pattern!r}"


@pytest.mark.parametrize("lang", messages.LANGS)
def test_every_record_type_and_field_is_listed(lang):
    from kyyeu import model as m

    for code, names in m.DOC_TYPES.items():
        assert f"`{code}`" in SECTIONS[lang] and names["vi"] in SECTIONS[lang], code
    for kind, cls in m.MODELS.items():
        for name in cls.model_fields:
            assert f"`{name}`" in SECTIONS[lang] or f"`{name}:`" in SECTIONS[lang], (kind, name)


@pytest.mark.parametrize("lang", messages.LANGS)
def test_the_browser_only_path_matches_what_ci_does(lang):
    """Upload through GitHub's web page, open the pull request, read annotations and the job summary."""
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "kyyeu ci-summary" in ci and "GITHUB_STEP_SUMMARY" in ci
    for needle in ("Add file", "Upload files", "pull request", "Files changed", "Summary", "site-preview", "--lang en"):
        assert needle in SECTIONS[lang], (lang, needle)


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
