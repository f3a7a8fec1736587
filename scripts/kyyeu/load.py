"""Load every record in papers/ into one Corpus, and report every problem as one line.

The layout of papers/:

    papers/organisations.yml                    the organisation registry
    papers/schemas/<kind>.schema.json           JSON Schemas (generated from model.py)
    papers/<volume>/volume.yml                  an event and its proceedings
    papers/<volume>/survey.yml                  a survey presented there (optional)
    papers/<volume>/<paper>/paper.yml           a paper, with vi.md / en.md and attachments
    papers/documents/<id>/document.yml          a guiding document, with vi.md / en.md and attachments

Checks happen in three layers: the file (encoding, BOM, line endings, YAML syntax, duplicate
keys, schema line), the record (the pydantic model), and the corpus (ids, links, files).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import BaseModel, ValidationError

from . import model as m
from .errors import KyyeuError, Problem, rel
from .sanitize import findings, markdown_fields
from .text import is_nfc

SCHEMA_DIR = "schemas"
RESERVED = {SCHEMA_DIR, "documents"}
#: Paper ids that would collide with a volume's own pages.
RESERVED_PAPER_IDS = {"survey", "index", "cite", "feed"}

# YAML: timestamps stay strings so that pydantic parses dates and reports bad ones as field errors.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~3.5x faster, same line marks
    pass


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# A SHA-256 written without quotes stays text: "0123…" must not become the integer 123….
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
for _first in "0123456789abcdef":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(0, ("tag:yaml.org,2002:str", _HEX64))

#: The largest record files read (a full text of a long paper is a few hundred KB): a bigger file is
#: refused before it is read, so that a mistaken or hostile file cannot stall every build.
MAX_YAML_BYTES = 1 << 20
MAX_MARKDOWN_BYTES = 4 << 20
#: A Word full text (vi.docx / en.docx) is larger than its text: pictures, fonts, styles.
MAX_WORD_BYTES = 20 << 20

#: How a Word full text (vi.docx, en.docx) becomes Markdown: (file, root, is_document, title) → (Markdown,
#: images by path in the record folder), raising KyyeuError. The importer sets it (kyyeu/importer/source.py,
#: imported by the build, `kyyeu check` and `kyyeu serve`): the loader sits below the importer.
WORD_READER = None


@dataclass
class Entry:
    """A loaded record with where it came from."""

    kind: str  #: "volume", "paper", "document", "survey" or "organisation"
    record: Any  #: the model instance
    file: str  #: the YAML file, relative to the repository root
    folder: Path  #: the record's folder on disk
    volume: str | None = None  #: the volume id, for papers and surveys
    fulltext: dict[str, str] = field(default_factory=dict)  #: language → Markdown full text (vi.md / en.md, or from vi.docx / en.docx)
    media: dict[str, bytes] = field(default_factory=dict)  #: images the full texts show, by path in the record folder (media/…)

    @property
    def id(self) -> str:
        """The record's id."""
        return self.record.id

    @property
    def key(self) -> str:
        """Id unique across the corpus: "laocai-2023/cong-an" for papers, the id otherwise."""
        return f"{self.volume}/{self.id}" if self.kind == "paper" else self.id


@dataclass
class DocStatus:
    """A document's legal status on one day."""

    code: str  #: in-force, replaced, expired, not-yet-effective, not-yet-issued
    since: dt.date | None = None  #: from when the status holds; None when not recorded
    by: Entry | None = None  #: the replacing document, for "replaced"


@dataclass
class Corpus:
    """Everything in papers/, with the links between records resolved."""

    root: Path
    organisations: dict[str, Entry] = field(default_factory=dict)
    volumes: dict[str, Entry] = field(default_factory=dict)
    papers: list[Entry] = field(default_factory=list)
    surveys: dict[str, Entry] = field(default_factory=dict)  #: volume id → survey entry
    documents: dict[str, Entry] = field(default_factory=dict)

    def papers_of(self, volume: str) -> list[Entry]:
        """A volume's papers in programme order."""
        return sorted((p for p in self.papers if p.volume == volume), key=lambda p: p.record.order)

    def papers_by(self, org: str) -> list[Entry]:
        """Papers an organisation contributed."""
        return [p for p in self.papers if org in p.record.contributors]

    def documents_by(self, org: str) -> list[Entry]:
        """Documents an organisation issued."""
        return sorted((d for d in self.documents.values() if d.record.issuer == org), key=lambda d: d.record.issued)

    def events_of(self, doc_id: str) -> list[Entry]:
        """Volumes whose `guidance` lists a document, oldest first."""
        return sorted((v for v in self.volumes.values() if doc_id in v.record.guidance), key=lambda v: v.record.date)

    @cached_property
    def _incoming(self) -> dict[str, list[tuple[m.Relation, Entry]]]:
        """Target id → (relation, source document), built once when first asked (after loading)."""
        index: dict[str, list[tuple[m.Relation, Entry]]] = {}
        for d in self.documents.values():
            for r in d.record.relations:
                if r.target:
                    index.setdefault(r.target, []).append((r, d))
        return index

    def incoming(self, doc_id: str) -> list[tuple[m.Relation, Entry]]:
        """(relation, source document) for every document that points at doc_id."""
        return self._incoming.get(doc_id, [])

    def status(self, doc: Entry, on: dt.date) -> DocStatus:
        """A document's status on a day, from its own dates and the documents that replace it."""
        rec: m.Document = doc.record
        if rec.issued > on:
            return DocStatus("not-yet-issued")
        replacing = [d for r, d in self.incoming(rec.id) if r.type == "replaces" and d.record.in_force_from <= on]
        if replacing:
            first = min(replacing, key=lambda d: d.record.in_force_from)
            return DocStatus("replaced", first.record.in_force_from, first)
        if rec.expiry and rec.expiry <= on:
            return DocStatus("expired", rec.expiry)
        if rec.effective is None:
            return DocStatus("in-force", None)  # in force; its effective date is not recorded
        if rec.effective > on:
            return DocStatus("not-yet-effective", rec.effective)
        return DocStatus("in-force", rec.effective)

    def all_entries(self) -> Iterator[Entry]:
        """Every record, in a stable order."""
        yield from self.organisations.values()
        yield from self.volumes.values()
        for v in self.volumes:
            yield from self.papers_of(v)
            if v in self.surveys:
                yield self.surveys[v]
        yield from sorted(self.documents.values(), key=lambda d: d.id)


class _Collector:
    """Collects problems while loading, so that one run reports all of them."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def add(self, path: Path | str, fld: str, message: str, expected: str = "", line: int | None = None) -> None:
        """path: a file (named relative to the root), or the name to give as it is (a link not to follow)."""
        self.problems.append(Problem(path if isinstance(path, str) else rel(path, self.root), fld, message, expected, line))


def _path_str(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _read_text(path: Path, col: _Collector, limit: int = MAX_YAML_BYTES) -> str | None:
    """A text file's content, or None after reporting why it cannot be used."""
    size = path.stat().st_size
    if size > limit:
        col.add(path, "", f"the file is too large ({size / 1e6:.1f} MB)", f"at most {limit / 1e6:.1f} MB; split the text or attach the file as a PDF")
        return None
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        col.add(path, "", "the file starts with a byte-order mark (BOM)", "UTF-8 without BOM; re-save the file as 'UTF-8' not 'UTF-8 with BOM'")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col.add(path, "", "the file is not valid UTF-8", "UTF-8 text", line)
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        col.add(path, "", "the file has Windows (CRLF) or old Mac (CR) line endings", "Unix line endings (LF)", line)
        return None
    return text


def _line_map(node: yaml.Node, path: tuple, lines: dict, dupes: list) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dupes.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            _line_map(value_node, path + (key,), lines, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, path + (i,), lines, dupes)


def _line_of(lines: dict, loc: tuple) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


def _check_text(path: Path, fld: str, text: str, col: _Collector, line: int | None) -> None:
    """The NFC check shared by YAML strings and Markdown files."""
    if not is_nfc(text):
        col.add(path, fld, "text is not in Unicode NFC (composed) form", "NFC; run `kyyeu check --fix-nfc` to convert", line)


def _check_markdown(path: Path, fld: str, text: str, col: _Collector, line: int | None, block: bool = False) -> None:
    """What the site's allow-list (kyyeu.sanitize) would remove from a Markdown text once rendered, one line each.
    line: the file line of the text's first line; block: the text starts on the line after it (a YAML `|` block)."""
    for what, at in findings(text):
        where = (line + at - (0 if block else 1)) if line else None
        col.add(path, fld, f"HTML the site removes: {what}", "text and Markdown only (links to http, https or mailto; images from the record's folder)", where)


def _aliased(node: yaml.Node) -> bool:
    """Whether a YAML document uses an alias (*name): records never need one, and a few nested
    aliases ("billion laughs") make a tree too large to walk."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return True
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += (key, value)
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value
    return False


def schema_line(kind: str, yaml_file: Path, papers: Path) -> str:
    """The first line each YAML file carries so that editors' IDEs validate it while typing."""
    schema = papers / SCHEMA_DIR / f"{kind}.schema.json"
    depth = len(yaml_file.parent.relative_to(papers).parts)
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema.name}"


def _load_yaml(path: Path, kind: str, papers: Path, col: _Collector) -> tuple[BaseModel | None, dict]:
    """Parse and validate one YAML record; returns (record or None, line map)."""
    text = _read_text(path, col)
    if text is None:
        return None, {}
    first = text.split("\n", 1)[0]
    want = schema_line(kind, path, papers)
    if first != want:
        col.add(path, "", "the first line does not name the record's JSON Schema", f"first line `{want}`", 1)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None and _aliased(node):
                col.add(path, "", "the file uses YAML aliases (*name)", "each value written out; anchors (&name) and aliases are not allowed in records")
                return None, {}
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        col.add(path, "", f"YAML syntax error: {exc.problem or exc.context}", "valid YAML (check indentation and quotes)", mark.line + 1 if mark else None)
        return None, {}
    except yaml.YAMLError as exc:
        col.add(path, "", f"YAML error: {exc}", "valid YAML")
        return None, {}
    if not isinstance(data, dict):
        col.add(path, "", "the file does not hold a mapping of fields", "`field: value` lines at the top level")
        return None, {}
    lines: dict = {}
    dupes: list = []
    _line_map(node, (), lines, dupes)
    for loc, line in dupes:
        col.add(path, _path_str(loc), "the field is given twice", "each field once", line)
    for loc, s in _strings(data):
        _check_text(path, _path_str(loc), s, col, _line_of(lines, loc))
    try:
        record = m.MODELS[kind].model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg, expected = _explain(err, m.MODELS[kind], loc)
            col.add(path, _path_str(loc), msg, expected, _line_of(lines, loc))
        return None, lines
    for loc, text in markdown_fields(record):
        _check_markdown(path, _path_str(loc), text, col, _line_of(lines, loc), block="\n" in text)
    return record, lines


def _explain(err: dict, cls: type[BaseModel], loc: tuple) -> tuple[str, str]:
    """A pydantic error as (what is wrong, what was expected) in an editor's words."""
    kind = err["type"]
    if kind == "missing":
        return "required field is missing", "a value"
    if kind == "extra_forbidden":
        return "unknown field", "one of the fields in the schema (check the spelling)"
    if kind.startswith("date"):
        return f"not a valid date: {err['input']!r}", "a date as YYYY-MM-DD, e.g. 2023-11-28"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern == m.ID_PATTERN:
            return f"not a valid id: {err['input']!r}", "lowercase ASCII letters and digits joined by hyphens, e.g. cong-an-lao-cai"
        return f"{err['input']!r} does not have the right form", f"text matching {pattern}"
    if kind == "literal_error" or kind == "enum":
        return f"{err['input']!r} is not allowed", err.get("ctx", {}).get("expected", "")
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, "), ""
    return err["msg"], ""


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (what attachments record)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_attachments(entry: Entry, path: Path, lines: dict, col: _Collector) -> None:
    folder = entry.folder.resolve()
    for i, att in enumerate(entry.record.attachments):
        loc = ("attachments", i, "file")
        target = (entry.folder / att.file).resolve()
        if not target.is_relative_to(folder):
            col.add(path, _path_str(loc), "the path leaves the record's folder", "a file inside the folder", _line_of(lines, loc))
        elif not target.is_file():
            col.add(path, _path_str(loc), f"attached file not found: {att.file}", f"the file in {rel(entry.folder, col.root)}/", _line_of(lines, loc))
        else:
            actual = sha256_of(target)
            if actual != att.sha256:
                loc = ("attachments", i, "sha256")
                col.add(path, _path_str(loc), "checksum does not match the file", f"sha256 {actual}", _line_of(lines, loc))


#: Images a full text may show from the record's media/ folder (as `kyyeu import` writes them).
_MEDIA = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}


def _load_fulltext(entry: Entry, col: _Collector) -> None:
    """vi.md / en.md, or vi.docx / en.docx through the importer (never both for one language)."""
    for lang in m.LANGS:
        md = entry.folder / f"{lang}.md"
        word = entry.folder / f"{lang}.docx"
        if md.is_file() and word.is_file():
            col.add(word, "", f"both {word.name} and {md.name} give the {lang} full text",
                    f"one of them: delete {md.name} to build from the Word file, or {word.name} to keep the Markdown")
            continue
        if word.is_file():
            _load_word(entry, word, lang, col)
        elif md.is_file():
            text = _read_text(md, col, MAX_MARKDOWN_BYTES)
            if text is not None:
                _check_text(md, "", text, col, 1)
                _check_markdown(md, "", text, col, 1)
                entry.fulltext[lang] = text
    for other in entry.folder.glob("*.md"):
        if other.stem not in m.LANGS:
            col.add(other, "", "unexpected Markdown file", "full text named vi.md or en.md")
    media = entry.folder / "media"
    if entry.fulltext and media.is_dir():
        for image in sorted(media.iterdir()):
            if image.suffix.lower() in _MEDIA and image.is_file() and not image.is_symlink():
                entry.media.setdefault(f"media/{image.name}", image.read_bytes())


def _load_word(entry: Entry, word: Path, lang: str, col: _Collector) -> None:
    """A Word full text, converted as `kyyeu import` converts it; the same checks as vi.md on the result."""
    size = word.stat().st_size
    if size > MAX_WORD_BYTES:
        col.add(word, "", f"the file is too large ({size / 1e6:.1f} MB)", f"at most {MAX_WORD_BYTES / 1e6:.1f} MB; make the pictures smaller or attach the file as a PDF")
        return
    if WORD_READER is None:
        reason = "the Word reader is not loaded"
        col.add(word, "", f"could not be read as a Word document ({reason})", "run `kyyeu check`, `kyyeu build` or `kyyeu serve`")
        return
    try:
        text, images = WORD_READER(word, col.root, entry.kind == "document", getattr(entry.record.title, lang, None))
    except KyyeuError as exc:
        col.add(word, "", str(exc), "a .docx saved by Word or LibreOffice (File → Save As → Word Document)")
        return
    if len(text.encode("utf-8")) > MAX_MARKDOWN_BYTES:
        col.add(word, "", "the text is too large once converted", f"at most {MAX_MARKDOWN_BYTES / 1e6:.1f} MB of text; split it")
        return
    if not text.strip():
        col.add(word, "", "the Word file has no text", "the paper's text in the file")
        return
    _check_text(word, "", text, col, None)
    _check_markdown(word, "", text, col, None)
    entry.fulltext[lang] = text
    entry.media.update(images)


def load(root: Path) -> tuple[Corpus, list[Problem]]:
    """Load papers/ under root; returns the corpus and every problem found (empty when valid)."""
    root = root.resolve()
    papers = root / "papers"
    col = _Collector(root)
    corpus = Corpus(root)
    if not papers.is_dir():
        col.add(papers, "", "the papers/ folder is missing", "papers/ with organisations.yml")
        return corpus, col.problems

    if not _safe_tree(papers, root, col):
        return corpus, col.problems  # nothing is read through a link out of the repository

    lines_of: dict[str, dict] = {}

    def add(kind: str, path: Path, **kw) -> Entry | None:
        rec, lines = _load_yaml(path, kind, papers, col)
        if rec is None:
            return None
        entry = Entry(kind, rec, rel(path, root), path.parent, **kw)
        lines_of[entry.file] = lines
        return entry

    reg_path = papers / "organisations.yml"
    if not reg_path.is_file():
        col.add(reg_path, "", "the organisation registry is missing", "papers/organisations.yml")
    else:
        reg = add("organisations", reg_path)
        if reg:
            for i, org in enumerate(reg.record.organisations):
                if org.id in corpus.organisations:
                    col.add(reg_path, f"organisations[{i}].id", f"duplicate id {org.id!r}", "each id once", _line_of(lines_of[reg.file], ("organisations", i, "id")))
                corpus.organisations[org.id] = Entry("organisation", org, reg.file, papers)

    docs_dir = papers / "documents"
    for folder in sorted(p for p in docs_dir.iterdir() if p.is_dir()) if docs_dir.is_dir() else []:
        path = folder / "document.yml"
        if not path.is_file():
            col.add(folder, "", "folder has no document.yml", "papers/documents/<id>/document.yml")
            continue
        entry = add("document", path)
        if entry:
            _expect_id(entry, folder.name, col)
            corpus.documents[entry.id] = entry

    for vdir in sorted(p for p in papers.iterdir() if p.is_dir() and p.name not in RESERVED and not p.name.startswith(".")):
        vpath = vdir / "volume.yml"
        if not vpath.is_file():
            col.add(vdir, "", "folder has no volume.yml", "papers/<volume>/volume.yml")
            continue
        volume = add("volume", vpath)
        if volume is None:
            continue
        _expect_id(volume, vdir.name, col)
        corpus.volumes[volume.id] = volume
        spath = vdir / "survey.yml"
        if spath.is_file():
            survey = add("survey", spath, volume=volume.id)
            if survey:
                corpus.surveys[volume.id] = survey
        for extra in sorted(vdir.glob("*.y*ml")):
            if extra.name not in ("volume.yml", "survey.yml"):
                col.add(extra, "", "unexpected YAML file in a volume folder", "volume.yml, survey.yml, or a paper folder with paper.yml")
        for pdir in sorted(p for p in vdir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            ppath = pdir / "paper.yml"
            if not ppath.is_file():
                col.add(pdir, "", "folder has no paper.yml", "papers/<volume>/<paper>/paper.yml")
                continue
            paper = add("paper", ppath, volume=volume.id)
            if paper:
                _expect_id(paper, pdir.name, col)
                if paper.id in RESERVED_PAPER_IDS:
                    col.add(ppath, "id", f"{paper.id!r} is reserved for the volume's own pages", "another id")
                corpus.papers.append(paper)

    for entry in [*corpus.papers, *corpus.documents.values()]:
        _load_fulltext(entry, col)
        _check_attachments(entry, entry.folder / Path(entry.file).name, lines_of.get(entry.file, {}), col)

    _check_links(corpus, col, lines_of)
    return corpus, col.problems


def _safe_tree(papers: Path, root: Path, col: _Collector) -> bool:
    """Every name under papers/ in NFC, and no symbolic link that leads out of the repository;
    False (after reporting each) when papers/ cannot be read safely."""
    import os
    import unicodedata

    ok = True
    for folder, dirs, files in os.walk(papers, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            shown = f"{rel(Path(folder), root)}/{name}"  # not resolved: a link is named, never followed
            if unicodedata.normalize("NFC", name) != name:
                col.add(shown, "", "the file or folder name is not in Unicode NFC (composed) form", "the name typed again in composed form (rename the file or folder)")
                ok = False
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    col.add(shown, "", "a symbolic link that leads outside the repository", "the file itself, copied into the record's folder")
                    ok = False
    return ok


def _expect_id(entry: Entry, folder_name: str, col: _Collector) -> None:
    if entry.id != folder_name:
        col.add(col.root / entry.file, "id", f"id {entry.id!r} differs from its folder name {folder_name!r}", f"id: {folder_name} (or rename the folder)")


def _check_links(corpus: Corpus, col: _Collector, lines_of: dict[str, dict]) -> None:
    """Every id a record names must exist; orders and relations must make sense."""
    orgs = corpus.organisations

    def need_org(entry: Entry, loc: tuple, org_id: str) -> None:
        if orgs and org_id not in orgs:
            col.add(col.root / entry.file, _path_str(loc), f"unknown organisation id {org_id!r}", "an id from papers/organisations.yml", _line_of(lines_of.get(entry.file, {}), loc))

    for v in corpus.volumes.values():
        need_org(v, ("organiser",), v.record.organiser)
        for i, doc_id in enumerate(v.record.guidance):
            if doc_id not in corpus.documents:
                loc = ("guidance", i)
                col.add(col.root / v.file, _path_str(loc), f"unknown document id {doc_id!r}", "the id of a folder in papers/documents/", _line_of(lines_of.get(v.file, {}), loc))
    survey_ids: dict[str, Entry] = {}
    for s in corpus.surveys.values():
        need_org(s, ("conducted_by",), s.record.conducted_by)
        other = survey_ids.setdefault(s.id, s)
        if other is not s:
            col.add(col.root / s.file, "id", f"the survey id {s.id!r} is also used by {other.file}", "an id no other survey has", _line_of(lines_of.get(s.file, {}), ("id",)))
    orders: dict[tuple, Entry] = {}
    first_of: dict[str, Entry] = {}
    for p in corpus.papers:
        other = first_of.setdefault(p.id, p)
        if other is not p:
            col.add(col.root / p.file, "id", f"the paper id {p.id!r} is also used by {other.file}", "an id no other volume's paper has (citation keys and links name a paper by it)", _line_of(lines_of.get(p.file, {}), ("id",)))
        for i, org in enumerate(p.record.contributors):
            need_org(p, ("contributors", i), org)
        for i, a in enumerate(p.record.authors):
            if a.affiliation:
                need_org(p, ("authors", i, "affiliation"), a.affiliation)
        key = (p.volume, p.record.order)
        if key in orders:
            col.add(col.root / p.file, "order", f"order {p.record.order} is also used by {orders[key].file}", "a position not used by another paper of the volume", _line_of(lines_of.get(p.file, {}), ("order",)))
        orders[key] = p
    _check_moves(corpus, col, lines_of)
    for d in corpus.documents.values():
        need_org(d, ("issuer",), d.record.issuer)
        for i, r in enumerate(d.record.relations):
            loc = ("relations", i, "target")
            if r.target is not None and r.target not in corpus.documents:
                col.add(col.root / d.file, _path_str(loc), f"unknown document id {r.target!r}", "the id of a folder in papers/documents/, or `number:` for a document outside the collection", _line_of(lines_of.get(d.file, {}), loc))
            elif r.target == d.id:
                col.add(col.root / d.file, _path_str(loc), "a document cannot relate to itself", "another document's id", _line_of(lines_of.get(d.file, {}), loc))


def moved_keys(entry: Entry) -> list[str]:
    """The keys a record had before it moved (`moved_from:`): "volume/id" for papers, the id for documents."""
    if entry.kind == "paper":
        return [v if "/" in v else f"{entry.volume}/{v}" for v in entry.record.moved_from]
    return list(getattr(entry.record, "moved_from", []))


def _check_moves(corpus: Corpus, col: _Collector, lines_of: dict[str, dict]) -> None:
    """Every old address in `moved_from:` must be free: no live record's, no other record's old one."""
    live = {p.key for p in corpus.papers} | set(corpus.documents)
    claimed: dict[str, Entry] = {}
    for entry in [*corpus.papers, *corpus.documents.values()]:
        for i, old in enumerate(moved_keys(entry)):
            loc = ("moved_from", i)
            line = _line_of(lines_of.get(entry.file, {}), loc)
            fix = "an address this record had before, that no record has now"
            if old == entry.key:
                col.add(col.root / entry.file, _path_str(loc), f"{old!r} is the record's own address", "an earlier address, or remove the line", line)
            elif old in live:
                col.add(col.root / entry.file, _path_str(loc), f"{old!r} is the address of another record, which still exists", fix, line)
            elif entry.kind == "paper" and old.rsplit("/", 1)[1] in RESERVED_PAPER_IDS:
                col.add(col.root / entry.file, _path_str(loc), f"{old!r} is a volume's own page", fix, line)
            elif old in claimed:
                col.add(col.root / entry.file, _path_str(loc), f"{old!r} is also in moved_from of {claimed[old].file}", "each old address in one record", line)
            claimed.setdefault(old, entry)


def check(root: Path) -> Corpus:
    """Load and validate every record; raise KyyeuError listing every problem (the build's first stage)."""
    corpus, problems = load(root)
    if problems:
        raise KyyeuError(f"{len(problems)} problem(s) in papers/", problems)
    return corpus
