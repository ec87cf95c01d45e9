"""Validated records: what the loader hands on once the YAML has passed every check.

Field names follow the input format (docs/data-format.md). Dates are `datetime.date`; a month is
the string `YYYY-MM`; governorates are gazetteer keys (the loader resolves Arabic names to keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from reportgen.errors import Problem

TREND_MONTHS = 12
"""How many months (the briefing's month included) its trend charts and comparisons read."""

AttackType = Literal["armed_attack", "assassination", "ied", "arson", "grenade", "suicide", "other"]
Target = Literal["military", "civilian", "infrastructure", "camp"]
Category = Literal["military", "civilian", "isis", "unknown"]
Status = Literal["killed", "wounded"]
Outcome = Literal["detained", "killed"]
TargetType = Literal["company", "person", "organisation"]
Digits = Literal["western", "arabic_indic"]
AfterSection = Literal["attacks", "raids", "sanctions", "camps"]
ReportStatus = Literal["draft", "published"]
Gender = Literal["m", "f"]
Edition = Literal["ar", "en"]
ReaderEdition = Literal["ar", "en", "both"]
Security = Literal["starttls", "tls", "none"]

Review = str | None
"""A record's review mark: None when it has none; otherwise what to check ("" for `review: true`).
A month whose records still carry marks is a draft that cannot be published."""


@dataclass(frozen=True)
class Governorate:
    key: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    pcode: str | None = None


DEFAULT_ISIS_ACTORS = ("Islamic State (Syria)", "Islamic State (Iraq)", "Islamic State")
"""ACLED's actor names for ISIS; `isis_actors` in publication.yaml replaces them."""


@dataclass(frozen=True)
class Smtp:
    """The outlet's mail server. The password is never in a file: it is read at send time from
    the environment variable `password_env`."""

    host: str
    port: int = 587
    security: Security = "starttls"
    user: str | None = None
    password_env: str = "REPORTGEN_SMTP_PASSWORD"
    rate: float = 30.0
    """Messages per minute at most."""


@dataclass(frozen=True)
class Mail:
    """publication.yaml's `mail:`: who the brief comes from and how it is sent."""

    sender: str
    unsubscribe: str | None = None
    smtp: Smtp | None = None


@dataclass(frozen=True)
class Reader:
    """One recipient from inputs/readers.yaml."""

    address: str
    name: str | None = None
    edition: ReaderEdition = "ar"
    """The edition the reader gets: ar, en, or both in one message."""

    @property
    def editions(self) -> tuple[Edition, ...]:
        return ("ar", "en") if self.edition == "both" else (self.edition,)


@dataclass(frozen=True)
class Publication:
    publisher: str = "مرصد الخلايا النائمة"
    report_name: str = "تقرير الخلايا النائمة"
    region: str = "شمال وشرق سوريا"
    digits: Digits = "western"
    language: str = "ar"
    """The language of the tool's messages to editors (reportgen.i18n), not of the briefing."""
    logo: Path | None = None
    colors: dict[str, str] = field(default_factory=dict)
    contact: str | None = None
    website: str | None = None
    isis_actors: tuple[str, ...] = DEFAULT_ISIS_ACTORS
    mail: Mail | None = None
    pdf_table_limit: int = 60
    """Above this many rows, the PDF's attack or raid table lists only the notable rows and
    summarises the rest (the HTML and the CSV keep every row)."""
    editions: tuple[Edition, ...] = ("ar",)
    """The editions each build writes: Arabic always, English when "en" is listed."""
    publisher_en: str | None = None
    report_name_en: str | None = None
    region_en: str | None = None
    base_url: str | None = None
    """Where output/ is served (https://.../): absolute links in feeds, link previews and mail."""


@dataclass(frozen=True)
class Quote:
    text: str
    by: str | None = None
    role: str | None = None
    text_en: str | None = None
    by_en: str | None = None
    role_en: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: str = ""
    quotes: tuple[Quote, ...] = ()
    after: AfterSection = "camps"
    title_en: str | None = None
    body_en: str | None = None


@dataclass(frozen=True)
class Cover:
    image: Path | None
    caption: str | None = None
    caption_en: str | None = None


@dataclass(frozen=True)
class Totals:
    """A summary month's figures (attacks counts confirmed attacks only)."""

    attacks: int | None = None
    raids: int | None = None
    detained: int | None = None
    military_killed: int | None = None
    military_wounded: int | None = None
    civilian_killed: int | None = None
    civilian_wounded: int | None = None


@dataclass(frozen=True)
class Report:
    month: str
    title: str
    status: ReportStatus = "draft"
    cover: Cover | None = None
    highlights: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    notes: str | None = None
    totals: Totals | None = None
    title_en: str | None = None
    highlights_en: tuple[str, ...] = ()
    """The English highlights, in the order of `highlights`."""
    notes_en: str | None = None


@dataclass(frozen=True)
class Attack:
    id: str
    date: date
    governorate: str
    type: AttackType
    target: Target
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    confirmed: bool = True
    claimed: bool = False
    description: str | None = None
    sources: tuple[str, ...] = ()
    review: Review = None
    source_id: str | None = None
    import_hash: str | None = None
    location_en: str | None = None
    description_en: str | None = None


@dataclass(frozen=True)
class Notable:
    name: str
    outcome: Outcome
    role: str | None = None
    name_en: str | None = None
    role_en: str | None = None


@dataclass(frozen=True)
class Raid:
    id: str
    date: date
    governorate: str
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    forces: tuple[str, ...] = ()
    detained: int = 0
    description: str | None = None
    notable: tuple[Notable, ...] = ()
    sources: tuple[str, ...] = ()
    review: Review = None
    location_en: str | None = None
    description_en: str | None = None
    source_id: str | None = None
    import_hash: str | None = None


@dataclass(frozen=True)
class Casualty:
    date: date
    category: Category
    status: Status
    count: int
    attack: str | None = None
    raid: str | None = None
    note: str | None = None
    review: Review = None
    source_id: str | None = None
    import_hash: str | None = None
    note_en: str | None = None
    confirmed: bool = True
    """False for a figure an editor has not confirmed (ACLED's coding conventions: "fatalities
    coded to 10"): counted nowhere until confirmed."""


@dataclass(frozen=True)
class Sanction:
    date: date
    authority: str
    target: str
    target_type: TargetType
    reason: str | None = None
    quote: Quote | None = None
    sources: tuple[str, ...] = ()
    review: Review = None
    target_en: str | None = None
    reason_en: str | None = None


@dataclass(frozen=True)
class Population:
    total: int | None = None
    iraqi: int | None = None
    syrian: int | None = None
    foreign: int | None = None


@dataclass(frozen=True)
class Repatriation:
    country: str
    people: int


@dataclass(frozen=True)
class Camp:
    name: str
    population: Population = Population()
    repatriations: tuple[Repatriation, ...] = ()
    notes: str | None = None
    review: Review = None
    notes_en: str | None = None
    approximate: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """An editor's decision about one record (inputs/MONTH/decisions.yaml), which imports
    honour: a dropped row never comes back, a moved one updates its new record."""

    decision: Literal["attack", "raid", "unconfirmed", "drop", "casualty"]
    at: str
    source_id: str | None = None
    id: str | None = None
    reason: str | None = None
    by: str | None = None
    count: int | None = None


@dataclass(frozen=True)
class Place:
    """A named point of the place gazetteer (the shipped one, or inputs/places.csv); one of the
    two names may be empty."""

    name_en: str
    name_ar: str
    lat: float
    lon: float
    governorate_key: str
    kind: str = "village"
    source: str = ""


@dataclass(frozen=True)
class Correction:
    """A change to a published month, recorded by `reportgen correct`."""

    date: date
    note: str
    note_en: str | None = None
    files: tuple[str, ...] = ()
    """The month's files that changed, as named in its folder."""
    figures: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    """Key figures that changed: name -> (before, after)."""
    title: tuple[str, str] | None = None
    """The headline before and after, when it changed."""
    title_en: tuple[str, str] | None = None


@dataclass(frozen=True)
class Freeze:
    """A published month's record (its folder's published.yaml): what was published, when and by
    which version of the tool, and every correction since."""

    month: str
    published: date
    tool: str
    files: Mapping[str, str]
    """Every file of the month folder as published (or last corrected): name -> SHA-256."""
    figures: Mapping[str, int | None] = field(default_factory=dict)
    title: str = ""
    title_en: str | None = None
    corrections: tuple[Correction, ...] = ()


@dataclass(frozen=True)
class Month:
    """One folder of inputs/: a full month with events, or a summary month with totals only."""

    key: str
    folder: Path
    report: Report
    attacks: tuple[Attack, ...] = ()
    raids: tuple[Raid, ...] = ()
    casualties: tuple[Casualty, ...] = ()
    sanctions: tuple[Sanction, ...] = ()
    camps: tuple[Camp, ...] = ()
    freeze: Freeze | None = None
    """The record of publication (published.yaml), once `reportgen publish` has written it."""
    decisions: tuple[Decision, ...] = ()

    @property
    def is_summary(self) -> bool:
        return self.report.totals is not None


@dataclass(frozen=True)
class Project:
    """Everything under one inputs/ folder, validated."""

    inputs: Path
    publication: Publication
    governorates: dict[str, Governorate]
    months: dict[str, Month]
    genders: Mapping[str, Gender] = field(default_factory=dict)
    """Editors' actor lexicon (inputs/actors.yaml): a name → the gender of the verb before it."""
    readers: tuple[Reader, ...] = ()
    unsendable: tuple[Problem, ...] = ()
    """The problems of readers left out of `readers` (a bad address or name): only a project
    loaded with `bad_readers="skip"` (by `reportgen mail`) has any; `check` reports them."""
    places: tuple[Place, ...] = ()
    """The editors' own places (inputs/places.csv), which override the shipped gazetteer."""
    names_en: Mapping[str, str] = field(default_factory=dict)
    """English names of actors, countries and camps (inputs/actors.yaml `name_en`)."""
