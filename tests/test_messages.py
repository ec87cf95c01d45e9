"""The tool speaking to its editors in Arabic (by default) or English: the language chosen per run,
`check` in both languages, and catalogs that cover every message and are up to date."""

from __future__ import annotations

import ast
import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from reportgen import i18n
from reportgen.cli import main
from reportgen.errors import Problem
from reportgen.input.validation import is_review_mark, review_mark_problems
from reportgen.input.yamlsource import parse_yaml
from tests.conftest import FIXTURES, ROOT

LOCALE = ROOT / "reportgen" / "locale"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The broken fixture as ./inputs, with no language chosen by the environment."""
    shutil.copytree(FIXTURES / "broken", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_LANG")
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "inputs"


def check(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.output.splitlines()


def golden(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


# --- check in both languages ------------------------------------------------------------------


def test_check_speaks_arabic_by_default(broken: Path):
    status, lines = check()
    assert status == 2
    assert lines == [*golden("broken-problems.ar.txt"), "وُجدت 25 مشكلةً؛ لم يُكتب شيء."]
    assert (
        "inputs/2023-11/attacks.yaml:12:11: attacks[2].date: 2023-12-02 خارج الشهر 2023-11" in lines
    )
    assert (
        "inputs/2023-11/casualties.yaml:5:12: casualties[0].count: كان المتوقع عددًا صحيحًا"
        " لا يقل عن 1، لكن الموجود -2" in lines
    )
    assert (
        "inputs/2023-11/casualties.yaml:14:13: casualties[2].attack: لا هجوم بالمعرّف 'a-99'"
        " في inputs/2023-11/attacks.yaml" in lines
    )
    assert (
        "inputs/2023-11/attacks.yaml:4:5: attacks[0].governerate: مفتاح غير معروف؛"
        " هل تقصد 'governorate'؟" in lines
    )


def test_check_speaks_english_with_lang_en(broken: Path):
    status, lines = check("--lang", "en")
    assert status == 2
    assert lines == [*golden("broken-problems.txt"), "25 problems found; nothing was written."]


def test_lang_before_the_command_and_the_environment_choose_too(
    broken: Path, monkeypatch: pytest.MonkeyPatch
):
    result = CliRunner().invoke(main, ["--lang", "en", "check"])
    assert result.output.splitlines()[-1] == "25 problems found; nothing was written."
    monkeypatch.setenv("REPORTGEN_LANG", "en")
    assert check()[1][-1] == "25 problems found; nothing was written."
    assert check("--lang", "ar")[1][-1] == "وُجدت 25 مشكلةً؛ لم يُكتب شيء."


def test_locations_and_field_paths_are_the_same_in_both_languages(broken: Path):
    def located(lines: list[str]) -> list[str]:
        return [re.match(r"[^:]+:\d+:\d+: ", line).group() for line in lines[:-1]]

    assert located(check()[1]) == located(check("--lang", "en")[1])


def test_publication_language_en_makes_english_the_default(broken: Path):
    (broken / "publication.yaml").write_text("language: en\n", encoding="utf-8")
    assert check()[1][-1] == "25 problems found; nothing was written."


def test_warnings_and_the_ok_line_in_arabic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(FIXTURES / "valid", tmp_path / "inputs")
    attacks = tmp_path / "inputs" / "2023-11" / "attacks.yaml"
    attacks.write_text("attacks: []\n", encoding="utf-8")
    (attacks.parent / "casualties.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    status, lines = check("--lang", "ar", "2023-11")
    assert status == 0
    assert lines == [
        "inputs/2023-11/attacks.yaml:1:1: تحذير: attacks: لا هجمات مسجلة هذا الشهر",
        "تم التحقق من 2023-11: لا مشكلات، مع تحذير واحد",
    ]


def test_help_is_translated(broken: Path):
    result = CliRunner().invoke(main, ["check", "--help"])
    assert "تحقق من كل الأشهر، أو من الشهر MONTH وحده" in result.output
    assert "عامل التحذيرات معاملة المشكلات (رمز الخروج 2)." in result.output
    assert re.search(r"-h, --help +اعرض هذه المساعدة واخرج\.", result.output)
    result = CliRunner().invoke(main, ["--lang", "en", "check", "--help"])
    assert "Treat warnings as problems (exit status 2)." in result.output


# --- choosing the language --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "environ", "publication", "expected"),
    [
        ("en", {"REPORTGEN_LANG": "ar"}, "language: ar\n", "en"),
        (None, {"REPORTGEN_LANG": "en", "LANG": "ar_SY.UTF-8"}, "language: ar\n", "en"),
        (None, {"LANG": "en_GB.UTF-8"}, "language: ar\n", "ar"),
        (None, {"LANG": "en_GB.UTF-8"}, "digits: western\n", "en"),
        (None, {"LC_ALL": "ar_SY.UTF-8", "LANG": "en_GB.UTF-8"}, None, "ar"),
        (None, {"LANG": "C.UTF-8"}, None, "ar"),
        (None, {"LANG": "fr_FR.UTF-8"}, "language: en\n", "en"),
        (None, {}, "[broken\n", "ar"),
        ("fr", {"REPORTGEN_LANG": "en"}, "language: ar\n", "en"),
        (None, {"REPORTGEN_LANG": "fr"}, "language: en\n", "en"),
    ],
)
def test_language_is_flag_then_environment_then_publication_then_locale(
    tmp_path: Path, flag, environ, publication, expected
):
    if publication is not None:
        (tmp_path / "publication.yaml").write_text(publication, encoding="utf-8")
    assert i18n.choose(flag, environ, tmp_path) == expected


def test_arabic_counted_messages_take_all_six_plural_forms():
    i18n.use("ar")
    found = {
        n: i18n.ngettext(
            "{count} problem found; nothing was written.",
            "{count} problems found; nothing was written.",
            n,
        ).format(count=n)
        for n in (1, 2, 3, 11, 100)
    }
    assert found == {
        1: "وُجدت مشكلة واحدة؛ لم يُكتب شيء.",
        2: "وُجدت مشكلتان؛ لم يُكتب شيء.",
        3: "وُجدت 3 مشكلات؛ لم يُكتب شيء.",
        11: "وُجدت 11 مشكلةً؛ لم يُكتب شيء.",
        100: "وُجدت 100 مشكلة؛ لم يُكتب شيء.",
    }


def test_review_marks_are_recognised_in_arabic():
    i18n.use("ar")
    doc = parse_yaml(b"attacks:\n  - {id: a-1, review: true}\n", "attacks.yaml")
    [mark] = review_mark_problems(doc, "attacks")
    assert str(mark) == (
        "attacks.yaml:2:5: تحذير: attacks[0]: علامة مراجعة: راجِع هذا السجل"
        " (واحذف سطر review بعد مراجعته)"
    )
    assert is_review_mark(mark)
    assert not is_review_mark(Problem("attacks.yaml", 1, 1, "", "لا هجمات مسجلة هذا الشهر"))


# --- the catalogs -----------------------------------------------------------------------------


def source_messages() -> set[str]:
    """Every message marked in the source, found the way `make messages` finds them."""
    method_map, options_map = parse_mapping_cfg((ROOT / "babel.cfg").open(encoding="utf-8"))
    keywords = {"_": None, "ngettext": (1, 2), "N_": None}
    found = extract_from_dir(ROOT, method_map, options_map, keywords=keywords)
    return {message if isinstance(message, str) else message[0] for *_, message, _c, _x in found}


def catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "reportgen.po").open("rb") as file:
        return read_po(file, locale=language)


def msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def test_every_message_in_the_source_is_in_the_catalogs_and_no_stale_one():
    messages = source_messages()
    assert len(messages) > 100
    for language in i18n.LANGUAGES:
        listed = {msgid(m) for m in catalog(language) if m.id}
        assert sorted(messages - listed) == [], f"run `make messages` ({language})"
        assert sorted(listed - messages) == [], f"run `make messages` ({language})"


def test_every_message_has_an_arabic_translation_with_its_placeholders():
    untranslated, wrong = [], []
    for message in catalog("ar"):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if len(forms) != (6 if isinstance(message.id, tuple) else 1) or not all(forms):
            untranslated.append(msgid(message))
        allowed = set(re.findall(r"\{(\w+)\}", str(message.id)))
        if any(not set(re.findall(r"\{(\w+)\}", form)) <= allowed for form in forms):
            wrong.append(msgid(message))
    assert untranslated == []
    assert wrong == []


def _meaning(language: str, catalog_file) -> tuple[dict, str]:
    """What a catalog says: each message id (with its plural) → its translated forms, and the
    plural rule; not the bytes, which carry the compiling tool's name and version."""
    from babel.messages.mofile import read_mo

    read = read_mo(catalog_file) if catalog_file.name.endswith(".mo") else read_po(catalog_file)
    messages = {}
    for m in read:
        forms = (m.string,) if isinstance(m.string, str) else tuple(m.string)
        key = m.id if isinstance(m.id, str) else tuple(m.id)
        untranslated = not any(forms) or forms == ((key,) if isinstance(key, str) else key)
        if m.id and not m.fuzzy and not untranslated:
            messages[key] = forms
    return messages, read.plural_expr


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_shipped_mo_says_what_the_po_says(language: str):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "reportgen.po").open("rb") as po, (folder / "reportgen.mo").open("rb") as mo:
        written, compiled = _meaning(language, po), _meaning(language, mo)
    if language != "en":  # the source language's catalog has no translations
        assert len(written[0]) > 100
    assert compiled == written, "the .mo is older than the .po: run `make messages`"


def test_a_catalog_that_differs_in_one_translation_is_caught():
    folder = LOCALE / "ar" / "LC_MESSAGES"
    with (folder / "reportgen.po").open("rb") as po:
        changed = read_po(po, locale="ar")
    message = next(m for m in changed if m.id and isinstance(m.id, str) and m.string)
    message.string += "!"
    compiled = BytesIO()
    write_mo(compiled, changed)
    compiled.seek(0)
    compiled.name = "reportgen.mo"
    with (folder / "reportgen.po").open("rb") as po:
        assert _meaning("ar", compiled) != _meaning("ar", po)


MESSAGE_CALLS = frozenset(
    {"problem", "Problem", "single", "MailError", "NotRegularFile", "BadParameter", "UsageError"}
    | {"info", "debug", "warning", "error", "exception", "echo", "secho"}
)


def _unmarked_text(node: ast.AST) -> bool:
    """A sentence written in place: a literal with words, or an f-string with some."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip() and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_unmarked_text(part) for part in node.values)
    return False


def test_no_message_is_written_in_place_without_the_catalog():
    """A message given straight to a Problem, an error or a log line would stay English."""
    found = []
    for path in sorted((ROOT / "reportgen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            arguments = [*node.args, *(k.value for k in node.keywords)]
            if name in MESSAGE_CALLS and any(_unmarked_text(a) for a in arguments):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
