import logging
import re
import warnings
from itertools import pairwise
from pathlib import Path

import arabic_reshaper
import matplotlib
import pandas as pd
import pytest
from bidi import get_display
from matplotlib import font_manager

from reportgen.briefing import chartcache, chartdraw, charts
from reportgen.briefing.chartdraw import text_layout
from reportgen.briefing.charts import chart_drafts, write_charts
from tests.briefing.months import arabic
from tests.conftest import run_cache

MONTH = "2023-11"
NAMES = {"deir_ez_zor": "دير الزور", "hasakah": "الحسكة", "raqqa": "الرقة"}
IDS = ["attacks_trend", "attacks_by_governorate", "casualties", "raids_trend", "camp_population"]
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _ints(values):
    return pd.array(values, dtype="Int64")


def _summary(months=13):
    """Thirteen months up to November 2023; casualties only for October and November."""
    keys = [str(pd.Period(MONTH, "M") - n) for n in range(12, -1, -1)]
    blank = [None] * 11
    table = pd.DataFrame(
        {
            "month": keys,
            "summary": [True] * 11 + [False, False],
            "attacks": _ints([22, 14, 18, 25, 30, 21, 16, 19, 27, 13, 24, 17, 11]),
            "raids": _ints([8, 5, 9, 12, 7, 10, 6, 11, 9, 14, 8, 10, 13]),
            "detained": _ints([31, 12, 25, 40, 22, 37, 18, 29, 33, 45, 20, 28, 36]),
            "military_killed": _ints([*blank, 6, 4]),
            "military_wounded": _ints([*blank, 8, 5]),
            "civilian_killed": _ints([*blank, 1, 0]),
            "civilian_wounded": _ints([*blank, 3, 7]),
        }
    )
    return table.tail(months).reset_index(drop=True)


def _attacks():
    rows = [
        {"month": MONTH, "id": f"{key}-{i}", "governorate": key, "confirmed": True}
        for key, count in (("hasakah", 4), ("raqqa", 1), ("deir_ez_zor", 6))
        for i in range(count)
    ]
    rows.append({"month": MONTH, "id": "unconfirmed", "governorate": "raqqa", "confirmed": False})
    rows.append({"month": "2023-10", "id": "earlier", "governorate": "raqqa", "confirmed": True})
    return pd.DataFrame(rows)


def _camps():
    return pd.DataFrame(
        [
            {"month": MONTH, "name": "مخيم الهول", "total": 49432, "iraqi": 24147,
             "syrian": 18028, "foreign": 7257},
            {"month": "2023-10", "name": "مخيم الهول", "total": 50000, "iraqi": 25000,
             "syrian": 18000, "foreign": 7000},
        ]
    )  # fmt: skip


def month_charts(summary=None, attacks=None, camps=None, digits="western", drawn=False, cache=None):
    """The charts of the test's month (or of the tables given), as a build makes them: read from
    `cache` (the run's chart cache unless given) when there, else drawn; all drawn when `drawn`."""
    drafts = chart_drafts(
        _summary() if summary is None else summary,
        _attacks() if attacks is None else attacks,
        _camps() if camps is None else camps,
        MONTH,
        governorate_names=NAMES,
        words=arabic(digits=digits).chart_words(),
        palette=charts.DEFAULT_PALETTE,
    )
    folder = None if drawn else cache or run_cache() / "charts"
    return chartcache.rendered_all(drafts, charts.DEFAULT_PALETTE, folder)


def _by_id(built):
    return {chart.id: chart for chart in built}


def _drawn_text(chart):
    """The strings handed to matplotlib: the SVG backend writes each drawn line as a comment."""
    return re.findall(r"<!-- (.*?) -->", chart.svg.decode("utf-8"))


@pytest.fixture(scope="module")
def western():
    return _by_id(month_charts())


@pytest.fixture(scope="module")
def indic():
    return _by_id(month_charts(digits="arabic_indic"))


def test_the_five_charts_for_a_full_month(western):
    assert list(western) == IDS
    for chart in western.values():
        assert chart.svg.startswith(b"<?xml")
        assert chart.png.startswith(b"\x89PNG")


def test_alt_texts_state_the_figures(western):
    assert western["attacks_trend"].alt == (
        "عدد الهجمات المؤكدة شهرياً: كانون الأول (ديسمبر) 2022: 14، كانون الثاني (يناير) 2023: 18، "
        "شباط (فبراير) 2023: 25، آذار (مارس) 2023: 30، نيسان (أبريل) 2023: 21، "
        "أيار (مايو) 2023: 16، حزيران (يونيو) 2023: 19، تموز (يوليو) 2023: 27، "
        "آب (أغسطس) 2023: 13، أيلول (سبتمبر) 2023: 24، تشرين الأول (أكتوبر) 2023: 17، "
        "تشرين الثاني (نوفمبر) 2023: 11"
    )
    assert western["attacks_by_governorate"].alt == (
        "عدد الهجمات المؤكدة حسب المحافظة في تشرين الثاني (نوفمبر) 2023: "
        "دير الزور: 6، الحسكة: 4، الرقة: 1"
    )
    assert western["casualties"].alt == (
        "القتلى والجرحى حسب الفئة في تشرين الثاني (نوفمبر) 2023 مقارنةً بشهر "
        "تشرين الأول (أكتوبر) 2023: قتلى عسكريون: 4 مقابل 6، جرحى عسكريون: 5 مقابل 8، "
        "قتلى مدنيون: 0 مقابل 1، جرحى مدنيون: 7 مقابل 3"
    )
    assert western["raids_trend"].alt.startswith(
        "المداهمات والمعتقلون شهرياً: كانون الأول (ديسمبر) 2022: المداهمات 5، "
        "المعتقلون 12؛ كانون الثاني (يناير) 2023: المداهمات 9، المعتقلون 25؛ "
    )
    assert western["raids_trend"].alt.endswith(
        "؛ تشرين الثاني (نوفمبر) 2023: المداهمات 13، المعتقلون 36"
    )
    assert western["camp_population"].alt == (
        "سكان المخيمات (مخيم الهول) حسب الجنسية في تشرين الثاني (نوفمبر) 2023: "
        "عراقيون: 24,147، سوريون: 18,028، أجانب من بلدان أخرى: 7,257، المجموع: 49,432"
    )


def test_titles(western):
    assert [chart.title for chart in western.values()] == [
        "الهجمات المؤكدة شهرياً خلال آخر 12 شهراً",
        "الهجمات المؤكدة حسب المحافظة، تشرين الثاني (نوفمبر) 2023",
        "القتلى والجرحى حسب الفئة، تشرين الثاني (نوفمبر) 2023",
        "المداهمات والمعتقلون شهرياً خلال آخر 12 شهراً",
        "سكان المخيمات حسب الجنسية، تشرين الثاني (نوفمبر) 2023",
    ]


def test_arabic_indic_digits_in_alt_texts(indic):
    assert indic["camp_population"].alt.endswith(
        "عراقيون: ٢٤٬١٤٧، سوريون: ١٨٬٠٢٨، أجانب من بلدان أخرى: ٧٬٢٥٧، المجموع: ٤٩٬٤٣٢"
    )
    assert indic["attacks_trend"].title == "الهجمات المؤكدة شهرياً خلال آخر ١٢ شهراً"
    for chart in indic.values():
        assert not re.search("[0-9]", chart.title + chart.alt), chart.id


def test_arabic_indic_digits_in_every_drawn_label(indic):
    trend = _drawn_text(indic["attacks_trend"])
    assert {"٠", "١٠", "٢٠", "٣٠"} <= set(trend)  # the value axis ticks
    assert {"٢٠٢٢", "٢٠٢٣", "١١", "٢٧"} <= set(trend)  # years under the months, bar values
    assert "٤٩٬٤٣٢" in _drawn_text(indic["camp_population"])[-2]
    for chart in indic.values():
        assert not [text for text in _drawn_text(chart) if re.search("[0-9]", text)], chart.id


def test_month_ticks_run_from_right_to_left_with_years_where_they_change(western):
    trend = _drawn_text(western["attacks_trend"])
    assert trend[:4] == ["ديسمبر", "2022", "يناير", "2023"]
    assert trend[4:14] == [
        "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
    ]  # fmt: skip


def _briefing(digits="western"):
    return charts._Briefing(MONTH, arabic(digits=digits).chart_words(), charts.DEFAULT_PALETTE)


def test_axes_are_laid_out_right_to_left():
    fig = chartdraw.draft_figure(charts._attacks_trend(_summary(), _briefing()))
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    assert left > right  # the oldest month (position 0) is on the right
    assert ax.yaxis.get_ticks_position() == "right"


@pytest.mark.parametrize("digits", ["western", "arabic_indic"])
@pytest.mark.parametrize("make", [charts._attacks_trend, charts._raids_trend])
def test_month_labels_do_not_overlap(make, digits):
    with chartdraw.chart_style(charts.DEFAULT_PALETTE):
        fig = chartdraw.draft_figure(make(_summary(), _briefing(digits)))
        fig.draw_without_rendering()
        boxes = sorted(
            (label.get_window_extent() for label in fig.axes[0].get_xticklabels()),
            key=lambda box: box.x0,
        )
    assert len(boxes) == 12
    assert all(left.x1 + 2 < right.x0 for left, right in pairwise(boxes))


def test_svg_is_deterministic(western):
    again = month_charts(drawn=True)
    assert [c.svg for c in again] == [c.svg for c in western.values()]
    assert b"<dc:date>" not in again[0].svg


def test_no_camps_no_camp_chart():
    empty = pd.DataFrame(columns=["month", "name", "total", "iraqi", "syrian", "foreign"])
    assert "camp_population" not in _by_id(month_charts(camps=empty))
    no_breakdown = _camps().assign(iraqi=None)
    assert "camp_population" not in _by_id(month_charts(camps=no_breakdown))


def test_without_a_previous_month_casualties_show_this_month_alone():
    built = _by_id(month_charts(summary=_summary(months=1)))
    assert list(built) == ["attacks_by_governorate", "casualties", "camp_population"]
    assert built["casualties"].alt == (
        "القتلى والجرحى حسب الفئة في تشرين الثاني (نوفمبر) 2023: "
        "قتلى عسكريون: 4، جرحى عسكريون: 5، قتلى مدنيون: 0، جرحى مدنيون: 7"
    )
    assert "تشرين الأول (أكتوبر) 2023" not in _drawn_text(built["casualties"])


def test_a_short_history_shortens_the_window_and_its_title():
    trend = _by_id(month_charts(summary=_summary(months=3)))["attacks_trend"]
    assert trend.title == "الهجمات المؤكدة شهرياً خلال آخر 3 أشهر"
    assert trend.alt == (
        "عدد الهجمات المؤكدة شهرياً: أيلول (سبتمبر) 2023: 24، "
        "تشرين الأول (أكتوبر) 2023: 17، تشرين الثاني (نوفمبر) 2023: 11"
    )


def test_a_month_without_figures_inside_the_window_is_stated():
    summary = _summary()
    summary.loc[summary["month"] == "2023-06", "attacks"] = pd.NA
    trend = _by_id(month_charts(summary=summary))["attacks_trend"]
    assert "حزيران (يونيو) 2023: لا تتوفر بيانات، تموز (يوليو) 2023: 27" in trend.alt
    assert "—" in _drawn_text(trend)  # a dash on the baseline, not a bar read as zero


def test_no_confirmed_attacks_this_month_no_governorate_chart():
    attacks = _attacks().assign(confirmed=False)
    assert "attacks_by_governorate" not in _by_id(month_charts(attacks=attacks))


def test_renders_without_missing_glyphs_or_font_fallback(caplog):
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for digits in ("western", "arabic_indic"):
            month_charts(digits=digits, drawn=True)
    assert not [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not [r.getMessage() for r in caplog.records if "findfont" in r.getMessage()]


@pytest.mark.parametrize("weight", ["normal", "bold"])
@pytest.mark.parametrize("family", chartdraw.FONT_FAMILY)
def test_the_shipped_fonts_win_over_installed_ones(western, family, weight):
    found = font_manager.findfont(font_manager.FontProperties(family=family, weight=weight))
    assert Path(found).parent == chartdraw.FONTS_DIR


def test_native_layout_hands_matplotlib_logical_text(western):
    assert "text.language" in matplotlib.rcParams
    assert text_layout() == "native"
    drawn = _drawn_text(western["casualties"])
    assert "القتلى والجرحى حسب الفئة، تشرين الثاني (نوفمبر) 2023" in drawn
    assert not any(PRESENTATION_FORMS.search(text) for text in drawn)
    assert chartdraw._rc_params(charts.DEFAULT_PALETTE)["text.language"] == "ar"


def test_reshape_layout_hands_matplotlib_shaped_reordered_text(monkeypatch):
    monkeypatch.setattr(chartdraw, "text_layout", lambda: "reshape")
    assert "text.language" not in chartdraw._rc_params(charts.DEFAULT_PALETTE)
    built = _by_id(month_charts(drawn=True))  # the layout follows matplotlib's version, in the key
    drawn = _drawn_text(built["casualties"])
    title = "القتلى والجرحى حسب الفئة، تشرين الثاني (نوفمبر) 2023"
    assert get_display(arabic_reshaper.reshape(title)) in drawn
    assert title not in drawn
    arabic = [text for text in drawn if re.search("[\u0600-\u06ff]", text)]
    assert arabic and all(PRESENTATION_FORMS.search(text) for text in arabic)
    assert built["casualties"].title == title  # the document gets logical text either way


def test_write_charts(tmp_path, western):
    paths = write_charts(list(western.values()), tmp_path / "charts")
    assert [p.name for p in paths[:2]] == ["attacks_trend.svg", "attacks_trend.png"]
    assert len(paths) == 10
    assert (tmp_path / "charts" / "casualties.svg").read_bytes() == western["casualties"].svg
    only_svg = write_charts(list(western.values()), tmp_path / "svg", png=False)
    assert [p.suffix for p in only_svg] == [".svg"] * 5


def test_charts_drawn_in_workers_equal_charts_drawn_in_process(monkeypatch):
    monkeypatch.setattr(chartcache, "_can_fork_workers", lambda: True)
    forked = month_charts(drawn=True)
    monkeypatch.setattr(chartcache, "_can_fork_workers", lambda: False)
    in_process = month_charts(drawn=True)
    assert in_process == forked
    assert [c.png for c in in_process] == [c.png for c in forked]
