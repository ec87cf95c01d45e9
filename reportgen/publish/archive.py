"""The readers' archive: output/index.html, every published month newest first, self-contained,
with each month's corrections, link-preview metadata, and the Atom feeds beside it (feeds.py).

Only published months are shown, and only their figures: a draft is in no listing, no feed and
no chart (not even as an empty column), whatever its place among the published months.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.briefing import arabic
from reportgen.briefing.render import TEMPLATE_DIR, render_html
from reportgen.files import write_atomic
from reportgen.input.loader import full_months
from reportgen.publish.unchanged import INDEX_STAMP as STAMP

if TYPE_CHECKING:
    from reportgen.briefing.chartdraw import Chart
    from reportgen.publish.build import Loaded

FIGURES = (
    ("attacks", "هجمات مؤكدة"),
    ("killed", "قتلى"),
    ("wounded", "جرحى"),
    ("raids", "مداهمات"),
    ("detained", "معتقلون"),
)


def published_months(loaded: Loaded, output: Path) -> list[str]:
    """Full months whose report says `status: published` and whose HTML and PDF in `output` were
    built as published, newest first. A draft's files may be there (the editor builds to read
    them) but are never listed, nor files built before the month was published."""
    from reportgen.briefing.voices import edition_file
    from reportgen.publish.build import built_status

    return [
        month
        for month in reversed(full_months(loaded.project))
        if loaded.project.months[month].report.status == "published"
        and built_status(output, month) == "published"
        and all(
            (output / month / edition_file(month, edition, ext)).exists()
            for edition in loaded.project.publication.editions
            for ext in ("html", "pdf")
        )
    ]


def write_index(loaded: Loaded, output: Path, templates: Path = TEMPLATE_DIR) -> tuple[Path, bool]:
    """Write output/index.html unless up to date; returns its path and whether it was written.
    Refused (an InputError) while the publishing gate refuses any month."""
    from reportgen.publish.build import chart_cache
    from reportgen.publish.fingerprint import index_fingerprint
    from reportgen.publish.gate import refuse_unpublishable

    refuse_unpublishable(loaded)
    from reportgen.briefing.social import FEED_FILES
    from reportgen.publish.feeds import write_feeds

    months = published_months(loaded, output)
    fingerprint = index_fingerprint(loaded.project, months, templates, loaded.digests)
    index, stamp = output / "index.html", output / STAMP
    feeds = [output / FEED_FILES[e] for e in loaded.project.publication.editions]
    current = all(path.exists() for path in (index, stamp, *feeds))
    if current and stamp.read_text() == fingerprint:
        return index, False
    html = render_html(
        archive_context(loaded, months, chart_cache(output), output),
        templates,
        template="index.html.j2",
        font_cache=output / ".cache" / "fonts",
    )
    output.mkdir(parents=True, exist_ok=True)
    write_feeds(loaded, months, output)
    write_atomic(index, html)
    write_atomic(stamp, fingerprint)
    return index, True


def archive_context(
    loaded: Loaded,
    months: list[str],
    chart_cache: Path | None = None,
    output: Path | None = None,
) -> dict[str, Any]:
    from reportgen.briefing.context import chart_item, document_info, palette, publication_info
    from reportgen.briefing.voices import voice_for

    project = loaded.project
    voice = voice_for(project, "ar")
    digits = project.publication.digits
    title = f"أرشيف {project.publication.report_name}"
    chart = _archive_chart(loaded, months, chart_cache)
    return {
        "document": document_info(project, voice, title, project.publication.region),
        "palette": palette(project),
        "publication": publication_info(project, voice),
        "social": _social(loaded, title, months, output),
        "title": title,
        "chart": chart_item(chart) if chart else None,
        "months": [_month_entry(loaded, month, digits) for month in months],
    }


def _archive_chart(loaded: Loaded, months: list[str], chart_cache: Path | None) -> Chart | None:
    """The trend of confirmed attacks over the archive's `months` (None without months)."""
    from reportgen.briefing.charts import archive_chart
    from reportgen.briefing.context import palette
    from reportgen.briefing.voices import voice_for

    if not months:
        return None
    words = voice_for(loaded.project, "ar").chart_words()
    summary = readers_summary(loaded, months)
    hidden = hidden_months(loaded, months)
    return archive_chart(summary, months[0], words, palette(loaded.project), chart_cache, hidden)


def draw_chart_ahead(loaded: Loaded, output: Path, building: list[str]) -> None:
    """Draw into the chart cache the archive's chart as it will be once `building` are built
    (the months published now, and those of `building` that are published), while their PDFs
    print: `write_index` then finds it drawn. A wrong guess costs only the drawing."""
    from reportgen.publish.build import chart_cache

    project = loaded.project
    ahead = set(published_months(loaded, output)) | {
        month for month in building if project.months[month].report.status == "published"
    }
    months = [month for month in reversed(full_months(project)) if month in ahead]
    _archive_chart(loaded, months, chart_cache(output))


def readers_summary(loaded: Loaded, months: list[str]) -> Any:
    """The summary rows readers may see: the archive's months and the summary months."""
    project = loaded.project
    summary = loaded.dataset.summary
    shown = set(months) | {key for key, m in project.months.items() if m.is_summary}
    return summary[summary["month"].isin(shown)]


def hidden_months(loaded: Loaded, months: list[str]) -> frozenset[str]:
    """Months the inputs have that the archive does not show: drafts, and months not built as
    published. Its chart leaves them out entirely rather than as empty columns."""
    project = loaded.project
    return frozenset(
        key for key, m in project.months.items() if not m.is_summary and key not in months
    )


def _social(loaded: Loaded, title: str, months: list[str], output: Path | None) -> dict[str, Any]:
    """The archive's link preview: its title, the newest month's headline, that month's first
    chart (the map) as the image when it was written."""
    from reportgen.briefing.social import page_metadata

    project = loaded.project
    newest = months[0] if months else None
    image = None
    if newest and output is not None:
        charts = output / newest / "charts"
        found = sorted(charts.glob("*.png"), key=lambda p: (p.stem != "map", p.stem))
        image = f"{newest}/charts/{found[0].name}" if found else None
    description = project.months[newest].report.title if newest else project.publication.region
    return page_metadata(
        project,
        title=title,
        description=description,
        page="index.html",
        image=image,
        kind="website",
    )


def _month_entry(loaded: Loaded, month: str, digits: str) -> dict[str, Any]:
    from reportgen.briefing.context import shown_corrections
    from reportgen.briefing.voices import voice_for

    row = loaded.dataset.row(month)
    return {
        "corrections": shown_corrections(
            loaded.project.months[month], voice_for(loaded.project, "ar")
        ),
        "other_editions": _other_editions(loaded, month),
        "key": month,
        "label": arabic.month_label(month, digits),
        "headline": loaded.project.months[month].report.title,
        "html": f"{month}/sitrep-{month}.html",
        "pdf": f"{month}/sitrep-{month}.pdf",
        "figures": [
            {"label": label, "value": arabic.format_number(_int(row[column]), digits)}
            for column, label in FIGURES
        ],
    }


def _other_editions(loaded: Loaded, month: str) -> list[dict[str, str]]:
    """The month's English edition (when built), linked with its language for `hreflang`."""
    from reportgen.briefing.voices import edition_file

    if "en" not in loaded.project.publication.editions:
        return []
    return [
        {
            "lang": "en",
            "label": "English",
            "html": f"{month}/{edition_file(month, 'en', 'html')}",
            "pdf": f"{month}/{edition_file(month, 'en', 'pdf')}",
        }
    ]


def _int(value: object) -> int:
    import pandas as pd

    return 0 if pd.isna(value) else int(value)
