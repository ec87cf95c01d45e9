import importlib.util
import shutil
from pathlib import Path

from reportgen.input.gazetteer import GEO_DIR

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "refresh-geo.py"
spec = importlib.util.spec_from_file_location("refresh_geo", SCRIPT)
refresh_geo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refresh_geo)


def _source(tmp_path: Path) -> Path:
    """A geo folder as make_geo.py writes it, made from the shipped copy."""
    source = tmp_path / "geo"
    source.mkdir()
    for name in refresh_geo.FILES:
        shutil.copyfile(GEO_DIR / name, source / name)
    shutil.copyfile(GEO_DIR / "LICENCES.md", source / "README.md")
    return source


def test_refresh_copies_the_layers_and_the_licences(tmp_path: Path):
    source = _source(tmp_path)
    assert refresh_geo.check(source) == []
    target = tmp_path / "assets"
    written = refresh_geo.refresh(source, target)
    assert sorted(p.name for p in written) == [
        "LICENCES.md",
        "neighbours.geojson",
        "places-ne-syria.csv",
        "syria-adm1.geojson",
    ]
    for path in written:
        assert path.read_bytes() == (GEO_DIR / path.name).read_bytes()


def test_refresh_refuses_an_incomplete_or_changed_folder(tmp_path: Path):
    source = _source(tmp_path)
    (source / "neighbours.geojson").unlink()
    places = source / "places-ne-syria.csv"
    places.write_text("name,lat,lon\n", encoding="utf-8")
    assert refresh_geo.check(source) == ["missing neighbours.geojson"]
    (source / "neighbours.geojson").write_text("{}", encoding="utf-8")
    assert refresh_geo.check(source) == [
        "places-ne-syria.csv: columns ['name', 'lat', 'lon'], expected "
        "['name_en', 'name_ar', 'lat', 'lon', 'governorate_key', 'kind', 'source']"
    ]
