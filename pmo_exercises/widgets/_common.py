"""What every scenario page shares: figures that work offline, RAG badges, layout.

Figures
    :func:`figure_pane` makes an :class:`ipywidgets.Output` and
    :func:`show_figure` puts a plotly figure in it: no CDN, no internet,
    nothing extra to install (``go.FigureWidget`` would need ``anywidget``).
    Replacing a figure is one message of figure JSON. :func:`shown_figure`
    reads back the figure a pane shows: that is what the widget tests assert
    on. Two ways to draw:

    * the plotly mime type (``application/vnd.plotly.v1+json``), drawn by the
      ``jupyterlab-plotly`` extension that ships inside the plotly package,
      full plotly.js included: the default, for figures in JupyterLab;
    * ``fast=True``: the figure JSON with a script that draws it with one
      ``Plotly.newPlot``, for pages holding a :func:`plotly_loader`. On a
      Voila page the loader brings plotly.js's basic bundle (scatter, bar and
      pie traces, shipped in ``static/``), which starts about 0.5 s sooner
      than the extension's full bundle; so the Voila pages draw every figure
      this way and load no plotly extension at all.
RAG
    :func:`rag_badge` is a coloured pill for a RAG value (the colours of
    :data:`pmo_exercises.charts.RAG_COLOURS`); :func:`html_table` lays out a
    table with badges in its RAG columns.
Layout and errors
    :func:`header`, :func:`card` and :func:`notice`; :func:`guarded` wraps a
    callback so that bad input shows a one-line message instead of a
    traceback.

Nothing here computes a PMO figure: the apps get them from the analytics.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import plotly.graph_objects as go

__all__ = [
    "PLOTLY_MIME",
    "RAG_COLOURS",
    "RAG_TEXT",
    "STYLE",
    "card",
    "figure_dict",
    "figure_pane",
    "fmt_date",
    "fmt_money",
    "fmt_number",
    "guarded",
    "header",
    "html_table",
    "light_figure",
    "notice",
    "plotly_loader",
    "rag_badge",
    "show_figure",
    "shown_figure",
]

# The panes whose page already has plotly.js, so a figure can be drawn with one
# Plotly.newPlot (see show_figure). Weak: a pane that is gone leaves no trace.
_PLOTLY_LOADED: weakref.WeakSet = weakref.WeakSet()

#: The mime type the plotly front-end extension draws.
PLOTLY_MIME = "application/vnd.plotly.v1+json"

#: RAG colours, the same as the charts' and the reports' (grey: not known).
RAG_COLOURS = {"red": "#c62828", "amber": "#f2a900", "green": "#2e7d32", "grey": "#9e9e9e"}
#: Text colour that reads on each badge.
RAG_TEXT = {"red": "#ffffff", "amber": "#1a1a1a", "green": "#ffffff", "grey": "#ffffff"}

#: Plotly options for the pages: no logo, no link to an online editor.
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


# --- figures ---------------------------------------------------------------------------


def _bundle(fig: go.Figure | dict) -> dict[str, Any]:
    """The display data of a figure (or a figure dict) as the plotly mime type, JSON-safe."""
    from plotly.io import to_json

    fig_dict = json.loads(to_json(fig, validate=False, remove_uids=False))
    fig_dict["config"] = dict(_PLOTLY_CONFIG)
    title = (fig_dict.get("layout", {}).get("title") or {}).get("text") or "plotly figure"
    return {PLOTLY_MIME: fig_dict, "text/plain": f"<figure: {title}>"}


def figure_dict(fig: go.Figure | dict) -> dict[str, Any]:
    """A figure as a JSON-safe plotly dict: cheap to show again with :func:`show_figure`."""
    from plotly.io import to_json

    return json.loads(to_json(fig, validate=False, remove_uids=False))


def light_figure(fig: go.Figure | dict, *, y_labels_px: int | None = None) -> dict[str, Any]:
    """A figure dict that plotly.js draws about twice as fast, looking the same.

    The ``plotly_white`` template is dropped and its look set directly (white
    background, light grid lines): plotly.js then has no template to merge
    into every trace and axis. With `y_labels_px`, the y axis stops measuring
    its tick labels to size the left margin (``automargin``, which costs a
    second drawing pass) and the margin is set to that many pixels.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure or dict
        The figure.
    y_labels_px : int, optional
        The width of the left margin for the y tick labels, in pixels.

    Returns
    -------
    dict
        A plotly figure dict for :func:`show_figure`.
    """
    out = figure_dict(fig)
    layout = out.setdefault("layout", {})
    layout.pop("template", None)
    layout.setdefault("plot_bgcolor", "white")
    layout.setdefault("paper_bgcolor", "white")
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        axis = layout.setdefault(name, {})
        axis.setdefault("gridcolor", "#ebf0f8")
        axis.setdefault("linecolor", "#ebf0f8")
        axis.setdefault("zerolinecolor", "#ebf0f8")
        axis.setdefault("automargin", True)
    if y_labels_px is not None:
        layout["yaxis"]["automargin"] = False
        layout.setdefault("margin", {})["l"] = int(y_labels_px)
    return out


def figure_pane(
    fig: go.Figure | dict | None = None, *, height: str | None = None, fast: bool = False
) -> widgets.Output:
    """An output area for a plotly figure, shown offline in Voila and JupyterLab.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure or dict, optional
        A figure to show at once.
    height : str, optional
        A CSS height for the pane (``"420px"``), so the page does not jump
        while a figure is replaced.
    fast : bool
        The page holds a :func:`plotly_loader`: draw every figure of this pane
        with ``show_figure(..., fast=True)``'s single ``Plotly.newPlot``, the
        first one included.

    Returns
    -------
    ipywidgets.Output
        Pass it to :func:`show_figure` to replace the figure.
    """
    pane = widgets.Output(layout=widgets.Layout(width="100%", min_height=height))
    if fast:
        _PLOTLY_LOADED.add(pane)
    if fig is not None:
        show_figure(pane, fig, fast=fast)
    return pane


def show_figure(pane: widgets.Output, fig: go.Figure | dict | None, *, fast: bool = False) -> None:
    """Show `fig` in `pane`, replacing what was there (``None`` empties it).

    Parameters
    ----------
    pane : ipywidgets.Output
        A pane from :func:`figure_pane`.
    fig : plotly.graph_objects.Figure, dict or None
        The figure, or a plotly figure dict (``data``, ``layout``): a dict
        skips plotly's validation, which is worth it for a figure redrawn on
        every change of a control.
    fast : bool
        Draw with the plotly.js the page has already loaded, about twice as
        fast in the browser: the plotly front-end extension renders every
        figure three times (and a PNG copy) where one ``Plotly.newPlot`` is
        enough, and a redrawn figure updates the pane's last drawing
        (``Plotly.react``). Needs plotly.js on the page: a pane from
        ``figure_pane(fast=True)`` on a page holding a :func:`plotly_loader`,
        or a pane that has already shown a figure the usual way; otherwise
        the figure goes the usual way. Meant for the Voila pages and figures
        redrawn on every change of a control.
    """
    if fig is None:
        pane.outputs = ()
        return
    if fast and pane in _PLOTLY_LOADED:
        bundle = _fast_bundle(fig, getattr(pane, "model_id", "") or "")
        pane.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
        return
    pane.outputs = ({"output_type": "display_data", "data": _bundle(fig), "metadata": {}},)
    _PLOTLY_LOADED.add(pane)


def in_voila() -> bool:
    """Whether this kernel runs a Voila page (Voila sets ``VOILA_BASE_URL`` for its kernels)."""
    return "VOILA_BASE_URL" in os.environ


#: The plotly.js the Voila pages load: the "basic" bundle (scatter, bar and pie
#: traces, the only ones the pages draw), a quarter of the full bundle's size.
PLOTLY_BASIC_JS = Path(__file__).with_name("static") / "plotly-basic.min.js"
#: The trace types :data:`PLOTLY_BASIC_JS` can draw.
PLOTLY_BASIC_TRACES = frozenset({"scatter", "bar", "pie"})


@functools.cache
def _plotly_basic_html() -> str:
    """A ``<script>`` that runs the basic plotly.js bundle once per page."""
    source = PLOTLY_BASIC_JS.read_text(encoding="utf-8")
    if "</script" in source.lower():  # it would end the script element early
        raise ValueError(f"{PLOTLY_BASIC_JS} holds '</script', which cannot be inlined")
    # Once run, the script removes itself: a megabyte of text less in the page's DOM.
    return (
        f"<script>if (!window.Plotly) {{\n{source}\n}}\n"
        "if (document.currentScript) { document.currentScript.remove(); }</script>"
    )


def plotly_loader() -> widgets.Output:
    """Make the page load plotly.js, so that ``figure_pane(fast=True)`` panes can draw.

    On a Voila page, the page gets plotly.js's basic bundle (scatter, bar and
    pie traces: :data:`PLOTLY_BASIC_TRACES`) as an output of its own, shown
    before the app's widgets, so that plotly.js is ready when they are drawn;
    the pages need no plotly front-end extension. Elsewhere
    (JupyterLab), the returned pane shows an empty figure the usual way (the
    plotly mime type), which loads the full plotly.js through the plotly
    front-end extension without drawing anything visible.

    Call it while the page's cell runs, before the app widget is shown, and
    put the returned pane on the page.
    """
    pane = widgets.Output(layout=widgets.Layout(display="none"))
    if in_voila():
        from IPython.display import HTML, display

        display(HTML(_plotly_basic_html()))
    else:
        show_figure(pane, {"data": [], "layout": {"height": 10}})
    return pane


#: The script of a fast figure: wait for plotly.js, then draw. A pane's previous
#: drawing, taken off the page when this output replaced it, is put back in place and
#: updated with ``Plotly.react``: cheaper than drawing anew, which draws the axes, the
#: legend and the mode bar again from nothing. ``data-pmo-drawn`` names the figure
#: last drawn in a node, once drawn.
_FAST_SCRIPT = """<script>(function () {
  var id = "%(id)s", pane = "%(pane)s", tries = 0;
  function draw() {
    var node = document.getElementById(id), data = document.getElementById(id + "-json");
    if (!node || !data || !window.Plotly) {
      if (++tries < 500) { setTimeout(draw, 20); }
      else if (node) { node.textContent = "The figure needs plotly.js: move a control again."; }
      return;
    }
    var f = JSON.parse(data.textContent);
    var drawn = window.__pmoFigures = window.__pmoFigures || {};
    var last = drawn[pane], done;
    if (last && !last.isConnected && last._fullLayout) {
      last.style.cssText = node.style.cssText;
      last.id = id;
      node.replaceWith(last);
      node = last;
      done = window.Plotly.react(node, f.data, f.layout, f.config);
    } else {
      done = window.Plotly.newPlot(node, f.data, f.layout, f.config);
    }
    drawn[pane] = node;
    Promise.resolve(done).then(function () { node.setAttribute("data-pmo-drawn", id); });
  }
  draw();
})();</script>"""


def _fast_bundle(fig: go.Figure | dict, pane: str = "") -> dict[str, Any]:
    """The figure as HTML: its JSON and a script drawing it with the page's plotly.js.

    `pane` names the pane it is shown in (its widget model id): the script
    updates that pane's previous drawing instead of drawing anew.

    Raises ``ValueError`` on a Voila page for a trace type the basic bundle
    cannot draw: the page would show an empty chart.
    """
    import uuid

    fig_dict = _bundle(fig)[PLOTLY_MIME]
    if in_voila():
        kinds = {trace.get("type", "scatter") for trace in fig_dict.get("data", [])}
        if not kinds <= PLOTLY_BASIC_TRACES:
            raise ValueError(
                f"the Voila pages load plotly.js's basic bundle, which cannot draw "
                f"{', '.join(sorted(kinds - PLOTLY_BASIC_TRACES))} traces; use "
                f"{', '.join(sorted(PLOTLY_BASIC_TRACES))}"
            )
    height = int(fig_dict.get("layout", {}).get("height") or 360)
    node = f"pmo-figure-{uuid.uuid4().hex}"
    payload = json.dumps(fig_dict).replace("</", "<\\/")  # still JSON, never ends the tag
    html_text = (
        f'<div id="{node}" class="pmo-fast-figure" style="height:{height}px;width:100%"></div>'
        f'<script type="application/json" id="{node}-json">{payload}</script>'
        + _FAST_SCRIPT
        % {"id": node, "pane": re.sub(r"[^0-9A-Za-z_-]", "", pane) or node}
    )
    title = (fig_dict.get("layout", {}).get("title") or {}).get("text") or "plotly figure"
    return {"text/html": html_text, "text/plain": f"<figure: {title}>"}


_FAST_JSON = re.compile(r'<script type="application/json" id="[^"]+">(.*?)</script>', re.S)


def shown_figure(pane: widgets.Output) -> dict[str, Any] | None:
    """The figure `pane` shows, as a plotly figure dict (``data``, ``layout``), or None."""
    for output in pane.outputs:
        data = output.get("data", {})
        if PLOTLY_MIME in data:
            return data[PLOTLY_MIME]
        found = _FAST_JSON.search(data.get("text/html", ""))
        if found:
            return json.loads(found.group(1))
    return None


# --- formatting ------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT, pd.NA
    except (TypeError, ValueError):
        return False


def fmt_money(value: Any) -> str:
    """``1,234,568`` for a sum of money; an en dash when missing."""
    return "–" if _missing(value) else f"{float(value):,.0f}"


def fmt_number(value: Any, digits: int = 2) -> str:
    """A number with `digits` decimals; an en dash when missing or infinite."""
    if _missing(value) or math.isinf(float(value)):
        return "–"
    return f"{float(value):.{digits}f}"


def fmt_date(value: Any) -> str:
    """``2026-07-03`` for a date or timestamp; an en dash when missing."""
    if _missing(value):
        return "–"
    return str(value)[:10]


# --- RAG and tables --------------------------------------------------------------------


def rag_badge(rag: Any, label: str | None = None) -> str:
    """A coloured pill for a RAG value, as HTML.

    Parameters
    ----------
    rag : {"red", "amber", "green"} or missing
        The status; anything missing shows as a grey "n/a".
    label : str, optional
        Text on the badge; the RAG value itself by default.

    Returns
    -------
    str
        A ``<span class="pmo-rag pmo-rag-<value>">`` element.
    """
    key = "grey" if _missing(rag) else str(rag).lower()
    if key not in RAG_COLOURS:
        raise ValueError(f"RAG is red, amber or green, not {rag!r}")
    text = label if label is not None else ("n/a" if key == "grey" else key)
    return (
        f'<span class="pmo-rag pmo-rag-{key}" style="background:{RAG_COLOURS[key]};'
        f"color:{RAG_TEXT[key]};border-radius:0.8em;padding:0.1em 0.6em;"
        f'font-size:0.85em;font-weight:600;white-space:nowrap">{html.escape(text)}</span>'
    )


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    rag_columns: Iterable[str] = (),
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    row_class: Callable[[Any], str] | None = None,
    css_class: str = "pmo-table",
) -> str:
    """Lay out a table as HTML, with RAG badges in the RAG columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show, in order.
    columns : mapping of str to str
        Column of `frame` -> heading, in display order.
    rag_columns : iterable of str
        Columns whose values are RAG strings, shown as :func:`rag_badge`.
    formats : mapping of str to callable, optional
        Column -> function turning a value into text (escaped afterwards);
        ``str`` for the others, an en dash for missing values.
    row_class : callable, optional
        Called with each row (a namedtuple-like Series); its result is the
        row's CSS class (``"pmo-flag"`` highlights it).
    css_class : str
        The table's CSS class.

    Returns
    -------
    str
        A ``<table>`` element.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"html_table: no column {missing[0]!r} in the table")
    rag = set(rag_columns)
    formats = dict(formats or {})
    head = "".join(f"<th>{html.escape(h)}</th>" for h in columns.values())
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in columns:
            value = row[col]
            if col in rag:
                cells.append(f"<td>{rag_badge(value)}</td>")
            elif col in formats:
                cells.append(f"<td>{html.escape(formats[col](value))}</td>")
            else:
                cells.append(f"<td>{'–' if _missing(value) else html.escape(str(value))}</td>")
        cls = f' class="{html.escape(row_class(row))}"' if row_class else ""
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return (
        f'<table class="{html.escape(css_class)}" style="border-collapse:collapse;width:100%">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# --- layout ----------------------------------------------------------------------------

#: Page-wide CSS for the tables and notices, included once by :func:`header`.
STYLE = """<style>
.pmo-table th, .pmo-table td {padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left;}
.pmo-table th {background: #f4f4f4;}
.pmo-table td {white-space: nowrap;}
.pmo-table tr.pmo-flag td {background: #fff3e0;}
.pmo-notice {padding: 4px 10px; border-radius: 4px; margin: 4px 0;}
.pmo-notice-error {background: #fdecea; color: #8a1c1c;}
.pmo-notice-info {background: #eef4fb; color: #1b3a5c;}
.pmo-notice-ok {background: #edf7ed; color: #1e4620;}
</style>"""


def header(title: str, purpose: str) -> widgets.HTML:
    """The title of an app and one sentence of purpose (with the shared CSS)."""
    return widgets.HTML(
        f"{STYLE}<h2 style='margin:0.2em 0'>{html.escape(title)}</h2>"
        f"<p style='margin:0 0 0.6em 0'>{html.escape(purpose)}</p>"
    )


def card(title: str, *children: widgets.Widget, width: str | None = None) -> widgets.VBox:
    """A titled box holding `children`, stacked."""
    heading = widgets.HTML(f"<h4 style='margin:0.3em 0'>{html.escape(title)}</h4>")
    return widgets.VBox(
        [heading, *children],
        layout=widgets.Layout(
            border="1px solid #ddd", padding="6px 10px", margin="4px", width=width
        ),
    )


def notice(text: str, kind: str = "info") -> str:
    """A one-line message as HTML; `kind` is ``"info"``, ``"ok"`` or ``"error"``."""
    if kind not in ("info", "ok", "error"):
        raise ValueError(f"notice kind is info, ok or error, not {kind!r}")
    return f'<div class="pmo-notice pmo-notice-{kind}">{html.escape(text)}</div>'


def guarded(status: widgets.HTML) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a callback: bad input shows a one-line error in `status`.

    A ``ValueError`` (which ``PortfolioError`` is) raised by the callback is
    shown in `status` as an error notice and not raised further; a callback
    that returns normally clears `status`. Other exceptions are bugs: they
    propagate.

    Parameters
    ----------
    status : ipywidgets.HTML
        Where the message goes.
    """

    def decorate(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                result = callback(*args, **kwargs)
            except ValueError as error:
                status.value = notice(str(error).splitlines()[0], "error")
                return None
            status.value = ""
            return result

        return run

    return decorate
