"""The Vietnamese normaliser (kyyeu.text): NFC/NFD, both tone placements, đ/Đ and its look-alikes,
zero-width characters; the search index's form of text and the query form, and the browser's port of
the query form (docs/assets/search.js), which must give the same output as Python on the same words."""
from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kyyeu.text import (STROKE, compare_key, index_text, is_nfc, nfc, search_key, search_query, slugify, strip_marks,
                        tone_fold, unindex_text)

ROOT = Path(__file__).resolve().parent.parent
SEARCH_JS = ROOT / "docs" / "assets" / "search.js"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]

# --- NFC / NFD --------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["mạng xã hội", "Đảng viên", "hoà bình", "thủy lợi", "xấu độc", "Luật An ninh mạng", "Nghị định 72/2013/NĐ-CP"])
def test_nfd_text_is_stored_composed(word):
    assert nfd(word) != word  # the test really feeds decomposed text
    assert nfc(nfd(word)) == word
    assert is_nfc(nfc(nfd(word)))
    assert not is_nfc(nfd(word))


def test_nfd_and_nfc_give_one_search_key_and_one_index_form():
    for word in ["mạng xã hội", "Đảng viên", "hòa", "hoà", "thuỷ", "ĐẢNG VIÊN"]:
        assert search_key(nfd(word)) == search_key(word)
        assert index_text(nfd(word)) == index_text(word)
        assert search_query(nfd(word)) == search_query(word)
        assert compare_key(nfd(word)) == compare_key(word)


# --- tone placement ---------------------------------------------------------------------------------


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("Hòa bình", "Hoà bình"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("hóa", "hoá"),
    ("tỉnh ủy", "tỉnh uỷ"), ("Ủy viên", "Uỷ viên"), ("họa", "hoạ"), ("thúy", "thuý"), ("lòe", "loè"),
])
def test_both_tone_placements_meet(old, new):
    assert tone_fold(old) == new
    assert tone_fold(new) == new
    assert compare_key(old) == compare_key(new)
    assert compare_key(nfd(old)) == compare_key(new)
    assert search_key(old) == search_key(new)


@pytest.mark.parametrize("word", ["hoàn", "khoảng", "quý", "thuyền", "toàn", "Nguyễn", "hòa"])
def test_tone_fold_leaves_closed_syllables_and_qu_alone(word):
    # closed syllables (hoàn, khoảng, thuyền) have one correct placement; "quý" is qu + ý
    folded = tone_fold(word)
    if word == "hòa":
        assert folded == "hoà"
    else:
        assert folded == word


def test_tone_fold_keeps_vowel_marks_and_case():
    assert tone_fold("HÒA") == "HOÀ"
    assert tone_fold("Thủy Lợi") == "Thuỷ Lợi"
    assert tone_fold("ươ ơ ư ă â ê ô") == "ươ ơ ư ă â ê ô"


# --- đ, Đ and look-alikes ---------------------------------------------------------------------------


def test_d_with_stroke_is_folded_to_d():
    assert strip_marks("Đảng viên địa phương") == "Dang vien dia phuong"
    assert search_key("ĐẢNG VIÊN") == "dang vien"
    assert search_key("Địa phương") == "dia phuong"
    assert slugify("72/2013/NĐ-CP") == "72-2013-nd-cp"
    assert slugify("874/QĐ-BTTTT") == "874-qd-btttt"


@pytest.mark.parametrize("lookalike, real", [("\u00d0", "Đ"), ("\u0189", "Đ"), ("\u00f0", "đ")])
def test_eth_and_african_d_are_read_as_d_with_stroke(lookalike, real):
    text = f"{lookalike}ảng viên"
    assert nfc(text) == f"{real}ảng viên"
    assert search_key(text) == "dang vien"
    assert search_query(text) == ("Dảng viên" if real == "Đ" else "dảng viên")
    assert index_text(text) == index_text(f"{real}ảng viên")
    assert slugify(f"72/2013/N{lookalike}-CP") == "72-2013-nd-cp"


# --- zero-width and invisible characters ------------------------------------------------------------


@pytest.mark.parametrize("zw", ZW)
def test_zero_width_characters_are_dropped(zw):
    word = f"mạng{zw} xã{zw}hội"
    assert nfc(word) == "mạng xãhội"
    assert search_key(f"mạng{zw} xã hội") == "mang xa hoi"
    assert search_query(f"Đảng{zw} viên") == "Dảng viên"
    assert index_text(f"{zw}Đảng") == f"D{STROKE}ảng"
    assert slugify(f"72/2013/N{zw}Đ-CP") == "72-2013-nd-cp"


# --- index form and query form ----------------------------------------------------------------------


def test_index_text_writes_the_stroke_as_a_combining_mark_and_round_trips():
    assert index_text("Đảng viên, địa phương") == f"D{STROKE}ảng viên, d{STROKE}ịa phương"
    for text in ["Đảng viên", "72/2013/NĐ-CP", "Địa bàn tỉnh; đường dây nóng", "no d-stroke at all", nfd("Đồng Đăng")]:
        assert unindex_text(index_text(text)) == nfc(text)
    # what Pagefind's mark folding leaves of the index form is the search key
    folded = "".join(c for c in unicodedata.normalize("NFD", index_text("Đảng viên địa phương")) if not unicodedata.combining(c))
    assert folded.lower() == search_key("Đảng viên địa phương")


def test_search_query_keeps_marks_but_not_the_stroke():
    assert search_query("  mạng   xã\thội ") == "mạng xã hội"
    assert search_query("ĐẢNG VIÊN") == "DẢNG VIÊN"
    assert search_query("72/2013/NĐ-CP") == "72/2013/ND-CP"
    assert search_query(nfd("hòa bình")) == "hòa bình"
    assert search_query("qd 874") == "qd 874"


def test_existing_keys_are_unchanged():
    # load.py, model.py and the importer rely on these
    assert slugify("Công an") == "cong-an"
    assert slugify("24/2018/QH14") == "24-2018-qh14"
    assert search_key("Luật An Ninh Mạng") == "luat an ninh mang"
    assert compare_key("Luật An Ninh Mạng") == "luật an ninh mạng"


# --- the browser's port -----------------------------------------------------------------------------

#: Words the Python and JavaScript query forms must agree on.
PARITY_WORDS = [
    "mạng xã hội", "mang xa hoi", "Đảng viên", "ĐẢNG VIÊN", "đảng viên", "dang vien", "hòa", "hoà", "thủy", "thuỷ",
    "Luật An Ninh Mạng", "72/2013/NĐ-CP", "nd-cp 72 2013", "874/QĐ-BTTTT", "qd 874", "24/2018/QH14", "147/2024",
    "\u00d0ảng viên", "\u0189ịa phương", "\u00f0ồng", "mạng\u200b xã hội", "Đ\u200cảng", "thông\u00adtin", "\ufeffzalo",
    "  tiktok \t facebook\n", "Dương Đức Huy", "cybersecurity law", "labour federation", "x\u00a0y", "a\u2003b",
    "", "   ", "Xu hướng, ứng xử", "Lào Cai", "TỈNH ỦY", "khỏe", "khoẻ", "🙂 emoji", "ngoặc (NĐ-CP)",
] + [nfd(w) for w in ["mạng xã hội", "Đảng viên", "hòa bình", "thuỷ lợi", "Ủy viên", "ĐỊA PHƯƠNG"]]



def _node_runner(words: list[str]) -> list[str]:
    script = (
        "const fs = await import('node:fs');"
        f"const src = fs.readFileSync({json.dumps(str(SEARCH_JS))}, 'utf8');"
        "const m = await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(src));"
        "const words = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(words.map(w => [m.searchQuery(w), m.unindexText(w)])));"
    )
    done = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps(words), capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (the browser test checks the port too)")
def test_javascript_port_matches_python_in_node():
    words = PARITY_WORDS + [index_text(w) for w in PARITY_WORDS]
    got = _node_runner(words)
    want = [[search_query(w), unindex_text(w)] for w in words]
    mismatches = [(w, g, e) for w, g, e in zip(words, got, want) if g != e]
    assert not mismatches, mismatches
