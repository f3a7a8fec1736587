"""`kyyeu import`: a Word file becomes a record's Markdown full text, with its original kept as an attachment."""
from __future__ import annotations

from . import source  # noqa: F401 - lets the loader read vi.docx / en.docx as full texts
from .cli import register
from .core import import_file
from .report import ImportReport

__all__ = ["ImportReport", "import_file", "register"]
