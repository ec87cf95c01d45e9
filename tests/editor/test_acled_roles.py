"""Who attacked whom: a January 2022 export (made up, in both of ACLED's column sets) becomes
attack, raid and unconfirmed candidates, skips the government front with its reason, and does
not count ACLED's coding-convention fatalities; triage decisions stick; check's new rules."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reportgen import i18n
from reportgen.briefing.dataset import build_dataset
from reportgen.cli import main
from reportgen.editor.importers.acled import import_acled
from reportgen.errors import InputError
from reportgen.input.loader import load_project
from tests.acled_rows import CURRENT_COLUMNS, ISIS, OLD_COLUMNS, SDF, event, write_export

pytestmark = pytest.mark.inputs("valid")
COALITION = "Military Forces of the United States (2021-)"
GOVERNMENT = "Military Forces of Syria (2000-2024)"


def january_2022() -> list[dict[str, str]]:
    day = {"event_date": "2022-01-21"}
    return [
        event("SYR1", **day, notes="IS attacked al-Sina'a prison in Ghwayran.", fatalities="30"),
        event(
            "SYR2",
            **day,
            actor1=SDF,
            actor2=ISIS,
            assoc_actor_1=COALITION,
            notes="QSD forces backed by coalition detained 5 individuals in Thiban.",
            fatalities="0",
        ),
        event("SYR3", **day, actor1="Asayish: Kurdish Internal Security Forces", actor2=ISIS),
        event("SYR4", **day, actor1=ISIS, actor2=GOVERNMENT, admin1="Deir ez Zor"),
        event("SYR5", **day, actor1=GOVERNMENT, actor2=ISIS, admin1="Ar Raqqa"),
        event(
            "SYR6",
            **day,
            actor1="Unidentified Armed Group (Syria)",
            actor2=SDF,
            admin1="Al Hasakeh",
            location="Al Hol",
            notes="Gunmen clashed with QSD in al-Hol camp. Unknown fatalities coded to 10.",
            fatalities="10",
        ),
        event("SYR7", **day, actor1="Islamic State (International)", actor2="Civilians (Syria)"),
        event("SYR8", **day, actor1="ISIS: Islamic State of Iraq and Syria", actor2=""),
    ]


@pytest.mark.parametrize("columns", [OLD_COLUMNS, CURRENT_COLUMNS], ids=["older", "current"])
def test_roles_classes_skips_and_coded_fatalities(inputs, tmp_path, columns):
    i18n.use("ar")  # an Arabic desk: the review marks are written in Arabic
    export = write_export(tmp_path / "jan.csv", january_2022(), columns, bom=True, crlf=True)
    summary, _warnings = import_acled(inputs, export)
    assert summary.rows == 8
    assert summary.classes == {"attack": 3, "raid": 2, "unconfirmed": 1}
    assert summary.skipped == {"داعش والقوات الحكومية أو الموالية لها: خارج نطاق هذا التقرير": 2}
    month = load_project(inputs)[0].months["2022-01"]
    assert {a.id: a.confirmed for a in month.attacks} == {
        "acled-SYR1": True,
        "acled-SYR6": False,
        "acled-SYR7": True,
        "acled-SYR8": True,
    }
    raids = {r.id: r for r in month.raids}
    assert sorted(raids) == ["acled-SYR2", "acled-SYR3"]
    assert raids["acled-SYR2"].forces == ("قوات سوريا الديمقراطية", "التحالف الدولي")
    assert raids["acled-SYR2"].detained == 5
    assert "عدد المعتقلين (5) من ملاحظات ACLED: أكّده" in raids["acled-SYR2"].review
    assert raids["acled-SYR3"].forces == ("الأسايش",)
    assert all(a.description is None and a.description_en for a in month.attacks)
    assert all("يحتاج ترجمة" in a.review for a in month.attacks)

    coded = next(c for c in month.casualties if c.attack == "acled-SYR6")
    assert (coded.count, coded.confirmed) == (10, False)
    assert "رقم اصطلاحي في ACLED (Unknown fatalities coded to 10)" in coded.review
    dataset = build_dataset(load_project(inputs)[0])
    counted = dataset.casualties.set_index("attack")["counted_in"]
    assert counted["acled-SYR6"] == "none" and counted["acled-SYR1"] == "attack"


def test_the_rules_can_be_changed_in_inputs(inputs, tmp_path):
    (inputs / "acled.yaml").write_text(
        "roles:\n  - {actor1: isis, actor2: government, class: attack}\n", encoding="utf-8"
    )
    rows = [event("SYR4", actor2=GOVERNMENT), event("SYR1")]
    export = write_export(tmp_path / "a.csv", rows, CURRENT_COLUMNS, bom=False, crlf=False)
    summary, _ = import_acled(inputs, export)
    assert summary.classes == {"attack": 1}
    assert summary.skipped == {"no rule of the import rules for these actors": 1}
    (inputs / "acled.yaml").write_text("roles:\n  - {actor1: isis, klass: raid}\n")
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert "roles[0].klass: unknown key; did you mean 'class'?" in str(caught.value)


def test_triage_command_and_decisions_that_stick(inputs, tmp_path):
    i18n.use("ar")  # an Arabic desk: the review marks are written in Arabic
    export = write_export(
        tmp_path / "jan.csv", january_2022(), CURRENT_COLUMNS, bom=False, crlf=False
    )
    import_acled(inputs, export)
    runner = CliRunner()
    result = runner.invoke(main, ["triage", "2022-01", "acled-SYR7", "--as", "drop"])
    assert result.exit_code == 0, result.output
    assert "acled-SYR7: dropped from inputs/2022-01/attacks.yaml" in result.output
    result = runner.invoke(main, ["triage", "2022-01", "acled-SYR1", "--as", "raid"])
    assert "acled-SYR1: made a raid in inputs/2022-01/raids.yaml" in result.output
    assert "1 casualty record went with it" in result.output
    result = runner.invoke(main, ["triage", "2022-01", "acled-SYR2", "--as", "attack"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["triage", "2022-01", "nope", "--as", "attack"])
    assert result.exit_code == 2
    assert "no attack or raid with id 'nope' in inputs/2022-01" in result.output

    summary, _ = import_acled(inputs, export)
    assert summary.skipped["dropped by an editor (decisions.yaml)"] == 1
    month = load_project(inputs)[0].months["2022-01"]
    assert sorted(a.id for a in month.attacks) == ["acled-SYR2", "acled-SYR6", "acled-SYR8"]
    assert sorted(r.id for r in month.raids) == ["acled-SYR1", "acled-SYR3"]
    assert [c.raid for c in month.casualties if c.source_id == "acled:SYR1"] == ["acled-SYR1"]
    kept = next(a for a in month.attacks if a.id == "acled-SYR2")
    assert "تصنيف مقترح" not in kept.review and kept.confirmed

    report = inputs / "2022-01" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "status: published\n")
    result = runner.invoke(main, ["triage", "2022-01", "acled-SYR8", "--as", "drop"])
    assert result.exit_code == 2 and "2022-01 is published" in result.output


def _month(inputs, **files: str) -> None:
    for name, text in files.items():
        (inputs / "2023-11" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_check_refuses_one_event_twice_and_lists_untranslated_imports(inputs):
    _month(
        inputs,
        attacks=(
            "attacks:\n"
            "  - {id: a-1, date: 2023-11-05, governorate: Hasakah, type: ied, target: camp,"
            " source_id: 'acled:SYR1', description_en: An IED., sources: [https://e.org]}\n"
            "  - {id: a-2, date: 2023-11-05, governorate: SY08, type: ied, target: camp,"
            " source_id: 'acled:SYR1', description: عبوة., sources: [https://e.org]}\n"
        ),
    )
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert [str(p) for p in caught.value.problems] == [
        "inputs/2023-11/attacks.yaml:3:88: attacks[1].source_id: source_id 'acled:SYR1' is"
        " already the record at inputs/2023-11/attacks.yaml:2: one event, counted twice;"
        " delete one of them"
    ]
    text = (
        (inputs / "2023-11" / "attacks.yaml")
        .read_text()
        .replace("SYR1', description:", "SYR2', description:")
    )
    (inputs / "2023-11" / "attacks.yaml").write_text(text)
    project, warnings = load_project(inputs)
    assert [a.governorate for a in project.months["2023-11"].attacks] == ["hasakah", "hasakah"]
    assert any(
        str(w).endswith("attacks[0].description_en: not translated: add description (Arabic)"
                        " for the Arabic edition")
        for w in warnings
    )  # fmt: skip


def test_governorate_suggestion_for_a_short_name(inputs):
    with (inputs / "governorates.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - {key: aleppo, name_ar: حلب (منبج / كوباني), name_en: Aleppo (Manbij / Kobani),"
            " lat: 36.5, lon: 37.9}\n"
        )
    _month(
        inputs,
        raids="raids:\n  - {id: r-1, date: 2023-11-10, governorate: حلب}\n",
    )
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert "(did you mean 'حلب (منبج / كوباني)'?)" in str(caught.value)


def test_camp_parts_may_fall_short_of_the_total_within_the_tolerance(inputs):
    camp = (
        "camps:\n  - name: مخيم الهول\n    approximate: true\n"
        "    sources: [https://example.org/ocha]\n"
        "    population: {{total: {total}, iraqi: 30000, syrian: 20000, foreign: 15399}}\n"
    )
    _month(inputs, camps=camp.format(total=65406))
    [camp_record] = load_project(inputs)[0].months["2023-11"].camps
    assert camp_record.approximate and camp_record.sources == ("https://example.org/ocha",)
    _month(inputs, camps=camp.format(total=70000))
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert (
        "camps[0].population: iraqi + syrian + foreign = 65399, 4601 short of the total 70000:"
        " more than the 1% that may be unspecified (limits: camp_unspecified_percent)"
    ) in str(caught.value)
