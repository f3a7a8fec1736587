"""Every message `kyyeu` shows an editor, in Vietnamese and English: one catalogue, key → {vi, en}.

Vietnamese by default; English with `--lang en` or `KYYEU_LANG=en`. Texts are `str.format`
templates with named fields (`{name}`; a literal brace is `{{`). A key ending in `.fix` is the
"what would be right" part of the problem of the same key without it (printed as `(cần …)` /
`(expected …)`). The `file:line: field:` prefix of a problem line is never translated, so tools
(CI annotations, editors) read it the same way in both languages.

`tests/test_messages.py` walks the catalogue (both languages for every key, the same fields in
both) and the modules that print, to check that their messages come from here.
"""
from __future__ import annotations

import difflib
import os
import string

LANGS = ("vi", "en")
DEFAULT = "vi"
ENV = "KYYEU_LANG"

_lang: str | None = None


def current() -> str:
    """The language messages are shown in: set_lang's, else $KYYEU_LANG's, else Vietnamese."""
    if _lang:
        return _lang
    env = (os.environ.get(ENV) or "").strip().lower()[:2]
    return env if env in LANGS else DEFAULT


def set_lang(lang: str | None) -> None:
    """Choose the language (None: back to $KYYEU_LANG or the default); child processes inherit it."""
    global _lang
    if lang is not None and lang not in LANGS:
        raise ValueError(lang)
    _lang = lang
    if lang:
        os.environ[ENV] = lang


def t(key: str, /, lang: str | None = None, **fields) -> str:
    """The message `key` in the current language (or `lang`), its fields filled in."""
    return CATALOGUE[key][lang or current()].format(**fields)


def has(key: str) -> bool:
    return key in CATALOGUE


def fields_of(text: str) -> set[str]:
    """The named fields a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def did_you_mean(value: object, known, n: int = 3) -> str:
    """" (did you mean `x`?)" in the current language, or "" when nothing is close."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, [str(k) for k in known], n=n, cutoff=0.6)
    if not close:
        return ""
    return t("hint.did_you_mean", names=t("hint.or").join(f"`{c}`" for c in close))


def add_lang(parser) -> None:
    """`--lang vi|en` after a command too (`kyyeu check --lang en`); cli.main reads it before parsing."""
    import argparse

    parser.add_argument("--lang", dest="ui_lang", choices=LANGS, default=argparse.SUPPRESS, help=t("help.lang"))


def join(items) -> str:
    return ", ".join(f"`{i}`" for i in items)


CATALOGUE: dict[str, dict[str, str]] = {
    # --- kyyeu import (kyyeu/importer/) ---
    "import.no_file": {"vi": "{file}: không có tệp này", "en": "{file}: no such file"},
    "import.bad_kind": {"vi": "{file}: không nhập được tệp {what}; cần tệp .docx, .doc hoặc .pdf", "en": "{file}: cannot import a {what}; expected .docx, .doc or .pdf"},
    "import.no_extension": {"vi": "tệp không có đuôi", "en": "file without extension"},
    "import.empty": {"vi": "{file}: tệp rỗng (0 byte)", "en": "{file}: the file is empty (0 bytes)"},
    "import.too_large": {"vi": "{file}: tệp {size} MB, lớn hơn giới hạn 50 MB", "en": "{file}: the file is {size} MB, larger than the 50 MB limit"},
    "import.not_pdf": {"vi": "{file}: không phải tệp PDF (không bắt đầu bằng %PDF-)", "en": "{file}: not a PDF file (it does not start with %PDF-)"},
    "import.docx_named_doc": {"vi": "{file}: đây là tệp .docx mang đuôi .doc; đổi tên thành .docx", "en": "{file}: this is a .docx file named .doc; rename it to .docx"},
    "import.not_doc": {"vi": "{file}: không phải tệp Word .doc (thiếu phần đầu OLE)", "en": "{file}: not a Word .doc file (no OLE compound-file header)"},
    "import.encrypted": {"vi": "{file}: tệp Word có mật khẩu (đã mã hoá); bỏ mật khẩu trong Word (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu lại", "en": "{file}: the Word file is password-protected (encrypted); remove the password in Word (File → Info → Protect Document) and save again"},
    "import.doc_named_docx": {"vi": "{file}: đây là tệp Word cũ (.doc) mang đuôi .docx; đổi tên thành .doc", "en": "{file}: this is an old binary Word file (.doc) named .docx; rename it to .doc"},
    "import.not_zip": {"vi": "{file}: không phải tệp Word (.docx là gói ZIP; tệp này không phải: {detail})", "en": "{file}: not a Word file (.docx is a ZIP package; this file is not one: {detail})"},
    "import.no_document_xml": {"vi": "{file}: không phải tệp Word (gói ZIP không có word/document.xml)", "en": "{file}: not a Word file (the ZIP package has no word/document.xml)"},
    "import.zip_encrypted": {"vi": "{file}: gói ZIP đã bị mã hoá", "en": "{file}: the ZIP package is encrypted"},
    "import.zip_too_big": {"vi": "{file}: giải nén ra {size} MB, quá giới hạn 200 MB (có thể là bom nén)", "en": "{file}: unpacks to {size} MB, more than the 200 MB limit (possible zip bomb)"},
    "import.zip_ratio": {"vi": "{file}: phần {member} nở ra {ratio}:1, quá {limit}:1 (có thể là bom nén)", "en": "{file}: member {member} expands {ratio}:1, more than {limit}:1 (possible zip bomb)"},
    "import.unreadable": {"vi": "{file}: không đọc được như một tài liệu Word ({detail})", "en": "{file}: could not be read as a Word document ({detail})"},
    "import.bad_lang": {"vi": "--lang phải là vi hoặc en, không phải {value}", "en": "--lang must be vi or en, not {value}"},
    "import.exists": {"vi": "{file} đã có; dùng --force để thay", "en": "{file} already exists; use --force to replace it"},
    "import.exists_other": {"vi": "{file} đã có với nội dung khác; dùng --force để thay", "en": "{file} already exists with other content; use --force to replace it"},
    "import.nothing": {"vi": "{file}: tài liệu không có chữ hay hình nào để nhập", "en": "{file}: the document has no text or pictures to import"},
    "import.mixed_lists": {"vi": "một danh sách gạch đầu dòng liền ngay sau một danh sách đánh số (hoặc ngược lại) sẽ hiện thành một danh sách; đặt một câu vào giữa", "en": "a bulleted list directly followed by a numbered one (or the reverse) shows as one list; put a sentence between them"},
    "import.suspect_runs": {"vi": "{count} đoạn chữ phông Unicode trông như chữ TCVN3 bị mất phông (vd. “Hµ Néi”); giữ nguyên", "en": "{count} run(s) in a Unicode font look like TCVN3 text that lost its font (e.g. “Hµ Néi”); left as they are"},
    "import.reformatted": {"vi": "{file} đã được trình ghi YAML viết lại ở dạng chuẩn (thụt lề, xuống dòng, NFC); hãy xem phần thay đổi", "en": "{file} was rewritten in normal form (indentation, line endings, NFC) by the YAML writer; check the diff"},
    "import.no_libreoffice": {"vi": "{file}: tệp Word cũ .doc cần LibreOffice, nhưng không tìm thấy trong PATH: {hint}", "en": "{file}: an old Word .doc file needs LibreOffice, which is not on PATH: {hint}"},
    "import.libreoffice_slow": {"vi": "{file}: LibreOffice chuyển đổi quá 5 phút", "en": "{file}: LibreOffice took more than 5 minutes to convert it"},
    "import.libreoffice_failed": {"vi": "{file}: LibreOffice không chuyển đổi được (có mật khẩu hoặc tệp hỏng?): {detail}", "en": "{file}: LibreOffice could not convert it (password-protected or damaged?): {detail}"},
    "import.no_folder": {"vi": "{file}: không có thư mục này (--into phải là thư mục của một bản ghi)", "en": "{file}: no such folder (--into must be a record folder)"},
    "import.not_record": {"vi": "{file}: không phải thư mục bản ghi (không có paper.yml hay document.yml)", "en": "{file}: not a record folder (it has neither paper.yml nor document.yml)"},
    "import.both_records": {"vi": "{file}: có cả paper.yml và document.yml; chỉ giữ một", "en": "{file}: has both paper.yml and document.yml; keep one"},
    "import.bad_yaml": {"vi": "{file}: không phải YAML hợp lệ: {detail}", "en": "{file}: not valid YAML: {detail}"},
    "import.not_mapping": {"vi": "{file}: bản ghi phải là một bảng YAML (các dòng `trường: giá trị`)", "en": "{file}: the record must be a YAML mapping"},
    "import.attachments_not_list": {"vi": "{file}: attachments phải là một danh sách", "en": "{file}: attachments must be a list"},
    "import.unreadable_here": {"vi": "không đọc được như một tài liệu Word ({detail})", "en": "could not be read as a Word document ({detail})"},
    "import.help": {"vi": "tệp Word (.docx/.doc) → toàn văn Markdown của một bản ghi; PDF → chỉ đính kèm", "en": "Word (.docx/.doc) file → Markdown full text of a record; PDF → attachment only"},
    "import.description": {"vi": "Chuyển một tệp Word thành <DIR>/vi.md hoặc en.md (phông TCVN3/VNI cũ thành Unicode, văn bản pháp luật có mã Chương/Điều), chép bản gốc vào DIR và ghi nó vào attachments: của paper.yml hoặc document.yml.", "en": "Convert a Word file into <DIR>/vi.md or en.md (legacy TCVN3/VNI fonts become Unicode, legal documents get Chương/Điều ids), copy the original into DIR and list it under attachments: in paper.yml or document.yml."},
    "import.help_file": {"vi": "tệp .docx, .doc hoặc .pdf", "en": "the .docx, .doc or .pdf file"},
    "import.help_into": {"vi": "thư mục bản ghi: papers/<tập>/<tham-luận>/ hoặc papers/documents/<mã-văn-bản>/", "en": "record folder: papers/<volume>/<paper>/ or papers/documents/<doc-id>/"},
    "import.help_lang": {"vi": "ngôn ngữ của văn bản (mặc định vi)", "en": "language of the text (default vi)"},
    "import.help_force": {"vi": "thay vi.md/en.md và tệp đính kèm đã có", "en": "replace an existing vi.md/en.md and attachment"},
    "import.error": {"vi": "kyyeu import: lỗi: {detail}", "en": "kyyeu import: error: {detail}"},
    "import.p.superscript": {"vi": "{count} số mũ trong văn bản không khớp với danh sách chú thích đánh số ở cuối tài liệu; giữ thành chữ số thường (hãy dùng chú thích của Word: Tham chiếu → Chèn chú thích cuối trang)", "en": "{count} superscript number(s) in the text have no matching numbered notes list at the end of the document; kept as plain digits (make them Word footnotes: References → Insert Footnote)"},
    "import.p.headers": {"vi": "không nhập đầu trang/chân trang", "en": "page headers/footers (đầu trang/chân trang) are not imported"},
    "import.p.comments": {"vi": "không nhập {count} ghi chú (comment) của Word", "en": "{count} Word comment(s) (ghi chú) are not imported"},
    "import.p.altchunk": {"vi": "không nhập tài liệu nhúng (altChunk)", "en": "an embedded document (altChunk) is not imported"},
    "import.p.tracked": {"vi": "theo dõi thay đổi: giữ phần thêm, bỏ phần xoá, như khi đã chấp nhận", "en": "tracked changes (theo dõi thay đổi): insertions kept, deletions dropped, as if accepted"},
    "import.p.equation": {"vi": "không chuyển được công thức: “{text}”", "en": "equation not converted (công thức): “{text}”"},
    "import.p.link": {"vi": "bỏ liên kết tới “{target}” (chỉ giữ liên kết http, https và mailto)", "en": "link to “{target}” dropped (only http, https and mailto links are kept)"},
    "import.p.symbol": {"vi": "không chuyển được ký tự ký hiệu {char} của phông {font}", "en": "symbol character {char} in font {font} not converted"},
    "import.p.note_missing": {"vi": "{kind} {id} được dẫn nhưng không có trong tệp", "en": "{kind} {id} is referenced but missing from the file"},
    "import.p.ole": {"vi": "không chuyển được đối tượng nhúng (OLE, vd. công thức hay biểu đồ cũ); chỉ giữ ảnh xem trước, nếu có", "en": "embedded object (OLE, e.g. an old equation or chart) not converted; only its preview picture, if any, is kept"},
    "import.p.chart": {"vi": "biểu đồ", "en": "chart"},
    "import.p.shape": {"vi": "hình vẽ hoặc hộp văn bản", "en": "shape or text box"},
    "import.p.not_converted": {"vi": "không chuyển được {what}", "en": "{what} not converted"},
    "import.p.linked_picture": {"vi": "không nhập ảnh liên kết (không nhúng) {link}", "en": "linked (not embedded) picture {link} not imported"},
    "import.p.picture_missing": {"vi": "ảnh {id} không có dữ liệu trong tệp", "en": "picture {id} has no image in the file"},
    "import.p.no_alt": {"vi": "media/{name}: ảnh không có mô tả trong Word; thêm mô tả trong bản Markdown", "en": "media/{name}: no alt text in Word (ảnh không có mô tả); add one in the Markdown"},
    "import.p.bad_image": {"vi": "media/{name}: ảnh .{ext} không hiện trong trình duyệt; đổi sang PNG", "en": "media/{name}: .{ext} images do not show in browsers; convert it to PNG"},
    "import.p.unmapped": {"vi": "giữ nguyên các ký tự không có nghĩa trong bảng mã {encoding}: {chars}", "en": "characters with no {encoding} meaning kept as they are: {chars}"},
    "import.p.merged": {"vi": "bảng {number}: ô gộp đã được tách thành các ô riêng; hãy kiểm tra", "en": "table {number}: merged cells (ô gộp) were split into separate cells; check it"},
    "import.p.nested": {"vi": "bảng {number}: bảng lồng trong một ô đã được chuyển thành chữ", "en": "table {number}: a table inside a cell was flattened to text"},
    "import.p.duplicate_label": {"vi": "“{label}” xuất hiện nhiều lần; mã của nó là #{anchor}", "en": "“{label}” appears more than once; its id is #{anchor}"},
    "import.r.where": {"vi": "{field} trong {file}", "en": "{field} in {file}"},
    "import.r.title_none": {"vi": "  tiêu đề: tệp Word không có dòng kiểu Title; trang hiện {where}: “{title}”", "en": "  title: the Word file has no Title-style line; the page shows {where}: “{title}”"},
    "import.r.title_same": {"vi": "  tiêu đề: “{title}” trùng {where}; không lặp lại trong văn bản", "en": "  title: “{title}” equals {where}; not repeated in the text (tiêu đề không lặp lại)"},
    "import.r.title_differs": {"vi": "  tiêu đề: tiêu đề trong Word khác {where}:", "en": "  title: the Word title differs from {where} (tiêu đề khác nhau):"},
    "import.r.title_word": {"vi": "    Word:    “{title}”", "en": "    Word:   “{title}”"},
    "import.r.title_record": {"vi": "    bản ghi: “{title}” (hiện làm tiêu đề trang)", "en": "    record: “{title}” (shown as the page's title)"},
    "import.r.title_how": {"vi": "    nếu tiêu đề trong Word là tiêu đề chính xác, hãy ghi nó vào {field}: trong {file}", "en": "    if the Word title is the exact title, write it as {field}: in {file}"},
    "import.r.title_topic": {"vi": "  lưu ý: {file} có `title_is_topic: true`, khiến trang ghi rằng chưa biết tiêu đề chính xác (tiêu đề chỉ là chủ đề); nếu tiêu đề trong Word là tiêu đề chính xác, hãy ghi nó vào {field}: và xoá dòng đó", "en": "  note: {file} has `title_is_topic: true`, which makes the page say that the exact title is not known (tiêu đề chỉ là chủ đề); if the Word title is the exact title, write it as {field}: and remove that line"},
    "import.r.pdf": {"vi": "kyyeu import: {source} (PDF) → chỉ đính kèm", "en": "kyyeu import: {source} (PDF) → attachment only"},
    "import.r.pdf_text": {"vi": "  văn bản: chưa trích xuất; không ghi {language}.md — hãy thêm văn bản bằng tay", "en": "  text: not extracted (chưa trích xuất văn bản); no {language}.md written — add the text by hand"},
    "import.r.head": {"vi": "kyyeu import: {source} → {markdown}", "en": "kyyeu import: {source} → {markdown}"},
    "import.r.doc_first": {"vi": "  tệp .doc được LibreOffice chuyển sang .docx trước", "en": "  .doc converted to .docx with LibreOffice first"},
    "import.r.converter": {"vi": "  bộ chuyển đổi: {engine}", "en": "  converter: {engine}"},
    "import.r.structure": {"vi": "  cấu trúc: {mode} ({reason})", "en": "  structure: {mode} ({reason})"},
    "import.r.converted": {"vi": "  đã chuyển: ", "en": "  converted: "},
    "import.r.n_heading": {"vi": "{count} đề mục", "en": "{count} heading"},
    "import.r.n_item": {"vi": "{count} mục danh sách", "en": "{count} list item"},
    "import.r.n_table": {"vi": "{count} bảng", "en": "{count} table"},
    "import.r.n_footnote": {"vi": "{count} chú thích", "en": "{count} footnote"},
    "import.r.n_image": {"vi": "{count} ảnh", "en": "{count} image"},
    "import.r.n_run": {"vi": "{count} đoạn chữ", "en": "{count} run"},
    "import.r.footnotes": {"vi": "  chú thích: {word} chú thích cuối trang/cuối tài liệu của Word, {typed} từ số mũ có danh sách chú thích; liên kết hai chiều", "en": "  footnotes (chú thích): {word} Word footnote(s)/endnote(s), {typed} from superscript numbers with a notes list; linked both ways"},
    "import.r.legal": {"vi": "  cấu trúc văn bản pháp luật: {chuong} chương, {muc} mục, {dieu} điều, {khoan} khoản, {diem} điểm", "en": "  legal structure: {chuong} chương, {muc} mục, {dieu} điều, {khoan} khoản, {diem} điểm"},
    "import.r.legacy": {"vi": "  phông chữ cũ đã chuyển sang Unicode:", "en": "  legacy fonts converted to Unicode (phông chữ cũ → Unicode):"},
    "import.r.legacy_none": {"vi": "  phông chữ cũ: không có (văn bản đã là Unicode)", "en": "  legacy fonts: none (văn bản đã là Unicode)"},
    "import.r.attachment": {"vi": "  tệp đính kèm: {name} (loại {kind}, ngôn ngữ {language}, sha256 {sha}…) đã ghi vào {file}", "en": "  attachment: {name} (kind {kind}, lang {language}, sha256 {sha}…) listed in {file}"},
    "import.r.note": {"vi": "  lưu ý: {note}", "en": "  note: {note}"},
    "import.r.not_converted": {"vi": "  không chuyển được:", "en": "  not converted (không chuyển được):"},
    "import.r.not_converted_none": {"vi": "  không chuyển được: không có", "en": "  not converted (không chuyển được): nothing"},
    # --- the shape of a problem line -------------------------------------------------------------
    "problem.expected": {"vi": "(cần {what})", "en": "(expected {what})"},
    "hint.did_you_mean": {"vi": " (có phải ý bạn là {names}?)", "en": " (did you mean {names}?)"},
    "hint.or": {"vi": " hoặc ", "en": " or "},
    "cli.error": {"vi": "lỗi: {message}", "en": "error: {message}"},
    "cli.problems": {"vi": "{count} vấn đề trong papers/", "en": "{count} problem(s) in papers/"},

    # --- kyyeu check: the whole file -------------------------------------------------------------
    "check.bom": {"vi": "tệp bắt đầu bằng dấu BOM (byte-order mark)", "en": "the file starts with a byte-order mark (BOM)"},
    "check.bom.fix": {"vi": "UTF-8 không BOM; lưu lại tệp dạng 'UTF-8' thay vì 'UTF-8 with BOM'",
                      "en": "UTF-8 without BOM; re-save the file as 'UTF-8' not 'UTF-8 with BOM'"},
    "check.not_utf8": {"vi": "tệp không phải văn bản UTF-8 hợp lệ", "en": "the file is not valid UTF-8"},
    "check.not_utf8.fix": {"vi": "văn bản UTF-8", "en": "UTF-8 text"},
    "check.crlf": {"vi": "tệp xuống dòng kiểu Windows (CRLF) hoặc Mac cũ (CR)",
                   "en": "the file has Windows (CRLF) or old Mac (CR) line endings"},
    "check.crlf.fix": {"vi": "xuống dòng kiểu Unix (LF)", "en": "Unix line endings (LF)"},
    "check.schema_line": {"vi": "dòng đầu không ghi JSON Schema của bản ghi",
                          "en": "the first line does not name the record's JSON Schema"},
    "check.schema_line.fix": {"vi": "dòng đầu là `{want}`", "en": "first line `{want}`"},
    "check.tab": {"vi": "có ký tự Tab ở dòng {line}, cột {column}: YAML chỉ thụt lề bằng dấu cách",
                  "en": "a tab character at line {line}, column {column}: YAML indents with spaces only"},
    "check.tab.fix": {"vi": "2 dấu cách thay cho Tab; VS Code: bấm “Tab Size” ở góc dưới, chọn “Indent Using Spaces”",
                      "en": "2 spaces instead of the tab; VS Code: click “Tab Size” in the status bar, “Indent Using Spaces”"},
    "check.yaml_syntax": {"vi": "lỗi cú pháp YAML: {problem}", "en": "YAML syntax error: {problem}"},
    "check.yaml_syntax.fix": {"vi": "YAML hợp lệ (xem lại thụt lề và dấu nháy ở dòng này hoặc dòng trên)",
                              "en": "valid YAML (check indentation and quotes on this line or the one before)"},
    "check.yaml_error": {"vi": "lỗi YAML: {problem}", "en": "YAML error: {problem}"},
    "check.yaml_error.fix": {"vi": "YAML hợp lệ", "en": "valid YAML"},
    "check.not_mapping": {"vi": "tệp không gồm các dòng `trường: giá trị`", "en": "the file does not hold a mapping of fields"},
    "check.not_mapping.fix": {"vi": "các dòng `trường: giá trị` ở cấp ngoài cùng", "en": "`field: value` lines at the top level"},
    "check.duplicate_key": {"vi": "trường được ghi hai lần", "en": "the field is given twice"},
    "check.duplicate_key.fix": {"vi": "mỗi trường một lần", "en": "each field once"},
    "check.unexpected_md": {"vi": "tệp Markdown không mong đợi", "en": "unexpected Markdown file"},
    "check.unexpected_md.fix": {"vi": "toàn văn tên là vi.md hoặc en.md", "en": "full text named vi.md or en.md"},
    "check.unexpected_yaml": {"vi": "tệp YAML không mong đợi trong thư mục tập", "en": "unexpected YAML file in a volume folder"},
    "check.unexpected_yaml.fix": {"vi": "volume.yml, survey.yml, hoặc một thư mục tham luận có paper.yml",
                                  "en": "volume.yml, survey.yml, or a paper folder with paper.yml"},
    "check.no_paper_yml": {"vi": "thư mục không có paper.yml", "en": "folder has no paper.yml"},
    "check.no_paper_yml.fix": {"vi": "papers/<tập>/<tham-luận>/paper.yml", "en": "papers/<volume>/<paper>/paper.yml"},
    "check.no_document_yml": {"vi": "thư mục không có document.yml", "en": "folder has no document.yml"},
    "check.no_document_yml.fix": {"vi": "papers/documents/<mã>/document.yml", "en": "papers/documents/<id>/document.yml"},
    "check.no_volume_yml": {"vi": "thư mục không có volume.yml", "en": "folder has no volume.yml"},
    "check.no_volume_yml.fix": {"vi": "papers/<tập>/volume.yml", "en": "papers/<volume>/volume.yml"},
    "check.no_papers": {"vi": "không có thư mục papers/", "en": "the papers/ folder is missing"},
    "check.no_papers.fix": {"vi": "papers/ có organisations.yml (chạy lệnh trong thư mục dự án, hoặc dùng --root)",
                            "en": "papers/ with organisations.yml (run in the project folder, or pass --root)"},
    "check.no_registry": {"vi": "thiếu danh sách cơ quan", "en": "the organisation registry is missing"},
    "check.no_registry.fix": {"vi": "papers/organisations.yml", "en": "papers/organisations.yml"},

    # --- kyyeu check: a field ---------------------------------------------------------------------
    "check.missing": {"vi": "thiếu trường bắt buộc `{name}`", "en": "required field `{name}` is missing"},
    "check.missing.fix": {"vi": "thêm một dòng như `{example}`", "en": "a line such as `{example}`"},
    "check.unknown_field": {"vi": "trường lạ `{name}`{hint}", "en": "unknown field `{name}`{hint}"},
    "check.unknown_field.fix": {"vi": "một trong các trường: {names}", "en": "one of the fields: {names}"},
    "check.bad_date": {"vi": "ngày không hợp lệ: {value}", "en": "not a valid date: {value}"},
    "check.bad_date.fix": {"vi": "ngày dạng YYYY-MM-DD, vd. 2023-11-28", "en": "a date as YYYY-MM-DD, e.g. 2023-11-28"},
    "check.bad_id": {"vi": "mã không hợp lệ: {value}", "en": "not a valid id: {value}"},
    "check.bad_id.fix": {"vi": "chữ thường không dấu và số nối bằng dấu gạch ngang, vd. cong-an-lao-cai",
                         "en": "lowercase ASCII letters and digits joined by hyphens, e.g. cong-an-lao-cai"},
    "check.bad_form": {"vi": "{value} sai dạng", "en": "{value} does not have the right form"},
    "check.bad_form.fix": {"vi": "văn bản khớp {pattern}", "en": "text matching {pattern}"},
    "check.not_allowed": {"vi": "{value} không được phép{hint}", "en": "{value} is not allowed{hint}"},
    "check.not_allowed.fix": {"vi": "một trong: {names}", "en": "one of {names}"},
    "check.wrong_type": {"vi": "giá trị {value} không phải {type}", "en": "the value {value} is not {type}"},
    "check.too_short": {"vi": "trường để trống", "en": "the field is empty"},
    "check.too_short.fix": {"vi": "ít nhất {min} {unit}, hoặc xoá trường nếu không bắt buộc",
                            "en": "at least {min} {unit}, or remove the field if it is optional"},
    "check.too_long": {"vi": "giá trị quá dài", "en": "the value is too long"},
    "check.too_long.fix": {"vi": "nhiều nhất {max} {unit}", "en": "at most {max} {unit}"},
    "check.too_small": {"vi": "{value} quá nhỏ", "en": "{value} is too small"},
    "check.too_small.fix": {"vi": "một số lớn hơn hoặc bằng {limit:g}", "en": "a number greater than or equal to {limit:g}"},
    "check.too_large": {"vi": "{value} quá lớn", "en": "{value} is too large"},
    "check.too_large.fix": {"vi": "một số nhỏ hơn hoặc bằng {limit:g}", "en": "a number less than or equal to {limit:g}"},
    "check.invalid": {"vi": "giá trị không hợp lệ: {detail}", "en": "not a valid value: {detail}"},
    "check.not_nfc": {"vi": "chữ không ở dạng Unicode NFC (dựng sẵn)", "en": "text is not in Unicode NFC (composed) form"},
    "check.not_nfc.fix": {"vi": "NFC; chạy `kyyeu check --fix-nfc` để chuyển", "en": "NFC; run `kyyeu check --fix-nfc` to convert"},
    "check.removed_html": {"vi": "mã HTML mà trang web sẽ xoá: {what}", "en": "HTML the site removes: {what}"},
    "check.removed_html.fix": {"vi": "chỉ chữ và Markdown (liên kết http, https hoặc mailto; ảnh trong thư mục của bản ghi)",
                               "en": "text and Markdown only (links to http, https or mailto; images from the record's folder)"},
    "check.word_and_md": {"vi": "cả {word} và {md} đều là toàn văn tiếng {language}", "en": "both {word} and {md} give the {language} full text"},
    "check.word_and_md.fix": {"vi": "chỉ giữ một: xoá {md} để dựng từ tệp Word, hoặc xoá {word} để giữ bản Markdown",
                              "en": "one of them: delete {md} to build from the Word file, or {word} to keep the Markdown"},
    "check.word_too_large": {"vi": "tệp Word quá lớn ({size} MB)", "en": "the Word file is too large ({size} MB)"},
    "check.word_too_large.fix": {"vi": "tối đa {limit} MB; thu nhỏ hình hoặc đính kèm tệp dạng PDF",
                                 "en": "at most {limit} MB; make the pictures smaller or attach the file as a PDF"},
    "check.word_reader_missing": {"vi": "không đọc được tệp Word (bộ đọc Word chưa được nạp)",
                                  "en": "could not be read as a Word document (the Word reader is not loaded)"},
    "check.word_reader_missing.fix": {"vi": "chạy `kyyeu check`, `kyyeu build` hoặc `kyyeu serve`", "en": "run `kyyeu check`, `kyyeu build` or `kyyeu serve`"},
    "check.word_unreadable": {"vi": "không đọc được tệp Word: {detail}", "en": "could not be read as a Word document: {detail}"},
    "check.word_unreadable.fix": {"vi": "tệp .docx lưu bằng Word hoặc LibreOffice (Tệp → Lưu thành → Word Document)",
                                  "en": "a .docx saved by Word or LibreOffice (File → Save As → Word Document)"},
    "check.word_text_too_large": {"vi": "văn bản quá lớn sau khi chuyển đổi", "en": "the text is too large once converted"},
    "check.word_text_too_large.fix": {"vi": "tối đa {limit} MB chữ; chia nhỏ văn bản", "en": "at most {limit} MB of text; split it"},
    "check.word_empty": {"vi": "tệp Word không có chữ", "en": "the Word file has no text"},
    "check.word_empty.fix": {"vi": "toàn văn của tham luận trong tệp", "en": "the paper's text in the file"},
    "check.moved_own": {"vi": "{value} là địa chỉ hiện tại của chính bản ghi", "en": "{value} is the record's own address"},
    "check.moved_own.fix": {"vi": "một địa chỉ cũ của bản ghi, hoặc xoá dòng này", "en": "an earlier address, or remove the line"},
    "check.moved_live": {"vi": "{value} là địa chỉ của một bản ghi khác vẫn đang có", "en": "{value} is the address of another record, which still exists"},
    "check.moved_live.fix": {"vi": "một địa chỉ bản ghi này từng có và nay không bản ghi nào dùng",
                             "en": "an address this record had before, that no record has now"},
    "check.moved_reserved": {"vi": "{value} là trang riêng của một tập", "en": "{value} is a volume's own page"},
    "check.moved_reserved.fix": {"vi": "một địa chỉ bản ghi này từng có và nay không bản ghi nào dùng",
                                 "en": "an address this record had before, that no record has now"},
    "check.moved_twice": {"vi": "{value} cũng có trong moved_from của {other}", "en": "{value} is also in moved_from of {other}"},
    "check.moved_twice.fix": {"vi": "mỗi địa chỉ cũ chỉ ghi ở một bản ghi", "en": "each old address in one record"},
    "check.no_source": {"vi": "chưa ghi nguồn: một điểm chỉ được đăng khi có nguồn công khai nêu điểm đó",
                        "en": "no source given: a point is published only with a public source that states it"},
    "check.no_source.fix": {"vi": "ít nhất một dòng `- publisher: …, url: …`", "en": "at least one `- publisher: …, url: …`"},
    "check.point_duplicate": {"vi": "mã {value} đã dùng cho một điểm khác của văn bản", "en": "duplicate id {value}"},
    "check.point_duplicate.fix": {"vi": "mỗi mã một lần trong văn bản", "en": "each id once in the document"},
    "check.unknown_topic": {"vi": "không có chủ đề mã {value}{hint}", "en": "unknown topic id {value}{hint}"},
    "check.unknown_topic.fix": {"vi": "một mã trong papers/topics.yml", "en": "an id from papers/topics.yml"},
    "check.change_unnamed": {"vi": "chưa nêu văn bản bị thay thế", "en": "the replaced document is not named"},
    "check.change_unnamed.fix": {"vi": "`document:` (một mã) hoặc `number:`", "en": "`document:` (an id) or `number:`"},
    "check.unknown_paper": {"vi": "không có tham luận {value}{hint}", "en": "unknown paper {value}{hint}"},
    "check.unknown_paper.fix": {"vi": "<tập>/<mã tham luận> của một tham luận trong papers/", "en": "<volume>/<paper id> of a paper in papers/"},
    "check.unknown_survey": {"vi": "tập {value} không có khảo sát", "en": "no survey in volume {value}"},
    "check.unknown_survey.fix": {"vi": "mã của một tập có survey.yml", "en": "the id of a volume with a survey.yml"},
    "check.file_too_large": {"vi": "tệp quá lớn ({size} MB)", "en": "the file is too large ({size} MB)"},
    "check.file_too_large.fix": {"vi": "tối đa {limit} MB; chia nhỏ văn bản hoặc đính kèm tệp dạng PDF",
                            "en": "at most {limit} MB; split the text or attach the file as a PDF"},
    "check.yaml_alias": {"vi": "tệp dùng bí danh YAML (*tên)", "en": "the file uses YAML aliases (*name)"},
    "check.yaml_alias.fix": {"vi": "viết đầy đủ từng giá trị; bản ghi không dùng neo (&tên) hay bí danh",
                             "en": "each value written out; anchors (&name) and aliases are not allowed in records"},
    "check.name_not_nfc": {"vi": "tên tệp hoặc thư mục không ở dạng Unicode NFC (dựng sẵn)",
                           "en": "the file or folder name is not in Unicode NFC (composed) form"},
    "check.name_not_nfc.fix": {"vi": "gõ lại tên ở dạng dựng sẵn (đổi tên tệp hoặc thư mục)",
                               "en": "the name typed again in composed form (rename the file or folder)"},
    "check.symlink_out": {"vi": "liên kết tượng trưng (symlink) trỏ ra ngoài kho", "en": "a symbolic link that leads outside the repository"},
    "check.symlink_out.fix": {"vi": "chép chính tệp đó vào thư mục của bản ghi", "en": "the file itself, copied into the record's folder"},
    "check.dup_survey": {"vi": "mã khảo sát {value} đã được dùng ở {other}", "en": "the survey id {value} is also used by {other}"},
    "check.dup_survey.fix": {"vi": "một mã chưa khảo sát nào dùng", "en": "an id no other survey has"},
    "check.dup_paper": {"vi": "mã tham luận {value} đã được dùng ở {other}", "en": "the paper id {value} is also used by {other}"},
    "check.dup_paper.fix": {"vi": "một mã chưa tham luận nào của tập khác dùng (khoá trích dẫn và liên kết gọi tham luận bằng mã này)",
                            "en": "an id no other volume's paper has (citation keys and links name a paper by it)"},
    "type.string": {"vi": "chữ (văn bản)", "en": "text (a string)"},
    "type.int": {"vi": "một số nguyên", "en": "an integer (a whole number)"},
    "type.float": {"vi": "số", "en": "a number"},
    "type.bool": {"vi": "true hoặc false", "en": "true or false"},
    "type.list": {"vi": "danh sách", "en": "a list"},
    "type.mapping": {"vi": "nhóm trường (các dòng thụt lề `trường: giá trị`)", "en": "a group of fields (indented `field: value` lines)"},
    "type.url": {"vi": "địa chỉ web", "en": "a web address"},
    "unit.chars": {"vi": "ký tự", "en": "character(s)"},
    "unit.items": {"vi": "mục", "en": "item(s)"},

    # --- kyyeu check: between records and files ----------------------------------------------------
    "check.duplicate_id": {"vi": "mã trùng {value}", "en": "duplicate id {value}"},
    "check.duplicate_id.fix": {"vi": "mỗi mã một lần", "en": "each id once"},
    "check.reserved_id": {"vi": "{value} là tên dành cho các trang của tập", "en": "{value} is reserved for the volume's own pages"},
    "check.reserved_id.fix": {"vi": "một mã khác", "en": "another id"},
    "check.id_folder": {"vi": "mã {value} khác tên thư mục {folder}", "en": "id {value} differs from its folder name {folder}"},
    "check.id_folder.fix": {"vi": "id: {name} (hoặc đổi tên thư mục)", "en": "id: {name} (or rename the folder)"},
    "check.unknown_org": {"vi": "không có cơ quan mã {value}{hint}", "en": "unknown organisation id {value}{hint}"},
    "check.unknown_org.fix": {"vi": "một mã trong papers/organisations.yml", "en": "an id from papers/organisations.yml"},
    "check.unknown_doc": {"vi": "không có văn bản mã {value}{hint}", "en": "unknown document id {value}{hint}"},
    "check.unknown_doc.fix": {"vi": "tên một thư mục trong papers/documents/", "en": "the id of a folder in papers/documents/"},
    "check.unknown_target": {"vi": "không có văn bản mã {value}{hint}", "en": "unknown document id {value}{hint}"},
    "check.unknown_target.fix": {"vi": "tên một thư mục trong papers/documents/, hoặc `number:` cho văn bản ngoài kho",
                                 "en": "the id of a folder in papers/documents/, or `number:` for a document outside the collection"},
    "check.self_relation": {"vi": "văn bản không thể liên hệ với chính nó", "en": "a document cannot relate to itself"},
    "check.self_relation.fix": {"vi": "mã của văn bản khác", "en": "another document's id"},
    "check.order_used": {"vi": "vị trí {order} đã dùng cho {file}", "en": "order {order} is also used by {file}"},
    "check.order_used.fix": {"vi": "một vị trí chưa tham luận nào của tập dùng", "en": "a position not used by another paper of the volume"},
    "check.path_leaves": {"vi": "đường dẫn ra ngoài thư mục bản ghi", "en": "the path leaves the record's folder"},
    "check.path_leaves.fix": {"vi": "một tệp trong thư mục", "en": "a file inside the folder"},
    "check.no_attachment": {"vi": "không thấy tệp đính kèm: {file}", "en": "attached file not found: {file}"},
    "check.no_attachment.fix": {"vi": "tệp trong {folder}/", "en": "the file in {folder}/"},
    "check.checksum": {"vi": "mã kiểm tra không khớp với tệp", "en": "checksum does not match the file"},
    "check.checksum.fix": {"vi": "sha256 {sha}", "en": "sha256 {sha}"},
    "check.stale_schemas": {"vi": "các JSON Schema trong papers/schemas/ đã cũ so với mô hình: chạy `kyyeu schemas` và commit chúng: {files}",
                            "en": "the JSON Schemas in papers/schemas/ are out of date with the model: run `kyyeu schemas` and commit them: {files}"},

    # --- the model's own checks (model.py validators) ----------------------------------------------
    "model.one_language": {"vi": "ghi nội dung ít nhất một thứ tiếng (vi hoặc en)", "en": "give the text in at least one language (vi or en)"},
    "model.path_leaves": {"vi": "đường dẫn ra ngoài thư mục bản ghi; chỉ ghi tên một tệp trong thư mục",
                          "en": "the path leaves the record's folder; give a file name inside the folder"},
    "model.generated_name": {"vi": "tên này trùng tệp trang web tự tạo (index…, cite.…, volume.…, ky-yeu-…, *.md); đổi tên tệp",
                             "en": "the name is one the site generates (index…, cite.…, volume.…, ky-yeu-…, *.md); rename the file"},
    "model.status_order": {"vi": "các mục status phải xếp cũ nhất trước", "en": "status entries must be oldest first"},
    "model.one_related": {"vi": "ghi đúng một trong hai: `paper` (tập/tham luận) hoặc `survey` (mã một tập)",
                          "en": "give exactly one of `paper` (volume/paper) or `survey` (a volume id)"},
    "model.one_target": {"vi": "ghi đúng một trong hai: `target` (mã văn bản) hoặc `number` (văn bản ngoài kho)",
                         "en": "give exactly one of `target` (a document id) or `number` (a document outside the collection)"},
    "model.number_id": {"vi": "số hiệu không khớp mã {value}; mã phải là số hiệu viết dạng slug: {slug}",
                        "en": "the number does not match the id {value}; the id must be the number as a slug: {slug}"},
    "model.effective_before_issue": {"vi": "ngày có hiệu lực trước ngày ban hành", "en": "the effective date is before the issue date"},
    "model.expiry_before_effect": {"vi": "ngày hết hiệu lực trước ngày có hiệu lực", "en": "the expiry date is before the document took effect"},

    # --- check, build, schemas -----------------------------------------------------------------------
    "check.nfc_converted": {"vi": "đã chuyển sang NFC: {path}", "en": "converted to NFC: {path}"},
    "check.notice_isbn": {"vi": "lưu ý: {file}: isbn: chưa có ISBN; trang thông tin xuất bản của sách in sẽ bỏ trống",
                          "en": "notice: {file}: isbn: no ISBN yet; the printed book's colophon leaves it out"},
    "check.ok": {"vi": "ok: {volumes} tập, {papers} tham luận, {surveys} khảo sát, {documents} văn bản, {organisations} cơ quan, {topics} chủ đề, {points} điểm chính",
                 "en": "ok: {volumes} volume(s), {papers} paper(s), {surveys} survey(s), {documents} document(s), {organisations} organisation(s), {topics} topic(s), {points} key point(s)"},
    "build.done": {"vi": "đã dựng {pages} trang vào {site} ({stages})", "en": "built {pages} pages into {site} ({stages})"},
    "build.stage": {"vi": "{name} {seconds:.2f} giây", "en": "{name} {seconds:.2f} s"},
    "build.mkdocs_failed": {"vi": "MkDocs thất bại: {detail}", "en": "MkDocs failed: {detail}"},
    "schemas.wrote": {"vi": "đã ghi {path}", "en": "wrote {path}"},
    "schemas.up_to_date": {"vi": "các schema đã cập nhật", "en": "schemas are up to date"},

    # --- serve -----------------------------------------------------------------------------------------
    "serve.port_busy": {"vi": "không phục vụ được trên {host}:{port}: {reason}; dừng máy chủ kia hoặc dùng `kyyeu serve --port N`",
                        "en": "cannot serve on {host}:{port}: {reason}; stop the other server or use `kyyeu serve --port N`"},
    "serve.serving": {"vi": "đang phục vụ tại http://{host}:{port}/", "en": "serving on http://{host}:{port}/"},
    "serve.built_first": {"vi": "đã dựng trong {seconds:.1f} giây (dựng toàn bộ: lần dựng đầu)", "en": "built in {seconds:.1f} s (full build: first build)"},
    "serve.rebuilt_full": {"vi": "đã dựng lại trong {seconds:.1f} giây (dựng toàn bộ: {reason})", "en": "rebuilt in {seconds:.1f} s (full build: {reason})"},
    "serve.rebuilt_dirty": {"vi": "đã dựng lại trong {seconds:.1f} giây ({pages} trang và {files} tệp thay đổi)",
                            "en": "rebuilt in {seconds:.1f} s ({pages} page(s) and {files} file(s) changed)"},
    "serve.rebuilt_nothing": {"vi": "đã kiểm tra trong {seconds:.1f} giây: không trang nào thay đổi", "en": "checked in {seconds:.1f} s: no page changed"},
    "serve.fixed": {"vi": "đã hết lỗi; ", "en": "the problems are fixed; "},
    "serve.reason.first": {"vi": "lần dựng đầu", "en": "first build"},
    "serve.reason.pages": {"vi": "có trang được thêm hoặc bỏ", "en": "pages were added or removed"},
    "serve.reason.theme": {"vi": "giao diện, mẫu trang hoặc mkdocs.yml đã đổi", "en": "the theme, templates or mkdocs.yml changed"},
    "serve.reason.failed": {"vi": "lần dựng trước dừng giữa chừng", "en": "the last build stopped partway"},
    "serve.reason.missing": {"vi": "thư mục site/ không còn", "en": "the site/ folder is gone"},
    "serve.still_serving": {"vi": "lỗi: {message} — vẫn phục vụ bản tốt gần nhất", "en": "error: {message} — still serving the last good site"},
    "serve.banner.title": {"vi": "Bản xem trước chưa cập nhật: {count} lỗi cần sửa", "en": "The preview is not up to date: {count} problem(s) to fix"},
    "serve.banner.body": {"vi": "Trang này là bản dựng tốt gần nhất. Sửa các lỗi dưới đây và lưu tệp; trang tự tải lại.",
                          "en": "This page is the last good build. Fix the problems below and save; the page reloads by itself."},

    # --- CI --------------------------------------------------------------------------------------------
    "ci.summary.title": {"vi": "Kết quả kiểm tra / Check result", "en": "Check result / Kết quả kiểm tra"},
    "ci.summary.ok": {"vi": "Không có lỗi: {detail}", "en": "No problems: {detail}"},
    "ci.summary.preview": {"vi": "Bản xem trước / Preview", "en": "Preview / Bản xem trước"},
    "ci.summary.preview_link": {"vi": "Tải bản xem trước (tệp `site-preview`), giải nén rồi mở `index.html`: {url}",
                                "en": "Download the preview (the `site-preview` file), unzip it and open `index.html`: {url}"},
    "ci.summary.no_preview": {"vi": "Chưa có bản xem trước: trang chưa dựng được vì còn lỗi ở trên.",
                              "en": "No preview: the site was not built because of the problems above."},
    "ci.summary.imports": {"vi": "Nhập tệp Word / Word import", "en": "Word import / Nhập tệp Word"},
    "ci.summary.no_imports": {"vi": "Không có tệp Word nào trong papers/.", "en": "No Word file in papers/."},
    "ci.summary.problems": {"vi": "{count} lỗi; mỗi lỗi cũng hiện ở dòng tương ứng trong tab *Files changed*:",
                            "en": "{count} problem(s); each one is also shown on its line in the *Files changed* tab:"},

    # --- argparse's own words (shown in --help and usage errors) -----------------------------------------
    "argparse.usage: ": {"vi": "cách dùng: ", "en": "usage: "},
    "argparse.options": {"vi": "tuỳ chọn", "en": "options"},
    "argparse.positional arguments": {"vi": "tham số", "en": "positional arguments"},
    "argparse.show this help message and exit": {"vi": "hiện trợ giúp này rồi thoát", "en": "show this help message and exit"},
    "argparse.the following arguments are required: %s": {"vi": "thiếu các tham số bắt buộc: %s", "en": "the following arguments are required: %s"},
    "argparse.unrecognized arguments: %s": {"vi": "tham số không nhận ra: %s", "en": "unrecognized arguments: %s"},
    "argparse.invalid choice: %(value)r (choose from %(choices)s)": {"vi": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
                                                                    "en": "invalid choice: %(value)r (choose from %(choices)s)"},
    "argparse.expected one argument": {"vi": "cần một giá trị", "en": "expected one argument"},
    "argparse.invalid %(type)s value: %(value)r": {"vi": "giá trị %(type)s không hợp lệ: %(value)r", "en": "invalid %(type)s value: %(value)r"},
    "argparse.%(prog)s: error: %(message)s\n": {"vi": "%(prog)s: lỗi: %(message)s\n", "en": "%(prog)s: error: %(message)s\n"},

    # --- --help -------------------------------------------------------------------------------------------
    "help.description": {"vi": "Kỷ yếu: bản ghi trong papers/ → trang web tĩnh song ngữ. Thông báo bằng tiếng Việt; thêm `--lang en` (hoặc KYYEU_LANG=en) để dùng tiếng Anh.",
                         "en": "Kỷ yếu: records in papers/ → a bilingual static site. Messages in Vietnamese by default; `--lang en` (or KYYEU_LANG=en) for English."},
    "help.root": {"vi": "thư mục gốc của dự án (mặc định: thư mục hiện tại)", "en": "repository root (default: current folder)"},
    "help.verbose": {"vi": "hiện tiến trình của MkDocs", "en": "show MkDocs' progress messages"},
    "help.lang": {"vi": "ngôn ngữ thông báo: vi (mặc định) hoặc en", "en": "language of the messages: vi (default) or en"},
    "help.check": {"vi": "kiểm tra mọi bản ghi", "en": "validate every record"},
    "help.fix_nfc": {"vi": "trước hết chuyển chữ trong các bản ghi sang NFC", "en": "convert records' text to NFC in place first"},
    "help.build": {"vi": "kiểm tra và dựng trang web vào site/", "en": "check and build the site into site/"},
    "help.out": {"vi": "thư mục ghi trang web (mặc định: site/)", "en": "site folder to write (default: site/)"},
    "help.work": {"vi": "thư mục cho Markdown sinh ra và trang đang dựng (mặc định: .build/)", "en": "folder for generated Markdown and the site being built (default: .build/)"},
    "help.serve": {"vi": "dựng và phục vụ, tự tải lại khi sửa", "en": "build and serve with live reload"},
    "help.host": {"vi": "địa chỉ máy chủ (mặc định 127.0.0.1)", "en": "host to listen on (default 127.0.0.1)"},
    "help.port": {"vi": "cổng (mặc định 8000)", "en": "port (default 8000)"},
    "help.schemas": {"vi": "sinh lại papers/schemas/ từ mô hình", "en": "regenerate papers/schemas/ from the model"},
    "help.ci_summary": {"vi": "in kết quả kiểm tra dạng Markdown cho tóm tắt của CI", "en": "print the check result as Markdown for CI's job summary"},
    "help.preview": {"vi": "địa chỉ bản xem trước hoặc tệp artifact", "en": "address of the preview or its artifact"},

    # --- kyyeu new ---------------------------------------------------------------------------------------
    "new.no_orgs": {"vi": "không đọc được mã các cơ quan trong papers/organisations.yml ({detail}); chạy `kyyeu check` trước",
                    "en": "cannot read the organisation ids in papers/organisations.yml ({detail}); run `kyyeu check` first"},
    "new.unknown": {"vi": "không có {what} {value}{hint}; các mã đã có ({where}): {known}",
                    "en": "unknown {what} {value}{hint}; known ids ({where}): {known}"},
    "new.what.volume": {"vi": "tập", "en": "volume"},
    "new.what.org": {"vi": "mã cơ quan", "en": "organisation id"},
    "new.what.issuer": {"vi": "cơ quan ban hành (mã cơ quan)", "en": "issuer (organisation id)"},
    "new.where.orgs": {"vi": "papers/organisations.yml; cơ quan mới thì thêm vào đó trước", "en": "papers/organisations.yml; add a new organisation there first"},
    "new.where.volumes": {"vi": "các thư mục của papers/ có volume.yml", "en": "folders of papers/ with a volume.yml"},
    "new.bad_id": {"vi": "mã không hợp lệ: {value} (cần 2 đến 80 chữ thường không dấu và số nối bằng dấu gạch ngang, vd. cong-an-lao-cai); đặt mã bằng --id",
                   "en": "not a valid id: {value} (expected 2 to 80 lowercase ASCII letters and digits joined by hyphens, e.g. cong-an-lao-cai); give one with --id"},
    "new.reserved_id": {"vi": "mã {value} là tên dành cho các trang của tập; đặt mã khác bằng --id",
                        "en": "the id {value} is reserved for the volume's own pages; give another with --id"},
    "new.bad_date": {"vi": "{option}: ngày không hợp lệ: {value} (cần YYYY-MM-DD, vd. 2023-11-28)",
                     "en": "{option}: not a valid date: {value} (expected YYYY-MM-DD, e.g. 2023-11-28)"},
    "new.exists": {"vi": "{folder}/ đã có: sửa bản ghi đó, hoặc chọn mã khác", "en": "{folder}/ already exists: edit that record, or choose another id"},
    "new.exists_id": {"vi": "{folder}/ đã có: sửa bản ghi đó, hoặc chọn mã khác bằng --id", "en": "{folder}/ already exists: edit that record, or choose another id with --id"},
    "new.no_papers": {"vi": "không thấy {folder}/: chạy lệnh trong thư mục dự án, hoặc dùng --root",
                      "en": "{folder}/ not found: run this from the repository root, or pass --root"},
    "new.empty_title": {"vi": "--title-vi trống: ghi tiêu đề tiếng Việt", "en": "--title-vi is empty: give the Vietnamese title"},
    "new.bad_choice": {"vi": "{option}: {value} không được phép (chọn một trong {names})", "en": "{option}: {value} is not allowed (expected one of {names})"},
    "new.bad_source": {"vi": "--source: {value} không phải địa chỉ web (cần https://…)", "en": "--source: {value} is not a web address (expected https://…)"},
    "new.created": {"vi": "đã tạo: {path}", "en": "created: {path}"},
    "new.todo.title_en": {"vi": "chưa có tiêu đề tiếng Anh", "en": "no English title yet"},
    "new.todo.sources": {"vi": "chưa có nguồn công khai", "en": "no public source yet"},
    "new.note": {"vi": "CHÚ Ý: {what}: {where} «{mark}»; `kyyeu check` báo lỗi `{field}` đến khi điền",
                 "en": "NOTE: {what}: {where} «{mark}»; `kyyeu check` rejects `{field}` until it is filled in"},
    "new.next": {"vi": ("Bước tiếp theo:\n"
                        "  1. Sửa {path}: điền những gì đã biết\n"
                        "  2. Toàn văn từ tệp Word: .venv/bin/kyyeu import TỆP.docx --into {folder}\n"
                        "  3. .venv/bin/kyyeu check   (sửa đến khi in ra `ok`)\n"
                        "  4. make serve → http://127.0.0.1:8000/{url}   (xem trước)\n"
                        "  5. Mở pull request; lỗi (nếu có) hiện ngay trên pull request, bản xem trước `site-preview` ở tóm tắt của lần chạy CI\n"
                        "Hướng dẫn: CONTRIBUTING.md"),
                 "en": ("Next steps:\n"
                        "  1. Edit {path}: fill in what is known\n"
                        "  2. Full text from the Word file: .venv/bin/kyyeu import FILE.docx --into {folder}\n"
                        "  3. .venv/bin/kyyeu check   (fix until it prints `ok`)\n"
                        "  4. make serve → http://127.0.0.1:8000/{url}   (preview)\n"
                        "  5. Open a pull request; problems (if any) show on it, the `site-preview` preview is in the CI run's summary\n"
                        "Guide: CONTRIBUTING.md")},
    "help.new": {"vi": "tạo khung bản ghi tham luận hoặc văn bản để điền", "en": "create a skeleton paper or document record to fill in"},
    "help.new.description": {"vi": "Tạo thư mục bản ghi với tệp YAML khung có chú thích; rồi sửa nó, `kyyeu import` tệp Word, và `kyyeu check`.",
                             "en": "Create a record folder with a commented skeleton YAML file; then edit it, `kyyeu import` the Word file, and `kyyeu check`."},
    "help.new.paper": {"vi": "một tham luận của một tập", "en": "a paper (tham luận) of a volume"},
    "help.new.paper.description": {"vi": "Tạo papers/<tập>/<mã>/paper.yml, trạng thái `awaiting`, ở cuối mục lục của tập.",
                                   "en": "Create papers/<volume>/<id>/paper.yml with status `awaiting` at the end of the volume's table of contents."},
    "help.new.volume": {"vi": "mã tập, vd. laocai-2023 (một thư mục của papers/)", "en": "volume id, e.g. laocai-2023 (a folder of papers/)"},
    "help.new.org": {"vi": "mã cơ quan gửi tham luận trong papers/organisations.yml (lặp lại nếu nhiều cơ quan)",
                     "en": "id of the contributing organisation in papers/organisations.yml (repeat for several)"},
    "help.new.title_vi": {"vi": "tiêu đề tiếng Việt", "en": "the Vietnamese title"},
    "help.new.title_vi_doc": {"vi": "tiêu đề tiếng Việt (trích yếu)", "en": "the Vietnamese title (trích yếu)"},
    "help.new.title_en": {"vi": "tiêu đề tiếng Anh; nếu bỏ, `kyyeu check` báo lỗi đến khi điền", "en": "the English title; without it `kyyeu check` fails until it is filled in"},
    "help.new.id": {"vi": "mã và tên thư mục của tham luận (mặc định: tiêu đề tiếng Việt dạng slug, tối đa {length} ký tự)",
                    "en": "the paper's id and folder name (default: the Vietnamese title as a slug, at most {length} characters)"},
    "help.new.document": {"vi": "một văn bản pháp luật hoặc văn bản của Đảng", "en": "a guiding legal or party document"},
    "help.new.document.description": {"vi": "Tạo papers/documents/<mã>/document.yml; mã là số hiệu dạng slug (24/2018/QH14 → 24-2018-qh14).",
                                      "en": "Create papers/documents/<id>/document.yml; the id is the number as a slug (24/2018/QH14 → 24-2018-qh14)."},
    "help.new.number": {"vi": "số hiệu chính thức, vd. 72/2013/NĐ-CP", "en": "official number (số hiệu), e.g. 72/2013/NĐ-CP"},
    "help.new.type": {"vi": "loại văn bản: {types}", "en": "kind of document: {types}"},
    "help.new.issuer": {"vi": "mã cơ quan ban hành trong papers/organisations.yml", "en": "id of the issuing body in papers/organisations.yml"},
    "help.new.issued": {"vi": "ngày ban hành", "en": "date of issue (ngày ban hành)"},
    "help.new.effective": {"vi": "ngày có hiệu lực, khi nguồn xác nhận", "en": "date it took effect, when a source confirms it"},
    "help.new.scope": {"vi": "national (trung ương) hoặc provincial (tỉnh Lào Cai); mặc định national", "en": "national or Lào Cai provincial (default national)"},
    "help.new.source": {"vi": "trang web công khai xác nhận số hiệu, cơ quan ban hành và ngày; nếu bỏ, `kyyeu check` báo lỗi đến khi thêm",
                        "en": "a public web page confirming number, issuer and dates; without it `kyyeu check` fails until one is added"},
    "help.new.publisher": {"vi": "nơi đăng nguồn (mặc định: tên máy chủ của nguồn)", "en": "who published the source (default: the source's host name)"},
}
