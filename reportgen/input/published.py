"""A published month's record, `inputs/YYYY-MM/published.yaml`: read, checked and made a record.

`reportgen publish` writes it and `reportgen correct` rewrites it (publish/freeze.py); the loader
reads it like any other input, so a damaged or hand-edited record is a located problem, and the
briefing and the mail read its corrections from `Month.freeze`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportgen.errors import Problem
from reportgen.i18n import _
from reportgen.input.records import Correction, Freeze
from reportgen.input.yamlsource import YamlDoc

NAME = "published"
FILE = f"{NAME}.yaml"


def published_problems(doc: YamlDoc, month: str) -> list[Problem]:
    """The record must be of its own folder's month, its dates real days, the corrections in
    order, and every file it names inside the folder."""
    problems = []
    written = doc.data.get("month")
    if written is not None and written != month:
        message = _("{written} does not match the folder name {month}")
        problems.append(doc.problem(("month",), message.format(written=written, month=month)))
    dates = [(("published",), doc.data.get("published"))]
    corrections = doc.data.get("corrections") or []
    dates += [(("corrections", i, "date"), c.get("date")) for i, c in enumerate(corrections) if c]
    previous: date | None = None
    for path, text in dates:
        day = _day(text)
        if text is not None and day is None:
            problems.append(doc.problem(path, _("{value} is not a real date").format(value=text)))
        elif day is not None and previous is not None and day < previous:
            message = _("{value} is earlier than the date before it; records are in date order")
            problems.append(doc.problem(path, message.format(value=text)))
        previous = day or previous
    for name in doc.data.get("files") or {}:
        if _outside(name):
            message = _("{name} is not a file of this month's folder").format(name=name)
            problems.append(doc.problem(("files", name), message))
    return problems


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _outside(name: str) -> bool:
    parts = name.split("/")
    return name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts)


def freeze_from(data: dict[str, Any]) -> Freeze:
    return Freeze(
        month=data["month"],
        published=date.fromisoformat(data["published"]),
        tool=data["tool"].strip(),
        files=dict(data["files"]),
        figures=dict(data.get("figures") or {}),
        title=(data.get("title") or "").strip(),
        title_en=(data.get("title_en") or "").strip() or None,
        corrections=tuple(_correction(item) for item in data.get("corrections") or ()),
    )


def _correction(item: dict[str, Any]) -> Correction:
    title, title_en = item.get("title"), item.get("title_en")
    return Correction(
        date=date.fromisoformat(item["date"]),
        note=item["note"].strip(),
        note_en=(item.get("note_en") or "").strip() or None,
        files=tuple(item.get("files") or ()),
        figures={name: (pair[0], pair[1]) for name, pair in (item.get("figures") or {}).items()},
        title=(title[0].strip(), title[1].strip()) if title else None,
        title_en=(title_en[0].strip(), title_en[1].strip()) if title_en else None,
    )
