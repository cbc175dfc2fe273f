"""Charts of the portfolio strategy: scores, the efficient frontier, capacity against demand.

Each function draws a table that :mod:`pmo_exercises.strategy` returns and
computes no PMO figure itself. plotly is imported inside the functions.

- :func:`score_chart`: each project's score, stacked by objective;
- :func:`frontier_chart`: best value against budget;
- :func:`capacity_heatmap`: utilisation by role and period;
- :func:`capacity_effect_chart`: one role's demand before and after a decision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from . import style
from ._inputs import require_columns

__all__ = ["capacity_effect_chart", "capacity_heatmap", "frontier_chart", "score_chart"]


def score_chart(scores: pd.DataFrame, title: str | None = None):
    """Each project's strategic score as a horizontal bar, stacked by objective.

    Parameters
    ----------
    scores : pandas.DataFrame
        From :func:`~pmo_exercises.strategy.score_projects`: ``project_id``,
        ``rank``, ``score``, ``strategic_fit`` and the ``points_<objective>``
        columns.
    title : str, optional
        The chart title.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per objective (named by ``objective_id``), then
        ``Other criteria`` when extra criteria add to the score; best project
        on top. Projects that serve no objective are labelled
        ``"<id> (no objective)"``.
    """
    import plotly.graph_objects as go

    require_columns(
        scores, "scores", ("project_id", "rank", "score", "strategic_fit"), "score_projects"
    )
    points = [c for c in scores.columns if c.startswith("points_")]
    data = scores.sort_values("rank", ascending=False, kind="stable")
    labels = [
        p if fit else f"{p} (no objective)"
        for p, fit in zip(data["project_id"], data["strategic_fit"], strict=True)
    ]
    fig = go.Figure()
    for k, col in enumerate(points):
        fig.add_trace(
            go.Bar(
                name=col.removeprefix("points_"),
                y=labels,
                x=data[col].astype(float).tolist(),
                orientation="h",
                marker={"color": style.PROJECT_COLOURS[k % len(style.PROJECT_COLOURS)]},
                hovertemplate="%{y}: %{x:.1f} points<extra>%{fullData.name}</extra>",
            )
        )
    rest = data["score"].to_numpy(dtype=float) - data[points].to_numpy(dtype=float).sum(axis=1)
    if np.abs(rest).max(initial=0.0) > 1e-9:
        fig.add_trace(
            go.Bar(
                name="Other criteria",
                y=labels,
                x=rest.tolist(),
                orientation="h",
                marker={"color": style.BASELINE},
                hovertemplate="%{y}: %{x:.1f} points<extra>other criteria</extra>",
            )
        )
    style.apply_layout(
        fig,
        title=title or "Strategic score by project, stacked by objective",
        xaxis_title="Score (0-100 points)",
        yaxis_title="Project (best on top)",
        height=max(360, 40 * len(data) + 140),
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100])
    return fig


def frontier_chart(frontier: pd.DataFrame, title: str | None = None):
    """The efficient frontier: the best value reachable at each budget.

    Parameters
    ----------
    frontier : pandas.DataFrame
        From :func:`~pmo_exercises.strategy.efficient_frontier`.
    title : str, optional
        The chart title.

    Returns
    -------
    plotly.graph_objects.Figure
        ``Best value``, a step line with a marker per budget whose hover
        lists the projects selected; infeasible budgets are left out.
    """
    import plotly.graph_objects as go

    require_columns(
        frontier,
        "frontier",
        ("budget", "total_value", "total_cost", "selected", "status"),
        "efficient_frontier",
    )
    ok = frontier[frontier["status"] != "infeasible"].sort_values("budget")
    fig = go.Figure(
        go.Scatter(
            name="Best value",
            x=ok["budget"].astype(float).tolist(),
            y=ok["total_value"].astype(float).tolist(),
            mode="lines+markers",
            line={"shape": "hv", "color": style.EARNED, "width": 2.5},
            customdata=np.column_stack([ok["total_cost"].astype(float), ok["selected"]]),
            hovertemplate=(
                "Budget %{x:,.0f}<br>Value %{y:,.0f}<br>Cost %{customdata[0]:,.0f}"
                "<br>%{customdata[1]}<extra></extra>"
            ),
        )
    )
    style.apply_layout(
        fig,
        title=title or "Efficient frontier: the best value each budget can buy",
        xaxis_title="Budget",
        yaxis_title="Value of the selected projects",
    )
    fig.update_yaxes(rangemode="tozero")
    return fig


def capacity_heatmap(plan: pd.DataFrame, title: str | None = None):
    """Utilisation of each role in each period, red above capacity.

    Parameters
    ----------
    plan : pandas.DataFrame
        From :func:`~pmo_exercises.strategy.capacity_plan` (not by project).
    title : str, optional
        The chart title.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap: roles down, periods across, colour and text the
        utilisation in percent (demand over capacity).
    """
    import plotly.graph_objects as go

    require_columns(
        plan, "plan", ("role_id", "period", "utilisation", "demand_days"), "capacity_plan"
    )
    grid = plan.pivot(index="role_id", columns="period", values="utilisation")
    grid = grid.reindex(index=list(dict.fromkeys(plan["role_id"])))
    pct = grid.to_numpy(dtype=float) * 100
    text = [["" if np.isnan(v) else f"{v:.0f}%" for v in row] for row in pct]
    top = max(150.0, float(np.nanmax(pct, initial=0.0)))
    fig = go.Figure(
        go.Heatmap(
            z=pct.tolist(),
            x=[str(c) for c in grid.columns],
            y=[str(r) for r in grid.index],
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=top,
            colorscale=[
                [0.0, "#ffffff"],
                [100 / top * 0.999, style.RAG_COLOURS["amber"]],
                [100 / top, style.CRITICAL],
                [1.0, "#7f0000"],
            ],
            colorbar={"title": {"text": "Utilisation %"}},
            hovertemplate="%{y}, %{x}: %{z:.0f}% of capacity<extra></extra>",
        )
    )
    style.apply_layout(
        fig,
        title=title or "Demand against capacity: utilisation by role and period",
        xaxis_title="Period",
        yaxis_title="Role",
        height=max(360, 36 * len(grid) + 160),
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def capacity_effect_chart(effect: pd.DataFrame, role: str, title: str | None = None):
    """One role's demand per period before and after a decision, with its capacity.

    Parameters
    ----------
    effect : pandas.DataFrame
        From :func:`~pmo_exercises.strategy.capacity_effect`.
    role : str
        The ``role_id`` to draw.
    title : str, optional
        The chart title.

    Returns
    -------
    plotly.graph_objects.Figure
        Bars ``Before`` and ``After``, side by side, and ``Capacity``, a line.
    """
    import plotly.graph_objects as go

    require_columns(
        effect,
        "effect",
        ("role_id", "period", "capacity_days", "demand_before", "demand_after"),
        "capacity_effect",
    )
    mine = effect[effect["role_id"].astype(str) == str(role)]
    if mine.empty:
        raise PortfolioError(
            "effect",
            f"no role '{role}'; the table has {', '.join(pd.unique(effect['role_id']))}",
            column="role_id",
        )
    x = mine["period"].astype(str).tolist()
    fig = go.Figure()
    for name, col, colour in (
        ("Before", "demand_before", style.BASELINE),
        ("After", "demand_after", style.TASK),
    ):
        fig.add_trace(
            go.Bar(
                name=name,
                x=x,
                y=mine[col].astype(float).tolist(),
                marker={"color": colour},
                hovertemplate=f"{name}: %{{y:.1f}} person-days<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            name="Capacity",
            x=x,
            y=mine["capacity_days"].astype(float).tolist(),
            mode="lines",
            line={"color": "#212121", "dash": "dash", "shape": "hvh"},
            hovertemplate="Capacity: %{y:.1f} person-days<extra></extra>",
        )
    )
    style.apply_layout(
        fig,
        title=title or f"Demand for {role} before and after the decision",
        xaxis_title="Period",
        yaxis_title="Demand (person-days)",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(rangemode="tozero")
    return fig
