"""The Kalkyler charts: colour is never the only cue, every chart has a Swedish text name and a table."""

from __future__ import annotations

import pandas as pd

from ui.charts import COLOURS, chart_description, figures_table, line_chart_spec

# Regionplan och budget 2026–2028, tabell 3: UB 2026 -1 005 mkr, UB 2030 55 mkr
FRAME = pd.DataFrame({"År": ["2026", "2027", "2030"], "Plan": [-1005.0, -745.0, 55.0], "Scenario": [-1005.0, -645.0, 155.0]})


def contrast(colour: str) -> float:
    """WCAG contrast ratio of ``#rrggbb`` against white."""

    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05)


def test_plan_and_scenario_differ_in_colour_dash_and_shape():
    encoding = line_chart_spec(["Plan", "Scenario"], "År", "År", "mkr")["encoding"]
    for channel in ("color", "strokeDash", "shape"):
        scale = encoding[channel]["scale"]
        assert scale["domain"] == ["Plan", "Scenario"]
        assert len({str(value) for value in scale["range"]}) == 2, channel


def test_series_colours_meet_non_text_contrast():
    assert all(contrast(colour) >= 3 for colour in COLOURS)


def test_years_are_labels_and_numbers_swedish():
    spec = line_chart_spec(["Plan"], "År", "År", "mkr")
    assert spec["encoding"]["x"]["type"] == "ordinal"  # "2027", not "2,027"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_description_names_each_series_first_and_last_figure():
    text = chart_description(FRAME, ["Plan", "Scenario"], "ej återställt underskott", "mkr")
    assert text == (
        "Linjediagram: ej återställt underskott per år 2026–2030 (mkr). Plan: -1 005 år 2026, 55 år 2030. "
        "Scenario: -1 005 år 2026, 155 år 2030. Samma siffror finns i tabellen bredvid."
    )


def test_the_table_beside_the_chart_holds_the_same_figures_with_units():
    table = figures_table(FRAME, ["Plan", "Scenario"], "mkr")
    assert list(table.columns) == ["År", "Plan (mkr)", "Scenario (mkr)"]
    assert table.iloc[1].tolist() == ["2027", "-745", "-645"]
