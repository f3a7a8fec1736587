"""Safe automatic fixes editors can ask for (`kyyeu check --fix-nfc`)."""
from __future__ import annotations

from pathlib import Path

from .text import nfc


def fix_nfc(root: Path) -> list[Path]:
    """Rewrite every YAML and Markdown record file under papers/ in NFC; returns the files changed."""
    changed = []
    for path in sorted((root / "papers").rglob("*")):
        if path.suffix in (".yml", ".yaml", ".md") and path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            fixed = nfc(text)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")
                changed.append(path)
    return changed
