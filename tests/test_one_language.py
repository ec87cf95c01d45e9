"""One language at a time: every line the tool prints (help, progress, warnings, problems) is in
the run's language, Arabic by default and English with --lang en, down to click's own words, the
YAML parser's texts and the review notes the tool writes into month files.

`foreign_words` finds the words of the other script in a line. What may be written in the other
script is what an editor types or reads as a name, never a sentence: file paths and file names,
field paths (`attacks[0].date`), options (`--lang`), placeholders and acronyms in capitals (MONTH,
YYYY-MM, PDF), numbers and month keys, expressions (`x>=1`, `[ar|en]`), quoted values ('...',
"...", «...», `...`), and the names the tool itself defines: its commands, its options' defaults,
the keys and values of its schemas, and the project's governorates. Anything else of the other
script fails, however short: `1.40s` in Arabic does, and so does `file:line:column`.
"""

from __future__ import annotations

import gettext
import importlib
import json
import pkgutil
import re
import shutil
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from tests.acled_rows import CURRENT_COLUMNS, event, write_export
from tests.conftest import FIXTURES, ROOT

LOCALE_VARIABLES = ("REPORTGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
OTHER = {"ar": "LATIN", "en": "ARABIC"}

_BIDI_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_QUOTED = re.compile(
    r"(?<![A-Za-z])'[^'\n]+'(?![A-Za-z])|\"[^\"\n]+\"|«[^»\n]+»|`[^`\n]+`|“[^”\n]+”|‘[^’\n]+’"
)
_EDGES = "()[]{}<>,;:!?،؛؟…'\"«»`*"
_PATH_LIKE = re.compile(r"[A-Za-z_][\w-]*(?:\[\d+\]|\.[\w-]+)+")
_CAPITALS = re.compile(r"[A-Z][A-Z0-9_-]+")
_SCRIPT_CHANGE = re.compile(r"(?<=[\u0600-\u06ff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u0600-\u06ff])")
_EXTENSION = re.compile(r"\.[a-z0-9]{2,5}")
_HEX = re.compile(r"0x[0-9a-fA-F]+|U\+[0-9A-F]+")
_LOCATION = re.compile(r"(?::\d+)+$")


def _is_a_name_by_its_shape(token: str) -> bool:
    return (
        any(mark in token for mark in ("/", "\\", "@", "://", "=", "<", ">", "|"))
        or token.startswith("-")
        or bool(_PATH_LIKE.fullmatch(token) or _CAPITALS.fullmatch(token))
        or bool(_EXTENSION.fullmatch(token) or _HEX.fullmatch(token))
    )


def _script(character: str) -> str:
    return unicodedata.name(character, "").split(" ")[0]


def _runs(token: str) -> Iterator[tuple[str, str]]:
    """Each word of `token` with its script; a word in capitals is a placeholder or an acronym."""
    for word in re.findall(r"(?:[^\W\d]|[\u064b-\u065f\u0670])+", token):
        word = word.strip("_")
        if word and not _CAPITALS.fullmatch(word):
            yield _script(word[0]), word


def foreign_words(line: str, language: str, names: frozenset[str]) -> list[str]:
    """The words of `line` in the script `language` does not use, but the names (see above)."""
    text = _QUOTED.sub(" ", _BIDI_MARKS.sub("", line))
    text = _SCRIPT_CHANGE.sub(" ", text)
    found = []
    for token in text.split():
        token = _LOCATION.sub("", token.lstrip(_EDGES).rstrip(_EDGES + "."))
        if not token or _is_a_name_by_its_shape(token):
            continue
        found += [run for script, run in _runs(token) if script == OTHER[language]]
    return [word for word in found if word not in names]


@cache
def tool_names() -> frozenset[str]:
    """The names the tool defines: its commands and options' defaults, its schemas' keys and
    values (and YAML's true and false), and the example project's governorates (keys and Arabic
    names)."""
    names = {"reportgen", "true", "false"}

    def commands(command: click.Command) -> None:
        names.add(command.name)
        for param in command.params:
            if isinstance(param.default, str | Path):
                names.add(str(param.default))
        for sub in getattr(command, "commands", {}).values():
            commands(sub)

    def schema_words(node) -> None:
        if isinstance(node, dict):
            for key in ("properties", "$defs"):
                names.update(node.get(key, {}))
            names.update(v for v in node.get("enum", []) if isinstance(v, str))
            names.update(node.get("required", []))
            for value in node.values():
                schema_words(value)
        elif isinstance(node, list):
            for value in node:
                schema_words(value)

    commands(main)
    for path in (ROOT / "reportgen" / "schemas").glob("*.json"):
        schema_words(json.loads(path.read_text(encoding="utf-8")))
    governorates = yaml.safe_load((ROOT / "inputs" / "governorates.yaml").read_text("utf-8"))
    for governorate in governorates["governorates"]:
        names.add(governorate["key"])
        names.update(governorate["name_ar"].split())
    return frozenset(names)


# --- the rule itself can fail -----------------------------------------------------------------

NAMES = frozenset({"attacks", "total", "syrian", "reportgen", "build", "الحسكة"})


@pytest.mark.parametrize(
    ("language", "line", "expected"),
    [
        ("ar", "Usage: reportgen build [OPTIONS] [MONTH]", ["Usage"]),
        (
            "ar",
            "2023-11: بُني في 4.76 ثانية (charts 1.40s، html 0.95s)",
            ["charts", "s", "html", "s"],
        ),
        (
            "ar",
            "f.yaml:2:1: صياغة YAML غير صحيحة: found unexpected end",
            ["found", "unexpected", "end"],
        ),
        ("ar", "تحقق من كل الأشهر (مشكلات file:line:column)", ["file", "line", "column"]),
        (
            "ar",
            "camps[0].review: علامة مراجعة: figures carried forward",
            ["figures", "carried", "forward"],
        ),
        ("ar", "مجموع وsyrian وforeign", ["foreign"]),
        ("en", "2023-11: built in 4.76s (charts بُني 1.40s)", ["بُني"]),
        ("en", "known: الحسكة (hasakah), الرقة (raqqa)", ["الرقة"]),
        ("ar", "inputs/2023-11/attacks.yaml:9:11: attacks[1].type: القيمة 'bombing'", []),
        ("ar", "الاستخدام: reportgen build [OPTIONS] [MONTH] ‎--inputs‎ x>=1 [ar|en]", []),
        ("ar", "قيمة غير صالحة لـ 'FILE': الملف 'nofile' غير موجود، و«draft» وattacks وtotal", []),
        ("en", "attacks[0].name: found 'مخيم الهول', «مسودة» (الحسكة)", []),
    ],
)
def test_a_word_of_the_other_script_is_found_unless_it_is_a_name(language, line, expected):
    assert foreign_words(line, language, NAMES) == expected


# --- every line the tool prints ---------------------------------------------------------------


@pytest.fixture
def speaker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Runs `reportgen` as an editor would in a project at tmp_path, with no language chosen by
    the environment; returns each run's lines (stdout and stderr)."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    def run(language: str, *args: str) -> list[str]:
        flag = ["--lang", "en"] if language == "en" else []  # Arabic: the default
        result = CliRunner().invoke(main, [*flag, *args], prog_name="reportgen")
        assert not isinstance(result.exception, AssertionError | TypeError | KeyError), result
        return result.output.splitlines()

    return run


def assert_one_language(lines: list[str], language: str) -> None:
    mixed = [
        f"{words}: {line}"
        for line in lines
        if (words := foreign_words(line, language, tool_names()))
    ]
    assert not mixed, "lines with words of the other script:\n" + "\n".join(mixed)


def _help_commands(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _help_commands(sub, (*path, name))


LANGUAGES = ("ar", "en")


SAID = {
    "ar": {
        "version": f"reportgen، الإصدار {version('reportgen')}",
        "usage": "الاستخدام: reportgen build [OPTIONS] [MONTH]",
        "options": "الخيارات:",
        "bad option": [
            "الاستخدام: reportgen build [OPTIONS] [MONTH]",
            "للمساعدة جرّب 'reportgen build --help'.",
            "",
            "خطأ: لا خيار باسم '--lnag'. هل تقصد '--lang'؟",
        ],
        "missing argument": "خطأ: وسيط ناقص 'FILE'.",
        "syntax": "inputs/2023-12/attacks.yaml:3:1: صياغة YAML غير صحيحة: انتهى الملف قبل أوانه"
        " (أثناء قراءة نص بين علامتي تنصيص في السطر 2، العمود 9)",
        "tab": "inputs/2023-11/raids.yaml:2:1: صياغة YAML غير صحيحة: المحرف '\\t' لا يصح أن يبدأ به"
        " شيء في YAML؛ أزِح بالمسافات لا بمفتاح الجدولة",
        "schema": "inputs/publication.yaml:2:14: isis_actors: يجب ألا تكون القائمة فارغة",
    },
    "en": {
        "version": f"reportgen, version {version('reportgen')}",
        "usage": "Usage: reportgen build [OPTIONS] [MONTH]",
        "options": "Options:",
        "bad option": [
            "Usage: reportgen build [OPTIONS] [MONTH]",
            "Try 'reportgen build --help' for help.",
            "",
            "Error: No such option '--lnag'. Did you mean '--lang'?",
        ],
        "missing argument": "Error: Missing argument 'FILE'.",
        "syntax": "inputs/2023-12/attacks.yaml:3:1: invalid YAML: found unexpected end of stream"
        " (while scanning a quoted scalar at line 2, column 9)",
        "tab": "inputs/2023-11/raids.yaml:2:1: invalid YAML: found character '\\t' that cannot"
        " start any token; indent with spaces, not tabs",
        "schema": "inputs/publication.yaml:2:14: isis_actors: must not be an empty list",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_of_every_command_and_the_version(speaker, language):
    said = SAID[language]
    assert speaker(language, "--version") == [said["version"]]
    build_help = speaker(language, "build", "--help")
    assert build_help[0] == said["usage"]
    assert said["options"] in build_help
    lines = speaker(language, "--version")
    for path in _help_commands(main):
        lines += speaker(language, *path, "--help")
    assert len(lines) > 150
    assert_one_language(lines, language)


USAGE_ERRORS = [
    ("build", "--lnag", "en"),
    ("import", "acled"),
    ("import", "acled", "missing.csv"),
    ("import", "acled", "export.csv", "--month", "2024"),
    ("build", "-j", "0"),
    ("build", "2023-11", "--all"),
    ("check", "2023-11", "extra"),
    ("biuld",),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_usage_errors(speaker, tmp_path, language):
    (tmp_path / "export.csv").write_text("a,b\n", encoding="utf-8")
    said = SAID[language]
    assert speaker(language, *USAGE_ERRORS[0]) == said["bad option"]
    assert speaker(language, *USAGE_ERRORS[1])[-1] == said["missing argument"]
    lines = [line for args in USAGE_ERRORS for line in speaker(language, *args)]
    assert len([line for line in lines if line]) >= 3 * len(USAGE_ERRORS)
    assert_one_language(lines, language)


BAD_FILES = {
    "2023-11/raids.yaml": "raids:\n\t- id: r1\n",
    "2023-11/sanctions.yaml": "sanctions:\n  - date: 2023-11-02 note: a: b\n",
    "2023-11/camps.yaml": "camps:\n  - name: x\n   population: 1\n",
    "2023-10/attacks.yaml": "attacks: [\n",
    "publication.yaml": (
        "editions: [ar, ar]\nisis_actors: []\nmail:\n  from: a@example.org\n"
        "  smtp: {host: localhost, port: 25, rate: 0}\n"
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_problems_in_the_inputs(speaker, tmp_path, language):
    shutil.copytree(FIXTURES / "broken", tmp_path / "inputs")
    for name, text in BAD_FILES.items():
        (tmp_path / "inputs" / name).write_text(text, encoding="utf-8")
    lines = speaker(language, "check")
    assert {SAID[language][kind] for kind in ("syntax", "tab", "schema")} <= set(lines)
    assert len(lines) > 25
    assert_one_language(lines, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_system_error(speaker, tmp_path, language):
    shutil.copytree(FIXTURES / "valid", tmp_path / "inputs")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    [line] = speaker(language, "data", "--output", "afile/sub")
    assert (
        line
        == {
            "ar": "خطأ: afile/sub/data: في المسار ملفٌ حيث يجب أن يكون مجلد؛"
            " تُركت آخر نسخة سليمة من المخرجات كما هي",
            "en": "error: afile/sub/data: Not a directory; the last good output was left as it was",
        }[language]
    )


BUILT_IN = {
    "ar": r"2023-11: بُني في [\d.]+ ثانية \(الرسوم [\d.]+ ث، الصفحة [\d.]+ ث، ملف PDF [\d.]+ ث\)",
    "en": r"2023-11: built in [\d.]+s \(charts [\d.]+s, HTML [\d.]+s, PDF [\d.]+s\)",
}


OK = {
    "ar": "تم التحقق من جميع الأشهر: لا مشكلات ولا تحذيرات",
    "en": "ok: all months valid (0 warnings)",
}
DRY_RUN = {
    "ar": "تجربة فقط: لم يُرسل شيء؛ أضف ‎--send‎ للإرسال",
    "en": "dry run: nothing was sent; add --send to send",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_a_build_and_the_mail_dry_run_say_what_they_did(speaker, tmp_path, language):
    shutil.copytree(FIXTURES / "valid", tmp_path / "inputs")
    shutil.copy(ROOT / "inputs" / "readers.yaml", tmp_path / "inputs")
    lines = speaker(language, "check") + speaker(language, "build", "-v")
    assert lines[0] == OK[language]
    assert [line for line in lines if re.fullmatch(BUILT_IN[language], line)], lines
    mail = speaker(language, "mail", "2023-11")
    assert mail[-1] == DRY_RUN[language]
    assert len(lines) > 10 and len(mail) > 4
    assert_one_language(lines + mail, language)


NOTES = {
    "ar": [
        '    review: "أرقام منقولة من 2023-11: حدّثها"',
        "تصنيف مقترح: هجوم (ACLED SYR1: “Islamic State (Syria)” ضد “SDF: Syrian Democratic"
        " Forces”)؛ يحتاج ترجمة؛ أضف روابط المصادر (بحسب ACLED:",
    ],
    "en": [
        '    review: "figures carried forward from 2023-11"',
        "proposed class: an attack (ACLED SYR1: “Islamic State (Syria)” against “SDF: Syrian"
        " Democratic Forces”); needs translation; add the source links (according to ACLED:",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_import_their_review_marks_and_publish_refused(speaker, tmp_path, language):
    shutil.copytree(FIXTURES / "valid", tmp_path / "inputs")
    rows = [event("SYR1", event_date="2023-12-03"), event("SYR2", admin1="Idleb")]
    write_export(tmp_path / "acled.csv", rows, CURRENT_COLUMNS, bom=False, crlf=False)
    lines = speaker(language, "new") + speaker(language, "import", "acled", "acled.csv")
    lines += speaker(language, "check") + speaker(language, "publish", "2023-12")
    written = [
        line
        for name in ("camps", "attacks", "casualties")
        for line in (tmp_path / "inputs" / "2023-12" / f"{name}.yaml")
        .read_text("utf-8")
        .split("\n")
        if "review:" in line
    ]
    camps_note, attack_note = NOTES[language]
    assert camps_note in written
    assert any(attack_note in line for line in written), written
    marks = [line for line in lines if ": " + _review_mark(language) in line]
    assert len(marks) >= 6, lines  # three in check, three again in publish's refusal
    assert_one_language(lines, language)
    assert_one_language(written, language)


def _review_mark(language: str) -> str:
    return {"ar": "علامة مراجعة", "en": "review mark"}[language]


def test_review_notes_written_in_either_language_hold_publishing_in_both(speaker, tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "inputs")
    write_export(
        tmp_path / "acled.csv", [event("SYR1", event_date="2023-12-03")], CURRENT_COLUMNS,
        bom=False, crlf=False,
    )  # fmt: skip
    speaker("en", "new")
    speaker("ar", "import", "acled", "acled.csv")
    for language in LANGUAGES:
        lines = speaker(language, "publish", "2023-12")
        marks = [line for line in lines if f"]: {_review_mark(language)}: " in line]
        assert len(marks) == 3, lines
    report = (tmp_path / "inputs" / "2023-12" / "report.yaml").read_text(encoding="utf-8")
    assert "status: published" not in report


def _catalog_texts(language: str) -> Iterator[str]:
    """Every message as the catalog of `language` says it (English: the source), placeholders
    taken out."""
    from babel.messages.pofile import read_po

    path = ROOT / "reportgen" / "locale" / language / "LC_MESSAGES" / "reportgen.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in forms if language == "ar" else ids:
            yield re.sub(r"\{[^{}]*\}|%\(\w+\)s|%s", "0", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_catalogs_is_in_its_language(language):
    lines = [line for text in _catalog_texts(language) for line in text.split("\n")]
    assert len(lines) > 400
    assert_one_language(lines, language)


def test_an_unknown_language_is_refused_in_the_language_otherwise_chosen(speaker, monkeypatch):
    monkeypatch.setenv("REPORTGEN_LANG", "en")
    assert speaker("ar", "--lang", "fr", "check")[-1] == (
        "Error: Invalid value for '--lang': 'fr' is not one of 'ar', 'en'."
    )
    monkeypatch.delenv("REPORTGEN_LANG")
    assert speaker("ar", "--lang", "fr", "check")[-1] == (
        "خطأ: قيمة غير صالحة لـ '--lang': 'fr' ليست إحدى القيمتين المقبولتين: 'ar', 'en'."
    )


def test_every_click_module_speaks_through_the_catalog(speaker):
    speaker("ar", "--version")
    for found in pkgutil.iter_modules(click.__path__, "click."):
        if found.name != "click._winconsole":
            module = importlib.import_module(found.name)
            assert getattr(module, "_", None) is not gettext.gettext, found.name
            assert getattr(module, "ngettext", None) is not gettext.ngettext, found.name
