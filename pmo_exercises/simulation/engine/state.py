"""The set-up of a run: the portfolio as arrays over tasks, links and projects, at its status date.

:class:`RunState` reads the plan (baseline, durations, costs, the lead role's
FTE, the links split by what they constrain), the hidden drivers of each
project, the work done so far (from the last status), and draws once what the
future holds: each task's real amount of work and which risks and
opportunities will happen, and when. The day steps (:mod:`.days`) and the
weekly status (:mod:`.weekly`) then change it in place.

Every draw is keyed by id (:func:`keyed_uniform`), never by position.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.portfolio import Portfolio
from ...core.schema import DAYS_PER_WEEK, RAG
from ...network.passes import KIND_CODES
from ..workdays import date_to_day

__all__ = ["RunState", "keyed_uniform"]


class RunState:
    """The arrays of one simulation run, as they stand on the current day.

    Parameters
    ----------
    p : Portfolio
        The portfolio simulated, from its status date; it is read, not changed.
    seed : int
        Fixes the real work of each task and the fate of each risk and
        opportunity.

    Attributes
    ----------
    work, done, cost : numpy.ndarray
        Per task: the real work (days), the work done and the actual cost so far.
    start_day, finish_day : numpy.ndarray
        Per task: the working day it started and finished (-1: not yet); a task
        occupies days ``[start, finish)``.
    started, finished : numpy.ndarray
        Per task, as booleans.
    risk, opp : dict
        The risk and opportunity registers as arrays, with their fates (see
        :meth:`fate`).
    events : list of dict
        The risks and opportunities that struck during the run, in order.
    reported, progress_made, rag, last_update, reported_proj : numpy.ndarray
        What was last reported per task and per project (see :mod:`.weekly`).
    """

    def __init__(self, p: Portfolio, seed: int) -> None:
        self.p = p
        self.start = pd.Timestamp(p.meta["start_date"])
        self.week0 = p.status_week
        tasks, projects = p.tasks, p.projects
        n = len(tasks)
        self.task_ids = tasks["task_id"].to_numpy()
        pos = pd.Index(self.task_ids)
        proj_index = pd.Index(projects["project_id"])
        self.proj = proj_index.get_indexer(tasks["project_id"])
        self.n_proj = len(projects)

        # -- plan ---------------------------------------------------------------
        self.bstart = date_to_day(self.start, tasks["baseline_start"])
        self.duration = tasks["duration_days"].to_numpy(dtype=float)
        self.planned_cost = tasks["planned_cost"].to_numpy(dtype=float)
        drivers = p.drivers.set_index("project_id").reindex(projects["project_id"])
        self.drivers = drivers
        # priority 1 gets twice the share of priority 3, which gets twice that of 5
        self.weight = 2.0 ** ((3 - projects["priority"].to_numpy()[self.proj]) / 2)
        self.active_project = (projects["state"] == "active").to_numpy()

        # resources: the lead role's FTE decides the pace
        role_index = pd.Index(p.roles["role_id"])
        self.role = role_index.get_indexer(tasks["role_id"])
        lead = p.assignments.merge(tasks[["task_id", "role_id"]], on=["task_id", "role_id"])
        fte = pd.Series(lead["fte"].to_numpy(), index=lead["task_id"]).groupby(level=0).sum()
        self.fte = fte.reindex(self.task_ids).fillna(1.0).to_numpy()
        self.capacity = p.roles["capacity_days_per_week"].to_numpy(dtype=float) / DAYS_PER_WEEK

        # links, split by what they constrain
        links = p.dependencies
        lp = pos.get_indexer(links["predecessor"])
        ls = pos.get_indexer(links["successor"])
        lk = links["type"].map(KIND_CODES).to_numpy(dtype=np.int64)
        lag = links["lag_days"].to_numpy(dtype=float)
        finish_link = np.isin(lk, (KIND_CODES["FF"], KIND_CODES["SF"]))
        from_finish = np.isin(lk, (KIND_CODES["FS"], KIND_CODES["FF"]))
        self.link_groups = {
            group: (lp[sel], ls[sel], lag[sel], from_finish[sel])
            for group, sel in (("start", ~finish_link), ("finish", finish_link))
        }

        # -- state at the status date ------------------------------------------
        o, m, pe = (
            tasks[c].to_numpy(dtype=float)
            for c in ("optimistic_days", "most_likely_days", "pessimistic_days")
        )
        factor = drivers["duration_factor"].to_numpy()[self.proj]
        self.seed = seed
        self.work = _triangular(keyed_uniform(seed, self.task_ids, "work"), o, m, pe) * factor
        self.unit_cost = np.divide(
            self.planned_cost, self.duration, out=np.zeros(n), where=self.duration > 0
        )
        self.unit_cost *= drivers["cost_factor"].to_numpy()[self.proj]

        hist = p.task_status
        last = hist[hist["week"] == self.week0].set_index("task_id").reindex(self.task_ids)
        had = self.week0 > 0 and len(last)
        frac = last["pct_complete_actual"].fillna(0).to_numpy() / 100 if had else np.zeros(n)
        self.done = frac * self.work
        self.cost = (
            last["actual_cost"].fillna(0).to_numpy(dtype=float, copy=True) if had else np.zeros(n)
        )
        self.start_day = date_to_day(self.start, last["actual_start"]) if had else np.full(n, -1)
        self.finish_day = date_to_day(self.start, last["actual_finish"]) if had else np.full(n, -1)
        self.started = self.start_day >= 0
        self.finished = self.finish_day >= 0
        self.done[self.finished] = self.work[self.finished]
        self.progress_made = frac.copy()
        self.reported = (
            last["pct_complete_reported"].fillna(0).to_numpy(dtype=float, copy=True)
            if had
            else np.zeros(n)
        )

        # -- risks and opportunities, fated now ----------------------------------
        self.risk = self.fate(p.risks, "risk_id", pos, live="open")
        self.opp = self.fate(p.opportunities, "opportunity_id", pos, live="open")
        self.events: list[dict] = []

        # -- reporting state per project ----------------------------------------
        prev = p.project_status
        prev = (
            prev[prev["week"] == self.week0].set_index("project_id").reindex(projects["project_id"])
        )
        rag_code = {r: i for i, r in enumerate(RAG)}
        self.rag = (
            prev["reported_rag"].map(rag_code).fillna(0).to_numpy(dtype=np.int64, copy=True)
            if self.week0
            else np.zeros(self.n_proj, dtype=np.int64)
        )
        self.last_update = (
            prev["last_update"].to_numpy(copy=True)
            if self.week0
            else np.full(self.n_proj, np.datetime64("NaT"), dtype="datetime64[ns]")
        )
        self.reported_proj = (
            prev["pct_complete_reported"].fillna(0).to_numpy(dtype=float, copy=True)
            if self.week0
            else np.zeros(self.n_proj)
        )

    def fate(self, register: pd.DataFrame, id_col: str, pos: pd.Index, live: str) -> dict:
        """Decide now which live register entries will happen, and when.

        Returns
        -------
        dict
            Arrays over the register's rows: ``id``, ``task`` (its position),
            ``fires`` (it will happen), ``at`` (the share of the task's work
            done when it strikes), ``cost`` and ``days`` (its impact, or its
            saving and gain) and ``happened`` (all false yet).
        """
        ids = register[id_col].to_numpy()
        fires = (register["state"].to_numpy() == live) & (
            keyed_uniform(self.seed, ids, "fires") < register["probability"].to_numpy()
        )
        return {
            "id": register[id_col].to_numpy(),
            "task": pos.get_indexer(register["task_id"]),
            "fires": fires,
            # share of the task's work done when it strikes
            "at": 0.1 + 0.8 * keyed_uniform(self.seed, ids, "at"),
            "cost": register.iloc[
                :,
                register.columns.get_loc(
                    "cost_impact" if "cost_impact" in register else "cost_saving"
                ),
            ].to_numpy(dtype=float),
            "days": register.iloc[
                :,
                register.columns.get_loc(
                    "schedule_impact_days"
                    if "schedule_impact_days" in register
                    else "schedule_gain_days"
                ),
            ].to_numpy(dtype=float),
            "happened": np.zeros(len(ids), dtype=bool),
        }


def keyed_uniform(seed: int, ids: np.ndarray, salt: str) -> np.ndarray:
    """One uniform number in [0, 1) per id, fixed by (seed, id, salt).

    Keying the draws by id rather than by position gives common random
    numbers: a scenario that removes a task or pauses a project leaves every
    other task's fate as it was, so a comparison shows the decision's effect
    and nothing else.
    """
    keys = np.asarray(ids, dtype=object) + f"\x1f{salt}\x1f{int(seed)}"
    hashed = pd.util.hash_array(keys, categorize=False)
    return (hashed >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _triangular(u: np.ndarray, low, mode, high) -> np.ndarray:
    """Triangular draws (by inverse CDF of ``u``) that tolerate zero-width estimates."""
    width = high - low
    c = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(width > 0, np.where(u < c, left, right), mode)
