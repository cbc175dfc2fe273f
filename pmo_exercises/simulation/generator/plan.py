"""The plan of the work: tasks with three-point estimates, their network, the baseline, the pools.

Tasks are dealt phase by phase within each project, linked to recent tasks
(parallel branches, a closing milestone fed by every dangling task, a few
hand-offs between projects), scheduled by a forward pass from each project's
start, and the resource pools are sized from the demand of that baseline.

The task table carries private working columns (``_proj``, ``_local``,
``_last``, ``_es``, ``_ef``) and the links their positions (``_pred``,
``_succ``) until :func:`~pmo_exercises.core.tables.make` keeps the schema's
columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...network.passes import KIND_CODES, forward_pass
from .. import names
from ..workdays import day_to_date

__all__ = ["draw_links", "draw_tasks", "set_baseline", "size_pools"]


def draw_tasks(rng, projects, roles, size) -> pd.DataFrame:
    """Each project's tasks (``size``: low, high), phase by phase, with estimates and cost."""
    n_proj = len(projects)
    counts = rng.integers(size[0], size[1] + 1, n_proj)
    total = int(counts.sum())
    proj = np.repeat(np.arange(n_proj), counts)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    local = np.arange(total) - first[proj]
    last = counts[proj] - 1
    phases = names.PHASES
    phase = np.minimum((local * len(phases)) // np.maximum(last, 1), len(phases) - 1)

    is_first, is_last = local == 0, local == last
    # a design sign-off milestone between design and build, on larger projects
    gate = (counts[proj] >= 12) & (local == (3 * last) // len(phases))
    milestone = is_first | is_last | gate

    # deal names within each phase like cards: no repeats until the pool runs out
    pool_size = np.array([len(p[1]) for p in phases])[phase]
    dealt = pd.DataFrame({"p": proj, "ph": phase}).groupby(["p", "ph"]).cumcount().to_numpy()
    pick = (dealt + rng.integers(0, 1000, (n_proj, len(phases)))[proj, phase]) % pool_size
    flat_pairs = [pair for p in phases for pair in p[1]]
    offsets = np.cumsum([0] + [len(p[1]) for p in phases])[phase]
    chosen = offsets + pick.astype(np.int64)
    task_names = np.array([pair[0] for pair in flat_pairs], dtype=object)[chosen]
    role_ids = list(roles["role_id"])
    role_of_pair = np.array([role_ids.index(pair[1]) for pair in flat_pairs])
    role = role_of_pair[chosen]
    role[milestone] = role_ids.index("BA")
    task_names[is_first] = "Project kick-off"
    task_names[gate] = "Design approved"
    task_names[is_last] = "Go-live and closure"
    # number repeated names within a project: "System test", "System test 2"
    frame = pd.DataFrame({"p": proj, "n": task_names})
    repeat = frame.groupby(["p", "n"], sort=False).cumcount().to_numpy()
    suffix = np.where(repeat > 0, " " + (repeat + 1).astype(str).astype(object), "")
    task_names = task_names + suffix

    # projects differ in scale: a quick fix to a multi-year programme
    scale = rng.uniform(0.8, 1.7, n_proj)[proj]
    most_likely = np.clip(np.round(rng.lognormal(np.log(9.0), 0.55, total) * scale), 2, 60)
    optimistic = np.maximum(1, np.round(most_likely * rng.uniform(0.55, 0.9, total)))
    pessimistic = np.maximum(most_likely + 1, np.round(most_likely * rng.uniform(1.15, 2.0, total)))
    for arr in (most_likely, optimistic, pessimistic):
        arr[milestone] = 0.0

    # people on the task: experts part-time, delivery teams in numbers
    u = rng.random(total)
    rid = np.array(role_ids, dtype=object)[role]
    expert = np.isin(rid, ["ARC", "SEC"])
    team = np.isin(rid, ["DEV", "QA", "INF"])
    fte = np.where(
        expert,
        np.where(u < 0.5, 0.5, 1.0),
        np.where(team, 1.0 + np.floor(u * 3), np.where(u < 0.3, 0.5, np.where(u < 0.8, 1.0, 2.0))),
    )
    rate = np.asarray(roles["day_rate"])[role]
    non_labour = rng.uniform(0.0, 0.25, total)
    planned_cost = np.round(most_likely * fte * rate * (1 + non_labour), -2)

    pid = projects["project_id"].to_numpy()
    width = max(2, len(str(int(counts.max()))))
    task_ids = [f"{pid[p]}-T{k + 1:0{width}d}" for p, k in zip(proj, local, strict=True)]
    return pd.DataFrame(
        {
            "task_id": task_ids,
            "project_id": pid[proj],
            "name": task_names,
            "role_id": rid,
            "optimistic_days": optimistic,
            "most_likely_days": most_likely,
            "pessimistic_days": pessimistic,
            "duration_days": most_likely,
            "planned_cost": planned_cost,
            "fte": np.where(milestone, 0.0, fte),
            "_proj": proj,
            "_local": local,
            "_last": is_last,
        }
    )


def draw_links(rng, tasks: pd.DataFrame, projects: pd.DataFrame) -> dict:
    """The dependencies: within each project and a few hand-offs between projects."""
    n = len(tasks)
    local = tasks["_local"].to_numpy()
    is_last = tasks["_last"].to_numpy()
    idx = np.arange(n)
    has_pred = (local >= 1) & ~is_last
    # each task follows one recent task, sometimes two: parallel branches appear
    back1 = np.minimum(rng.geometric(0.6, n) - 1, local - 1)
    second = has_pred & (local >= 2) & (rng.random(n) < 0.35)
    back2 = np.minimum(rng.geometric(0.45, n), local - 1)
    pred = np.concatenate([(idx - 1 - back1)[has_pred], (idx - 1 - back2)[second]])
    succ = np.concatenate([idx[has_pred], idx[second]])
    pairs = np.unique(np.stack([pred, succ], axis=1), axis=0)
    pred, succ = pairs[:, 0], pairs[:, 1]
    # every dangling task feeds the project's closing milestone
    has_succ = np.zeros(n, dtype=bool)
    has_succ[pred] = True
    sink = ~has_succ & ~is_last
    last_of = np.flatnonzero(is_last)[tasks["_proj"].to_numpy()]
    pred = np.concatenate([pred, idx[sink]])
    succ = np.concatenate([succ, last_of[sink]])
    # a few hand-offs between projects: an earlier project's deliverable feeds a later one
    n_proj = len(projects)
    n_cross = n_proj // 6
    if n_cross:
        a = rng.integers(0, n_proj - 1, n_cross)
        b = a + 1 + (rng.integers(0, n_proj, n_cross) % (n_proj - 1 - a))
        proj = tasks["_proj"].to_numpy()
        starts = np.searchsorted(proj, np.arange(n_proj))
        size = np.bincount(proj, minlength=n_proj)
        from_task = starts[a] + (size[a] * 2) // 3
        to_task = starts[b] + (size[b] * 2) // 5
        pred = np.concatenate([pred, from_task])
        succ = np.concatenate([succ, to_task])
        pairs = np.unique(np.stack([pred, succ], axis=1), axis=0)
        pred, succ = pairs[:, 0], pairs[:, 1]

    m = len(pred)
    duration = tasks["duration_days"].to_numpy()
    u = rng.random(m)
    kind = np.select([u < 0.82, u < 0.91, u < 0.98], ["FS", "SS", "FF"], "SF").astype(object)
    milestone_end = (duration[pred] == 0) | (duration[succ] == 0)
    kind[milestone_end] = "FS"
    lag_u = rng.random(m)
    lag = np.zeros(m)
    fs = kind == "FS"
    lag[fs & (lag_u < 0.10)] = rng.integers(2, 6, m)[fs & (lag_u < 0.10)]
    lead = fs & (lag_u > 0.95) & (duration[pred] >= 4) & ~milestone_end
    lag[lead] = -2
    ss = kind == "SS"
    lag[ss] = np.minimum(rng.integers(2, 6, m), np.maximum(duration[pred] - 1, 0))[ss]
    lag[kind == "FF"] = rng.integers(0, 4, m)[kind == "FF"]
    task_ids = tasks["task_id"].to_numpy()
    return {
        "predecessor": task_ids[pred],
        "successor": task_ids[succ],
        "type": kind,
        "lag_days": lag,
        "_pred": pred,
        "_succ": succ,
    }


def set_baseline(
    tasks: pd.DataFrame, links: dict, projects: pd.DataFrame, start: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """Baseline dates by a forward pass from each project's start (in place).

    Returns
    -------
    tuple of numpy.ndarray
        The early start and early finish of each task, in working days.
    """
    proj = tasks["_proj"].to_numpy()
    release = projects["start_day"].to_numpy()[proj].astype(float)
    kinds = np.array([KIND_CODES[k] for k in links["type"]], dtype=np.int64)
    es, ef = forward_pass(
        tasks["duration_days"].to_numpy(),
        links["_pred"],
        links["_succ"],
        kinds,
        links["lag_days"],
        release,
    )
    tasks["baseline_start"] = day_to_date(start, es)
    tasks["baseline_finish"] = day_to_date(start, np.maximum(ef - 1, es))
    tasks["_es"], tasks["_ef"] = es, ef
    first = tasks.groupby("_proj")["baseline_start"].min()
    finish = tasks.groupby("_proj")["baseline_finish"].max()
    projects["planned_start"] = first.to_numpy()
    projects["planned_finish"] = finish.to_numpy()
    return es, ef


def size_pools(roles: dict, tasks: pd.DataFrame, es: np.ndarray, ef: np.ndarray) -> None:
    """Size each pool from the baseline's demand for it (in place).

    A pool gets the people for a share of its planned peak load (POOL_SHARE);
    the scarce experts get less (SCARCE_SHARE), so their over-allocation is
    chronic, as it is in real portfolios.
    """
    role_ids = list(roles["role_id"])
    role = np.array([role_ids.index(r) for r in tasks["role_id"]])
    horizon = int(ef.max()) + 1
    diff = np.zeros((len(role_ids), horizon + 1))
    fte = tasks["fte"].to_numpy()
    np.add.at(diff, (role, es.astype(np.int64)), fte)
    np.add.at(diff, (role, ef.astype(np.int64)), -fte)
    load = np.cumsum(diff, axis=1)[:, :horizon]
    heads = []
    for r, rid in enumerate(role_ids):
        share = names.SCARCE_SHARE if rid in names.SCARCE_ROLES else names.POOL_SHARE
        need = share * load[r].max() if load[r].max() > 0 else 1.0
        heads.append(max(1, int(np.ceil(need / names.AVAILABILITY - 1e-9))))
    roles["headcount"] = np.array(heads, dtype=np.int64)
    roles["capacity_days_per_week"] = roles["headcount"] * 5 * names.AVAILABILITY
