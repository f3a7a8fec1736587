"""kyyeu import: bad input fails with exit code 1, a message naming the file, and nothing written."""
from __future__ import annotations

import zipfile

import pytest

from kyyeu.errors import KyyeuError
from kyyeu.importer import import_file

try:
    from conftest_import import cli, make_record, new_document, snapshot
except ImportError:  # tests/ made a package
    from tests.conftest_import import cli, make_record, new_document, snapshot

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the importer's report and errors in English (the Vietnamese ones: test_messages.py)."""
    monkeypatch.setenv("KYYEU_LANG", "en")



def _zip(path, members: dict[str, bytes]) -> None:
    """Write a deflated ZIP with these members."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


MINIMAL = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def _text_as_docx(path):
    path.write_text("Đây là tệp văn bản, không phải Word.\n", encoding="utf-8")


def _encrypted(path):
    # An OLE compound file whose directory names the EncryptedPackage stream, as Word writes it.
    path.write_bytes(OLE_HEADER + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)


def _binary_doc_named_docx(path):
    path.write_bytes(OLE_HEADER + "WordDocument".encode("utf-16-le") + b"\x00" * 64)


def _empty(path):
    path.write_bytes(b"")


def _too_large(path):
    with path.open("wb") as handle:  # sparse: no real disk use
        handle.truncate(50 * 1024 * 1024 + 1)


def _ratio_bomb(path):
    _zip(path, {**MINIMAL, "word/media/bomb.bin": b"\0" * (2 * 1024 * 1024)})


def _size_bomb(path):
    # 210 members of 1,000,000 zero bytes: each under the 1 MB ratio floor, 210 MB in all.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in MINIMAL.items():
            archive.writestr(name, data)
        block = b"\0" * 1_000_000
        for i in range(210):
            archive.writestr(f"word/media/part{i}.bin", block)


def _zip_without_word(path):
    _zip(path, {"[Content_Types].xml": b"<Types/>", "hello.txt": b"hi"})


def _broken_xml(path):
    _zip(path, {**MINIMAL, "word/document.xml": b"<w:document"})


def _pdf_that_is_not(path):
    path.write_bytes(b"<html>not a pdf</html>")


def _unsupported(path):
    path.write_text("a,b\n1,2\n", encoding="utf-8")


CASES = [
    ("ghi-chu.docx", _text_as_docx, "not a Word file"),
    ("mat-khau.docx", _encrypted, "password-protected"),
    ("cu.docx", _binary_doc_named_docx, "rename it to .doc"),
    ("rong.docx", _empty, "empty"),
    ("lon.docx", _too_large, "larger than the 50 MB limit"),
    ("bom-ti-le.docx", _ratio_bomb, "possible zip bomb"),
    ("bom-dung-luong.docx", _size_bomb, "more than the 200 MB limit"),
    ("thieu.docx", _zip_without_word, "no word/document.xml"),
    ("hong.docx", _broken_xml, "could not be read as a Word document"),
    ("gia.pdf", _pdf_that_is_not, "not a PDF"),
    ("bang.csv", _unsupported, "expected .docx, .doc or .pdf"),
]


@pytest.mark.parametrize("name, make, message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_writes_nothing(tmp_path, monkeypatch, capsys, name, make, message):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    make(tmp_path / name)
    before = snapshot(tmp_path)
    assert cli(name, "--into", "papers/hoi-thao-2023/bao-cao") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"kyyeu import: error: {name}: ")
    assert message in captured.err
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in record.iterdir()) == ["paper.yml"]


def test_doc_without_libreoffice_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    make_record(tmp_path)
    (tmp_path / "cu.doc").write_bytes(OLE_HEADER + "WordDocument".encode("utf-16-le"))
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    before = snapshot(tmp_path)
    assert cli("cu.doc", "--into", "papers/hoi-thao-2023/bao-cao") == 1
    err = capsys.readouterr().err
    assert err.startswith("kyyeu import: error: cu.doc: ")
    assert "libreoffice-writer" in err
    assert snapshot(tmp_path) == before


def test_into_must_be_a_record_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trong").mkdir()
    new_document().save(tmp_path / "a.docx")
    assert cli("a.docx", "--into", "trong") == 1
    assert "trong: not a record folder (it has neither paper.yml nor document.yml)" in capsys.readouterr().err
    assert list((tmp_path / "trong").iterdir()) == []


def test_broken_record_yaml_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    (record / "paper.yml").write_text("id: [unclosed\n", encoding="utf-8")
    document = new_document()
    document.add_paragraph("x")
    document.save(tmp_path / "a.docx")
    with pytest.raises(KyyeuError, match="paper.yml: not valid YAML"):
        import_file(tmp_path / "a.docx", record)
    assert sorted(p.name for p in record.iterdir()) == ["paper.yml"]


def test_existing_attachment_with_other_content_needs_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    (record / "a.docx").write_bytes(b"older upload")
    document = new_document()
    document.add_paragraph("x")
    document.save(tmp_path / "a.docx")
    with pytest.raises(KyyeuError, match="a.docx already exists with other content; use --force"):
        import_file(tmp_path / "a.docx", record)
    assert sorted(p.name for p in record.iterdir()) == ["a.docx", "paper.yml"]
