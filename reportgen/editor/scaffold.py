"""A new month's folder: every file present, commented, and ready to fill in.

What usually persists from one month to the next (the camps and their last population figures)
is carried forward from the newest earlier month that has them, each with a `review` mark that
`check` lists and `publish` refuses until an editor has confirmed the figures and deleted it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

from reportgen.errors import InputError
from reportgen.i18n import _
from reportgen.input.loader import MONTH_NAME, display_path, month_folders
from reportgen.input.reviewmarks import PLACEHOLDER_TITLE
from reportgen.input.yamlsource import load_yaml

POPULATION_FIGURES = ("total", "iraqi", "syrian", "foreign")


def next_month(inputs: Path, today: date | None = None) -> str:
    """The month after the newest month folder; the current month when there is none."""
    months = month_folders(inputs) if inputs.is_dir() else []
    if not months:
        today = today or date.today()
        return f"{today.year:04d}-{today.month:02d}"
    year, number = map(int, months[-1].split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def scaffold_month(inputs: Path, month: str | None = None) -> list[Path]:
    """Create inputs/MONTH/ with its six files; never touches an existing month."""
    month = month or next_month(inputs)
    folder = inputs / month
    if not MONTH_NAME.fullmatch(month):
        message = _("{value} is not a month: expected YYYY-MM, e.g. 2023-12")
        raise _problem(folder, message.format(value=repr(month)))
    if folder.exists():
        message = _(
            "{month} already exists; nothing was written "
            "(edit its files, or remove the folder to start again)"
        )
        raise _problem(folder, message.format(month=month))
    files = month_files(month, carried_camps(inputs, month))
    inputs.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{month}.", dir=inputs))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        staging.chmod(0o755)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in files]


def _problem(folder: Path, message: str) -> InputError:
    return InputError.single(display_path(folder), 1, 1, "month", message)


def carried_camps(inputs: Path, month: str) -> tuple[str, list[dict]]:
    """The newest earlier month with camps, and its camps (names and population only).

    Read with the loader's parser, so values mean what `check` will say they mean (YAML 1.2:
    `no` is text, `1_500` is not a number) and a hostile file is refused within the same limits.
    """
    for earlier in reversed([m for m in month_folders(inputs) if m < month]):
        camps = _camps_in(inputs / earlier / "camps.yaml")
        if camps:
            return earlier, camps
    return "", []


def _camps_in(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    try:
        data = load_yaml(path, display_path(path)).data
    except InputError:
        return []
    camps = data.get("camps") if isinstance(data, dict) else None
    if not isinstance(camps, list):
        return []
    return [c for c in camps if isinstance(c, dict) and isinstance(c.get("name"), str)]


def _population_figures(camp: dict) -> dict[str, int]:
    population = camp.get("population")
    if not isinstance(population, dict):
        return {}
    return {
        key: population[key]
        for key in POPULATION_FIGURES
        if type(population.get(key)) is int  # a bool is an int, but not a figure
    }


def month_files(month: str, carried: tuple[str, list[dict]]) -> dict[str, str]:
    """The text of each file of a new month, by file name."""
    return {
        "report.yaml": _report(month),
        "attacks.yaml": _list_file("attacks", _ATTACK_EXAMPLE.format(month=month)),
        "raids.yaml": _list_file("raids", _RAID_EXAMPLE.format(month=month)),
        "casualties.yaml": _list_file("casualties", _CASUALTY_EXAMPLE.format(month=month)),
        "sanctions.yaml": _list_file("sanctions", _SANCTION_EXAMPLE.format(month=month)),
        "camps.yaml": _camps(carried),
    }


def _schema_line(name: str) -> str:
    return f"# yaml-language-server: $schema=../../reportgen/schemas/{name}.schema.json\n"


def _commented(block: str) -> str:
    return "".join(f"# {line}\n" for line in block.strip("\n").split("\n"))


def _list_file(key: str, example: str) -> str:
    return (
        _schema_line(key)
        + f"{key}: []\n"
        + "# مثال: احذف [] أعلاه، وانزع # عن الأسطر التالية وعدّلها، وكرّر السجل لكل حدث.\n"
        + _commented(example)
    )


def _report(month: str) -> str:
    return (
        _schema_line("report")
        + f"month: {month}\n"
        + "# العنوان الذي يلي اسم التقرير الثابت في السطر الأول؛ اكتبه قبل النشر.\n"
        + f"title: {json.dumps(PLACEHOLDER_TITLE, ensure_ascii=False)}\n\n"
        + _commented(_REPORT_EXAMPLE)
    )


def _camps(carried: tuple[str, list[dict]]) -> str:
    source, camps = carried
    if not camps:
        return _list_file("camps", _CAMP_EXAMPLE)
    lines = [
        _schema_line("camps").rstrip("\n"),
        f"# المخيمات وأرقام السكان منقولة من {source}: حدّثها، ثم احذف سطر review من كل مخيم.",
        "camps:",
    ]
    for camp in camps:
        figures = _population_figures(camp)
        note = _("figures carried forward from {month}") if figures else _("carried from {month}")
        lines.append(f"  - name: {json.dumps(camp['name'], ensure_ascii=False)}")
        lines.append(f"    review: {json.dumps(note.format(month=source), ensure_ascii=False)}")
        if figures:
            lines.append("    population:")
            lines.extend(f"      {key}: {value}" for key, value in figures.items())
        lines.append("    repatriations: []")
    lines.append("# مثال على عمليات الإعادة: استبدل [] بما يلي.")
    lines.append(_commented("    repatriations:\n      - country: العراق\n        people: 1"))
    return "\n".join(lines).rstrip("\n") + "\n"


_REPORT_EXAMPLE = """
cover:
  image: cover.jpg
  caption: وصف الصورة
highlights:
  - حدث رئيسي يكتبه المحرر، يُضاف بعد النقاط المولَّدة من البيانات.
sections:
  - id: example
    title: عنوان القسم
    after: camps  # attacks أو raids أو sanctions أو camps
    body: |
      فقرة بنص عادي، مع **خط عريض** و*مائل* و[رابط](https://example.org).
    quotes:
      - text: نص الاقتباس
        by: اسم المتحدث
        role: صفته
notes: ملاحظة منهجية عن المصادر.
"""

_ATTACK_EXAMPLE = """
  - id: a01
    date: {month}-01
    governorate: دير الزور  # أو مفتاحها: deir_ez_zor
    location: ذيبان
    type: armed_attack  # armed_attack, assassination, ied, arson, grenade, suicide, other
    target: military  # military, civilian, infrastructure, camp
    confirmed: true
    claimed: false
    description: وصف الهجوم في جملة واحدة.
    sources:
      - https://example.org/news
"""

_RAID_EXAMPLE = """
  - id: r01
    date: {month}-01
    governorate: الحسكة
    location: الشدادي
    forces: [قوات سوريا الديمقراطية, التحالف الدولي]
    detained: 1
    description: وصف المداهمة.
    notable:
      - name: اسم القيادي
        role: دوره في التنظيم
        outcome: detained  # detained أو killed
    sources:
      - https://example.org/news
"""

_CASUALTY_EXAMPLE = """
  - date: {month}-01
    category: military  # military, civilian, isis
    status: killed  # killed أو wounded
    count: 1
    attack: a01  # أو raid: r01
    note: ملاحظة
"""

_SANCTION_EXAMPLE = """
  - date: {month}-01
    authority: وزارة الخزانة الأمريكية
    target: اسم الجهة
    target_type: company  # company, person, organisation
    reason: سبب العقوبة
    quote:
      text: نص التصريح
      by: اسم المتحدث
      role: صفته
    sources:
      - https://example.org/press-release
"""

_CAMP_EXAMPLE = """
  - name: مخيم الهول
    population:
      total: 0
      iraqi: 0
      syrian: 0
      foreign: 0
    repatriations:
      - country: العراق
        people: 1
    notes: مصدر الأرقام.
"""
