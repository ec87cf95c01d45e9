"""reportgen data's files for partners: HXL-tagged CSV, Excel-ready CSV and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import hxl
import pandas as pd
import pytest
from jsonschema import Draft202012Validator

from reportgen.input.gazetteer import lookup
from reportgen.publish.build import load
from reportgen.publish.exports import HASHTAGS, excel_csv, write_exports
from tests.conftest import EXAMPLE_INPUTS

BOM = "\ufeff"
POINT_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "required": ["kind", "id", "date", "governorate", "pcode", "position"],
                        "propertyNames": {"pattern": "^[a-z_]+$"},
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    loaded = load(EXAMPLE_INPUTS)
    out = tmp_path_factory.mktemp("data")
    write_exports(loaded.dataset, loaded.project.governorates, out)
    return out


def _hxl(path: Path) -> hxl.model.Dataset:
    return hxl.data(str(path), hxl.InputOptions(allow_local=True))


def _schema(rules: list[list[str]], errors: list) -> hxl.validation.Schema:
    header = ["#valid_tag", "#valid_datatype", "#valid_required", "#valid_value+regex"]
    return hxl.schema(hxl.data([header, *rules]), callback=errors.append)


def test_every_table_has_an_hxl_file_libhxl_reads_with_the_expected_hashtags(exported):
    for name, hashtags in HASHTAGS.items():
        assert _hxl(exported / f"{name}.hxl.csv").display_tags == list(hashtags.values())


def test_hxl_attacks_validate_as_numbers_dates_and_p_codes(exported):
    errors: list = []
    schema = _schema(
        [
            ["#date+occurred", "date", "true", ""],
            ["#adm1+code", "", "true", "^SY[0-9]{2}$"],
            ["#affected+killed", "number", "true", ""],
            ["#affected+injured", "number", "true", ""],
        ],
        errors,
    )
    assert schema.validate(_hxl(exported / "attacks.hxl.csv")), [str(e) for e in errors]
    assert not schema.validate(_hxl(exported / "summary.hxl.csv"))
    rows = list(_hxl(exported / "attacks.hxl.csv"))
    first = rows[0]
    assert (first.get("#event+id"), first.get("#adm1+name"), first.get("#adm1+code")) == (
        "a01",
        "Deir ez-Zor",
        "SY09",
    )
    assert (first.get("#affected+killed"), first.get("#affected+injured")) == ("2", "1")
    assert first.get("#adm1+name+i_ar") == "دير الزور"


def test_hxl_summary_figures_match_the_dataset(exported):
    dataset = load(EXAMPLE_INPUTS).dataset
    rows = {row.get("#date+month"): row for row in _hxl(exported / "summary.hxl.csv")}
    november = dataset.row("2023-11")
    assert rows["2023-11"].get("#indicator+num+attacks") == str(november["attacks"])
    assert rows["2023-11"].get("#indicator+num+killed") == str(november["killed"])


def test_geojson_is_a_point_collection_of_the_months_attacks_and_raids(exported):
    collection = json.loads((exported / "events-2023-11.geojson").read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(POINT_COLLECTION).iter_errors(collection)]
    assert errors == []
    dataset = load(EXAMPLE_INPUTS).dataset
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("attack") == len(dataset.of_month("attacks", "2023-11"))
    assert kinds.count("raid") == len(dataset.of_month("raids", "2023-11"))
    first = collection["features"][0]
    dhiban = lookup("ذيبان", "deir_ez_zor")
    assert first["properties"]["location"] == "ذيبان"
    assert first["geometry"]["coordinates"] == [dhiban.lon, dhiban.lat]  # where the map has it
    assert first["properties"]["position"] == "place"
    assert first["properties"]["sources"] == [
        "https://www.example.org/news/2023/11/02/dhiban-checkpoint-attack"
    ]


def test_excel_csv_has_a_bom_and_reads_back_with_arabic_intact(exported):
    raw = (exported / "attacks.excel.csv").read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["location"] == "ذيبان"
    assert rows[0]["description"].startswith("هاجم مسلحون من خلايا داعش")
    assert list(rows[0]) == list(load(EXAMPLE_INPUTS).dataset.attacks.columns)


def test_formula_cells_are_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "description": ['=HYPERLINK("http://evil")', "+1", "عادي", "-x", "@SUM(A1)"],
            "change": pd.array([-3, 2, None, 0, 1], dtype="Int64"),
            "lat": [-35.5, 1.0, None, 2.0, 3.0],
        }
    )
    rows = list(csv.reader(io.StringIO(excel_csv(frame).removeprefix(BOM))))
    assert rows[1:] == [
        ['\'=HYPERLINK("http://evil")', "-3", "-35.5"],
        ["'+1", "2", "1.0"],
        ["عادي", "", ""],
        ["'-x", "0", "2.0"],
        ["'@SUM(A1)", "1", "3.0"],
    ]


def test_reportgen_data_writes_the_partner_files(tmp_path):
    from click.testing import CliRunner

    from reportgen.cli import main

    result = CliRunner().invoke(
        main, ["data", "--inputs", str(EXAMPLE_INPUTS), "--output", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "data").iterdir()}
    for table in HASHTAGS:
        assert {f"{table}.csv", f"{table}.hxl.csv", f"{table}.excel.csv"} <= names
    assert "events-2023-11.geojson" in names
    assert not [name for name in names if name.startswith(".")]


def test_data_exports_only_what_readers_may_see(project):
    """A draft month (here a copy of the example's events as 2023-12) is in no file: not its
    rows, not its summary, not its GeoJSON; the published month and the summary months are."""
    from click.testing import CliRunner

    from reportgen.cli import main

    draft = project / "inputs" / "2023-12"
    draft.mkdir()
    for source in (project / "inputs" / "2023-11").glob("*.yaml"):
        if source.name != "published.yaml":
            text = source.read_text("utf-8").replace("2023-11", "2023-12")
            (draft / source.name).write_text(text.replace("status: published", "status: draft"))
    (draft / "cover.jpg").write_bytes((project / "inputs" / "2023-11" / "cover.jpg").read_bytes())
    result = CliRunner().invoke(main, ["data"])
    assert result.exit_code == 0, result.output
    data = project / "output" / "data"
    assert not list(data.glob("events-2023-12*"))
    for path in data.glob("*.csv"):
        assert "2023-12" not in path.read_text("utf-8-sig"), path.name
    summary = pd.read_csv(data / "summary.csv")
    assert summary["month"].tolist()[-2:] == ["2023-10", "2023-11"]
    assert len(pd.read_csv(data / "attacks.csv")) == 13
