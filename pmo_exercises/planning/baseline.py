"""Baseline against current schedule: how far each task and milestone has slipped."""

from __future__ import annotations

import pandas as pd

__all__ = ["compare_schedules", "project_slip"]


def compare_schedules(
    baseline: pd.DataFrame, current: pd.DataFrame, milestones_only: bool = False
) -> pd.DataFrame:
    """Slip of every task (or milestone) from one schedule to another.

    Parameters
    ----------
    baseline, current : pandas.DataFrame
        Schedules indexed by ``task_id`` with ``es`` and ``ef`` (from
        :func:`critical_path` or :func:`portfolio_schedule`). Tasks in only
        one of them are left out.
    milestones_only : bool
        Keep only zero-duration tasks: the dates stakeholders were promised.

    Returns
    -------
    pandas.DataFrame
        ``baseline_es``, ``baseline_ef``, ``es``, ``ef``, ``start_slip_days``
        and ``finish_slip_days`` (positive: later than the baseline), worst
        slip first.
    """
    both = baseline.index.intersection(current.index, sort=False)
    out = pd.DataFrame(
        {
            "baseline_es": baseline.loc[both, "es"],
            "baseline_ef": baseline.loc[both, "ef"],
            "es": current.loc[both, "es"],
            "ef": current.loc[both, "ef"],
        }
    )
    if milestones_only:
        out = out[out["baseline_ef"] == out["baseline_es"]]
    out["start_slip_days"] = out["es"] - out["baseline_es"]
    out["finish_slip_days"] = out["ef"] - out["baseline_ef"]
    return out.sort_values("finish_slip_days", ascending=False, kind="stable")


def project_slip(schedule: pd.DataFrame) -> pd.DataFrame:
    """Per project: baseline finish, forecast finish and the slip between them.

    Parameters
    ----------
    schedule : pandas.DataFrame
        From :func:`portfolio_schedule`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``project_id``: ``baseline_finish``, ``forecast_finish``
        (dates), ``finish_slip_days`` and ``critical_tasks`` (open critical
        tasks left), worst slip first.
    """
    by = schedule.groupby("project_id", sort=False)
    last = by["ef"].idxmax()
    out = pd.DataFrame(
        {
            "baseline_finish": by["baseline_finish"].max(),
            "forecast_finish": schedule.loc[last.to_numpy(), "finish"].to_numpy(),
            "finish_slip_days": by["ef"].max() - by["baseline_ef"].max(),
            "critical_tasks": by["critical"].sum(),
        }
    )
    return out.sort_values("finish_slip_days", ascending=False, kind="stable")
