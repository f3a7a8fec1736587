"""Load every record in papers/ into one Corpus, and report every problem as one line.

The layout of papers/:

    papers/organisations.yml                    the organisation registry
    papers/schemas/<kind>.schema.json           JSON Schemas (generated from model.py)
    papers/<volume>/volume.yml                  an event and its proceedings
    papers/<volume>/survey.yml                  a survey presented there (optional)
    papers/<volume>/<paper>/paper.yml           a paper, with vi.md / en.md and attachments
    papers/documents/<id>/document.yml          a guiding document, with vi.md / en.md and attachments
    papers/topics.yml                           the everyday topics key points are filed under (optional)

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

_UNSAFE_HTML = [
    (re.compile(r"<\s*script\b", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe> element"),
    (re.compile(r"<\s*(object|embed)\b", re.I), "an <object>/<embed> element"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an on…= event attribute"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link"),
]


@dataclass
class Entry:
    """A loaded record with where it came from."""

    kind: str  #: "volume", "paper", "document", "survey" or "organisation"
    record: Any  #: the model instance
    file: str  #: the YAML file, relative to the repository root
    folder: Path  #: the record's folder on disk
    volume: str | None = None  #: the volume id, for papers and surveys
    fulltext: dict[str, str] = field(default_factory=dict)  #: language → Markdown full text (vi.md / en.md)

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
    topics: dict[str, m.Topic] = field(default_factory=dict)  #: topic id → topic, in the registry's order

    def points_on(self, topic: str) -> list[tuple[Entry, m.KeyPoint]]:
        """(document, key point) for every key point filed under a topic, documents newest first."""
        docs = sorted(self.documents.values(), key=lambda d: d.record.issued, reverse=True)
        return [(d, p) for d in docs for p in d.record.key_points if topic in p.topics]

    def changes_on(self, topic: str) -> list[tuple[Entry, m.Change]]:
        """(newer document, change) for every change filed under a topic."""
        docs = sorted(self.documents.values(), key=lambda d: d.record.issued, reverse=True)
        return [(d, c) for d in docs for c in d.record.changes if topic in c.topics]

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

    def add(self, path: Path, fld: str, message: str, expected: str = "", line: int | None = None) -> None:
        self.problems.append(Problem(rel(path, self.root), fld, message, expected, line))


def _path_str(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _read_text(path: Path, col: _Collector) -> str | None:
    """A text file's content, or None after reporting why it cannot be used."""
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
    """NFC and unsafe HTML checks shared by YAML strings and Markdown files."""
    if not is_nfc(text):
        col.add(path, fld, "text is not in Unicode NFC (composed) form", "NFC; run `kyyeu check --fix-nfc` to convert", line)
    for rx, what in _UNSAFE_HTML:
        hit = rx.search(text)
        if hit:
            at = line + text[: hit.start()].count("\n") if line and "\n" in text[: hit.start()] else line
            col.add(path, fld, f"raw HTML that could run script: {what}", "plain Markdown without script, iframes, event handlers or javascript: links", at)


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
        return m.MODELS[kind].model_validate(data), lines
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg, expected = _explain(err, m.MODELS[kind], loc)
            col.add(path, _path_str(loc), msg, expected, _line_of(lines, loc))
        return None, lines


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
    if kind == "too_short" and loc and loc[-1] == "sources":
        return "no source given: a point is published only with a public source that states it", "at least one `- publisher: …, url: …`"
    if kind == "too_short":
        return "the list is empty", f"at least {err.get('ctx', {}).get('min_length', 1)} item(s)"
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


def _load_fulltext(entry: Entry, col: _Collector) -> None:
    for lang in m.LANGS:
        md = entry.folder / f"{lang}.md"
        if md.is_file():
            text = _read_text(md, col)
            if text is not None:
                _check_text(md, "", text, col, 1)
                entry.fulltext[lang] = text
    for other in entry.folder.glob("*.md"):
        if other.stem not in m.LANGS:
            col.add(other, "", "unexpected Markdown file", "full text named vi.md or en.md")


def load(root: Path) -> tuple[Corpus, list[Problem]]:
    """Load papers/ under root; returns the corpus and every problem found (empty when valid)."""
    root = root.resolve()
    papers = root / "papers"
    col = _Collector(root)
    corpus = Corpus(root)
    if not papers.is_dir():
        col.add(papers, "", "the papers/ folder is missing", "papers/ with organisations.yml")
        return corpus, col.problems

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

    topics_path = papers / "topics.yml"
    if topics_path.is_file():
        reg = add("topics", topics_path)
        if reg:
            for i, topic in enumerate(reg.record.topics):
                if topic.id in corpus.topics:
                    col.add(topics_path, f"topics[{i}].id", f"duplicate id {topic.id!r}", "each id once", _line_of(lines_of[reg.file], ("topics", i, "id")))
                corpus.topics[topic.id] = topic
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
    _check_guidance(corpus, col, lines_of)
    return corpus, col.problems


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
    for s in corpus.surveys.values():
        need_org(s, ("conducted_by",), s.record.conducted_by)
    orders: dict[tuple, Entry] = {}
    for p in corpus.papers:
        for i, org in enumerate(p.record.contributors):
            need_org(p, ("contributors", i), org)
        for i, a in enumerate(p.record.authors):
            if a.affiliation:
                need_org(p, ("authors", i, "affiliation"), a.affiliation)
        key = (p.volume, p.record.order)
        if key in orders:
            col.add(col.root / p.file, "order", f"order {p.record.order} is also used by {orders[key].file}", "a position not used by another paper of the volume", _line_of(lines_of.get(p.file, {}), ("order",)))
        orders[key] = p
    for d in corpus.documents.values():
        need_org(d, ("issuer",), d.record.issuer)
        for i, r in enumerate(d.record.relations):
            loc = ("relations", i, "target")
            if r.target is not None and r.target not in corpus.documents:
                col.add(col.root / d.file, _path_str(loc), f"unknown document id {r.target!r}", "the id of a folder in papers/documents/, or `number:` for a document outside the collection", _line_of(lines_of.get(d.file, {}), loc))
            elif r.target == d.id:
                col.add(col.root / d.file, _path_str(loc), "a document cannot relate to itself", "another document's id", _line_of(lines_of.get(d.file, {}), loc))


def _check_guidance(corpus: Corpus, col: _Collector, lines_of: dict[str, dict]) -> None:
    """Key points and changes: ids once per document, topics from the registry, documents that exist;
    topics' papers and surveys that exist."""
    topics_file = "papers/topics.yml"
    for d in corpus.documents.values():
        lines = lines_of.get(d.file, {})

        def bad(loc: tuple, message: str, expected: str) -> None:
            col.add(col.root / d.file, _path_str(loc), message, expected, _line_of(lines, loc))

        for name in ("key_points", "changes"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(d.record, name)):
                if item.id in seen:
                    bad((name, i, "id"), f"duplicate id {item.id!r}", "each id once in the document")
                seen.add(item.id)
                for j, topic in enumerate(item.topics):
                    if topic not in corpus.topics:
                        bad((name, i, "topics", j), f"unknown topic id {topic!r}", f"an id from {topics_file}")
        for i, c in enumerate(d.record.changes):
            for side in ("before", "after"):
                target = getattr(c, side).document
                if target is not None and target not in corpus.documents:
                    bad(("changes", i, side, "document"), f"unknown document id {target!r}", "the id of a folder in papers/documents/, or `number:`")
            if c.before.document is None and c.before.number is None:
                bad(("changes", i, "before"), "the replaced document is not named", "`document:` (an id) or `number:`")
    lines = lines_of.get(topics_file, {})
    papers = {p.key for p in corpus.papers}
    for t_i, topic in enumerate(corpus.topics.values()):
        for i, link in enumerate(topic.related):
            loc = ("topics", t_i, "related", i)
            if link.paper is not None and link.paper not in papers:
                col.add(col.root / topics_file, _path_str(loc + ("paper",)), f"unknown paper {link.paper!r}", "<volume>/<paper id> of a paper in papers/", _line_of(lines, loc))
            if link.survey is not None and link.survey not in corpus.surveys:
                col.add(col.root / topics_file, _path_str(loc + ("survey",)), f"no survey in volume {link.survey!r}", "the id of a volume with a survey.yml", _line_of(lines, loc))


def check(root: Path) -> Corpus:
    """Load and validate every record; raise KyyeuError listing every problem (the build's first stage)."""
    corpus, problems = load(root)
    if problems:
        raise KyyeuError(f"{len(problems)} problem(s) in papers/", problems)
    return corpus
