"""Kỷ yếu: records in papers/ become a bilingual static proceedings site."""
from pathlib import Path

#: The Jinja, Typst and Lua templates and the interface labels (here, so that a Typst process finds them
#: without importing the site's model: build/typeset.py).
TEMPLATES = Path(__file__).resolve().parent / "templates"
