"""The portfolio cockpit: set its controls, check the views against the analytics."""

from __future__ import annotations

import re

import pytest

from pmo_exercises import planning, reporting
from pmo_exercises.widgets import cockpit
from pmo_exercises.widgets._common import (
    guarded,
    html_table,
    light_figure,
    rag_badge,
    show_figure,
    shown_figure,
)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _rows(table_html: str) -> dict[str, str]:
    """Project id -> the text of its row in the cockpit table."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table_html)[1:]  # skip the heading
    return {_text(r).split(" ")[0]: _text(r) for r in rows}


@pytest.fixture(scope="module")
def app(teaching):
    return cockpit(teaching)


def test_starts_at_the_latest_week_on_a_watermelon(teaching) -> None:
    """The slider spans every status week and starts at the latest; a watermelon is open."""
    app = cockpit(teaching)
    assert (app.week.min, app.week.max, app.week.value) == (1, 26, teaching.status_week)
    board = reporting.portfolio_dashboard(teaching)
    melons = board.loc[board["watermelon"], "project_id"].tolist()
    assert melons, "the teaching portfolio has a watermelon at its status date"
    assert app.project.value == melons[0]
    assert "watermelon" in _text(app.headline.value)


@pytest.mark.parametrize("week", [pytest.param(4, id="early"), pytest.param(15, id="middle")])
def test_table_follows_the_week(app, teaching, week) -> None:
    """Each project's row shows the dashboard's RAG, SPI and flag at the chosen week."""
    app.week.value = week
    board = reporting.portfolio_dashboard(teaching, week=week).set_index("project_id")
    rows = _rows(app.table.value)
    assert sorted(rows) == sorted(board.index)
    for pid, row in board.iterrows():
        text = rows[pid]
        expected_rag = row["overall_rag"] if isinstance(row["overall_rag"], str) else "n/a"
        assert expected_rag in text
        if row["spi"] == row["spi"]:
            assert f"{row['spi']:.2f}" in text
        assert ("watermelon" in text) == bool(row["watermelon"])
    assert f"Week {week}" in _text(app.summary.value)
    counts = board["overall_rag"].value_counts()
    for rag in ("red", "amber", "green"):
        assert f"{int(counts.get(rag, 0))} {rag}" in _text(app.summary.value)
    app.week.value = app.week.max


def test_watermelon_count_moves_with_the_week(app, teaching) -> None:
    """Week 4 has three watermelons and week 26 one, as rag_history says."""
    history = reporting.rag_history(teaching)
    for week in (4, 26):
        app.week.value = week
        expected = int(history.loc[history["week"] == week, "watermelon"].sum())
        watermelon_rows = app.table.value.count('class="pmo-flag"')
        assert watermelon_rows == expected
        assert f"{expected} watermelon" in _text(app.summary.value)
    assert app.table.value.count('class="pmo-flag"') == 1


def test_drill_down_shows_the_project_at_the_week(app, teaching) -> None:
    """The Gantt, S-curve and risks show the chosen project at the chosen week."""
    app.week.value = 10
    app.project.value = "P03"
    gantt = shown_figure(app.gantt)
    assert gantt is not None and "P03" in gantt["layout"]["title"]["text"]
    schedule = planning.portfolio_schedule(teaching, week=10, basis="actual")
    critical = schedule[(schedule["project_id"] == "P03") & schedule["critical"]]
    shown_critical = [
        y for trace in gantt["data"] if trace["name"].startswith("Critical") for y in trace["y"]
    ]
    assert critical.index.tolist(), "P03 has a critical path"
    assert len(shown_critical) == len(critical)
    curve = shown_figure(app.s_curve)
    assert [t["name"] for t in curve["data"]][:3] == [
        "PV (planned value)",
        "EV (earned value)",
        "AC (actual cost)",
    ]
    assert len(curve["data"][0]["x"]) == 11  # weeks 0 to 10
    board = reporting.portfolio_dashboard(teaching, week=10).set_index("project_id")
    for risk_id in board.at["P03", "top_risks"].split(", "):
        assert risk_id in app.risks.value
    assert "P03 Market Entry: Nordics" in _text(app.headline.value)
    assert "at week 10" in _text(app.headline.value)


def test_changing_the_week_redraws_the_project(app) -> None:
    """Moving the slider redraws the open project's charts at the new week."""
    app.project.value = "P01"
    app.week.value = 8
    assert len(shown_figure(app.s_curve)["data"][0]["x"]) == 9
    app.week.value = 20
    assert len(shown_figure(app.s_curve)["data"][0]["x"]) == 21
    assert "week 20" in shown_figure(app.gantt)["layout"]["title"]["text"]


def test_bad_arguments_are_refused(teaching) -> None:
    with pytest.raises(ValueError, match="no project 'P99'"):
        cockpit(teaching, project="P99")
    with pytest.raises(ValueError, match="basis"):
        cockpit(teaching, basis="gut feeling")


# --- the shared helpers the cockpit is built from (pmo_exercises.widgets._common) ---------


def test_figures_travel_as_the_plotly_mime_type() -> None:
    import ipywidgets as widgets
    import plotly.graph_objects as go

    pane = widgets.Output()
    assert shown_figure(pane) is None
    show_figure(pane, go.Figure(go.Bar(x=[1], y=[2], name="bars"), layout_title_text="T"))
    (output,) = pane.outputs
    assert set(output["data"]) == {"application/vnd.plotly.v1+json", "text/plain"}
    assert shown_figure(pane)["data"][0]["name"] == "bars"
    show_figure(pane, None)
    assert pane.outputs == ()


def test_light_figure_drops_the_template_and_fixes_the_margin() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=["a"]), layout_template="plotly_white")
    light = light_figure(fig, y_labels_px=200)
    assert "template" not in light["layout"]
    assert light["layout"]["yaxis"]["automargin"] is False
    assert light["layout"]["margin"]["l"] == 200
    assert light["layout"]["plot_bgcolor"] == "white"


def test_rag_badges_and_tables() -> None:
    import pandas as pd

    assert "pmo-rag-red" in rag_badge("red") and ">n/a<" in rag_badge(None)
    with pytest.raises(ValueError, match="red, amber or green"):
        rag_badge("purple")
    table = html_table(
        pd.DataFrame({"r": ["green", None], "x": [1.0, None]}),
        {"r": "R", "x": "X"},
        rag_columns=["r"],
    )
    assert table.count("<tr>") == 3 and "pmo-rag-green" in table and "–" in table
    with pytest.raises(ValueError, match="no column 'y'"):
        html_table(pd.DataFrame({"x": [1]}), {"y": "Y"})


def test_guarded_turns_bad_input_into_one_line() -> None:
    import ipywidgets as widgets

    status = widgets.HTML()

    @guarded(status)
    def callback(value):
        if value < 0:
            raise ValueError("value must be >= 0\nsecond line")
        return value

    assert callback(-1) is None
    assert "value must be &gt;= 0" in status.value and "second line" not in status.value
    assert callback(2) == 2 and status.value == ""


def test_fast_figures_load_plotly_first_then_draw_from_the_page() -> None:
    """fast=True: the first figure goes as the plotly mime type, later ones as HTML."""
    import ipywidgets as widgets

    pane = widgets.Output()
    figure = {"data": [{"type": "bar", "x": [1], "y": [2], "name": "</script><b>"}], "layout": {}}
    show_figure(pane, figure, fast=True)
    assert "application/vnd.plotly.v1+json" in pane.outputs[0]["data"]
    figure["data"][0]["y"] = [5]
    show_figure(pane, figure, fast=True)
    html = pane.outputs[0]["data"]["text/html"]
    assert html.count("</script>") == 2, "the figure's text never closes a script tag"
    assert "window.Plotly.newPlot" in html
    shown = shown_figure(pane)
    assert shown["data"][0]["y"] == [5] and shown["data"][0]["name"] == "</script><b>"
