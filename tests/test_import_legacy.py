"""kyyeu import: TCVN3 (.VnTime, .VnTimeH) and VNI fonts become Unicode, checked over the whole alphabet."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from kyyeu.importer import legacy

try:
    from conftest_import import cli, legacy_run, make_record, new_document, set_default_font
except ImportError:  # tests/ made a package
    from tests.conftest_import import cli, legacy_run, make_record, new_document, set_default_font

#: Every Vietnamese vowel with ngang, huyền, sắc, hỏi, ngã, nặng, typed out (not computed).
LOWER = [
    "a à á ả ã ạ", "ă ằ ắ ẳ ẵ ặ", "â ầ ấ ẩ ẫ ậ", "e è é ẻ ẽ ẹ", "ê ề ế ể ễ ệ", "i ì í ỉ ĩ ị",
    "o ò ó ỏ õ ọ", "ô ồ ố ổ ỗ ộ", "ơ ờ ớ ở ỡ ợ", "u ù ú ủ ũ ụ", "ư ừ ứ ử ữ ự", "y ỳ ý ỷ ỹ ỵ", "đ",
]
UPPER = [line.upper() for line in LOWER]
#: TCVN3 has capitals only for the base letters; toned capitals need a .Vn…H font.
TCVN3_CAPITALS = "A Ă Â E Ê I O Ô Ơ U Ư Y Đ"

#: Legacy text → Unicode pairs written out from the standards, checking the tables themselves.
TCVN3_KNOWN = {
    "ViÖt Nam": "Việt Nam",
    "§¶ng": "Đảng",
    "Hµ Néi": "Hà Nội",
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam": "Cộng hoà xã hội chủ nghĩa Việt Nam",
    "§éc lËp - Tù do - H¹nh phóc": "Độc lập - Tự do - Hạnh phúc",
    "aµ¸¶·¹ ¨»¾¼½Æ ©ÇÊÈÉË eÌÐÎÏÑ ªÒÕÓÔÖ i×ÝØÜÞ": "aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị",
    "oßãáâä «åèæçé ¬êíëìî uïóñòô \u00adõøö÷ù yúýûüþ ®": "oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ",
    "¡ ¢ £ ¤ ¥ ¦ §": "Ă Â Ê Ô Ơ Ư Đ",
}
VNI_KNOWN = {
    "Vieät Nam": "Việt Nam",
    "Ñaûng": "Đảng",
    "Haø Noäi": "Hà Nội",
    "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Ñoäc laäp - Töï do - Haïnh phuùc": "Độc lập - Tự do - Hạnh phúc",
    "Thaønh phoá Hoà Chí Minh": "Thành phố Hồ Chí Minh",
    "Tröôøng ñaïi hoïc, nöôùc, möôøi, khuyeán, Quoác hoäi": "Trường đại học, nước, mười, khuyến, Quốc hội",
    "aêm ñaéc ñaëc ñaúng ñaüng mì bæ mó chò kyù kyø kyû kyõ kî": "ăm đắc đặc đẳng đẵng mì bỉ mĩ chị ký kỳ kỷ kỹ kỵ",
}

@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the importer's report and errors in English (the Vietnamese ones: test_messages.py)."""
    monkeypatch.setenv("KYYEU_LANG", "en")



def _letters(lines: list[str]) -> list[str]:
    """All letters of some table lines."""
    return [ch for line in lines for ch in line.split()]


# ----- the tables -----

@pytest.mark.parametrize("legacy_text, unicode_text", TCVN3_KNOWN.items())
def test_tcvn3_known_pairs(legacy_text, unicode_text):
    assert legacy.decode_text(legacy_text, "tcvn3") == unicode_text


@pytest.mark.parametrize("legacy_text, unicode_text", VNI_KNOWN.items())
def test_vni_known_pairs(legacy_text, unicode_text):
    assert legacy.decode_text(legacy_text, "vni") == unicode_text


def test_vnimixed_case_base_and_mark():
    # A capital base letter with a lower-case mark (Sentence-case typing) still makes one letter.
    assert legacy.decode_text("Aùnh Ñoàng Öu", "vni") == "Ánh Đồng Ưu"


def test_tables_round_trip_every_letter():
    for letter in _letters(LOWER) + TCVN3_CAPITALS.split():
        assert legacy.decode_text(legacy.encode(letter, "tcvn3"), "tcvn3") == letter
    for letter in _letters(LOWER + UPPER):
        assert legacy.decode_text(legacy.encode(letter, "tcvn3-upper"), "tcvn3-upper") == letter.upper()
        assert legacy.decode_text(legacy.encode(letter, "vni"), "vni") == letter
    # 72 vowel forms and đ, each a distinct legacy code
    assert len({legacy.encode(ch, "tcvn3") for ch in _letters(LOWER)}) == 73


@pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv not installed")
def test_tcvn3_table_matches_glibc_tcvn5712():
    """Our TCVN3 table against glibc's independent TCVN 5712:1993 table, over the VN3 repertoire."""
    for letter in _letters(LOWER) + TCVN3_CAPITALS.split():
        code = legacy.encode(letter, "tcvn3")
        result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=code.encode("latin-1"),
                                capture_output=True, check=True)
        assert unicodedata.normalize("NFC", result.stdout.decode()) == letter, (letter, code)


def test_font_names():
    assert legacy.font_encoding(".VnTime") == "tcvn3"
    assert legacy.font_encoding(".VnArial") == "tcvn3"
    assert legacy.font_encoding(".VnTimeH") == "tcvn3-upper"
    assert legacy.font_encoding(".VnArialH") == "tcvn3-upper"
    assert legacy.font_encoding("VNI-Times") == "vni"
    assert legacy.font_encoding("VNI-Helve") == "vni"
    assert legacy.font_encoding("Times New Roman") is None
    assert legacy.font_encoding(None) is None


# ----- whole documents -----

def _import(tmp_path, monkeypatch, document, name: str) -> tuple[int, str]:
    """Save a document into tmp_path, import it into a fresh paper record, give (exit code, vi.md)."""
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document.save(tmp_path / name)
    code = cli(name, "--into", str(record.relative_to(tmp_path)))
    return code, (record / "vi.md").read_text(encoding="utf-8")


def test_tcvn3_vntime_document(tmp_path, monkeypatch, capsys):
    document = new_document()
    set_default_font(document, ".VnTime")  # the font comes from the document defaults, not the runs
    document.add_paragraph(legacy.encode("Bảng chữ cái tiếng Việt", "tcvn3"))
    for line in LOWER:
        document.add_paragraph(legacy.encode(line, "tcvn3"))
    document.add_paragraph(legacy.encode(TCVN3_CAPITALS, "tcvn3"))
    document.add_paragraph("ViÖt Nam, §¶ng, Hµ Néi")
    code, markdown = _import(tmp_path, monkeypatch, document, "bao-cao-tcvn3.docx")
    assert code == 0
    assert markdown == (
        "Bảng chữ cái tiếng Việt\n\n"
        "a à á ả ã ạ\n\nă ằ ắ ẳ ẵ ặ\n\nâ ầ ấ ẩ ẫ ậ\n\ne è é ẻ ẽ ẹ\n\nê ề ế ể ễ ệ\n\ni ì í ỉ ĩ ị\n\n"
        "o ò ó ỏ õ ọ\n\nô ồ ố ổ ỗ ộ\n\nơ ờ ớ ở ỡ ợ\n\nu ù ú ủ ũ ụ\n\nư ừ ứ ử ữ ự\n\ny ỳ ý ỷ ỹ ỵ\n\nđ\n\n"
        "A Ă Â E Ê I O Ô Ơ U Ư Y Đ\n\n"
        "Việt Nam, Đảng, Hà Nội\n"
    )
    assert unicodedata.is_normalized("NFC", markdown)
    out = capsys.readouterr().out
    assert out == (
        "kyyeu import: bao-cao-tcvn3.docx → papers/hoi-thao-2023/bao-cao/vi.md\n"
        "  converter: python-docx + lxml (own walk over the Word XML; mammoth not used)\n"
        "  structure: plain (Word heading styles only; fewer than 2 “Điều N.” lines)\n"
        "  converted: 0 headings, 0 list items, 0 tables, 0 footnotes, 0 images\n"
        "  title: the Word file has no Title-style line; the page shows title.vi in paper.yml: “Báo cáo tổng kết”\n"
        "  legacy fonts converted to Unicode (phông chữ cũ → Unicode):\n"
        "    .VnTime (TCVN3): 16 runs\n"
        f"  attachment: bao-cao-tcvn3.docx (kind docx, lang vi, sha256 {_sha(tmp_path / 'bao-cao-tcvn3.docx')[:12]}…) "
        "listed in paper.yml\n"
        "  not converted (không chuyển được): nothing\n"
    )


def _sha(path) -> str:
    """SHA-256 of a file."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_tcvn3_uppercase_h_font_document(tmp_path, monkeypatch):
    document = new_document()
    for line in LOWER + UPPER:  # an H font shows lower-case codes (and ASCII of either case) as capitals
        legacy_run(document.add_paragraph(), legacy.encode(line, "tcvn3-upper"), ".VnTimeH")
    legacy_run(document.add_paragraph(), "céng hoµ x· héi chñ nghÜa viÖt nam", ".VnArialH", bold=True)
    code, markdown = _import(tmp_path, monkeypatch, document, "tieu-de.docx")
    assert code == 0
    table = (
        "A À Á Ả Ã Ạ\n\nĂ Ằ Ắ Ẳ Ẵ Ặ\n\nÂ Ầ Ấ Ẩ Ẫ Ậ\n\nE È É Ẻ Ẽ Ẹ\n\nÊ Ề Ế Ể Ễ Ệ\n\nI Ì Í Ỉ Ĩ Ị\n\n"
        "O Ò Ó Ỏ Õ Ọ\n\nÔ Ồ Ố Ổ Ỗ Ộ\n\nƠ Ờ Ớ Ở Ỡ Ợ\n\nU Ù Ú Ủ Ũ Ụ\n\nƯ Ừ Ứ Ử Ữ Ự\n\nY Ỳ Ý Ỷ Ỹ Ỵ\n\nĐ\n\n"
    )
    assert markdown == table + table + "**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"


def test_vni_document(tmp_path, monkeypatch):
    document = new_document()
    for line in LOWER + UPPER:
        legacy_run(document.add_paragraph(), legacy.encode(line, "vni"), "VNI-Times")
    paragraph = document.add_paragraph()
    legacy_run(paragraph, "Vieät Nam, Ñaûng, Haø Noäi; ", "VNI-Times")
    legacy_run(paragraph, "COÄNG HOØA", "VNI-Helve", bold=True)
    code, markdown = _import(tmp_path, monkeypatch, document, "vni.docx")
    assert code == 0
    assert markdown == (
        "a à á ả ã ạ\n\nă ằ ắ ẳ ẵ ặ\n\nâ ầ ấ ẩ ẫ ậ\n\ne è é ẻ ẽ ẹ\n\nê ề ế ể ễ ệ\n\ni ì í ỉ ĩ ị\n\n"
        "o ò ó ỏ õ ọ\n\nô ồ ố ổ ỗ ộ\n\nơ ờ ớ ở ỡ ợ\n\nu ù ú ủ ũ ụ\n\nư ừ ứ ử ữ ự\n\ny ỳ ý ỷ ỹ ỵ\n\nđ\n\n"
        "A À Á Ả Ã Ạ\n\nĂ Ằ Ắ Ẳ Ẵ Ặ\n\nÂ Ầ Ấ Ẩ Ẫ Ậ\n\nE È É Ẻ Ẽ Ẹ\n\nÊ Ề Ế Ể Ễ Ệ\n\nI Ì Í Ỉ Ĩ Ị\n\n"
        "O Ò Ó Ỏ Õ Ọ\n\nÔ Ồ Ố Ổ Ỗ Ộ\n\nƠ Ờ Ớ Ở Ỡ Ợ\n\nU Ù Ú Ủ Ũ Ụ\n\nƯ Ừ Ứ Ử Ữ Ự\n\nY Ỳ Ý Ỷ Ỹ Ỵ\n\nĐ\n\n"
        "Việt Nam, Đảng, Hà Nội; **CỘNG HÒA**\n"
    )


def test_mixed_document_comes_out_all_unicode(tmp_path, monkeypatch, capsys):
    document = new_document()
    document.add_heading("Báo cáo", level=1)  # Unicode, theme font
    legacy_run(document.add_paragraph(style="Heading 2"), "tæng kÕt", ".VnTimeH")
    paragraph = document.add_paragraph()
    legacy_run(paragraph, "Hội nghị ", "Times New Roman")
    legacy_run(paragraph, "tæng kÕt", ".VnTime", bold=True)
    legacy_run(paragraph, " naêm 2023 ", "VNI-Times")
    legacy_run(paragraph, "tại Lào Cai.", "Arial")
    # A VNI letter split over two runs: base "e" in one, mark "ä" in the next (the bold one).
    paragraph = document.add_paragraph()
    legacy_run(paragraph, "Vie", "VNI-Times")
    legacy_run(paragraph, "ät Nam", "VNI-Times", bold=True)
    code, markdown = _import(tmp_path, monkeypatch, document, "hon-hop.docx")
    assert code == 0
    assert markdown == (
        "### Báo cáo\n\n"
        "#### TỔNG KẾT\n\n"
        "Hội nghị **tổng kết** năm 2023 tại Lào Cai.\n\n"
        "Việ**t Nam**\n"
    )
    out = capsys.readouterr().out
    assert "    .VnTime (TCVN3): 1 run\n" in out
    assert "    .VnTimeH (TCVN3, capitals font): 1 run\n" in out
    assert "    VNI-Times (VNI): 3 runs\n" in out


def test_unicode_font_with_tcvn3_bytes_is_reported_not_guessed(tmp_path, monkeypatch, capsys):
    document = new_document()
    legacy_run(document.add_paragraph(), "Hµ Néi", "Times New Roman")
    code, markdown = _import(tmp_path, monkeypatch, document, "mat-phong.docx")
    assert code == 0
    assert markdown == "Hµ Néi\n"
    assert "1 run(s) in a Unicode font look like TCVN3 text that lost its font" in capsys.readouterr().out


def test_letters_without_meaning_in_the_table_are_reported():
    decoded = legacy.decode("25°C Àb", "tcvn3")
    assert "".join(text for text, _ in decoded.pieces) == "25°C Àb"
    assert decoded.unmapped == ["À"]


def test_font_from_paragraph_and_character_styles(tmp_path, monkeypatch):
    document = new_document()
    document.styles["Normal"].font.name = "VNI-Times"  # every body paragraph inherits it
    document.styles["Strong"].font.name = ".VnTime"  # a character style overrides it for its runs
    paragraph = document.add_paragraph("Lôøi noùi ñaàu: ")
    paragraph.add_run("tæng quan", style="Strong")
    code, markdown = _import(tmp_path, monkeypatch, document, "kieu.docx")
    assert code == 0
    assert markdown == "Lời nói đầu: **tổng quan**\n"
