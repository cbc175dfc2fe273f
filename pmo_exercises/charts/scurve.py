"""The S-curve: planned value, earned value and actual cost, week by week.

The chart draws the cumulative earned-value table that
:func:`pmo_exercises.tracking.earned_value_history` computes; a forecast (EAC)
and the budget (BAC) come from the EVM functions and are only drawn here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from . import style
from ._inputs import require_columns

__all__ = ["s_curve"]

_WEEK = pd.Timedelta(days=7)


def s_curve(
    history: pd.DataFrame,
    *,
    eac=None,
    bac=None,
    title=None,
    status_week=None,
    forecast_week=None,
    x="week",
):
    """PV, EV and AC of one project (or the portfolio), with the EAC projection.

    Parameters
    ----------
    history : pandas.DataFrame
        One row per week with ``week`` and the cumulative ``pv`` (planned
        value), ``ev`` (earned value) and ``ac`` (actual cost), as
        :func:`pmo_exercises.tracking.earned_value_history` returns for one
        project or summed for the portfolio. Missing values (EV and AC after
        the status week) are not drawn. A ``status_date`` column gives each
        week's date (see ``x``). Other columns are ignored.
    eac : float, optional
        Estimate at completion (from :func:`pmo_exercises.tracking.evm`):
        drawn as a dashed line from the last actual cost to ``eac`` at
        ``forecast_week``.
    bac : float, optional
        Budget at completion: a dotted horizontal line.
    title : str, optional
        The chart title; by default one that says what is shown.
    status_week : int, optional
        A vertical line at this week: the status date of the report.
    forecast_week : float, optional
        The week the forecast finishes; required with ``eac``.
    x : {"week", "date"}
        What the x axis counts: status weeks (the default, as the lessons'
        questions ask for weeks; the date shows on hover), or the status
        dates, as a steering committee reads a calendar (needs a
        ``status_date`` column; without one the axis stays in weeks).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces ``PV (planned value)``, ``EV (earned value)`` and ``AC
        (actual cost)``, then ``EAC projection`` and ``BAC`` when given. The
        status week is a vertical line shape. The money axis has thousands
        separators.

    Raises
    ------
    PortfolioError
        On a missing column, a repeated week, or several projects in one
        history.
    ValueError
        When ``eac`` comes without ``forecast_week``, or the forecast week
        is before the last actual cost.

    Examples
    --------
    >>> import pandas as pd
    >>> history = pd.DataFrame({"week": [0, 1, 2], "pv": [0, 100, 250],
    ...                         "ev": [0, 80, 200], "ac": [0, 90, 240]})
    >>> fig = s_curve(history, eac=1200, bac=1000, forecast_week=10, status_week=2)
    >>> [trace.name for trace in fig.data]
    ['PV (planned value)', 'EV (earned value)', 'AC (actual cost)', 'EAC projection', 'BAC']
    """
    import plotly.graph_objects as go

    require_columns(history, "history", ("week", "pv", "ev", "ac"), "earned_value_history")
    project = _one_project(history)
    rows = history.sort_values("week", kind="stable")
    if rows["week"].duplicated().any():
        week = rows.loc[rows["week"].duplicated(), "week"].iloc[0]
        raise PortfolioError(
            "history",
            f"week {week} appears twice; pass one project's history (or the "
            "portfolio's, summed per week)",
            column="week",
        )
    if eac is not None and forecast_week is None:
        raise ValueError("s_curve: eac= needs forecast_week=, the week the forecast finishes")
    if x not in ("week", "date"):
        raise ValueError(f"s_curve: x must be 'week' or 'date', not {x!r}")
    axis = _WeekAxis(rows, by_date=x == "date")

    fig = go.Figure()
    for column, label, colour in (
        ("pv", "PV (planned value)", style.PLANNED),
        ("ev", "EV (earned value)", style.EARNED),
        ("ac", "AC (actual cost)", style.ACTUAL),
    ):
        known = rows[rows[column].notna()]
        fig.add_trace(
            go.Scatter(
                name=label,
                x=axis.at(known["week"]),
                y=known[column].astype(float).tolist(),
                customdata=axis.hover(known["week"]),
                mode="lines+markers",
                line={"color": colour, "width": 3},
                marker={"size": 5},
                hovertemplate=f"{label.split()[0]}: %{{y:,.0f}}{axis.hover_suffix}<extra></extra>",
            )
        )
    last_x = float(rows["week"].max())
    if eac is not None:
        actual = rows[rows["ac"].notna()]
        if actual.empty:
            raise PortfolioError("history", "no actual cost yet to project from", column="ac")
        week0, ac0 = float(actual["week"].iloc[-1]), float(actual["ac"].iloc[-1])
        if forecast_week < week0:
            raise ValueError(
                f"s_curve: forecast_week {forecast_week} is before the last actual cost "
                f"(week {week0:g})"
            )
        fig.add_trace(
            go.Scatter(
                name="EAC projection",
                x=axis.at([week0, forecast_week]),
                y=[ac0, float(eac)],
                mode="lines+markers+text",
                line={"color": style.ACTUAL, "width": 2, "dash": "dash"},
                marker={"size": [0, 9], "symbol": "circle-open"},
                text=["", f"EAC {style.money(eac)}"],
                textposition="top left",
                hovertemplate="EAC projection: %{y:,.0f}<extra></extra>",
            )
        )
        last_x = max(last_x, float(forecast_week))
    if bac is not None:
        fig.add_trace(
            go.Scatter(
                name="BAC",
                x=axis.at([float(rows["week"].min()), last_x]),
                y=[float(bac), float(bac)],
                mode="lines",
                line={"color": style.BASELINE, "width": 2, "dash": "dot"},
                hovertemplate=f"BAC: {style.money(bac)}<extra></extra>",
            )
        )
    if status_week is not None:
        (x,) = axis.at([status_week])
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            yref="paper",
            y0=0,
            y1=1,
            line={"color": "#424242", "width": 1.5, "dash": "dashdot"},
            name="status week",
        )
        fig.add_annotation(
            x=x,
            yref="paper",
            y=1,
            text=f"status: week {status_week}",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 12},
        )

    if title is None:
        title = f"S-curve of {project}" if project else "S-curve"
        title += ": cumulative planned value, earned value and actual cost"
        if eac is not None:
            title += ", with the cost forecast (EAC)"
    style.apply_layout(
        fig, title=title, xaxis_title=axis.title, yaxis_title="Cumulative value and cost"
    )
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    fig.update_layout(hovermode="x unified")
    if axis.dates:
        fig.update_xaxes(type="date")
    return fig


def _one_project(history: pd.DataFrame):
    if "project_id" not in history.columns:
        return None
    projects = history["project_id"].dropna().unique()
    if len(projects) > 1:
        raise PortfolioError(
            "history",
            f"{len(projects)} projects ({', '.join(map(str, projects[:3]))}, ...); "
            "an S-curve shows one: filter the history to one project_id",
            column="project_id",
        )
    return projects[0] if len(projects) else None


class _WeekAxis:
    """Status weeks as x values: the weeks themselves, or their status dates."""

    def __init__(self, rows: pd.DataFrame, by_date: bool) -> None:
        has_dates = "status_date" in rows.columns and bool(rows["status_date"].notna().all())
        self.known = (
            pd.Series(pd.to_datetime(rows["status_date"]).to_numpy(), index=rows["week"].to_numpy())
            if has_dates
            else None
        )
        self.dates = by_date and has_dates
        self.title = "Status date (weekly)" if self.dates else "Status week"
        # on a week axis, each point's date shows on hover; on a date axis, its week
        self.hover_suffix = (
            " (week %{customdata})"
            if self.dates
            else (" (status %{customdata})" if has_dates else "")
        )

    def at(self, weeks) -> list:
        """x values for the weeks; a date beyond the history is a week per 7 days on."""
        weeks = np.asarray(weeks, dtype=float)
        if not self.dates:
            return weeks.tolist()
        return self._dates(weeks)

    def hover(self, weeks) -> list | None:
        """What each point's hover adds: its date on a week axis, its week on a date axis."""
        weeks = np.asarray(weeks, dtype=float)
        if self.dates:
            return [f"{w:g}" for w in weeks.tolist()]
        return self._dates(weeks) if self.known is not None else None

    def _dates(self, weeks: np.ndarray) -> list[str]:
        assert self.known is not None
        week0, date0 = float(self.known.index[-1]), self.known.iloc[-1]
        out = []
        for week in weeks.tolist():
            if week in self.known.index:
                date = self.known[week]
            else:
                date = date0 + (week - week0) * _WEEK
            out.append(pd.Timestamp(date).strftime("%Y-%m-%d"))
        return out
