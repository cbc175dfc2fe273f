"""Capacity planning: demand against capacity by role and month, across the portfolio.

The demand comes from the PMO's forecast: every task's dates from
:func:`~pmo_exercises.planning.portfolio_schedule` and the weekly loading
from :func:`~pmo_exercises.planning.resource_loading`; nothing is recounted
here. Weeks become months through the portfolio's working calendar: a week
(Monday to Friday) belongs to the month of its Wednesday, the month that
holds at least three of its five working days. A month's capacity is the
pool's weekly capacity times the weeks it holds, so demand and capacity are
counted the same way.

The calendar is the portfolio's (:meth:`~pmo_exercises.planning.WorkCalendar.of`):
a week with a public holiday of the ``holidays`` table has a working day less,
in the demand and in the capacity.

Projects that are **paused or cancelled** book nobody after the status
date: their work not yet started leaves the plan and their work in progress
stops at the status date (what was done stays done). A paused project's
restart date is unknown, so its remaining demand is left out until it
resumes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError

__all__ = ["capacity_effect", "capacity_plan"]

DAYS_PER_WEEK = 5
_FREQ = {"week": None, "month": "M", "quarter": "Q"}
STOPPED = ("paused", "cancelled")


def _schedule(portfolio) -> pd.DataFrame:
    """The forecast schedule, with the work of paused and cancelled projects cut."""
    from ..planning import portfolio_schedule, status_day

    schedule = portfolio_schedule(portfolio)
    state = portfolio.projects.set_index("project_id")["state"]
    stopped = schedule["project_id"].map(state).isin(STOPPED).to_numpy()
    if stopped.any():
        today = status_day(portfolio, portfolio.status_week)
        schedule = schedule.copy()
        es = schedule["es"].to_numpy()
        ef = schedule["ef"].to_numpy()
        cut_ef = np.where(stopped, np.minimum(ef, np.maximum(es, today)), ef)
        schedule["ef"] = cut_ef
    return schedule


def _period_of_weeks(portfolio, weeks: np.ndarray, freq: str) -> pd.Series:
    """The period (a label such as ``"2026-07"``) of each week number."""
    from ..planning import WorkCalendar

    if freq not in _FREQ:
        raise ValueError(f"freq is one of {', '.join(_FREQ)}, not {freq!r}")
    if _FREQ[freq] is None:
        return pd.Series(weeks.astype(int), index=weeks)
    # the Wednesday of each calendar week, whatever holidays it holds
    monday = pd.Timestamp(WorkCalendar(portfolio.meta["start_date"]).to_date([0])[0])
    monday -= pd.Timedelta(days=monday.weekday())
    wednesday = pd.DatetimeIndex(monday + pd.to_timedelta((weeks - 1) * 7 + 2, unit="D"))
    return pd.Series(wednesday.to_period(_FREQ[freq]).astype(str), index=weeks)


def _plan(portfolio, loading: pd.DataFrame, freq: str, by_project: bool) -> pd.DataFrame:
    roles = portfolio.roles
    if len(loading):
        first, last = int(loading["week"].min()), int(loading["week"].max())
    else:
        first = last = max(portfolio.status_week, 1)
    weeks = np.arange(first, last + 1)
    period = _period_of_weeks(portfolio, weeks, freq)
    weeks_in = period.value_counts(sort=False)
    order = list(dict.fromkeys(period.tolist()))
    keys = ["role_id", "project_id"] if by_project else ["role_id"]
    load = loading.assign(period=loading["week"].map(period))
    demand = load.groupby([*keys, "period"])["demand_days"].sum()
    grid = pd.MultiIndex.from_product(
        [roles["role_id"].astype(str).tolist(), order], names=["role_id", "period"]
    ).to_frame(index=False)
    grid["weeks"] = grid["period"].map(weeks_in).astype("int64")
    cap = roles.set_index("role_id")["capacity_days_per_week"].astype(float)
    # a pool's capacity in a period: its weekly capacity for each working day there
    # (a week with a holiday gives four fifths of it)
    share = pd.Series(_calendar(portfolio).week_days(weeks) / DAYS_PER_WEEK, index=weeks)
    worked = share.groupby(period).sum()
    grid["capacity_days"] = grid["role_id"].map(cap) * grid["period"].map(worked).to_numpy()
    if by_project:
        out = demand.reset_index()
        out = out.merge(grid, on=["role_id", "period"], how="left")
        return out[["role_id", "project_id", "period", "weeks", "demand_days", "capacity_days"]]
    total = demand.reset_index()
    out = grid.merge(total, on=["role_id", "period"], how="left")
    out["demand_days"] = out["demand_days"].fillna(0.0)
    out["balance_days"] = out["capacity_days"] - out["demand_days"]
    with np.errstate(divide="ignore", invalid="ignore"):
        util = out["demand_days"] / out["capacity_days"]
    out["utilisation"] = util.where(out["capacity_days"] > 0, np.nan)
    out["over_capacity"] = out["balance_days"] < -1e-9
    cols = ["role_id", "period", "weeks", "demand_days", "capacity_days", "balance_days"]
    return out[[*cols, "utilisation", "over_capacity"]]


def capacity_plan(portfolio, freq: str = "month", by_project: bool = False) -> pd.DataFrame:
    """Demand against capacity, by role and period, across the portfolio.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio at its status week; the forecast schedule gives the
        demand (done work where it happened, the rest as forecast).
    freq : {"month", "week", "quarter"}
        The period. Weeks are numbered as in
        :func:`~pmo_exercises.planning.resource_loading`; a week falls in the
        month (or quarter) of its Wednesday.
    by_project : bool
        Split each role's demand by project (no balance columns then).

    Returns
    -------
    pandas.DataFrame
        One row per role and period (every role, every period from the
        first to the last week of demand, zero demand included):
        ``role_id``, ``period`` (``"2026-07"``, ``"2026Q3"`` or the week
        number), ``weeks`` (weeks in the period), ``demand_days``,
        ``capacity_days`` (person-days), ``balance_days`` (capacity minus
        demand: negative is a shortfall), ``utilisation`` (demand over
        capacity) and ``over_capacity``. With ``by_project``: ``role_id``,
        ``project_id``, ``period``, ``weeks``, ``demand_days`` and the role's
        ``capacity_days``, for the non-zero demands only.

    Notes
    -----
    A month can be within capacity while one of its weeks is not: look at
    :func:`~pmo_exercises.planning.overallocations` for the weekly view.
    """
    loading = _loading(portfolio, _schedule(portfolio), portfolio.assignments)
    return _plan(portfolio, loading, freq, by_project)


def _calendar(portfolio):
    from ..planning import WorkCalendar

    return WorkCalendar.of(portfolio)


def _loading(portfolio, schedule: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Weekly demand by role and project, in the portfolio's calendar weeks."""
    from ..planning import resource_loading

    return resource_loading(schedule, assignments, by_project=True, calendar=_calendar(portfolio))


def _added_schedule(portfolio, plan) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A new project's tasks on their baseline dates, and its assignments."""
    from ..planning import WorkCalendar

    tables = (
        plan if isinstance(plan, dict) else {n: getattr(plan, n) for n in ("tasks", "assignments")}
    )
    for name in ("tasks", "assignments"):
        if name not in tables:
            raise PortfolioError(name, "an added project needs its tasks and assignments")
    tasks, assignments = tables["tasks"], tables["assignments"]
    clash = sorted(set(tasks["task_id"]) & set(portfolio.tasks["task_id"]))
    if clash:
        raise PortfolioError(
            "tasks", f"task {clash[0]!r} is already in the portfolio", column="task_id"
        )
    unknown = sorted(set(assignments["role_id"]) - set(portfolio.roles["role_id"]))
    if unknown:
        raise PortfolioError(
            "assignments", f"role {unknown[0]!r} is not a pool of the portfolio", column="role_id"
        )
    calendar = WorkCalendar.of(portfolio)
    es = calendar.to_day(tasks["baseline_start"]).astype(float)
    schedule = pd.DataFrame(
        {
            "project_id": tasks["project_id"].to_numpy(),
            "es": es,
            "ef": es + tasks["duration_days"].to_numpy(dtype=float),
        },
        index=pd.Index(tasks["task_id"], name="task_id"),
    )
    return schedule, assignments


def capacity_effect(portfolio, change, freq: str = "month") -> pd.DataFrame:
    """Demand per role and period before and after a portfolio decision.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio as it stands.
    change : tuple
        ``("pause", project_id)`` or ``("cancel", project_id)``, applied with
        :func:`~pmo_exercises.simulation.scenarios.pause_project` and
        :func:`~pmo_exercises.simulation.scenarios.cancel_project`; or
        ``("add", plan)`` where ``plan`` is a Portfolio or a dict with the new
        project's ``tasks`` (with ``project_id``, ``duration_days`` and
        ``baseline_start``) and ``assignments``. An added project is placed
        on its baseline dates.
    freq : {"month", "week", "quarter"}
        As for :func:`capacity_plan`.

    Returns
    -------
    pandas.DataFrame
        One row per role and period: ``role_id``, ``period``,
        ``capacity_days``, ``demand_before``, ``demand_after``,
        ``change_days`` (after minus before), ``over_before`` and
        ``over_after`` (whether demand exceeds capacity).
    """
    from ..simulation import scenarios

    if not isinstance(change, tuple | list) or len(change) != 2:
        raise ValueError("change is ('pause', id), ('cancel', id) or ('add', plan)")
    action, what = change
    before = _loading(portfolio, _schedule(portfolio), portfolio.assignments)
    if action == "pause":
        after_p = scenarios.pause_project(portfolio, what)
        after = _loading(after_p, _schedule(after_p), after_p.assignments)
    elif action == "cancel":
        after_p = scenarios.cancel_project(portfolio, what)
        after = _loading(after_p, _schedule(after_p), after_p.assignments)
    elif action == "add":
        schedule, assignments = _added_schedule(portfolio, what)
        extra = _loading(portfolio, schedule, assignments)
        after = pd.concat([before, extra], ignore_index=True) if len(extra) else before
    else:
        raise ValueError(f"change is 'pause', 'cancel' or 'add', not {action!r}")
    # both plans on the same periods: the union of their weeks
    span = pd.concat([before, after], ignore_index=True)
    if span.empty:  # nobody is assigned to any task: no demand either way
        lo = hi = max(portfolio.status_week, 1)
    else:
        lo, hi = int(span["week"].min()), int(span["week"].max())
    marks = pd.DataFrame(
        {
            "role_id": [portfolio.roles["role_id"].iat[0]] * 2,
            "project_id": "",
            "week": [lo, hi],
            "demand_days": 0.0,
        }
    )
    plan_before = _plan(portfolio, pd.concat([before, marks], ignore_index=True), freq, False)
    plan_after = _plan(portfolio, pd.concat([after, marks], ignore_index=True), freq, False)
    out = plan_before[["role_id", "period", "capacity_days"]].copy()
    out["demand_before"] = plan_before["demand_days"].to_numpy()
    out["demand_after"] = plan_after["demand_days"].to_numpy()
    out["change_days"] = out["demand_after"] - out["demand_before"]
    out["over_before"] = out["demand_before"] > out["capacity_days"] + 1e-9
    out["over_after"] = out["demand_after"] > out["capacity_days"] + 1e-9
    return out
