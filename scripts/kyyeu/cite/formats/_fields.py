"""What the exporters read from a CSL-JSON item: NFC text, date parts, names, keywords."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kyyeu.errors import KyyeuError

#: CSL types of legal and party documents (exported as statutes, rendered as "issuer (year), title, number").
LEGAL_TYPES = frozenset({"legislation", "bill", "regulation", "treaty"})

_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")


def nfc_deep(value: Any) -> Any:
    """A copy of a JSON-like value with every string in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [nfc_deep(v) for v in value]
    return value


def checked(items: Iterable[dict]) -> list[dict]:
    """The items as NFC copies, after checking each has a unique string id and a type."""
    out: list[dict] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise KyyeuError(f"citation item #{n} is not a CSL-JSON object: {item!r}")
        item_id, item_type = item.get("id"), item.get("type")
        if not isinstance(item_id, str) or not item_id:
            raise KyyeuError(f"citation item #{n} has no string 'id'")
        if not isinstance(item_type, str) or not item_type:
            raise KyyeuError(f"citation item {item_id!r} has no CSL 'type'")
        if item_id in seen:
            raise KyyeuError(f"citation id {item_id!r} is used by two items")
        seen.add(item_id)
        out.append(nfc_deep(item))
    return out


def text(item: dict, key: str) -> str:
    """A string variable of the item, stripped; "" when absent."""
    value = item.get(key)
    if value is None:
        return ""
    return str(value).strip()


def date_parts(item: dict, key: str = "issued") -> tuple[int, ...]:
    """(year[, month[, day]]) of a CSL date variable (first date of a range); () when absent."""
    value = item.get(key)
    if not isinstance(value, dict):
        return ()
    parts = value.get("date-parts") or []
    if not parts or not parts[0]:
        return ()
    try:
        return tuple(int(p) for p in parts[0][:3])
    except (TypeError, ValueError):
        raise KyyeuError(f"citation item {item.get('id')!r}: {key} has non-numeric date-parts {parts[0]!r}")


def keywords(item: dict) -> list[str]:
    """The CSL "keyword" variable split on commas and semicolons, blanks dropped."""
    value = item.get("keyword")
    if isinstance(value, list):
        raw = [str(v) for v in value]
    elif value:
        raw = _KEYWORD_SPLIT.split(str(value))
    else:
        raw = []
    return [k.strip() for k in raw if k.strip()]


@dataclass(frozen=True)
class Creator:
    """One CSL name: a person (family/given with particles) or an organisation (one literal string)."""

    family: str = ""
    given: str = ""
    particle: str = ""  #: non-dropping and dropping particles, joined
    suffix: str = ""
    literal: str = ""  #: set for an organisation, or for a person given as one unsplit string

    @property
    def is_corporate(self) -> bool:
        """Whether the name must be kept as one unit (an organisation, or a person without given name)."""
        return bool(self.literal)


def creators(item: dict, key: str = "author") -> list[Creator]:
    """The names of one CSL name variable, in order."""
    out: list[Creator] = []
    for name in item.get(key) or []:
        if not isinstance(name, dict):
            raise KyyeuError(f"citation item {item.get('id')!r}: {key} entry is not a CSL name object: {name!r}")
        literal = str(name.get("literal") or "").strip()
        family = str(name.get("family") or "").strip()
        given = str(name.get("given") or "").strip()
        if literal or not (family and given):
            # An organisation, or a one-part name: splitting it on spaces would be wrong, keep it whole.
            whole = literal or family or given
            if whole:
                out.append(Creator(literal=whole))
            continue
        particles = " ".join(
            p for p in (str(name.get("dropping-particle") or "").strip(), str(name.get("non-dropping-particle") or "").strip()) if p
        )
        out.append(
            Creator(
                family=family,
                given=given,
                particle=particles,
                suffix=str(name.get("suffix") or "").strip(),
            )
        )
    return out


def authors(item: dict) -> list[Creator]:
    """The item's authors; a legal document without any is credited to its issuing body (CSL "authority")."""
    found = creators(item, "author")
    if not found and item.get("type") in LEGAL_TYPES and text(item, "authority"):
        found = [Creator(literal=text(item, "authority"))]
    return found
