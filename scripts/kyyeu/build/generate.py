"""Stage: generate. Records → every page as Markdown with front matter, and the files beside them.

Takes the validated Corpus (`kyyeu.load.check`) and writes into the generated docs folder (.build/docs):
the hand-written docs/ pages, each view's pages (`kyyeu.views`), the files MkDocs copies (feeds, CSV),
attachments and records.json. The citation files go into `Site.site_files`, for `publish.write_site_files`
to put into the built site after MkDocs. Files are written only when their content changed, so that
`kyyeu serve` and MkDocs' dirty builds see only real changes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from .. import handwritten
from ..cite import file_urls
from . import pdf
from ..load import Corpus
from ..model import LANGS
from ..site import Site, book_file, page_dir, url
from ..views import all_pages
from . import redirects
from .files import write_if_changed


def today() -> dt.date:
    """The day statuses are computed for: KYYEU_TODAY (YYYY-MM-DD) in tests, else the real date."""
    value = os.environ.get("KYYEU_TODAY")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def front_matter(meta: dict, body: str) -> str:
    """A Markdown page with its metadata as YAML front matter."""
    # JSON is YAML too: MkDocs reads it as front matter, and writing it is ten times faster than YAML.
    return "---\n" + json.dumps(meta, ensure_ascii=False, default=str) + "\n---\n\n" + body


def records_json(site: Site) -> bytes:
    """The machine-readable catalogue: one entry per record with id, kind, title and URLs.

    Papers, documents and volumes also give `cite`: per language, the URLs of their BibTeX, RIS and
    CSL-JSON files ({"vi": {"bib": …, "ris": …, "json": …}, "en": {…}}; a volume's hold every paper).
    Volumes and papers with a text give `pdf`: the printed book / the paper's PDF per language.
    """
    entries = []
    for e in site.corpus.all_entries():
        title = e.record.name if e.kind == "organisation" else e.record.title
        entries.append({
            "id": e.key,
            "kind": e.kind,
            "title": {lang: title[lang] for lang in LANGS},
            "url": {lang: url(page_dir(e), lang) for lang in LANGS},
            **({"cite": cite} if (cite := file_urls(e)) else {}),
            **({"pdf": {lang: url(page_dir(e), lang) + book_file(e) for lang in LANGS}}
               if e.kind == "volume" or pdf.has_pdf(e) else {}),
        })
    return (json.dumps({"records": entries}, ensure_ascii=False, indent=1) + "\n").encode()


def generate_files(root: Path, corpus: Corpus, out: Path, day: dt.date | None = None,
                   langs: tuple[str, ...] = LANGS, books: bool = True) -> tuple[Site, int, set[Path]]:
    """Write the pages and files of langs (and, with the default language, the language-neutral files) into out.

    Returns (site, page count, the paths written): files under out that no call wanted are stale,
    see `sweep`. Files for site.site_files are only collected here; `write_site_files` writes them.
    First the printed books are laid out (`pdf.layout`, in out.parent/pdf), so that the pages and
    citations show their page numbers; books=False takes the last layout known (`kyyeu serve`).
    """
    site = Site(corpus, day or today(), langs=tuple(langs))
    pdf.layout(site, out.parent / "pdf", compile=books)
    shared = site.writes_shared
    wanted: set[Path] = set()

    def put(rel_path: str, data: bytes) -> None:
        path = out / rel_path
        wanted.add(path)
        write_if_changed(path, data)

    if shared and (root / "docs").is_dir():
        for rel_path, data in handwritten.files(root / "docs"):
            put(rel_path, data)
    count = 0
    for page in all_pages(site):
        put(page.path, front_matter(page.meta, page.body).encode())
        if page.meta.get("kyyeu", {}).get("edit"):
            site.sources[page.path] = page.meta["kyyeu"]["edit"]
        count += 1
    for rel_path, data in site.extra_files.items():
        put(rel_path, data)
    if shared:
        for entry in [*corpus.papers, *corpus.documents.values()]:
            for att in entry.record.attachments:
                put(page_dir(entry) + att.file, (entry.folder / att.file).read_bytes())
            for name, data in entry.media.items():  # the full text's pictures (media/…, also from vi.docx)
                put(page_dir(entry) + name, data)
        put("records.json", records_json(site))
        write_if_changed(redirects.maps_file(out), json.dumps(redirects.maps(corpus), indent=1).encode())
    return site, count, wanted


def sweep(out: Path, wanted: set[Path]) -> None:
    """Remove what an earlier run generated and this one did not (a deleted record's pages)."""
    for path in sorted(out.rglob("*"), reverse=True) if out.is_dir() else []:
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def generate(root: Path, corpus: Corpus, out: Path, day: dt.date | None = None, books: bool = True) -> tuple[Site, int]:
    """Write the hand-written docs/ and every generated page and file of every language into out."""
    site, count, wanted = generate_files(root, corpus, out, day, books=books)
    sweep(out, wanted)
    return site, count
