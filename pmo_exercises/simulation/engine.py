"""Run a portfolio week by week: what really happens, and what gets reported.

The simulator steps one working day at a time and records a status every
Friday. Each day, for every task at once (numpy arrays over tasks):

1. **Start.** A task starts when its project is active, its baseline start has
   come (teams do not start early) and every start constraint is met: FS, the
   predecessor finished ``lag`` days ago; SS, it started ``lag`` days ago.
2. **Work.** When the active tasks ask a shared pool for more people than it
   has, the pool shares its daily capacity among them in proportion to their
   FTE, weighted by project priority (priority 1 weighs twice priority 3,
   four times priority 5). A task that gets half the people it needs moves
   at half speed: this is how an over-booked expert on one project delays
   another.
3. **Risks and opportunities.** A risk that is fated to occur (drawn once, by
   its probability) strikes when its task is part-way done: it adds its
   schedule impact to the task's remaining work and its cost impact to the
   actual cost. A realised opportunity removes work and cost.
4. **Finish.** A task whose work is done finishes when its finish constraints
   allow: FF, the predecessor finished ``lag`` days ago; SF, it started
   ``lag`` days ago.

Real durations are drawn from a triangular distribution on the three-point
estimate, scaled by the project's hidden ``duration_factor``; cost accrues
with the work actually done at the planned rate times ``cost_factor``.

Reporting is where people come in. On its reporting weeks a project manager
reports percent complete through a "90% syndrome" curve
``1 - (1 - actual) ** (1 + progress_optimism)``, rounded to 5% and never 100%
before the work is done, and a RAG worked out from the reported progress then
softened by ``rag_optimism`` steps. After ``last_report_week`` the manager stops
reporting: the PMO keeps receiving the last status, now stale.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..core import tables
from ..core.portfolio import Portfolio
from ..core.schema import DAYS_PER_WEEK, RAG
from ..network.passes import KIND_CODES
from .workdays import date_to_day, day_to_date

__all__ = ["simulate"]

#: SPI or CPI at or above this is green, at or above AMBER_FROM amber, else red.
GREEN_FROM, AMBER_FROM = 0.95, 0.85


def simulate(
    portfolio: Portfolio,
    weeks: int = 26,
    seed: int = 0,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Portfolio:
    """Run the portfolio for ``weeks`` more weeks from its status date.

    Parameters
    ----------
    portfolio : Portfolio
        A plan (from :func:`generate_portfolio`) or a portfolio with history,
        possibly changed by a scenario intervention. It is not modified.
    weeks : int
        Weeks to simulate (at least 1).
    seed : int
        Seed of the run; the same portfolio and seed give the same history.
    progress : callable, optional
        Called as ``progress(week_done, weeks)`` after each simulated week.

    Returns
    -------
    Portfolio
        A new portfolio whose status tables run to the new status week, with
        its projects' stage, state and reported RAG, the risk and opportunity
        registers, the artefacts and the events updated to match.

    Notes
    -----
    Resuming from a status date keeps the history and the work done, and
    draws the remaining work afresh with the new seed: the future is not
    written yet.
    """
    if int(weeks) < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    return _Run(portfolio, int(weeks), int(seed), progress).result()


class _Run:
    """One simulation run: arrays over tasks, links, risks; a day loop."""

    def __init__(self, p: Portfolio, weeks: int, seed: int, progress) -> None:
        self.p, self.weeks, self.progress = p, weeks, progress
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
        self.lp = pos.get_indexer(links["predecessor"])
        self.ls = pos.get_indexer(links["successor"])
        self.lk = links["type"].map(KIND_CODES).to_numpy(dtype=np.int64)
        self.lag = links["lag_days"].to_numpy(dtype=float)
        finish_link = np.isin(self.lk, (KIND_CODES["FF"], KIND_CODES["SF"]))
        from_finish = np.isin(self.lk, (KIND_CODES["FS"], KIND_CODES["FF"]))
        self.link_groups = {
            group: (self.lp[sel], self.ls[sel], self.lag[sel], from_finish[sel])
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
        self.risk = self._fate(p.risks, "risk_id", pos, live="open")
        self.opp = self._fate(p.opportunities, "opportunity_id", pos, live="open")
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

    def _fate(self, register: pd.DataFrame, id_col: str, pos: pd.Index, live: str) -> dict:
        """Decide now which live register entries will happen, and when."""
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

    # -- the day loop ---------------------------------------------------------------
    def result(self) -> Portfolio:
        w, n, m = self.weeks, len(self.task_ids), self.n_proj
        # one row per simulated week, filled in place by _record
        self.out = {
            "date": np.empty(w, dtype="datetime64[ns]"),
            **{k: np.empty((w, n)) for k in ("task_actual", "task_reported", "task_cost")},
            **{k: np.empty((w, n), dtype=np.int64) for k in ("start_day", "finish_day")},
            **{k: np.empty((w, m)) for k in ("proj_actual", "proj_reported", "proj_cost")},
            "rag": np.empty((w, m), dtype=np.int64),
            "last_update": np.empty((w, m), dtype="datetime64[ns]"),
        }
        first_day = self.week0 * DAYS_PER_WEEK
        for day in range(first_day, first_day + self.weeks * DAYS_PER_WEEK):
            self._start(day)
            self._finish(day, zero_work_only=True)
            self._start(day)  # successors of a milestone reached today start today
            self._work(day)
            self._strike(day)
            self._finish(day)
            if (day + 1) % DAYS_PER_WEEK == 0:
                week = (day + 1) // DAYS_PER_WEEK
                self._record(week)
                if self.progress is not None:
                    self.progress(week - self.week0, self.weeks)
        return self._portfolio()

    def _links_ok(self, group: str, candidates: np.ndarray, day: int) -> np.ndarray:
        """The candidates whose links of one group are all satisfied on ``day``.

        ``group`` is ``"start"`` (FS and SS links constrain a start) or
        ``"finish"`` (FF and SF links constrain a finish). Only the links into
        candidates are looked at: most tasks are not candidates on most days.
        """
        pred, succ, lag, from_finish = self.link_groups[group]
        into = candidates[succ]
        if not into.any():
            return candidates
        p, s, lag, ff = pred[into], succ[into], lag[into], from_finish[into]
        anchor = np.where(ff, self.finish_day[p], self.start_day[p])
        reached = np.where(ff, self.finished[p], self.started[p])
        # a start is constrained on the day itself, a finish at the end of the day
        when = day + (1 if group == "finish" else 0)
        ok = reached & (anchor + lag <= when)
        out = candidates.copy()
        out[s[~ok]] = False
        return out

    def _start(self, day: int) -> None:
        can = ~self.started & self.active_project[self.proj] & (self.bstart <= day)
        if not can.any():
            return
        can = self._links_ok("start", can, day)
        self.started |= can
        self.start_day[can] = day

    def _work(self, day: int) -> None:
        active = np.flatnonzero(
            self.started & ~self.finished & (self.done < self.work) & self.active_project[self.proj]
        )
        if active.size == 0:
            return
        role, fte, weight = self.role[active], self.fte[active], self.weight[active]
        # Weighted fair share: an over-booked pool serves everyone at a reduced
        # pace, higher priorities less reduced; nobody gets more than they need.
        asked = np.bincount(role, fte * weight, minlength=self.capacity.size)
        share = np.divide(
            self.capacity[role] * weight,
            asked[role],
            out=np.ones(active.size),
            where=asked[role] > 0,
        )
        step = np.minimum(np.minimum(share, 1.0), self.work[active] - self.done[active])
        self.done[active] += step
        self.cost[active] += step * self.unit_cost[active]

    def _strike(self, day: int) -> None:
        week = day // DAYS_PER_WEEK + 1
        for reg, kind, sign in ((self.risk, "risk", 1.0), (self.opp, "opportunity", -1.0)):
            t = reg["task"]
            if t.size == 0:
                continue
            share = np.divide(
                self.done[t], self.work[t], out=np.zeros(t.size), where=self.work[t] > 0
            )
            now = (
                reg["fires"]
                & ~reg["happened"]
                & self.started[t]
                & ~self.finished[t]
                & (share >= reg["at"])
            )
            if not now.any():
                continue
            reg["happened"] |= now
            for i in np.flatnonzero(now):  # a handful of events a year: a loop is clearer
                task = t[i]
                if sign > 0:
                    # the register's cost impact is the whole cost of the risk,
                    # so the extra days are re-priced to cost nothing more
                    remaining = self.work[task] - self.done[task]
                    self.work[task] += reg["days"][i]
                    self.unit_cost[task] *= remaining / (remaining + reg["days"][i])
                    self.cost[task] += reg["cost"][i]
                    cost, days = reg["cost"][i], reg["days"][i]
                else:
                    remaining = self.work[task] - self.done[task]
                    days = min(reg["days"][i], max(remaining - 1.0, 0.0))
                    self.work[task] -= days
                    remaining_cost = (self.work[task] - self.done[task]) * self.unit_cost[task]
                    saving = min(reg["cost"][i], remaining_cost)
                    if self.work[task] > self.done[task]:
                        self.unit_cost[task] = (remaining_cost - saving) / (
                            self.work[task] - self.done[task]
                        )
                    cost, days = -saving, -days
                self.events.append(
                    {
                        "week": week,
                        "date": day,
                        "project_id": self.p.tasks["project_id"].iat[task],
                        "task_id": self.task_ids[task],
                        "source_id": reg["id"][i],
                        "kind": kind,
                        "cost_impact": round(float(cost), 2),
                        "schedule_impact_days": float(days),
                    }
                )

    def _finish(self, day: int, zero_work_only: bool = False) -> None:
        can = self.started & ~self.finished & (self.done >= self.work - 1e-9)
        if zero_work_only:
            can &= self.work <= 0
        if not can.any():
            return
        can = self._links_ok("finish", can, day)
        self.finished |= can
        # a task occupies days [start, finish): zero work finishes the day it starts
        self.finish_day[can] = np.where(self.work[can] > 0, day + 1, self.start_day[can])

    # -- weekly status ----------------------------------------------------------
    def _record(self, week: int) -> None:
        d = self.drivers
        share = np.divide(self.done, self.work, out=np.zeros_like(self.done), where=self.work > 0)
        share = np.where(self.finished, 1.0, np.where(self.started, np.minimum(share, 0.99), 0.0))
        # Rework after a risk grows the work left, but physical progress is not
        # undone: it stalls until the rework is through.
        share = self.progress_made = np.maximum(share, self.progress_made)
        actual = np.round(share * 100, 1)

        reports = self._reporting_projects(week)
        k = d["progress_optimism"].to_numpy()[self.proj]
        told = 100 * (1 - (1 - share) ** (1 + k))
        # rounded to 5%, stuck below 100% until done, never below the honest figure
        told = np.maximum(np.minimum(np.round(told / 5) * 5, 95.0), np.floor(actual / 5) * 5)
        told = np.where(self.finished, 100.0, np.where(self.started, told, 0.0))
        # a report never takes progress back
        self.reported = np.where(reports[self.proj], np.maximum(self.reported, told), self.reported)

        weights = np.bincount(self.proj, self.planned_cost, self.n_proj)
        ev_true = np.bincount(self.proj, self.planned_cost * share, self.n_proj)
        ev_told = np.bincount(self.proj, self.planned_cost * self.reported / 100, self.n_proj)
        ac = np.bincount(self.proj, self.cost, self.n_proj)
        planned_share = np.clip(
            (week * DAYS_PER_WEEK - self.bstart) / np.maximum(self.duration, 1), 0, 1
        )
        pv = np.bincount(self.proj, self.planned_cost * planned_share, self.n_proj)
        spi = np.divide(ev_told, pv, out=np.ones(self.n_proj), where=pv > 0)
        cpi = np.divide(ev_told, ac, out=np.ones(self.n_proj), where=ac > 0)
        level = np.maximum(_rag_level(spi), _rag_level(cpi))
        level = np.maximum(level - d["rag_optimism"].to_numpy(), 0)
        date = day_to_date(self.start, [week * DAYS_PER_WEEK - 1])[0]
        self.rag = np.where(reports, level, self.rag)
        self.last_update = np.where(reports, date, self.last_update)
        pct_told = np.divide(ev_told, weights, out=np.zeros(self.n_proj), where=weights > 0) * 100
        self.reported_proj = np.where(reports, np.round(pct_told, 1), self.reported_proj)

        row = week - self.week0 - 1
        out = self.out
        out["date"][row] = date
        out["task_actual"][row] = actual
        out["task_reported"][row] = self.reported
        out["task_cost"][row] = np.round(self.cost, 2)
        out["start_day"][row] = self.start_day
        out["finish_day"][row] = self.finish_day
        out["proj_actual"][row] = np.round(
            np.divide(ev_true, weights, out=np.zeros(self.n_proj), where=weights > 0) * 100, 1
        )
        out["proj_reported"][row] = self.reported_proj
        out["proj_cost"][row] = np.round(ac, 2)
        out["rag"][row] = self.rag
        out["last_update"][row] = self.last_update

    def _reporting_projects(self, week: int) -> np.ndarray:
        d = self.drivers
        every = d["report_every_weeks"].to_numpy()
        on_cadence = (week - 1) % every == 0
        return on_cadence & (week <= d["last_report_week"].to_numpy()) & self.active_project

    # -- the new portfolio --------------------------------------------------------
    def _portfolio(self) -> Portfolio:
        p, n, w, m = self.p, len(self.task_ids), self.weeks, self.n_proj
        out = {key: value.reshape(-1) for key, value in self.out.items()}
        week_numbers = np.arange(self.week0 + 1, self.week0 + w + 1)
        task_status = tables.make(
            "task_status",
            {
                "week": np.repeat(week_numbers, n),
                "status_date": np.repeat(out["date"], n),
                "task_id": tables.tiled(self.task_ids, w),
                "project_id": tables.tiled(p.tasks["project_id"].to_numpy(), w),
                "pct_complete_actual": out["task_actual"],
                "pct_complete_reported": out["task_reported"],
                "actual_cost": out["task_cost"],
                "actual_start": _dates_or_nat(self.start, out["start_day"]),
                "actual_finish": _dates_or_nat(
                    self.start,
                    out["finish_day"] - 1,
                    out["finish_day"] < 0,
                    floor=out["start_day"],
                ),
            },
        )
        project_status = tables.make(
            "project_status",
            {
                "week": np.repeat(week_numbers, m),
                "status_date": np.repeat(out["date"], m),
                "project_id": tables.tiled(p.projects["project_id"].to_numpy(), w),
                "pct_complete_actual": out["proj_actual"],
                "pct_complete_reported": out["proj_reported"],
                "actual_cost": out["proj_cost"],
                "reported_rag": np.array(RAG, dtype=object)[out["rag"]],
                "last_update": out["last_update"],
            },
        )
        # a project that never reported still shows when its status was last touched: never
        project_status["last_update"] = project_status["last_update"].fillna(
            pd.Timestamp(self.start) - pd.Timedelta(days=3)
        )
        keep = p.task_status["week"] <= self.week0
        keep_p = p.project_status["week"] <= self.week0
        status_week = self.week0 + self.weeks
        status_date = self.out["date"][-1]
        return p.replace(
            task_status=pd.concat([p.task_status[keep], task_status], ignore_index=True),
            project_status=pd.concat([p.project_status[keep_p], project_status], ignore_index=True),
            events=self._events_table(),
            projects=self._projects_now(status_week),
            risks=_mark(p.risks, self.risk, "occurred"),
            opportunities=_mark(p.opportunities, self.opp, "realised"),
            artefacts=self._artefacts_now(),
            meta={
                "status_week": status_week,
                "status_date": f"{pd.Timestamp(status_date):%Y-%m-%d}",
            },
        )

    def _events_table(self) -> pd.DataFrame:
        new = pd.DataFrame(
            self.events,
            columns=[
                "week",
                "date",
                "project_id",
                "task_id",
                "source_id",
                "kind",
                "cost_impact",
                "schedule_impact_days",
            ],
        )
        new["date"] = day_to_date(self.start, new["date"].to_numpy())
        new = tables.make("events", {c: new[c].to_numpy() for c in new.columns})
        old = self.p.events[self.p.events["week"] <= self.week0]
        return pd.concat([old, new], ignore_index=True) if len(old) else new

    def _projects_now(self, status_week: int) -> pd.DataFrame:
        projects = self.p.projects.copy()
        any_started = np.bincount(self.proj, self.started, self.n_proj) > 0
        all_done = np.bincount(self.proj, ~self.finished, self.n_proj) == 0
        soon = (
            date_to_day(self.start, projects["planned_start"]) - status_week * DAYS_PER_WEEK
        ) <= 20
        stage = np.where(
            all_done,
            "closing",
            np.where(any_started, "execution", np.where(soon, "planning", "initiation")),
        )
        projects["stage"] = stage
        projects["state"] = np.where(
            all_done & (projects["state"] == "active"), "completed", projects["state"]
        )
        projects["reported_rag"] = np.array(RAG, dtype=object)[self.rag]
        return projects

    def _artefacts_now(self) -> pd.DataFrame:
        """Gate artefacts follow the work: approved when execution starts, if the
        project has the discipline; a closure report drafted at the end."""
        art = self.p.artefacts.copy()
        pids = self.p.projects["project_id"]
        first = np.full(self.n_proj, np.iinfo(np.int64).max)
        np.minimum.at(first, self.proj[self.started], self.start_day[self.started])
        started = pd.Series(first < np.iinfo(np.int64).max, index=pids)
        disciplined = pd.Series(self.drivers["gate_discipline"].to_numpy() == 1, index=pids)
        start_date = pd.Series(day_to_date(self.start, np.where(started, first - 1, 0)), index=pids)
        gate = art["artefact"].isin(["schedule_baseline", "risk_register", "sponsor_signoff"])
        approve = (
            gate
            & (art["state"] != "approved")
            & art["project_id"].map(started)
            & art["project_id"].map(disciplined)
        )
        art.loc[approve, "state"] = "approved"
        art.loc[approve, "approved_on"] = art.loc[approve, "project_id"].map(start_date).to_numpy()
        done = pd.Series(np.bincount(self.proj, ~self.finished, self.n_proj) == 0, index=pids)
        closing = (
            (art["artefact"] == "closure_report")
            & (art["state"] == "missing")
            & art["project_id"].map(done)
        )
        art.loc[closing, "state"] = "draft"
        return art


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


def _rag_level(index: np.ndarray) -> np.ndarray:
    return np.where(index >= GREEN_FROM, 0, np.where(index >= AMBER_FROM, 1, 2))


def _dates_or_nat(start, days, missing=None, floor=None) -> np.ndarray:
    days = np.asarray(days)
    if missing is None:
        missing = days < 0
    if floor is not None:  # a milestone finishes on the day it starts
        days = np.maximum(days, floor)
    # millions of rows but a few hundred distinct days: convert each day once
    safe = np.where(missing, 0, days)
    lookup = day_to_date(start, np.arange(int(safe.max(initial=0)) + 1))
    out = lookup[safe]
    out[missing] = np.datetime64("NaT")
    return out


def _mark(register: pd.DataFrame, fate: dict, state: str) -> pd.DataFrame:
    out = register.copy()
    out.loc[fate["happened"], "state"] = state
    return out
