"""Risk charts: the heat map, the Monte Carlo histogram and S-curve, the tornado.

The S-curve is the Monte Carlo CDF.

Each function draws what :mod:`pmo_exercises.risk` computes: a PI matrix from
:func:`~pmo_exercises.risk.pi_matrix` (and its zones from
:func:`~pmo_exercises.risk.zone_matrix`), a
:class:`~pmo_exercises.risk.MonteCarloResult`, a sensitivity table from
:meth:`~pmo_exercises.risk.MonteCarloResult.sensitivity`. Percentiles come
from the result; nothing is computed here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from . import style
from ._inputs import require_columns

__all__ = ["mc_cdf", "mc_histogram", "pi_heatmap", "tornado"]

#: Zone colours of the heat map: the RAG colours, in light tints for the cells.
ZONE_COLOURS = {"low": "#a5d6a7", "medium": "#ffe082", "high": "#ef9a9a"}
#: The percentiles marked on Monte Carlo charts.
PERCENTILES = (10, 50, 80, 90)


def pi_heatmap(matrix: pd.DataFrame, zones: pd.DataFrame | None = None, title=None):
    """The probability-impact matrix: cells coloured by zone, each with its count.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Counts per cell as :func:`~pmo_exercises.risk.pi_matrix` returns
        (probability scores as rows, highest first; impact scores as columns).
    zones : pandas.DataFrame, optional
        The zone of each cell, as :func:`~pmo_exercises.risk.zone_matrix`
        returns (the default matrix of the same size if omitted).
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One ``Heatmap`` trace named ``PI matrix`` whose ``z`` holds the zone
        rank (0 low, 1 medium, 2 high) and whose ``text`` the counts.
    """
    import plotly.graph_objects as go

    from ..risk.register import ZONES, zone_matrix

    if matrix.index.name != "probability_score" or matrix.columns.name != "impact_score":
        raise PortfolioError(
            "matrix",
            "expected probability scores as rows and impact scores as columns; "
            "pass the table that pi_matrix returns",
        )
    if zones is None:
        zones = zone_matrix(len(matrix.columns))
    zones = zones.reindex(index=matrix.index, columns=matrix.columns)
    if zones.isna().to_numpy().any():
        raise ValueError("the zone matrix does not cover every cell of the PI matrix")
    rank = zones.apply(lambda col: col.map({z: i for i, z in enumerate(ZONES)}))
    scale = [
        [0.0, ZONE_COLOURS["low"]], [1 / 3, ZONE_COLOURS["low"]],
        [1 / 3, ZONE_COLOURS["medium"]], [2 / 3, ZONE_COLOURS["medium"]],
        [2 / 3, ZONE_COLOURS["high"]], [1.0, ZONE_COLOURS["high"]],
    ]  # fmt: skip
    counts = matrix.to_numpy()
    fig = go.Figure(
        go.Heatmap(
            name="PI matrix",
            z=rank.to_numpy(dtype=float),
            x=[str(c) for c in matrix.columns],
            y=[str(i) for i in matrix.index],
            zmin=-0.5,
            zmax=2.5,
            colorscale=scale,
            showscale=False,
            text=counts,
            texttemplate="%{text}",
            textfont={"size": 16},
            customdata=zones.to_numpy(),
            hovertemplate="probability %{y}, impact %{x}: %{text} risks "
            "(%{customdata})<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    total = int(counts.sum())
    style.apply_layout(
        fig,
        title=title or f"Probability-impact matrix: {total} risks by score, coloured by zone",
        xaxis_title="Impact score",
        yaxis_title="Probability score",
    )
    # rows come highest probability first: keep that order top to bottom
    fig.update_yaxes(autorange="reversed" if matrix.index[0] > matrix.index[-1] else True)
    return fig


def _values(result, what: str):
    if what not in ("duration", "cost"):
        raise ValueError(f"what must be 'duration' or 'cost', not {what!r}")
    values = result.durations if what == "duration" else result.costs
    unit = "Project duration (working days)" if what == "duration" else "Project cost"
    return np.asarray(values, dtype=float), unit


def _percentile_lines(fig, result, what, percentiles, plan: bool) -> None:
    for q in percentiles:
        duration, cost = result.percentile(q)
        x = duration if what == "duration" else cost
        fig.add_vline(
            x=x,
            line={"color": style.CRITICAL if q == 80 else "#424242", "width": 1.5, "dash": "dash"},
            annotation_text=f"P{q}",
            annotation_position="top",
            name=f"P{q}",
        )
    if plan:
        x = result.planned_duration if what == "duration" else result.planned_cost
        fig.add_vline(
            x=x,
            line={"color": style.BASELINE, "width": 2},
            annotation_text="plan",
            annotation_position="bottom right",
            name="plan",
        )


def mc_histogram(result, what: str = "duration", percentiles=PERCENTILES, bins=50, title=None):
    """The distribution of the project's duration (or cost) over the iterations.

    Parameters
    ----------
    result : pmo_exercises.risk.MonteCarloResult
    what : {"duration", "cost"}
    percentiles : sequence of float
        Vertical dashed lines at these percentiles (P80 in red), plus a grey
        line at the plan.
    bins : int
        Number of bars.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        A ``Histogram`` trace named ``iterations`` (share of iterations per
        bar) and one vertical line shape per percentile, then the plan.
    """
    import plotly.graph_objects as go

    values, unit = _values(result, what)
    fig = go.Figure(
        go.Histogram(
            name="iterations",
            x=values,
            nbinsx=bins,
            histnorm="percent",
            marker={"color": style.TASK},
            hovertemplate="%{x}: %{y:.1f}% of iterations<extra></extra>",
        )
    )
    _percentile_lines(fig, result, what, percentiles, plan=True)
    style.apply_layout(
        fig,
        title=title or f"Monte Carlo: project {what} over {result.iterations:,} iterations",
        xaxis_title=unit,
        yaxis_title="Share of iterations (%)",
    )
    fig.update_layout(bargap=0.05, showlegend=False)
    return fig


def mc_cdf(result, what: str = "duration", percentiles=PERCENTILES, title=None):
    """The S-curve of a Monte Carlo analysis.

    The chance to finish by (or spend at most) each value.

    Returns
    -------
    plotly.graph_objects.Figure
        A ``Scatter`` trace named ``P(<= x)`` (values sorted against their
        cumulative share, 0 to 1) and one vertical line per percentile and
        one at the plan.
    """
    import plotly.graph_objects as go

    values, unit = _values(result, what)
    ordered = np.sort(values)
    share = np.arange(1, ordered.size + 1) / ordered.size
    fig = go.Figure(
        go.Scatter(
            name="P(<= x)",
            x=ordered,
            y=share,
            mode="lines",
            line={"color": style.TASK, "width": 3, "shape": "hv"},
            hovertemplate="%{y:.0%} of iterations at or below %{x:,.1f}<extra></extra>",
        )
    )
    _percentile_lines(fig, result, what, percentiles, plan=True)
    style.apply_layout(
        fig,
        title=title or f"Monte Carlo S-curve: chance to meet each project {what}",
        xaxis_title=unit,
        yaxis_title="Probability",
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    fig.update_layout(showlegend=False)
    return fig


def tornado(sensitivity: pd.DataFrame, by: str = "duration_correlation", top: int = 15, title=None):
    """The tornado chart: the drivers with the strongest effect, largest on top.

    Parameters
    ----------
    sensitivity : pandas.DataFrame
        As :meth:`~pmo_exercises.risk.MonteCarloResult.sensitivity` returns.
    by : str
        The column to draw: ``duration_correlation``, ``cost_correlation``,
        ``duration_swing`` or ``cost_swing`` (risks only).
    top : int
        How many drivers to show.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal ``Bar`` trace named ``by``, the largest absolute value
        at the top; tasks in blue, risks in red, opportunities in green.
    """
    import plotly.graph_objects as go

    require_columns(sensitivity, "sensitivity", ("kind", by), "MonteCarloResult.sensitivity")
    rows = sensitivity[sensitivity[by].notna()]
    order = np.argsort(-rows[by].abs().to_numpy(), kind="stable")[:top]
    rows = rows.iloc[order[::-1]]  # plotly draws the first bar at the bottom
    colour = {"task": style.TASK, "risk": style.CRITICAL, "opportunity": style.EARNED}
    fig = go.Figure(
        go.Bar(
            name=by,
            x=rows[by].to_numpy(dtype=float),
            y=[str(i) for i in rows.index],
            orientation="h",
            marker={"color": [colour.get(k, style.BASELINE) for k in rows["kind"]]},
            customdata=rows["kind"].to_numpy(),
            hovertemplate="%{y} (%{customdata}): %{x:,.2f}<extra></extra>",
        )
    )
    correlation = by.endswith("correlation")
    what = by.split("_")[0]
    style.apply_layout(
        fig,
        title=title
        or (
            f"Tornado: what drives the project {what} (rank correlation)"
            if correlation
            else f"Tornado: mean project {what} when each risk occurs minus when it does not"
        ),
        xaxis_title="Spearman rank correlation" if correlation else f"Change in mean {what}",
        yaxis_title="",
        height=max(360, 28 * len(rows) + 140),
    )
    if correlation:
        fig.update_xaxes(range=[-1, 1])
    return fig
