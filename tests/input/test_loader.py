import shutil
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest
from jsonschema import Draft202012Validator
from PIL import Image

from reportgen.errors import InputError
from reportgen.input.loader import full_months, load_project, month_folders
from reportgen.input.records import Population, Publication, Quote
from reportgen.input.schemacheck import SCHEMA_NAMES, schema
from tests.conftest import FIXTURES

ATTACKS = "inputs/2023-11/attacks.yaml"
RAIDS = "inputs/2023-11/raids.yaml"
CASUALTIES = "inputs/2023-11/casualties.yaml"
REPORT = "inputs/2023-11/report.yaml"


pytestmark = pytest.mark.inputs("valid")


def write(inputs: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")


def errors_after(inputs: Path, files: dict[str, str], **options) -> list[str]:
    write(inputs, files)
    with pytest.raises(InputError) as caught:
        load_project(inputs, **options)
    assert all(p.severity == "error" for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


def warnings_after(inputs: Path, files: dict[str, str]) -> list[str]:
    write(inputs, files)
    _, warnings = load_project(inputs)
    return [str(p) for p in warnings]


# --- valid data -------------------------------------------------------------------------------


def test_valid_fixture_loads_without_warnings(inputs: Path):
    project, warnings = load_project(inputs)
    assert warnings == []
    assert sorted(project.months) == ["2023-10", "2023-11"]
    assert project.inputs == inputs
    assert project.months["2023-11"].folder == inputs / "2023-11"


def test_governorate_arabic_name_resolves_to_its_key(inputs: Path):
    project, _ = load_project(inputs)
    attacks = project.months["2023-11"].attacks
    assert [a.governorate for a in attacks] == ["deir_ez_zor", "hasakah"]
    assert project.months["2023-11"].raids[0].governorate == "raqqa"
    assert project.governorates["deir_ez_zor"].name_ar == "دير الزور"


def test_records_get_dates_defaults_and_flags(inputs: Path):
    month = load_project(inputs)[0].months["2023-11"]
    first, second = month.attacks
    assert first.date == date(2023, 11, 5)
    assert (first.confirmed, first.claimed) == (True, False)
    assert (second.confirmed, second.claimed) == (False, True)
    assert second.location is None
    assert month.raids[0].notable[0].outcome == "detained"
    assert month.casualties[0].attack == "a-1"
    assert month.camps[0].population == Population(43000, 18000, 18000, 7000)


def test_a_force_written_twice_in_a_raid_is_one_force(inputs: Path):
    raids = inputs / "2023-11" / "raids.yaml"
    text = raids.read_text(encoding="utf-8")
    raids.write_text(
        text.replace(
            "[قوى الأمن الداخلي]", "[قوى الأمن الداخلي, التحالف الدولي, ' قوى الأمن الداخلي']"
        ),
        encoding="utf-8",
    )
    raid = load_project(inputs)[0].months["2023-11"].raids[0]
    assert raid.forces == ("قوى الأمن الداخلي", "التحالف الدولي")


def test_quotes_are_normalised(inputs: Path):
    month = load_project(inputs)[0].months["2023-11"]
    assert month.sanctions[0].quote == Quote("تموّل الشركة خلايا التنظيم.")
    section = month.report.sections[0]
    assert section.quotes == (
        Quote("نحتاج إلى دعم دولي."),
        Quote("الوضع مستقر.", by="مسؤول في المخيم"),
    )
    assert section.body == "تستمر **عمليات الإعادة** من المخيم."
    assert section.after == "camps"


def test_section_after_defaults_to_camps(inputs: Path):
    write(
        inputs, {"2023-11/report.yaml": "month: 2023-11\ntitle: t\nsections: [{id: a, title: b}]\n"}
    )
    section = load_project(inputs)[0].months["2023-11"].report.sections[0]
    assert (section.body, section.quotes, section.after) == ("", (), "camps")


def test_summary_month_carries_totals(inputs: Path):
    project, _ = load_project(inputs)
    summary = project.months["2023-10"]
    assert summary.is_summary
    assert summary.report.totals.attacks == 12
    assert summary.attacks == ()
    assert full_months(project) == ["2023-11"]


def test_publication_settings_and_defaults(inputs: Path):
    publication = load_project(inputs)[0].publication
    assert publication.digits == "arabic_indic"
    assert publication.colors == {"primary": "#123456"}
    assert publication.publisher == Publication().publisher
    (inputs / "publication.yaml").unlink()
    assert load_project(inputs)[0].publication == Publication()


def tiny_image(path: Path, image_format: str = "PNG") -> None:
    Image.new("RGB", (2, 1)).save(path, image_format)


def test_logo_stays_relative_to_inputs(inputs: Path):
    tiny_image(inputs / "logo.png")
    write(inputs, {"publication.yaml": "logo: logo.png\n"})
    assert load_project(inputs)[0].publication.logo == Path("logo.png")


def test_cover_inside_the_month_folder_loads(inputs: Path):
    (inputs / "2023-11" / "img").mkdir()
    tiny_image(inputs / "2023-11" / "img" / "cover.jpg", "JPEG")
    write(
        inputs, {"2023-11/report.yaml": "month: 2023-11\ntitle: t\ncover: {image: img/cover.jpg}\n"}
    )
    cover = load_project(inputs)[0].months["2023-11"].report.cover
    assert (cover.image, cover.caption) == (Path("img/cover.jpg"), None)


def test_empty_and_absent_event_files_are_legal(inputs: Path):
    for name in ("raids", "casualties", "sanctions"):
        (inputs / "2023-11" / f"{name}.yaml").unlink()
    write(inputs, {"2023-11/camps.yaml": "camps: []\n"})
    month = load_project(inputs)[0].months["2023-11"]
    assert (month.raids, month.casualties, month.sanctions, month.camps) == ((), (), (), ())


def test_month_folders_are_sorted_and_skip_other_folders(inputs: Path):
    (inputs / "2023-09").mkdir()
    (inputs / ".git").mkdir()
    assert month_folders(inputs) == ["2023-09", "2023-10", "2023-11"]
    assert month_folders(inputs / "missing") == []


# --- one problem per case -----------------------------------------------------------------------

CASES = {
    "unknown key": (
        {
            "2023-11/attacks.yaml": """\
                attacks:
                  - id: a-1
                    date: 2023-11-05
                    governerate: hasakah
                    type: ied
                    target: military
                    sources: [https://example.org]
                """
        },
        [
            f"{ATTACKS}:2:5: attacks[0]: missing required field 'governorate'",
            f"{ATTACKS}:4:5: attacks[0].governerate: unknown key; did you mean 'governorate'?",
        ],
    ),
    "unknown key without a close match": (
        {"2023-11/report.yaml": "month: 2023-11\ntitle: t\nzzz: 1\n"},
        [
            f"{REPORT}:3:1: zzz: unknown key; expected one of: month, title, title_en, status,"
            " cover, highlights, highlights_en, sections, notes, notes_en, totals"
        ],
    ),
    "missing required field": (
        {
            "2023-11/attacks.yaml": """\
                attacks:
                  - {id: a-1, date: 2023-11-05, governorate: hasakah, type: ied, target: camp}
                  - {id: a-2, date: 2023-11-05, governorate: hasakah, type: ied, target: camp}
                  - id: a-3
                    governorate: hasakah
                    type: ied
                    target: camp
                """
        },
        [f"{ATTACKS}:4:5: attacks[2]: missing required field 'date'"],
    ),
    "wrong type": (
        {"2023-11/raids.yaml": "raids:\n  - id: r-1\n    date: 2023-11-10\n    detained: خمسة\n"},
        [
            f"{RAIDS}:2:5: raids[0]: missing required field 'governorate'",
            f"{RAIDS}:4:15: raids[0].detained: expected an integer, found 'خمسة'",
        ],
    ),
    "number where text is expected": (
        {"2023-11/raids.yaml": "raids:\n  - {id: r-1, date: 2023-11-10, location: 4}\n"},
        [
            f"{RAIDS}:2:5: raids[0]: missing required field 'governorate'",
            f"{RAIDS}:2:43: raids[0].location: expected text, found 4 (put it in quotes: '4')",
        ],
    ),
    "yes is not a boolean": (
        {
            "2023-11/attacks.yaml": """\
                attacks:
                  - id: a-1
                    date: 2023-11-05
                    governorate: hasakah
                    type: ied
                    target: camp
                    confirmed: yes
                """
        },
        [f"{ATTACKS}:7:16: attacks[0].confirmed: expected true or false, found 'yes'"],
    ),
    "negative and fractional counts": (
        {
            "2023-11/casualties.yaml": """\
                casualties:
                  - {date: 2023-11-05, category: civilian, status: killed, count: 1, attack: a-1}
                  - date: 2023-11-05
                    category: civilian
                    status: killed
                    count: -2
                    attack: a-1
                  - {date: 2023-11-05, category: civilian, status: killed, count: 2.5, raid: r-1}
                """
        },
        [
            f"{CASUALTIES}:6:12: casualties[1].count: expected an integer of at least 1, found -2",
            f"{CASUALTIES}:8:67: casualties[2].count: expected an integer of at least 1, found 2.5",
        ],
    ),
    "unknown enum value": (
        {
            "2023-11/attacks.yaml": """\
                attacks:
                  - id: a-1
                    date: 2023-11-05
                    governorate: hasakah
                    type: bombing
                    target: civilians
                """
        },
        [
            f"{ATTACKS}:5:11: attacks[0].type: expected one of: armed_attack, assassination, ied,"
            " arson, grenade, suicide, other; found 'bombing'",
            f"{ATTACKS}:6:13: attacks[0].target: expected one of: military, civilian,"
            " infrastructure, camp; found 'civilians' (did you mean 'civilian'?)",
        ],
    ),
    "dates outside the month, malformed or unreal": (
        {
            "2023-11/casualties.yaml": """\
                casualties:
                  - {date: 2023-12-02, category: isis, status: killed, count: 1, raid: r-1}
                  - {date: 5/11/2023, category: isis, status: killed, count: 1, raid: r-1}
                  - {date: 2023-11-31, category: isis, status: killed, count: 1, raid: r-1}
                """
        },
        [
            f"{CASUALTIES}:2:12: casualties[0].date: 2023-12-02 is outside 2023-11",
            f"{CASUALTIES}:3:12: casualties[1].date: expected a date YYYY-MM-DD, found '5/11/2023'",
            f"{CASUALTIES}:4:12: casualties[2].date: 2023-11-31 is not a real date",
        ],
    ),
    "duplicate ids": (
        {
            "2023-11/raids.yaml": """\
                raids:
                  - id: r-1
                    date: 2023-11-10
                    governorate: raqqa
                  - id: r-1
                    date: 2023-11-11
                    governorate: raqqa
                """
        },
        [f"{RAIDS}:5:9: raids[1].id: duplicate id 'r-1' (first at line 2)"],
    ),
    "dangling references": (
        {
            "2023-11/casualties.yaml": """\
                casualties:
                  - {date: 2023-11-05, category: isis, status: killed, count: 1, attack: a-99}
                  - {date: 2023-11-05, category: isis, status: killed, count: 1, raid: r-9}
                """
        },
        [
            f"{CASUALTIES}:2:74: casualties[0].attack: no attack with id 'a-99' in {ATTACKS}",
            f"{CASUALTIES}:3:72: casualties[1].raid: no raid with id 'r-9' in {RAIDS}",
        ],
    ),
    "population groups not adding up": (
        {
            "2023-11/camps.yaml": """\
                camps:
                  - name: مخيم روج
                    population:
                      total: 2600
                      iraqi: 100
                      syrian: 500
                      foreign: 2100
                """
        },
        [
            "inputs/2023-11/camps.yaml:4:7: camps[0].population: iraqi + syrian + foreign = 2700,"
            " but total is 2600"
        ],
    ),
    "unknown governorate": (
        {
            "2023-11/raids.yaml": """\
                raids:
                  - id: r-1
                    date: 2023-11-10
                    governorate: حلب
                """
        },
        [
            f"{RAIDS}:4:18: raids[0].governorate: unknown governorate 'حلب'; known:"
            " الحسكة (hasakah), الرقة (raqqa), دير الزور (deir_ez_zor)"
        ],
    ),
    "month not matching its folder": (
        {"2023-11/report.yaml": "month: 2023-12\ntitle: t\n"},
        [f"{REPORT}:1:8: month: 2023-12 does not match the folder name 2023-11"],
    ),
    "malformed month": (
        {"2023-11/report.yaml": "month: 2023-13\ntitle: t\n"},
        [f"{REPORT}:1:8: month: expected a month YYYY-MM, found '2023-13'"],
    ),
    "missing month and empty title": (
        {"2023-11/report.yaml": "# only a title\ntitle: ''\n"},
        [
            f"{REPORT}:2:1: missing required field 'month'",
            f"{REPORT}:2:8: title: must not be empty",
        ],
    ),
    "duplicate mapping key": (
        {"2023-11/report.yaml": "month: 2023-11\ntitle: a\ntitle: b\n"},
        [f"{REPORT}:3:1: title: duplicate key 'title' (first at line 2)"],
    ),
    "yaml syntax error": (
        {"2023-11/report.yaml": "month: 2023-11\ntitle: الهجمات: تصاعد\n"},
        [
            f"{REPORT}:2:15: invalid YAML: mapping values are not allowed here;"
            " put text that contains ': ' in quotes"
        ],
    ),
    "file that is not a mapping": (
        {"2023-11/sanctions.yaml": "- date: 2023-11-01\n"},
        [
            "inputs/2023-11/sanctions.yaml:1:1: expected a mapping at the top of the file"
            " (keys: sanctions), found a list"
        ],
    ),
    "bad source url": (
        {
            "2023-11/sanctions.yaml": """\
                sanctions:
                  - date: 2023-11-20
                    authority: OFAC
                    target: x
                    target_type: person
                    sources: [www.example.org]
                """
        },
        [
            "inputs/2023-11/sanctions.yaml:6:15: sanctions[0].sources[0]: expected a web address"
            " starting with http:// or https://, found 'www.example.org'"
        ],
    ),
    "quote mapping without text": (
        {
            "2023-11/sanctions.yaml": """\
                sanctions:
                  - date: 2023-11-20
                    authority: OFAC
                    target: x
                    target_type: person
                    quote: {by: someone}
                """
        },
        ["inputs/2023-11/sanctions.yaml:6:12: sanctions[0].quote: missing required field 'text'"],
    ),
    "duplicate section ids": (
        {
            "2023-11/report.yaml": """\
                month: 2023-11
                title: t
                sections:
                  - {id: hol, title: a}
                  - {id: hol, title: b}
                """
        },
        [f"{REPORT}:5:10: sections[1].id: duplicate section id 'hol' (first at line 4)"],
    ),
    "event file beside totals": (
        {"2023-10/raids.yaml": "raids: []\n"},
        [
            "inputs/2023-10/raids.yaml:1:1: a summary month (report.yaml has totals) cannot have"
            " event files; remove this file or the totals"
        ],
    ),
    "negative total": (
        {"2023-10/report.yaml": "month: 2023-10\ntitle: t\ntotals: {raids: -1}\n"},
        [
            "inputs/2023-10/report.yaml:3:17: totals.raids: expected an integer of at least 0,"
            " found -1"
        ],
    ),
    "folder that is not a month": (
        {"drafts/notes.txt": "x\n", ".cache/x.yaml": "x: [\n"},
        ["inputs/drafts:1:1: not a month folder: month folders are named YYYY-MM, e.g. 2023-11"],
    ),
    "month folder without report.yaml": (
        {"2023-12/attacks.yaml": "attacks: []\n"},
        [
            "inputs/2023-12/report.yaml:1:1: missing file: every month folder needs a report.yaml"
            " with month and title"
        ],
    ),
    "misnamed files": (
        {"2023-11/attack.yaml": "attacks: []\n", "governorate.yml": "x: 1\n"},
        [
            "inputs/2023-11/attack.yaml:1:1: unknown file; did you mean 'attacks.yaml'?",
            "inputs/governorate.yml:1:1: unknown file; did you mean 'governorates.yaml'?",
        ],
    ),
    "gazetteer duplicates and bad values": (
        {
            "governorates.yaml": """\
                governorates:
                  - {key: raqqa, name_ar: الرقة, name_en: Raqqa, lat: 35.9, lon: 39.0}
                  - {key: raqqa, name_ar: الرقة, name_en: Raqqa, lat: 35.9, lon: 39.0}
                  - {key: Hasakah, name_ar: الحسكة, name_en: Hasakah, lat: 95, lon: 40.7}
                """
        },
        [
            "inputs/governorates.yaml:3:11: governorates[1].key: duplicate governorate key 'raqqa'"
            " (first at line 2)",
            "inputs/governorates.yaml:3:27: governorates[1].name_ar: duplicate Arabic name 'الرقة'"
            " (first at line 2)",
            "inputs/governorates.yaml:4:11: governorates[2].key: expected a snake_case key (a-z,"
            " 0-9 and _, starting with a letter), found 'Hasakah'",
            "inputs/governorates.yaml:4:60: governorates[2].lat: expected a number from -90 to 90,"
            " found 95",
        ],
    ),
    "publication settings": (
        {
            "publication.yaml": """\
                digits: arabic
                colors: {primary: red, accent: "#ffffff"}
                logo: ../logo.png
                """
        },
        [
            "inputs/publication.yaml:1:9: digits: expected one of: western, arabic_indic;"
            " found 'arabic' (did you mean 'arabic_indic'?)",
            "inputs/publication.yaml:2:19: colors.primary: expected a colour #rrggbb, found 'red'",
            "inputs/publication.yaml:2:24: colors.accent: unknown key; expected one of: primary,"
            " secondary, muted, text, grid",
            "inputs/publication.yaml:3:7: logo: '../logo.png' points outside the folder inputs",
        ],
    ),
}


@pytest.mark.parametrize(("files", "expected"), CASES.values(), ids=CASES.keys())
def test_each_bad_input_gives_its_exact_problem(inputs: Path, files, expected):
    assert errors_after(inputs, files) == expected


def test_non_utf8_file(inputs: Path):
    (inputs / "2023-11" / "report.yaml").write_bytes(
        "month: 2023-11\ntitle: caf\xe9\n".encode("latin-1")
    )
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert [str(p) for p in caught.value.problems] == [
        f"{REPORT}:2:11: not valid UTF-8: byte 0xe9 at offset 25; save the file with UTF-8 encoding"
    ]


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (
            "/etc/hosts",
            "'/etc/hosts' is an absolute path; give a path inside the folder inputs/2023-11",
        ),
        ("../../secret.jpg", "'../../secret.jpg' points outside the folder inputs/2023-11"),
        ("link.jpg", "'link.jpg' is a link to a file outside the folder inputs/2023-11"),
        ("missing.jpg", "no file 'missing.jpg' in inputs/2023-11"),
    ],
)
def test_cover_image_must_stay_inside_the_month_folder(inputs: Path, image, expected):
    outside = inputs.parent / "outside.jpg"
    outside.write_bytes(b"jpg")
    (inputs / "2023-11" / "link.jpg").symlink_to(outside)
    files = {"2023-11/report.yaml": f"month: 2023-11\ntitle: t\ncover:\n  image: {image}\n"}
    assert errors_after(inputs, files) == [f"{REPORT}:4:10: cover.image: {expected}"]


def test_missing_gazetteer(inputs: Path):
    (inputs / "governorates.yaml").unlink()
    assert errors_after(inputs, {}) == [
        "inputs/governorates.yaml:1:1: missing file: it lists the governorates that attacks and"
        " raids refer to"
    ]


def test_missing_inputs_folder(inputs: Path):
    with pytest.raises(InputError) as caught:
        load_project(inputs.parent / "nowhere")
    assert str(caught.value) == "nowhere:1:1: no such inputs folder"


def test_paths_outside_the_current_directory_are_absolute(inputs: Path, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    problems = errors_after(inputs, {"2023-11/report.yaml": "month: 2023-12\ntitle: t\n"})
    assert problems == [
        f"{inputs}/2023-11/report.yaml:1:8: month: 2023-12 does not match the folder name 2023-11"
    ]


# --- every problem of a run ---------------------------------------------------------------------


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "broken", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "inputs"


def test_one_run_reports_every_problem_of_every_month(broken: Path):
    with pytest.raises(InputError) as caught:
        load_project(broken)
    expected = (FIXTURES / "broken-problems.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in caught.value.problems] == expected


def test_months_limits_reporting_but_not_shared_problems(broken: Path):
    write(broken, {"governorates.yaml": "governorates: 5\n"})
    with pytest.raises(InputError) as caught:
        load_project(broken, months=["2024-01", "2025-01"])
    assert [str(p) for p in caught.value.problems] == [
        "inputs/2024-01/report.yaml:2:8: not valid UTF-8: byte 0xe9 at offset 22; save the file"
        " with UTF-8 encoding",
        "inputs/2025-01:1:1: no such month folder (months: 2023-10, 2023-11, 2023-12, 2024-01)",
        "inputs/drafts:1:1: not a month folder: month folders are named YYYY-MM, e.g. 2023-11",
        "inputs/governorates.yaml:1:15: governorates: expected a list, found 5",
    ]


def test_a_valid_month_loads_beside_a_broken_one_when_selected(inputs: Path):
    write(inputs, {"2023-12/report.yaml": "month: 2023-11\ntitle: t\n"})
    project, _ = load_project(inputs, months=["2023-11"])
    assert sorted(project.months) == ["2023-10", "2023-11"]


# --- warnings -----------------------------------------------------------------------------------


def test_warnings_do_not_raise(inputs: Path):
    files = {
        "2023-11/attacks.yaml": """\
            attacks:
              - id: a-1
                date: 2023-11-05
                governorate: hasakah
                type: ied
                target: camp
            """,
        "2023-11/casualties.yaml": """\
            casualties:
              - {date: 2023-11-05, category: isis, status: killed, count: 3}
            """,
    }
    assert warnings_after(inputs, files) == [
        f"{ATTACKS}:2:5: warning: attacks[0]: attack 'a-1' has no sources",
        f"{CASUALTIES}:2:5: warning: casualties[0]: not linked to an attack or a raid"
        " (add attack: or raid: with its id)",
    ]


def test_full_month_with_no_attacks_warns(inputs: Path):
    files = {
        "2023-11/attacks.yaml": "# none this month\nattacks: []\n",
        "2023-11/casualties.yaml": "casualties: []\n",
    }
    assert warnings_after(inputs, files) == [
        f"{ATTACKS}:2:1: warning: attacks: no attacks recorded this month"
    ]


def test_full_month_without_attacks_file_warns_at_report(inputs: Path):
    (inputs / "2023-11" / "attacks.yaml").unlink()
    write(inputs, {"2023-11/casualties.yaml": "casualties: []\n"})
    assert warnings_after(inputs, {}) == [
        f"{REPORT}:1:1: warning: no attacks.yaml in this month folder: the report will show no"
        " attacks"
    ]


def test_warnings_are_filtered_by_months_too(inputs: Path):
    write(
        inputs,
        {"2023-11/attacks.yaml": "attacks: []\n", "2023-11/casualties.yaml": "casualties: []\n"},
    )
    assert load_project(inputs, months=["2023-10"])[1] == []


# --- schemas ------------------------------------------------------------------------------------


def object_schemas(node):
    if isinstance(node, dict):
        if node.get("type") == "object" or "object" in node.get("type", []):
            yield node
        for value in node.values():
            yield from object_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from object_schemas(value)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schemas_are_valid_and_closed(name: str):
    Draft202012Validator.check_schema(schema(name))
    objects = list(object_schemas(schema(name)))
    assert objects
    assert all(node.get("additionalProperties") is False for node in objects)


# --- cross-checks between files -----------------------------------------------------------------

TWO_INCIDENTS = {
    "2023-11/attacks.yaml": """\
        attacks:
          - {id: a-1, date: 2023-11-05, governorate: hasakah, type: ied, target: camp, sources: [https://e.org]}
        """,
    "2023-11/raids.yaml": """\
        raids:
          - {id: r-1, date: 2023-11-10, governorate: raqqa, detained: 1}
        """,
}


def test_a_casualty_before_its_attack_or_raid_is_an_error(inputs: Path):
    files = {
        **TWO_INCIDENTS,
        "2023-11/casualties.yaml": """\
            casualties:
              - {date: 2023-11-04, category: military, status: killed, count: 1, attack: a-1}
              - {date: 2023-11-09, category: isis, status: killed, count: 1, raid: r-1}
            """,
    }
    assert errors_after(inputs, files) == [
        f"{CASUALTIES}:2:12: casualties[0].date: 2023-11-04 is before the date of attack 'a-1'"
        " (2023-11-05)",
        f"{CASUALTIES}:3:12: casualties[1].date: 2023-11-09 is before the date of raid 'r-1'"
        " (2023-11-10)",
    ]


def test_a_casualty_on_another_day_than_its_attack_is_a_warning(inputs: Path):
    files = {
        **TWO_INCIDENTS,
        "2023-11/casualties.yaml": """\
            casualties:
              - {date: 2023-11-07, category: military, status: killed, count: 1, attack: a-1}
              - {date: 2023-11-12, category: isis, status: killed, count: 1, raid: r-1}
              - {date: 2023-11-05, category: civilian, status: wounded, count: 1, attack: a-1}
            """,
    }
    assert warnings_after(inputs, files) == [
        f"{CASUALTIES}:2:12: warning: casualties[0].date: 2023-11-07 is not the date of attack"
        " 'a-1' (2023-11-05); is the id right?"
    ]


def test_a_casualty_linked_to_an_attack_and_a_raid_is_an_error(inputs: Path):
    files = {
        **TWO_INCIDENTS,
        "2023-11/casualties.yaml": """\
            casualties:
              - date: 2023-11-10
                category: military
                status: killed
                count: 1
                attack: a-1
                raid: r-1
            """,
    }
    assert errors_after(inputs, files) == [
        f"{CASUALTIES}:2:5: casualties[0]: linked to both attack 'a-1' and raid 'r-1':"
        " a casualty belongs to one incident; keep one of them"
    ]


def test_more_detained_notables_than_the_detained_count_is_an_error(inputs: Path):
    files = {
        "2023-11/casualties.yaml": """\
            casualties:
              - {date: 2023-11-10, category: isis, status: killed, count: 1, raid: r-1}
            """,
        "2023-11/raids.yaml": """\
            raids:
              - id: r-1
                date: 2023-11-10
                governorate: raqqa
                detained: 1
                notable:
                  - {name: أبو علي, outcome: detained}
                  - {name: أبو عمر, outcome: killed}
              - id: r-2
                date: 2023-11-11
                governorate: raqqa
                notable:
                  - {name: أبو بكر, outcome: detained}
                  - {name: أبو خالد, outcome: detained}
            """,
    }
    assert errors_after(inputs, files) == [
        f"{RAIDS}:13:7: raids[1].notable: 2 named notables detained, but the raid's"
        " detained count is 0; raise detained or correct the outcomes"
    ]


def test_more_killed_notables_than_isis_killed_in_the_raid_is_an_error(inputs: Path):
    files = {
        "2023-11/casualties.yaml": """\
            casualties:
              - {date: 2023-11-10, category: isis, status: killed, count: 1, raid: r-1}
              - {date: 2023-11-10, category: isis, status: wounded, count: 3, raid: r-2}
            """,
        "2023-11/raids.yaml": """\
            raids:
              - id: r-1
                date: 2023-11-10
                governorate: raqqa
                notable:
                  - {name: أبو علي, outcome: killed}
              - id: r-2
                date: 2023-11-10
                governorate: raqqa
                notable:
                  - {name: أبو عمر, outcome: killed}
            """,
    }
    assert errors_after(inputs, files) == [
        f"{RAIDS}:11:7: raids[1].notable: 1 named notable killed, but {CASUALTIES} records 0"
        " ISIS member(s) killed in raid 'r-2'; add the casualty or correct the outcomes"
    ]


# --- review marks -------------------------------------------------------------------------------


def test_every_review_mark_is_a_warning_at_its_record(inputs: Path):
    files = {
        "2023-11/camps.yaml": """\
            camps:
              - name: مخيم الهول
                review: figures carried forward from 2023-10
                population: {total: 100}
              - name: مخيم روج
                review: false
            """,
        "2023-11/sanctions.yaml": """\
            sanctions:
              - date: 2023-11-20
                authority: وزارة الخزانة الأمريكية
                target: شركة
                target_type: company
                review: true
            """,
    }
    assert warnings_after(inputs, files) == [
        "inputs/2023-11/camps.yaml:2:5: warning: camps[0]: review mark:"
        " figures carried forward from 2023-10",
        "inputs/2023-11/sanctions.yaml:2:5: warning: sanctions[0]: review mark:"
        " check this record (delete the review line once checked)",
    ]


# --- actors.yaml: the editors' gender lexicon -------------------------------------------------


def test_actors_yaml_extends_the_gender_lexicon(inputs: Path):
    write(
        inputs,
        {
            "actors.yaml": """\
                actors:
                  - name: " حرس   الحدود "
                    gender: feminine
                  - name: الأسايش
                    gender: masculine
                """
        },
    )
    project, warnings = load_project(inputs)
    assert warnings == []
    assert project.genders == {"حرس الحدود": "f", "الأسايش": "m"}


def test_without_actors_yaml_the_lexicon_is_empty(inputs: Path):
    project, _ = load_project(inputs)
    assert project.genders == {}


def test_actors_yaml_problems_are_located(inputs: Path):
    problems = errors_after(
        inputs,
        {"actors.yaml": "actors:\n  - name: قسد\n    gender: female\n  - gender: feminine\n"},
    )
    assert problems == [
        "inputs/actors.yaml:3:13: actors[0].gender: expected one of: feminine, masculine;"
        " found 'female'",
        "inputs/actors.yaml:4:5: actors[1]: missing required field 'name'",
    ]
