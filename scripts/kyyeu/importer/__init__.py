"""`kyyeu import`: a Word file becomes a record's Markdown full text, with its original kept as an attachment."""
from __future__ import annotations

from .cli import register
from .core import import_file
from .report import ImportReport

__all__ = ["ImportReport", "import_file", "register"]
