"""Stage: publish. What finishes a built site and puts it in place.

After MkDocs: the citation files are written straight into the site (`write_site_files`), the other
languages' sitemap entries are merged into the default language's (`merge_sitemaps`), and the finished
folder replaces site/ in two renames (`swap`), so that a failed build leaves the last good site/ in place.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..site import Site
from .files import write_if_changed
from .mkdocs import PART, SITE_WIDE


def write_site_files(site_dir: Path, site: Site) -> list[str]:
    """Write site.site_files (the citation files) into a built site; returns the paths that changed."""
    return [rel for rel, data in site.site_files.items() if write_if_changed(Path(site_dir) / rel, data)]


def merge_sitemaps(site_dir: Path, langs: list[str]) -> None:
    """Append the other languages' <url> entries to the default language's sitemap (and its .gz)."""
    import gzip

    main = site_dir / "sitemap.xml"
    parts = [site_dir / PART.format(lang=lang, name="sitemap.xml") for lang in langs]
    if main.is_file():
        text = main.read_text(encoding="utf-8")
        end = text.rindex("</urlset>")
        extra = ""
        for part in parts:
            if part.is_file():
                other = part.read_text(encoding="utf-8")
                start = other.index(">", other.index("<urlset")) + 1
                extra += other[start: other.rindex("</urlset>")].rstrip("\n")
        text = text[:end].rstrip("\n") + extra + "\n" + text[end:]
        main.write_text(text, encoding="utf-8")
        gz = site_dir / "sitemap.xml.gz"
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little") if gz.is_file() else 0
        with open(gz, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(gz), mode="wb", mtime=mtime) as out:
            out.write(text.encode("utf-8"))
    for lang in langs:
        for name in SITE_WIDE:
            (site_dir / PART.format(lang=lang, name=name)).unlink(missing_ok=True)


def swap(new: Path, target: Path) -> None:
    """Replace target with new in two renames, so a reader never sees a half-written site."""
    old = target.parent / f".{target.name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
