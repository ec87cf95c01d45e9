"""Where events happened: the place gazetteer, name look-up and each event's position on the map.

The shipped gazetteer (assets/geo/places-ne-syria.csv: 31 checked key places, then GeoNames
villages) is read once per process; editors add or correct places in inputs/places.csv, same
columns, which the loader reads and which win over the shipped rows. Names are compared after
`normalise`, so hamza, alef, ta marbuta, alef maqsura and al- spelling variants (Arabic or
English) find the same place; a look-up is restricted to the event's governorate.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from reportgen.errors import Problem
from reportgen.i18n import _
from reportgen.input.outlines import GEO_DIR, boundary_pcodes, holds, misplaced
from reportgen.input.records import Governorate, Place
from reportgen.input.yamlsource import YamlDoc

_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ء": None}
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_LATIN_ARTICLES = frozenset(
    [
        "al",
        "el",
        "ad",
        "adh",
        "ar",
        "as",
        "ash",
        "at",
        "ath",
        "az",
        "an",
        "ed",
        "er",
        "es",
        "esh",
        "et",
        "ez",
    ]
)
_GENERIC_WORDS = frozenset(["قريه", "بلده", "مدينه", "حي", "village", "town", "city"])
_SEPARATORS = re.compile(r"[،,؛;/]")
_ARABIC = re.compile("[\u0600-\u06ff]")


@functools.lru_cache(maxsize=8192)
def normalise(name: str) -> str:
    """The form names are compared in: «الحسكة», «الحسكه» and «حسكة» are one; so are
    "al-Shuhayl", "Al Shuhayl" and "Shuhayl". Remembered: a busy month names the same few
    hundred places thousands of times."""
    text = unicodedata.normalize("NFKC", name).translate(_ARABIC_LETTERS)
    text = _ARABIC_MARKS.sub("", text)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not _combining(c))
    words = _WORD_BREAKS.split(_APOSTROPHES.sub("", text.lower()))
    words = [_without_article(w) for w in words if w and w not in _LATIN_ARTICLES]
    if len(words) > 1 and words[0] in _GENERIC_WORDS:
        words = words[1:]
    return _DOUBLED.sub(r"\1", " ".join(words))


_combining = unicodedata.combining
_APOSTROPHES = re.compile(r"['’‘`ʿʾ]")
_WORD_BREAKS = re.compile(r"[\s\-_.()]+")
_DOUBLED = re.compile(r"([a-z])\1")


def _without_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def governorate_key(value: str) -> str:
    """A governorate key as the project spells keys (snake_case): the CSV's deir-ez-zor is
    governorates.yaml's deir_ez_zor."""
    return value.strip().lower().replace("-", "_")


class Places:
    """Name look-up by governorate over the shipped places and the editors' own.

    A name written exactly as the shipped list has it is found without normalising the ~6,000
    names (which `reportgen check` would pay on every run); the normalised index is built on the
    first name that needs it. The editors' places are always compared normalised, and win."""

    def __init__(self, shipped: Iterable[Place], own: Iterable[Place] = ()):
        self._shipped = tuple(shipped)
        self._own = _normalised_index(own)
        self._exact: dict[tuple[str, str], Place] = {}
        for place in self._shipped:
            key = governorate_key(place.governorate_key)
            for name in filter(None, (place.name_ar, place.name_en)):
                self._exact.setdefault((key, name), place)

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str], Place]:
        return {**_normalised_index(self._shipped), **self._own}

    @functools.cached_property
    def _by_governorate(self) -> dict[str, dict[str, Place]]:
        grouped: dict[str, dict[str, Place]] = {}
        for (key, name), place in self._index.items():
            grouped.setdefault(key, {})[name] = place
        return grouped

    def lookup(self, name: str, governorate: str) -> Place | None:
        """The place called `name` in `governorate` (a key); for "حي غويران، الحسكة" the first
        part that is known, so a neighbourhood falls back to its town."""
        key = governorate_key(governorate)
        parts = [name, *_SEPARATORS.split(name)]
        for part in parts:
            found = self._own.get((key, normalise(part))) if self._own else None
            found = found or self._exact.get((key, part.strip()))
            if found is not None:
                return found
        for part in parts:
            found = self._index.get((key, normalise(part)))
            if found is not None:
                return found
        return None

    def suggestions(self, name: str, governorate: str, count: int = 3) -> list[str]:
        """The nearest spellings in `governorate`, in the script `name` is written in."""
        names = self._by_governorate.get(governorate_key(governorate), {})
        close = difflib.get_close_matches(normalise(name), list(names), n=count * 3, cutoff=0.6)
        arabic = bool(_ARABIC.search(name))
        shown = [names[n].name_ar if arabic else names[n].name_en for n in close]
        return list(dict.fromkeys(shown))[:count]

    def elsewhere(self, name: str) -> list[Place]:
        """Places of that name in any governorate, for a message that says where it is."""
        wanted = normalise(name)
        return [place for (_, n), place in self._index.items() if n == wanted]


def _normalised_index(places: Iterable[Place]) -> dict[tuple[str, str], Place]:
    """(governorate key, normalised name) → place; the first place of a name wins."""
    index: dict[tuple[str, str], Place] = {}
    for place in places:
        key = governorate_key(place.governorate_key)
        for name in (place.name_ar, place.name_en):
            normal = normalise(name) if name else ""
            if normal:
                index.setdefault((key, normal), place)
    return index


SHIPPED_FILES = ("places-added.csv", "places-ne-syria.csv")
"""The project's own additions (places the generated list lacks, each with the source of its
coordinates) first, then the list `scripts/refresh-geo.py` copies from the prepared geo data."""


@functools.cache
def shipped_places() -> tuple[Place, ...]:
    """The shipped lists, read without the row checks an editor's file gets (a test runs them)."""
    found: list[Place] = []
    for name in SHIPPED_FILES:
        with (GEO_DIR / name).open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            next(rows)
            found += [
                Place(en, ar, float(lat), float(lon), key, kind, source)
                for en, ar, lat, lon, key, kind, source in rows
            ]
    return tuple(found)


@functools.lru_cache(maxsize=8)
def places(own: tuple[Place, ...] = ()) -> Places:
    """The shipped gazetteer with the editors' places on top, built once per set of places."""
    return Places(shipped_places(), own)


def lookup(name: str, governorate: str, own: tuple[Place, ...] = ()) -> Place | None:
    """The place called `name` (Arabic or English) in the governorate with key `governorate`."""
    return places(own).lookup(name, governorate)


def english_name(known: Places, location: str, governorate: str) -> str | None:
    """The gazetteer's English name for `location` in the governorate with key `governorate`,
    when the whole name is a known place (a neighbourhood is not named after its town)."""
    place = known.lookup(location, governorate)
    if place is None or not place.name_en:
        return None
    whole = normalise(location)
    return place.name_en if whole in (normalise(place.name_ar), normalise(place.name_en)) else None


Source = Literal["reported", "place", "governorate"]


@dataclass(frozen=True)
class Position:
    """Where an event is drawn, and from what: its own coordinates (`reported`), its place in the
    gazetteer (`place`) or its governorate's centre (`governorate`, drawn as approximate)."""

    lat: float
    lon: float
    label: str | None
    source: Source = "reported"

    @property
    def approximate(self) -> bool:
        return self.source == "governorate"


def locate(
    location: str | None,
    lat: float | None,
    lon: float | None,
    governorate: Governorate,
    known: Places,
) -> Position:
    """The event's own coordinates when they lie in its governorate, else its place from the
    gazetteer, else the governorate's centre (approximate). The map and the data export both
    place events here, so they agree; `check` warns about coordinates this passes over."""
    if lat is not None and lon is not None and holds(governorate, lat, lon):
        return Position(lat, lon, location)
    place = known.lookup(location, governorate.key) if location else None
    if place is not None and holds(governorate, place.lat, place.lon):
        return Position(place.lat, place.lon, place.name_ar, "place")
    return Position(governorate.lat, governorate.lon, None, "governorate")


def location_problems(
    doc: YamlDoc,
    list_key: str,
    governorates: Mapping[str, Governorate],
    known: Places,
    resolve: Any,
) -> list[Problem]:
    """A warning for each event whose coordinates do not lie in its governorate (or come without
    their other half), and for each one placed by a location the gazetteer does not know, with
    the nearest spellings; `resolve` turns a governorate as written into its key."""
    problems = []
    messages: dict[tuple[str, str], str] = {}
    for index, item in enumerate(doc.data.get(list_key) or []):
        if not isinstance(item, dict):
            continue
        key = resolve(str(item.get("governorate", "")), governorates)
        if key is None:
            continue
        coordinates = _coordinates_problem(doc, (list_key, index), item, governorates[key], known)
        if coordinates is not None:
            problems.append(coordinates)
            continue
        if item.get("lat") is not None and item.get("lon") is not None:
            continue
        if not isinstance(item.get("location"), str) or known.lookup(item["location"], key):
            continue
        wanted = (item["location"], key)
        if wanted not in messages:  # a busy month repeats its villages; suggesting is not cheap
            messages[wanted] = _not_found_message(item["location"], governorates[key], known)
        message = messages[wanted]
        problems.append(doc.problem((list_key, index, "location"), message, severity="warning"))
    return problems


def _coordinates_problem(
    doc: YamlDoc, path: tuple[str, int], item: dict, governorate: Governorate, known: Places
) -> Problem | None:
    lat, lon = item.get("lat"), item.get("lon")
    if (lat is None) != (lon is None):
        given, missing = ("lat", "lon") if lon is None else ("lon", "lat")
        message = _("{given} without {missing} is not used: give both, or neither")
        message = message.format(given=given, missing=missing) + _placed_by(
            item, governorate, known
        )
        return doc.problem((*path, given), message, severity="warning")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    found = misplaced(float(lat), float(lon), governorate)
    if found is None:
        return None
    return doc.problem(
        (*path, "lat"), found + _placed_by(item, governorate, known), severity="warning"
    )


def _placed_by(item: dict, governorate: Governorate, known: Places) -> str:
    """Where the map and the data export put an event whose coordinates they pass over."""
    location = item.get("location") if isinstance(item.get("location"), str) else None
    position = locate(location, None, None, governorate, known)
    if position.source == "place":
        message = _("; the map and the data export place it at {place} instead")
        return message.format(place=position.label)
    return _("; the map and the data export place it at the governorate's centre, as approximate")


def _not_found_message(location: str, governorate: Governorate, known: Places) -> str:
    message = _(
        "'{location}' is not in the place gazetteer for {governorate} ({key}): the map puts it "
        "at the governorate's centre, drawn as approximate"
    ).format(location=location, governorate=governorate.name_ar, key=governorate.key)
    close = known.suggestions(location, governorate.key)
    if close:
        spellings = _(", ").join(repr(c) for c in close)
        message += _("; nearest spellings: {spellings}").format(spellings=spellings)
    other = sorted({governorate_key(p.governorate_key) for p in known.elsewhere(location)})
    if other:
        message += _("; a place of that name is in: {keys}").format(keys=_(", ").join(other))
    return message + _("; give lat and lon, or add the place to inputs/places.csv")


def pcode_of(governorate: Governorate) -> str | None:
    """The governorate's P-code as given, else the boundary whose key matches its key."""
    if governorate.pcode:
        return governorate.pcode
    by_key = {governorate_key(k): p for p, k in boundary_pcodes().items()}
    return by_key.get(governorate_key(governorate.key))


def pcode_problems(doc: YamlDoc) -> list[Problem]:
    """governorates.yaml: each pcode must name a boundary, and only one governorate."""
    known = boundary_pcodes()
    problems, seen = [], {}
    for index, item in enumerate(doc.data.get("governorates") or []):
        pcode = item.get("pcode") if isinstance(item, dict) else None
        if pcode is None:
            continue
        path = ("governorates", index, "pcode")
        if pcode not in known:
            listed = _(", ").join(f"{p} ({k})" for p, k in sorted(known.items()))
            message = _("unknown P-code '{pcode}'; known: {known}")
            problems.append(doc.problem(path, message.format(pcode=pcode, known=listed)))
        elif pcode in seen:
            message = _("P-code '{pcode}' is already used by '{key}'")
            message = message.format(pcode=pcode, key=seen[pcode])
            problems.append(doc.problem(path, message))
        seen.setdefault(pcode, item.get("key"))
    return problems


def centre_problems(doc: YamlDoc) -> list[Problem]:
    """governorates.yaml: a warning for a centre (`lat`/`lon`) outside its governorate's outline;
    events without a known place are drawn there, on the map and in the data export alike."""
    problems = []
    for index, item in enumerate(doc.data.get("governorates") or []):
        if not isinstance(item, dict):
            continue
        lat, lon, key = item.get("lat"), item.get("lon"), item.get("key")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            continue
        name = item.get("name_ar") if isinstance(item.get("name_ar"), str) else str(key)
        governorate = Governorate(str(key), name, "", float(lat), float(lon), item.get("pcode"))
        found = misplaced(float(lat), float(lon), governorate)
        if found:
            message = found + _("; events without a known place are drawn there")
            problems.append(
                doc.problem(("governorates", index, "lat"), message, severity="warning")
            )
    return problems
