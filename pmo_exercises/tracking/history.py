"""Week by week earned value of a portfolio: the S-curve table.

PV comes from the baseline, EV from percent complete, AC from the actuals,
for every week from 0 (the start, all zeros, where every S-curve begins) to
the status week. Everything is computed on ``weeks x tasks`` arrays at once.

Conventions (the simulator's own, so the figures agree with it):

* Working day 0 is ``portfolio.meta["start_date"]`` (a Monday); week ``w``
  ends after working day ``5 w`` (on its Friday). Working days are counted
  with numpy's business-day functions (Monday to Friday).
* A task's planned share at week ``w`` is
  ``clip((5 w - baseline_start_day) / max(duration_days, 1), 0, 1)``:
  linear over its working days. PV is that share of its ``planned_cost``;
  a milestone has no planned cost.
* A task without a status row in some week (or with a missing value in it)
  keeps its last status: 0 before the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from ..core.portfolio import fridays
from ..core.schema import DAYS_PER_WEEK
from ..core.tables import tiled
from .evm import EVM_COLUMNS, evm_arrays

__all__ = ["BASES", "LEVELS", "METHODS", "earned_value_history"]

#: Levels of aggregation of :func:`earned_value_history`.
LEVELS = ("project", "task", "portfolio")
#: Earned value methods: how percent complete turns into EV.
METHODS = ("physical", "0/100", "50/50")
#: Whose percent complete: the audit truth or what the project manager says.
BASES = ("actual", "reported")


def earned_value_history(portfolio, level="project", method="physical", basis="actual"):
    """PV, EV, AC and the EVM indices per week, from week 0 to the status week.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history (``task_status``).
    level : {"project", "task", "portfolio"}
        One row per project and week (default), per task and week, or per
        week for the whole portfolio.
    method : {"physical", "0/100", "50/50"}
        How percent complete becomes earned value:

        * ``"physical"``: percent complete x planned cost;
        * ``"0/100"``: the planned cost only once the task is 100% done;
        * ``"50/50"``: half the planned cost when the task starts (percent
          complete above 0, or an actual start recorded), the rest at 100%.
    basis : {"actual", "reported"}
        ``"actual"`` uses ``pct_complete_actual``, what an audit would find;
        ``"reported"`` uses ``pct_complete_reported``, what the project
        manager says. Comparing the two is how a PMO catches a watermelon.

    Returns
    -------
    pandas.DataFrame
        One row per week and id, sorted by week then in table order:
        ``week``, ``status_date`` (the Friday; week 0 is the Friday before
        the start), the ids (``task_id`` and ``project_id`` for tasks,
        ``project_id`` for projects, none for the portfolio), then ``bac``,
        ``pv``, ``ev``, ``ac`` (currency, cumulative) and the figures of
        :func:`~pmo_exercises.tracking.evm` (``sv``, ``cv``, ``spi``,
        ``cpi``, ``eac_cpi``, ...). Figures that are undefined, as SPI in
        week 0 or CPI before any cost, are NaN without a warning: a history
        is expected to have them.

    Raises
    ------
    ValueError
        For an unknown level, method or basis.
    PortfolioError
        When the status history names a task that is not in ``tasks``, a
        task names a project that is not in ``projects``, or a (week, task)
        has two status rows.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.tracking import earned_value_history
    >>> h = earned_value_history(pmo.load_portfolio())
    >>> h[h["week"] == h["week"].max()][["project_id", "spi", "cpi"]]  # doctest: +SKIP
    """
    check_choice("level", level, LEVELS)
    check_choice("method", method, METHODS)
    check_choice("basis", basis, BASES)
    grid = WeeklyGrid(portfolio)
    ev = grid.earned_value(method, basis)
    if level == "task":
        frame = grid.frame_by_task()
        values = {"bac": np.tile(grid.cost, grid.weeks.size), "pv": grid.pv(), "ev": ev}
        values = {k: v.ravel() for k, v in values.items()} | {"ac": grid.actual_cost().ravel()}
    else:
        by = grid.project if level == "project" else np.zeros(grid.cost.size, dtype=np.int64)
        groups = len(grid.project_ids) if level == "project" else 1
        frame = grid.frame_by_project() if level == "project" else grid.frame_by_week()
        values = {
            "bac": np.tile(np.bincount(by, grid.cost, groups), grid.weeks.size),
            "pv": grid.total(grid.pv(), by, groups),
            "ev": grid.total(ev, by, groups),
            "ac": grid.total(grid.actual_cost(), by, groups),
        }
    for name in ("bac", "pv", "ev", "ac"):
        frame[name] = values[name]
    figures = evm_arrays(values["bac"], values["pv"], values["ev"], values["ac"], warn=False)
    for name in EVM_COLUMNS:
        frame[name] = figures[name]
    return frame


def check_choice(name: str, value, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")


class WeeklyGrid:
    """A portfolio's tasks on a grid of weeks ``0..status_week``: plan and status arrays.

    Arrays are ``(weeks, tasks)``, row ``w`` holding the cumulative figures
    at the end of week ``w``. Internal to the tracking package.
    """

    def __init__(self, portfolio) -> None:
        self.portfolio = portfolio
        tasks = portfolio.tasks
        self.start = np.datetime64(pd.Timestamp(portfolio.meta["start_date"]).date(), "D")
        self.task_ids = tasks["task_id"].to_numpy()
        self.project_ids = portfolio.projects["project_id"].to_numpy()
        self.project = pd.Index(self.project_ids).get_indexer(tasks["project_id"])
        if (self.project < 0).any():
            row = int(np.flatnonzero(self.project < 0)[0])
            raise PortfolioError(
                "tasks",
                f"project {tasks['project_id'].iat[row]!r} is not in the projects table",
                row=row,
                key=f"task_id {self.task_ids[row]!r}",
                column="project_id",
            )
        self.cost = tasks["planned_cost"].to_numpy(dtype=np.float64)
        self.duration = tasks["duration_days"].to_numpy(dtype=np.float64)
        self.baseline_start = workday(self.start, tasks["baseline_start"])
        status = portfolio.task_status
        last = int(status["week"].max()) if len(status) else 0
        self.weeks = np.arange(max(portfolio.status_week, last) + 1)
        self._status = status
        self._filled: dict[str, np.ndarray] = {}

    # -- plan ---------------------------------------------------------------------
    def pv(self, weeks: np.ndarray | None = None) -> np.ndarray:
        """Cumulative planned value per week and task, from the baseline."""
        weeks = self.weeks if weeks is None else weeks
        span = np.maximum(self.duration, 1.0)
        share = (DAYS_PER_WEEK * weeks[:, None] - self.baseline_start) / span
        return np.clip(share, 0.0, 1.0) * self.cost

    # -- status -------------------------------------------------------------------
    def _fill(self, column: str) -> np.ndarray:
        """One status column as a ``(weeks, tasks)`` array, week 0 zero, gaps carried forward."""
        if column in self._filled:
            return self._filled[column]
        status = self._status
        if not hasattr(self, "_where"):
            task = pd.Index(self.task_ids).get_indexer(status["task_id"])
            if (task < 0).any():
                row = int(np.flatnonzero(task < 0)[0])
                raise PortfolioError(
                    "task_status",
                    f"task {status['task_id'].iat[row]!r} is not in the tasks table",
                    row=row,
                    column="task_id",
                )
            week = status["week"].to_numpy(dtype=np.int64)
            if (week < 1).any():
                row = int(np.flatnonzero(week < 1)[0])
                raise PortfolioError(
                    "task_status", f"week {week[row]} is before week 1", row=row, column="week"
                )
            cell = week * self.task_ids.size + task
            counts = np.bincount(cell, minlength=self.weeks.size * self.task_ids.size)
            if (counts > 1).any():
                row = int(np.flatnonzero(cell == np.argmax(counts > 1))[1])
                raise PortfolioError(
                    "task_status",
                    f"a second status row for week {week[row]} "
                    f"of task {self.task_ids[task[row]]!r}",
                    row=row,
                )
            self._where = (week, task)
        week, task = self._where
        shape = (self.weeks.size, self.task_ids.size)
        out = np.full(shape, np.nan)
        out[0] = 0.0
        if column == "actual_start":
            values = status[column].notna().to_numpy(dtype=np.float64)
        else:
            values = status[column].to_numpy(dtype=np.float64)
        out[week, task] = values
        # carry the last known status forward: row index of the last filled week
        filled = np.where(np.isnan(out), 0, np.arange(shape[0])[:, None])
        np.maximum.accumulate(filled, axis=0, out=filled)
        out = out[filled, np.arange(shape[1])]
        self._filled[column] = out
        return out

    def earned_value(self, method: str, basis: str) -> np.ndarray:
        """Cumulative earned value per week and task."""
        pct = self._fill(f"pct_complete_{basis}")
        if method == "physical":
            return pct / 100.0 * self.cost
        done = pct >= 100.0
        if method == "0/100":
            return np.where(done, self.cost, 0.0)
        started = (pct > 0) | (self._fill("actual_start") > 0)
        return (0.5 * started + 0.5 * done) * self.cost

    def actual_cost(self) -> np.ndarray:
        """Cumulative actual cost per week and task."""
        return self._fill("actual_cost")

    # -- shapes -------------------------------------------------------------------
    def status_dates(self) -> np.ndarray:
        """The Friday ending each week; week 0's is the Friday before the start."""
        return fridays(self.start, self.weeks)

    def total(self, values: np.ndarray, by: np.ndarray, groups: int) -> np.ndarray:
        """Sum a ``(weeks, tasks)`` array over tasks into ``groups``, flattened week-major."""
        rows = values.shape[0]
        cells = (np.arange(rows)[:, None] * groups + by).ravel()
        return np.bincount(cells, values.ravel(), rows * groups)

    def frame_by_task(self) -> pd.DataFrame:
        n = self.task_ids.size
        return pd.DataFrame(
            {
                "week": np.repeat(self.weeks, n),
                "status_date": np.repeat(self.status_dates(), n),
                "task_id": tiled(self.task_ids, self.weeks.size),
                "project_id": tiled(self.portfolio.tasks["project_id"].to_numpy(), self.weeks.size),
            }
        )

    def frame_by_project(self) -> pd.DataFrame:
        m = self.project_ids.size
        return pd.DataFrame(
            {
                "week": np.repeat(self.weeks, m),
                "status_date": np.repeat(self.status_dates(), m),
                "project_id": tiled(self.project_ids, self.weeks.size),
            }
        )

    def frame_by_week(self) -> pd.DataFrame:
        return pd.DataFrame({"week": self.weeks, "status_date": self.status_dates()})


def workday(start: np.datetime64, dates) -> np.ndarray:
    """Working days from ``start`` (working day 0) to each date."""
    values = pd.to_datetime(pd.Series(dates)).to_numpy().astype("datetime64[D]")
    return np.busday_count(start, values).astype(np.float64)
