import io
from collections import Counter
from pathlib import Path

import html5lib
import pypdfium2
import pytest
from matplotlib.text import Text
from PIL import Image as PILImage

from reportgen.briefing import mapkeys
from reportgen.briefing.chartdraw import chart_style, shaped
from reportgen.briefing.charts import DEFAULT_PALETTE
from reportgen.briefing.context import build_context
from reportgen.briefing.maps import NARROW, WIDE, draw_map, plan_map
from reportgen.briefing.voices import voice_for
from reportgen.briefing.voices.arabic import ATTRIBUTION, POSITIONS_NOTE
from reportgen.publish.build import load
from tests.conftest import EXAMPLE_INPUTS, copy_inputs, expected_in_pdf, normalise

MONTH = "2023-11"
CONFIRMED_PLACES = {
    "ذيبان": 1,
    "مخيم الهول": 1,
    "البصيرة": 1,
    "الشدادي": 1,
    "الشحيل": 1,
    "الكرامة": 1,
    "هجين": 1,
    "مركدة": 1,
    "المنصورة": 1,
    "أبو حمام": 1,
    "الهول": 1,
}


@pytest.fixture(scope="module")
def example():
    loaded = load(EXAMPLE_INPUTS)
    return loaded, _plan(loaded)


def _plan(loaded, edition: str = "ar"):
    words = voice_for(loaded.project, edition).map_words(MONTH)
    return plan_map(loaded.project, loaded.dataset.attacks, MONTH, words)


def test_every_confirmed_attack_is_at_its_town(example):
    _, month_map = example
    confirmed = [m for m in month_map.markers if m.kind == "confirmed"]
    assert {m.position.label: m.count for m in confirmed} == CONFIRMED_PLACES
    assert not any(m.position.approximate for m in month_map.markers)
    dhiban = next(m for m in confirmed if m.position.label == "ذيبان")
    assert (dhiban.position.lat, dhiban.position.lon) == (35.01498, 40.51028)


def test_raids_in_a_neighbourhood_fall_back_to_its_town(example):
    _, month_map = example
    raids = Counter({m.position.label: m.count for m in month_map.markers if m.kind == "raid"})
    assert raids["الحسكة"] == 2  # «حي غويران، الحسكة» and «الحسكة»
    assert sum(raids.values()) == 10


def test_map_counts_agree_with_the_chart_the_table_and_the_markers(example):
    loaded, month_map = example
    project = loaded.project
    assert month_map.counts == {"deir_ez_zor": 5, "hasakah": 4, "raqqa": 2}
    voice = voice_for(project, "ar")
    context = build_context(project, loaded.dataset, MONTH, voice, [], month_map)
    attacks = next(s for s in context["sections"] if s["kind"] == "attacks")
    in_table = Counter(row["governorate"] for row in attacks["confirmed"])
    names = {key: g.name_ar for key, g in project.governorates.items()}
    assert in_table == {names[key]: n for key, n in month_map.counts.items()}
    on_map = Counter()
    for attack in project.months[MONTH].attacks:
        if attack.confirmed:
            on_map[attack.governorate] += 1
    confirmed_markers = sum(m.count for m in month_map.markers if m.kind == "confirmed")
    assert on_map == month_map.counts and confirmed_markers == sum(month_map.counts.values())
    summary = loaded.dataset.row(MONTH)
    assert sum(month_map.counts.values()) == int(summary["attacks"])
    assert "دير الزور: 5، الحسكة: 4، الرقة: 2" in month_map.draft.alt


def test_unknown_location_is_drawn_approximate_at_the_governorate_centre(tmp_path: Path):
    inputs = copy_inputs(tmp_path)
    attacks = inputs / MONTH / "attacks.yaml"
    attacks.write_text(
        attacks.read_text(encoding="utf-8").replace("location: هجين", "location: قرية مجهولة"),
        encoding="utf-8",
    )
    loaded = load(inputs)
    assert [w.message.split(":")[0] for w in loaded.warnings] == [
        "'قرية مجهولة' is not in the place gazetteer for دير الزور (deir_ez_zor)"
    ]
    month_map = _plan(loaded)
    approximate = [m for m in month_map.markers if m.position.approximate]
    centre = loaded.project.governorates["deir_ez_zor"]
    assert [(m.kind, m.count, m.position.lat, m.position.lon) for m in approximate] == [
        ("confirmed", 1, centre.lat, centre.lon)
    ]
    assert month_map.counts["deir_ez_zor"] == 5
    assert voice_for(loaded.project, "ar").positions_note(1) == (
        POSITIONS_NOTE + " عدد الأحداث المرسومة بموقع تقريبي هذا الشهر: 1."
    )


def test_the_english_map_names_places_in_english(example):
    loaded, arabic_map = example
    english_map = _plan(loaded, "en")
    confirmed = {m.position.label for m in english_map.markers if m.kind == "confirmed"}
    assert {"Dhiban", "Hajin", "al-Busayrah", "al-Hol camp"} <= confirmed
    assert not any(label and "ذ" in label for label in confirmed)
    assert english_map.counts == arabic_map.counts
    assert "Confirmed attacks by governorate: Deir ez-Zor: 5; Hasakah: 4; Raqqa: 2." in (
        english_map.draft.alt
    )
    assert english_map.draft.title == "Attacks and raids by location, November 2023"


def test_the_map_is_drawn_as_png_and_svg_and_for_a_phone(example):
    _, month_map = example
    chart = draw_map(month_map)
    assert chart.id == "map" and chart.png.startswith(b"\x89PNG") and b"<svg" in chart.svg
    with (
        PILImage.open(io.BytesIO(chart.png)) as wide,
        PILImage.open(io.BytesIO(chart.narrow)) as phone,
    ):
        assert abs(wide.width - WIDE.width_in * 200) < 1
        assert abs(phone.width - NARROW.width_in * 300) < 1 and phone.mode == "P"


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=["wide", "narrow"])
def test_the_map_draws_no_title(example, layout):
    """The page gives the title as a caption, which wraps where a drawn one was cut."""
    _, month_map = example
    with chart_style(DEFAULT_PALETTE):
        fig = month_map.draft.figure() if layout is WIDE else month_map.draft.narrow()
    drawn = [t.get_text() for t in fig.findobj(Text)]
    assert month_map.draft.title.startswith("الهجمات والمداهمات حسب الموقع")
    assert not [t for t in drawn if "حسب الموقع" in t or "نوفمبر" in t or "2023" in t]


def test_a_month_without_events_has_no_map(tmp_path: Path):
    inputs = copy_inputs(tmp_path)
    for name in ("attacks", "raids", "casualties"):
        (inputs / MONTH / f"{name}.yaml").unlink()
    loaded = load(inputs)
    assert _plan(loaded) is None


# --- in the built briefing ----------------------------------------------------------------------


def test_the_built_map_has_alt_text_credit_and_copies(example_build: Path):
    tree = html5lib.parse(
        (example_build / "sitrep-2023-11.html").read_text(encoding="utf-8"),
        namespaceHTMLElements=False,
    )
    section = tree.find(".//section[@id='attacks']")
    figure = section.find(".//figure[@id='chart-map']")
    img = figure.find(".//img")
    alt = img.get("alt")
    assert img.get("src").startswith("data:image/jpeg;base64,")
    assert "الهجمات المؤكدة حسب المحافظة: دير الزور: 5، الحسكة: 4، الرقة: 2." in alt
    [caption] = figure.findall("figcaption")
    assert figure[0] is caption and caption.get("class") == "chart-title"
    assert caption.text == "الهجمات والمداهمات حسب الموقع، تشرين الثاني (نوفمبر) 2023"
    source = figure.find("picture/source")
    assert source.get("media") == "(max-width: 40rem)"
    assert source.get("srcset").startswith("data:image/png;base64,")
    credit_line = figure.find("p[@class='chart-credit']")
    credit = " ".join("".join(credit_line.itertext()).split())
    assert credit == ATTRIBUTION
    licences = [span.text for span in credit_line.findall("span")]
    assert "CC\u00a0BY-IGO\u00a03.0" in licences and "CC\u00a0BY\u00a04.0" in licences
    note = tree.find(".//section[@id='notes']/p[@class='positions-note']")
    assert "".join(note.itertext()) == POSITIONS_NOTE
    assert (example_build / "charts" / "map.svg").stat().st_size > 0
    assert (example_build / "charts" / "map.png").read_bytes().startswith(b"\x89PNG")


def test_the_pdf_prints_the_title_the_credit_and_the_positions_note(example_build: Path):
    pdf = pypdfium2.PdfDocument(example_build / "sitrep-2023-11.pdf")
    text = normalise(" ".join(page.get_textpage().get_text_range() for page in pdf))
    for fragment in (
        "الهجمات والمداهمات حسب الموقع، تشرين الثاني (نوفمبر) 2023",
        "الحدود الإدارية",
        "لا تعني الحدود والأسماء المبينة",
        "هذه الخريطة اعترافاً أو قبولاً رسمياً",
        "ويُرسم بعلامة «موقع تقريبي»",
    ):
        assert expected_in_pdf(fragment) in text
    assert "GeoNames" in text and "Natural" in text and "OCHA" in text


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=["wide", "narrow"])
def test_labels_do_not_collide_and_every_place_with_events_is_named(example, layout):
    _, month_map = example
    with chart_style(DEFAULT_PALETTE):
        fig = month_map.draft.figure() if layout is WIDE else month_map.draft.narrow()
        renderer = fig.canvas.get_renderer()
        texts = [t for t in fig.axes[0].texts if t.get_text()]
        boxes = [t.get_window_extent(renderer) for t in texts]
        lines = [line for line in fig.axes[0].lines if line.get_marker() not in ("None", None)]
        markers = [line.get_window_extent(renderer) for line in lines]
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert not box.overlaps(other), (texts[index].get_text(), other)
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        if not any(marker.contains(*centre) for marker in markers):  # not a marker's count
            assert not any(box.overlaps(marker) for marker in markers), texts[index].get_text()
    places = {m.position.label for m in month_map.markers}
    drawn = {t.get_text() for t in texts}
    assert {shaped(place) for place in places} <= drawn
    assert {shaped(name) for name in ("دير الزور", "الحسكة", "الرقة", "حلب")} <= drawn


def _legend_on_a_phone(labels: list[str]) -> tuple[float, bool]:
    """The legend's height (inches) on a phone's map, and whether it lies within the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    with chart_style(DEFAULT_PALETTE):
        fig = Figure(figsize=(NARROW.width_in, 3))
        FigureCanvasAgg(fig)
        keys = [(Line2D([], [], marker="o", linestyle="none"), label) for label in labels]
        height = mapkeys.legend(fig, keys, NARROW.legend_columns)
        [legend] = fig.legends
        box = legend.get_window_extent(fig.canvas.get_renderer())
    return height, box.x0 >= 0 and box.x1 <= fig.bbox.width


def test_a_legend_too_wide_for_a_phone_takes_fewer_columns():
    long = ["هجوم مؤكد (الرقم: عدد الهجمات في الموقع)", "هجوم غير مؤكد", "مداهمة"]
    one_row, inside = _legend_on_a_phone(["هجوم مؤكد", "مداهمة"])
    assert inside
    four_rows, inside = _legend_on_a_phone([*long, "موقع تقريبي (مركز المحافظة)"])
    assert inside and four_rows > 3 * one_row
