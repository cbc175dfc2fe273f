"""The execution of a run, one working day at a time, for every task at once.

:func:`step_day` runs the day's phases in order (see the package's overview):
start the tasks that may start, finish the milestones reached, start their
successors, work, let the fated risks and opportunities strike, and finish
the tasks whose work is done. Each phase changes the :class:`.state.RunState`
in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...core.schema import DAYS_PER_WEEK

if TYPE_CHECKING:  # pragma: no cover
    from .state import RunState

__all__ = ["step_day"]


def step_day(run: RunState, day: int) -> None:
    """Simulate working day ``day`` of ``run``."""
    _start(run, day)
    _finish(run, day, zero_work_only=True)
    _start(run, day)  # successors of a milestone reached today start today
    _work(run, day)
    _strike(run, day)
    _finish(run, day)


def _links_ok(run: RunState, group: str, candidates: np.ndarray, day: int) -> np.ndarray:
    """The candidates whose links of one group are all satisfied on ``day``.

    ``group`` is ``"start"`` (FS and SS links constrain a start) or
    ``"finish"`` (FF and SF links constrain a finish). Only the links into
    candidates are looked at: most tasks are not candidates on most days.
    """
    pred, succ, lag, from_finish = run.link_groups[group]
    into = candidates[succ]
    if not into.any():
        return candidates
    p, s, lag, ff = pred[into], succ[into], lag[into], from_finish[into]
    anchor = np.where(ff, run.finish_day[p], run.start_day[p])
    reached = np.where(ff, run.finished[p], run.started[p])
    # a start is constrained on the day itself, a finish at the end of the day
    when = day + (1 if group == "finish" else 0)
    ok = reached & (anchor + lag <= when)
    out = candidates.copy()
    out[s[~ok]] = False
    return out


def _start(run: RunState, day: int) -> None:
    can = ~run.started & run.active_project[run.proj] & (run.bstart <= day)
    if not can.any():
        return
    can = _links_ok(run, "start", can, day)
    run.started |= can
    run.start_day[can] = day


def _work(run: RunState, day: int) -> None:
    active = np.flatnonzero(
        run.started & ~run.finished & (run.done < run.work) & run.active_project[run.proj]
    )
    if active.size == 0:
        return
    role, fte, weight = run.role[active], run.fte[active], run.weight[active]
    # Weighted fair share: an over-booked pool serves everyone at a reduced
    # pace, higher priorities less reduced; nobody gets more than they need.
    asked = np.bincount(role, fte * weight, minlength=run.capacity.size)
    share = np.divide(
        run.capacity[role] * weight,
        asked[role],
        out=np.ones(active.size),
        where=asked[role] > 0,
    )
    step = np.minimum(np.minimum(share, 1.0), run.work[active] - run.done[active])
    run.done[active] += step
    run.cost[active] += step * run.unit_cost[active]


def _strike(run: RunState, day: int) -> None:
    week = day // DAYS_PER_WEEK + 1
    for reg, kind, sign in ((run.risk, "risk", 1.0), (run.opp, "opportunity", -1.0)):
        t = reg["task"]
        if t.size == 0:
            continue
        share = np.divide(run.done[t], run.work[t], out=np.zeros(t.size), where=run.work[t] > 0)
        now = (
            reg["fires"]
            & ~reg["happened"]
            & run.started[t]
            & ~run.finished[t]
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
                remaining = run.work[task] - run.done[task]
                run.work[task] += reg["days"][i]
                run.unit_cost[task] *= remaining / (remaining + reg["days"][i])
                run.cost[task] += reg["cost"][i]
                cost, days = reg["cost"][i], reg["days"][i]
            else:
                remaining = run.work[task] - run.done[task]
                days = min(reg["days"][i], max(remaining - 1.0, 0.0))
                run.work[task] -= days
                remaining_cost = (run.work[task] - run.done[task]) * run.unit_cost[task]
                saving = min(reg["cost"][i], remaining_cost)
                if run.work[task] > run.done[task]:
                    run.unit_cost[task] = (remaining_cost - saving) / (
                        run.work[task] - run.done[task]
                    )
                cost, days = -saving, -days
            run.events.append(
                {
                    "week": week,
                    "date": day,
                    "project_id": run.p.tasks["project_id"].iat[task],
                    "task_id": run.task_ids[task],
                    "source_id": reg["id"][i],
                    "kind": kind,
                    "cost_impact": round(float(cost), 2),
                    "schedule_impact_days": float(days),
                }
            )


def _finish(run: RunState, day: int, zero_work_only: bool = False) -> None:
    can = run.started & ~run.finished & (run.done >= run.work - 1e-9)
    if zero_work_only:
        can &= run.work <= 0
    if not can.any():
        return
    can = _links_ok(run, "finish", can, day)
    run.finished |= can
    # a task occupies days [start, finish): zero work finishes the day it starts
    run.finish_day[can] = np.where(run.work[can] > 0, day + 1, run.start_day[can])
