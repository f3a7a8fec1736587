"""`kyyeu new paper | document`: a commented skeleton that `kyyeu check` rejects until its English
title (and, for documents, a source) is filled in, and accepts right after."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kyyeu import model as m
from kyyeu.cli import main
from kyyeu.load import schema_line
from kyyeu.new import EN_PLACEHOLDER, default_id


VOLUME = "laocai-2023"
TITLE_VI = "Công tác tuyên truyền, giáo dục pháp luật về an ninh mạng: thực trạng và giải pháp"


@pytest.fixture
def repo(repo_copy) -> Path:
    """A copy of the repository's records, docs, theme and configuration."""
    return repo_copy


def run(repo: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(repo), "--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def new_paper(repo, capsys, *extra: str) -> tuple[int, str, str]:
    return run(repo, capsys, "new", "paper", "--volume", VOLUME, "--org", "cong-an-lao-cai", "--title-vi", TITLE_VI, *extra)


def new_document(repo, capsys, *extra: str) -> tuple[int, str, str]:
    return run(repo, capsys, "new", "document", "--number", "13/2023/NĐ-CP", "--type", "decree",
               "--issuer", "chinh-phu", "--issued", "2023-04-17", "--title-vi", "Nghị định về bảo vệ dữ liệu cá nhân", *extra)


def fill_english_title(path: Path, title: str = "On personal data protection") -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if EN_PLACEHOLDER in line]
    assert len(hits) == 1, "exactly one marked English-title placeholder"
    lines[hits[0]] = f"  en: {title}"
    path.write_text("\n".join(lines), encoding="utf-8")


def field_lines(text: str) -> list[str]:
    """Lines (commented or not) that give a field: `name:`, `- name:`, `# name:`."""
    return [line for line in text.split("\n")[1:] if re.match(r"^[#\s-]*[a-z_0-9]+:", line)]


def named_fields(text: str) -> set[str]:
    return {re.match(r"^[#\s-]*([a-z_0-9]+):", line).group(1) for line in field_lines(text)}


# --- papers ------------------------------------------------------------------------------------------


def test_paper_skeleton_fails_check_until_english_title_is_filled(repo, capsys):
    code, out, err = new_paper(repo, capsys)
    assert code == 0, err
    slug = default_id(TITLE_VI)
    path = repo / "papers" / VOLUME / slug / "paper.yml"
    assert path.is_file()
    # What the editor is told: the file, the missing translation, the next steps.
    assert "paper.yml" in out and "title.en" in out and "ENGLISH TITLE MISSING" in out
    for step in ("kyyeu import FILE.docx --into", f"papers/{VOLUME}/{slug}/", "kyyeu check", "make serve", "pull request", "site-preview"):
        assert step in out, step

    text = path.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == schema_line("paper", path, repo / "papers")
    data = yaml.safe_load(text)
    assert data["id"] == slug and data["order"] == 5  # the real volume has papers 1–4
    assert data["status"][-1]["state"] == "awaiting"
    assert data["contributors"] == ["cong-an-lao-cai"]
    assert data["title"] == {"vi": TITLE_VI}  # no English title: the field is absent, not faked

    code, out, err = run(repo, capsys, "check")
    assert code == 1
    assert f"papers/{VOLUME}/{slug}/paper.yml:" in err and "title.en: required field `en` is missing" in err
    assert err.count("\n") == 2, err  # that one problem and the summary line

    fill_english_title(path)
    code, out, err = run(repo, capsys, "check")
    assert code == 0, err
    assert "5 paper(s)" in out


def test_uncommenting_the_placeholder_as_is_is_still_rejected(repo, capsys):
    assert new_paper(repo, capsys)[0] == 0
    path = repo / "papers" / VOLUME / default_id(TITLE_VI) / "paper.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  # en: ", "  en: "), encoding="utf-8")
    code, out, err = run(repo, capsys, "check")
    assert code == 1 and "paper.yml" in err


def test_paper_with_english_title_passes_at_once_and_orders_follow(repo, capsys):
    code, out, err = new_paper(repo, capsys, "--title-en", "Legal education on cybersecurity: situation and solutions", "--id", "cong-an-2")
    assert code == 0, err
    assert "ENGLISH TITLE MISSING" not in out
    code, out, err = run(repo, capsys, "new", "paper", "--volume", VOLUME, "--org", "so-tttt-lao-cai", "--org", "bao-lao-cai",
                         "--title-vi", "Một tham luận khác", "--title-en", "Another paper")
    assert code == 0, err
    second = yaml.safe_load((repo / "papers" / VOLUME / "mot-tham-luan-khac" / "paper.yml").read_text(encoding="utf-8"))
    first = yaml.safe_load((repo / "papers" / VOLUME / "cong-an-2" / "paper.yml").read_text(encoding="utf-8"))
    assert (first["order"], second["order"]) == (5, 6)
    assert second["contributors"] == ["so-tttt-lao-cai", "bao-lao-cai"]
    assert first["title"]["en"] == "Legal education on cybersecurity: situation and solutions"
    code, out, err = run(repo, capsys, "check")
    assert code == 0, err
    assert "6 paper(s)" in out


def test_paper_skeleton_names_every_field_with_a_bilingual_comment(repo, capsys):
    assert new_paper(repo, capsys)[0] == 0
    text = (repo / "papers" / VOLUME / default_id(TITLE_VI) / "paper.yml").read_text(encoding="utf-8")
    wanted = {*m.Paper.model_fields, *m.Author.model_fields, *m.StatusEvent.model_fields,
              *m.Source.model_fields, *m.Attachment.model_fields, "vi", "en"}
    assert wanted <= named_fields(text)
    for line in field_lines(text):
        assert re.search(r"\s#\s.+ / .+", line), f"no 'Vietnamese / English' comment: {line}"


def test_long_titles_give_short_ids_at_a_word_boundary():
    long = "Nhận diện thông tin xấu, độc trên mạng xã hội và trách nhiệm của mỗi công dân trong sử dụng internet"
    slug = default_id(long)
    assert len(slug) <= 60 and re.fullmatch(m.ID_PATTERN, slug)
    assert (default_id(long, 200) + "-").startswith(slug + "-")  # a prefix made of whole words
    assert default_id("Công an") == "cong-an"


@pytest.mark.parametrize("args, words", [
    (["--volume", "laocai-2024", "--org", "cong-an-lao-cai"], ["unknown volume 'laocai-2024'", "laocai-2023"]),
    (["--volume", VOLUME, "--org", "cong-an"], ["unknown organisation id 'cong-an'", "cong-an-lao-cai", "papers/organisations.yml"]),
    (["--volume", VOLUME, "--org", "cong-an-lao-cai", "--id", "survey"], ["reserved"]),
    (["--volume", VOLUME, "--org", "cong-an-lao-cai", "--id", "Cong An"], ["not a valid id"]),
])
def test_new_paper_refuses_bad_ids(repo, capsys, args, words):
    before = sorted(p.name for p in (repo / "papers" / VOLUME).iterdir())
    code, out, err = run(repo, capsys, "new", "paper", "--title-vi", TITLE_VI, *args)
    assert code == 1
    assert "Traceback" not in err and err.startswith("error: ")
    for word in words:
        assert word in err
    assert sorted(p.name for p in (repo / "papers" / VOLUME).iterdir()) == before


def test_new_paper_refuses_an_existing_folder(repo, capsys):
    code, out, err = new_paper(repo, capsys, "--id", "cong-an")
    assert code == 1 and "papers/laocai-2023/cong-an/ already exists" in err
    assert "new paper" not in (repo / "papers" / VOLUME / "cong-an" / "paper.yml").read_text(encoding="utf-8")


def test_skeleton_survives_the_importers_yaml_writer(repo, capsys):
    record = pytest.importorskip("kyyeu.importer.record")
    assert new_paper(repo, capsys)[0] == 0
    folder = repo / "papers" / VOLUME / default_id(TITLE_VI)
    rec = record.load(folder, "x")
    assert not rec.reformats()
    text = rec.with_attachment({"file": "a.docx", "kind": "docx", "sha256": "0" * 64, "lang": "vi"})
    assert yaml.safe_load(text)["attachments"] == [{"file": "a.docx", "kind": "docx", "sha256": "0" * 64, "lang": "vi"}]


# --- documents ---------------------------------------------------------------------------------------


def test_document_skeleton_fails_check_until_english_title_is_filled(repo, capsys):
    code, out, err = new_document(repo, capsys, "--source", "https://www.example.gov.vn/nghi-dinh-13", "--effective", "2023-07-01")
    assert code == 0, err
    path = repo / "papers" / "documents" / "13-2023-nd-cp" / "document.yml"
    text = path.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == schema_line("document", path, repo / "papers")
    data = yaml.safe_load(text)
    assert data["id"] == "13-2023-nd-cp" and data["number"] == "13/2023/NĐ-CP"
    assert data["sources"] == [{"publisher": "example.gov.vn", "url": "https://www.example.gov.vn/nghi-dinh-13"}]
    assert "title.en" in out and "kyyeu import FILE.docx --into" in out and "papers/documents/13-2023-nd-cp/" in out

    code, out, err = run(repo, capsys, "check")
    assert code == 1
    assert "document.yml" in err and "title.en: required field `en` is missing" in err
    assert err.count("\n") == 2, err

    fill_english_title(path)
    code, out, err = run(repo, capsys, "check")
    assert code == 0, err
    assert "10 document(s)" in out


def test_document_without_source_needs_one(repo, capsys):
    code, out, err = new_document(repo, capsys, "--title-en", "Decree on personal data protection")
    assert code == 0, err
    assert "`sources`" in out and "no public source yet" in out
    path = repo / "papers" / "documents" / "13-2023-nd-cp" / "document.yml"
    code, out, err = run(repo, capsys, "check")
    assert code == 1 and "sources: required field `sources` is missing" in err and "title.en" not in err
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^# sources:.*$", "sources:", text, flags=re.M)
    text = text.replace("#   - publisher: …", "  - publisher: Cổng thông tin điện tử Chính phủ").replace("#     url: https://…", "    url: https://chinhphu.vn/")
    path.write_text(text, encoding="utf-8")
    code, out, err = run(repo, capsys, "check")
    assert code == 0, err


def test_document_skeleton_names_every_field_with_a_bilingual_comment(repo, capsys):
    assert new_document(repo, capsys, "--source", "https://chinhphu.vn/")[0] == 0
    text = (repo / "papers" / "documents" / "13-2023-nd-cp" / "document.yml").read_text(encoding="utf-8")
    wanted = {*m.Document.model_fields, *m.Relation.model_fields, *m.Source.model_fields, *m.Attachment.model_fields}
    assert wanted <= named_fields(text)
    for line in field_lines(text):
        assert re.search(r"\s#\s.+ / .+", line), f"no 'Vietnamese / English' comment: {line}"


@pytest.mark.parametrize("replace, words", [
    ({"--issuer": "chinh-phux"}, ["unknown issuer", "chinh-phu"]),
    ({"--issued": "2023-02-30"}, ["--issued", "not a valid date", "YYYY-MM-DD"]),
    ({"--issued": "17/04/2023"}, ["not a valid date"]),
])
def test_new_document_refuses_bad_input(repo, capsys, replace, words):
    args = {"--number": "13/2023/NĐ-CP", "--type": "decree", "--issuer": "chinh-phu", "--issued": "2023-04-17", "--title-vi": "Nghị định"}
    args.update(replace)
    code, out, err = run(repo, capsys, "new", "document", *[x for kv in args.items() for x in kv])
    assert code == 1 and err.startswith("error: ")
    for word in words:
        assert word in err
    assert not (repo / "papers" / "documents" / "13-2023-nd-cp").exists()


def test_new_document_refuses_an_existing_document(repo, capsys):
    code, out, err = run(repo, capsys, "new", "document", "--number", "24/2018/QH14", "--type", "law", "--issuer", "quoc-hoi",
                         "--issued", "2018-06-12", "--title-vi", "Luật An ninh mạng")
    assert code == 1 and "papers/documents/24-2018-qh14/ already exists" in err


def test_new_is_a_subcommand(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["new", "--help"])
    assert exc.value.code == 0
    assert "paper" in capsys.readouterr().out
