"""Vietnamese text rules in one place: NFC storage, tone-placement folding, đ → d, slugs.

Every comparison, search key and slug of the pipeline goes through these functions, so
"hoà" and "hòa", "thuỷ" and "thủy", "Đảng" and "dang" meet where they should.
"""
from __future__ import annotations

import re
import unicodedata

#: Zero-width and invisible characters that pasted text carries and that break matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
#: Look-alikes of Đ/đ that editors paste from other systems (Icelandic Eth, Croatian D-stroke variants).
_D_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ"})
#: Combining tone marks (huyền, sắc, hỏi, ngã, nặng); the vowel marks (breve, circumflex, horn) are not tones.
_TONES = "\u0300\u0301\u0309\u0303\u0323"


#: Any character that `nfc` removes or replaces (checked first: translating long texts is slow).
_TO_CLEAN = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00d0\u0189\u00f0]")


def nfc(text: str) -> str:
    """Text as stored: NFC, no zero-width characters, Đ look-alikes replaced."""
    if _TO_CLEAN.search(text):
        text = text.translate(_INVISIBLE).translate(_D_LOOKALIKES)
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    """Whether text is already in the stored form (NFC)."""
    return unicodedata.is_normalized("NFC", text)


def _syllable_tone_new_style(word: str) -> str:
    """One word with its tone mark where the "new" placement rule puts it.

    In an open syllable ending in "oa", "oe" or "uy" the old style marks the first vowel
    ("hòa", "khỏe", "thủy") and the new style the last ("hoà", "khoẻ", "thuỷ"). Both are
    correct Vietnamese; for comparing, the mark moves to the last vowel.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return word
    bare = decomposed.replace(tones[0], "")
    if not unicodedata.normalize("NFC", bare).lower().endswith(("oa", "oe", "uy")):
        return word
    return unicodedata.normalize("NFC", bare + tones[0])


_WORD = re.compile(r"\w+", re.UNICODE)


def tone_fold(text: str) -> str:
    """Text with one tone-placement style, so "hòa" == "hoà" and "thủy" == "thuỷ"."""
    return _WORD.sub(lambda m: _syllable_tone_new_style(m.group(0)), nfc(text))


def strip_marks(text: str) -> str:
    """Text without any diacritics, with đ/Đ as d/D ("Đảng viên" → "Dang vien")."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def compare_key(text: str) -> str:
    """Key for comparing two Vietnamese strings as the same words: NFC, one tone style, case-folded."""
    return tone_fold(text).casefold()


def search_key(text: str) -> str:
    """Key for diacritic-free matching: no marks, đ → d, lower case, spaces collapsed."""
    return " ".join(strip_marks(text).casefold().split())


def slugify(text: str) -> str:
    """ASCII slug for ids and URLs: "72/2013/NĐ-CP" → "72-2013-nd-cp", "Công an" → "cong-an"."""
    return re.sub(r"[^a-z0-9]+", "-", search_key(text)).strip("-")


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading ids for Python-Markdown's toc extension (`slugify` in mkdocs.yml): the project's slug rules,
    so that "Mở đầu" is #mo-dau, not #mo-au. Explicit ids ({#dieu-1}) are kept by toc as they are."""
    return slugify(value).replace("-", separator)


# --- search -------------------------------------------------------------------------------------------
# Pagefind (the site search) folds every combining mark itself, so "mang xa hoi" finds "mạng xã hội"
# and "hòa" finds "hoà", but it cannot fold đ, which is a letter of its own in Unicode. The index
# therefore stores đ/Đ as d/D followed by U+0335 COMBINING SHORT STROKE OVERLAY: Pagefind folds that
# mark away like any other ("Đảng" is found by "dang"), and the browser turns "d\u0335" back into "đ"
# before a reader sees an excerpt, so excerpts keep the original text. The query side (search.js)
# applies `search_query`; docs/assets/search.js carries a port of it, tested against this one.

#: The mark that stands for the stroke of đ/Đ inside the search index.
STROKE = "\u0335"


def index_text(text: str) -> str:
    """Text as the search index stores it: NFC, no invisible characters, đ/Đ as d/D + STROKE."""
    return nfc(text).replace("đ", "d" + STROKE).replace("Đ", "D" + STROKE)


def unindex_text(text: str) -> str:
    """The original (NFC) text back from `index_text`, as the browser does for excerpts."""
    return text.replace("d" + STROKE, "đ").replace("D" + STROKE, "Đ")


def search_query(text: str) -> str:
    """A query as the browser hands it to Pagefind: NFC, no invisible characters, đ/Đ → d/D, spaces collapsed.

    Tone marks and vowel marks stay, so that a query typed with them ranks exact spellings first;
    Pagefind matches "hòa" and "hoà" (and "hoa") through its own folding.
    """
    return " ".join(nfc(text).replace("đ", "d").replace("Đ", "D").split())

