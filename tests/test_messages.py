"""Every message of `kyyeu` in Vietnamese (by default) and English (`--lang en`, KYYEU_LANG=en), from
one catalogue (kyyeu/messages.py); and the five typical mistakes of an editor each give one line that
names file, line, field, what is wrong and the fix, all in one run."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from kyyeu import messages
from kyyeu.cli import main

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "kyyeu"

# The five mistakes of issue 17, one file each: (file, how to make it, the Vietnamese line, the English line).
D = "papers/documents"
MISTAKES = [
    (f"{D}/15-2020-nd-cp/document.yml", ("effective:", "efective:"),
     f"{D}/15-2020-nd-cp/document.yml:12: efective: trường lạ `efective` (có phải ý bạn là `effective`?)",
     f"{D}/15-2020-nd-cp/document.yml:12: efective: unknown field `efective` (did you mean `effective`?)"),
    (f"{D}/67-2006-qh11/document.yml", ("issuer: quoc-hoi\n", ""),
     f"{D}/67-2006-qh11/document.yml:9: issuer: thiếu trường bắt buộc `issuer` (cần thêm một dòng như `issuer: ",
     f"{D}/67-2006-qh11/document.yml:9: issuer: required field `issuer` is missing (expected a line such as `issuer: "),
    (f"{D}/24-2018-qh14/document.yml", ("title:\n  vi:", "title:\n\tvi:"),
     f"{D}/24-2018-qh14/document.yml:7: title.vi: có ký tự Tab ở dòng 7, cột 1: YAML chỉ thụt lề bằng dấu cách (cần 2 dấu cách thay cho Tab",
     f"{D}/24-2018-qh14/document.yml:7: title.vi: a tab character at line 7, column 1: YAML indents with spaces only (expected 2 spaces instead of the tab"),
    (f"{D}/116-2025-qh15/document.yml", ("target: 24-2018-qh14", "target: 24-2018-qh41"),
     f"{D}/116-2025-qh15/document.yml:19: relations[0].target: không có văn bản mã '24-2018-qh41' (có phải ý bạn là `24-2018-qh14`?) (cần tên một thư mục trong papers/documents/",
     f"{D}/116-2025-qh15/document.yml:19: relations[0].target: unknown document id '24-2018-qh41' (did you mean `24-2018-qh14`?) (expected the id of a folder in papers/documents/"),
    (f"{D}/72-2013-nd-cp/document.yml", ("type: decree", "type: decre"),
     f"{D}/72-2013-nd-cp/document.yml:5: type: 'decre' không được phép (có phải ý bạn là `decree`?) (cần một trong: `law`, `decree`",
     f"{D}/72-2013-nd-cp/document.yml:5: type: 'decre' is not allowed (did you mean `decree`?) (expected one of `law`, `decree`"),
]


@pytest.fixture
def broken(tmp_path) -> Path:
    shutil.copytree(ROOT / "papers", tmp_path / "papers")
    for file, (old, new), _, _ in MISTAKES:
        path = tmp_path / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, (out.out + out.err).splitlines()


@pytest.mark.parametrize("how, column", [(("--lang", "vi"), 2), ((), 2), (("--lang", "en"), 3)], ids=["vi", "default", "en"])
def test_five_mistakes_one_line_each_in_one_run(broken, capsys, monkeypatch, how, column):
    monkeypatch.delenv("KYYEU_LANG", raising=False)
    code, lines = run(capsys, "--root", str(broken), "check", *how)
    assert code == 1
    problems = [line for line in lines if line.startswith("papers/")]
    assert len(problems) == len(MISTAKES), "\n".join(lines)
    for mistake in MISTAKES:
        file, expected = mistake[0], mistake[column]
        mine = [line for line in problems if line.startswith(file + ":")]
        assert len(mine) == 1 and mine[0].startswith(expected), f"{mine}\n!= {expected}"
    assert lines[-1] == ("error: 5 problem(s) in papers/" if column == 3 else "lỗi: 5 vấn đề trong papers/")


def test_the_environment_chooses_english(broken, capsys, monkeypatch):
    monkeypatch.setenv("KYYEU_LANG", "en")
    _, lines = run(capsys, "--root", str(broken), "check")
    assert any(line.startswith(MISTAKES[0][3]) for line in lines), lines


def test_every_problem_of_a_file_in_one_pass(tmp_path, capsys):
    """Four mistakes in one document, the bad relation among them: one run reports all four."""
    shutil.copytree(ROOT / "papers", tmp_path / "papers")
    path = tmp_path / D / "147-2024-nd-cp" / "document.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in [("effective:", "efective:"), ("issuer: chinh-phu\n", ""), ("type: decree", "type: decre"),
                     ("target: 72-2013-nd-cp", "target: 72-2031-nd-cp")]:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    _, lines = run(capsys, "--root", str(tmp_path), "--lang", "en", "check")
    fields = sorted(line.split(": ")[1] for line in lines if line.startswith(f"{D}/147-2024-nd-cp/"))
    assert fields == ["efective", "issuer", "relations[0].target", "type"], lines


def test_annotations_in_github_actions(broken, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, lines = run(capsys, "--root", str(broken), "check")
    notes = [line for line in lines if line.startswith("::error ")]
    assert len(notes) == len(MISTAKES)
    assert (f"::error file={D}/72-2013-nd-cp/document.yml,line=5,title=type::'decre' không được phép (có phải ý bạn là `decree`?)"
            in "\n".join(notes))


def test_help_in_both_languages(capsys):
    for args, words in [(("--help",), ["cách dùng: kyyeu", "tuỳ chọn:", "kiểm tra mọi bản ghi"]),
                        (("--lang", "en", "--help"), ["usage: kyyeu", "options:", "validate every record"]),
                        (("new", "paper", "--help"), ["cách dùng:", "mã tập"]),
                        (("new", "paper", "--lang", "en", "--help"), ["usage:", "volume id"])]:
        with pytest.raises(SystemExit):
            main(list(args))
        out = capsys.readouterr().out
        for word in words:
            assert word in out, (args, word, out)


# --- the catalogue ---------------------------------------------------------------------------------


def test_every_key_has_both_languages_with_the_same_fields():
    assert len(messages.CATALOGUE) > 100
    for key, texts in messages.CATALOGUE.items():
        assert set(texts) == set(messages.LANGS), key
        assert all(texts[lang].strip() for lang in messages.LANGS), key
        assert messages.fields_of(texts["vi"]) == messages.fields_of(texts["en"]), key


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


#: The modules whose messages an editor reads (check, build, serve, new, import, --help).
EDITOR_FACING = ["cli.py", "load.py", "model.py", "new.py", "ci.py", "serve/server.py", "build/mkdocs.py",
                 "importer/checks.py", "importer/cli.py", "importer/core.py", "importer/docx2md.py", "importer/legal.py",
                 "importer/libreoffice.py", "importer/record.py", "importer/report.py", "importer/source.py"]


@pytest.mark.parametrize("module", EDITOR_FACING)
def test_messages_come_from_the_catalogue(module):
    """No literal text is printed, raised or given as help; each key named exists."""
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    for call in _calls(tree):
        name = _name(call.func)
        if name == "t" and call.args and isinstance(call.args[0], ast.Constant):
            assert messages.has(call.args[0].value), f"{module}: unknown key {call.args[0].value!r}"
        if name == "add" and _name(getattr(call.func, "value", None)) == "col":
            key = call.args[2]
            keys = [key.body, key.orelse] if isinstance(key, ast.IfExp) else [key]
            for k in keys:
                assert isinstance(k, ast.Constant) and messages.has(k.value), f"{module}:{call.lineno}: col.add needs a catalogue key"
        texts = []
        if name in ("KyyeuError", "ValueError", "print"):
            texts = call.args[:1]
        texts += [kw.value for kw in call.keywords if kw.arg in ("help", "description")]
        for node in texts:
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and any(c.isalpha() for c in node.value)
            fstring = isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.Constant) and any(c.isalpha() for c in v.value) for v in node.values)
            assert not (literal or fstring), f"{module}:{call.lineno}: {name}(…) with text not from the catalogue"


def test_record_comments_are_in_both_languages():
    """Every comment of the committed records (a line's comment, or a block of comment lines) has Vietnamese."""
    import re

    vietnamese = re.compile(r"[ăâđêôơưạảãàáậầấẩẫắằặẳẵềếểễệồốổỗộờớởỡợừứửữựìíỉĩịùúủũụỳýỷỹỵòóỏõọèéẻẽẹ]", re.I)
    for path in sorted((ROOT / "papers").rglob("*.yml")):
        block: list[str] = []
        for line in path.read_text(encoding="utf-8").split("\n")[1:] + [""]:
            comment = line.split("  # ", 1)[1] if "  # " in line and not line.lstrip().startswith("#") else None
            if comment is not None:
                assert vietnamese.search(comment), f"{path}: {line}"
            if line.lstrip().startswith("#"):
                block.append(line)
            elif block:
                assert vietnamese.search(" ".join(block)), f"{path}: {block}"
                block = []


def test_import_speaks_vietnamese_by_default(tmp_path, capsys, monkeypatch):
    """`kyyeu import` in Vietnamese unless asked otherwise: an error and the report, with the file named first."""
    import docx
    from conftest_import import cli, make_record

    monkeypatch.delenv("KYYEU_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    folder = make_record(tmp_path)
    assert cli("khong-co.docx", "--into", str(folder)) == 1
    assert "kyyeu import: lỗi: khong-co.docx: không có tệp này" in capsys.readouterr().err
    doc = docx.Document()
    doc.add_heading("Mở đầu", 1)
    doc.add_paragraph("Nội dung tham luận.")
    doc.save(tmp_path / "bai.docx")
    assert cli("bai.docx", "--into", str(folder)) == 0
    out = capsys.readouterr().out
    assert out.startswith("kyyeu import: bai.docx → ") and "\n  đã chuyển: 1 đề mục" in out and "\n  tệp đính kèm: " in out
