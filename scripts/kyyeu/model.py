"""The typed model of every record kind in papers/.

One class per record kind (Organisation, Volume, Paper, Document, Survey), each field
documented in the line under it (those docstrings become the JSON Schemas' descriptions),
validators beside the fields they check, and derived facts as properties.
Cross-record checks (unknown ids, duplicates, files on disk) live in `load.py`.
"""
from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationInfo, field_validator, model_validator

from .messages import t
from .text import slugify

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=80)]
#: An earlier address of a paper: its old id in the same volume, or volume-id/paper-id.
MOVED_PATTERN = r"^([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+(-[a-z0-9]+)*$"
Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
#: Kinds of record; records.json and the search filters use these words.
KINDS = ("volume", "paper", "document", "organisation", "survey")


class Record(BaseModel):
    """Base of every record: unknown fields are errors, docstrings document fields."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class Text(Record):
    """A short text required in both languages (titles, names)."""

    vi: Annotated[str, Field(min_length=1, pattern=r"\S")]
    """Vietnamese."""
    en: Annotated[str, Field(min_length=1, pattern=r"\S")]
    """English."""

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class OptText(Record):
    """A text (Markdown allowed) in Vietnamese and English; a missing language falls back to the other with a notice."""

    vi: str | None = None
    """Vietnamese."""
    en: str | None = None
    """English; leave out when no translation exists yet."""

    @model_validator(mode="after")
    def _one_language(self) -> "OptText":
        if not (self.vi or self.en):
            raise ValueError(t("model.one_language"))
        return self

    def get(self, lang: str) -> tuple[str, str]:
        """The text for lang and the language it is really in (the other one when missing)."""
        own = getattr(self, lang)
        if own:
            return own, lang
        other = "en" if lang == "vi" else "vi"
        return getattr(self, other), other


class Source(Record):
    """A public source that confirms what a record says."""

    publisher: Annotated[str, Field(min_length=1)]
    """Who published it (a newspaper, a ministry portal)."""
    url: HttpUrl
    """Its address."""
    title: OptText | None = None
    """Its title, when worth showing."""


class Attachment(Record):
    """A file kept beside the record (the Word file it came from, a PDF, a CSV)."""

    file: Annotated[str, Field(min_length=1)]
    """Path relative to the record's folder; it may not leave that folder."""
    kind: Literal["pdf", "docx", "doc", "csv", "image"]
    """What sort of file it is."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """SHA-256 of the file, 64 lowercase hex digits (`sha256sum FILE`)."""
    lang: Lang | None = None
    """Language of the file's text."""
    description: OptText | None = None
    """What the file is, for the download link."""

    @field_validator("file")
    @classmethod
    def _inside_folder(cls, value: str) -> str:
        parts = value.replace("\\", "/").split("/")
        if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in parts:
            raise ValueError(t("model.path_leaves"))
        if value.endswith(".md") or parts[-1].startswith(("cite.", "volume.", "index.", "ky-yeu-")):
            raise ValueError(t("model.generated_name"))
        return value


# --- organisations -------------------------------------------------------------------------


class OrgKind(str, Enum):
    """What sort of body an organisation is."""

    party = "party"
    legislature = "legislature"
    government = "government"
    ministry = "ministry"
    department = "department"
    police = "police"
    press = "press"
    mass_organisation = "mass-organisation"
    education = "education"


class Organisation(Record):
    """A body that contributes papers, issues documents or organises events."""

    id: Id
    """Stable id, used in URLs and by other records."""
    name: Text
    """Full name."""
    short: Text | None = None
    """Usual short name or abbreviation."""
    kind: OrgKind
    """What sort of body it is."""
    place: Literal["national", "provincial"]
    """Whether it is a national or a Lào Cai provincial body."""
    url: HttpUrl | None = None
    """Its official website."""


class OrganisationRegistry(Record):
    """papers/organisations.yml: every organisation the records name."""

    organisations: Annotated[list[Organisation], Field(min_length=1)]
    """One entry per organisation."""


# --- volumes (events) -------------------------------------------------------------------------


class Person(Record):
    """A named person with a role."""

    name: Annotated[str, Field(min_length=1)]
    """Full name as written in Vietnamese."""
    role: Text | None = None
    """Position held at the time."""


class Volume(Record):
    """papers/<volume>/volume.yml: one event and its proceedings."""

    id: Id
    """Stable id, equal to the folder name (e.g. laocai-2023)."""
    kind: Literal["workshop", "conference"]
    """Kind of event."""
    title: Text
    """The event's theme, used as its title."""
    date: dt.date
    """Day the event was held."""
    place: Text
    """Where it was held (province, city)."""
    venue: Text | None = None
    """The building or hall, when known."""
    organiser: Id
    """Organisation id of the organiser."""
    chair: Person | None = None
    """Who chaired the event."""
    participants: list[Text] = []
    """Groups of participants, as reported."""
    summary: Text
    """One or two sentences on what the event was, for the home page and feeds."""
    opening: OptText
    """Summary of the opening report (Markdown)."""
    conclusions: OptText
    """Summary of the closing remarks (Markdown)."""
    sources: list[Source] = []
    """Public reports of the event."""
    keywords: list[Text] = []
    """Subject keywords."""
    publisher: Text | None = None
    """Who publishes these proceedings (this online edition and its printed book), if one is named: citations and the book's colophon then name it; left out, none names a publisher (the organiser is not one)."""
    guidance: list[Id] = []
    """Ids of guiding documents the editors relate to this event; their pages give their status on its day."""
    short_title: Text | None = None
    """Short title for the printed book's running header and page stamps; the full title when left out."""
    isbn: Annotated[str, Field(pattern=r"^(97[89])?[0-9X -]{9,16}$")] | None = None
    """ISBN of the printed proceedings, for the colophon; `kyyeu check` notes when it is missing."""
    licence: Text | None = None
    """Licence of the printed proceedings, for the colophon (e.g. CC BY 4.0)."""
    editors: list[str] = []
    """Editors of the proceedings as written in Vietnamese, for the colophon."""
    print_run: Annotated[int, Field(ge=1)] | None = None
    """Number of printed copies, for the colophon."""

    @property
    def year(self) -> int:
        """Year of the event."""
        return self.date.year


# --- papers ---------------------------------------------------------------------------------------


class Author(Record):
    """A personal author of a paper."""

    family: Annotated[str, Field(min_length=1)]
    """Family name (họ), e.g. Nguyễn."""
    given: Annotated[str, Field(min_length=1)]
    """Middle and given names (tên đệm và tên), e.g. Văn An."""
    affiliation: Id | None = None
    """Organisation id."""

    @property
    def name(self) -> str:
        """Name in Vietnamese order."""
        return f"{self.family} {self.given}"


class StatusEvent(Record):
    """A step in the life of a paper's full text."""

    state: Literal["awaiting", "published", "revised", "retracted"]
    """awaiting: full text not submitted; published; revised: a corrected text replaced it; retracted."""
    date: dt.date | None = None
    """When it happened, if known."""
    note: OptText | None = None
    """Why, or what changed."""


class Paper(Record):
    """papers/<volume>/<paper>/paper.yml: one contribution (tham luận) to a volume."""

    id: Id
    """Stable id, equal to the folder name."""
    order: Annotated[int, Field(ge=1)]
    """Position in the volume's table of contents."""
    title: Text
    """Title of the paper."""
    title_is_topic: bool = False
    """True when the exact title is not known and `title` is the reported topic: citations give it as an APA 7 [description]; set false (or leave out) once the exact title is recorded."""
    contributors: Annotated[list[Id], Field(min_length=1)]
    """Organisation ids of the contributing bodies; they are the authors when no person is named."""
    authors: list[Author] = []
    """Personal authors, in order; empty when not known."""
    language: Lang = "vi"
    """Language the paper was written in."""
    abstract: OptText | None = None
    """Abstract (Markdown); leave out when none has been submitted."""
    keywords: list[Text] = []
    """Subject keywords."""
    status: Annotated[list[StatusEvent], Field(min_length=1)]
    """History of the full text, oldest first; the last entry is the current state."""
    attachments: list[Attachment] = []
    """Files kept with the paper."""
    sources: list[Source] = []
    """Public sources for what this record says."""
    moved_from: list[Annotated[str, Field(pattern=MOVED_PATTERN)]] = []
    """Earlier addresses of the paper after a rename or a move: an old id (same volume) or volume/id; they redirect here."""

    @field_validator("status")
    @classmethod
    def _dates_in_order(cls, value: list[StatusEvent]) -> list[StatusEvent]:
        dates = [e.date for e in value if e.date]
        if dates != sorted(dates):
            raise ValueError(t("model.status_order"))
        return value

    @property
    def state(self) -> str:
        """Current state of the full text."""
        return self.status[-1].state


# --- guiding documents ----------------------------------------------------------------------------

#: Labels of document types, in both languages.
DOC_TYPES: dict[str, dict[str, str]] = {
    "law": {"vi": "Luật", "en": "Law"},
    "decree": {"vi": "Nghị định", "en": "Decree"},
    "decision": {"vi": "Quyết định", "en": "Decision"},
    "circular": {"vi": "Thông tư", "en": "Circular"},
    "directive": {"vi": "Chỉ thị", "en": "Directive"},
    "resolution": {"vi": "Nghị quyết", "en": "Resolution"},
    "regulation": {"vi": "Quy định", "en": "Regulation"},
    "plan": {"vi": "Kế hoạch", "en": "Plan"},
}
#: Relation types and the words for each direction.
RELATIONS: dict[str, dict[str, dict[str, str]]] = {
    "replaces": {"out": {"vi": "Thay thế", "en": "Replaces"}, "in": {"vi": "Bị thay thế bởi", "en": "Replaced by"}},
    "amends": {"out": {"vi": "Sửa đổi, bổ sung", "en": "Amends"}, "in": {"vi": "Được sửa đổi, bổ sung bởi", "en": "Amended by"}},
    "guides": {"out": {"vi": "Hướng dẫn", "en": "Guides"}, "in": {"vi": "Được hướng dẫn bởi", "en": "Guided by"}},
    "implements": {"out": {"vi": "Triển khai thực hiện", "en": "Implements"}, "in": {"vi": "Được triển khai bởi", "en": "Implemented by"}},
}


class Relation(Record):
    """A typed link from this document to another; the reverse link is generated."""

    type: Literal["replaces", "amends", "guides", "implements"]
    """How this document relates to the other."""
    target: Id | None = None
    """Id of the other document when it is in the collection."""
    number: str | None = None
    """Number of the other document when it is not in the collection (shown without a link)."""
    note: OptText | None = None
    """What the relation covers, if not the whole document."""

    @model_validator(mode="after")
    def _one_target(self) -> "Relation":
        if (self.target is None) == (self.number is None):
            raise ValueError(t("model.one_target"))
        return self


#: Who a key point concerns, in both languages; the key points' `audiences` take these words.
AUDIENCES: dict[str, dict[str, str]] = {
    "officials": {"vi": "Cán bộ, công chức, viên chức", "en": "Officials and civil servants"},
    "party-members": {"vi": "Đảng viên", "en": "Party members"},
    "citizens": {"vi": "Người dân", "en": "Citizens"},
    "organisations": {"vi": "Cơ quan, tổ chức, doanh nghiệp", "en": "Organisations and businesses"},
    "providers": {"vi": "Nhà cung cấp dịch vụ, mạng xã hội", "en": "Service and platform providers"},
}
Audience = Literal["officials", "party-members", "citizens", "organisations", "providers"]


class KeyPoint(Record):
    """One thing a document asks or sets, in the editors' own words, traced to its article and a public source."""

    id: Id
    """Stable id, unique within the document; the point's anchor on the document page is #diem-<id>."""
    title: Text | None = None
    """A short heading for the point (what a reader would search for); the article is shown when left out."""
    article: Text | None = None
    """The article it comes from, as the source gives it ("khoản 2 Điều 101" / "Article 101(2)"); leave out when no source names one."""
    audiences: Annotated[list[Audience], Field(min_length=1)]
    """Who it concerns: officials, party-members, citizens, organisations, providers."""
    topics: list[Id] = []
    """Ids of topics from papers/topics.yml."""
    text: Text
    """The point, summarised in the editors' own words (never a copied sentence)."""
    note: OptText | None = None
    """A caution, e.g. where sources disagree."""
    sources: Annotated[list[Source], Field(min_length=1)]
    """Public pages that state the point; a point without a source is not published."""


class ChangeSide(Record):
    """One side of a change: what a document said, with its article and source."""

    document: Id | None = None
    """Id of the document in the collection; leave out for the document that holds the change (the newer one)."""
    number: str | None = None
    """Number of the document when it is not in the collection (e.g. 27/2018/NĐ-CP)."""
    via: str | None = None
    """The number of the amending document the rule came from, when it is not the document itself (e.g. 27/2018/NĐ-CP)."""
    article: Text | None = None
    """The article, when a source names it."""
    text: Text
    """What it said, in the editors' own words."""
    sources: Annotated[list[Source], Field(min_length=1)]
    """Public pages that state it."""


class Change(Record):
    """A point that changed when this document replaced another: the old rule beside the new one."""

    id: Id
    """Stable id, unique within the document; its anchor is #thay-doi-<id>."""
    title: Text | None = None
    """What changed, in a few words; the topic's title is shown when left out."""
    topics: list[Id] = []
    """Ids of topics from papers/topics.yml."""
    audiences: list[Audience] = []
    """Who the change concerns."""
    before: ChangeSide
    """The rule of the replaced document."""
    after: ChangeSide
    """The rule of this document."""
    note: OptText | None = None
    """A caution (e.g. the replaced rule had itself been amended)."""


class Document(Record):
    """papers/documents/<id>/document.yml: a legal or party document that guides internet use."""

    id: Id
    """Stable id: the number as a slug (24/2018/QH14 → 24-2018-qh14), equal to the folder name."""
    number: Annotated[str, Field(min_length=1)]
    """Official number (số hiệu), e.g. 72/2013/NĐ-CP."""
    type: Literal["law", "decree", "decision", "circular", "directive", "resolution", "regulation", "plan"]
    """Kind of document."""
    title: Text
    """Title (trích yếu); the English one is the project's rendering."""
    title_is_topic: bool = False
    """True when `title` is the subject as the sources report it, not the official title (trích yếu): cited in [brackets]."""
    title_note: OptText | None = None
    """A caution about the title (e.g. it is the topic as reported)."""
    issuer: Id
    """Organisation id of the issuing body."""
    signer: str | None = None
    """Who signed it, when known."""
    issued: dt.date
    """Date of issue (ngày ban hành)."""
    effective: dt.date | None = None
    """Date it took effect (ngày hiệu lực), when known."""
    expiry: dt.date | None = None
    """Date it stopped having effect other than by a replacing document in the collection."""
    scope: Literal["national", "provincial"] = "national"
    """National or Lào Cai provincial document."""
    summary: OptText | None = None
    """What it is about and why it matters here (Markdown)."""
    relations: list[Relation] = []
    """Typed links to other documents."""
    sources: Annotated[list[Source], Field(min_length=1)]
    """Public sources that confirm its number, issuer and dates."""
    attachments: list[Attachment] = []
    """Files kept with the document."""
    moved_from: list[Id] = []
    """Earlier ids of the document after a rename; their addresses redirect here."""
    key_points: list[KeyPoint] = []
    """Its key points, each with who it concerns, its topics, its article and public sources."""
    changes: list[Change] = []
    """For a document that replaces another: the points that changed, old beside new, each side with its source."""

    @field_validator("number")
    @classmethod
    def _number_matches_id(cls, value: str, info: ValidationInfo) -> str:
        doc_id = info.data.get("id")
        if doc_id and doc_id != slugify(value):
            raise ValueError(t("model.number_id", value=repr(doc_id), slug=slugify(value)))
        return value

    @field_validator("effective")
    @classmethod
    def _effective_after_issue(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        issued = info.data.get("issued")
        if value and issued and value < issued:
            raise ValueError(t("model.effective_before_issue"))
        return value

    @field_validator("expiry")
    @classmethod
    def _expiry_after_effect(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("effective") or info.data.get("issued")
        if value and start and value < start:
            raise ValueError(t("model.expiry_before_effect"))
        return value

    def listed_title(self, lang: str) -> str:
        """The title as lists and citations show it: in [square brackets] when it is a reported topic."""
        return f"[{self.title[lang]}]" if self.title_is_topic else self.title[lang]

    @property
    def in_force_from(self) -> dt.date:
        """The day its effect starts, or its issue day when the effective date is not recorded."""
        return self.effective or self.issued


# --- survey ------------------------------------------------------------------------------------------


class SurveyResult(Record):
    """One answer option and the share of respondents who chose it."""

    label: Text
    """The option (e.g. Zalo)."""
    percent: Annotated[float, Field(ge=0, le=100)]
    """Share of respondents, in percent."""


class Survey(Record):
    """papers/<volume>/survey.yml: a survey presented at the event, as data."""

    id: Id
    """Stable id."""
    title: Text
    """Title of the survey."""
    conducted_by: Id
    """Organisation id of who ran it."""
    method: Text
    """How it was run (e.g. social opinion survey)."""
    area: Text
    """Where respondents live."""
    period: Text
    """When it was run, as precisely as known."""
    sample_size: Annotated[int, Field(ge=1)] | None = None
    """Number of respondents; null when not stated."""
    question: Text
    """The question the results answer."""
    multiple_answers: bool
    """Whether a respondent could choose several options (shares then add to more than 100)."""
    results: Annotated[list[SurveyResult], Field(min_length=1)]
    """Options and shares, in the order to show them."""
    not_stated: list[Text] = []
    """Facts about the survey that its source does not give."""
    sources: list[Source] = []
    """Public sources of the figures."""


# --- topics ------------------------------------------------------------------------------------------


class TopicLink(Record):
    """A paper or survey that speaks to a topic, and why."""

    paper: str | None = None
    """A paper as <volume>/<paper id>, e.g. laocai-2023/so-tttt."""
    survey: Id | None = None
    """The id of a volume whose survey speaks to the topic."""
    why: Text
    """What it says on the topic, in one sentence."""

    @model_validator(mode="after")
    def _one_target(self) -> "TopicLink":
        if (self.paper is None) == (self.survey is None):
            raise ValueError(t("model.one_related"))
        return self


class Topic(Record):
    """An everyday topic that gathers key points across documents."""

    id: Id
    """Stable id, used in URLs (topics/<id>/) and by key points."""
    title: Text
    """The topic as a reader would put it."""
    summary: Text
    """One or two sentences on what the topic covers."""
    questions: dict[Lang, list[str]] = {}
    """Questions readers ask on the topic, per language, shown on its page (and so found by search)."""
    related: list[TopicLink] = []
    """Papers and survey results that speak to it (only where the facts support the link)."""


class TopicRegistry(Record):
    """papers/topics.yml: the everyday topics key points are filed under."""

    topics: Annotated[list[Topic], Field(min_length=1)]
    """One entry per topic, in the order to show them."""


#: Record kind → model class, for the loader and the schema generator.
MODELS: dict[str, type[Record]] = {
    "organisations": OrganisationRegistry,
    "volume": Volume,
    "paper": Paper,
    "document": Document,
    "survey": Survey,
    "topics": TopicRegistry,
}
