"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI Windows) decoded to Unicode NFC.

Word stores text typed in a legacy font as the Windows-1252 characters of its bytes
(".VnTime" shows byte 0xB8 "¸" as "á"). These tables give each such character, or
character pair for VNI, its Vietnamese letter.

TCVN3 is the VN3 subset of TCVN 5712:1993: all lower-case letters with tones plus the
seven upper-case base letters Ă Â Ê Ô Ơ Ư Đ; capitals with tones are typed with the
"H" fonts (.VnTimeH), which show the lower-case codes as capitals. VNI Windows writes
most letters as a base letter followed by a mark character ("a" + "ù" = "á").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Tone marks in table order: ngang (none), huyền, sắc, hỏi, ngã, nặng.
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")

# TCVN 5712:1993 (VN3): per vowel, the legacy characters for its six tones.
_TCVN3_VOWELS = {
    "a": "aµ¸¶·¹", "ă": "¨»¾¼½Æ", "â": "©ÇÊÈÉË", "e": "eÌÐÎÏÑ", "ê": "ªÒÕÓÔÖ",
    "i": "i×ÝØÜÞ", "o": "oßãáâä", "ô": "«åèæçé", "ơ": "¬êíëìî", "u": "uïóñòô",
    "ư": "\u00adõøö÷ù", "y": "yúýûüþ",
}
_TCVN3_OTHERS = {"đ": "®", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

# VNI Windows: base + mark sequences. Marks for plain tones, for circumflex (â ê ô) with
# tones, and for breve (ă) with tones, in TONES order.
_VNI_TONE = ("", "ø", "ù", "û", "õ", "ï")
_VNI_HAT = ("â", "à", "á", "å", "ã", "ä")
_VNI_BREVE = ("ê", "è", "é", "ú", "ü", "ë")
_VNI_VOWELS = {
    "a": ["a" + m for m in _VNI_TONE],
    "ă": ["a" + m for m in _VNI_BREVE],
    "â": ["a" + m for m in _VNI_HAT],
    "e": ["e" + m for m in _VNI_TONE],
    "ê": ["e" + m for m in _VNI_HAT],
    "i": ["i", "ì", "í", "æ", "ó", "ò"],
    "o": ["o" + m for m in _VNI_TONE],
    "ô": ["o" + m for m in _VNI_HAT],
    "ơ": ["ô" + m for m in _VNI_TONE],
    "u": ["u" + m for m in _VNI_TONE],
    "ư": ["ö" + m for m in _VNI_TONE],
    "y": ["y" + m for m in _VNI_TONE[:5]] + ["î"],
}


def letter(vowel: str, tone: int) -> str:
    """The precomposed Unicode letter for a base vowel and a tone index (0..5)."""
    return unicodedata.normalize("NFC", vowel + TONES[tone])


def _tcvn3_encoder() -> dict[str, str]:
    """Unicode letter → TCVN3 character, for the VN3 repertoire."""
    table = {letter(v, t): codes[t] for v, codes in _TCVN3_VOWELS.items() for t in range(6)}
    table.update(_TCVN3_OTHERS)
    return table


def _vni_encoder() -> dict[str, str]:
    """Unicode letter → VNI sequence, lower and upper case."""
    table = {letter(v, t): seqs[t] for v, seqs in _VNI_VOWELS.items() for t in range(6)}
    table["đ"] = "ñ"
    table.update({k.upper(): v.upper() for k, v in list(table.items())})
    return table


ENCODERS = {"tcvn3": _tcvn3_encoder(), "vni": _vni_encoder()}


def _decoder(encoder: dict[str, str], mixed_case: bool) -> dict[str, str]:
    """Invert an encoder; VNI also accepts a base and a mark of different case ("Aù" = "Á")."""
    table = {seq: uni for uni, seq in encoder.items()}
    if mixed_case:
        for seq, uni in list(table.items()):
            if len(seq) == 2:
                base_is_upper = seq[0].isupper()
                fix = str.upper if base_is_upper else str.lower
                for variant in (seq[0] + seq[1].upper(), seq[0] + seq[1].lower()):
                    table.setdefault(variant, fix(uni))
    return table


DECODERS = {"tcvn3": _decoder(ENCODERS["tcvn3"], False), "vni": _decoder(ENCODERS["vni"], True)}

_TCVN3_FONT = re.compile(r"^\.Vn")
_VNI_FONT = re.compile(r"^VNI[-_ ]", re.IGNORECASE)


def font_encoding(font: str | None) -> str | None:
    """Legacy encoding of a font name: "tcvn3", "tcvn3-upper" (.Vn…H fonts), "vni" or None."""
    if not font:
        return None
    name = font.strip()
    if _TCVN3_FONT.match(name):
        return "tcvn3-upper" if name.endswith("H") else "tcvn3"
    if _VNI_FONT.match(name):
        return "vni"
    return None


def encode(text: str, encoding: str) -> str:
    """Unicode text → legacy characters (for tests and round trips); ASCII passes through."""
    table = ENCODERS["tcvn3" if encoding.startswith("tcvn3") else encoding]
    if encoding == "tcvn3-upper":
        text = text.lower()
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


@dataclass
class Decoded:
    """Result of decoding one stretch of legacy text: pieces tagged with their source index."""

    pieces: list[tuple[str, int]]  #: (Unicode text, index of the first legacy character it came from)
    unmapped: list[str]  #: Latin-1 letters with no meaning in the table, kept as they were


def decode(text: str, encoding: str) -> Decoded:
    """Legacy characters → Unicode, longest match first; each piece remembers its source position."""
    table = DECODERS["tcvn3" if encoding.startswith("tcvn3") else encoding]
    # Symbol-font style private-use code points (U+F020..U+F0FF) carry the byte in the low half.
    text = "".join(chr(ord(ch) - 0xF000) if 0xF020 <= ord(ch) <= 0xF0FF else ch for ch in text)
    pieces: list[tuple[str, int]] = []
    unmapped: list[str] = []
    i = 0
    while i < len(text):
        for size in (2, 1):
            seq = text[i:i + size]
            if len(seq) == size and seq in table:
                out = table[seq]
                i_next = i + size
                break
        else:
            out, i_next = text[i], i + 1
            if 0x80 <= ord(out) <= 0xFF and out.isalpha():  # a letter the font shows as something else
                unmapped.append(out)
        if encoding == "tcvn3-upper":
            out = out.upper()
        pieces.append((unicodedata.normalize("NFC", out), i))
        i = i_next
    return Decoded(pieces, unmapped)


def decode_text(text: str, encoding: str) -> str:
    """Legacy text → Unicode NFC text, in one string."""
    return unicodedata.normalize("NFC", "".join(p for p, _ in decode(text, encoding).pieces))


#: TCVN3 codes that are neither Vietnamese letters in Unicode nor common punctuation: inside a word
#: of a Unicode font they mean TCVN3 text that lost its font ("Hµ Néi" for "Hà Nội").
TCVN3_TELLTALES = frozenset(
    ch for ch in DECODERS["tcvn3"]
    if len(ch) == 1 and ord(ch) > 0x7F and ch not in ENCODERS["vni"] and ch not in "«»§®·ª\u00ad¡¢£¤¥¦×÷"
)


def looks_like_tcvn3(text: str) -> bool:
    """Whether Unicode-font text holds a word mixing ASCII letters with TCVN3 telltales ("Hµ", "Néi")."""
    return any(
        any(ch in TCVN3_TELLTALES for ch in word) and any("a" <= ch.lower() <= "z" for ch in word)
        for word in text.split()
    )
