"""The resource histogram: a role's weekly demand, stacked by project, against capacity.

The chart draws the loading that
:func:`pmo_exercises.planning.resources.resource_loading` computes and marks
the weeks that :func:`pmo_exercises.planning.resources.overallocations`
finds over capacity; it sums nothing itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from . import style
from ._inputs import require_columns

__all__ = ["resource_histogram"]


def resource_histogram(loading: pd.DataFrame, roles=None, role=None, title=None):
    """Weekly demand for one role, stacked by project, with its capacity line.

    Parameters
    ----------
    loading : pandas.DataFrame
        ``role_id``, ``week``, ``demand_days`` and optionally ``project_id``,
        as :func:`~pmo_exercises.planning.resources.resource_loading`
        returns (``by_project=True`` for one bar segment per project).
    roles : pandas.DataFrame, optional
        ``role_id`` and ``capacity_days_per_week`` (and ``name``, used in the
        title), as the portfolio's ``roles`` table. Without it there is no
        capacity line and no over-capacity marks.
    role : str, optional
        The role to draw; required when ``loading`` holds several.
    title : str, optional
        The chart title; by default one that says what is shown.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per project (named by ``project_id``; a single
        ``Demand`` trace without that column), stacked; then ``Capacity``,
        a line at the role's capacity across the weeks, and ``Over
        capacity``, a marker on top of each week over capacity (with the
        excess as text), each week also shaded by a light red rectangle.

    Raises
    ------
    PortfolioError
        On a missing column, a missing ``role`` when several are present, or
        a role that is neither in ``loading`` nor in ``roles``.
    """
    import plotly.graph_objects as go

    from ..planning.resources import overallocations

    require_columns(loading, "loading", ("role_id", "week", "demand_days"), "resource_loading")
    present = pd.unique(loading["role_id"].astype(str))
    role = _pick_role(present, roles, role)
    mine = loading[loading["role_id"].astype(str) == role]

    fig = go.Figure()
    if "project_id" in mine.columns:
        groups = list(mine.groupby("project_id", sort=True))
    else:
        groups = [("Demand", mine)]
    for k, (project, part) in enumerate(groups):
        part = part.sort_values("week", kind="stable")
        fig.add_trace(
            go.Bar(
                name=str(project),
                x=part["week"].astype(int).tolist(),
                y=part["demand_days"].astype(float).tolist(),
                marker={"color": style.PROJECT_COLOURS[k % len(style.PROJECT_COLOURS)]},
                hovertemplate=f"{project}: %{{y:.1f}} person-days<extra></extra>",
            )
        )

    first = int(mine["week"].min()) if len(mine) else 1
    last = int(mine["week"].max()) if len(mine) else 1
    over = pd.DataFrame()
    role_name = role
    if roles is not None:
        require_columns(roles, "roles", ("role_id", "capacity_days_per_week"), "the roles table")
        row = roles[roles["role_id"].astype(str) == role]
        if row.empty:
            raise PortfolioError(
                "roles",
                f"no role '{role}'; pass the roles table that includes it",
                column="role_id",
            )
        if "name" in row.columns:
            role_name = f"{role} ({row['name'].iat[0]})"
        capacity = float(row["capacity_days_per_week"].iat[0])
        fig.add_trace(
            go.Scatter(
                name=f"Capacity ({style.days(capacity)} person-days/week)",
                x=[first - 0.5, last + 0.5],
                y=[capacity, capacity],
                mode="lines",
                line={"color": "#212121", "width": 2.5, "dash": "dash"},
                hovertemplate=f"Capacity: {style.days(capacity)} person-days<extra></extra>",
            )
        )
        over = overallocations(mine, row).sort_values("week")
        if len(over):
            excess = over["excess_days"].to_numpy(dtype=float)
            fig.add_trace(
                go.Scatter(
                    name="Over capacity",
                    x=over["week"].astype(int).tolist(),
                    y=over["demand_days"].astype(float).tolist(),
                    mode="markers+text",
                    marker={"symbol": "triangle-down", "size": 13, "color": style.CRITICAL},
                    text=[f"+{style.days(round(e, 1))}" for e in excess],
                    textposition="top center",
                    textfont={"color": style.CRITICAL, "size": 12},
                    hovertemplate="Over capacity by %{text} person-days<extra></extra>",
                )
            )
            for week in over["week"].astype(int).tolist():
                fig.add_vrect(
                    x0=week - 0.5,
                    x1=week + 0.5,
                    fillcolor=style.CRITICAL,
                    opacity=0.08,
                    line_width=0,
                    layer="below",
                )

    if title is None:
        title = f"Weekly demand for {role_name}"
        if "project_id" in mine.columns:
            title += ", stacked by project"
        if roles is not None:
            title += (
                f", against capacity: {len(over)} weeks over"
                if len(over)
                else (", within capacity every week")
            )
    style.apply_layout(
        fig,
        title=title,
        xaxis_title="Week (week 1 = working days 0 to 4)",
        yaxis_title="Demand (person-days per week)",
    )
    fig.update_layout(
        barmode="stack", bargap=0.15, hovermode="x unified", legend_traceorder="normal"
    )
    fig.update_xaxes(range=[first - 0.5, last + 0.5])
    fig.update_yaxes(rangemode="tozero")
    return fig


def _pick_role(present: np.ndarray, roles, role) -> str:
    if role is not None:
        role = str(role)
        known = set(present)
        if roles is not None and "role_id" in roles.columns:
            known |= set(roles["role_id"].astype(str))
        if role not in known:
            raise PortfolioError(
                "loading",
                f"no role '{role}'; the loading has {', '.join(present) or 'none'}",
                column="role_id",
            )
        return role
    if len(present) == 1:
        return str(present[0])
    if not len(present):
        raise PortfolioError("loading", "no demand at all; pass role= to draw an empty week")
    raise PortfolioError(
        "loading",
        f"{len(present)} roles ({', '.join(present)}); pass role= to choose one",
        column="role_id",
    )
