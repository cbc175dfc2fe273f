"""Earned schedule week by week, per project: when each will really finish."""

from __future__ import annotations

import numpy as np

from .earned_schedule import ES_COLUMNS, es_arrays
from .history import DAYS_PER_WEEK, WeeklyGrid, check_choice

__all__ = ["earned_schedule_history"]


def earned_schedule_history(portfolio, level="project", method="physical", basis="actual"):
    """ES, SV(t), SPI(t), IEAC(t) and TSPI per project and week.

    Each project runs on its own clock. Its period 0 is the status week in
    which its baseline starts (``start_week``), where its PV is still 0;
    its planned duration PD is the weeks from there to the end of its last
    baselined task; its PV curve is the whole baseline (beyond the status
    date too, so a project ahead of plan can earn schedule it has not yet
    lived). EV per week is that of :func:`earned_value_history` with the
    same ``method`` and ``basis``; :func:`~pmo_exercises.tracking.earned_schedule`
    then applies Lipke's formulas.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    level : {"project", "portfolio"}
        Per project and week (default), or for the whole portfolio per week.
    method, basis : str
        As in :func:`earned_value_history`.

    Returns
    -------
    pandas.DataFrame
        One row per week (0 to the status week) and project, in table order:
        ``week``, ``status_date``, ``project_id`` (not at portfolio level),
        ``start_week``, ``planned_duration`` (weeks), ``pv``, ``ev``, then
        ``es``, ``at``, ``sv_t``, ``spi_t``, ``ieac_t`` and ``tspi``, in
        weeks from ``start_week`` except the indices. The forecast finish
        week is ``start_week + ieac_t``. Weeks before ``start_week``, and
        projects with no planned cost, have NaN figures; as in any history,
        undefined figures (SPI(t) at AT = 0, ...) are NaN without a warning.
        Once a project has earned its whole budget it is finished: its clock
        stops, and later weeks repeat the figures of the week it finished
        (``at`` is then its actual duration and ``spi_t`` = PD / AT says how
        late it was, where SPI($) = EV / PV is back to 1).

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.tracking import earned_schedule_history
    >>> es = earned_schedule_history(pmo.load_portfolio())
    >>> es[es["week"] == es["week"].max()][["project_id", "spi_t", "ieac_t"]]  # doctest: +SKIP
    """
    check_choice("level", level, ("project", "portfolio"))
    grid = WeeklyGrid(portfolio)
    if level == "project":
        by, groups = grid.project, grid.project_ids.size
    else:
        by, groups = np.zeros(grid.cost.size, dtype=np.int64), 1

    # each group's plan: first baseline day, end of its last task, on the weekly grid
    start = np.full(groups, np.inf)
    np.minimum.at(start, by, grid.baseline_start)
    span = np.where(grid.cost > 0, np.maximum(grid.duration, 1.0), grid.duration)
    end = np.full(groups, -np.inf)
    np.maximum.at(end, by, grid.baseline_start + span)
    bac = np.bincount(by, grid.cost, groups)
    planned = np.isfinite(start) & (bac > 0)
    start_week = np.where(planned, np.floor(start / DAYS_PER_WEEK), np.nan)
    duration = np.where(
        planned, (end - DAYS_PER_WEEK * np.nan_to_num(start_week)) / DAYS_PER_WEEK, np.nan
    )
    horizon = int(np.nanmax(start_week + np.ceil(duration), initial=0))
    plan_weeks = np.arange(max(horizon, grid.weeks[-1]) + 1)
    pv = grid.total(grid.pv(plan_weeks), by, groups).reshape(plan_weeks.size, groups)
    ev = grid.total(grid.earned_value(method, basis), by, groups).reshape(grid.weeks.size, groups)

    n_weeks = grid.weeks.size
    figures = {name: np.full((n_weeks, groups), np.nan) for name in ES_COLUMNS}
    for g in np.flatnonzero(planned):  # a loop over projects; numpy within each
        first = int(start_week[g])
        if first >= n_weeks:
            continue
        curve = pv[first : first + int(np.ceil(duration[g])) + 1, g]
        earned = ev[first:, g]
        # once the whole budget is earned the project is finished: its clock stops there
        finished = np.flatnonzero(earned >= bac[g] * (1 - 1e-12))
        lived = earned if finished.size == 0 else earned[: finished[0] + 1]
        result = es_arrays(curve, lived, float(duration[g]))
        for name in ES_COLUMNS:
            values = np.concatenate(
                [result[name], np.repeat(result[name][-1:], earned.size - lived.size)]
            )
            figures[name][first:, g] = values

    if level == "project":
        frame = grid.frame_by_project()
    else:
        frame = grid.frame_by_week()
    frame["start_week"] = np.tile(start_week, n_weeks)
    frame["planned_duration"] = np.tile(duration, n_weeks)
    frame["pv"] = pv[:n_weeks].ravel()
    frame["ev"] = ev.ravel()
    for name in ES_COLUMNS:
        frame[name] = figures[name].ravel()
    return frame
