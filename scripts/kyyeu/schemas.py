"""JSON Schemas for editors' IDEs, generated from the model so that they never drift from it."""
from __future__ import annotations

import json
from pathlib import Path

from .load import SCHEMA_DIR
from .model import MODELS


def schema_for(kind: str) -> dict:
    """The JSON Schema of one record kind."""
    schema = MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return schema


def render(kind: str) -> str:
    """The schema file's text, stable for diffs."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(root: Path) -> list[Path]:
    """Write papers/schemas/<kind>.schema.json for every kind; returns the files that changed."""
    out = root / "papers" / SCHEMA_DIR
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for kind in MODELS:
        path = out / f"{kind}.schema.json"
        text = render(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(root: Path) -> list[str]:
    """Kinds whose committed schema differs from the model."""
    out = root / "papers" / SCHEMA_DIR
    return [k for k in MODELS if not (out / f"{k}.schema.json").is_file() or (out / f"{k}.schema.json").read_text(encoding="utf-8") != render(k)]
