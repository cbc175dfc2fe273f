"""Figure panes: plotly figures shown offline in Voila and JupyterLab.

:func:`figure_pane` makes a :class:`FigurePane` (an :class:`ipywidgets.Output`)
and :func:`show_figure` puts a plotly figure in it: no CDN, no internet,
nothing extra to install (``go.FigureWidget`` would need ``anywidget``).
Replacing a figure is one message of figure JSON. :func:`shown_figure` reads
back the figure a pane shows: that is what the widget tests assert on.

A pane draws the usual way (the plotly mime type) or, once plotly.js is on
its page (:attr:`FigurePane.plotly_ready`), the fast way: one
``Plotly.newPlot`` (see :mod:`._display`). :func:`plotly_loader` puts
plotly.js on a page: on a Voila page plotly.js's basic bundle (scatter, bar
and pie traces, shipped in ``static/``), which starts about 0.5 s sooner than
the extension's full bundle; so the Voila pages draw every figure the fast way
and load no plotly extension at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from ._display import (
    fast_bundle,
    figure_dict,
    figure_in_output,
    in_voila,
    mime_bundle,
    plotly_basic_html,
)

if TYPE_CHECKING:  # pragma: no cover
    import plotly.graph_objects as go

__all__ = [
    "FigurePane",
    "figure_pane",
    "light_figure",
    "plotly_loader",
    "show_figure",
    "shown_figure",
]


class FigurePane(widgets.Output):
    """An output area for plotly figures, which knows whether its page has plotly.js.

    Made by :func:`figure_pane`. Any other :class:`ipywidgets.Output` can show
    a figure too: it draws the fast way while it shows a figure drawn before.
    """

    #: Whether the page of this pane has plotly.js, so that :func:`show_figure`
    #: can draw with one ``Plotly.newPlot``: set by ``figure_pane(fast=True)``
    #: (the page holds a :func:`plotly_loader`) and by a first figure drawn the
    #: usual way. Kept in the kernel: not sent to the browser.
    plotly_ready = traitlets.Bool(False)


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
) -> FigurePane:
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
    FigurePane
        Pass it to :func:`show_figure` to replace the figure.
    """
    pane = FigurePane(layout=widgets.Layout(width="100%", min_height=height), plotly_ready=fast)
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
        (``Plotly.react``). Needs plotly.js on the page
        (:attr:`FigurePane.plotly_ready`): a pane from
        ``figure_pane(fast=True)`` on a page holding a :func:`plotly_loader`,
        or a pane that has already shown a figure the usual way; otherwise
        the figure goes the usual way. Meant for the Voila pages and figures
        redrawn on every change of a control.
    """
    if fig is None:
        pane.outputs = ()
        return
    if fast and _page_has_plotly(pane):
        bundle = fast_bundle(fig, getattr(pane, "model_id", "") or "")
        pane.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
        return
    pane.outputs = ({"output_type": "display_data", "data": mime_bundle(fig), "metadata": {}},)
    if isinstance(pane, FigurePane):
        pane.plotly_ready = True


def _page_has_plotly(pane: widgets.Output) -> bool:
    """A figure pane says so; any other output has plotly.js once it shows a figure."""
    if isinstance(pane, FigurePane):
        return pane.plotly_ready
    return shown_figure(pane) is not None


def plotly_loader() -> FigurePane:
    """Make the page load plotly.js, so that ``figure_pane(fast=True)`` panes can draw.

    On a Voila page, the page gets plotly.js's basic bundle (scatter, bar and
    pie traces: :data:`._display.PLOTLY_BASIC_TRACES`) as an output of its own, shown
    before the app's widgets, so that plotly.js is ready when they are drawn;
    the pages need no plotly front-end extension. Elsewhere
    (JupyterLab), the returned pane shows an empty figure the usual way (the
    plotly mime type), which loads the full plotly.js through the plotly
    front-end extension without drawing anything visible.

    Call it while the page's cell runs, before the app widget is shown, and
    put the returned pane on the page.
    """
    pane = FigurePane(layout=widgets.Layout(display="none"))
    if in_voila():
        from IPython.display import HTML, display

        display(HTML(plotly_basic_html()))
    else:
        show_figure(pane, {"data": [], "layout": {"height": 10}})
    return pane


def shown_figure(pane: widgets.Output) -> dict[str, Any] | None:
    """The figure `pane` shows, as a plotly figure dict (``data``, ``layout``), or None."""
    for output in pane.outputs:
        found = figure_in_output(output)
        if found is not None:
            return found
    return None
