"""`kyyeu new paper | document`: a skeleton record that an editor fills in, then checks.

The skeleton names every field of the model, each with a one-line comment in Vietnamese and
English; optional fields that are not known yet stay commented out. A missing English title is
left as a marked placeholder *line comment*, so the `en:` field is absent and `kyyeu check`
reports `title.en: required field is missing` until someone translates it: an untranslated
record cannot slip into the site unnoticed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from . import model as m
from .errors import KyyeuError, rel
from .messages import add_lang, t
from .load import RESERVED, RESERVED_PAPER_IDS, schema_line
from .text import nfc, slugify

#: Marks the line where the English title has to be written; `kyyeu check` fails until it is.
EN_PLACEHOLDER = "THIẾU TIÊU ĐỀ TIẾNG ANH / ENGLISH TITLE MISSING"
#: Marks where a document's public source has to be written (documents need at least one).
SOURCE_PLACEHOLDER = "THIẾU NGUỒN / SOURCE MISSING"
#: Longest default id taken from a title (the model allows 80; shorter URLs read better).
DEFAULT_ID_LENGTH = 60


@dataclass
class Created:
    """What `kyyeu new` wrote and what the editor does next."""

    path: Path  #: the new paper.yml / document.yml
    folder: Path  #: the record's folder
    url: str  #: site-relative URL of the record's Vietnamese page
    todo: list[str] = field(default_factory=list)  #: fields `kyyeu check` will reject until filled


# --- helpers -----------------------------------------------------------------------------------


def scalar(value: str) -> str:
    """A one-line string as a YAML scalar: plain when that is safe, quoted otherwise."""
    value = " ".join(nfc(value).split())
    out = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    out = out.removesuffix("\n").removesuffix("\n...")
    return out if "\n" not in out else json.dumps(value, ensure_ascii=False)


def _org_ids(papers: Path) -> list[str]:
    path = papers / "organisations.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        return [o["id"] for o in data["organisations"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise KyyeuError(t("new.no_orgs", detail=type(exc).__name__)) from None


def _volume_ids(papers: Path) -> list[str]:
    return sorted(p.name for p in papers.iterdir()
                  if p.is_dir() and p.name not in RESERVED and not p.name.startswith(".") and (p / "volume.yml").is_file())


def _unknown(what: str, value: str, known: list[str], where: str) -> KyyeuError:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    hint = t("hint.did_you_mean", names=t("hint.or").join(f"`{c}`" for c in close)) if close else ""
    return KyyeuError(t("new.unknown", what=t(what), value=repr(value), hint=hint, where=t(where), known=", ".join(known) or "—"))


def _need_orgs(papers: Path, ids: list[str], what: str) -> None:
    known = _org_ids(papers)
    for org in ids:
        if org not in known:
            raise _unknown(what, org, known, "new.where.orgs")


def default_id(text: str, limit: int = DEFAULT_ID_LENGTH) -> str:
    """slugify(text), cut at a word boundary so that it is at most `limit` characters."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0]
    return cut if len(cut) >= 2 else slug[:limit].strip("-")


def _check_id(record_id: str, reserved: set[str] = frozenset()) -> None:
    if not (2 <= len(record_id) <= 80 and re.fullmatch(m.ID_PATTERN, record_id)):
        raise KyyeuError(t("new.bad_id", value=repr(record_id)))
    if record_id in reserved:
        raise KyyeuError(t("new.reserved_id", value=repr(record_id)))


def _date(value: str, option: str) -> str:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise KyyeuError(t("new.bad_date", option=option, value=repr(value))) from None


def _fresh_folder(folder: Path, root: Path) -> None:
    if folder.exists():
        raise KyyeuError(t("new.exists" if folder.parent.name == "documents" else "new.exists_id", folder=rel(folder, root)))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True)
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _title_lines(title_vi: str, title_en: str | None, what: str) -> list[str]:
    lines = [f"  vi: {scalar(title_vi)}  # Tiêu đề tiếng Việt / Vietnamese title"]
    if title_en and title_en.strip():
        lines.append(f"  en: {scalar(title_en)}  # Tiêu đề tiếng Anh, bản dịch của ban biên tập / English title, the editors' translation")
    else:
        lines.append(f"  # en: ← {EN_PLACEHOLDER}: thay dòng này bằng `en: <tiêu đề {what} tiếng Anh>`"
                     f" / replace this line with `en: <English title>`; `kyyeu check` fails until then")
    return lines


# --- papers ------------------------------------------------------------------------------------


def next_order(volume_dir: Path) -> int:
    """One more than the highest `order` of the volume's papers (1 for an empty volume)."""
    orders = [0]
    for path in volume_dir.glob("*/paper.yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("order"), int):
            orders.append(data["order"])
    return max(orders) + 1


def paper_yaml(*, schema: str, volume: str, paper_id: str, order: int, orgs: list[str],
               title_vi: str, title_en: str | None) -> str:
    """The text of a new paper.yml."""
    lines = [
        schema,
        f"# Tham luận của tập {volume}, tạo bằng `kyyeu new paper`. Điền những gì đã biết; giữ dấu # ở trường chưa biết.",
        f"# A paper of volume {volume}, made by `kyyeu new paper`. Fill in what is known; keep the # on fields not known yet.",
        f"id: {paper_id}  # Mã định danh, trùng tên thư mục; không đổi sau khi công bố / Stable id, equal to the folder name; never change it once published",
        f"order: {order}  # Vị trí trong mục lục của tập / Position in the volume's table of contents",
        "title:  # Tiêu đề tham luận / Title of the paper",
        *_title_lines(title_vi, title_en, "tham luận"),
        "title_is_topic: false  # true nếu chưa biết tiêu đề chính xác và tiêu đề trên là chủ đề báo chí nêu / true when the exact title is unknown and the title above is the reported topic",
        f"contributors: [{', '.join(orgs)}]  # Mã các cơ quan gửi tham luận, trong papers/organisations.yml / Ids of the contributing organisations, from papers/organisations.yml",
        "authors: []  # Tác giả cá nhân theo thứ tự; [] nếu chưa biết, hoặc xoá [] và thêm các dòng như dưới / Personal authors in order; [] when not known, or delete [] and add lines like those below",
        "#   - family: Nguyễn  # Họ / Family name",
        "#     given: Văn An  # Tên đệm và tên / Middle and given names",
        f"#     affiliation: {orgs[0]}  # Mã cơ quan công tác, không bắt buộc / Organisation id of the author, optional",
        "language: vi  # Ngôn ngữ viết tham luận: vi hoặc en / Language the paper was written in: vi or en",
        "# abstract:  # Tóm tắt (Markdown); bỏ dấu # khi đã nhận được / Abstract (Markdown); uncomment when one has been submitted",
        "#   vi: …  # Tóm tắt tiếng Việt / Vietnamese abstract",
        "#   en: …  # Tóm tắt tiếng Anh; bỏ qua nếu chưa dịch / English abstract; leave out until translated",
        "keywords: []  # Từ khoá; [] nếu chưa có, hoặc xoá [] và thêm như dưới / Subject keywords; [] when none, or delete [] and add lines like those below",
        "#   - vi: an ninh mạng  # Từ khoá tiếng Việt / Vietnamese keyword",
        "#     en: cybersecurity  # Từ khoá tiếng Anh / English keyword",
        "status:  # Lịch sử toàn văn, cũ nhất trước; mục cuối là trạng thái hiện tại / History of the full text, oldest first; the last entry is the current state",
        "  - state: awaiting  # Trạng thái / State: awaiting (chưa nhận toàn văn / full text not received) | published | revised | retracted",
        "    # date: YYYY-MM-DD  # Ngày xảy ra, nếu biết / When it happened, if known",
        "    note:  # Giải thích ngắn / A short explanation",
        "      vi: Ban biên tập chưa nhận được toàn văn tham luận.  # Tiếng Việt / Vietnamese",
        "      en: The editors have not yet received the paper's full text.  # Tiếng Anh / English",
        "# Khi đã nhập toàn văn, thêm mục `- state: published` có `date:` / Once the full text is imported, add a `- state: published` entry with its `date:`",
        "sources: []  # Nguồn công khai xác nhận thông tin trên; xoá [] và thêm như dưới / Public sources for what this record says; delete [] and add lines like those below",
        "#   - publisher: Báo Lào Cai  # Nơi đăng / Who published it",
        "#     url: https://…  # Địa chỉ trang / Its address",
        "#     title: {vi: …, en: …}  # Tiêu đề bài, nếu nên hiện / Its title, when worth showing",
        "# moved_from: [ma-cu]  # Khi đổi tên thư mục: mã cũ (hoặc tap/ma-cu), địa chỉ cũ sẽ chuyển về đây / After renaming the folder: the old id (or volume/old-id); its old address redirects here",
        "# attachments:  # Tệp kèm theo; `kyyeu import` tự thêm mục này / Files kept with the paper; `kyyeu import` adds them here",
        "#   - file: tham-luan.docx  # Tên tệp trong thư mục này / File name inside this folder",
        "#     kind: docx  # Loại tệp / Kind of file: pdf | docx | doc | csv | image",
        "#     sha256: …  # SHA-256 của tệp (`sha256sum TỆP`) / SHA-256 of the file (`sha256sum FILE`)",
        "#     lang: vi  # Ngôn ngữ của tệp / Language of the file's text",
        "#     description: {vi: …, en: …}  # Mô tả cho đường tải về / What the file is, for the download link",
    ]
    return "\n".join(lines) + "\n"


def new_paper(root: Path, volume: str, orgs: list[str], title_vi: str, title_en: str | None = None,
              paper_id: str | None = None) -> Created:
    """Create papers/<volume>/<id>/paper.yml; KyyeuError for unknown ids or an existing folder."""
    papers = root / "papers"
    if not papers.is_dir():
        raise KyyeuError(t("new.no_papers", folder=rel(papers, root)))
    if not title_vi.strip():
        raise KyyeuError(t("new.empty_title"))
    volumes = _volume_ids(papers)
    if volume not in volumes:
        raise _unknown("new.what.volume", volume, volumes, "new.where.volumes")
    _need_orgs(papers, orgs, "new.what.org")
    paper_id = paper_id or default_id(title_vi)
    _check_id(paper_id, RESERVED_PAPER_IDS)
    folder = papers / volume / paper_id
    _fresh_folder(folder, root)
    text = paper_yaml(schema=schema_line("paper", folder / "paper.yml", papers), volume=volume, paper_id=paper_id,
                      order=next_order(papers / volume), orgs=list(dict.fromkeys(orgs)),
                      title_vi=title_vi, title_en=title_en)
    path = _write(folder, "paper.yml", text)
    todo = [] if title_en and title_en.strip() else ["title.en"]
    return Created(path, folder, f"volumes/{volume}/{paper_id}/", todo)


# --- documents ---------------------------------------------------------------------------------


def document_yaml(*, schema: str, doc_id: str, number: str, doc_type: str, issuer: str, issued: str,
                  title_vi: str, title_en: str | None, effective: str | None, scope: str,
                  source: str | None, publisher: str | None) -> str:
    """The text of a new document.yml."""
    labels = ", ".join(f"{k} = {v['vi']}" for k, v in m.DOC_TYPES.items())
    lines = [
        schema,
        "# Văn bản hướng dẫn, tạo bằng `kyyeu new document`. Điền những gì đã biết; giữ dấu # ở trường chưa biết.",
        "# A guiding document, made by `kyyeu new document`. Fill in what is known; keep the # on fields not known yet.",
        f"id: {doc_id}  # Số hiệu viết dạng slug, trùng tên thư mục / The number as a slug, equal to the folder name",
        f"number: {scalar(number)}  # Số hiệu chính thức / Official number",
        f"type: {doc_type}  # Loại văn bản / Kind of document: {labels}",
        "title:  # Trích yếu / Title",
        *_title_lines(title_vi, title_en, "văn bản"),
        "# title_is_topic: true  # nếu nguồn chỉ nêu chủ đề, không nêu trích yếu chính thức: trích dẫn đặt tiêu đề trong ngoặc vuông / when the sources give only the subject, not the official title: citations bracket the title",
        "# title_note:  # Lưu ý về tiêu đề, vd. đây là chủ đề báo chí nêu / A caution about the title, e.g. it is the topic as reported",
        "#   vi: …  # Tiếng Việt / Vietnamese",
        "#   en: …  # Tiếng Anh / English",
        f"issuer: {issuer}  # Mã cơ quan ban hành, trong papers/organisations.yml / Organisation id of the issuing body, from papers/organisations.yml",
        "# signer: …  # Người ký, nếu biết / Who signed it, when known",
        f"issued: {issued}  # Ngày ban hành, YYYY-MM-DD / Date of issue, YYYY-MM-DD",
        (f"effective: {effective}  # Ngày có hiệu lực / Date it took effect" if effective else
         "# effective: YYYY-MM-DD  # Ngày có hiệu lực, nếu nguồn xác nhận / Date it took effect, when a source confirms it"),
        "# expiry: YYYY-MM-DD  # Ngày hết hiệu lực, khi không do văn bản khác trong kho thay thế / Date it stopped having effect other than by a replacing document in the collection",
        f"scope: {scope}  # Phạm vi / Scope: national (trung ương / national) | provincial (tỉnh Lào Cai / Lào Cai province)",
        "# summary:  # Nội dung chính và vì sao liên quan (Markdown) / What it is about and why it matters here (Markdown)",
        "#   vi: …  # Tiếng Việt / Vietnamese",
        "#   en: …  # Tiếng Anh; bỏ qua nếu chưa dịch / English; leave out until translated",
        "relations: []  # Liên hệ với văn bản khác; xoá [] và thêm như dưới / Links to other documents; delete [] and add lines like those below",
        "#   - type: replaces  # Loại liên hệ / Kind of link: replaces (thay thế) | amends (sửa đổi, bổ sung) | guides (hướng dẫn) | implements (triển khai)",
        "#     target: 24-2018-qh14  # Mã văn bản trong kho / Id of the other document in the collection",
        "#     # number: 01/2020/XX  # hoặc số hiệu văn bản ngoài kho, chỉ một trong hai / or the number of one outside the collection, not both",
        "#     # note: {vi: …, en: …}  # Phạm vi liên hệ, nếu không phải toàn văn bản / What the relation covers, if not the whole document",
    ]
    if source:
        lines += [
            "sources:  # Nguồn công khai xác nhận số hiệu, cơ quan ban hành và ngày; ít nhất một / Public sources confirming number, issuer and dates; at least one",
            f"  - publisher: {scalar(publisher or source)}  # Nơi đăng / Who published it",
            f"    url: {scalar(source)}  # Địa chỉ trang / Its address",
            "    # title: {vi: …, en: …}  # Tiêu đề bài, nếu nên hiện / Its title, when worth showing",
        ]
    else:
        lines += [
            f"# sources:  ← {SOURCE_PLACEHOLDER}: bỏ dấu # ở 3 dòng này và điền nguồn / uncomment these 3 lines and fill in a source; `kyyeu check` fails until then",
            "#   - publisher: …  # Nơi đăng / Who published it",
            "#     url: https://…  # Địa chỉ trang / Its address",
            "#     # title: {vi: …, en: …}  # Tiêu đề bài, nếu nên hiện / Its title, when worth showing",
        ]
    lines += [
        "# key_points:  # Điểm chính, mỗi điểm có đối tượng, chủ đề, điều khoản và nguồn công khai (xem CONTRIBUTING) / Key points, each with audiences, topics, article and public sources (see CONTRIBUTING)",
        "# changes:  # Với văn bản thay thế văn bản khác: các điểm thay đổi, cũ bên mới, mỗi bên có nguồn / For a replacing document: what changed, old beside new, each side with its sources",
        "# moved_from: [ma-cu]  # Khi đổi tên thư mục: mã cũ, địa chỉ cũ sẽ chuyển về đây / After renaming the folder: the old id; its old address redirects here",
        "# attachments:  # Tệp kèm theo; `kyyeu import` tự thêm mục này / Files kept with the document; `kyyeu import` adds them here",
        "#   - file: van-ban.pdf  # Tên tệp trong thư mục này / File name inside this folder",
        "#     kind: pdf  # Loại tệp / Kind of file: pdf | docx | doc | csv | image",
        "#     sha256: …  # SHA-256 của tệp (`sha256sum TỆP`) / SHA-256 of the file (`sha256sum FILE`)",
        "#     lang: vi  # Ngôn ngữ của tệp / Language of the file's text",
        "#     description: {vi: …, en: …}  # Mô tả cho đường tải về / What the file is, for the download link",
    ]
    return "\n".join(lines) + "\n"


def new_document(root: Path, number: str, doc_type: str, issuer: str, issued: str, title_vi: str,
                 title_en: str | None = None, effective: str | None = None, scope: str = "national",
                 source: str | None = None, publisher: str | None = None) -> Created:
    """Create papers/documents/<slug of number>/document.yml; KyyeuError for bad input or an existing folder."""
    papers = root / "papers"
    if not papers.is_dir():
        raise KyyeuError(t("new.no_papers", folder=rel(papers, root)))
    number = " ".join(nfc(number).split())
    if not title_vi.strip():
        raise KyyeuError(t("new.empty_title"))
    if doc_type not in m.DOC_TYPES:
        raise KyyeuError(t("new.bad_choice", option="--type", value=repr(doc_type), names=", ".join(m.DOC_TYPES)))
    if scope not in ("national", "provincial"):
        raise KyyeuError(t("new.bad_choice", option="--scope", value=repr(scope), names="national, provincial"))
    _need_orgs(papers, [issuer], "new.what.issuer")
    issued = _date(issued, "--issued")
    if effective:
        effective = _date(effective, "--effective")
        if effective < issued:
            raise KyyeuError("--effective: " + t("model.effective_before_issue"))
    if source:
        host = urlparse(source).hostname
        if not source.startswith(("http://", "https://")) or not host:
            raise KyyeuError(t("new.bad_source", value=repr(source)))
        publisher = publisher or host.removeprefix("www.")
    doc_id = slugify(number)
    _check_id(doc_id)
    folder = papers / "documents" / doc_id
    _fresh_folder(folder, root)
    text = document_yaml(schema=schema_line("document", folder / "document.yml", papers), doc_id=doc_id,
                         number=number, doc_type=doc_type, issuer=issuer, issued=issued, title_vi=title_vi,
                         title_en=title_en, effective=effective, scope=scope, source=source, publisher=publisher)
    path = _write(folder, "document.yml", text)
    todo = ([] if title_en and title_en.strip() else ["title.en"]) + ([] if source else ["sources"])
    return Created(path, folder, f"documents/{doc_id}/", todo)


# --- command line ------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    return rel(path, Path.cwd())


def report(created: Created) -> str:
    """What to tell the editor: the file written, what check will reject, the next steps."""
    shown = _shown(created.path)
    folder = _shown(created.folder).rstrip("/") + "/"
    text = created.path.read_text(encoding="utf-8").split("\n")
    out = [t("new.created", path=shown)]
    for fld in created.todo:
        mark = EN_PLACEHOLDER if fld == "title.en" else SOURCE_PLACEHOLDER
        line = next((i + 1 for i, row in enumerate(text) if mark in row), None)
        what = t("new.todo.title_en" if fld == "title.en" else "new.todo.sources")
        out.append(t("new.note", what=what, where=f"{shown}:{line}", mark=mark, field=fld))
    out += [t("new.next", path=shown, folder=folder, url=created.url)]
    return "\n".join(out)


def _cmd_paper(args: argparse.Namespace) -> int:
    created = new_paper(Path(args.root).resolve(), args.volume, args.org, args.title_vi, args.title_en, args.id)
    print(report(created))
    return 0


def _cmd_document(args: argparse.Namespace) -> int:
    created = new_document(Path(args.root).resolve(), args.number, args.type, args.issuer, args.issued,
                           args.title_vi, args.title_en, args.effective, args.scope, args.source, args.publisher)
    print(report(created))
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    """Add `new paper …` and `new document …` to the kyyeu command line."""

    new = subparsers.add_parser("new", help=t("help.new"),
                                description=t("help.new.description"))
    kinds = new.add_subparsers(dest="kind", required=True)

    p = kinds.add_parser("paper", help=t("help.new.paper"),
                         description=t("help.new.paper.description"))
    p.add_argument("--volume", required=True, help=t("help.new.volume"))
    p.add_argument("--org", required=True, action="append", metavar="ORG_ID",
                   help=t("help.new.org"))
    p.add_argument("--title-vi", required=True, help=t("help.new.title_vi"))
    p.add_argument("--title-en", help=t("help.new.title_en"))
    p.add_argument("--id", help=t("help.new.id", length=DEFAULT_ID_LENGTH))
    p.set_defaults(func=_cmd_paper)
    add_lang(p)

    d = kinds.add_parser("document", help=t("help.new.document"),
                         description=t("help.new.document.description"))
    d.add_argument("--number", required=True, help=t("help.new.number"))
    d.add_argument("--type", required=True, choices=list(m.DOC_TYPES), help=t("help.new.type", types=", ".join(f"{k} = {v['vi']} / {v['en']}" for k, v in m.DOC_TYPES.items())))
    d.add_argument("--issuer", required=True, metavar="ORG_ID", help=t("help.new.issuer"))
    d.add_argument("--issued", required=True, metavar="YYYY-MM-DD", help=t("help.new.issued"))
    d.add_argument("--title-vi", required=True, help=t("help.new.title_vi_doc"))
    d.add_argument("--title-en", help=t("help.new.title_en"))
    d.add_argument("--effective", metavar="YYYY-MM-DD", help=t("help.new.effective"))
    d.add_argument("--scope", choices=["national", "provincial"], default="national", help=t("help.new.scope"))
    d.add_argument("--source", metavar="URL", help=t("help.new.source"))
    d.add_argument("--publisher", help=t("help.new.publisher"))
    d.set_defaults(func=_cmd_document)
    add_lang(d)
    return new
