from pathlib import Path
from textwrap import dedent

import pytest

from reportgen.errors import InputError
from reportgen.input.gazetteer import (
    GEO_DIR,
    Places,
    lookup,
    normalise,
    places,
    shipped_places,
)
from reportgen.input.loader import load_project
from reportgen.input.placesfile import read_places
from reportgen.input.records import Place
from reportgen.publish.fingerprint import month_fingerprint

PLACES_HEADER = "name_en,name_ar,lat,lon,governorate_key,kind,source\n"


pytestmark = pytest.mark.inputs("valid")


def write(inputs: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (inputs / name).write_text(dedent(text), encoding="utf-8")


def attack_at(location: str, governorate: str = "دير الزور") -> str:
    return f"""\
        attacks:
          - id: a-1
            date: 2023-11-05
            governorate: {governorate}
            location: {location}
            type: armed_attack
            target: military
            sources: [https://example.org/a-1]
        """


# --- names ------------------------------------------------------------------------------------


def test_normalise_folds_hamza_alef_ta_marbuta_and_the_article():
    assert normalise("الحسكة") == normalise("الحسكه") == normalise("حسكة") == "حسكه"
    assert normalise("أبو حمّام") == normalise("ابو حمام") == "ابو حمام"
    assert normalise("إدلب") == normalise("ادلب")
    assert normalise("al-Shuhayl") == normalise("Al Shuhayl") == normalise("Shuhayl") == "shuhayl"
    assert normalise("Deir ez-Zor") == "deir zor"
    assert normalise("Tal Tamr") == normalise("Tall Tamr")


@pytest.mark.parametrize(
    ("name", "governorate", "english"),
    [
        ("الشحيل", "deir_ez_zor", "al-Shuhayl"),
        ("شحيل", "deir_ez_zor", "al-Shuhayl"),
        ("Al-Shuhayl", "deir_ez_zor", "al-Shuhayl"),
        ("البصيره", "deir_ez_zor", "al-Busayrah"),
        ("ابو حمام", "deir_ez_zor", "Abu Hamam"),
        ("مخيم الهول", "hasakah", "al-Hol camp"),
        ("Al Hol camp", "hasakah", "al-Hol camp"),
        ("بلدة ذيبان", "deir_ez_zor", "Dhiban"),
        ("حي غويران، الحسكة", "hasakah", "al-Hasakah"),
        ("منبج", "aleppo", "Manbij"),
    ],
)
def test_lookup_finds_spelling_variants(name: str, governorate: str, english: str):
    found = lookup(name, governorate)
    assert found is not None and found.name_en == english


def test_lookup_is_restricted_to_the_governorate():
    assert lookup("ذيبان", "deir_ez_zor").name_ar == "ذيبان"
    assert lookup("ذيبان", "hasakah") is None
    assert lookup("الشدادي", "raqqa") is None


def test_the_shipped_list_passes_the_checks_an_editors_file_gets():
    added, problems = read_places(GEO_DIR / "places-added.csv", "places-added.csv")
    assert problems == [] and all(place.source for place in added)
    checked, problems = read_places(GEO_DIR / "places-ne-syria.csv", "places-ne-syria.csv")
    assert problems == [] and added + checked == shipped_places() and len(checked) == 3158


@pytest.mark.parametrize(
    ("name", "governorate", "english"),
    [
        ("غويران", "hasakah", "Ghwayran"),
        ("حي غويران", "hasakah", "Ghwayran"),
        ("Ghuwayran", "hasakah", "Ghuwayran"),
        ("الكسرة", "deir_ez_zor", "al-Kasra"),
        ("الصور", "deir_ez_zor", "al-Sour"),
        ("معدان", "raqqa", "Maadan"),
        ("الشيوخ", "aleppo", "al-Shuyukh"),
        ("صرين", "aleppo", "Sarrin"),
    ],
)
def test_the_places_of_the_ghwayran_month_are_known(name, governorate, english):
    assert lookup(name, governorate).name_en == english


def test_an_empty_part_finds_nothing():
    assert lookup("،", "hasakah") is None and lookup("", "hasakah") is None


def test_curated_places_win_over_geonames_duplicates():
    hasakah = lookup("الحسكة", "hasakah")
    assert (hasakah.lat, hasakah.lon, hasakah.kind) == (36.50237, 40.74772, "city")


def test_suggestions_are_the_nearest_spellings_in_the_governorate():
    known = places()
    assert known.suggestions("الشحييل", "deir_ez_zor")[0] == "الشحيل"
    assert known.suggestions("Shuhail", "deir_ez_zor")[0] == "al-Shuhayl"


def test_user_places_override_and_extend_the_shipped_ones():
    own = (
        Place("Hajin", "هجين", 34.7, 40.9, "deir_ez_zor", "town", "editor"),
        Place("Tall Jadid", "تل جديد", 36.1, 40.2, "hasakah"),
    )
    known = Places(shipped_places(), own)
    assert (known.lookup("هجين", "deir_ez_zor").lat, known.lookup("Hajin", "deir_ez_zor").lon) == (
        34.7,
        40.9,
    )
    assert known.lookup("تل جديد", "hasakah").name_en == "Tall Jadid"
    assert lookup("تل جديد", "hasakah", own).lat == 36.1
    assert lookup("تل جديد", "hasakah") is None


# --- check warnings and inputs/places.csv ------------------------------------------------------


def test_unknown_location_is_a_warning_with_the_nearest_spellings(inputs: Path):
    write(inputs, {"2023-11/attacks.yaml": attack_at("الشحييل")})
    project, warnings = load_project(inputs)
    assert [str(w) for w in warnings] == [
        "inputs/2023-11/attacks.yaml:5:15: warning: attacks[0].location: 'الشحييل' is not in the"
        " place gazetteer for دير الزور (deir_ez_zor): the map puts it at the governorate's"
        " centre, drawn as approximate; nearest spellings: 'الشحيل', 'شهيل', 'محجيل'; give lat"
        " and lon, or add the place to inputs/places.csv"
    ]
    assert project.months["2023-11"].attacks[0].location == "الشحييل"


def test_a_place_in_another_governorate_is_named(inputs: Path):
    write(inputs, {"2023-11/attacks.yaml": attack_at("الشدادي")})
    _, warnings = load_project(inputs)
    assert len(warnings) == 1
    assert "a place of that name is in: hasakah;" in warnings[0].message


def test_coordinates_need_no_gazetteer(inputs: Path):
    text = dedent(attack_at("قرية لا يعرفها المعجم")) + "    lat: 35.1\n    lon: 40.4\n"
    write(inputs, {"2023-11/attacks.yaml": text})
    _, warnings = load_project(inputs)
    assert warnings == []


def test_inputs_places_csv_adds_villages(inputs: Path):
    write(
        inputs,
        {
            "2023-11/attacks.yaml": attack_at("الزر"),
            "places.csv": PLACES_HEADER + "al-Zir,الزر,35.07,40.48,deir_ez_zor,village,editor\n",
        },
    )
    project, warnings = load_project(inputs)
    assert warnings == []
    assert project.places == (
        Place("al-Zir", "الزر", 35.07, 40.48, "deir_ez_zor", "village", "editor"),
    )


def test_a_broken_places_row_is_an_error_with_its_location(inputs: Path):
    write(inputs, {"places.csv": PLACES_HEADER + "al-Zir,الزر,35.07,east,deir_ez_zor,,\n"})
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert [str(p) for p in caught.value.problems] == [
        "inputs/places.csv:2:19: lon: 'east' is not a number"
    ]


def test_places_csv_needs_the_columns(inputs: Path):
    write(inputs, {"places.csv": "name,lat,lon\nx,1,2\n"})
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert [str(p) for p in caught.value.problems] == [
        "inputs/places.csv:1:1: the first line must name the columns"
        " name_en,name_ar,lat,lon,governorate_key,kind,source"
    ]


def test_places_csv_is_read_like_every_other_input(inputs: Path):
    """Hidden characters go, as from YAML text; a FIFO is refused without being opened."""
    import os

    write(
        inputs,
        {
            "2023-11/attacks.yaml": attack_at("الزر"),
            "places.csv": PLACES_HEADER
            + "al-\u200bZir,ال\u202eزر,35.07,40.48,deir_ez_zor,village,editor\n",
        },
    )
    project, warnings = load_project(inputs)
    assert warnings == []
    assert [(p.name_en, p.name_ar) for p in project.places] == [("al-Zir", "الزر")]
    (inputs / "places.csv").unlink()
    os.mkfifo(inputs / "places.csv")
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert [str(p) for p in caught.value.problems] == [
        "inputs/places.csv:1:1: not a regular file (a FIFO); put the file itself here"
    ]


def test_places_csv_is_part_of_the_fingerprint(inputs: Path):
    project, _ = load_project(inputs)
    before = month_fingerprint(project, "2023-11")
    write(inputs, {"places.csv": PLACES_HEADER})
    assert month_fingerprint(project, "2023-11") != before


# --- P-codes ------------------------------------------------------------------------------------


def test_pcode_must_name_a_boundary_once(inputs: Path):
    text = (inputs / "governorates.yaml").read_text(encoding="utf-8")
    text = text.replace("  - key: hasakah\n", "  - key: hasakah\n    pcode: SY08\n")
    text = text.replace("  - key: raqqa\n", "  - key: raqqa\n    pcode: SY08\n")
    (inputs / "governorates.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert [p.message for p in caught.value.problems] == [
        "P-code 'SY08' is already used by 'hasakah'"
    ]
    (inputs / "governorates.yaml").write_text(text.replace("SY08", "SY99", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    assert caught.value.problems[0].message.startswith(
        "unknown P-code 'SY99'; known: SY01 (damascus), SY02 (aleppo),"
    )
