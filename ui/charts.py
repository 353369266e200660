"""Line charts the Kalkyler page draws: Vega-Lite specs where colour is never the only cue and the chart has a text name.

Each series gets its own colour (at least 3:1 against white, WCAG 1.4.11), line dash and point shape, so
plan and scenario stay apart in greyscale and for colour-blind readers; ``chart_description`` becomes the
chart's accessible name (``alt``), and the page shows the same figures as a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ui.tables import is_missing, swedish_table

SERIES = "Serie"
VALUE = "Värde"
COLOURS = ("#1a5fb4", "#a23b00", "#26734d")
"""Dark blue, dark orange, dark green: 6.3:1, 6.4:1 and 5.9:1 against white."""
DASHES = ([1, 0], [6, 4], [2, 2])
"""Solid, dashed, dotted: the second cue after colour."""
SHAPES = ("circle", "square", "triangle-up")
"""Point shapes: the third cue, visible at every data point."""
TEXT = "#3d3b39"
CONFIG = {
    "locale": {"number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}},
    "axis": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 13, "titleFontSize": 13},
    "legend": {"labelColor": TEXT, "labelFontSize": 13},
}
"""Swedish number format on the axes ("-1 000", not "-1,000") and axis text dark enough for 4.5:1 (1.4.3)."""


def line_chart_spec(series: Sequence[str], x: str, x_title: str, y_title: str) -> dict:
    """A Vega-Lite line chart of the wide frame's ``series`` columns against its ``x`` column.

    Args:
        series: the columns to draw, at most three, in legend order (``["Plan", "Scenario"]``).
        x: the column on the x axis, read as ordinal labels ("2027", not 2,027).
        x_title, y_title: the axis titles, with the unit in ``y_title``.

    Returns:
        The spec for ``st.vega_lite_chart(frame, spec, alt=chart_description(...))``; ``alt`` names the chart.
    """
    domain = list(series)
    count = len(domain)
    return {
        "config": CONFIG,
        "transform": [{"fold": domain, "as": [SERIES, VALUE]}],
        "mark": {"type": "line", "strokeWidth": 2.5, "point": {"filled": True, "size": 70}},
        "encoding": {
            "x": {"field": x, "type": "ordinal", "title": x_title, "axis": {"labelAngle": 0}},
            "y": {"field": VALUE, "type": "quantitative", "title": y_title},
            "color": {
                "field": SERIES,
                "type": "nominal",
                "scale": {"domain": domain, "range": list(COLOURS[:count])},
                "legend": {"title": None, "orient": "bottom", "symbolStrokeWidth": 2.5},
            },
            "strokeDash": {"field": SERIES, "type": "nominal", "scale": {"domain": domain, "range": list(DASHES[:count])}},
            "shape": {"field": SERIES, "type": "nominal", "scale": {"domain": domain, "range": list(SHAPES[:count])}},
            "tooltip": [
                {"field": x, "type": "ordinal", "title": x_title},
                {"field": SERIES, "type": "nominal", "title": SERIES},
                {"field": VALUE, "type": "quantitative", "title": y_title, "format": ",.0f"},
            ],
        },
    }


def chart_description(frame: pd.DataFrame, series: Sequence[str], subject: str, unit: str) -> str:
    """The chart's accessible name in Swedish: what it shows and each series' first and last figure.

    >>> frame = pd.DataFrame({"År": ["2026", "2030"], "Plan": [-1005.0, 55.0]})
    >>> print(chart_description(frame, ["Plan"], "Underskott", "mkr"))
    Linjediagram: Underskott per år 2026–2030 (mkr). Plan: -1 005 år 2026, 55 år 2030. Samma siffror finns i tabellen bredvid.
    """
    years = frame.iloc[:, 0].astype(str).tolist()
    parts = [f"Linjediagram: {subject} per år {years[0]}–{years[-1]} ({unit})."]
    for name in series:
        values = frame[name].tolist()
        parts.append(f"{name}: {_number(values[0])} år {years[0]}, {_number(values[-1])} år {years[-1]}.")
    parts.append("Samma siffror finns i tabellen bredvid.")
    return " ".join(parts)


def figures_table(frame: pd.DataFrame, series: Sequence[str], unit: str) -> pd.DataFrame:
    """The chart's figures as the table beside it: each series' column named with its unit, figures as printed.

    >>> figures_table(pd.DataFrame({"År": ["2026"], "Plan": [-1005.0]}), ["Plan"], "mkr").to_dict("records")
    [{'År': '2026', 'Plan (mkr)': '-1 005'}]
    """
    shown = frame.copy()
    for name in series:
        shown[name] = shown[name].map(lambda value: "" if is_missing(value) else _number(value))
    return swedish_table(shown.rename(columns={name: f"{name} ({unit})" for name in series}))


def _number(value: float) -> str:
    """A figure as the documents print it: thin grouping by space, no decimals when whole."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}".replace(".", "#")
    return text.replace(",", " ").replace("#", ",")
