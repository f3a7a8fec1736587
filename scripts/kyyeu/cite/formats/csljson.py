"""CSL-JSON as the file readers download."""
from __future__ import annotations

import json

from ._fields import checked


def to_csl_json(items: list[dict]) -> str:
    """CSL-JSON (UTF-8 text, not ASCII-escaped, every string in NFC), one item per line.

    One line per item keeps a volume's file readable and diffable at two thirds of the size of an
    indented file (the 1,000-paper benchmark's CSL-JSON files: 8.2 MB indented).
    """
    lines = [json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in checked(items)]
    return "[\n" + ",\n".join(lines) + "\n]\n"
