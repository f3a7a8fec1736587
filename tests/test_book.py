"""The printed kỷ yếu (issue 12): the books and papers' PDFs of a real build, read back with pypdf.

One build of the real records, where one paper (cong-an) has a Vietnamese text written in NFD with
every letter and tone in regular, bold and italic, and another (so-tttt) has the text `kyyeu import`
made from a Word file with a table, a footnote, an image and Điều/Khoản structure. The two other
papers still await their texts: the book prints their notice; they get no PDF and no page tags.
"""
from __future__ import annotations

import hashlib
import os
import io
import html as html_lib
import json
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
import typst

from kyyeu.build import pdf, typeset
from kyyeu.build.pipeline import build
from kyyeu.errors import KyyeuError
from kyyeu.views.book import vn_key

try:
    from conftest import copy_repo
    from conftest_import import cli, new_document, png
except ImportError:  # tests/ made a package
    from tests.conftest import copy_repo
    from tests.conftest_import import cli, new_document, png

TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang, huyền, hỏi, ngã, sắc, nặng
VOWELS = "a ă â e ê i o ô ơ u ư y".split()
VOL = "volumes/laocai-2023/"


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def every_letter() -> str:
    """Every Vietnamese vowel with every tone, in lower and upper case, and đ/Đ with the consonants."""
    words = ["".join(unicodedata.normalize("NFC", case(v) + t) for t in TONES)
             for v in VOWELS for case in (str.lower, str.upper)]
    return " ".join(words + ["đĐ bcdghklmnpqrstvx BCDGHKLMNPQRSTVX"])


def _publish(folder: Path) -> None:
    yml = folder / "paper.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("state: awaiting", "state: published"), encoding="utf-8")


def _word_paper(repo: Path, monkeypatch) -> None:
    """so-tttt's text, imported from a Word file: a table, a footnote, an image, Điều and khoản."""
    from docx.shared import Cm

    try:
        from conftest_import import add_footnotes, footnote_ref
    except ImportError:
        from tests.conftest_import import add_footnotes, footnote_ref
    document = new_document()
    add_footnotes(document, ["Chú thích in ở cuối trang."])
    for line in ["Điều 1. Phạm vi điều chỉnh", "Quy định này áp dụng cho mọi cán bộ.", "Điều 2. Trách nhiệm"]:
        paragraph = document.add_paragraph(line)
        if line.startswith("Điều"):
            paragraph.runs[0].bold = True
    document.add_paragraph("Giữ gìn thông tin cá nhân trên mạng.", style="List Number")
    document.add_paragraph("Kiểm tra nguồn tin trước khi chia sẻ.", style="List Number")
    paragraph = document.add_paragraph("Đoạn có chú thích")
    footnote_ref(paragraph, 1)
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate([("Mạng", "Tỷ lệ"), ("Zalo", "91,1")]):
        for col, value in enumerate(cells):
            table.cell(row, col).text = value
    image = repo / "h.png"
    image.write_bytes(png(40, 20))
    document.add_picture(str(image), width=Cm(4))
    document.save(repo / "so-tttt.docx")
    monkeypatch.chdir(repo)
    assert cli("so-tttt.docx", "--into", "papers/laocai-2023/so-tttt") == 0
    folder = repo / "papers/laocai-2023/so-tttt"
    _publish(folder)
    # the editor lists the picture, so that the site copies it beside the page, and gives it its description
    digest = hashlib.sha256((folder / "media/image-1.png").read_bytes()).hexdigest()
    with (folder / "paper.yml").open("a", encoding="utf-8") as f:
        f.write(f"  - file: media/image-1.png\n    kind: image\n    sha256: {digest}\n")
    text = (folder / "vi.md").read_text(encoding="utf-8")
    (folder / "vi.md").write_text(text.replace("![](media/image-1.png)", "![Hình minh họa](media/image-1.png)"), encoding="utf-8")


@pytest.fixture(scope="module")
def book_site(tmp_path_factory):
    """The real records plus two texts, built twice from scratch (for the byte-identical check)."""
    mp = pytest.MonkeyPatch()
    repo = copy_repo(tmp_path_factory.mktemp("book") / "repo")
    letters = every_letter()
    text = f"## Mở đầu\n\n{letters}\n\n**{letters}**\n\n*{letters}*\n"
    (repo / "papers/laocai-2023/cong-an/vi.md").write_text(text, encoding="utf-8")
    _publish(repo / "papers/laocai-2023/cong-an")
    _word_paper(repo, mp)
    mp.undo()
    first = build(repo, site_dir=repo / "site", work_dir=repo / "work")
    again = build(repo, site_dir=repo / "site2", work_dir=repo / "work2")
    return {"repo": repo, "site": first.site, "site2": again.site, "letters": letters, "report": first}


def pdf_text(path: Path) -> str:
    return " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages)


def meta_tags(html_file: Path) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "meta" and a.get("name"):
                tags.setdefault(a["name"], []).append(a.get("content", ""))

    P().feed(html_file.read_text(encoding="utf-8"))
    return tags


def fonts_of(reader: pypdf.PdfReader) -> dict:
    seen = {}
    for page in reader.pages:
        stack = [page["/Resources"]]
        while stack:
            res = stack.pop().get_object()
            for f in res.get("/Font", {}).values():
                f = f.get_object()
                seen[(str(f["/BaseFont"]), str(f["/Subtype"]))] = f
            for x in res.get("/XObject", {}).values():
                x = x.get_object()
                if "/Resources" in x:
                    stack.append(x["/Resources"])
    return seen


def embedded(f) -> bool:
    if f["/Subtype"] == "/Type0":
        f = f["/DescendantFonts"][0].get_object()
    fd = f.get("/FontDescriptor")
    return fd is not None and any(k in fd.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def all_pdfs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.pdf"))


def test_pdfs_are_where_the_issue_says_and_only_papers_with_a_text_have_one(book_site):
    site = book_site["site"]
    names = {str(p.relative_to(site)) for p in all_pdfs(site)}
    assert names == {
        f"{VOL}ky-yeu-laocai-2023.pdf", f"en/{VOL}ky-yeu-laocai-2023.pdf",
        f"{VOL}cong-an/ky-yeu-laocai-2023-cong-an.pdf", f"en/{VOL}cong-an/ky-yeu-laocai-2023-cong-an.pdf",
        f"{VOL}so-tttt/ky-yeu-laocai-2023-so-tttt.pdf", f"en/{VOL}so-tttt/ky-yeu-laocai-2023-so-tttt.pdf",
    }
    for waiting in ("bao-lao-cai", "lien-doan-lao-dong"):
        for lang in ("", "en/"):
            tags = meta_tags(site / lang / VOL / waiting / "index.html")
            assert not {"citation_pdf_url", "citation_firstpage", "citation_lastpage"} & set(tags)
            assert "ky-pdf" not in (site / lang / VOL / waiting / "index.html").read_text(encoding="utf-8")
    # the book prints the awaiting papers' notice all the same
    book = norm(pdf_text(site / VOL / "ky-yeu-laocai-2023.pdf"))
    assert book.count("Đang chờ gửi toàn văn") == 2
    records = json.loads((site / "records.json").read_text(encoding="utf-8"))["records"]
    with_pdf = {r["id"]: r["pdf"] for r in records if "pdf" in r}
    assert with_pdf == {
        "laocai-2023": {"vi": f"{VOL}ky-yeu-laocai-2023.pdf", "en": f"en/{VOL}ky-yeu-laocai-2023.pdf"},
        "laocai-2023/cong-an": {"vi": f"{VOL}cong-an/ky-yeu-laocai-2023-cong-an.pdf",
                                "en": f"en/{VOL}cong-an/ky-yeu-laocai-2023-cong-an.pdf"},
        "laocai-2023/so-tttt": {"vi": f"{VOL}so-tttt/ky-yeu-laocai-2023-so-tttt.pdf",
                                "en": f"en/{VOL}so-tttt/ky-yeu-laocai-2023-so-tttt.pdf"},
    }
    volume_page = (site / VOL / "index.html").read_text(encoding="utf-8")
    assert 'href="ky-yeu-laocai-2023.pdf"' in volume_page and "Tải kỷ yếu (PDF)" in volume_page


def test_every_vietnamese_letter_and_tone_in_regular_bold_italic(book_site):
    letters = book_site["letters"]
    paper = book_site["site"] / VOL / "cong-an/ky-yeu-laocai-2023-cong-an.pdf"
    text = norm(pdf_text(paper))
    assert f"Mở đầu {letters} {letters} {letters}" in text
    assert "\x00" not in text and "\ufffd" not in text
    # bold and italic really are other faces: Typst embeds a subset per instance of the variable font
    reader = pypdf.PdfReader(paper)
    assert len(fonts_of(reader)) >= 3
    assert any("Italic" in name for name, _ in fonts_of(reader))


def test_a_text_written_in_nfd_prints_as_its_nfc_letters(book_site, tmp_path):
    """`kyyeu check` refuses an NFD file in papers/; the book's own conversion still prints NFC from NFD."""
    import datetime as dt

    from kyyeu.load import check
    from kyyeu.site import Site

    letters = book_site["letters"]
    corpus = check(book_site["repo"])
    entry = next(p for p in corpus.papers if p.id == "cong-an")
    entry.fulltext["vi"] = unicodedata.normalize("NFD", f"{letters}\n\n**{letters}**\n\n*{letters}*\n")
    assert entry.fulltext["vi"] != unicodedata.normalize("NFC", entry.fulltext["vi"])
    site = Site(corpus, dt.date(2026, 11, 29), langs=("vi",))
    pdf.layout(site, tmp_path / "work")
    pdf.write(site, tmp_path / "site", tmp_path / "work")
    text = norm(pdf_text(tmp_path / "site" / VOL / "cong-an/ky-yeu-laocai-2023-cong-an.pdf"))
    assert f"{letters} {letters} {letters}" in text


def test_fonts_embedded_none_type3_only_noto_serif(book_site):
    for path in all_pdfs(book_site["site"]):
        fonts = fonts_of(pypdf.PdfReader(path))
        assert fonts, path
        for (name, sub), obj in fonts.items():
            assert sub != "/Type3", (path, name)
            assert embedded(obj), (path, name)
            assert "NotoSerif" in name, (path, name)


@pytest.mark.parametrize("lang", ["", "en/"])
def test_toc_number_is_page_label_is_citation_firstpage_and_paper_pdf_has_its_pages(book_site, lang):
    site = book_site["site"]
    reader = pypdf.PdfReader(site / lang / VOL / "ky-yeu-laocai-2023.pdf")
    labels = reader.page_labels
    texts = [norm(p.extract_text()) for p in reader.pages]
    toc = next(t for t in texts if t.startswith(("Mục lục", "Contents")))
    cited = []
    for paper in ("cong-an", "so-tttt"):
        page = site / lang / VOL / paper / "index.html"
        tags = meta_tags(page)
        first, last = tags["citation_firstpage"][0], tags["citation_lastpage"][0]
        # the title as the page's h1 and the book print it (citation_title brackets a reported topic: issue 16)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S).group(1)
        title = html_lib.unescape(re.sub(r"<[^>]+>", "", h1)).strip().rstrip("¶").strip()
        # the page label where the title stands
        where = [labels[i] for i, t in enumerate(texts) if norm(title)[:60] in t and "Mục lục" not in t and "Contents" not in t]
        assert where and where[0] == first
        # the table of contents prints that number after the title (dotted leaders between)
        # (English may be hyphenated at a line end: compare without spaces and hyphens)
        squash = lambda s: re.sub(r"[\s\-\u2010\u00ad]", "", s)  # noqa: E731
        assert re.search(re.escape(squash(title)[-25:]) + r"\.*" + re.escape(first) + r"(?!\d)", squash(toc))
        assert tags["citation_pdf_url"][0].endswith(f"{lang}{VOL}{paper}/ky-yeu-laocai-2023-{paper}.pdf")
        own = pypdf.PdfReader(site / lang / VOL / paper / f"ky-yeu-laocai-2023-{paper}.pdf")
        assert len(own.pages) == int(last) - int(first) + 1
        assert own.page_labels == [str(n) for n in range(int(first), int(last) + 1)]
        stamp = ("tr. " if not lang else ("p. " if first == last else "pp. ")) + (first if first == last else f"{first}–{last}")
        assert stamp in norm(own.pages[0].extract_text())
        html = page.read_text(encoding="utf-8")
        assert ("Tải PDF" if not lang else "Download PDF") in html
        bib = (site / lang / VOL / paper / "cite.bib").read_text(encoding="utf-8")
        assert re.search(r"pages\s*=\s*\{?" + re.escape(first if first == last else f"{first}--{last}"), bib)
        ris = (site / lang / VOL / paper / "cite.ris").read_text(encoding="utf-8")
        assert f"SP  - {first}" in ris
        csl = json.loads((site / lang / VOL / paper / "cite.json").read_text(encoding="utf-8"))
        assert csl[0]["page"] == (first if first == last else f"{first}-{last}")
        # the PDF cites the paper as its page does: the same title (a reported topic as a [description]) and
        # the same authors, also in the PDF's metadata; the organiser is not named as anyone's author
        cited.append(tags["citation_title"][0])
        assert squash(norm(tags["citation_title"][0])) in squash(norm(own.pages[0].extract_text()))
        authors = [a.rstrip(",") for a in tags["citation_author"]]
        assert own.metadata["/Author"] == ", ".join(authors)
    assert any(t.startswith("[") for t in cited)  # the fixture has a paper known only by its topic
    assert "/Author" not in reader.metadata  # the book: no editors named in the fixture's volume.yml


def test_bookmarks_list_every_part_and_paper_in_order(book_site):
    reader = pypdf.PdfReader(book_site["site"] / VOL / "ky-yeu-laocai-2023.pdf")
    flat = []

    def walk(items, depth=1):
        for x in items:
            walk(x, depth + 1) if isinstance(x, list) else flat.append((depth, x.title))

    walk(reader.outline)
    from kyyeu.load import check

    corpus = check(book_site["repo"])
    papers = [(2, p.record.title["vi"]) for p in corpus.papers_of("laocai-2023")]
    parts = [t for d, t in flat if d == 1]
    assert parts == ["Lời giới thiệu", "Ban tổ chức và thành phần tham dự", "Báo cáo đề dẫn", "Tham luận",
                     "Kết quả khảo sát", "Kết luận hội thảo", "Phụ lục: Văn bản chỉ đạo", "Chỉ mục cơ quan, đơn vị"]
    start = flat.index((1, "Tham luận")) + 1
    assert flat[start:start + len(papers)] == papers


def test_vietnamese_index_order():
    names = ["Ủy ban", "Đảng ủy", "Dân vận", "Ơn", "Ông", "Ong", "Âu", "Ăn", "An", "Ư", "Uy", "Zeta", "Ba", "Bà",
             "Bả", "Bã", "Bá", "Bạ", "Bác", "Ấn", "Yên", unicodedata.normalize("NFD", "Ưng")]
    assert [unicodedata.normalize("NFC", n) for n in sorted(names, key=vn_key)] == [
        "An", "Ăn", "Ấn", "Âu", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bác", "Dân vận", "Đảng ủy",
        "Ong", "Ông", "Ơn", "Uy", "Ủy ban", "Ư", "Ưng", "Yên", "Zeta"]


def test_the_book_index_is_in_vietnamese_order(book_site):
    text = norm(pdf_text(book_site["site"] / VOL / "ky-yeu-laocai-2023.pdf"))
    index = text[text.rindex("Chỉ mục cơ quan, đơn vị"):]
    names = re.findall(r"([^\d.,][^.\d]*?)\s*(?:\. ?)+\d", index[len("Chỉ mục cơ quan, đơn vị"):])
    names = [n.strip(" ,") for n in names if n.strip(" ,")]
    assert len(names) >= 5 and names == sorted(names, key=vn_key)


def test_same_input_and_date_give_byte_identical_pdfs(book_site):
    one, two = book_site["site"], book_site["site2"]
    for path in all_pdfs(one):
        other = two / path.relative_to(one)
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(other.read_bytes()).digest(), path


def test_word_import_prints_table_footnote_image_and_articles(book_site):
    path = book_site["site"] / VOL / "so-tttt/ky-yeu-laocai-2023-so-tttt.pdf"
    reader = pypdf.PdfReader(path)
    text = norm(" ".join(p.extract_text() for p in reader.pages))
    for s in ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Trách nhiệm", "1. Giữ gìn thông tin cá nhân trên mạng.",
              "2. Kiểm tra nguồn tin", "Mạng Tỷ lệ", "Zalo 91,1", "Chú thích in ở cuối trang."]:
        assert s in text, s
    assert "{:" not in text and "dieu-1" not in text  # the importer's anchors are not printed
    images = [x for p in reader.pages for x in p["/Resources"].get("/XObject", {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert len(images) == 1


PLAIN_TEXTS = [
    "## Mở đầu\n\nĐoạn có *nghiêng*, **đậm**, `mã` và [liên kết](https://example.org/a).\n\n### Ý thứ nhất\n",
    "1. Một\n    - con\n2. Hai\n\n> Trích dẫn.\n\n---\n\nTiêu đề kiểu cũ\n---------------\n",
    "| Mạng | Tỷ lệ |\n|---|---:|\n| Zalo | 91,1 |\n\nCâu có chú thích.[^1]\n\n[^1]: Chú thích.\n",
    "::: ghi-chu\nMột khối.\n:::\n\nDòng một  \ndòng hai, số 5 và 10 %.\n",
]
FILTERED_TEXTS = ["![Biểu đồ](media/a.png)", "## Điều 1 {#dieu-1}", "Xem [Điều 1](#dieu-1).",
                  "[Điều 1][d]\n\n[d]: #dieu-1", "[x]{#y}", "<https://example.org/#a>"]


def test_the_lua_filter_is_skipped_only_where_it_changes_nothing(tmp_path):
    """convert runs the Lua filter only for texts it can change (it costs a fifth of pandoc's time): for
    the other constructs the importer and editors write, pandoc's output is the same without it."""
    assert not any(pdf.needs_filter(t) for t in PLAIN_TEXTS)
    assert all(pdf.needs_filter(t) for t in FILTERED_TEXTS)
    outputs = []
    for filtered in (True, False):
        work = tmp_path / str(filtered)
        pdf._pandoc([(f"typ/{i}.typ", t) for i, t in enumerate(PLAIN_TEXTS)], work, filtered)
        outputs.append([(work / f"typ/{i}.typ").read_text(encoding="utf-8") for i in range(len(PLAIN_TEXTS))])
    assert outputs[0] == outputs[1]
    assert "#footnote" in outputs[0][2] and "table(" in outputs[0][2]  # the constructs did reach Typst
    # where it changes the output: the anchor's label is dropped, the link to it keeps its text only
    work = tmp_path / "anchors"
    pdf._pandoc([("typ/a.typ", FILTERED_TEXTS[1] + "\n\n" + FILTERED_TEXTS[2])], work, False)
    assert "<dieu-1>" in (work / "typ/a.typ").read_text(encoding="utf-8")
    paths = pdf.convert([FILTERED_TEXTS[1] + "\n\n" + FILTERED_TEXTS[2], PLAIN_TEXTS[0]], tmp_path / "both")
    typ = (tmp_path / "both" / paths[0].lstrip("/")).read_text(encoding="utf-8")
    assert "dieu-1" not in typ and "Điều 1" in typ


def pdfa(data: bytes) -> tuple[str, str]:
    """(part, conformance) a PDF declares in its XMP metadata."""
    part = re.search(rb"<pdfaid:part>(\d)</pdfaid:part>", data)
    conformance = re.search(rb"<pdfaid:conformance>(\w)</pdfaid:conformance>", data)
    return (part.group(1).decode() if part else "", conformance.group(1).decode() if conformance else "")


def test_every_pdf_of_the_site_is_pdf_a_2a_checked_by_typst(book_site):
    """README: the books and papers declare PDF/A-2a (archival and tagged), which Typst checks as it writes
    them; the fixture's Word image has its description."""
    pdfs = all_pdfs(book_site["site"])
    assert len(pdfs) >= 4
    for path in pdfs:
        assert pdfa(path.read_bytes()) == ("2", "A"), path


def test_the_pdfs_are_packed_and_keep_typsts_streams_metadata_and_id(book_site):
    """pack: the site's PDFs have their objects in compressed object streams (PERFORMANCE.md: a book about
    40 % smaller); qpdf changed no stream (content, fonts, images, XMP) and no document information, keeps
    the file's permanent ID, and gives the same bytes again."""
    import pikepdf

    for path in all_pdfs(book_site["site"]):
        assert b"/ObjStm" in path.read_bytes(), path
    typ = ('#set document(title: "Thử", author: "Tác giả")\n#set text(font: "Noto Serif", lang: "vi")\n'
           '= Phần\n' + "Đoạn có #link(\"https://example.org\")[liên kết]. " * 40)
    raw = typst.compile(typ.encode(), format="pdf", font_paths=typeset.fonts(), pdf_standards=["a-2a"])
    packed = typeset.pack(raw)
    assert typeset.pack(raw) == packed and b"/ObjStm" in packed and len(packed) < len(raw)

    def streams(doc):
        return sorted(bytes(o.read_raw_bytes()) for o in doc.objects
                      if isinstance(o, pikepdf.Stream) and o.get("/Type") not in ("/ObjStm", "/XRef"))

    with pikepdf.open(io.BytesIO(raw)) as a, pikepdf.open(io.BytesIO(packed)) as b:
        assert streams(a) == streams(b) and bytes(a.Root.Metadata.read_raw_bytes()) in packed
        assert dict(a.docinfo.items()) == dict(b.docinfo.items())
        assert bytes(a.trailer.ID[0]) == bytes(b.trailer.ID[0])
    assert pdfa(packed) == ("2", "A")


def test_a_typst_process_loads_neither_the_records_model_nor_the_site():
    """Each Typst process imports `typeset` (24 of them at N = 1,000): the model and the site took a third
    of a second in every one. Its templates' folder is the site's."""
    import subprocess
    import sys

    from kyyeu.site import TEMPLATES

    code = "import sys, kyyeu.build.typeset; print(sorted(m for m in sys.modules if m.startswith(('kyyeu', 'pydantic', 'yaml', 'jinja2'))))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "kyyeu.build.typeset" in loaded
    for heavy in ("kyyeu.load", "kyyeu.model", "kyyeu.site", "pydantic", "yaml", "jinja2"):
        assert f"'{heavy}'" not in loaded, loaded
    assert typeset.TEMPLATES == TEMPLATES and pdf._Job is typeset._Job


def test_an_image_without_a_description_makes_the_pdf_a_2b(tmp_path):
    """Typst refuses PDF/A-2a for an image without a description; such a book is PDF/A-2b, not an error."""
    (tmp_path / "typ").mkdir()
    (tmp_path / "typ/aa.typ").write_text('#box(image("/img/1.png", alt: "Biểu đồ"))\n', encoding="utf-8")
    (tmp_path / "typ/bb.typ").write_text('#box(image("/img/2.png", alt: ""))\n', encoding="utf-8")
    assert typeset.archival_profile(json.dumps({"papers": [{"fulltext": "/typ/aa.typ"}]}), tmp_path) == ["a-2a"]
    assert typeset.archival_profile(json.dumps({"papers": [{"fulltext": "/typ/aa.typ"}, {"fulltext": "/typ/bb.typ"}]}), tmp_path) == ["a-2b"]
    (tmp_path / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    (tmp_path / "main.typ").write_text('#image("x.svg")\n', encoding="utf-8")
    c = typst.Compiler(input=str(tmp_path / "main.typ"), root=str(tmp_path), font_paths=typeset.fonts())
    with pytest.raises(typst.TypstError, match="alt"):
        c.compile(format="pdf", pdf_standards=["a-2a"])
    assert pdfa(c.compile(format="pdf", pdf_standards=["a-2b"])) == ("2", "B")


def test_warnings_and_missing_glyphs_are_errors_naming_the_record(tmp_path):
    with pytest.raises(KyyeuError, match=r"papers/x/vi.md: the book's font \(Noto Serif\) has no glyph for U\+6F22"):
        pdf._check_glyphs("Hán 漢", "papers/x/vi.md")
    c = typst.Compiler(input='#set text(font: "No Such Font")\nxin chào'.encode(), font_paths=typeset.fonts())
    _, warnings = c.compile_with_warnings(format="pdf")
    assert warnings and "unknown font family" in warnings[0].message  # compile() treats these as errors


@pytest.mark.parametrize("case", ["broken-image", "wide-table", "long-title"])
def test_bad_input_gives_one_line_or_a_correct_pdf_and_keeps_the_last_site(repo_copy, case, capsys):
    from kyyeu.cli import main

    paper = repo_copy / "papers/laocai-2023/cong-an"
    _publish(paper)
    site = repo_copy / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    if case == "broken-image":
        (paper / "media").mkdir()
        (paper / "media/image-1.png").write_bytes(b"\x89PNG not really")
        (paper / "vi.md").write_text("Văn bản.\n\n![Hình](media/image-1.png)\n", encoding="utf-8")
    elif case == "wide-table":
        head = "|" + "|".join(f"Cột{i}" for i in range(40)) + "|\n|" + "---|" * 40 + "\n|" + "|".join("dữ liệu" for _ in range(40)) + "|\n"
        (paper / "vi.md").write_text("Bảng rộng:\n\n" + head, encoding="utf-8")
    else:
        yml = paper / "paper.yml"
        long = ("Tiêu đề rất dài " * 40)[:600].strip()
        yml.write_text(re.sub(r"(title:\n  vi: ).*", lambda m: m.group(1) + long, yml.read_text(encoding="utf-8"), count=1),
                       encoding="utf-8")
        (paper / "vi.md").write_text("Văn bản.\n", encoding="utf-8")
    code = main(["--root", str(repo_copy), "build", "--work", str(repo_copy / "work")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if case == "broken-image":
        assert code != 0
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and "cong-an/vi.md" in lines[0] and "image" in lines[0], err
        assert (site / "index.html").read_text(encoding="utf-8") == "last good site"
    else:
        assert code == 0, err
        own = site / VOL / "cong-an/ky-yeu-laocai-2023-cong-an.pdf"
        text = norm(pdf_text(own))
        if case == "wide-table":
            assert "Cột0" in text and "Cột39" in text
            # scaled to fit: every glyph of the page stays inside the page
            reader = pypdf.PdfReader(own)
            width = float(reader.pages[0].mediabox.width)
            xs = []
            reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, fd, fs: xs.append(cm[4] + tm[4] * cm[0]) if t.strip() else None)
            assert max(xs) < width
        else:
            assert norm(long)[:100] in text


def test_serve_makes_the_pdfs_in_the_background_and_then_shows_the_page_numbers(repo_copy):
    """The page reload does not wait for Typst: the first rebuild has no PDF yet; the background thread
    makes them, and rebuilds once more so that the paper page shows its pages."""
    from kyyeu.serve.session import Session

    paper = repo_copy / "papers/laocai-2023/cong-an"
    _publish(paper)
    (paper / "vi.md").write_text("## Mở đầu\n\nVăn bản của tham luận.\n", encoding="utf-8")
    session = Session(repo_copy, repo_copy / "site", repo_copy / "work", search=False)
    session.rebuild()
    own = repo_copy / "site" / VOL / "cong-an/ky-yeu-laocai-2023-cong-an.pdf"
    page = repo_copy / "site" / VOL / "cong-an/index.html"
    assert "citation_firstpage" not in page.read_text(encoding="utf-8")  # the layout was not waited for
    session.close()
    assert session.pdf_error is None
    assert own.is_file() and (repo_copy / "site" / VOL / "ky-yeu-laocai-2023.pdf").is_file()
    assert meta_tags(page)["citation_firstpage"] == [pypdf.PdfReader(own).page_labels[0]]


def test_typst_runs_in_processes_of_its_own_and_the_builds_process_keeps_no_book(repo_copy, tmp_path):
    """Typst's memo cache lives as long as its process (about 400 MB per book): every compile runs in a
    short-lived process, and a killed one is one line naming the record, not a traceback."""
    import datetime as dt

    from kyyeu.load import check
    from kyyeu.site import Site

    paper = repo_copy / "papers/laocai-2023/cong-an"
    _publish(paper)
    (paper / "vi.md").write_text("## Mở đầu\n\nVăn bản của tham luận.\n", encoding="utf-8")
    site = Site(check(repo_copy), dt.date(2026, 11, 29), langs=("vi",))
    work = tmp_path / "work"
    pdf.layout(site, work)
    made = pdf.write(site, tmp_path / "site", work)
    pr = pdf.printer(work, "vi")
    assert made["books"] == 1 and made["papers"] == 1 and pr.stats["compiled"] == 2
    assert pr._compiler is None  # this process never compiled: the book and the paper were printed elsewhere
    assert (tmp_path / "site" / VOL / "cong-an/ky-yeu-laocai-2023-cong-an.pdf").read_bytes().startswith(b"%PDF")

    job = pdf._Job(pr, "paper", [({"broken": True}, "papers/laocai-2023/cong-an/vi.md")])
    job.proc.kill()
    with pytest.raises(KyyeuError, match=r"^papers/laocai-2023/cong-an/vi.md: the printed book could not be made: its Typst process stopped"):
        job.result()
    job.stop()
    assert not job.spec.exists()


def test_site_pdfs_share_the_caches_bytes_and_a_rebuild_never_writes_into_them(repo_copy, tmp_path):
    folder = repo_copy / "papers/laocai-2023/cong-an"
    (folder / "vi.md").write_text("## Mở đầu\n\nBản thứ nhất.\n", encoding="utf-8")
    _publish(folder)
    work = tmp_path / "work"
    first = build(repo_copy, site_dir=tmp_path / "s1", work_dir=work).site
    paper = next((first / "volumes/laocai-2023/cong-an").glob("*.pdf"))
    book = next((first / "volumes/laocai-2023").glob("*.pdf"))
    cached = list((work / "pdf" / "vi" / "out").glob("*.pdf"))
    assert any(os.path.samefile(paper, c) for c in cached)  # a hard link, not a second copy
    assert any(os.path.samefile(book, c) for c in cached)
    before = {p: p.read_bytes() for p in (paper, book)}

    (folder / "vi.md").write_text("## Mở đầu\n\nBản thứ hai, dài hơn bản thứ nhất.\n", encoding="utf-8")
    second = build(repo_copy, site_dir=tmp_path / "s2", work_dir=work).site
    assert {p: p.read_bytes() for p in (paper, book)} == before  # the first site is untouched
    assert "Bản thứ hai" in norm(pdf_text(second / paper.relative_to(first)))
    assert "Bản thứ hai" not in norm(pdf_text(paper))
