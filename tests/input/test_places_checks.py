"""Coordinates against their governorate's outline, the map and the data export agreeing about
every event, and inputs/places.csv read without a traceback whatever it holds."""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.errors import InputError
from reportgen.input.gazetteer import lookup, places
from reportgen.input.loader import load_project
from reportgen.input.outlines import TOLERANCE_KM, holds, misplaced, outlines
from reportgen.input.records import Governorate

pytestmark = pytest.mark.inputs("valid")
PLACES_HEADER = "name_en,name_ar,lat,lon,governorate_key,kind,source\n"
DEIR = Governorate("deir_ez_zor", "دير الزور", "Deir ez-Zor", 35.33, 40.14)
HASAKAH = Governorate("hasakah", "الحسكة", "Hasakah", 36.5, 40.75)


def _attacks(inputs: Path, *extra: str, governorate: str = "دير الزور", location: str = "ذيبان"):
    text = f"""\
        attacks:
          - id: a-1
            date: 2023-11-05
            governorate: {governorate}
            location: {location}
            type: armed_attack
            target: military
            sources: [https://example.org/a-1]
        """
    lines = "".join(f"    {line}\n" for line in extra)
    (inputs / "2023-11" / "attacks.yaml").write_text(dedent(text) + lines, encoding="utf-8")


def _warnings(inputs: Path) -> list[str]:
    _, warnings = load_project(inputs)
    return [str(w) for w in warnings if "attacks" in w.path or "places" in w.path]


# --- the outline test -------------------------------------------------------------------------


def test_points_inside_outside_and_on_the_border():
    assert holds(DEIR, 35.33, 40.14) and not holds(DEIR, 36.5, 40.75)
    x1, y1, *_ = outlines()["SY09"].edges[0]
    assert holds(DEIR, y1, x1)  # a vertex of the outline itself
    assert outlines()["SY09"].distance_km(x1 + 0.02, y1) < TOLERANCE_KM
    assert outlines()["SY09"].distance_km(36.3, 33.5) > 100


def test_every_shipped_place_lies_in_its_governorate():
    from reportgen.input.gazetteer import shipped_places
    from reportgen.input.outlines import pcode_of

    for place in shipped_places():
        governorate = Governorate(place.governorate_key, place.name_ar, place.name_en, 0, 0)
        assert pcode_of(governorate), place
        assert holds(governorate, place.lat, place.lon), place


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (
            40.4,
            35.1,
            "lat 40.4, lon 35.1 is outside دير الزور (deir_ez_zor); swapped (lat 35.1, lon 40.4) "
            "it is inside: are lat and lon swapped?",
        ),
        (
            33.5,
            36.3,
            r"lat 33.5, lon 36.3 is outside دير الزور \(deir_ez_zor\): [0-9]+ km from "
            r"its border, in Damascus",
        ),
        (
            35.0,
            34.0,
            r"lat 35.0, lon 34.0 is outside دير الزور \(deir_ez_zor\): [0-9]+ km from "
            r"its border, outside Syria",
        ),
        (
            36.5,
            40.75,
            r"lat 36.5, lon 40.75 is outside دير الزور \(deir_ez_zor\): [0-9]+ km from "
            r"its border, in Al-Hasakah",
        ),
    ],
)
def test_what_looks_wrong_is_said(lat: float, lon: float, expected: str):
    assert re.fullmatch(
        expected if "\\" in expected else re.escape(expected), misplaced(lat, lon, DEIR)
    )


def test_the_distance_is_to_the_border_not_the_centre():
    message = misplaced(33.5, 36.3, DEIR)
    km = int(re.search(r": ([0-9,]+) km", message).group(1).replace(",", ""))
    to_city = 111.2 * ((3.84 * 0.83) ** 2 + 1.83**2) ** 0.5  # Damascus to Deir ez-Zor city
    assert 250 < km < to_city - 50  # to the south-western edge of the governorate


# --- check --------------------------------------------------------------------------------------


def test_swapped_coordinates_are_a_located_warning_that_says_where_the_event_goes(inputs: Path):
    _attacks(inputs, "lat: 40.4", "lon: 35.1")
    assert _warnings(inputs) == [
        "inputs/2023-11/attacks.yaml:9:10: warning: attacks[0].lat: lat 40.4, lon 35.1 is "
        "outside دير الزور (deir_ez_zor); swapped (lat 35.1, lon 40.4) it is inside: are lat and "
        "lon swapped?; the map and the data export place it at ذيبان instead"
    ]


def test_far_coordinates_of_an_unknown_place_go_to_the_centre(inputs: Path):
    _attacks(inputs, "lat: 35.0", "lon: 34.0", location="قرية مجهولة")
    [warning] = _warnings(inputs)
    assert warning.startswith("inputs/2023-11/attacks.yaml:9:10: warning: attacks[0].lat: ")
    assert warning.endswith(
        "outside Syria; the map and the data export place it at the governorate's centre, "
        "as approximate"
    )


def test_coordinates_inside_their_governorate_are_quiet(inputs: Path):
    _attacks(inputs, "lat: 35.1", "lon: 40.4", location="قرية مجهولة")
    assert _warnings(inputs) == []


def test_half_a_position_is_a_warning(inputs: Path):
    _attacks(inputs, "lat: 35.1")
    assert _warnings(inputs) == [
        "inputs/2023-11/attacks.yaml:9:10: warning: attacks[0].lat: lat without lon is not "
        "used: give both, or neither; the map and the data export place it at ذيبان instead"
    ]


# --- the map and the export agree ---------------------------------------------------------------


def test_the_map_and_the_geojson_put_every_event_in_the_same_place(inputs: Path):
    from reportgen.briefing.dataset import build_dataset
    from reportgen.briefing.maps import EXTENT, extent, markers
    from reportgen.publish.exports import geojson

    governorates = inputs / "governorates.yaml"
    governorates.write_text(
        governorates.read_text("utf-8")
        + "  - key: daraa\n    name_ar: درعا\n    name_en: Daraa\n    lat: 32.62\n    lon: 36.1\n"
        "    pcode: SY12\n",
        encoding="utf-8",
    )
    (inputs / "2023-11" / "attacks.yaml").write_text(
        dedent(
            """\
            attacks:
              - {id: a-1, date: 2023-11-05, governorate: دير الزور, location: ذيبان,
                 lat: 40.4, lon: 35.1, type: armed_attack, target: military}
              - {id: at-sea, date: 2023-11-06, governorate: الحسكة, location: قرية مجهولة,
                 lat: 35.0, lon: 34.0, type: armed_attack, target: military}
              - {id: good, date: 2023-11-07, governorate: الرقة, lat: 35.9, lon: 39.2,
                 type: armed_attack, target: military}
              - {id: south, date: 2023-11-08, governorate: درعا, lat: 32.7, lon: 36.2,
                 type: armed_attack, target: military}
            """
        ),
        encoding="utf-8",
    )
    project, _ = load_project(inputs)
    month = project.months["2023-11"]
    drawn = {(m.position.lon, m.position.lat): m.position.source for m in markers(project, month)}
    collection = geojson(build_dataset(project), project.governorates, "2023-11", project.places)
    exported = {
        f["properties"]["id"]: (tuple(f["geometry"]["coordinates"]), f["properties"]["position"])
        for f in collection["features"]
    }
    dhiban = lookup("ذيبان", "deir_ez_zor")
    assert exported == {
        "a-1": ((dhiban.lon, dhiban.lat), "place"),
        "at-sea": ((40.75, 36.5), "governorate"),
        "good": ((39.2, 35.9), "reported"),
        "south": ((36.2, 32.7), "reported"),
        "r-1": ((39.01, 35.95), "governorate"),  # the fixture's raid, at its governorate's centre
    }
    assert {point: source for point, source in exported.values()} == drawn
    assert exported["at-sea"][0] != (34.0, 35.0) and (35.1, 40.4) not in drawn
    lon0, lon1, lat0, lat1 = extent(markers(project, month))
    assert lat0 < 32.7 < EXTENT[2] and lon0 < 36.2 < EXTENT[0] and lat1 >= EXTENT[3]
    assert all(lon0 < lon < lon1 and lat0 < lat < lat1 for lon, lat in drawn)


def test_a_place_outside_its_governorate_is_not_used_to_place_events(inputs: Path):
    (inputs / "places.csv").write_text(
        PLACES_HEADER + "al-Zir,الزر,36.9,41.9,deir_ez_zor,village,editor\n", encoding="utf-8"
    )
    _attacks(inputs, location="الزر")
    project, warnings = load_project(inputs)
    assert [str(w) for w in warnings if "places" in w.path] == [
        "inputs/places.csv:2:13: warning: lat: lat 36.9, lon 41.9 is outside دير الزور "
        "(deir_ez_zor): "
        + re.search(r"[0-9]+ km", misplaced(36.9, 41.9, DEIR)).group()
        + " from its border, in Al-Hasakah; the map does not use this place"
    ]
    from reportgen.input.gazetteer import locate

    known = places(project.places)
    assert locate("الزر", None, None, project.governorates["deir_ez_zor"], known).approximate


# --- places.csv that is not what it should be ---------------------------------------------------


def _places_problems(inputs: Path, text: str) -> list[str]:
    (inputs / "places.csv").write_text(text, encoding="utf-8")
    try:
        _, warnings = load_project(inputs)
    except InputError as error:
        return [str(p) for p in error.problems]
    return [str(w) for w in warnings if "places" in w.path]


def test_a_cell_over_the_csv_modules_limit_is_a_located_problem(inputs: Path):
    text = PLACES_HEADER + "a,ب,35.1,40.4,deir_ez_zor,village,x\n" + "b," + "ب" * 140_000 + "\n"
    assert _places_problems(inputs, text) == [
        "inputs/places.csv:3:1: a cell is longer than 131,072 characters (a quote left open?)"
    ]
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_quote_left_open_is_a_located_problem(inputs: Path):
    text = PLACES_HEADER + 'a,"ب,35.1,40.4,deir_ez_zor,village,x\n' + "c,د,35.2,40.3,raqqa,,\n" * 3
    [problem] = _places_problems(inputs, text)
    assert problem.startswith("inputs/places.csv:2:")


def test_a_long_cell_within_the_csv_limit_is_held_to_the_text_limit(inputs: Path):
    text = PLACES_HEADER + "a," + "ب" * 3000 + ",35.1,40.4,deir_ez_zor,village,x\n"
    assert _places_problems(inputs, text) == [
        "inputs/places.csv:2:3: name_ar: longer than 2,000 characters"
    ]


def test_a_governorate_key_no_event_can_name_is_a_warning(inputs: Path):
    text = PLACES_HEADER + "Tadmur,تدمر,34.55,38.27,homs,town,editor\n"
    assert _places_problems(inputs, text) == [
        "inputs/places.csv:2:25: warning: governorate_key: no governorate has the key 'homs' in "
        "governorates.yaml: events are looked up in their own governorate, so this place is never "
        "found (keys: deir_ez_zor, hasakah, raqqa)"
    ]


@pytest.mark.parametrize(
    "row",
    [
        "a,ب,nan,40.4,deir_ez_zor,,\n",
        "a,ب,35.1,inf,deir_ez_zor,,\n",
        "a,ب,1e400,40.4,deir_ez_zor,,\n",
        "a\x00,ب,35.1,40.4,deir_ez_zor,,\n",
        "a,ب,35.1,40.4,deir_ez_zor,,,,,,,,,,\n",
        "a,ب,35.1\n",
        '"a""b",ب,35.1,40.4,deir_ez_zor,,\n',
    ],
)
def test_odd_rows_never_raise(inputs: Path, row: str):
    _places_problems(inputs, PLACES_HEADER + row)


def test_a_governorate_centre_outside_its_outline_is_a_warning(inputs: Path):
    governorates = inputs / "governorates.yaml"
    text = governorates.read_text("utf-8")
    governorates.write_text(
        text.replace("lat: 35.33\n    lon: 40.14", "lat: 40.14\n    lon: 35.33")
    )
    _, warnings = load_project(inputs)
    [warning] = [str(w) for w in warnings if "governorates" in w.path]
    assert re.fullmatch(
        r"inputs/governorates\.yaml:[0-9]+:10: warning: governorates\[2\]\.lat: lat 40\.14, lon "
        r"35\.33 is outside دير الزور \(deir_ez_zor\); swapped \(lat 35\.33, lon 40\.14\) it is "
        r"inside: are lat and lon swapped\?; events without a known place are drawn there",
        warning,
    )


def test_the_shipped_example_centres_lie_in_their_governorates():
    from reportgen.input.loader import load_project as load
    from tests.conftest import EXAMPLE_INPUTS

    _, warnings = load(EXAMPLE_INPUTS)
    assert [w for w in warnings if "governorates" in w.path] == []
