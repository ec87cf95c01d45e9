"""Benchmark inputs made from the example ones: a very busy month, and three years of full months.

Everything is generated into folders the caller owns (a temporary folder); the repository's
inputs/ are only read.
"""

from __future__ import annotations

import calendar
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

EXAMPLE_MONTH = "2023-11"
SHARED_FILES = ("governorates.yaml", "publication.yaml")

LOCATIONS = {
    "deir_ez_zor": ["ذيبان", "البصيرة", "الشحيل", "هجين", "الكسرة", "الصور", "أبو حمام", "الطيانة"],
    "hasakah": ["الشدادي", "مخيم الهول", "الهول", "تل حميس", "مركدة", "حي غويران، الحسكة"],
    "raqqa": ["الرقة", "الطبقة", "الكرامة", "معدان", "المنصورة"],
    "aleppo": ["منبج", "كوباني", "الشيوخ", "صرين"],
}
TOWNS_EN = {
    "ذيبان": "Dhiban",
    "البصيرة": "al-Busayrah",
    "الشحيل": "al-Shuhayl",
    "هجين": "Hajin",
    "الكسرة": "al-Kasra",
    "الصور": "al-Sur",
    "أبو حمام": "Abu Hamam",
    "الطيانة": "al-Tayyana",
    "الشدادي": "al-Shaddadi",
    "مخيم الهول": "al-Hol camp",
    "الهول": "al-Hol",
    "تل حميس": "Tall Hamis",
    "مركدة": "Markada",
    "حي غويران، الحسكة": "Ghuwayran, Hasakah",
    "الرقة": "Raqqa",
    "الطبقة": "Tabqa",
    "الكرامة": "al-Karama",
    "معدان": "Maadan",
    "المنصورة": "al-Mansura",
    "منبج": "Manbij",
    "كوباني": "Kobani",
    "الشيوخ": "al-Shuyukh",
    "صرين": "Sarrin",
}
GOVERNORATE_WEIGHTS = {"deir_ez_zor": 0.5, "hasakah": 0.25, "raqqa": 0.15, "aleppo": 0.1}
ATTACK_TYPES = {
    "armed_attack": 0.4,
    "ied": 0.2,
    "assassination": 0.15,
    "grenade": 0.1,
    "arson": 0.08,
    "suicide": 0.02,
    "other": 0.05,
}
TARGETS = {"military": 0.6, "civilian": 0.25, "infrastructure": 0.08, "camp": 0.07}
ACTIONS = {
    "armed_attack": "هاجم مسلحون من خلايا داعش",
    "ied": "انفجرت عبوة ناسفة استهدفت",
    "assassination": "اغتال مسلحون يستقلون دراجة نارية",
    "grenade": "ألقى عناصر من خلايا داعش قنبلة يدوية على",
    "arson": "أضرم عناصر من خلايا داعش النار في",
    "suicide": "فجّر انتحاري نفسه قرب",
    "other": "استهدفت خلايا داعش",
}
TARGET_WORDS = {
    "military": "نقطة عسكرية لقوات سوريا الديمقراطية",
    "civilian": "سيارة مدنية",
    "infrastructure": "خط كهرباء رئيسيًا",
    "camp": "نقطة حراسة للأسايش",
}
ACTIONS_EN = {
    "armed_attack": "ISIS cell gunmen attacked",
    "ied": "An explosive device targeted",
    "assassination": "Gunmen on a motorcycle assassinated a man at",
    "grenade": "ISIS cell members threw a hand grenade at",
    "arson": "ISIS cell members set fire to",
    "suicide": "A suicide bomber blew himself up near",
    "other": "ISIS cells targeted",
}
TARGET_WORDS_EN = {
    "military": "an SDF military post",
    "civilian": "a civilian car",
    "infrastructure": "a main power line",
    "camp": "an Asayish guard post",
}
FORCES = ["قوات سوريا الديمقراطية", "الأسايش", "قوات مكافحة الإرهاب", "التحالف الدولي"]
SOURCE_SITES = ["https://www.example.org/news", "https://www.example.com/syria"]


@dataclass(frozen=True)
class Governorate:
    key: str
    name_ar: str


def copy_inputs(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def gazetteer(inputs: Path) -> list[Governorate]:
    data = yaml.safe_load((inputs / "governorates.yaml").read_text(encoding="utf-8"))
    return [Governorate(g["key"], g["name_ar"]) for g in data["governorates"]]


def days_in(month: str) -> int:
    year, number = map(int, month.split("-"))
    return calendar.monthrange(year, number)[1]


def month_keys(first: str, count: int) -> list[str]:
    year, number = map(int, first.split("-"))
    start = year * 12 + number - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(start, start + count)]


# --- one month moved to another -------------------------------------------------------------


def move_month(source: Path, target: Path, month: str) -> Path:
    """Copy the month folder `source` to `target`, with every date and the month key moved; its
    record of publication stays behind (`record_publication` makes the moved month's)."""
    old = source.name
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.name == "published.yaml":
            continue
        if path.suffix in (".yaml", ".yml"):
            text = _moved_dates(path.read_text(encoding="utf-8"), old, month)
            (target / path.name).write_text(text, encoding="utf-8")
        elif path.is_file():
            shutil.copy2(path, target / path.name)
    return target


def _moved_dates(text: str, old: str, new: str) -> str:
    last = days_in(new)
    dates = re.compile(rf"\b{re.escape(old)}-(\d{{2}})\b")
    text = dates.sub(lambda m: f"{new}-{min(int(m.group(1)), last):02d}", text)
    return re.sub(rf"^month: {re.escape(old)}$", f"month: {new}", text, flags=re.MULTILINE)


def full_months_inputs(source: Path, target: Path, first: str, count: int) -> list[str]:
    """`count` full months from `first`, each the example month moved; no summary months."""
    target.mkdir(parents=True)
    for name in SHARED_FILES:
        shutil.copy2(source / name, target / name)
    months = month_keys(first, count)
    for month in months:
        move_month(source / EXAMPLE_MONTH, target / month, month)
    for month in months:
        record_publication(target, month)
    return months


def record_publication(inputs: Path, month: str) -> None:
    """`month` recorded as published with its files as they are (as `reportgen publish` does),
    so the publishing gate lets a moved or generated month through."""
    from reportgen.publish.release import publish_month

    publish_month(inputs, month)


# --- a busy month ---------------------------------------------------------------------------


def busy_month_inputs(
    source: Path, target: Path, month: str, attacks: int, raids: int, seed: int = 2023
) -> Path:
    """A copy of `source` with `month` added: the example month's texts with generated events."""
    copy_inputs(source, target)
    folder = move_month(source / EXAMPLE_MONTH, target / month, month)
    events = _Generator(month, gazetteer(source), random.Random(seed))
    attack_items = [events.attack(i) for i in range(1, attacks + 1)]
    raid_items = [events.raid(i) for i in range(1, raids + 1)]
    _write_yaml(folder / "attacks.yaml", {"attacks": attack_items})
    _write_yaml(folder / "raids.yaml", {"raids": raid_items})
    _write_yaml(
        folder / "casualties.yaml", {"casualties": events.casualties(attack_items, raid_items)}
    )
    _write_yaml(folder / "camps.yaml", {"camps": events.camps()})
    record_publication(target, month)
    return folder


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")


class _Generator:
    """Plausible records spread over the month, in the gazetteer's governorates."""

    def __init__(self, month: str, places: list[Governorate], rng: random.Random):
        self.month = month
        self.places = places
        self.rng = rng
        self.weights = [GOVERNORATE_WEIGHTS.get(g.key, 0.1) for g in places]

    def _date(self) -> str:
        return f"{self.month}-{self.rng.randint(1, days_in(self.month)):02d}"

    def _place(self) -> tuple[str, str, str]:
        """A governorate, written as its key or its Arabic name, a town in it, and its English
        name (the English edition is on, and a published month has every text in English)."""
        place = self.rng.choices(self.places, self.weights)[0]
        written = self.rng.choice([place.key, place.name_ar])
        if place.key in LOCATIONS:
            town = self.rng.choice(LOCATIONS[place.key])
            return written, town, TOWNS_EN[town]
        countryside = place.key.replace("_", " ").title() + " countryside"
        return written, f"ريف {place.name_ar}", countryside

    def _pick(self, weighted: dict[str, float]) -> str:
        return self.rng.choices(list(weighted), list(weighted.values()))[0]

    def _sources(self, date: str, slug: str) -> list[str]:
        count = self.rng.choice([1, 1, 2])
        site = self.rng.sample(SOURCE_SITES, count)
        return [f"{s}/{date.replace('-', '/')}/{slug}" for s in site]

    def attack(self, number: int) -> dict[str, Any]:
        date = self._date()
        governorate, town, town_en = self._place()
        kind, target = self._pick(ATTACK_TYPES), self._pick(TARGETS)
        item = {
            "id": f"a{number:04d}",
            "date": date,
            "governorate": governorate,
            "location": town,
            "type": kind,
            "target": target,
            "confirmed": self.rng.random() < 0.9,
            "claimed": self.rng.random() < 0.3,
            "description": f"{ACTIONS[kind]} {TARGET_WORDS[target]} في {town}.",
            "description_en": f"{ACTIONS_EN[kind]} {TARGET_WORDS_EN[target]}.",
            "sources": self._sources(date, f"attack-{number}"),
        }
        return {**item, "location_en": town_en}

    def raid(self, number: int) -> dict[str, Any]:
        date = self._date()
        governorate, town, town_en = self._place()
        detained = self.rng.choice([0, 1, 1, 2, 2, 3, 4, 6])
        item: dict[str, Any] = {
            "id": f"r{number:04d}",
            "date": date,
            "governorate": governorate,
            "location": town,
            "forces": self.rng.sample(FORCES, self.rng.randint(1, 2)),
            "detained": detained,
            "description": f"نفّذت القوات عملية أمنية في {town} اعتُقل خلالها {detained} مشتبه بهم.",
            "description_en": f"Security forces carried out an operation; {detained} detained.",
            "sources": self._sources(date, f"raid-{number}"),
        }
        item["location_en"] = town_en
        if detained and self.rng.random() < 0.05:
            notable = {"name": f"قيادي {number}", "name_en": f"Leader {number}"}
            notable.update(role="قيادي في خلايا داعش", role_en="an ISIS cell leader")
            item["notable"] = [{**notable, "outcome": "detained"}]
        return item

    def casualties(
        self, attacks: list[dict[str, Any]], raids: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Tolls for about a third of the attacks, and ISIS dead in a few raids."""
        items = []
        for attack in attacks:
            if self.rng.random() < 0.35:
                items += self._attack_toll(attack)
        for raid in raids:
            if self.rng.random() < 0.05:
                count = self.rng.randint(1, 2)
                items.append(self._toll(raid["date"], "isis", "killed", count, raid=raid["id"]))
        return items

    def _attack_toll(self, attack: dict[str, Any]) -> list[dict[str, Any]]:
        category = "civilian" if attack["target"] == "civilian" else "military"
        statuses = self.rng.sample(["killed", "wounded"], self.rng.randint(1, 2))
        return [
            self._toll(
                attack["date"], category, status, self.rng.randint(1, 4), attack=attack["id"]
            )
            for status in statuses
        ]

    @staticmethod
    def _toll(date: str, category: str, status: str, count: int, **link: str) -> dict[str, Any]:
        return {"date": date, "category": category, "status": status, "count": count, **link}

    def camps(self) -> list[dict[str, Any]]:
        return [
            self._camp("مخيم الهول", 24147, 18028, 7257, [("العراق", 776), ("فرنسا", 12)]),
            self._camp("مخيم روج", 610, 370, 1620, [("ألمانيا", 9)]),
        ]

    @staticmethod
    def _camp(
        name: str, iraqi: int, syrian: int, foreign: int, repatriations: list[tuple[str, int]]
    ) -> dict[str, Any]:
        total = iraqi + syrian + foreign
        return {
            "name": name,
            "population": {"total": total, "iraqi": iraqi, "syrian": syrian, "foreign": foreign},
            "repatriations": [{"country": c, "people": n} for c, n in repatriations],
        }
