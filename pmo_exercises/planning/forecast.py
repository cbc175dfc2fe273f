"""Schedules of the whole simulated portfolio at any status date.

The PMO's forecast: what is done stays where it happened, work in progress
finishes after its remaining duration, and work not yet started is scheduled
through the network from the status date (never before its baseline start:
teams do not start planned work early). Floats and the critical path are
computed per project, against each project's own forecast finish. Days are
working days of the portfolio's calendar (:meth:`WorkCalendar.of`): weekends and
the ``holidays`` table are off.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.portfolio import Portfolio
from ..core.schema import DAYS_PER_WEEK
from ..network.passes import backward_pass, forward_pass
from .calendar import WorkCalendar
from .cpm import FLOAT_TOLERANCE
from .network import build_network

__all__ = ["portfolio_schedule", "status_day"]


def status_day(portfolio: Portfolio, week: int, calendar: WorkCalendar | None = None) -> float:
    """Working days from day 0 to the end of status week ``week`` (its Friday).

    ``5 week`` without holidays; a holiday in the history takes a day off.
    """
    calendar = WorkCalendar.of(portfolio) if calendar is None else calendar
    if week <= 0 or not calendar.has_holidays:
        return float(max(week, 0) * DAYS_PER_WEEK)
    return float(calendar.elapsed([portfolio.week_date(week)])[0])


def portfolio_schedule(
    portfolio: Portfolio, week: int | None = None, basis: str = "reported"
) -> pd.DataFrame:
    """Every task's forecast dates, floats and slip at the end of ``week``.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with status history (or a plan: week 0).
    week : int, optional
        The status week; the latest by default, 0 for the baseline plan.
    basis : {"reported", "actual"}
        Whose percent complete sizes the remaining work: the project
        managers' reports (what a PMO receives) or the real progress (what an
        audit would find).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``task_id``: ``project_id``, ``name``, ``status`` (done,
        in progress, not started), ``pct_complete``, ``es``, ``ef``, ``ls``,
        ``lf`` (working days from the portfolio's day 0), ``total_float``,
        ``critical``, ``baseline_es``, ``baseline_ef``, ``finish_slip_days``
        and the dates ``start``, ``finish``, ``baseline_start``,
        ``baseline_finish``.
    """
    if basis not in ("reported", "actual"):
        raise ValueError(f"basis is 'reported' or 'actual', not {basis!r}")
    week = portfolio.status_week if week is None else int(week)
    if not 0 <= week <= portfolio.status_week:
        raise ValueError(f"week must be between 0 and {portfolio.status_week}, not {week}")
    tasks = portfolio.tasks
    calendar = WorkCalendar.of(portfolio)  # weekends and the portfolio's holidays off
    net = build_network(tasks[["task_id", "duration_days"]], portfolio.dependencies)
    planned = tasks["duration_days"].to_numpy(dtype=float)
    baseline_es = calendar.to_day(tasks["baseline_start"]).astype(float)
    today = status_day(portfolio, week, calendar)

    status = portfolio.task_status
    now = status[status["week"] == week].set_index("task_id").reindex(net.ids)
    pct = now[f"pct_complete_{basis}"].fillna(0.0).to_numpy() if week else np.zeros(net.size)
    started = now["actual_start"].notna().to_numpy() if week else np.zeros(net.size, bool)
    done = now["actual_finish"].notna().to_numpy() if week else np.zeros(net.size, bool)
    start_day = np.where(
        started,
        calendar.to_day(now["actual_start"].fillna(pd.Timestamp(portfolio.meta["start_date"]))),
        0,
    ).astype(float)
    finish_day = np.where(
        done,
        calendar.to_day(now["actual_finish"].fillna(pd.Timestamp(portfolio.meta["start_date"]))),
        0,
    ).astype(float)

    remaining = planned * (1 - pct / 100)
    duration = np.where(
        done,
        np.where(planned > 0, finish_day + 1 - start_day, 0.0),
        np.where(started, (today - start_day) + remaining, planned),
    )
    release = np.where(started, start_day, np.maximum(today, baseline_es))
    # what has started is a fact: its incoming links no longer move it
    keep = ~started[net.succ]
    pred, succ, kind, lag = net.pred[keep], net.succ[keep], net.kind[keep], net.lag[keep]
    es, ef = forward_pass(duration, pred, succ, kind, lag, release)
    project = pd.factorize(tasks["project_id"])[0]
    end = np.zeros(project.max() + 1)
    np.maximum.at(end, project, ef)
    ls, lf = backward_pass(duration, pred, succ, kind, lag, end[project])
    total = np.where(np.abs(ls - es) <= FLOAT_TOLERANCE, 0.0, ls - es)

    out = pd.DataFrame(
        {
            "project_id": tasks["project_id"].to_numpy(),
            "name": tasks["name"].to_numpy(),
            "status": np.where(done, "done", np.where(started, "in progress", "not started")),
            "pct_complete": np.where(done, 100.0, pct),
            "es": es,
            "ef": ef,
            "ls": ls,
            "lf": lf,
            "total_float": total,
            "critical": (total <= FLOAT_TOLERANCE) & ~done,
            "baseline_es": baseline_es,
            "baseline_ef": baseline_es + planned,
        },
        index=pd.Index(net.ids, name="task_id"),
    )
    out["finish_slip_days"] = out["ef"] - out["baseline_ef"]
    out["start"] = calendar.to_date(es).to_numpy()
    out["finish"] = calendar.finish_date(es, ef).to_numpy()
    out["baseline_start"] = tasks["baseline_start"].to_numpy()
    out["baseline_finish"] = tasks["baseline_finish"].to_numpy()
    return out
