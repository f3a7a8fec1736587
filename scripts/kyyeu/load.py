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
import typing
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import BaseModel, ValidationError

from . import model as m
from .errors import KyyeuError, Problem, rel
from .messages import did_you_mean, has, join, t
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

    code: str  #: in-force, replaced, expired, not-yet-effective, not-yet-issued, not-stated (no recorded effective date)
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
            return DocStatus("not-stated")  # no source recorded with the document gives when it took effect
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
        self.failed: dict[Path, tuple[str, dict, dict]] = {}  #: records that did not validate: path → (kind, data, lines)

    def add(self, path: Path | str, fld: str, key: str, line: int | None = None, /, **fields) -> None:
        """A problem from the message catalogue: `key` is what is wrong, `key.fix` (when there is one) what is right.
        path: a file (named relative to the root), or the name to give as it is (a link not to follow)."""
        expected = t(key + ".fix", **fields) if has(key + ".fix") else ""
        self.add_text(path, fld, t(key, **fields), expected, line)

    def add_text(self, path: Path | str, fld: str, message: str, expected: str = "", line: int | None = None) -> None:
        """A problem whose texts are already in the reader's language."""
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
        col.add(path, "", "check.file_too_large", None, size=f"{size / 1e6:.1f}", limit=f"{limit / 1e6:.1f}")
        return None
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        col.add(path, "", "check.bom")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col.add(path, "", "check.not_utf8", line)
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        col.add(path, "", "check.crlf", line)
        return None
    return text


#: Marks the entries of a line map that give the line of a field's *key* (the map's own entries give
#: where its value starts): `lines[(KEY_LINE, *loc)]`.
KEY_LINE = "\0key"


def _line_map(node: yaml.Node, path: tuple, lines: dict, dupes: list) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(KEY_LINE, *path, key)] = key_node.start_mark.line + 1
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
        col.add(path, fld, "check.not_nfc", line)


def _check_markdown(path: Path, fld: str, text: str, col: _Collector, line: int | None, block: bool = False) -> None:
    """What the site's allow-list (kyyeu.sanitize) would remove from a Markdown text once rendered, one line each.
    line: the file line of the text's first line; block: the text starts on the line after it (a YAML `|` block)."""
    for what, at in findings(text):
        where = (line + at - (0 if block else 1)) if line else None
        col.add(path, fld, "check.removed_html", where, what=what)


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
        col.add(path, "", "check.schema_line", 1, want=want)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None and _aliased(node):
                col.add(path, "", "check.yaml_alias")
                return None, {}
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tab = _tab_at(text, mark.line if mark else None)
        if tab:
            line, column, fld = tab
            col.add(path, fld, "check.tab", line, line=line, column=column)
        else:
            col.add(path, "", "check.yaml_syntax", mark.line + 1 if mark else None, problem=exc.problem or exc.context)
        return None, {}
    except yaml.YAMLError as exc:
        col.add(path, "", "check.yaml_error", problem=exc)
        return None, {}
    if not isinstance(data, dict):
        col.add(path, "", "check.not_mapping")
        return None, {}
    lines: dict = {}
    dupes: list = []
    _line_map(node, (), lines, dupes)
    for loc, line in dupes:
        col.add(path, _path_str(loc), "check.duplicate_key", line)
    for loc, s in _strings(data):
        _check_text(path, _path_str(loc), s, col, _line_of(lines, loc))
    try:
        record = m.MODELS[kind].model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg, expected = _explain(err, m.MODELS[kind], loc, data)
            line = _missing_line(lines, loc, m.MODELS[kind]) if err["type"] == "missing" else _line_of(lines, loc)
            col.add_text(path, _path_str(loc), msg, expected, line)
        col.failed[path] = (kind, data, lines)  # its links are still checked (load._check_failed_links)
        return None, lines
    for loc, text in markdown_fields(record):
        _check_markdown(path, _path_str(loc), text, col, _line_of(lines, loc), block="\n" in text)
    return record, lines


def _tab_at(text: str, near: int | None) -> tuple[int, int, str] | None:
    """(line, column, field) of the tab that broke the YAML: on the line the parser stopped at, else the first."""
    rows = text.split("\n")
    order = ([near] if near is not None and near < len(rows) else []) + list(range(len(rows)))
    for i in order:
        if "\t" in rows[i]:
            return i + 1, rows[i].index("\t") + 1, _field_on_line(rows, i)
    return None


def _field_on_line(rows: list[str], i: int) -> str:
    """The dotted field a line gives (`title.vi`), from the keys above it with less indentation; "" when none."""
    key = re.match(r"^([ \t]*)(?:- +)?([A-Za-z_][\w]*)\s*:", rows[i])
    if not key:
        return ""
    names, indent = [key.group(2)], len(key.group(1))
    for row in reversed(rows[:i]):
        above = re.match(r"^([ \t]*)(?:- +)?([A-Za-z_][\w]*)\s*:", row)
        if above and len(above.group(1)) < indent and not row.lstrip().startswith("#"):
            names.insert(0, above.group(2))
            indent = len(above.group(1))
            if indent == 0:
                break
    return ".".join(names)


def _missing_line(lines: dict, loc: tuple, cls: type[BaseModel]) -> int | None:
    """Where a missing field belongs: the key of the mapping that lacks it, or, at the top level, the
    field that comes after it in the model's order (the line to write it above)."""
    parent = loc[:-1]
    if parent:
        return lines.get((KEY_LINE, *parent)) or _line_of(lines, parent)
    names = list(cls.model_fields)
    after = names[names.index(loc[-1]) + 1:] if loc[-1] in names else []
    for name in after:
        if (KEY_LINE, name) in lines:
            return lines[(KEY_LINE, name)]
    return max((v for k, v in lines.items() if k and k[0] == KEY_LINE), default=None)


def _inner_model(ann: Any) -> type[BaseModel] | None:
    """The model class inside an annotation (list[X], X | None, Annotated[X, …]), or None."""
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in typing.get_args(ann):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _model_at(cls: type[BaseModel] | None, loc: tuple) -> type[BaseModel] | None:
    """The model class of the mapping at loc inside a record of class cls."""
    for part in loc:
        if cls is None:
            return None
        if isinstance(part, int):
            continue
        info = cls.model_fields.get(part)
        cls = _inner_model(info.annotation) if info else None
    return cls


#: An example value for a missing field, by name; `{org}` is an organisation id.
_EXAMPLES = {
    "id": "ten-thu-muc", "number": "72/2013/NĐ-CP", "issuer": "{org}", "organiser": "{org}", "conducted_by": "{org}",
    "contributors": "[{org}]", "order": "1", "state": "awaiting", "url": "https://…", "publisher": "Báo Lào Cai",
    "family": "Nguyễn", "given": "Văn An", "file": "toan-van.pdf", "sha256": "<sha256sum TỆP / FILE>", "percent": "50",
    "sources": "[{{publisher: …, url: https://…}}]", "status": "[{{state: awaiting}}]", "results": "[{{label: {{vi: …, en: …}}, percent: 50}}]",
    "multiple_answers": "false", "kind": "…", "place": "provincial", "vi": "…", "en": "…",
}


def _example(cls: type[BaseModel] | None, name: str, org: str) -> str:
    """`name: value` to show for a missing field."""
    if name in _EXAMPLES:
        return f"{name}: " + _EXAMPLES[name].replace("{org}", org).replace("{{", "{").replace("}}", "}")
    info = cls.model_fields.get(name) if cls else None
    ann = info.annotation if info else None
    if ann is not None:
        text = str(ann)
        if "datetime.date" in text:
            return f"{name}: 2023-11-28"
        choices = [a for a in typing.get_args(ann) if isinstance(a, str)]
        if choices:
            return f"{name}: {choices[0]}"
        inner = _inner_model(ann)
        if inner is m.Text or inner is m.OptText:
            return f"{name}: {{vi: …, en: …}}"
    return f"{name}: …"


_TYPES = {"string": "type.string", "int": "type.int", "float": "type.float", "bool": "type.bool", "list": "type.list",
          "dict": "type.mapping", "model": "type.mapping", "url": "type.url"}


def _msg(key: str, **fields) -> tuple[str, str]:
    return t(key, **fields), (t(key + ".fix", **fields) if has(key + ".fix") else "")


def _explain(err: dict, cls: type[BaseModel], loc: tuple, data: Any = None) -> tuple[str, str]:
    """A pydantic error as (what is wrong, what would be right) in the editor's language, with "did you mean"."""
    kind, ctx, value = err["type"], err.get("ctx", {}), err.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if kind == "missing":
        org = "cong-an-lao-cai"
        if isinstance(data, dict) and isinstance(data.get("contributors"), list) and data["contributors"]:
            org = str(data["contributors"][0])
        return _msg("check.missing", name=loc[-1], example=_example(_model_at(cls, loc[:-1]), str(loc[-1]), org))
    if kind == "extra_forbidden":
        names = list((_model_at(cls, loc[:-1]) or cls).model_fields)
        hint = did_you_mean(loc[-1], names)
        return (t("check.unknown_field", name=loc[-1], hint=hint),
                "" if hint else t("check.unknown_field.fix", names=join(names)))
    if kind.startswith("date"):
        return _msg("check.bad_date", value=shown)
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == m.ID_PATTERN:
            return _msg("check.bad_id", value=shown)
        return _msg("check.bad_form", value=shown, pattern=pattern)
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return (t("check.not_allowed", value=shown, hint=did_you_mean(value, choices)),
                t("check.not_allowed.fix", names=join(choices)))
    if kind == "too_short" and loc and loc[-1] == "sources":
        return _msg("check.no_source")
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, "), ""
    base = kind.split("_")[0]
    if kind.endswith(("_type", "_parsing")) or kind in ("url_scheme", "model_attributes_type"):
        label = t(_TYPES.get(base, "type.string"))
        return t("check.wrong_type", value=shown, type=label), ""
    unit = t("unit.chars") if kind.startswith("string") else t("unit.items")
    if kind.endswith("too_short"):
        return _msg("check.too_short", min=ctx.get("min_length", 1), unit=unit)
    if kind.endswith("too_long"):
        return _msg("check.too_long", max=ctx.get("max_length", ""), unit=unit)
    if kind in ("greater_than_equal", "greater_than"):
        return _msg("check.too_small", value=shown, limit=ctx.get("ge", ctx.get("gt", 0)))
    if kind in ("less_than_equal", "less_than"):
        return _msg("check.too_large", value=shown, limit=ctx.get("le", ctx.get("lt", 0)))
    return t("check.invalid", detail=err["msg"]), ""


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
            col.add(path, _path_str(loc), "check.path_leaves", _line_of(lines, loc))
        elif not target.is_file():
            col.add(path, _path_str(loc), "check.no_attachment", _line_of(lines, loc), file=att.file, folder=rel(entry.folder, col.root))
        else:
            actual = sha256_of(target)
            if actual != att.sha256:
                loc = ("attachments", i, "sha256")
                col.add(path, _path_str(loc), "check.checksum", _line_of(lines, loc), sha=actual)


#: Images a full text may show from the record's media/ folder (as `kyyeu import` writes them).
_MEDIA = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}


def _load_fulltext(entry: Entry, col: _Collector) -> None:
    """vi.md / en.md, or vi.docx / en.docx through the importer (never both for one language)."""
    for lang in m.LANGS:
        md = entry.folder / f"{lang}.md"
        word = entry.folder / f"{lang}.docx"
        if md.is_file() and word.is_file():
            col.add(word, "", "check.word_and_md", None, word=word.name, md=md.name, language=lang)
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
            col.add(other, "", "check.unexpected_md")
    media = entry.folder / "media"
    if entry.fulltext and media.is_dir():
        for image in sorted(media.iterdir()):
            if image.suffix.lower() in _MEDIA and image.is_file() and not image.is_symlink():
                entry.media.setdefault(f"media/{image.name}", image.read_bytes())


def _load_word(entry: Entry, word: Path, lang: str, col: _Collector) -> None:
    """A Word full text, converted as `kyyeu import` converts it; the same checks as vi.md on the result."""
    size = word.stat().st_size
    if size > MAX_WORD_BYTES:
        col.add(word, "", "check.word_too_large", None, size=f"{size / 1e6:.1f}", limit=f"{MAX_WORD_BYTES / 1e6:.1f}")
        return
    if WORD_READER is None:
        col.add(word, "", "check.word_reader_missing")
        return
    try:
        text, images = WORD_READER(word, col.root, entry.kind == "document", getattr(entry.record.title, lang, None))
    except KyyeuError as exc:
        col.add(word, "", "check.word_unreadable", None, detail=str(exc))
        return
    if len(text.encode("utf-8")) > MAX_MARKDOWN_BYTES:
        col.add(word, "", "check.word_text_too_large", None, limit=f"{MAX_MARKDOWN_BYTES / 1e6:.1f}")
        return
    if not text.strip():
        col.add(word, "", "check.word_empty")
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
        col.add(papers, "", "check.no_papers")
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
        col.add(reg_path, "", "check.no_registry")
    else:
        reg = add("organisations", reg_path)
        if reg:
            for i, org in enumerate(reg.record.organisations):
                if org.id in corpus.organisations:
                    col.add(reg_path, f"organisations[{i}].id", "check.duplicate_id", _line_of(lines_of[reg.file], ("organisations", i, "id")), value=repr(org.id))
                corpus.organisations[org.id] = Entry("organisation", org, reg.file, papers)

    topics_path = papers / "topics.yml"
    if topics_path.is_file():
        reg = add("topics", topics_path)
        if reg:
            for i, topic in enumerate(reg.record.topics):
                if topic.id in corpus.topics:
                    col.add(topics_path, f"topics[{i}].id", "check.duplicate_id", _line_of(lines_of[reg.file], ("topics", i, "id")), value=repr(topic.id))
                corpus.topics[topic.id] = topic
    docs_dir = papers / "documents"
    for folder in sorted(p for p in docs_dir.iterdir() if p.is_dir()) if docs_dir.is_dir() else []:
        path = folder / "document.yml"
        if not path.is_file():
            col.add(folder, "", "check.no_document_yml")
            continue
        entry = add("document", path)
        if entry:
            _expect_id(entry, folder.name, col)
            corpus.documents[entry.id] = entry

    for vdir in sorted(p for p in papers.iterdir() if p.is_dir() and p.name not in RESERVED and not p.name.startswith(".")):
        vpath = vdir / "volume.yml"
        if not vpath.is_file():
            col.add(vdir, "", "check.no_volume_yml")
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
                col.add(extra, "", "check.unexpected_yaml")
        for pdir in sorted(p for p in vdir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            ppath = pdir / "paper.yml"
            if not ppath.is_file():
                col.add(pdir, "", "check.no_paper_yml")
                continue
            paper = add("paper", ppath, volume=volume.id)
            if paper:
                _expect_id(paper, pdir.name, col)
                if paper.id in RESERVED_PAPER_IDS:
                    col.add(ppath, "id", "check.reserved_id", value=repr(paper.id))
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
                col.add(shown, "", "check.name_not_nfc")
                ok = False
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    col.add(shown, "", "check.symlink_out")
                    ok = False
    return ok


def _expect_id(entry: Entry, folder_name: str, col: _Collector) -> None:
    if entry.id != folder_name:
        col.add(col.root / entry.file, "id", "check.id_folder", value=repr(entry.id), folder=repr(folder_name), name=folder_name)


def _check_links(corpus: Corpus, col: _Collector, lines_of: dict[str, dict]) -> None:
    """Every id a record names must exist; orders and relations must make sense.

    A document that exists but did not validate is still a known target (its own problems are
    reported on it), so that one broken record does not make others fail."""
    orgs = corpus.organisations
    docs_dir = corpus.root / "papers" / "documents"
    doc_ids = set(corpus.documents) | ({p.name for p in docs_dir.iterdir() if (p / "document.yml").is_file()} if docs_dir.is_dir() else set())

    def need_org(entry: Entry, loc: tuple, org_id: str) -> None:
        if orgs and org_id not in orgs:
            col.add(col.root / entry.file, _path_str(loc), "check.unknown_org", _line_of(lines_of.get(entry.file, {}), loc),
                    value=repr(org_id), hint=did_you_mean(org_id, orgs))

    for v in corpus.volumes.values():
        need_org(v, ("organiser",), v.record.organiser)
        for i, doc_id in enumerate(v.record.guidance):
            if doc_id not in doc_ids:
                loc = ("guidance", i)
                col.add(col.root / v.file, _path_str(loc), "check.unknown_doc", _line_of(lines_of.get(v.file, {}), loc),
                        value=repr(doc_id), hint=did_you_mean(doc_id, doc_ids))
    survey_ids: dict[str, Entry] = {}
    for s in corpus.surveys.values():
        need_org(s, ("conducted_by",), s.record.conducted_by)
        other = survey_ids.setdefault(s.id, s)
        if other is not s:
            col.add(col.root / s.file, "id", "check.dup_survey", _line_of(lines_of.get(s.file, {}), ("id",)), value=repr(s.id), other=other.file)
    orders: dict[tuple, Entry] = {}
    first_of: dict[str, Entry] = {}
    for p in corpus.papers:
        other = first_of.setdefault(p.id, p)
        if other is not p:
            col.add(col.root / p.file, "id", "check.dup_paper", _line_of(lines_of.get(p.file, {}), ("id",)), value=repr(p.id), other=other.file)
        for i, org in enumerate(p.record.contributors):
            need_org(p, ("contributors", i), org)
        for i, a in enumerate(p.record.authors):
            if a.affiliation:
                need_org(p, ("authors", i, "affiliation"), a.affiliation)
        key = (p.volume, p.record.order)
        if key in orders:
            col.add(col.root / p.file, "order", "check.order_used", _line_of(lines_of.get(p.file, {}), ("order",)), order=p.record.order, file=orders[key].file)
        orders[key] = p
    _check_moves(corpus, col, lines_of)
    for d in corpus.documents.values():
        need_org(d, ("issuer",), d.record.issuer)
        for i, r in enumerate(d.record.relations):
            loc = ("relations", i, "target")
            if r.target is not None and r.target not in doc_ids:
                col.add(col.root / d.file, _path_str(loc), "check.unknown_target", _line_of(lines_of.get(d.file, {}), loc),
                        value=repr(r.target), hint=did_you_mean(r.target, doc_ids))
            elif r.target == d.id:
                col.add(col.root / d.file, _path_str(loc), "check.self_relation", _line_of(lines_of.get(d.file, {}), loc))
    _check_failed_links(corpus, col, doc_ids)
    _check_guidance(corpus, col, lines_of, doc_ids)


#: Where each kind of record names other records: (path with "*" for every list item, what it names).
_RAW_LINKS = {
    "document": [(("issuer",), "org"), (("relations", "*", "target"), "target")],
    "paper": [(("contributors", "*"), "org"), (("authors", "*", "affiliation"), "org")],
    "volume": [(("organiser",), "org"), (("guidance", "*"), "doc")],
    "survey": [(("conducted_by",), "org")],
}


def _values_at(data: Any, pattern: tuple, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if not pattern:
        yield loc, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from _values_at(item, rest, loc + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, loc + (head,))


def _check_failed_links(corpus: Corpus, col: _Collector, doc_ids: set[str]) -> None:
    """The links of records that did not validate, read from their YAML as far as it parsed, so that
    one run reports every problem of a file (a field already reported is not reported again)."""
    reported = {(p.file, p.field) for p in col.problems}
    orgs = corpus.organisations
    for path, (kind, data, lines) in col.failed.items():
        file = rel(path, col.root)
        for pattern, what in _RAW_LINKS.get(kind, []):
            for loc, value in _values_at(data, pattern):
                fld = _path_str(loc)
                if not isinstance(value, str) or (file, fld) in reported:
                    continue
                line = _line_of(lines, loc)
                if what == "org" and orgs and value not in orgs:
                    col.add(path, fld, "check.unknown_org", line, value=repr(value), hint=did_you_mean(value, orgs))
                elif what in ("doc", "target") and value not in doc_ids:
                    col.add(path, fld, "check.unknown_doc" if what == "doc" else "check.unknown_target", line,
                            value=repr(value), hint=did_you_mean(value, doc_ids))


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
            if old == entry.key:
                col.add(col.root / entry.file, _path_str(loc), "check.moved_own", line, value=repr(old))
            elif old in live:
                col.add(col.root / entry.file, _path_str(loc), "check.moved_live", line, value=repr(old))
            elif entry.kind == "paper" and old.rsplit("/", 1)[1] in RESERVED_PAPER_IDS:
                col.add(col.root / entry.file, _path_str(loc), "check.moved_reserved", line, value=repr(old))
            elif old in claimed:
                col.add(col.root / entry.file, _path_str(loc), "check.moved_twice", line, value=repr(old), other=claimed[old].file)
            claimed.setdefault(old, entry)


def _check_guidance(corpus: Corpus, col: _Collector, lines_of: dict[str, dict], doc_ids: set[str]) -> None:
    """Key points and changes: ids once per document, topics from the registry, documents that exist;
    topics' papers and surveys that exist. As in _check_links, a record that exists but did not
    validate is still a known target."""
    topics_file = "papers/topics.yml"
    for d in corpus.documents.values():
        path, lines = col.root / d.file, lines_of.get(d.file, {})

        for name in ("key_points", "changes"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(d.record, name)):
                if item.id in seen:
                    loc = (name, i, "id")
                    col.add(path, _path_str(loc), "check.point_duplicate", _line_of(lines, loc), value=repr(item.id))
                seen.add(item.id)
                for j, topic in enumerate(item.topics):
                    if topic not in corpus.topics:
                        loc = (name, i, "topics", j)
                        col.add(path, _path_str(loc), "check.unknown_topic", _line_of(lines, loc), value=repr(topic),
                                hint=did_you_mean(topic, list(corpus.topics)))
        for i, c in enumerate(d.record.changes):
            for side in ("before", "after"):
                target = getattr(c, side).document
                if target is not None and target not in doc_ids:
                    loc = ("changes", i, side, "document")
                    col.add(path, _path_str(loc), "check.unknown_target", _line_of(lines, loc), value=repr(target),
                            hint=did_you_mean(target, doc_ids))
            if c.before.document is None and c.before.number is None:
                loc = ("changes", i, "before")
                col.add(path, _path_str(loc), "check.change_unnamed", _line_of(lines, loc))
    lines = lines_of.get(topics_file, {})
    papers = {p.key for p in corpus.papers} | {f"{f.parent.parent.name}/{f.parent.name}" for f in (corpus.root / "papers").glob("*/*/paper.yml")}
    for t_i, topic in enumerate(corpus.topics.values()):
        for i, link in enumerate(topic.related):
            loc = ("topics", t_i, "related", i)
            if link.paper is not None and link.paper not in papers:
                col.add(col.root / topics_file, _path_str(loc + ("paper",)), "check.unknown_paper", _line_of(lines, loc), value=repr(link.paper), hint=did_you_mean(link.paper, papers))
            if link.survey is not None and link.survey not in corpus.surveys:
                col.add(col.root / topics_file, _path_str(loc + ("survey",)), "check.unknown_survey", _line_of(lines, loc), value=repr(link.survey))


def check(root: Path) -> Corpus:
    """Load and validate every record; raise KyyeuError listing every problem (the build's first stage)."""
    corpus, problems = load(root)
    if problems:
        raise KyyeuError(t("cli.problems", count=len(problems)), problems)
    return corpus
