"""kyyeu import: Word structure → Markdown (headings, lists, tables, footnotes, images, legal articles) and the record."""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import markdown as python_markdown
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from kyyeu.importer import import_file

try:
    from conftest_import import (DOCUMENT_YML, PAPER_YML, add_footnotes, cli, footnote_ref, make_record,
                                 new_document, png, snapshot)
except ImportError:  # tests/ made a package
    from tests.conftest_import import (DOCUMENT_YML, PAPER_YML, add_footnotes, cli, footnote_ref, make_record,
                                       new_document, png, snapshot)

SITE_EXTENSIONS = ["attr_list", "footnotes", "tables", "def_list", "md_in_html", "toc"]

@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the importer's report and errors in English (the Vietnamese ones: test_messages.py)."""
    monkeypatch.setenv("KYYEU_LANG", "en")



def _save(tmp_path, document, name: str):
    """Save a python-docx document into tmp_path."""
    path = tmp_path / name
    document.save(path)
    return path


def _html(text: str) -> str:
    """The Markdown rendered as the site renders it."""
    return python_markdown.markdown(text, extensions=SITE_EXTENSIONS)


def test_headings_lists_emphasis_and_escapes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    document.add_heading("Kỷ yếu hội thảo", level=0)
    document.add_heading("Phần I: Tổng quan", level=1)
    document.add_heading("Bối cảnh", level=2)
    paragraph = document.add_paragraph("Năm ")
    paragraph.add_run("2023").bold = True
    paragraph.add_run(" là năm ")
    paragraph.add_run("bản lề ").italic = True
    run = paragraph.add_run("quan trọng")
    run.bold = run.italic = True
    paragraph.add_run(".")
    document.add_paragraph("Ký tự đặc biệt: * _ [x] | {a} <b> `c` \\ &amp;")
    document.add_paragraph("1. Không phải danh sách")
    document.add_paragraph("# Không phải tiêu đề")
    paragraph = document.add_paragraph("Dòng một")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("dòng hai")
    document.add_paragraph("Gạch đầu dòng", style="List Bullet")
    document.add_paragraph("Gạch con", style="List Bullet 2")
    document.add_paragraph("Gạch đầu dòng nữa", style="List Bullet")
    document.add_paragraph("Đoạn xen giữa.")
    document.add_paragraph("Bước một", style="List Number")
    document.add_paragraph("Bước hai", style="List Number")
    document.add_paragraph("")  # empty paragraphs vanish
    _save(tmp_path, document, "Báo cáo Tổng kết 2023.DOCX")
    code = cli("Báo cáo Tổng kết 2023.DOCX", "--into", "papers/hoi-thao-2023/bao-cao")
    assert code == 0
    text = (record / "vi.md").read_text(encoding="utf-8")
    # the Title is the page's own h1, not repeated; Heading 1/2 sit under the page's "Toàn văn" (h2)
    assert text == (
        "### Phần I: Tổng quan\n"
        "\n"
        "#### Bối cảnh\n"
        "\n"
        "Năm **2023** là năm *bản lề* ***quan trọng***.\n"
        "\n"
        "Ký tự đặc biệt: \\* \\_ \\[x\\] \\| \\{a\\} &lt;b> \\`c\\` \\\\ &amp;amp;\n"
        "\n"
        "1\\. Không phải danh sách\n"
        "\n"
        "\\# Không phải tiêu đề\n"
        "\n"
        "Dòng một  \n"
        "dòng hai\n"
        "\n"
        "- Gạch đầu dòng\n"
        "    - Gạch con\n"
        "- Gạch đầu dòng nữa\n"
        "\n"
        "Đoạn xen giữa.\n"
        "\n"
        "1. Bước một\n"
        "2. Bước hai\n"
    )
    out = capsys.readouterr().out
    assert (
        "  title: the Word title differs from title.vi in paper.yml (tiêu đề khác nhau):\n"
        "    Word:   “Kỷ yếu hội thảo”\n"
        "    record: “Báo cáo tổng kết” (shown as the page's title)\n"
        "    if the Word title is the exact title, write it as title.vi: in paper.yml\n"
    ) in out
    html = _html(text)
    assert "<p>Ký tự đặc biệt: * _ [x] | {a} &lt;b&gt; `c` \\ &amp;amp;</p>" in html
    assert "<p>1. Không phải danh sách</p>" in html and "<p># Không phải tiêu đề</p>" in html
    assert "<" + "script" not in html
    # the original is kept under a slug name and listed in paper.yml
    copy = record / "bao-cao-tong-ket-2023.docx"
    assert copy.read_bytes() == (tmp_path / "Báo cáo Tổng kết 2023.DOCX").read_bytes()
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert (record / "paper.yml").read_text(encoding="utf-8") == PAPER_YML + (
        "attachments:\n"
        "  - file: bao-cao-tong-ket-2023.docx\n"
        "    kind: docx\n"
        f"    sha256: {digest}\n"
        "    lang: vi\n"
    )


def _picture(document, paragraph, descr: str | None):
    """Add the tiny PNG to a paragraph, with Word's alt text (docPr descr) when given."""
    run = paragraph.add_run()
    run.add_picture(io.BytesIO(png()))
    doc_pr = run._r.find(".//" + qn("wp:docPr"))
    if descr is not None:
        doc_pr.set("descr", descr)
    return run


def test_table_footnote_and_image(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    add_footnotes(document, ["Theo số liệu của Sở Thông tin và Truyền thông."])
    paragraph = document.add_paragraph("Số người dùng tăng mạnh")
    footnote_ref(paragraph, 1)
    paragraph.add_run(".")
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("Năm", "Số thuê bao | di động"), ("2022", "1.200"), ("2023", "1.500")]):
        for col, value in enumerate(cells):
            table.cell(row, col).text = value
    table.cell(2, 1).paragraphs[0].runs[0].bold = True
    _picture(document, document.add_paragraph(), "Biểu đồ thuê bao 2022–2023 [ước tính]")
    _save(tmp_path, document, "so-lieu.docx")
    assert cli("so-lieu.docx", "--into", "papers/hoi-thao-2023/bao-cao") == 0
    text = (record / "vi.md").read_text(encoding="utf-8")
    assert text == (
        "Số người dùng tăng mạnh[^1].\n"
        "\n"
        "| Năm | Số thuê bao \\| di động |\n"
        "| --- | --- |\n"
        "| 2022 | 1.200 |\n"
        "| 2023 | **1.500** |\n"
        "\n"
        "![Biểu đồ thuê bao 2022–2023 \\[ước tính\\]](media/image-1.png)\n"
        "\n"
        "[^1]: Theo số liệu của Sở Thông tin và Truyền thông.\n"
    )
    assert (record / "media" / "image-1.png").read_bytes() == png()
    html = _html(text)
    assert '<img alt="Biểu đồ thuê bao 2022–2023 [ước tính]" src="media/image-1.png" />' in html
    assert "<td>Số thuê bao | di động</td>" in html.replace("<th>", "<td>").replace("</th>", "</td>")
    assert 'class="footnote"' in html
    out = capsys.readouterr().out
    assert "  converted: 0 headings, 0 list items, 1 table, 1 footnote, 1 image\n" in out
    assert "  not converted (không chuyển được): nothing\n" in out


def test_merged_cells_and_missing_alt_text_are_reported(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Gộp"
    table.cell(0, 2).text = "C"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "2"
    table.cell(1, 2).text = "3"
    _picture(document, document.add_paragraph("Ảnh: "), None)
    _save(tmp_path, document, "gop-o.docx")
    assert cli("gop-o.docx", "--into", "papers/hoi-thao-2023/bao-cao") == 0
    assert (record / "vi.md").read_text(encoding="utf-8") == (
        "| Gộp |  | C |\n"
        "| --- | --- | --- |\n"
        "| 1 | 2 | 3 |\n"
        "\n"
        "Ảnh: ![](media/image-1.png)\n"
    )
    out = capsys.readouterr().out
    assert out.endswith(
        "  not converted (không chuyển được):\n"
        "    - table 1: merged cells (ô gộp) were split into separate cells; check it\n"
        "    - media/image-1.png: no alt text in Word (ảnh không có mô tả); add one in the Markdown\n"
    )


LEGAL_LINES = [
    "QUỐC HỘI",
    "LUẬT AN NINH MẠNG",
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
    "Chương I",
    "NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Luật này quy định về hoạt động bảo vệ an ninh quốc gia.",
    "Điều 2. Giải thích từ ngữ",
    "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
    "1. An ninh mạng là sự bảo đảm hoạt động trên không gian mạng.",
    "2. Bảo vệ an ninh mạng là:",
    "a) Phòng ngừa, phát hiện hành vi vi phạm;",
    "đ) Xử lý hành vi vi phạm.",
    "Chương II. BẢO VỆ AN NINH MẠNG",
    "Mục 1",
    "HỆ THỐNG THÔNG TIN",
    "Điều 3. Hệ thống thông tin quan trọng",
    "Mục 2. PHÒNG NGỪA",
    "Điều 4. Phòng ngừa",
    "CHƯƠNG III: TỔ CHỨC THỰC HIỆN",
    "Mục 1. Trách nhiệm",
    "Điều 5. Hiệu lực thi hành",
]


def test_legal_document_structure(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path, "document")
    document = new_document()
    for line in LEGAL_LINES:
        paragraph = document.add_paragraph(line)
        if line.startswith(("Chương", "Điều")):
            paragraph.runs[0].bold = True
    # Word's own numbering for the clauses of Điều 5
    document.add_paragraph("Luật này có hiệu lực từ ngày 01 tháng 01 năm 2019.", style="List Number")
    document.add_paragraph("Chính phủ quy định chi tiết.", style="List Number")
    _save(tmp_path, document, "luat.docx")
    assert cli("luat.docx", "--into", "papers/documents/luat-an-ninh-mang") == 0
    text = (record / "vi.md").read_text(encoding="utf-8")
    assert text == (
        "QUỐC HỘI\n\n"
        "LUẬT AN NINH MẠNG\n\n"
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\n"
        "### Chương I. NHỮNG QUY ĐỊNH CHUNG {#chuong-1}\n\n"
        "#### Điều 1. Phạm vi điều chỉnh {#dieu-1}\n\n"
        "Luật này quy định về hoạt động bảo vệ an ninh quốc gia.\n\n"
        "#### Điều 2. Giải thích từ ngữ {#dieu-2}\n\n"
        "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:\n\n"
        "1\\. An ninh mạng là sự bảo đảm hoạt động trên không gian mạng.\n"
        "{: #dieu-2-khoan-1 }\n\n"
        "2\\. Bảo vệ an ninh mạng là:\n"
        "{: #dieu-2-khoan-2 }\n\n"
        "a) Phòng ngừa, phát hiện hành vi vi phạm;\n"
        "{: #dieu-2-khoan-2-diem-a }\n\n"
        "đ) Xử lý hành vi vi phạm.\n"
        "{: #dieu-2-khoan-2-diem-dd }\n\n"
        "### Chương II. BẢO VỆ AN NINH MẠNG {#chuong-2}\n\n"
        "#### Mục 1. HỆ THỐNG THÔNG TIN {#chuong-2-muc-1}\n\n"
        "##### Điều 3. Hệ thống thông tin quan trọng {#dieu-3}\n\n"
        "#### Mục 2. PHÒNG NGỪA {#chuong-2-muc-2}\n\n"
        "##### Điều 4. Phòng ngừa {#dieu-4}\n\n"
        "### CHƯƠNG III. TỔ CHỨC THỰC HIỆN {#chuong-3}\n\n"
        "#### Mục 1. Trách nhiệm {#chuong-3-muc-1}\n\n"
        "##### Điều 5. Hiệu lực thi hành {#dieu-5}\n\n"
        "1\\. Luật này có hiệu lực từ ngày 01 tháng 01 năm 2019.\n"
        "{: #dieu-5-khoan-1 }\n\n"
        "2\\. Chính phủ quy định chi tiết.\n"
        "{: #dieu-5-khoan-2 }\n"
    )
    html = _html(text)
    assert '<h3 id="chuong-1">Chương I. NHỮNG QUY ĐỊNH CHUNG</h3>' in html
    assert '<p id="dieu-2-khoan-2-diem-dd">đ) Xử lý hành vi vi phạm.</p>' in html
    assert '<p id="dieu-5-khoan-2">2. Chính phủ quy định chi tiết.</p>' in html
    out = capsys.readouterr().out
    assert "  structure: legal (record is a document (document.yml); Chương/Mục/Điều headings, Khoản/Điểm ids)\n" in out
    assert "  legal structure: 3 chương, 3 mục, 5 điều, 4 khoản, 2 điểm\n" in out
    assert (record / "document.yml").read_text(encoding="utf-8").startswith(DOCUMENT_YML + "attachments:\n")


def test_paper_with_articles_uses_legal_mode_and_plain_paper_does_not(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    for line in ["Điều 1. Phạm vi", "1. Nội dung một.", "Điều 2. Đối tượng"]:
        document.add_paragraph(line)
    _save(tmp_path, document, "quy-che.docx")
    assert cli("quy-che.docx", "--into", str(record)) == 0
    assert (record / "vi.md").read_text(encoding="utf-8") == (
        "### Điều 1. Phạm vi {#dieu-1}\n\n1\\. Nội dung một.\n{: #dieu-1-khoan-1 }\n\n### Điều 2. Đối tượng {#dieu-2}\n"
    )
    assert "structure: legal (2 lines start with “Điều N.”;" in capsys.readouterr().out
    document = new_document()
    document.add_paragraph("Điều 1. Một dòng thôi")
    document.add_paragraph("1. Nội dung.")
    _save(tmp_path, document, "mot-dieu.docx")
    assert cli("mot-dieu.docx", "--into", str(record), "--lang", "en") == 0
    assert (record / "en.md").read_text(encoding="utf-8") == "Điều 1. Một dòng thôi\n\n1\\. Nội dung.\n"
    assert "structure: plain" in capsys.readouterr().out


def test_reimport_needs_force_and_replaces_the_entry(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    document.add_paragraph("Bản một")
    src = _save(tmp_path, document, "ban.docx")
    assert cli(str(src), "--into", str(record)) == 0
    before = snapshot(tmp_path)
    document.add_paragraph("Bản hai")
    document.save(src)
    assert cli(str(src), "--into", str(record)) == 1
    err = capsys.readouterr().err
    assert "vi.md already exists; use --force" in err
    assert snapshot(tmp_path) == {**before, "ban.docx": src.read_bytes()}
    assert cli(str(src), "--into", str(record), "--force") == 0
    assert (record / "vi.md").read_text(encoding="utf-8") == "Bản một\n\nBản hai\n"
    yml = (record / "paper.yml").read_text(encoding="utf-8")
    assert yml.count("- file: ban.docx") == 1
    assert hashlib.sha256(src.read_bytes()).hexdigest() in yml


def test_images_with_same_bytes_share_a_file_and_english_import_keeps_vietnamese_media(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    (record / "media").mkdir()
    (record / "media" / "image-1.png").write_bytes(b"another picture")
    document = new_document()
    _picture(document, document.add_paragraph(), "Ảnh A")
    _picture(document, document.add_paragraph(), "Ảnh A lần nữa")
    _save(tmp_path, document, "anh.docx")
    assert cli("anh.docx", "--into", str(record), "--lang", "en") == 0
    assert (record / "en.md").read_text(encoding="utf-8") == (
        "![Ảnh A](media/image-2.png)\n\n![Ảnh A lần nữa](media/image-2.png)\n"
    )
    assert (record / "media" / "image-1.png").read_bytes() == b"another picture"
    assert sorted(p.name for p in (record / "media").iterdir()) == ["image-1.png", "image-2.png"]


def test_pdf_is_attached_without_text(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    pdf = tmp_path / "Quyết định.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    report = import_file(pdf, record)
    assert report.markdown is None
    assert not (record / "vi.md").exists()
    assert (record / "quyet-dinh.pdf").read_bytes() == pdf.read_bytes()
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert report.text() == (
        "kyyeu import: Quyết định.pdf (PDF) → attachment only\n"
        "  text: not extracted (chưa trích xuất văn bản); no vi.md written — add the text by hand\n"
        f"  attachment: quyet-dinh.pdf (kind pdf, lang vi, sha256 {digest[:12]}…) listed in paper.yml"
    )
    assert (record / "paper.yml").read_text(encoding="utf-8") == PAPER_YML + (
        f"attachments:\n  - file: quyet-dinh.pdf\n    kind: pdf\n    sha256: {digest}\n    lang: vi\n"
    )


def test_existing_attachments_and_comments_survive(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    yml = PAPER_YML + (
        "attachments:\n"
        "  # bản scan gốc (original scan)\n"
        "  - file: ban-scan.pdf\n"
        "    kind: pdf\n"
        "    sha256: " + "0" * 64 + "\n"
        "    lang: vi\n"
        "# cuối tệp (end of file)\n"
    )
    (record / "paper.yml").write_text(yml, encoding="utf-8")
    document = new_document()
    document.add_paragraph("Nội dung")
    src = _save(tmp_path, document, "noi-dung.docx")
    assert cli(str(src), "--into", str(record)) == 0
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert (record / "paper.yml").read_text(encoding="utf-8") == PAPER_YML + (
        "attachments:\n"
        "  # bản scan gốc (original scan)\n"
        "  - file: ban-scan.pdf\n"
        "    kind: pdf\n"
        "    sha256: " + "0" * 64 + "\n"
        "    lang: vi\n"
        "  - file: noi-dung.docx\n"
        "    kind: docx\n"
        f"    sha256: {digest}\n"
        "    lang: vi\n"
        "# cuối tệp (end of file)\n"
    )


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_doc_file_is_converted_with_libreoffice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    document.add_heading("Báo cáo cũ", level=1)
    document.add_paragraph("Định dạng .doc")
    _save(tmp_path, document, "cu.docx")
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([exe, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), "cu.docx"],
                   check=True, capture_output=True, timeout=300)
    assert cli("doc/cu.doc", "--into", str(record)) == 0
    assert (record / "vi.md").read_text(encoding="utf-8") == "### Báo cáo cũ\n\nĐịnh dạng .doc\n"
    assert "kind: doc\n" in (record / "paper.yml").read_text(encoding="utf-8")


def test_links_tracked_changes_hidden_text_and_soft_hyphen(tmp_path, monkeypatch, capsys):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    paragraph = document.add_paragraph("Xem ")
    good = document.part.relate_to("https://laocai.gov.vn/a b", RT.HYPERLINK, is_external=True)
    bad = document.part.relate_to("javascript:alert(1)", RT.HYPERLINK, is_external=True)
    for xml in [
        f'<w:hyperlink {w} {r} r:id="{good}"><w:r><w:rPr><w:b/></w:rPr><w:t>cổng thông tin</w:t></w:r></w:hyperlink>',
        f'<w:hyperlink {w} {r} r:id="{bad}"><w:r><w:t xml:space="preserve"> và đây</w:t></w:r></w:hyperlink>',
        f'<w:ins {w} w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> đã thêm</w:t></w:r></w:ins>',
        f'<w:del {w} w:id="2" w:author="A"><w:r><w:delText> đã xoá</w:delText></w:r></w:del>',
        f'<w:r {w}><w:rPr><w:vanish/></w:rPr><w:t>chữ ẩn</w:t></w:r>',
        # TCVN3 "ư" is byte 0xAD, which Word stores as an optional-hyphen element
        f'<w:r {w}><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
        '<w:t xml:space="preserve"> n</w:t><w:softHyphen/><w:t>íc.</w:t></w:r>',
    ]:
        paragraph._p.append(parse_xml(xml))
    _save(tmp_path, document, "lien-ket.docx")
    assert cli("lien-ket.docx", "--into", str(record)) == 0
    text = (record / "vi.md").read_text(encoding="utf-8")
    assert text == "Xem [**cổng thông tin**](https://laocai.gov.vn/a%20b) và đây đã thêm nước.\n"
    assert "javascript" not in _html(text)
    out = capsys.readouterr().out
    assert out.endswith(
        "  not converted (không chuyển được):\n"
        "    - link to “javascript:alert(1)” dropped (only http, https and mailto links are kept)\n"
        "    - tracked changes (theo dõi thay đổi): insertions kept, deletions dropped, as if accepted\n"
    )


def test_doc_goes_through_soffice_and_the_original_doc_is_attached(tmp_path, monkeypatch, capsys):
    """The .doc plumbing with a stand-in `soffice` that "converts" by copying a ready .docx."""
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    document.add_paragraph("Nội dung từ tệp .doc")
    ready = _save(tmp_path, document, "ready.docx")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    fake = fake_bin / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'while [ "$#" -gt 1 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done\n'
        f'name=$(basename "$1" .doc); cp "{ready}" "$out/$name.docx"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_bin}:/usr/bin:/bin")
    (tmp_path / "Công văn.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert cli("Công văn.doc", "--into", str(record)) == 0
    assert (record / "vi.md").read_text(encoding="utf-8") == "Nội dung từ tệp .doc\n"
    assert (record / "cong-van.doc").read_bytes() == (tmp_path / "Công văn.doc").read_bytes()
    assert "    kind: doc\n" in (record / "paper.yml").read_text(encoding="utf-8")
    assert "  .doc converted to .docx with LibreOffice first\n" in capsys.readouterr().out


def test_superscript_numbers_without_a_notes_list_stay_digits(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = make_record(tmp_path)
    document = new_document()
    paragraph = document.add_paragraph("Diện tích 25 m")
    paragraph.add_run("2").font.superscript = True
    paragraph.add_run(".")
    _save(tmp_path, document, "m2.docx")
    assert cli("m2.docx", "--into", str(record)) == 0
    assert (record / "vi.md").read_text(encoding="utf-8") == "Diện tích 25 m2.\n"
    assert "1 superscript number(s) in the text have no matching numbered notes list" in capsys.readouterr().out
