"""Round trip: a Word file (legacy TCVN3 font, legal structure) is imported into a real record,
the site is built, and the converted text and article anchors are on the built page."""
from __future__ import annotations

import pytest


from kyyeu.build.pipeline import build
from kyyeu.cli import main
from kyyeu.load import load

from conftest import copy_repo
from conftest_import import legacy_run, new_document

@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the importer's report and errors in English (the Vietnamese ones: test_messages.py)."""
    monkeypatch.setenv("KYYEU_LANG", "en")



def test_import_then_build_shows_the_text(tmp_path, monkeypatch, capsys):
    repo = copy_repo(tmp_path / "repo")

    doc = new_document()
    p = doc.add_paragraph()
    legacy_run(p, "Hµ Néi, ViÖt Nam", ".VnTime", bold=True)  # TCVN3 bytes for "Hà Nội, Việt Nam"
    doc.add_paragraph("Điều 1. Phạm vi điều chỉnh")
    doc.add_paragraph("1. Luật này quy định về bảo vệ an ninh quốc gia trên không gian mạng.")
    doc.add_paragraph("Điều 2. Giải thích từ ngữ")
    doc.add_paragraph("1. Không gian mạng là mạng lưới kết nối của cơ sở hạ tầng công nghệ thông tin.")
    doc.save(repo / "luat.docx")

    monkeypatch.chdir(repo)
    assert main(["import", "luat.docx", "--into", "papers/documents/24-2018-qh14"]) == 0
    assert "legacy fonts converted" in capsys.readouterr().out
    corpus, problems = load(repo)
    assert problems == []
    text = (repo / "papers/documents/24-2018-qh14/vi.md").read_text(encoding="utf-8")
    assert text.startswith("**Hà Nội, Việt Nam**\n"), text[:80]
    entry = corpus.documents["24-2018-qh14"]
    assert entry.record.attachments[0].file == "luat.docx"

    site = build(repo, tmp_path / "site", tmp_path / "work").site
    html = (site / "documents/24-2018-qh14/index.html").read_text(encoding="utf-8")
    assert "<strong>Hà Nội, Việt Nam</strong>" in html
    assert 'id="dieu-2"' in html and 'id="dieu-2-khoan-1"' in html
    assert "Không gian mạng là mạng lưới kết nối" in html
    assert (site / "documents/24-2018-qh14/luat.docx").is_file()
    # the English page shows the Vietnamese text with the notice
    en = (site / "en/documents/24-2018-qh14/index.html").read_text(encoding="utf-8")
    assert "has not been translated into English yet" in en and 'id="dieu-2-khoan-1"' in en
