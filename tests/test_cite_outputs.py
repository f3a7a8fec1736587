"""kyyeu.cite: every export is read back by an independent reader, every reference compared whole."""
from __future__ import annotations

import json
import re
import unicodedata
import warnings
from importlib.resources import files

import bibtexparser
import pybtex.database
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from citeproc import CitationStylesStyle
from pybtex.plugin import find_plugin

from kyyeu.cite.formats import LOCALES, STYLES, format_reference, to_bibtex, to_csl_json, to_ris
from kyyeu.errors import KyyeuError

# --- the items, as the lead's model will hand them over -------------------------------------------------

PAPER_VI = {
    "id": "laocai2023-cong-an",
    "type": "paper-conference",
    "title": "Công tác tuyên truyền, giáo dục pháp luật về an toàn, an ninh mạng trên địa bàn tỉnh Lào Cai",
    "author": [{"literal": "Công an tỉnh Lào Cai"}],
    "issued": {"date-parts": [[2023, 11, 28]]},
    "container-title": "Kỷ yếu hội thảo khoa học: Nâng cao vai trò, trách nhiệm của cán bộ, đảng viên"
    " trong sử dụng internet, mạng xã hội",
    "event-title": "Hội thảo khoa học: Nâng cao vai trò, trách nhiệm của cán bộ, đảng viên"
    " trong sử dụng internet, mạng xã hội",
    "event-date": {"date-parts": [[2023, 11, 28]]},
    "event-place": "Lào Cai",
    "publisher": "Ban Tuyên giáo Tỉnh ủy Lào Cai",
    "publisher-place": "Lào Cai",
    "language": "vi",
    "URL": "https://example.org/volumes/laocai-2023/cong-an/",
    "abstract": "Bài viết trình bày công tác tuyên truyền về an ninh mạng.",
    "keyword": "an ninh mạng, mạng xã hội",
}
PAPER_EN = {
    **PAPER_VI,
    "title": "Propaganda and legal education on cyber safety and cybersecurity in Lào Cai province",
    # " and " inside an organisation must not split it into two BibTeX authors
    "author": [{"literal": "Department of Information and Communications of Lào Cai"}],
    "container-title": "Proceedings of the scientific workshop: Raising the role and responsibility of cadres"
    " and party members in using the internet and social networks",
    "event-title": "Scientific workshop",
    "publisher": "Propaganda and Education Commission of the Lào Cai Provincial Party Committee",
    "language": "en",
    "URL": "https://example.org/en/volumes/laocai-2023/cong-an/",
    "abstract": "The paper describes cybersecurity outreach.",
    "keyword": "cybersecurity, social networks",
}
PAPER_TWO = {
    **PAPER_VI,
    "id": "laocai2023-nguyen-tran",
    "title": "Mạng xã hội và thanh niên",
    "author": [{"family": "Nguyễn", "given": "Văn An"}, {"family": "Trần", "given": "Thị Bình"}],
    "page": "12-20",
}
LAW_VI = {
    "id": "vn-24-2018-qh14",
    "type": "legislation",
    "title": "Luật An ninh mạng",
    "number": "24/2018/QH14",
    "authority": "Quốc hội",
    "issued": {"date-parts": [[2018, 6, 12]]},
    "language": "vi",
    "URL": "https://example.org/documents/24-2018-qh14/",
    "genre": "Luật",
}
LAW_EN = {
    **LAW_VI,
    "title": "Law on Cybersecurity",
    "authority": "National Assembly",
    "language": "en",
    "URL": "https://example.org/en/documents/24-2018-qh14/",
    "genre": "Law",
}
ALL_VI = [PAPER_VI, PAPER_TWO, LAW_VI]
VOLUME_VI = PAPER_VI["container-title"]
VOLUME_EN = PAPER_EN["container-title"]


def nfd(value):
    """A JSON-like value with every string decomposed (NFD), as some editors and OSes produce it."""
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, dict):
        return {k: nfd(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfd(v) for v in value]
    return value


# --- BibTeX ----------------------------------------------------------------------------------------------


def _bibtexparser_entries(text: str, *middleware) -> dict:
    library = bibtexparser.parse_string(text, append_middleware=list(middleware))
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return {entry.key: entry for entry in library.entries}


def test_bibtex_read_back_by_bibtexparser():
    entries = _bibtexparser_entries(to_bibtex(ALL_VI))
    assert list(entries) == ["laocai2023-cong-an", "laocai2023-nguyen-tran", "vn-24-2018-qh14"]
    paper = entries["laocai2023-cong-an"]
    assert paper.entry_type == "inproceedings"
    fields = {key: field.value for key, field in paper.fields_dict.items()}
    # the title and book title keep an inner brace group: case-changing styles leave them as written
    assert fields["title"] == "{" + PAPER_VI["title"] + "}"
    assert fields["booktitle"] == "{" + VOLUME_VI + "}"
    assert fields["author"] == "{Công an tỉnh Lào Cai}"
    assert fields["year"] == "2023"
    assert fields["month"] == "nov"  # the BibTeX month macro, unbraced
    assert fields["date"] == "2023-11-28"
    assert fields["address"] == "Lào Cai"
    assert fields["publisher"] == "Ban Tuyên giáo Tỉnh ủy Lào Cai"
    assert fields["url"] == PAPER_VI["URL"]
    assert fields["keywords"] == "an ninh mạng, mạng xã hội"
    assert fields["abstract"] == PAPER_VI["abstract"]
    assert fields["langid"] == "vietnamese"
    law = entries["vn-24-2018-qh14"]
    assert law.entry_type == "misc"
    assert law["title"] == "{Luật An ninh mạng}"
    assert law["author"] == "{Quốc hội}"
    assert law["howpublished"] == "Luật 24/2018/QH14"
    assert law["number"] == "24/2018/QH14"
    assert law["year"] == "2018"
    assert law["url"] == LAW_VI["URL"]


def test_bibtex_names_split_by_bibtexparser():
    entries = _bibtexparser_entries(to_bibtex([PAPER_VI, PAPER_TWO]), SeparateCoAuthors(), SplitNameParts())
    (organisation,) = entries["laocai2023-cong-an"]["author"]
    assert organisation.last == ["{Công an tỉnh Lào Cai}"] and organisation.first == []
    nguyen, tran = entries["laocai2023-nguyen-tran"]["author"]
    assert (nguyen.last, nguyen.first) == (["Nguyễn"], ["Văn", "An"])
    assert (tran.last, tran.first) == (["Trần"], ["Thị", "Bình"])


def test_bibtex_read_back_by_pybtex():
    bib = pybtex.database.parse_string(to_bibtex(ALL_VI), "bibtex")
    paper = bib.entries["laocai2023-cong-an"]
    assert paper.type == "inproceedings"
    assert paper.fields["title"] == "{" + PAPER_VI["title"] + "}"
    assert paper.fields["booktitle"] == "{" + VOLUME_VI + "}"
    assert paper.fields["year"] == "2023"
    assert paper.fields["month"] == "November"  # pybtex expands the macro
    assert paper.fields["url"] == PAPER_VI["URL"]
    (organisation,) = paper.persons["author"]
    assert organisation.last_names == ["{Công an tỉnh Lào Cai}"] and organisation.first_names == []
    nguyen, tran = bib.entries["laocai2023-nguyen-tran"].persons["author"]
    assert nguyen.last_names == ["Nguyễn"] and nguyen.first_names + nguyen.middle_names == ["Văn", "An"]
    assert tran.last_names == ["Trần"] and tran.first_names + tran.middle_names == ["Thị", "Bình"]
    law = bib.entries["vn-24-2018-qh14"]
    assert law.type == "misc"
    assert [str(p) for p in law.persons["author"]] == ["{Quốc hội}"]
    assert law.fields["howpublished"] == "Luật 24/2018/QH14"


def test_bibtex_typeset_by_pybtex_keeps_organisations_whole():
    """pybtex's own "plain" style (BibTeX's plain.bst in Python) prints the organisations undivided."""
    bib = pybtex.database.parse_string(to_bibtex([PAPER_EN, PAPER_TWO, LAW_VI]), "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    rendered = {e.key: e.text.render_as("text") for e in style.format_bibliography(bib)}
    assert rendered["laocai2023-cong-an"].startswith(
        "Department of Information and Communications of Lào Cai. Propaganda and legal education"
    )
    assert rendered["laocai2023-nguyen-tran"].startswith("Văn An Nguyễn and Thị Bình Trần. Mạng xã hội và thanh niên.")
    assert rendered["vn-24-2018-qh14"].startswith("Quốc hội. Luật An ninh mạng. Luật 24/2018/QH14, June 2018.")


def test_bibtex_keeps_vietnamese_as_utf8_and_escapes_tex_specials():
    special = {**PAPER_VI, "title": "Đảng & Nhà nước: 100% {an toàn} mạng_xã_hội #1 ~ $", "note": "Ghi chú & thêm"}
    text = to_bibtex([special])
    assert "\\" not in to_bibtex([PAPER_VI])  # nothing to escape: Vietnamese letters are not TeX-encoded
    assert "Công an tỉnh Lào Cai" in text
    assert r"\&" in text and r"100\%" in text and r"\{an toàn\}" in text and r"mạng\_xã\_hội" in text
    decoded = _bibtexparser_entries(text, LatexDecodingMiddleware())["laocai2023-cong-an"]
    assert decoded["title"] == special["title"]
    assert decoded["note"] == special["note"]


def test_bibtex_english_organisation_with_and_is_one_author():
    entries = _bibtexparser_entries(to_bibtex([PAPER_EN]), SeparateCoAuthors(), SplitNameParts())
    (organisation,) = entries["laocai2023-cong-an"]["author"]
    assert organisation.last == ["{Department of Information and Communications of Lào Cai}"]
    assert entries["laocai2023-cong-an"]["langid"] == "english"


def test_bibtex_sample_paper_exact():
    assert to_bibtex([PAPER_VI]) == (
        "@inproceedings{laocai2023-cong-an,\n"
        "  title = {{Công tác tuyên truyền, giáo dục pháp luật về an toàn, an ninh mạng trên địa bàn tỉnh Lào Cai}},\n"
        "  author = {{Công an tỉnh Lào Cai}},\n"
        f"  booktitle = {{{{{VOLUME_VI}}}}},\n"
        f"  eventtitle = {{{PAPER_VI['event-title']}}},\n"
        "  eventdate = {2023-11-28},\n"
        "  venue = {Lào Cai},\n"
        "  year = 2023,\n"
        "  month = nov,\n"
        "  date = {2023-11-28},\n"
        "  address = {Lào Cai},\n"
        "  publisher = {Ban Tuyên giáo Tỉnh ủy Lào Cai},\n"
        "  language = {vietnamese},\n"
        "  langid = {vietnamese},\n"
        "  url = {https://example.org/volumes/laocai-2023/cong-an/},\n"
        "  abstract = {Bài viết trình bày công tác tuyên truyền về an ninh mạng.},\n"
        "  keywords = {an ninh mạng, mạng xã hội}\n"
        "}\n"
    )


def test_duplicate_ids_are_refused():
    with pytest.raises(KyyeuError, match="laocai2023-cong-an"):
        to_bibtex([PAPER_VI, PAPER_EN])
    with pytest.raises(KyyeuError, match="no CSL 'type'"):
        to_ris([{"id": "x", "title": "T"}])


# --- RIS -------------------------------------------------------------------------------------------------


def test_ris_read_back_by_rispy():
    records = {r["id"]: r for r in rispy.loads(to_ris(ALL_VI))}
    paper = records["laocai2023-cong-an"]
    assert paper["type_of_reference"] == "CPAPER"
    assert paper["title"] == PAPER_VI["title"]
    assert paper["authors"] == ["Công an tỉnh Lào Cai,"]  # organisation: trailing comma, no given name
    assert paper["year"] == "2023"
    assert paper["date"] == "2023/11/28/"
    assert paper["secondary_title"] == VOLUME_VI
    assert paper["place_published"] == "Lào Cai"
    assert paper["publisher"] == "Ban Tuyên giáo Tỉnh ủy Lào Cai"
    assert paper["language"] == "vi"
    assert paper["urls"] == [PAPER_VI["URL"]]
    assert paper["abstract"] == PAPER_VI["abstract"]
    assert paper["keywords"] == ["an ninh mạng", "mạng xã hội"]
    two = records["laocai2023-nguyen-tran"]
    assert two["authors"] == ["Nguyễn, Văn An", "Trần, Thị Bình"]
    assert (two["start_page"], two["end_page"]) == ("12", "20")
    law = records["vn-24-2018-qh14"]
    assert law["type_of_reference"] == "STAT"
    assert law["title"] == "Luật An ninh mạng"
    assert law["authors"] == ["Quốc hội,"]
    assert law["note"] == "24/2018/QH14"  # M1
    assert "type_of_work" not in law  # no M3: Zotero's RIS importer would read it as a DOI
    assert law["date"] == "2018/06/12/"
    assert law["urls"] == [LAW_VI["URL"]]


def test_ris_is_plain_tag_lines():
    """Each record starts at TY and every line is one "XX  - value" tag line (no counters, no wraps)."""
    item = {**PAPER_VI, "abstract": "Dòng một.\nDòng hai."}
    text = to_ris([item, LAW_EN])
    lines = [line for line in text.split("\n") if line]
    assert lines[0] == "TY  - CPAPER"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines), lines
    assert [line for line in lines if line.startswith("ER  -")] == ["ER  - ", "ER  - "]
    assert "AB  - Dòng một. Dòng hai." in lines


def test_ris_sample_paper_exact():
    assert to_ris([PAPER_VI]) == (
        "TY  - CPAPER\n"
        "ID  - laocai2023-cong-an\n"
        "TI  - Công tác tuyên truyền, giáo dục pháp luật về an toàn, an ninh mạng trên địa bàn tỉnh Lào Cai\n"
        "AU  - Công an tỉnh Lào Cai,\n"
        f"T2  - {VOLUME_VI}\n"
        "PY  - 2023\n"
        "DA  - 2023/11/28/\n"
        "CY  - Lào Cai\n"
        "PB  - Ban Tuyên giáo Tỉnh ủy Lào Cai\n"
        "LA  - vi\n"
        "UR  - https://example.org/volumes/laocai-2023/cong-an/\n"
        "AB  - Bài viết trình bày công tác tuyên truyền về an ninh mạng.\n"
        "KW  - an ninh mạng\n"
        "KW  - mạng xã hội\n"
        "ER  - \n"
    )


# --- CSL-JSON --------------------------------------------------------------------------------------------


def test_csl_json_round_trips_and_is_not_ascii_escaped():
    text = to_csl_json(ALL_VI)
    assert json.loads(text) == ALL_VI
    assert "Công an tỉnh Lào Cai" in text and "\\u" not in text
    # one item per line: a volume's file stays readable and diffable without indentation's bytes
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(ALL_VI) + 2
    assert all(json.loads(line.rstrip(",")) == item for line, item in zip(lines[1:-1], ALL_VI))


# --- formatted references --------------------------------------------------------------------------------

URL_VI, URL_EN = PAPER_VI["URL"], PAPER_EN["URL"]
TITLE_VI = PAPER_VI["title"]
EXPECTED = {
    # (item, style, lang): text rendering
    ("PAPER_VI", "apa", "vi"): f"Công an tỉnh Lào Cai. (2023). {TITLE_VI}. Trong {VOLUME_VI}."
    f" Ban Tuyên giáo Tỉnh ủy Lào Cai. {URL_VI}",
    ("PAPER_VI", "apa", "en"): f"Công an tỉnh Lào Cai. (2023). {TITLE_VI}. In {VOLUME_VI}."
    f" Ban Tuyên giáo Tỉnh ủy Lào Cai. {URL_VI}",
    ("PAPER_VI", "vn", "vi"): f"Công an tỉnh Lào Cai (2023), “{TITLE_VI}”, {VOLUME_VI},"
    " Lào Cai: Ban Tuyên giáo Tỉnh ủy Lào Cai.",
    ("PAPER_VI", "vn", "en"): f"Công an tỉnh Lào Cai (2023), “{TITLE_VI}”, {VOLUME_VI},"
    " Lào Cai: Ban Tuyên giáo Tỉnh ủy Lào Cai.",
    ("PAPER_EN", "apa", "en"): "Department of Information and Communications of Lào Cai. (2023)."
    " Propaganda and legal education on cyber safety and cybersecurity in Lào Cai province."
    f" In {VOLUME_EN}. Propaganda and Education Commission of the Lào Cai Provincial Party Committee. {URL_EN}",
    ("PAPER_EN", "vn", "en"): "Department of Information and Communications of Lào Cai (2023),"
    " “Propaganda and legal education on cyber safety and cybersecurity in Lào Cai province”,"
    f" {VOLUME_EN}, Lào Cai: Propaganda and Education Commission of the Lào Cai Provincial Party Committee.",
    ("PAPER_TWO", "apa", "vi"): "Nguyễn, V. A., & Trần, T. B. (2023). Mạng xã hội và thanh niên."
    f" Trong {VOLUME_VI} (tr. 12–20). Ban Tuyên giáo Tỉnh ủy Lào Cai. {URL_VI}",
    ("PAPER_TWO", "apa", "en"): "Nguyễn, V. A., & Trần, T. B. (2023). Mạng xã hội và thanh niên."
    f" In {VOLUME_VI} (pp. 12–20). Ban Tuyên giáo Tỉnh ủy Lào Cai. {URL_VI}",
    ("PAPER_TWO", "vn", "vi"): "Nguyễn Văn An, Trần Thị Bình (2023), “Mạng xã hội và thanh niên”,"
    f" {VOLUME_VI}, Lào Cai: Ban Tuyên giáo Tỉnh ủy Lào Cai, tr. 12–20.",
    ("PAPER_TWO", "vn", "en"): "Nguyễn Văn An, Trần Thị Bình (2023), “Mạng xã hội và thanh niên”,"
    f" {VOLUME_VI}, Lào Cai: Ban Tuyên giáo Tỉnh ủy Lào Cai, pp. 12–20.",
    ("LAW_VI", "apa", "vi"): "Luật An ninh mạng, số 24/2018/QH14 (2018). https://example.org/documents/24-2018-qh14/",
    ("LAW_VI", "apa", "en"): "Luật An ninh mạng, No. 24/2018/QH14 (2018). https://example.org/documents/24-2018-qh14/",
    ("LAW_VI", "vn", "vi"): "Quốc hội (2018), Luật An ninh mạng, số 24/2018/QH14, ban hành ngày 12/6/2018.",
    ("LAW_VI", "vn", "en"): "Quốc hội (2018), Luật An ninh mạng, No. 24/2018/QH14, issued 12 June 2018.",
    ("LAW_EN", "apa", "en"): "Law on Cybersecurity, No. 24/2018/QH14 (2018). https://example.org/en/documents/24-2018-qh14/",
    ("LAW_EN", "vn", "en"): "National Assembly (2018), Law on Cybersecurity, No. 24/2018/QH14, issued 12 June 2018.",
}
ITEMS = {"PAPER_VI": PAPER_VI, "PAPER_EN": PAPER_EN, "PAPER_TWO": PAPER_TWO, "LAW_VI": LAW_VI, "LAW_EN": LAW_EN}


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda k: "-".join(k))
def test_reference_text(key):
    name, style, lang = key
    assert format_reference(ITEMS[name], style, lang, "text") == EXPECTED[key]


def test_reference_html_of_the_sample_paper_and_law():
    assert format_reference(PAPER_VI, "apa", "vi") == (
        f"Công an tỉnh Lào Cai. (2023). {TITLE_VI}. Trong <i>{VOLUME_VI}</i>. Ban Tuyên giáo Tỉnh ủy Lào Cai. {URL_VI}"
    )
    assert format_reference(PAPER_VI, "apa", "en") == (
        f"Công an tỉnh Lào Cai. (2023). {TITLE_VI}. In <i>{VOLUME_VI}</i>. Ban Tuyên giáo Tỉnh ủy Lào Cai. {URL_VI}"
    )
    assert format_reference(PAPER_VI, "vn", "vi") == (
        f"Công an tỉnh Lào Cai (2023), “{TITLE_VI}”, <i>{VOLUME_VI}</i>, Lào Cai: Ban Tuyên giáo Tỉnh ủy Lào Cai."
    )
    assert format_reference(PAPER_TWO, "apa", "en").startswith("Nguyễn, V. A., &amp; Trần, T. B. (2023).")
    assert format_reference(LAW_VI, "vn", "vi", "html") == (
        "Quốc hội (2018), <i>Luật An ninh mạng</i>, số 24/2018/QH14, ban hành ngày 12/6/2018."
    )
    assert format_reference(LAW_EN, "vn", "en", "html") == (
        "National Assembly (2018), <i>Law on Cybersecurity</i>, No. 24/2018/QH14, issued 12 June 2018."
    )


def test_reference_html_escapes_the_items_text():
    item = {**PAPER_VI, "title": "Tin giả & <script>", "URL": "https://example.org/?a=1&b=2"}
    html = format_reference(item, "apa", "en", "html")
    assert "Tin giả &amp; &lt;script&gt;." in html
    assert html.endswith("https://example.org/?a=1&amp;b=2")
    assert "<script>" not in html
    assert "Tin giả & <script>." in format_reference(item, "apa", "en", "text")


def test_reference_without_author_starts_with_title_and_is_not_repeated():
    item = {k: v for k, v in PAPER_VI.items() if k != "author"}
    apa = format_reference(item, "apa", "en", "text")
    assert apa.startswith(f"{TITLE_VI}. (2023). In {VOLUME_VI}.")
    assert apa.count(TITLE_VI) == 1
    # vn: the publisher stands in for the author and is then not printed again
    assert format_reference(item, "vn", "vi", "text") == (
        f"Ban Tuyên giáo Tỉnh ủy Lào Cai (2023), “{TITLE_VI}”, {VOLUME_VI}, Lào Cai."
    )


def test_rendering_is_independent_of_the_previous_item():
    """Styles are parsed once and reused: one item's substitutions must not leak into the next."""
    without_author = {k: v for k, v in PAPER_VI.items() if k != "author"}
    first = format_reference(PAPER_VI, "vn", "vi", "text")
    format_reference(without_author, "vn", "vi", "text")
    assert format_reference(PAPER_VI, "vn", "vi", "text") == first


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("locale", sorted(LOCALES.values()))
def test_shipped_styles_pass_the_csl_schema(style, locale):
    path = files("kyyeu") / "data" / "csl" / STYLES[style]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py reports schema failures as warnings
        CitationStylesStyle(str(path), locale=locale, validate=True)


def test_unknown_style_language_or_format_is_refused():
    with pytest.raises(KyyeuError, match="style"):
        format_reference(PAPER_VI, "chicago", "vi")
    with pytest.raises(KyyeuError, match="language"):
        format_reference(PAPER_VI, "apa", "fr")
    with pytest.raises(KyyeuError, match="format"):
        format_reference(PAPER_VI, "apa", "vi", "latex")


# --- Unicode ---------------------------------------------------------------------------------------------


def _outputs(items: list[dict]) -> list[str]:
    out = [to_bibtex(items), to_ris(items), to_csl_json(items)]
    for item in items:
        for style in STYLES:
            for lang in LOCALES:
                for fmt in ("html", "text"):
                    out.append(format_reference(item, style, lang, fmt))
    return out


def test_every_output_is_nfc_even_from_decomposed_input():
    decomposed = nfd(ALL_VI)
    assert not unicodedata.is_normalized("NFC", decomposed[0]["title"])  # the input really is NFD
    outputs = _outputs(decomposed)
    assert all(unicodedata.is_normalized("NFC", text) for text in outputs)
    assert outputs == _outputs(ALL_VI)  # and identical to what NFC input gives
    assert all("Lào Cai" in text or "Luật An ninh mạng" in text for text in outputs)
