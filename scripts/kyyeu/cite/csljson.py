"""CSL-JSON as the file readers download."""
from __future__ import annotations

import json

from ._items import checked


def to_csl_json(items: list[dict]) -> str:
    """Pretty-printed CSL-JSON (UTF-8 text, not ASCII-escaped), every string in NFC."""
    return json.dumps(checked(items), ensure_ascii=False, indent=2) + "\n"
