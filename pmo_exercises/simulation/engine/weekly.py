"""The weekly status of a run: what really stands, and what the project managers report.

Every Friday :meth:`WeeklyRecord.take` writes one row per task and per project:
the real percent complete and cost, and the reported percent complete and RAG
of the projects that report that week (the "90% syndrome" curve and the
softened RAG of the package's overview). The rows wait in preallocated arrays
until the run ends and :mod:`.outcome` builds the status tables from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...core.schema import DAYS_PER_WEEK
from ..workdays import day_to_date

if TYPE_CHECKING:  # pragma: no cover
    from .state import RunState

__all__ = ["AMBER_FROM", "GREEN_FROM", "WeeklyRecord"]

#: SPI or CPI at or above this is green, at or above AMBER_FROM amber, else red.
GREEN_FROM, AMBER_FROM = 0.95, 0.85


class WeeklyRecord:
    """The weekly rows of one run, one row per simulated week.

    Parameters
    ----------
    run : RunState
        The run recorded (for its sizes and status week).
    weeks : int
        The weeks simulated.

    Attributes
    ----------
    weeks : int
    out : dict of numpy.ndarray
        Per week (first axis): ``date``; per task: ``task_actual``,
        ``task_reported``, ``task_cost``, ``start_day``, ``finish_day``; per
        project: ``proj_actual``, ``proj_reported``, ``proj_cost``, ``rag``
        (a position in :data:`~pmo_exercises.core.schema.RAG`) and
        ``last_update``.
    """

    def __init__(self, run: RunState, weeks: int) -> None:
        w, n, m = weeks, len(run.task_ids), run.n_proj
        self.weeks, self.week0 = weeks, run.week0
        # one row per simulated week, filled in place by take()
        self.out = {
            "date": np.empty(w, dtype="datetime64[ns]"),
            **{k: np.empty((w, n)) for k in ("task_actual", "task_reported", "task_cost")},
            **{k: np.empty((w, n), dtype=np.int64) for k in ("start_day", "finish_day")},
            **{k: np.empty((w, m)) for k in ("proj_actual", "proj_reported", "proj_cost")},
            "rag": np.empty((w, m), dtype=np.int64),
            "last_update": np.empty((w, m), dtype="datetime64[ns]"),
        }

    def take(self, run: RunState, week: int) -> None:
        """Record the status at the end of ``week``; reports update ``run``'s reporting state."""
        d = run.drivers
        share = np.divide(run.done, run.work, out=np.zeros_like(run.done), where=run.work > 0)
        share = np.where(run.finished, 1.0, np.where(run.started, np.minimum(share, 0.99), 0.0))
        # Rework after a risk grows the work left, but physical progress is not
        # undone: it stalls until the rework is through.
        share = run.progress_made = np.maximum(share, run.progress_made)
        actual = np.round(share * 100, 1)

        reports = _reporting_projects(run, week)
        k = d["progress_optimism"].to_numpy()[run.proj]
        told = 100 * (1 - (1 - share) ** (1 + k))
        # rounded to 5%, stuck below 100% until done, never below the honest figure
        told = np.maximum(np.minimum(np.round(told / 5) * 5, 95.0), np.floor(actual / 5) * 5)
        told = np.where(run.finished, 100.0, np.where(run.started, told, 0.0))
        # a report never takes progress back
        run.reported = np.where(reports[run.proj], np.maximum(run.reported, told), run.reported)

        weights = np.bincount(run.proj, run.planned_cost, run.n_proj)
        ev_true = np.bincount(run.proj, run.planned_cost * share, run.n_proj)
        ev_told = np.bincount(run.proj, run.planned_cost * run.reported / 100, run.n_proj)
        ac = np.bincount(run.proj, run.cost, run.n_proj)
        planned_share = np.clip(
            (week * DAYS_PER_WEEK - run.bstart) / np.maximum(run.duration, 1), 0, 1
        )
        pv = np.bincount(run.proj, run.planned_cost * planned_share, run.n_proj)
        spi = np.divide(ev_told, pv, out=np.ones(run.n_proj), where=pv > 0)
        cpi = np.divide(ev_told, ac, out=np.ones(run.n_proj), where=ac > 0)
        level = np.maximum(_rag_level(spi), _rag_level(cpi))
        level = np.maximum(level - d["rag_optimism"].to_numpy(), 0)
        date = day_to_date(run.start, [week * DAYS_PER_WEEK - 1])[0]
        run.rag = np.where(reports, level, run.rag)
        run.last_update = np.where(reports, date, run.last_update)
        pct_told = np.divide(ev_told, weights, out=np.zeros(run.n_proj), where=weights > 0) * 100
        run.reported_proj = np.where(reports, np.round(pct_told, 1), run.reported_proj)

        row = week - self.week0 - 1
        out = self.out
        out["date"][row] = date
        out["task_actual"][row] = actual
        out["task_reported"][row] = run.reported
        out["task_cost"][row] = np.round(run.cost, 2)
        out["start_day"][row] = run.start_day
        out["finish_day"][row] = run.finish_day
        out["proj_actual"][row] = np.round(
            np.divide(ev_true, weights, out=np.zeros(run.n_proj), where=weights > 0) * 100, 1
        )
        out["proj_reported"][row] = run.reported_proj
        out["proj_cost"][row] = np.round(ac, 2)
        out["rag"][row] = run.rag
        out["last_update"][row] = run.last_update


def _reporting_projects(run: RunState, week: int) -> np.ndarray:
    """Per project, whether its manager reports in ``week`` (on cadence, not yet gone quiet)."""
    d = run.drivers
    every = d["report_every_weeks"].to_numpy()
    on_cadence = (week - 1) % every == 0
    return on_cadence & (week <= d["last_report_week"].to_numpy()) & run.active_project


def _rag_level(index: np.ndarray) -> np.ndarray:
    return np.where(index >= GREEN_FROM, 0, np.where(index >= AMBER_FROM, 1, 2))
