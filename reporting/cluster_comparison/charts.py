"""The comparison as chart data: series for Chart.js on the page, and the same bars drawn server-side as
inline SVG for the PDF, so the printed charts and the screen show the same figures in the same colours."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape

from .figures import Comparison
from .formatting import points_text

# One colour per school, in the order of the cluster's schools (by name), the same in every chart.
PALETTE = [
    "#0d6efd",
    "#dc3545",
    "#198754",
    "#fd7e14",
    "#6f42c1",
    "#20c997",
    "#d63384",
    "#6c757d",
    "#0dcaf0",
    "#ffc107",
    "#6610f2",
    "#795548",
]


def colour_of(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def school_colours(comparison: Comparison) -> dict[int, str]:
    return {school.school_id: colour_of(i) for i, school in enumerate(comparison.history.schools)}


def chart_data(comparison: Comparison) -> dict:
    """What the page's script draws (passed with json_script): grouped bars per criterion group with one
    series per school, a bar of each school's total, and each school's total year over year."""
    colours = school_colours(comparison)
    table = comparison.table
    data: dict = {"groups": None, "totals": None, "years": None}
    if table is not None:
        data["groups"] = {
            "labels": [group.label for group in table.groups],
            "datasets": [
                {
                    "label": row.name,
                    "color": colours[row.school_id],
                    "data": [_number(v) for v in row.group_totals],
                }
                for row in table.rows
            ],
        }
        data["totals"] = {
            "labels": [row.name for row in table.rows],
            "colors": [colours[row.school_id] for row in table.rows],
            "data": [_number(row.final_total) for row in table.rows],
        }
    history = comparison.history
    if history.years:
        data["years"] = {
            "labels": history.years,
            "datasets": [
                {
                    "label": school.name,
                    "color": colours[school.school_id],
                    "data": [_number(v) for v in school.totals],
                }
                for school in history.schools
            ],
        }
    return data


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above `value`, so the axis has round ticks."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def bars_svg(categories: list[str], series: list[dict], *, width: int = 1000, height: int = 260) -> str:
    """Vertical bars: for each category, one bar per series ({"label", "color", "data"}), with a value
    axis and the category labels; the legend is drawn by the caller as HTML. Values missing are not drawn."""
    left, right, top, bottom = 44, 8, 10, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s["data"] if v is not None]
    ceiling = _nice_ceiling(max(values, default=0.0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'font-family="Liberation Serif, DejaVu Serif, serif" font-size="11">'
    ]
    for tick in range(5):
        value = ceiling * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ccc"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{points_text(value)}</text>')
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    for c, category in enumerate(categories):
        x0 = left + c * slot + slot * 0.1
        for s, one in enumerate(series):
            value = one["data"][c]
            if value is None:
                continue
            bar_h = plot_h * value / ceiling
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                f'height="{bar_h:.1f}" fill="{one["color"]}"><title>{escape(one["label"])}: {points_text(value)}</title></rect>'
            )
        label = category if len(category) <= 40 else category[:38] + "…"
        parts.append(
            f'<text x="{left + c * slot + slot / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#000"/></svg>'
    )
    return "".join(parts)


def hbars_svg(labels: list[str], values: list[float | None], colours: list[str], *, width: int = 1000) -> str:
    """Horizontal bars, one per label, with the value written at the end of each bar: long school names
    stay readable at the left."""
    label_w, value_w, row_h = 300, 60, 22
    height = row_h * len(labels) + 4
    plot_w = width - label_w - value_w
    ceiling = _nice_ceiling(max((v for v in values if v is not None), default=0.0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'font-family="Liberation Serif, DejaVu Serif, serif" font-size="13">'
    ]
    for i, (label, value, colour) in enumerate(zip(labels, values, colours, strict=True)):
        y = 2 + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 15}">—</text>')
            continue
        bar_w = plot_w * value / ceiling
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w:.1f}" height="{row_h - 6}" fill="{colour}"/>'
            f'<text x="{label_w + bar_w + 4:.1f}" y="{y + 15}">{points_text(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def pdf_charts(comparison: Comparison) -> dict:
    """The PDF's bars: per criterion group (one bar per school) and the totals, as inline SVG."""
    table = comparison.table
    if table is None or not table.rows:
        return {}
    colours = school_colours(comparison)
    group_series = [
        {"label": row.name, "color": colours[row.school_id], "data": [_number(v) for v in row.group_totals]}
        for row in table.rows
    ]
    return {
        "groups_svg": bars_svg([g.code or g.name for g in table.groups], group_series),
        "totals_svg": hbars_svg(
            [row.name for row in table.rows],
            [_number(row.final_total) for row in table.rows],
            [colours[row.school_id] for row in table.rows],
        ),
        "legend": [{"name": row.name, "color": colours[row.school_id]} for row in table.rows],
    }
