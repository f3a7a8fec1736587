"""What the views and the citations both need, below both: the Site being generated, page addresses,
interface labels (templates/labels.yml) and how dates and untranslated texts are shown in each language."""
from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import yaml

from . import TEMPLATES
from .load import Corpus, Entry
from .model import LANGS, OptText

LABELS: dict[str, dict[str, str]] = yaml.safe_load((TEMPLATES / "labels.yml").read_text(encoding="utf-8"))
LANG_NAMES = {"vi": {"vi": "tiếng Việt", "en": "tiếng Anh"}, "en": {"vi": "Vietnamese", "en": "English"}}
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


@dataclass
class Site:
    """What views need to know: the corpus, the day statuses are computed for, and where pages live."""

    corpus: Corpus
    today: dt.date
    repo_url: str = ""  #: web address of the repository, for "edit the source" links
    extra_files: dict[str, bytes] = field(default_factory=dict)  #: generated files MkDocs copies (CSV …), by docs path
    site_files: dict[str, bytes] = field(default_factory=dict)  #: files written straight into the built site (citation files), by site path
    sources: dict[str, str] = field(default_factory=dict)  #: generated page path → the record file it comes from
    langs: tuple[str, ...] = LANGS  #: the languages whose pages and files the views generate (a build process does one)
    git_dates: tuple[dict, dict] | None = None  #: git log of papers/, read once per generation (kyyeu.cite.feeds.git_dates)
    books: dict[str, dict] = field(default_factory=dict)  #: lang → volume id → its printed book's layout (build/pdf.py)

    @property
    def writes_shared(self) -> bool:
        """Whether this generation writes the language-neutral files (the default language's process does)."""
        return LANGS[0] in self.langs


# --- URLs -------------------------------------------------------------------------------------------


def page_dir(entry: Entry) -> str:
    """The folder (URL path without language prefix) of a record's page."""
    if entry.kind == "paper":
        return f"volumes/{entry.volume}/{entry.id}/"
    if entry.kind == "survey":
        return f"volumes/{entry.volume}/survey/"
    if entry.kind == "volume":
        return f"volumes/{entry.id}/"
    if entry.kind == "document":
        return f"documents/{entry.id}/"
    if entry.kind == "organisation":
        return f"organisations/{entry.id}/"
    raise ValueError(entry.kind)


def book_file(entry: Entry) -> str:
    """File name of a volume's printed book or a paper's PDF, in the page's own folder."""
    if entry.kind == "volume":
        return f"ky-yeu-{entry.id}.pdf"
    return f"ky-yeu-{entry.volume}-{entry.id}.pdf"


def book_pages(site: Site, entry: Entry, lang: str) -> dict | None:
    """A paper's pages in the printed book of its volume in lang ({first_label, last_label, …}), for a paper
    with a text; None for a paper that awaits its text (it has no PDF and no page tags), or before layout."""
    if entry.kind != "paper" or not entry.fulltext:
        return None
    return site.books.get(lang, {}).get(entry.volume, {}).get("pages", {}).get(entry.id)


def url(path: str, lang: str) -> str:
    """Site-relative URL of a page folder in a language ('' is the home page)."""
    return path if lang == "vi" else f"en/{path}"


def source_file(path: str, lang: str) -> str:
    """The Markdown file name of a page folder in a language (suffix structure of mkdocs-static-i18n)."""
    return f"{path}index.md" if lang == "vi" else f"{path}index.en.md"


def link(from_dir: str, to_dir: str) -> str:
    """Relative link from one page folder to another page's Markdown source (checked by mkdocs --strict)."""
    target = to_dir + "index.md"
    return posixpath.relpath(target, from_dir or ".")


def href(from_dir: str, to_dir: str) -> str:
    """Relative URL from one page folder to another, for links the theme renders (attribute cards)."""
    rel_path = posixpath.relpath(to_dir or ".", from_dir or ".")
    return "./" if rel_path == "." else rel_path + "/"


# --- labels and text --------------------------------------------------------------------------------


_LABELS_IN: dict[str, Mapping[str, str]] = {}


def labels(lang: str) -> Mapping[str, str]:
    """Every interface label in one language, built once (views ask for it about 100,000 times at
    N = 10,000) and read-only, as it is shared."""
    if lang not in _LABELS_IN:
        _LABELS_IN[lang] = MappingProxyType({k: v[lang] for k, v in LABELS.items()})
    return _LABELS_IN[lang]


def fmt_date(day: dt.date | None, lang: str) -> str:
    """A date as readers of the language write it: 28/11/2023 or 28 November 2023."""
    if day is None:
        return LABELS["not_available"][lang]
    if lang == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def untranslated(shown: str, lang: str) -> str | None:
    """The notice for a page in lang that shows text in another language (None when they agree)."""
    return None if shown == lang else LABELS["untranslated"][lang].format(language=LANG_NAMES[lang][shown])


def text_in(value: OptText | None, lang: str) -> tuple[str | None, str | None]:
    """(text, notice) for an optional bilingual text: the notice says when the other language is shown."""
    if value is None:
        return None, None
    text, real = value.get(lang)
    return text, untranslated(real, lang)


def fulltext_in(entry: Entry, lang: str) -> dict[str, str | None]:
    """A record's full text for a page in lang: the text, its language and the notice when it is the other one."""
    shown = lang if lang in entry.fulltext else next(iter(entry.fulltext), None)
    if shown is None:
        return {"fulltext": None, "text_lang": None, "text_notice": None}
    return {"fulltext": entry.fulltext[shown], "text_lang": shown, "text_notice": untranslated(shown, lang)}


def org_name(site: Site, org_id: str, lang: str) -> str:
    """An organisation's name in a language."""
    return site.corpus.organisations[org_id].record.name[lang]
