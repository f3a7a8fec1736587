"""The loader and validator: every malformed record gives one clear line naming file and field,
exit code 1, and no traceback."""
from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

import pytest

from kyyeu.cli import main

from conftest import ROOT

PAPER = "papers/laocai-2023/cong-an/paper.yml"
DOC = "papers/documents/24-2018-qh14/document.yml"
VOLUME = "papers/laocai-2023/volume.yml"
ORGS = "papers/organisations.yml"
SURVEY = "papers/laocai-2023/survey.yml"


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the real records to break."""
    shutil.copytree(ROOT / "papers", tmp_path / "papers")
    return tmp_path


def check(repo: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(repo), "--lang", "en", "check"])
    out = capsys.readouterr()
    return code, out.out + out.err


def edit(repo: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(repo: Path, rel: str, text: str) -> None:
    with (repo / rel).open("a", encoding="utf-8") as f:
        f.write(text)


def attach(repo: Path, name: str, sha: str | None = None) -> None:
    append(repo, PAPER, f"attachments:\n  - file: {name}\n    kind: pdf\n    sha256: {sha or '0' * 64}\n")


def test_real_records_are_valid(repo, capsys):
    code, out = check(repo, capsys)
    assert code == 0, out
    assert "4 paper(s)" in out and "9 document(s)" in out


# (id, breaker, file, field, words in the message)
CASES = [
    ("bad-yaml", lambda r: edit(r, PAPER, "order: 3", "order: [3"), PAPER, "(file)", "YAML syntax error"),
    ("wrong-type", lambda r: edit(r, PAPER, "order: 3", "order: first"), PAPER, "order", "integer"),
    ("missing-field", lambda r: edit(r, PAPER, "  en: \"Communication", "  xx: \"Communication"), PAPER, "title.en", "required"),
    ("unknown-field", lambda r: edit(r, PAPER, "title_is_topic:", "title_is_topik:"), PAPER, "title_is_topik", "unknown field"),
    ("unknown-org", lambda r: edit(r, PAPER, "contributors: [cong-an-lao-cai]", "contributors: [cong-an-ha-noi]"), PAPER, "contributors[0]", "unknown organisation id 'cong-an-ha-noi'"),
    ("unknown-document", lambda r: edit(r, "papers/documents/116-2025-qh15/document.yml", "target: 24-2018-qh14", "target: 24-2019-qh14"), "papers/documents/116-2025-qh15/document.yml", "relations[0].target", "unknown document id"),
    ("unknown-guidance", lambda r: edit(r, VOLUME, "guidance: [67-2006-qh11,", "guidance: [67-2006-qh12,"), VOLUME, "guidance[0]", "unknown document id '67-2006-qh12'"),
    ("duplicate-org-id", lambda r: append(r, ORGS, "  - id: bao-lao-cai\n    name: {vi: Báo khác, en: Another paper}\n    kind: press\n    place: provincial\n"), ORGS, "organisations[9].id", "duplicate id 'bao-lao-cai'"),
    ("duplicate-order", lambda r: edit(r, PAPER, "order: 3", "order: 1"), PAPER, "order", "also used by"),
    ("id-not-folder", lambda r: edit(r, PAPER, "id: cong-an", "id: cong-an-tinh"), PAPER, "id", "differs from its folder name"),
    ("bad-date", lambda r: edit(r, DOC, "issued: 2018-06-12", "issued: 2018-13-45"), DOC, "issued", "not a valid date"),
    ("date-order", lambda r: edit(r, DOC, "effective: 2019-01-01", "effective: 2017-01-01"), DOC, "effective", "before the issue date"),
    ("number-vs-id", lambda r: edit(r, DOC, "number: 24/2018/QH14", "number: 25/2018/QH14"), DOC, "number", "does not match the id"),
    ("bad-id", lambda r: edit(r, ORGS, "id: bao-lao-cai", "id: Báo_Lào_Cai"), ORGS, "organisations[1].id", "not a valid id"),
    ("not-allowed-value", lambda r: edit(r, PAPER, "state: awaiting", "state: draft"), PAPER, "status[0].state", "'draft' is not allowed"),
    ("not-nfc", lambda r: edit(r, PAPER, "Công tác tuyên truyền", unicodedata.normalize("NFD", "Công tác tuyên truyền")), PAPER, "title.vi", "not in Unicode NFC"),
    ("bom", lambda r: (r / PAPER).write_bytes(b"\xef\xbb\xbf" + (r / PAPER).read_bytes()), PAPER, "(file)", "byte-order mark"),
    ("crlf", lambda r: (r / PAPER).write_bytes((r / PAPER).read_bytes().replace(b"\n", b"\r\n")), PAPER, "(file)", "CRLF"),
    ("not-utf8", lambda r: (r / PAPER).write_bytes((r / PAPER).read_bytes().replace("Công".encode(), "Công".encode("cp1258"), 1)), PAPER, "(file)", "not valid UTF-8"),
    ("no-schema-line", lambda r: edit(r, PAPER, "# yaml-language-server: $schema=../../schemas/paper.schema.json\n", ""), PAPER, "(file)", "JSON Schema"),
    ("duplicate-key", lambda r: append(r, PAPER, "order: 9\n"), PAPER, "order", "given twice"),
    ("script-in-markdown", lambda r: (r / "papers/laocai-2023/cong-an/vi.md").write_text("# Toàn văn\n\n<script>alert(1)</script>\n", encoding="utf-8"), "papers/laocai-2023/cong-an/vi.md", "(file)", "<script>"),
    ("event-attr-in-markdown", lambda r: (r / "papers/laocai-2023/cong-an/en.md").write_text('Text <img src=x onerror="alert(1)">\n', encoding="utf-8"), "papers/laocai-2023/cong-an/en.md", "(file)", "event-handler attribute onerror="),
    ("iframe-in-yaml", lambda r: edit(r, VOLUME, "  vi: |\n    Chủ trì hội thảo", "  vi: |\n    <iframe src=x></iframe>\n    Chủ trì hội thảo"), VOLUME, "opening.vi", "<iframe>"),
    ("javascript-link", lambda r: append(r, PAPER, "abstract:\n  vi: \"[bấm](javascript:alert(1))\"\n"), PAPER, "abstract.vi", "javascript:"),
    ("missing-attachment", lambda r: attach(r, "toan-van.pdf"), PAPER, "attachments[0].file", "attached file not found"),
    ("path-leaves-repo", lambda r: attach(r, "../../etc/passwd"), PAPER, "attachments[0].file", "leaves the record's folder"),
    ("absolute-path", lambda r: attach(r, "/etc/passwd"), PAPER, "attachments[0].file", "leaves the record's folder"),
    ("checksum", lambda r: ((r / "papers/laocai-2023/cong-an/a.pdf").write_bytes(b"%PDF-1.4"), attach(r, "a.pdf")), PAPER, "attachments[0].sha256", "checksum does not match"),
    ("bad-sha-form", lambda r: ((r / "papers/laocai-2023/cong-an/a.pdf").write_bytes(b"%PDF-1.4"), attach(r, "a.pdf", "xyz")), PAPER, "attachments[0].sha256", "does not have the right form"),
    ("blank-title", lambda r: edit(r, DOC, "  vi: Luật An ninh mạng", '  vi: "   "'), DOC, "title.vi", "does not have the right form"),
    ("generated-name", lambda r: ((r / "papers/laocai-2023/cong-an/cite.bib").write_text("x"), attach(r, "cite.bib")), PAPER, "attachments[0].file", "one the site generates"),
    ("empty-title", lambda r: edit(r, DOC, "  vi: Luật An ninh mạng", '  vi: ""'), DOC, "title.vi", "at least 1 character"),
    ("percent-range", lambda r: edit(r, SURVEY, "percent: 93.7", "percent: 193.7"), SURVEY, "results[0].percent", "less than or equal to 100"),
    ("relation-both", lambda r: edit(r, "papers/documents/116-2025-qh15/document.yml", "target: 24-2018-qh14", "target: 24-2018-qh14\n    number: 24/2018/QH14"), "papers/documents/116-2025-qh15/document.yml", "relations[0]", "exactly one of"),
    ("folder-without-record", lambda r: (r / "papers/laocai-2023/bai-moi").mkdir(), "papers/laocai-2023/bai-moi", "(file)", "no paper.yml"),
    ("missing-registry", lambda r: (r / ORGS).unlink(), ORGS, "(file)", "registry is missing"),
    ("not-a-mapping", lambda r: (r / PAPER).write_text("# yaml-language-server: $schema=../../schemas/paper.schema.json\n- a\n- b\n", encoding="utf-8"), PAPER, "(file)", "mapping"),
]


@pytest.mark.parametrize("breaker,file,field,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_record(repo, capsys, breaker, file, field, words):
    breaker(repo)
    code, out = check(repo, capsys)
    assert code == 1, out
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if line.startswith(file)]
    assert lines, f"no line names {file}:\n{out}"
    assert any(f": {field}: " in line and words in line for line in lines), f"expected field {field!r} and {words!r} in:\n{out}"


def test_problem_lines_give_line_numbers(repo, capsys):
    edit(repo, PAPER, "order: 3", "order: first")
    _, out = check(repo, capsys)
    line = next(x for x in out.splitlines() if ": order: " in x)
    assert line.startswith(f"{PAPER}:5: order: "), line  # order is on line 5 of the record


def test_all_problems_reported_in_one_run(repo, capsys):
    edit(repo, PAPER, "order: 3", "order: first")
    edit(repo, DOC, "issued: 2018-06-12", "issued: 2018-13-45")
    _, out = check(repo, capsys)
    assert PAPER in out and DOC in out


def test_valid_attachment_passes(repo, capsys):
    data = b"%PDF-1.4 test"
    (repo / "papers/laocai-2023/cong-an/toan-van.pdf").write_bytes(data)
    attach(repo, "toan-van.pdf", hashlib.sha256(data).hexdigest())
    code, out = check(repo, capsys)
    assert code == 0, out


def test_fix_nfc_repairs_text(repo, capsys):
    edit(repo, PAPER, "Công tác tuyên truyền", unicodedata.normalize("NFD", "Công tác tuyên truyền"))
    code = main(["--root", str(repo), "check", "--fix-nfc", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0 and "converted to NFC" in out


def test_stale_schema_is_reported(repo, capsys):
    (repo / "papers/schemas/paper.schema.json").write_text("{}\n", encoding="utf-8")
    code, out = check(repo, capsys)
    assert code == 1 and "kyyeu schemas" in out and "Traceback" not in out


def test_committed_schemas_match_model():
    from kyyeu.schemas import stale

    assert stale(ROOT) == []


def test_every_record_names_its_schema_and_schema_validates_it():
    """The committed JSON Schemas accept the real records (what an editor's IDE checks while typing)."""
    import json

    import jsonschema
    import yaml

    from kyyeu.load import _Loader

    schemas = {p.name.split(".")[0]: json.loads(p.read_text()) for p in (ROOT / "papers/schemas").glob("*.schema.json")}
    files = {"organisations": [ROOT / ORGS], "volume": list(ROOT.glob("papers/*/volume.yml")), "paper": list(ROOT.glob("papers/*/*/paper.yml")),
             "document": list(ROOT.glob("papers/documents/*/document.yml")), "survey": list(ROOT.glob("papers/*/survey.yml"))}
    for kind, paths in files.items():
        assert paths, kind
        for path in paths:
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            assert first.endswith(f"schemas/{kind}.schema.json"), path
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
            jsonschema.validate(data, schemas[kind])
