"""The record folder: which YAML it has, its attachment list, safe names and all-or-nothing writes."""
from __future__ import annotations

import copy
import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..errors import KyyeuError
from ..messages import t
from ..text import slugify

RECORD_FILES = ("paper.yml", "document.yml")


def attachment_name(src: Path) -> str:
    """The attachment's file name in the record folder: slug of the stem + lower-case extension.
    Never vi.docx or en.docx: in a record folder those are full texts the build reads (kyyeu.load)."""
    stem = slugify(src.stem) or "tep-dinh-kem"
    if stem in ("vi", "en") and src.suffix.lower() == ".docx":
        stem += "-goc"  # bản gốc: the original
    return stem + src.suffix.lower()


def _yaml() -> YAML:
    """A round-trip YAML that keeps comments, quotes and the project's indentation."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass
class Record:
    """A record folder and its YAML, loaded for editing."""

    folder: Path
    yml: Path
    data: CommentedMap
    original: str

    @property
    def is_document(self) -> bool:
        """Whether this is a guiding document (document.yml) rather than a paper."""
        return self.yml.name == "document.yml"

    def title(self, lang: str) -> str | None:
        """The record's title in a language, when it is given as text."""
        title = self.data.get("title")
        value = title.get(lang) if isinstance(title, dict) else None
        return value if isinstance(value, str) else None

    def with_attachment(self, entry: dict) -> str:
        """The YAML text with this attachment added, or updating the entry with the same file."""
        attachments = self.data.get("attachments")
        if attachments is None:
            attachments = self.data["attachments"] = CommentedSeq()
        for old in attachments:
            if isinstance(old, dict) and old.get("file") == entry["file"]:
                old.update(entry)
                break
        else:
            new = CommentedMap(entry)
            if attachments and isinstance(attachments[-1], CommentedMap):
                _move_trailing_comment(attachments[-1], new)
            attachments.append(new)
        return dump(self.data)

    def reformats(self) -> bool:
        """Whether the YAML writer would change the file's existing text (beyond the new entry)."""
        return dump(_yaml().load(self.original)) != self.original


def _move_trailing_comment(old: CommentedMap, new: CommentedMap) -> None:
    """Comment lines after the old last entry belong after the list: move them under the new entry."""
    if not old:
        return
    slot = old.ca.items.get(list(old.keys())[-1])
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None:
        return
    first, _, rest = token.value.partition("\n")
    if not rest:
        return
    moved = copy.copy(token)
    moved.value = "\n" + rest
    token.value = first + "\n"
    new.ca.items[list(new.keys())[-1]] = [None, None, moved, None]


def dump(data) -> str:
    """YAML text: NFC, LF line endings, no BOM."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return unicodedata.normalize("NFC", stream.getvalue())


def load(folder: Path, shown: str) -> Record:
    """The record in a folder; KyyeuError when it is not one or its YAML is broken."""
    if not folder.is_dir():
        raise KyyeuError(t("import.no_folder", file=shown))
    found = [folder / name for name in RECORD_FILES if (folder / name).is_file()]
    if not found:
        raise KyyeuError(t("import.not_record", file=shown))
    if len(found) > 1:
        raise KyyeuError(t("import.both_records", file=shown))
    yml = found[0]
    raw = yml.read_bytes()
    text = raw.decode("utf-8-sig", errors="strict").replace("\r\n", "\n").replace("\r", "\n")
    try:
        data = _yaml().load(text)
    except YAMLError as exc:
        raise KyyeuError(t("import.bad_yaml", file=f"{shown}/{yml.name}", detail=str(exc).splitlines()[0])) from None
    if not isinstance(data, CommentedMap):
        raise KyyeuError(t("import.not_mapping", file=f"{shown}/{yml.name}"))
    if not isinstance(data.get("attachments", []), list):
        raise KyyeuError(t("import.attachments_not_list", file=f"{shown}/{yml.name}"))
    return Record(folder, yml, data, text)


class Staging:
    """Files written under temporary names in the target folder, renamed into place together."""

    def __init__(self, folder: Path):
        """Nothing staged yet."""
        self.folder = folder
        self.pending: list[tuple[Path, Path]] = []

    def add(self, relative: str, content: bytes) -> None:
        """Stage content for folder/relative."""
        final = self.folder / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = final.with_name(f".{final.name}.kyyeu-import.tmp")
        temp.write_bytes(content)
        self.pending.append((temp, final))

    def commit(self) -> None:
        """Move every staged file into place."""
        for temp, final in self.pending:
            os.replace(temp, final)
        self.pending.clear()

    def abort(self) -> None:
        """Remove staged files (and folders made only for them)."""
        for temp, final in self.pending:
            temp.unlink(missing_ok=True)
            if final.parent != self.folder and final.parent.is_dir() and not any(final.parent.iterdir()):
                final.parent.rmdir()
        self.pending.clear()
