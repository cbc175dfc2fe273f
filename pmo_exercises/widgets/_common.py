"""What every scenario page shares: figures that work offline, RAG badges, layout.

Each idea has its module; this one gathers their names for the apps:

Figures (:mod:`._figures`, :mod:`._display`)
    :func:`figure_pane` makes a :class:`FigurePane` (an
    :class:`ipywidgets.Output`) and :func:`show_figure` puts a plotly figure
    in it: no CDN, no internet, nothing extra to install. :func:`shown_figure`
    reads back the figure a pane shows: that is what the widget tests assert
    on. Two ways to draw:

    * the plotly mime type (``application/vnd.plotly.v1+json``), drawn by the
      ``jupyterlab-plotly`` extension that ships inside the plotly package,
      full plotly.js included: the default, for figures in JupyterLab;
    * ``fast=True``: the figure JSON with a script (``static/fast_figure.js``)
      that draws it with one ``Plotly.newPlot``, for pages holding a
      :func:`plotly_loader`. On a Voila page the loader brings plotly.js's
      basic bundle (scatter, bar and pie traces, shipped in ``static/``),
      which starts about 0.5 s sooner than the extension's full bundle; so
      the Voila pages draw every figure this way and load no plotly extension
      at all.
Values (:mod:`._format`)
    :func:`fmt_money`, :func:`fmt_number` and :func:`fmt_date`, an en dash
    for a missing value.
RAG (:mod:`._tables`)
    :func:`rag_badge` is a coloured pill for a RAG value (the colours of
    :data:`pmo_exercises.charts.RAG_COLOURS`); :func:`html_table` lays out a
    table with badges in its RAG columns.
Layout and errors (:mod:`._layout`)
    :func:`header`, :func:`card` and :func:`notice`; :func:`guarded` wraps a
    callback so that bad input shows a one-line message instead of a
    traceback.

Nothing here computes a PMO figure: the apps get them from the analytics.
"""

from __future__ import annotations

from ._display import (
    PLOTLY_BASIC_JS,
    PLOTLY_BASIC_TRACES,
    PLOTLY_MIME,
    figure_dict,
    in_voila,
    plotly_basic_html,
)
from ._figures import (
    FigurePane,
    figure_pane,
    light_figure,
    plotly_loader,
    show_figure,
    shown_figure,
)
from ._format import fmt_date, fmt_money, fmt_number
from ._layout import STYLE, card, guarded, header, notice
from ._tables import RAG_COLOURS, RAG_TEXT, html_table, rag_badge

__all__ = [
    "PLOTLY_BASIC_JS",
    "PLOTLY_BASIC_TRACES",
    "PLOTLY_MIME",
    "RAG_COLOURS",
    "RAG_TEXT",
    "STYLE",
    "FigurePane",
    "card",
    "figure_dict",
    "figure_pane",
    "fmt_date",
    "fmt_money",
    "fmt_number",
    "guarded",
    "header",
    "html_table",
    "in_voila",
    "light_figure",
    "notice",
    "plotly_basic_html",
    "plotly_loader",
    "rag_badge",
    "show_figure",
    "shown_figure",
]
