"""Validated YAML data to records. Every function assumes its input passed the schema and rules.

Text is stripped of surrounding whitespace (block scalars end with a newline); paths stay relative
as written (cover images to the month folder, the logo to inputs/). Numbers in integer fields
become `int` (a schema's integer also takes `2.0`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from reportgen.input.records import (
    Attack,
    Camp,
    Casualty,
    Cover,
    Decision,
    Gender,
    Governorate,
    Mail,
    Notable,
    Population,
    Publication,
    Quote,
    Raid,
    Reader,
    Repatriation,
    Report,
    Sanction,
    Section,
    Smtp,
    Totals,
)
from reportgen.input.validation import resolve_governorate

Data = Mapping[str, Any]


SETTINGS_ELSEWHERE = ("colors", "limits", "isis_actors", "mail", "pdf_table_limit", "editions")
"""publication.yaml keys that are not plain text: colours and actors are copied, limits are the
loader's, mail settings are records of their own, the PDF's table limit is a number."""


def publication_from(data: Data) -> Publication:
    values: dict[str, Any] = {
        key: _text(value) for key, value in data.items() if key not in SETTINGS_ELSEWHERE
    }
    if "base_url" in values:
        values["base_url"] = values["base_url"].rstrip("/") + "/"
    if "logo" in values:
        values["logo"] = Path(values["logo"])
    if "isis_actors" in data:
        values["isis_actors"] = tuple(_text(name) for name in data["isis_actors"])
    if "pdf_table_limit" in data:
        values["pdf_table_limit"] = int(data["pdf_table_limit"])
    mail = mail_from(data["mail"]) if data.get("mail") else None
    if "editions" in data:
        values["editions"] = tuple(dict.fromkeys(["ar", *data["editions"]]))
    return Publication(**values, colors=dict(data.get("colors", {})), mail=mail)


def mail_from(data: Data) -> Mail:
    smtp = data.get("smtp")
    return Mail(
        sender=_text(data["from"]),
        unsubscribe=data.get("unsubscribe"),
        smtp=_smtp(smtp) if smtp else None,
    )


def _smtp(data: Data) -> Smtp:
    values: dict[str, Any] = {k: _text(v) if isinstance(v, str) else v for k, v in data.items()}
    if "port" in values:
        values["port"] = int(values["port"])
    if "rate" in values:
        values["rate"] = float(values["rate"])
    return Smtp(**values)


def readers_from(data: Data) -> tuple[Reader, ...]:
    return tuple(
        Reader(
            address=item["address"],
            name=_text(item["name"]) if item.get("name") else None,
            edition=item.get("edition", "ar"),
        )
        for item in data.get("readers") or []
    )


def genders_from(data: Data) -> dict[str, Gender]:
    """actors.yaml's `actors` as a mapping: name → "f" or "m" (a later entry wins)."""
    return {
        " ".join(_text(item["name"]).split()): "f" if item["gender"] == "feminine" else "m"
        for item in data.get("actors") or []
    }


def english_names_from(data: Data) -> dict[str, str]:
    """actors.yaml's English names: name → name_en, for the English edition."""
    return {
        " ".join(_text(item["name"]).split()): _text(item["name_en"])
        for item in data.get("actors") or []
        if item.get("name_en")
    }


def gazetteer_from(data: Data) -> dict[str, Governorate]:
    return {
        item["key"]: Governorate(
            key=item["key"],
            name_ar=_text(item["name_ar"]),
            name_en=_text(item["name_en"]),
            lat=float(item["lat"]),
            lon=float(item["lon"]),
            pcode=item.get("pcode"),
        )
        for item in data.get("governorates") or []
    }


def report_from(data: Data) -> Report:
    cover = data.get("cover")
    return Report(
        month=data["month"],
        title=_text(data["title"]),
        status=data.get("status", "draft"),
        cover=_cover(cover) if cover else None,
        highlights=tuple(_text(line) for line in data.get("highlights", ())),
        sections=tuple(_section(item) for item in data.get("sections", ())),
        notes=_optional_text(data.get("notes")),
        totals=_totals(data["totals"]) if "totals" in data else None,
        **_english(data, "title", "notes"),
        highlights_en=tuple(_text(line) for line in data.get("highlights_en", ())),
    )


def _cover(data: Data) -> Cover:
    caption = _optional_text(data.get("caption"))
    return Cover(Path(data["image"]), caption, **_english(data, "caption"))


def _english(data: Data, *names: str) -> dict[str, str | None]:
    """The English counterparts (`NAME_en`) of the text fields `names`, None when missing."""
    return {f"{name}_en": _optional_text(data.get(f"{name}_en")) for name in names}


def attacks_from(data: Data, gazetteer: Mapping[str, Governorate]) -> tuple[Attack, ...]:
    return tuple(
        Attack(
            id=item["id"],
            date=date.fromisoformat(item["date"]),
            governorate=_governorate(item["governorate"], gazetteer),
            type=item["type"],
            target=item["target"],
            location=_optional_text(item.get("location")),
            lat=_optional_float(item.get("lat")),
            lon=_optional_float(item.get("lon")),
            confirmed=item.get("confirmed", True),
            claimed=item.get("claimed", False),
            description=_optional_text(item.get("description")),
            sources=tuple(item.get("sources", ())),
            review=_review(item.get("review")),
            source_id=item.get("source_id"),
            import_hash=item.get("import_hash"),
            **_english(item, "location", "description"),
        )
        for item in data.get("attacks") or []
    )


def raids_from(data: Data, gazetteer: Mapping[str, Governorate]) -> tuple[Raid, ...]:
    return tuple(
        Raid(
            id=item["id"],
            date=date.fromisoformat(item["date"]),
            governorate=_governorate(item["governorate"], gazetteer),
            location=_optional_text(item.get("location")),
            lat=_optional_float(item.get("lat")),
            lon=_optional_float(item.get("lon")),
            forces=_forces(item.get("forces", ())),
            detained=int(item.get("detained", 0)),
            description=_optional_text(item.get("description")),
            notable=tuple(_notable(person) for person in item.get("notable", ())),
            sources=tuple(item.get("sources", ())),
            review=_review(item.get("review")),
            source_id=item.get("source_id"),
            import_hash=item.get("import_hash"),
            **_english(item, "location", "description"),
        )
        for item in data.get("raids") or []
    )


def casualties_from(data: Data) -> tuple[Casualty, ...]:
    return tuple(
        Casualty(
            date=date.fromisoformat(item["date"]),
            category=item["category"],
            status=item["status"],
            count=int(item["count"]),
            attack=item.get("attack"),
            raid=item.get("raid"),
            note=_optional_text(item.get("note")),
            review=_review(item.get("review")),
            source_id=item.get("source_id"),
            import_hash=item.get("import_hash"),
            confirmed=item.get("confirmed", True),
            **_english(item, "note"),
        )
        for item in data.get("casualties") or []
    )


def sanctions_from(data: Data) -> tuple[Sanction, ...]:
    return tuple(
        Sanction(
            date=date.fromisoformat(item["date"]),
            authority=_text(item["authority"]),
            target=_text(item["target"]),
            target_type=item["target_type"],
            reason=_optional_text(item.get("reason")),
            quote=_quote(item["quote"]) if "quote" in item else None,
            sources=tuple(item.get("sources", ())),
            review=_review(item.get("review")),
            **_english(item, "target", "reason"),
        )
        for item in data.get("sanctions") or []
    )


def camps_from(data: Data) -> tuple[Camp, ...]:
    return tuple(
        Camp(
            name=_text(item["name"]),
            population=Population(**{k: int(v) for k, v in item.get("population", {}).items()}),
            repatriations=tuple(
                Repatriation(_text(r["country"]), int(r["people"]))
                for r in item.get("repatriations", ())
            ),
            notes=_optional_text(item.get("notes")),
            review=_review(item.get("review")),
            approximate=item.get("approximate", False),
            sources=tuple(item.get("sources", ())),
            **_english(item, "notes"),
        )
        for item in data.get("camps") or []
    )


def decisions_from(data: Data) -> tuple[Decision, ...]:
    return tuple(
        Decision(
            decision=item["decision"],
            at=item["at"],
            source_id=item.get("source_id"),
            id=item.get("id"),
            reason=_optional_text(item.get("reason")),
            by=_optional_text(item.get("by")),
            count=int(item["count"]) if "count" in item else None,
        )
        for item in data.get("decisions") or []
    )


def _totals(data: Data) -> Totals:
    return Totals(**{name: int(value) for name, value in data.items()})


def _section(item: Data) -> Section:
    return Section(
        id=item["id"],
        title=_text(item["title"]),
        body=_text(item.get("body", "")),
        quotes=tuple(_quote(quote) for quote in item.get("quotes", ())),
        after=item.get("after", "camps"),
        **_english(item, "title", "body"),
    )


def _quote(value: str | Data) -> Quote:
    if isinstance(value, str):
        return Quote(_text(value))
    by, role = _optional_text(value.get("by")), _optional_text(value.get("role"))
    return Quote(_text(value["text"]), by, role, **_english(value, "text", "by", "role"))


def _notable(item: Data) -> Notable:
    role = _optional_text(item.get("role"))
    return Notable(_text(item["name"]), item["outcome"], role, **_english(item, "name", "role"))


def _governorate(value: str, gazetteer: Mapping[str, Governorate]) -> str:
    key = resolve_governorate(value, gazetteer)
    if key is None:
        raise ValueError(f"unchecked governorate {value!r}")
    return key


def _text(value: str) -> str:
    return value.strip()


def _forces(names: list[str]) -> tuple[str, ...]:
    """A raid's forces, each once: a force written twice («[قسد, قسد]») carried out the raid
    once, and is counted and named once."""
    return tuple(dict.fromkeys(_text(name) for name in names))


def _review(value: bool | str | None) -> str | None:
    """`review: true` is the mark without a note; `false` (or no key) is no mark."""
    if value is None or value is False:
        return None
    return "" if value is True else value.strip()


def _optional_float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _optional_text(value: str | None) -> str | None:
    return None if value is None else value.strip()
