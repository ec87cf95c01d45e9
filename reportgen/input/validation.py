"""The rules a schema cannot say: real dates inside the month, unique ids, references between
files and their dates (a casualty not before its incident), named detainees within a raid's count,
population sums, governorate names, file paths that stay inside their folder, the size limits
(`Limits`) on text, numbers and images, and the review marks still to clear.

Every function takes a document as `schemacheck.check_structure` returns it: the parts that broke
the schema are None and are skipped here.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import struct
import warnings
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from reportgen.errors import Problem, failure_reason
from reportgen.i18n import N_, _, ngettext
from reportgen.input import mailbox
from reportgen.input.records import Governorate
from reportgen.input.schemacheck import describe, suggestion
from reportgen.input.yamlsource import (
    MAX_BYTES,
    MAX_NODES,
    YamlDoc,
    YamlPath,
    read_regular,
    visible_text,
)

POPULATION_GROUPS = ("iraqi", "syrian", "foreign")
LONG_TEXT_FIELDS = frozenset({"body", "notes", "body_en", "notes_en"})
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
INCIDENT_NOUNS = (N_("attack"), N_("raid"))
"""`Incidents.noun`, translated where a message names it."""


@dataclass(frozen=True)
class Limits:
    """Every size limit on the input, in one place. The defaults suit a monthly briefing;
    `limits:` in inputs/publication.yaml changes any of them (docs/data-format.md)."""

    file_bytes: int = MAX_BYTES
    yaml_values: int = MAX_NODES
    text_characters: int = 2_000
    long_text_characters: int = 20_000
    """For the fields in `LONG_TEXT_FIELDS`: section bodies and notes."""
    largest_number: int = 1_000_000_000
    """Figures are summed into 64-bit table columns; this keeps any sum far from overflowing."""
    image_megapixels: int = 40
    image_bytes: int = 20_000_000
    """Images are embedded in the HTML that is sent to readers."""
    first_year: int = 2000
    last_year: int = 2100
    """Month folders outside these years are a typo (`0202-11`), not history to chart."""
    markup_nesting: int = 20
    """Emphasis and links inside each other in a section body; the PDF renderer recurses on it."""
    camp_unspecified_percent: float = 1.0
    """How far a camp's groups may fall short of its total (OCHA's figures leave a few people
    unassigned); the rest is shown as unspecified."""

    def month_problem(self, key: str) -> str | None:
        """Why the month folder `key` (YYYY-MM) is outside the years the project covers."""
        if self.first_year <= int(key[:4]) <= self.last_year:
            return None
        message = _(
            "year {year} is outside {first}–{last}; rename the folder "
            "(or change limits: first_year / last_year in publication.yaml)"
        )
        return message.format(year=key[:4], first=self.first_year, last=self.last_year)


@dataclass(frozen=True)
class MonthContext:
    key: str
    folder: Path
    folder_display: str
    gazetteer: Mapping[str, Governorate] | None
    """None when governorates.yaml is itself broken: governorate names are then not checked."""
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class Incidents:
    """The ids one events file defines, for casualties to refer to."""

    noun: str
    display: str
    ids: frozenset[str] | None
    """None when that file is broken, so references to it are not checked."""
    dates: Mapping[str, date] = field(default_factory=dict)
    """The date of each well-formed incident whose id is unique, for casualties to agree with."""


def entries(doc: YamlDoc, list_key: str) -> list[tuple[YamlPath, dict[str, Any]]]:
    """The well-formed items of the file's top-level list, each with its path."""
    items = enumerate(doc.data.get(list_key) or [])
    return [((list_key, i), item) for i, item in items if item is not None]


def incident_ids(doc: YamlDoc, list_key: str) -> frozenset[str]:
    """Every text id in the file as parsed, well-formed item or not: a reference to a broken item
    is not a second problem."""
    items = doc.data.get(list_key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return frozenset()
    return frozenset(
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    )


def incident_dates(doc: YamlDoc, list_key: str) -> dict[str, date]:
    """The real date of each well-formed item whose id appears once in the file."""
    found: dict[str, list[date]] = {}
    for _path, item in entries(doc, list_key):
        when = _real_date(item.get("date"))
        if isinstance(item.get("id"), str) and when is not None:
            found.setdefault(item["id"], []).append(when)
    return {key: dates[0] for key, dates in found.items() if len(dates) == 1}


PLACEHOLDER_TITLE = "عنوان التقرير (يُستبدل قبل النشر)"
PLACEHOLDER_MESSAGE = N_("still the placeholder written by `reportgen new`: write the headline")
REVIEW_MARK = N_("review mark")
_BARE_MARK = N_("check this record (delete the review line once checked)")


def is_review_mark(problem: Problem) -> bool:
    """Whether `problem` is a mark an editor must clear before the month can be published: a
    record's `review`, the headline `reportgen new` wrote, or (with the English edition on) a
    text without its English counterpart."""
    from reportgen.input.translation import is_untranslated

    return (
        problem.message.startswith(_(REVIEW_MARK))
        or problem.message == _(PLACEHOLDER_MESSAGE)
        or is_untranslated(problem)
    )


def review_mark_problems(doc: YamlDoc, list_key: str) -> list[Problem]:
    """A warning for every item of the file that still carries `review: true` or a note."""
    problems = []
    for path, item in entries(doc, list_key):
        review = item.get("review")
        if review is None or review is False:
            continue
        what = review.strip() if isinstance(review, str) else _(_BARE_MARK)
        message = f"{_(REVIEW_MARK)}: {what}"
        problems.append(doc.problem(path, message, severity="warning"))
    return problems


def resolve_governorate(value: str, gazetteer: Mapping[str, Governorate]) -> str | None:
    """The gazetteer key for a key, an Arabic or English name (any case) or a P-code (SY08),
    else None."""
    name = visible_text(value)
    if name in gazetteer:
        return name
    folded = name.casefold()
    for governorate in gazetteer.values():
        names = (visible_text(governorate.name_ar), visible_text(governorate.name_en).casefold())
        if name == names[0] or folded == names[1] or folded == governorate.key.casefold():
            return governorate.key
    return _by_pcode(name.upper(), gazetteer)


def _by_pcode(code: str, gazetteer: Mapping[str, Governorate]) -> str | None:
    if not re.fullmatch(r"SY[0-9]{2}", code):
        return None
    from reportgen.input.gazetteer import pcode_of

    return next((g.key for g in gazetteer.values() if pcode_of(g) == code), None)


def source_id_problems(docs: Mapping[str, YamlDoc | None]) -> list[Problem]:
    """Two attacks or raids of a month with the same `source_id` are one event pasted twice:
    it would be counted twice."""
    problems = []
    first: dict[str, tuple[YamlDoc, YamlPath]] = {}
    for name in ("attacks", "raids"):
        doc = docs.get(name)
        if doc is None:
            continue
        for path, value in _field_values(doc, name, "source_id"):
            if not isinstance(value, str):
                continue
            if value in first:
                earlier_doc, earlier = first[value]
                message = _(
                    "source_id {value} is already the record at {where}: one event, counted "
                    "twice; delete one of them"
                ).format(
                    value=describe(value),
                    where=f"{earlier_doc.display}:{earlier_doc.position(earlier)[0]}",
                )
                problems.append(doc.problem(path, message))
            else:
                first[value] = (doc, path)
    return problems


def report_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    sections = _field_values(doc, "sections", "id")
    problems = list(_duplicate_problems(doc, sections, _("section id")))
    if doc.data.get("title") == PLACEHOLDER_TITLE:
        problems.append(doc.problem(("title",), _(PLACEHOLDER_MESSAGE), severity="warning"))
    written = doc.data.get("month")
    if written is not None and written != month.key:
        message = _("{written} does not match the folder name {month}")
        message = message.format(written=written, month=month.key)
        problems.append(doc.problem(("month",), message))
    problems += _nesting_problems(doc, month.limits)
    cover = doc.data.get("cover")
    if cover:
        problem = image_file_problem(
            doc,
            ("cover", "image"),
            cover["image"],
            month.folder,
            month.folder_display,
            month.limits,
        )
        problems.extend([problem] if problem else [])
    return problems


def _nesting_problems(doc: YamlDoc, limits: Limits) -> list[Problem]:
    from reportgen.briefing.markup import nesting_depth

    problems = []
    notes = [(("notes",), doc.data["notes"])] if "notes" in doc.data else []
    for path, body in [*_field_values(doc, "sections", "body"), *notes]:
        depth = nesting_depth(body) if isinstance(body, str) else 0
        if depth > limits.markup_nesting:
            message = _(
                "bold, italic and links nested {depth} deep, more than the limit of "
                "{limit}; remove the extra * and _"
            ).format(depth=depth, limit=limits.markup_nesting)
            problems.append(doc.problem(path, message))
    return problems


def attack_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    problems = _incident_problems(doc, "attacks", month)
    for path, item in entries(doc, "attacks"):
        if not item.get("sources"):
            message = _("attack '{id}' has no sources").format(id=item["id"])
            problems.append(doc.problem(path, message, severity="warning"))
    return problems


def no_attacks_warning(doc: YamlDoc) -> Problem | None:
    """A warning when a well-formed attacks.yaml lists no attacks."""
    if doc.data.get("attacks"):
        return None
    message = _("no attacks recorded this month")
    return doc.problem(("attacks",), message, at_key=True, severity="warning")


def missing_attacks_warning(report_display: str) -> Problem:
    message = _("no attacks.yaml in this month folder: the report will show no attacks")
    return Problem(report_display, 1, 1, "", message, "warning")


def raid_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    problems = _incident_problems(doc, "raids", month)
    for path, item in entries(doc, "raids"):
        people = [person for person in item.get("notable") or () if person]
        named = sum(person.get("outcome") == "detained" for person in people)
        detained = item.get("detained", 0)
        if detained is not None and named > detained:
            message = ngettext(
                "{named} named notable detained, but the raid's detained count is "
                "{detained}; raise detained or correct the outcomes",
                "{named} named notables detained, but the raid's detained count is "
                "{detained}; raise detained or correct the outcomes",
                named,
            ).format(named=named, detained=detained)
            problems.append(doc.problem((*path, "notable"), message))
    return problems


def killed_notable_problems(
    raids: YamlDoc, casualties: YamlDoc | None, casualties_display: str
) -> list[Problem]:
    """An error for each raid that names more notables killed than the ISIS members killed that
    casualties.yaml links to it. `casualties` is None when the month has no such file."""
    killed: dict[str, int] = {}
    for _path, item in entries(casualties, "casualties") if casualties else ():
        if (item.get("category"), item.get("status")) == ("isis", "killed") and "raid" in item:
            killed[item["raid"]] = killed.get(item["raid"], 0) + item["count"]
    problems = []
    for path, item in entries(raids, "raids"):
        people = [person for person in item.get("notable") or () if person]
        named = sum(person.get("outcome") == "killed" for person in people)
        recorded = killed.get(item.get("id"), 0)
        if named > recorded:
            message = ngettext(
                "{named} named notable killed, but {file} records {recorded} ISIS member(s) "
                "killed in raid '{id}'; add the casualty or correct the outcomes",
                "{named} named notables killed, but {file} records {recorded} ISIS member(s) "
                "killed in raid '{id}'; add the casualty or correct the outcomes",
                named,
            ).format(named=named, file=casualties_display, recorded=recorded, id=item["id"])
            problems.append(raids.problem((*path, "notable"), message))
    return problems


def casualty_problems(
    doc: YamlDoc, month: MonthContext, attacks: Incidents, raids: Incidents
) -> list[Problem]:
    problems = _date_problems(doc, "casualties", month.key)
    for path, item in entries(doc, "casualties"):
        for incidents in (attacks, raids):
            problem = _reference_problem(doc, path, item, incidents)
            problems.extend([problem] if problem else [])
        if "attack" not in item and "raid" not in item:
            message = _("not linked to an attack or a raid (add attack: or raid: with its id)")
            problems.append(doc.problem(path, message, severity="warning"))
        if "attack" in item and "raid" in item:
            message = _(
                "linked to both attack '{attack}' and raid '{raid}': "
                "a casualty belongs to one incident; keep one of them"
            ).format(attack=item["attack"], raid=item["raid"])
            problems.append(doc.problem(path, message))
        problems += _casualty_date_problems(doc, path, item, attacks, raids)
    return problems


def unknown_casualty_warnings(doc: YamlDoc) -> list[Problem]:
    """A warning for each casualty of unknown affiliation in a published month: readers are told
    «5 people whose affiliation is not known», which the month should not leave so for long."""
    problems = []
    for path, item in entries(doc, "casualties"):
        if item.get("category") != "unknown" or not isinstance(item.get("count"), int):
            continue
        message = ngettext(
            "published with {count} person of unknown affiliation: once it is known, say "
            "whether military or civilian (category: military or civilian)",
            "published with {count} people of unknown affiliation: once it is known, say "
            "whether military or civilian (category: military or civilian)",
            item["count"],
        )
        where = (*path, "category")
        problems.append(doc.problem(where, message.format(count=item["count"]), severity="warning"))
    return problems


def _casualty_date_problems(
    doc: YamlDoc, path: YamlPath, item: Mapping[str, Any], attacks: Incidents, raids: Incidents
) -> list[Problem]:
    """A casualty cannot come before its incident; one on another day than its attack is
    suspicious: it is what a casualty left on a renamed attack id looks like."""
    when = _real_date(item.get("date"))
    problems = []
    for incidents in (attacks, raids):
        wanted = item.get(incidents.noun)
        then = incidents.dates.get(wanted) if wanted is not None else None
        if when is None or then is None or when == then:
            continue
        named = f"{_(incidents.noun)} '{wanted}' ({then.isoformat()})"
        if when < then:
            message = _("{date} is before the date of {incident}")
            message = message.format(date=when.isoformat(), incident=named)
            problems.append(doc.problem((*path, "date"), message))
        elif incidents.noun == "attack":
            message = _("{date} is not the date of {incident}; is the id right?")
            message = message.format(date=when.isoformat(), incident=named)
            problems.append(doc.problem((*path, "date"), message, severity="warning"))
    return problems


def _real_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def sanction_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    return _date_problems(doc, "sanctions", month.key)


def camp_problems(doc: YamlDoc, limits: Limits | None = None) -> list[Problem]:
    """The groups may not add up to more than the total, nor fall short of it by more than
    `limits.camp_unspecified_percent` of it (the rest is shown as unspecified)."""
    percent = (limits or Limits()).camp_unspecified_percent
    problems = []
    for path, item in entries(doc, "camps"):
        population = item.get("population") or {}
        total = population.get("total")
        groups = [population.get(name) for name in POPULATION_GROUPS]
        if total is None or None in groups:
            continue
        short = total - sum(groups)
        if short < 0:
            message = _("iraqi + syrian + foreign = {sum}, but total is {total}")
            message = message.format(sum=sum(groups), total=total)
            problems.append(doc.problem((*path, "population"), message))
        elif short > total * percent / 100:
            message = _(
                "iraqi + syrian + foreign = {sum}, {short} short of the total {total}: more than "
                "the {percent}% that may be unspecified (limits: camp_unspecified_percent)"
            ).format(sum=sum(groups), short=short, total=total, percent=f"{percent:g}")
            problems.append(doc.problem((*path, "population"), message))
    return problems


def gazetteer_problems(doc: YamlDoc) -> list[Problem]:
    return [
        *_duplicate_problems(doc, _field_values(doc, "governorates", "key"), _("governorate key")),
        *_duplicate_problems(doc, _field_values(doc, "governorates", "name_ar"), _("Arabic name")),
    ]


def publication_problems(
    doc: YamlDoc, inputs: Path, inputs_display: str, limits: Limits
) -> list[Problem]:
    problems = mailbox.settings_problems(doc)
    if doc.data.get("logo") is None:
        return problems
    problem = image_file_problem(doc, ("logo",), doc.data["logo"], inputs, inputs_display, limits)
    return [*problems, problem] if problem else problems


def size_problems(doc: YamlDoc, limits: Limits) -> list[Problem]:
    """Every text longer, and every number larger, than `limits` allows (and NaN, which slips
    through a schema's bounds because it compares false with everything)."""
    problems = []
    for path, value in _leaves(doc.data, ()):
        message = _size_message(path, value, limits)
        if message:
            problems.append(doc.problem(path, message))
    return problems


def _leaves(value: Any, path: YamlPath) -> Iterator[tuple[YamlPath, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    else:
        yield path, value


def _size_message(path: YamlPath, value: Any, limits: Limits) -> str | None:
    if isinstance(value, str):
        long = bool(path) and path[-1] in LONG_TEXT_FIELDS
        return _text_message(value, limits.long_text_characters if long else limits.text_characters)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_message(value, limits.largest_number)
    return None


def _text_message(text: str, limit: int) -> str | None:
    if len(text) <= limit:
        return None
    message = _("text of {length} characters is longer than the limit of {limit}")
    return message.format(length=f"{len(text):,}", limit=f"{limit:,}")


def _number_message(number: float, limit: int) -> str | None:
    if isinstance(number, float) and math.isnan(number):
        return _("expected a number, found nan")
    if abs(number) <= limit:
        return None
    message = _("{value} is larger than the limit of {limit}")
    return message.format(value=describe(number), limit=f"{limit:,}")


def image_file_problem(
    doc: YamlDoc, path: YamlPath, value: str, base: Path, base_display: str, limits: Limits
) -> Problem | None:
    """Why `value` is not a PNG, JPEG or WebP image inside `base` within the size limits."""
    problem = contained_file_problem(doc, path, value, base, base_display)
    if problem is not None:
        return problem
    message = _image_message(base / value, limits)
    return doc.problem(path, f"{describe(value)} {message}") if message else None


def contained_file_problem(
    doc: YamlDoc, path: YamlPath, value: str, base: Path, base_display: str
) -> Problem | None:
    """Why `value` is not an existing file inside `base` (and stays inside through links)."""
    message = _contained_file_message(value, base)
    if message is None:
        return None
    return doc.problem(path, message.format(value=describe(value), folder=base_display))


def _contained_file_message(value: str, base: Path) -> str | None:
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute():
        return _("{value} is an absolute path; give a path inside the folder {folder}")
    if posixpath.normpath(value).split("/")[0] == "..":
        return _("{value} points outside the folder {folder}")
    target = base / value
    try:
        inside = target.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        return _("{value} is a link that leads nowhere (a loop)")
    if not inside:
        return _("{value} is a link to a file outside the folder {folder}")
    if target.exists() and not target.is_file():
        return _("{value} is not a regular file; put the file itself there")
    if not target.is_file():
        return _("no file {value} in {folder}")
    return None


def _image_message(file: Path, limits: Limits) -> str | None:
    try:
        data = read_regular(file, limits.image_bytes + 1)
    except OSError as error:
        return _("cannot be read: {reason}").format(reason=failure_reason(error))
    if len(data) > limits.image_bytes:
        size = file.stat().st_size
        message = _("is {size} bytes, larger than the limit of {limit}")
        return message.format(size=f"{size:,}", limit=f"{limits.image_bytes:,}")
    from PIL import Image

    try:
        dimensions = image_dimensions(data)
    except Image.DecompressionBombError:
        message = _("is larger than the limit of {limit} megapixels")
        return message.format(limit=limits.image_megapixels)
    if dimensions is None:
        return _("is not a PNG, JPEG or WebP image")
    width, height = dimensions
    if width * height > limits.image_megapixels * 1_000_000:
        return _(
            "is {width} × {height} pixels ({megapixels} megapixels), "
            "larger than the limit of {limit} megapixels"
        ).format(
            width=f"{width:,}",
            height=f"{height:,}",
            megapixels=f"{width * height / 1e6:.1f}",
            limit=limits.image_megapixels,
        )
    if not image_decodes(data):
        return _("is damaged or cut short: it cannot be decoded in full; save or export it again")
    return None


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height from the image's header, without decoding its pixels; None when `data`
    is not a PNG, JPEG or WebP image. Pillow's own bomb check still raises above ~179 MP, which
    is why the schema caps `limits.image_megapixels` at 178."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                return image.size
        except (OSError, ValueError, EOFError, SyntaxError):
            return None


def image_decodes(data: bytes) -> bool:
    """Whether the image is whole and every pixel decodes.

    WeasyPrint turns Pillow's process-wide `LOAD_TRUNCATED_IMAGES` on when it is imported, and
    then a JPEG or PNG cut short decodes as a grey smear without complaint; so the stream's own
    end is checked too (a JPEG's end-of-image marker after its last scan, a PNG's chunks through
    IEND), and the setting is left as it is. A WebP cut short fails to decode either way.
    """
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                image.load()
                image_format = image.format
        except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError):
            return False
    if image_format == "JPEG":
        return data.rfind(b"\xff\xd9") > data.rfind(b"\xff\xda")
    if image_format == "PNG":
        return _png_is_whole(data)
    return True


def _png_is_whole(data: bytes) -> bool:
    """Whether every chunk is complete with a matching CRC, up to and including IEND."""
    offset = 8
    while offset + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        end = offset + 12 + length
        if end > len(data):
            return False
        body = data[offset + 4 : end - 4]
        if zlib.crc32(body) != struct.unpack(">I", data[end - 4 : end])[0]:
            return False
        if kind == b"IEND":
            return True
        offset = end
    return False


def _incident_problems(doc: YamlDoc, list_key: str, month: MonthContext) -> list[Problem]:
    return [
        *_date_problems(doc, list_key, month.key),
        *_duplicate_problems(doc, _field_values(doc, list_key, "id"), _("id")),
        *_governorate_problems(doc, list_key, month.gazetteer),
    ]


def _field_values(doc: YamlDoc, list_key: str, name: str) -> list[tuple[YamlPath, Any]]:
    return [((*path, name), item[name]) for path, item in entries(doc, list_key) if name in item]


def _date_problems(doc: YamlDoc, list_key: str, month: str) -> list[Problem]:
    problems = []
    for path, text in _field_values(doc, list_key, "date"):
        try:
            date.fromisoformat(text)
        except ValueError:
            problems.append(doc.problem(path, _("{value} is not a real date").format(value=text)))
            continue
        if text[:7] != month:
            message = _("{value} is outside {month}").format(value=text, month=month)
            problems.append(doc.problem(path, message))
    return problems


def _duplicate_problems(
    doc: YamlDoc, values: Iterable[tuple[YamlPath, Any]], noun: str
) -> Iterator[Problem]:
    """Values that are the same as a reader sees them (invisible characters aside)."""
    first_paths: dict[Any, YamlPath] = {}
    for path, value in values:
        seen = visible_text(value) if isinstance(value, str) else value
        if seen in first_paths:
            first_line = doc.position(first_paths[seen])[0]
            message = _("duplicate {noun} '{value}' (first at line {line})")
            yield doc.problem(path, message.format(noun=noun, value=value, line=first_line))
        else:
            first_paths[seen] = path


def _governorate_problems(
    doc: YamlDoc, list_key: str, gazetteer: Mapping[str, Governorate] | None
) -> list[Problem]:
    if gazetteer is None:
        return []
    return [
        doc.problem(path, _unknown_governorate_message(name, gazetteer))
        for path, name in _field_values(doc, list_key, "governorate")
        if resolve_governorate(name, gazetteer) is None
    ]


def _unknown_governorate_message(name: str, gazetteer: Mapping[str, Governorate]) -> str:
    known = _(", ").join(f"{g.name_ar} ({g.key})" for g in gazetteer.values()) or _("none")
    close = suggestion(name.strip(), [g.name_ar for g in gazetteer.values()] + list(gazetteer))
    close = close or _containing(visible_text(name), gazetteer)
    hint = _(" (did you mean '{close}'?)").format(close=close) if close else ""
    message = _("unknown governorate {value}{hint}; known: {known}")
    return message.format(value=describe(name), hint=hint, known=known)


def _containing(name: str, gazetteer: Mapping[str, Governorate]) -> str | None:
    """The Arabic name that starts with `name` as a word («حلب» → «حلب (منبج / كوباني)»)."""
    if not name:
        return None
    for governorate in gazetteer.values():
        arabic = visible_text(governorate.name_ar)
        if arabic.startswith(name) and arabic[len(name) : len(name) + 1] in (" ", "(", ""):
            return governorate.name_ar
    return None


def _reference_problem(
    doc: YamlDoc, path: YamlPath, item: Mapping[str, Any], incidents: Incidents
) -> Problem | None:
    wanted = item.get(incidents.noun)
    if wanted is None or incidents.ids is None or wanted in incidents.ids:
        return None
    message = _("no {noun} with id '{id}' in {file}")
    message = message.format(noun=_(incidents.noun), id=wanted, file=incidents.display)
    return doc.problem((*path, incidents.noun), message)
