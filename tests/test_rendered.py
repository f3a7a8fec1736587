"""Pages rendered once (kyyeu/build/rendered.py): the next build reuses a page's HTML only when its
Markdown and every file its links name are as they were, and gives the same site."""
from __future__ import annotations

import filecmp
import logging
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(autouse=True)
def _same_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the mkdocs theme prints the build's date


def _project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nsite_url: http://127.0.0.1/\ntheme: mkdocs\n"
                                         "validation:\n  anchors: warn\nmarkdown_extensions:\n  - toc\n",
                                         encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [part](b.md#part) and [c](c.md).\n\n## Đường dây\n",
                                                encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text("# B\n\n## Part\n", encoding="utf-8")
    (tmp_path / "docs" / "c.md").write_text("# C\n", encoding="utf-8")
    return tmp_path


def _build(project: Path, out: str) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from kyyeu.build.rendered import remembered

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / out), strict=True)
    with remembered(project / "cache" / "pages") as counts:
        build(config)
    return counts


def _same_tree(a: Path, b: Path) -> None:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(f) for f in files], shallow=False)
    assert not mismatch and not errors


def test_a_page_is_rendered_once_and_gives_the_same_html(tmp_path):
    project = _project(tmp_path)
    assert _build(project, "s1") == {"rendered": 3, "reused": 0}
    assert _build(project, "s2") == {"rendered": 0, "reused": 3}
    _same_tree(project / "s1", project / "s2")
    assert len(list((project / "cache" / "pages").iterdir())) == 3

    (project / "docs" / "c.md").write_text("# C changed\n", encoding="utf-8")  # only c renders again
    assert _build(project, "s3") == {"rendered": 1, "reused": 2}
    assert len(list((project / "cache" / "pages").iterdir())) == 3  # the old c.md is gone


def test_a_link_to_a_removed_page_still_fails_the_build(tmp_path, caplog):
    from mkdocs.exceptions import Abort

    project = _project(tmp_path)
    _build(project, "s1")
    before = sorted(p.name for p in (project / "cache" / "pages").iterdir())
    (project / "docs" / "c.md").unlink()  # index.md itself is unchanged
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        _build(project, "s2")
    assert "contains a link 'c.md', but the target is not found" in caplog.text
    assert sorted(p.name for p in (project / "cache" / "pages").iterdir()) == before  # nothing stored, nothing pruned
    (project / "docs" / "c.md").write_text("# C\n", encoding="utf-8")
    assert _build(project, "s3") == {"rendered": 0, "reused": 3}


def test_a_removed_anchor_on_another_page_still_fails_the_build(tmp_path, caplog):
    from mkdocs.exceptions import Abort

    project = _project(tmp_path)
    _build(project, "s1")
    (project / "docs" / "b.md").write_text("# B\n\n## Elsewhere\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        _build(project, "s2")  # index.md is reused; its link to b.md#part is checked all the same
    assert "does not contain an anchor '#part'" in caplog.text


def test_the_next_build_of_the_site_is_byte_identical(repo_copy, tmp_path):
    from kyyeu.build.pipeline import build

    work = tmp_path / "work"
    first = build(repo_copy, site_dir=tmp_path / "s1", work_dir=work).site
    assert len(list((work / "cache" / "pages-en").iterdir())) > 30  # every English page of the real site
    second = build(repo_copy, site_dir=tmp_path / "s2", work_dir=work).site
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert len(pages) > 80
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(p) for p in pages], shallow=False)
    assert not mismatch and not errors


def test_a_change_to_the_markdown_settings_renders_every_page_again(tmp_path):
    project = _project(tmp_path)
    _build(project, "s1")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("anchors: warn", "anchors: info"), encoding="utf-8")
    assert _build(project, "s2") == {"rendered": 3, "reused": 0}
    config.write_text(config.read_text(encoding="utf-8") + "  - footnotes\n", encoding="utf-8")
    assert _build(project, "s3") == {"rendered": 3, "reused": 0}
    assert len(list((project / "cache" / "pages").iterdir())) == 3  # the two older versions are gone
