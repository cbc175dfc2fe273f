"""Resource loading, over-allocation and levelling.

A schedule books people: each task needs ``fte`` people of each role
assigned to it, every working day from ``es`` to ``ef``. Summed per role
and week, that is the *loading* a PMO compares with each pool's capacity; a
week where it is higher is an *over-allocation*. *Levelling* moves tasks
later, within their links, until no pool is over-booked.
"""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from ..core.schema import DAYS_PER_WEEK
from ..network.passes import KIND_CODES
from .cpm import critical_path, release_days
from .network import build_network, check_durations, duration_column

__all__ = ["level_resources", "levelling_delays", "overallocations", "resource_loading"]


def _demand(schedule: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    need = assignments[["task_id", "role_id", "fte"]].merge(
        schedule.reset_index()[
            ["task_id", "es", "ef", *(["project_id"] if "project_id" in schedule.columns else [])]
        ],
        on="task_id",
    )
    return need[need["ef"] > need["es"]]


def resource_loading(
    schedule: pd.DataFrame,
    assignments: pd.DataFrame,
    by_project: bool = False,
    calendar=None,
) -> pd.DataFrame:
    """Person-days each role is booked for, week by week.

    Parameters
    ----------
    schedule : pandas.DataFrame
        Indexed by ``task_id`` with ``es`` and ``ef`` in working days (from
        :func:`critical_path`, :func:`level_resources` or
        :func:`~pmo_exercises.planning.portfolio_schedule`); a
        ``project_id`` column is needed for ``by_project``.
    assignments : pandas.DataFrame
        ``task_id``, ``role_id`` and ``fte``.
    by_project : bool
        Split each role's load by project: who is asking for the experts.
    calendar : WorkCalendar, optional
        The calendar the schedule's days count in (``WorkCalendar.of(portfolio)``).
        With holidays, each working day goes to its calendar week, so a week
        with Easter Monday in it books four days; without, week ``w`` is days
        ``5 (w - 1)`` to ``5 w - 1``.

    Returns
    -------
    pandas.DataFrame
        ``role_id`` (and ``project_id``), ``week`` (week 1 is days 0 to 4,
        or the calendar's first week) and ``demand_days``; weeks without
        demand are left out.
    """
    need = _demand(schedule, assignments)
    keys = ["role_id", "project_id"] if by_project else ["role_id"]
    if need.empty:
        return pd.DataFrame(columns=[*keys, "week", "demand_days"])
    groups = need.groupby(keys, sort=True).ngroup().to_numpy()
    horizon = int(np.ceil(need["ef"].max())) + 1
    # add fte on the first day and take it off after the last: a cumulative sum
    # then gives each day's booking, for every group at once
    diff = np.zeros((groups.max() + 1, horizon + 1))
    np.add.at(diff, (groups, np.floor(need["es"]).astype(int)), need["fte"])
    np.add.at(diff, (groups, np.ceil(need["ef"]).astype(int)), -need["fte"].to_numpy())
    daily = np.cumsum(diff, axis=1)[:, :horizon]
    if calendar is not None and calendar.has_holidays:
        week_of_day = calendar.week_of(np.arange(horizon)) - 1
        weekly = np.zeros((daily.shape[0], int(week_of_day.max()) + 1))
        np.add.at(weekly.T, week_of_day, daily.T)
    else:
        weeks = -(-horizon // DAYS_PER_WEEK)
        padded = np.zeros((daily.shape[0], weeks * DAYS_PER_WEEK))
        padded[:, :horizon] = daily
        weekly = padded.reshape(daily.shape[0], weeks, DAYS_PER_WEEK).sum(axis=2)
    labels = need.drop_duplicates(keys).assign(g=groups[~need.duplicated(keys).to_numpy()])
    labels = labels.sort_values("g")[keys].reset_index(drop=True)
    g, w = np.nonzero(weekly > 1e-9)
    out = labels.iloc[g].reset_index(drop=True)
    out["week"] = w + 1
    out["demand_days"] = np.round(weekly[g, w], 6)
    return out


def overallocations(loading: pd.DataFrame, roles: pd.DataFrame) -> pd.DataFrame:
    """The weeks where a pool is booked beyond its capacity.

    Parameters
    ----------
    loading : pandas.DataFrame
        From :func:`resource_loading` (by role, or by role and project).
    roles : pandas.DataFrame
        ``role_id`` and ``capacity_days_per_week``.

    Returns
    -------
    pandas.DataFrame
        ``role_id``, ``week``, ``demand_days``, ``capacity_days``,
        ``excess_days`` and ``projects`` (how many projects share the load),
        worst first.
    """
    per_role = loading.groupby(["role_id", "week"], as_index=False).agg(
        demand_days=("demand_days", "sum"),
        projects=("project_id", "nunique") if "project_id" in loading else ("week", "size"),
    )
    cap = roles.set_index("role_id")["capacity_days_per_week"]
    per_role["capacity_days"] = per_role["role_id"].map(cap).to_numpy(dtype=float)
    per_role["excess_days"] = per_role["demand_days"] - per_role["capacity_days"]
    over = per_role[per_role["excess_days"] > 1e-9]
    return over.sort_values(["excess_days", "week"], ascending=[False, True]).reset_index(
        drop=True
    )[["role_id", "week", "demand_days", "capacity_days", "excess_days", "projects"]]


def level_resources(
    tasks: pd.DataFrame,
    links: pd.DataFrame | None,
    assignments: pd.DataFrame,
    roles: pd.DataFrame,
) -> pd.DataFrame:
    """Delay tasks, within their links, until no pool is over-booked.

    A serial schedule generation scheme: tasks are taken one at a time, each
    once all its predecessors are placed, by the priority rule **least total
    float first** (ties: earliest early start, then table order), and each
    goes to the earliest day its links allow on which its roles have the
    people for its whole duration. Every link type and lag is respected.

    Parameters
    ----------
    tasks : pandas.DataFrame
        As for :func:`critical_path` (``earliest_start`` included); a
        ``project_id`` column, if present, is kept in the result.
    links : pandas.DataFrame or None
        As for :func:`critical_path`.
    assignments : pandas.DataFrame
        ``task_id``, ``role_id`` and ``fte``.
    roles : pandas.DataFrame
        ``role_id`` and ``capacity_days_per_week``; each working day a pool
        gives a fifth of its weekly capacity.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``task_id``: ``es`` and ``ef`` levelled, ``early_es`` and
        ``early_ef`` from the unlevelled CPM, and ``delay_days`` (how much
        later each task now finishes).

    Notes
    -----
    A task that needs more people than its pool has takes the whole pool: it
    runs alone rather than never. Fractional durations are placed on whole
    days.
    """
    net = build_network(tasks, links)
    durations = check_durations(tasks, duration_column(tasks, "duration", "duration_days"), net.ids)
    early = critical_path(tasks, links)
    n = net.size
    # a start-no-earlier-than date (a project's start) holds when levelling too
    release = np.broadcast_to(np.asarray(release_days(tasks), dtype=float), (n,))
    role_index = pd.Index(roles["role_id"])
    capacity = roles["capacity_days_per_week"].to_numpy(dtype=float) / DAYS_PER_WEEK
    need = assignments[assignments["task_id"].isin(net.ids)]
    task_pos = net.ids.get_indexer(need["task_id"])
    role_pos = role_index.get_indexer(need["role_id"])
    if (role_pos < 0).any():
        row = int(np.flatnonzero(role_pos < 0)[0])
        raise PortfolioError(
            "assignments", f"unknown role '{need['role_id'].iat[row]}'", row=row, column="role_id"
        )
    fte = np.minimum(need["fte"].to_numpy(dtype=float), capacity[role_pos])
    by_task: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for t, r, f in zip(task_pos, role_pos, fte, strict=True):
        if f > 0:
            by_task[t].append((int(r), float(f)))

    incoming: list[list[int]] = [[] for _ in range(n)]
    for i, s in enumerate(net.succ):
        incoming[s].append(i)
    waiting = np.bincount(net.succ, minlength=n)
    outgoing: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(net.pred):
        outgoing[p].append(i)

    days = np.ceil(durations).astype(np.int64)
    # placed one after another, with every positive lag, the tasks still fit here
    horizon = int(days.sum() + np.clip(net.lag, 0, None).sum()) + 1
    profile = np.zeros((len(role_index), horizon))
    es = np.zeros(n)
    order_key = list(zip(early["total_float"], early["es"], range(n), strict=True))
    ready = [order_key[i] for i in range(n) if waiting[i] == 0]
    heapq.heapify(ready)
    fs, ff, sf = (KIND_CODES[k] for k in ("FS", "FF", "SF"))
    while ready:
        _, _, j = heapq.heappop(ready)
        earliest = float(release[j])
        for li in incoming[j]:
            p, kind, lag = net.pred[li], net.kind[li], net.lag[li]
            anchor = es[p] + (days[p] if kind in (fs, ff) else 0) + lag
            earliest = max(earliest, anchor - (days[j] if kind in (ff, sf) else 0))
        start = int(np.ceil(earliest - 1e-9))
        if days[j] > 0 and by_task[j]:
            start = _first_fit(profile, capacity, by_task[j], start, int(days[j]))
            for r, f in by_task[j]:
                profile[r, start : start + days[j]] += f
        es[j] = start
        for li in outgoing[j]:
            s = net.succ[li]
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, order_key[s])
    out = pd.DataFrame(
        {
            "es": es,
            "ef": es + durations,
            "early_es": early["es"].to_numpy(),
            "early_ef": early["ef"].to_numpy(),
        },
        index=pd.Index(net.ids, name="task_id"),
    )
    out["delay_days"] = out["ef"] - out["early_ef"]
    if "project_id" in tasks.columns:
        out.insert(0, "project_id", tasks["project_id"].to_numpy())
    return out


def _first_fit(profile, capacity, needs, start: int, length: int) -> int:
    """The first day from ``start`` with room for ``needs`` for ``length`` days."""
    ok = np.ones(profile.shape[1] - start, dtype=bool)
    for r, f in needs:
        ok &= profile[r, start:] + f <= capacity[r] + 1e-9
    # count the full days up to each day: a window without one is a fit
    full = np.concatenate([[0], np.cumsum(~ok)])
    fits = np.flatnonzero(full[length:] - full[:-length] == 0)
    if not fits.size:  # pragma: no cover - the horizon leaves room for every task
        raise RuntimeError("resource levelling ran past its horizon")
    return start + int(fits[0])


def levelling_delays(levelled: pd.DataFrame) -> pd.DataFrame:
    """What levelling costs each project: its finish before and after.

    Parameters
    ----------
    levelled : pandas.DataFrame
        From :func:`level_resources`, with a ``project_id`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``project_id``: ``early_finish``, ``levelled_finish``
        (working days), ``delay_days`` and ``tasks_delayed``, most delayed
        first.
    """
    if "project_id" not in levelled.columns:
        raise PortfolioError("tasks", "levelling delays per project need a 'project_id' column")
    by = levelled.groupby("project_id", sort=False)
    out = pd.DataFrame(
        {
            "early_finish": by["early_ef"].max(),
            "levelled_finish": by["ef"].max(),
            "tasks_delayed": by["delay_days"].apply(lambda d: int((d > 1e-9).sum())),
        }
    )
    out.insert(2, "delay_days", out["levelled_finish"] - out["early_finish"])
    return out.sort_values("delay_days", ascending=False, kind="stable")
