"""How the pages get plotly.js: the vendored basic bundle in Voila, the extension elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets
import plotly
import pytest

from pmo_exercises.widgets import _common
from pmo_exercises.widgets._common import (
    PLOTLY_BASIC_JS,
    PLOTLY_BASIC_TRACES,
    PLOTLY_MIME,
    figure_pane,
    plotly_loader,
    show_figure,
    shown_figure,
)

HEATMAP = {"data": [{"type": "heatmap", "z": [[1, 2], [3, 4]]}], "layout": {}}


@pytest.fixture
def voila_page(monkeypatch):
    """Run as a Voila page's kernel does, and collect what the cell displays."""
    import IPython.display

    shown: list = []
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: shown.extend(objs))
    return shown


@pytest.fixture
def notebook(monkeypatch):
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)


def _version(header: str) -> str:
    found = re.search(r"plotly\.js.*? v(\d+\.\d+\.\d+)", header)
    assert found, header
    return found.group(1)


def test_the_vendored_bundle_is_the_plotly_js_of_plotly_for_python() -> None:
    """A figure from plotly for Python must mean the same to the pages' plotly.js."""
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    ours = PLOTLY_BASIC_JS.read_text(encoding="utf-8")
    assert _version(ours[:300]) == _version(full.read_text(encoding="utf-8")[:300]), (
        "update pmo_exercises/widgets/static/plotly-basic.min.js: see its README"
    )
    assert "(basic - minified)" in ours[:300]
    assert (PLOTLY_BASIC_JS.parent / "LICENSE-plotly.js").read_text().startswith("MIT License")


def test_on_a_voila_page_the_loader_sends_the_basic_bundle_before_the_app(voila_page) -> None:
    pane = plotly_loader()
    assert pane.outputs == () and pane.layout.display == "none"
    assert len(voila_page) == 1
    html = voila_page[0].data
    assert html.startswith("<script>if (!window.Plotly) {")  # a second app on a page: run once
    assert PLOTLY_BASIC_JS.read_text(encoding="utf-8") in html
    assert html.lower().count("</script") == 1, "only the loader's own closing tag"
    assert "document.currentScript.remove()" in html


def test_in_a_notebook_the_loader_lets_the_plotly_extension_load_plotly_js(notebook) -> None:
    pane = plotly_loader()
    assert PLOTLY_MIME in pane.outputs[0]["data"]


def test_fast_panes_draw_their_first_figure_from_the_page_s_plotly_js(voila_page) -> None:
    plotly_loader()
    pane = figure_pane({"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {}}, fast=True)
    assert "window.Plotly.newPlot" in pane.outputs[0]["data"]["text/html"]
    assert shown_figure(pane)["data"][0]["y"] == [2]


def test_a_redrawn_figure_updates_its_pane_s_last_drawing(voila_page) -> None:
    """Each drawing is a new figure id; the pane's key stays, so the page can Plotly.react."""
    plotly_loader()
    pane, other = figure_pane(fast=True), figure_pane(fast=True)
    scripts = []
    for target, y in ((pane, 1), (pane, 2), (other, 3)):
        bars = {"data": [{"type": "bar", "x": [1], "y": [y]}], "layout": {}}
        show_figure(target, bars, fast=True)
        html = target.outputs[0]["data"]["text/html"]
        scripts.append(
            (re.search(r'var id = "([^"]+)"', html)[1], re.search(r'pane = "([^"]+)"', html)[1])
        )
    (first, key), (second, same_key), (_, other_key) = scripts
    assert first != second and key == same_key == pane.model_id != other_key
    assert "window.Plotly.react" in html


def test_a_trace_the_basic_bundle_cannot_draw_is_refused_on_a_page(voila_page) -> None:
    """An empty chart on a page would be a silent failure: say why instead."""
    pane = figure_pane(fast=True)
    with pytest.raises(ValueError, match="cannot draw heatmap traces"):
        show_figure(pane, HEATMAP, fast=True)


def test_a_notebook_draws_any_trace_with_the_extension(notebook) -> None:
    pane = widgets.Output()
    show_figure(pane, HEATMAP)
    assert shown_figure(pane)["data"][0]["type"] == "heatmap"


def _figures(app) -> list[dict]:
    """Every figure shown in `app`'s widget tree."""
    found, stack = [], [app]
    while stack:
        widget = stack.pop()
        if isinstance(widget, widgets.Output) and shown_figure(widget) is not None:
            found.append(shown_figure(widget))
        stack.extend(getattr(widget, "children", ()))
    return found


@pytest.mark.parametrize(
    "name", ["cockpit", "what_if", "risk_explorer", "portfolio_selection", "pmo_game"]
)
def test_every_page_draws_only_traces_of_the_basic_bundle(voila_page, name) -> None:
    import pmo_exercises.widgets as apps

    app = getattr(apps, name)()
    try:
        if name == "what_if":  # every intervention draws its own comparison
            for option in app.intervention.options:
                app.intervention.value = option[1] if isinstance(option, tuple) else option
        figures = _figures(app)
        assert figures, f"{name} shows no figure"
        kinds = {t.get("type", "scatter") for f in figures for t in f["data"]}
        assert kinds <= PLOTLY_BASIC_TRACES
        assert sum("window.Plotly" in getattr(o, "data", "") for o in voila_page) == 1
    finally:
        app.close()


def test_the_bundle_is_read_once_per_kernel() -> None:
    assert _common.plotly_basic_html() is _common.plotly_basic_html()
