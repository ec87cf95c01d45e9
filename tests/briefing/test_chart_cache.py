"""The chart cache: same figures, same bytes, nothing drawn; a changed figure or drawing code, drawn
again; an entry that is not what was written, never used."""

import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from reportgen.briefing import chartcache, charts
from reportgen.briefing.charts import archive_chart
from tests.briefing.months import arabic
from tests.briefing.test_charts import MONTH, _camps, _drawn_text, _summary, month_charts
from tests.conftest import ROOT

pytestmark = pytest.mark.inputs("small")
"""These tests are about builds, not about the example's pages: the small project builds faster."""

WORDS = arabic().chart_words()


@pytest.fixture
def drawn(monkeypatch):
    """The ids of the charts actually drawn (not read from the cache), in order."""
    ids = []
    draw = chartcache.rendered_chart

    def counted(draft):
        ids.append(draft.id)
        return draw(draft)

    monkeypatch.setattr(chartcache, "rendered_chart", counted)
    monkeypatch.setattr(chartcache, "_can_fork_workers", lambda: False)
    return ids


def test_same_figures_give_the_same_bytes_without_drawing(tmp_path, drawn):
    first = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    again = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    assert drawn == ["attacks_history"]
    assert again == first
    assert (again.png, again.svg) == (first.png, first.svg)
    assert again.png.startswith(b"\x89PNG") and b"<svg" in again.svg
    assert len(list(tmp_path.iterdir())) == 2


def test_a_changed_figure_is_drawn_again(tmp_path, drawn):
    before = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    summary = _summary()
    summary.loc[summary["month"] == MONTH, "attacks"] = 12
    after = archive_chart(summary, MONTH, WORDS, cache=tmp_path)
    assert drawn == ["attacks_history", "attacks_history"]
    assert after.png != before.png
    assert "12" in _drawn_text(after) and "12" not in _drawn_text(before)
    assert archive_chart(_summary(), MONTH, WORDS, cache=tmp_path).png == before.png
    assert len(drawn) == 2


def test_a_changed_palette_is_drawn_again(tmp_path, drawn):
    archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    archive_chart(_summary(), MONTH, WORDS, palette={"primary": "#1e5b8b"}, cache=tmp_path)
    assert len(drawn) == 2


def test_changed_drawing_code_draws_again(tmp_path, drawn, monkeypatch):
    first = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    monkeypatch.setattr(chartcache, "code_version", lambda: "a new version of charts.py")
    again = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    assert len(drawn) == 2
    assert again.png == first.png  # the same drawing, under another key
    assert len(list(tmp_path.iterdir())) == 4


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_a_damaged_entry_is_drawn_again_and_replaced(tmp_path, drawn, damage):
    first = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    entry = next(tmp_path.glob("*.png"))
    good = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "flip":
        entry.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
    else:
        entry.unlink()
    again = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    assert len(drawn) == 2
    assert again.png == first.png
    assert entry.read_bytes() == good


def test_the_briefing_charts_come_from_the_cache_alike(tmp_path, drawn):
    first = month_charts(cache=tmp_path)
    assert len(drawn) == 5
    assert [(c.png, c.svg) for c in month_charts(cache=tmp_path)] == [(c.png, c.svg) for c in first]
    assert len(drawn) == 5
    camps = _camps()
    camps.loc[camps["month"] == MONTH, "iraqi"] = 24148
    changed = month_charts(camps=camps, cache=tmp_path)
    assert drawn[5:] == ["camp_population"]
    assert [c.png for c in changed][:4] == [c.png for c in first][:4]


def test_a_full_cache_hit_never_imports_matplotlib(tmp_path):
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import pandas as pd\n"
        "from reportgen.briefing.charts import archive_chart\n"
        "from tests.briefing.months import arabic\n"
        "months = ['2023-09', '2023-10', '2023-11']\n"
        "summary = pd.DataFrame({'month': months, 'attacks': pd.array([9, 8, 7], 'Int64')})\n"
        "words = arabic().chart_words()\n"
        "chart = archive_chart(summary, '2023-11', words, cache=Path(sys.argv[1]))\n"
        "print(len(chart.png), 'matplotlib' in sys.modules)\n"
    )

    def run():
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.split()

    size, imported = run()
    assert imported == "True"
    assert run() == [size, "False"]


def test_a_draft_that_does_not_say_what_it_draws_is_never_cached(tmp_path, drawn):
    draft = charts.Draft("plain", "عنوان", "وصف", lambda ax: ax.set_axis_off())
    first = chartcache.rendered_all([draft], charts.DEFAULT_PALETTE, tmp_path)
    again = chartcache.rendered_all([draft], charts.DEFAULT_PALETTE, tmp_path)
    assert drawn == ["plain", "plain"]
    assert again[0].png == first[0].png
    assert list(tmp_path.iterdir()) == []


def _phone_figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().set_axis_off()
    return fig


def test_a_phone_rendering_is_cached_with_its_chart(tmp_path, drawn):
    draft = charts.Draft(
        "wide", "عنوان", "وصف", lambda ax: ax.set_axis_off(), data=("x",), narrow=_phone_figure
    )
    first = chartcache.rendered_all([draft], charts.DEFAULT_PALETTE, tmp_path)[0]
    again = chartcache.rendered_all([draft], charts.DEFAULT_PALETTE, tmp_path)[0]
    assert drawn == ["wide"]
    assert first.narrow.startswith(b"\x89PNG") and again.narrow == first.narrow
    [narrow] = tmp_path.glob("*.narrow.png")
    narrow.unlink()
    assert (
        chartcache.rendered_all([draft], charts.DEFAULT_PALETTE, tmp_path)[0].narrow == first.narrow
    )
    assert drawn == ["wide", "wide"]


# --- an entry is used only under the key it was written for -----------------------------------


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, list]:
    """A cache folder holding the five briefing charts of the test month (drawn once for the
    module), and those charts."""
    folder = tmp_path_factory.mktemp("filled")
    return folder, month_charts(cache=folder)


def _copy(filled: tuple[Path, list], tmp_path: Path) -> tuple[Path, list]:
    folder, charts_drawn = filled
    shutil.copytree(folder, tmp_path / "cache")
    return tmp_path / "cache", charts_drawn


def test_swapped_entries_are_drawn_again_not_published(tmp_path, filled, drawn):
    cache, first = _copy(filled, tmp_path)
    a, b = sorted(cache.glob("*.png"))[:2]
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    again = month_charts(cache=cache)
    assert len(drawn) == 2
    assert [c.png for c in again] == [c.png for c in first]
    assert (a.read_bytes(), b.read_bytes()) == (a_bytes, b_bytes)


def test_a_valid_entry_from_another_key_is_not_used(tmp_path, filled, drawn):
    cache, first = _copy(filled, tmp_path)
    target = sorted(cache.glob("*.png"))[0]
    original = target.read_bytes()
    elsewhere = tmp_path / "other"
    archive_chart(_summary(), MONTH, WORDS, cache=elsewhere)
    [substitute] = elsewhere.glob("*.png")
    target.write_bytes(substitute.read_bytes())  # a valid entry, written for the archive chart
    again = month_charts(cache=cache)
    assert len(drawn) == 1 + 1
    assert [c.png for c in again] == [c.png for c in first]
    assert target.read_bytes() == original


def test_a_png_and_an_svg_of_one_key_cannot_stand_in_for_each_other(tmp_path, drawn):
    first = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    [png], [svg] = tmp_path.glob("*.png"), tmp_path.glob("*.svg")
    png_bytes, svg_bytes = png.read_bytes(), svg.read_bytes()
    png.write_bytes(svg_bytes)
    svg.write_bytes(png_bytes)
    again = archive_chart(_summary(), MONTH, WORDS, cache=tmp_path)
    assert drawn == ["attacks_history", "attacks_history"]
    assert (again.png, again.svg) == (first.png, first.svg)


def _keys_read(project: Path, month: str, cache: Path) -> tuple[str, str]:
    """The cache keys a build of `month` reads for the map and the attacks trend (the run's
    cache holds other projects' charts too, some with the same picture under another key)."""
    from reportgen.briefing import chartcache
    from reportgen.publish.build import briefing_context, load

    keys: dict[str, str] = {}
    read = chartcache._cached

    def spied(draft, key, folder):
        keys[draft.id] = key
        return read(draft, key, folder)

    with mock.patch.object(chartcache, "_cached", spied):
        briefing_context(load(project / "inputs"), month, chart_cache=cache / "charts")
    return keys["map"], keys["attacks_trend"]


def test_build_force_publishes_the_right_charts_from_a_tampered_cache(
    built_project, shared_cache, tmp_path, monkeypatch
):
    """`build --force` redraws the month but still reads the chart cache: what it reads must be
    what was drawn for that chart. The example month's charts are in a copy of the session's
    cache, two of its entries swapped."""
    from click.testing import CliRunner

    from reportgen.cli import main

    cache = tmp_path / "cache"
    shutil.copytree(shared_cache / "charts", cache / "charts")
    monkeypatch.setenv("REPORTGEN_CACHE", str(cache))
    month = "2023-11"
    charts_dir = built_project / "output" / month / "charts"
    published = {p.name: p.read_bytes() for p in sorted(charts_dir.glob("*.png"))}
    a, b = (cache / "charts" / f"{key}.png" for key in _keys_read(built_project, month, cache))
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    forced = CliRunner().invoke(main, ["build", month, "--force"])
    assert forced.exit_code == 0, forced.output
    assert {p.name: p.read_bytes() for p in sorted(charts_dir.glob("*.png"))} == published
    assert (a.read_bytes(), b.read_bytes()) == (a_bytes, b_bytes)
