"""The shared look of the kit's charts: one palette, one font, one layout.

Colours carry meaning and keep it from chart to chart: a strong red is the
critical path (and anything in trouble), grey is the baseline, and the RAG
colours are those of the status reports. Nothing here imports plotly; the
helpers take a figure that a chart function has already built.
"""

from __future__ import annotations

from ..core import formatting

__all__ = [
    "ACTUAL",
    "BASELINE",
    "CRITICAL",
    "EARNED",
    "FONT",
    "MILESTONE",
    "PLANNED",
    "PROJECT_COLOURS",
    "RAG_COLOURS",
    "TASK",
    "apply_layout",
    "days",
    "money",
]

#: Red, amber and green as the status reports use them (and grey: not reported).
RAG_COLOURS = {"red": "#c62828", "amber": "#f2a900", "green": "#2e7d32", "grey": "#9e9e9e"}

#: The critical path: a strong red, the same as a red status.
CRITICAL = "#c62828"
#: Baselines and other reference lines: a mid grey that stays behind the data.
BASELINE = "#a0a0a0"
#: Ordinary (non-critical) tasks.
TASK = "#3b6fb6"
#: Milestones that are not critical.
MILESTONE = "#263238"

#: The three S-curve lines: planned value, earned value, actual cost.
PLANNED = "#3b6fb6"
EARNED = "#2e7d32"
ACTUAL = "#c62828"

#: One colour per project, distinct enough side by side in a stacked bar.
PROJECT_COLOURS = (
    "#3b6fb6",
    "#e07b39",
    "#59a14f",
    "#8e6bbf",
    "#d4a017",
    "#4ba3a8",
    "#b0578d",
    "#7f7f7f",
    "#9c755f",
    "#76b7b2",
    "#edc948",
    "#af7aa1",
)

#: Readable on a projector: a plain sans-serif at 14 px.
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": "#212121"}


def apply_layout(fig, *, title: str, xaxis_title: str, yaxis_title: str, height: int = 480):
    """Give ``fig`` the kit's layout: white template, font, title and axis titles.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure to style, changed in place.
    title : str
        What the chart shows, in words (shown at the top, left-aligned).
    xaxis_title, yaxis_title : str
        Axis titles, with their units.
    height : int
        Figure height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        The same figure, for chaining.
    """
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        height=height,
        margin={"l": 60, "r": 30, "t": 70, "b": 60},
        hoverlabel={"font": {"family": FONT["family"], "size": 13}},
        legend={"tracegroupgap": 4},
    )
    fig.update_xaxes(title_text=xaxis_title)
    fig.update_yaxes(title_text=yaxis_title)
    return fig


def money(value: float) -> str:
    """An amount with thousands separators and no decimals: ``1,234,567``."""
    return formatting.money(value)


def days(value: float) -> str:
    """A number of working days without a needless ``.0``: ``3`` or ``2.5``."""
    return f"{value:g}"
