"""Generate a realistic project portfolio of any size from a seed.

The generator lays out the *plan*: projects with a business case, task
networks with three-point estimates, shared resource pools, risk and
opportunity registers, governance artefacts, and a baseline schedule computed
through the precedence network. It writes no history: :func:`simulate` does.

Everything is drawn from one :class:`numpy.random.SeedSequence`, split into an
independent stream per concern, so that the same seed gives the same bytes on
every machine and adding a column to one table does not reshuffle the others.
Work is vectorised over tasks; only name formatting loops over projects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import tables
from ..core.portfolio import Portfolio
from ..core.schema import ARTEFACTS, PROJECT_KINDS, RISK_CATEGORIES, RISK_RESPONSES
from ..network.passes import KIND_CODES, forward_pass
from . import names
from .workdays import day_to_date

__all__ = ["generate_portfolio"]

_STREAMS = ("projects", "tasks", "links", "risks", "opportunities", "drivers", "people", "spare")


def generate_portfolio(
    seed: int = 0,
    n_projects: int = 12,
    tasks_per_project: int | tuple[int, int] = (10, 40),
    *,
    risks_per_project: tuple[int, int] = (5, 15),
    start_weeks: tuple[int, int] = (0, 12),
    start_date: str = "2026-01-05",
    company: str = names.COMPANY,
) -> Portfolio:
    """A new portfolio's plan, drawn deterministically from ``seed``.

    Parameters
    ----------
    seed : int
        The seed. The same seed always gives the same portfolio.
    n_projects : int
        Number of projects (at least 1).
    tasks_per_project : int or (int, int)
        Tasks per project, or an inclusive range to draw from (at least 3:
        a kick-off, some work and a closing milestone).
    risks_per_project : (int, int)
        Inclusive range of risks per project.
    start_weeks : (int, int)
        Projects start on a Monday drawn from this range of weeks (the
        upper bound excluded).
    start_date : str
        The Monday that is working day 0 of the portfolio.
    company : str
        The company's name, kept in ``meta``.

    Returns
    -------
    Portfolio
        A plan with no status history (``status_week`` is 0).

    Examples
    --------
    >>> from pmo_exercises import generate_portfolio
    >>> p = generate_portfolio(seed=7, n_projects=3, tasks_per_project=12)
    >>> len(p.projects), len(p.tasks)
    (3, 36)
    """
    if n_projects < 1:
        raise ValueError(f"n_projects must be at least 1, not {n_projects}")
    lo, hi = (
        (tasks_per_project, tasks_per_project)
        if np.isscalar(tasks_per_project)
        else tuple(tasks_per_project)
    )
    if lo < 3 or hi < lo:
        raise ValueError(
            f"tasks_per_project must be >= 3 (a range low <= high), not {tasks_per_project}"
        )
    start = pd.Timestamp(start_date)
    if start.weekday() != 0:
        raise ValueError(f"start_date must be a Monday, not {start:%A %Y-%m-%d}")
    rngs = dict(
        zip(
            _STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(_STREAMS))),
            strict=True,
        )
    )

    roles = _roles()
    people = _people(rngs["people"], max(24, n_projects * 3))
    projects = _projects(rngs["projects"], n_projects, people, start_weeks)
    tasks = _tasks(rngs["tasks"], projects, roles, (int(lo), int(hi)))
    links = _links(rngs["links"], tasks, projects)
    es, ef = _baseline(tasks, links, projects, start)
    _staff_pools(roles, tasks, es, ef)
    risks = _risks(rngs["risks"], tasks, projects, people, risks_per_project, start)
    opportunities = _opportunities(rngs["opportunities"], tasks, projects, people, start)
    drivers = _drivers(rngs["drivers"], projects)

    pid = projects["project_id"]
    bac = tasks["planned_cost"].groupby(tasks["project_id"]).sum()
    projects["bac"] = pid.map(bac).to_numpy()
    value_ratio = rngs["spare"].uniform(1.3, 3.0, n_projects)
    projects["business_value"] = np.round(projects["bac"] * value_ratio, -3)

    return Portfolio(
        objectives=tables.make("objectives", _objectives()),
        roles=tables.make("roles", roles),
        projects=tables.make("projects", projects),
        alignment=tables.make("alignment", _alignment(rngs["projects"], projects)),
        tasks=tables.make("tasks", tasks),
        dependencies=tables.make("dependencies", links),
        assignments=tables.make(
            "assignments",
            {"task_id": tasks["task_id"], "role_id": tasks["role_id"], "fte": tasks["fte"]},
        ),
        risks=tables.make("risks", risks),
        opportunities=tables.make("opportunities", opportunities),
        artefacts=tables.make("artefacts", _artefacts(rngs["projects"], projects, start)),
        task_status=tables.empty("task_status"),
        project_status=tables.empty("project_status"),
        events=tables.empty("events"),
        drivers=tables.make("drivers", drivers),
        meta={
            "company": company,
            "currency": names.CURRENCY,
            "start_date": f"{start:%Y-%m-%d}",
            "status_week": 0,
            "status_date": "",
            "seed": int(seed),
            "variant": "",
        },
    )


# -- reference data ------------------------------------------------------------
def _objectives() -> dict:
    cols = list(zip(*names.OBJECTIVES, strict=True))
    return {"objective_id": cols[0], "name": cols[1], "weight": cols[2], "description": cols[3]}


def _roles() -> dict:
    # Headcounts are set once the baseline shows the demand (_staff_pools).
    ids, role_names, rate = zip(*names.ROLES, strict=True)
    return {
        "role_id": ids,
        "name": role_names,
        "headcount": np.ones(len(ids), dtype=np.int64),
        "capacity_days_per_week": np.full(len(ids), 5 * names.AVAILABILITY),
        "day_rate": np.array(rate),
    }


def _people(rng: np.random.Generator, n: int) -> np.ndarray:
    first = rng.choice(names.FIRST_NAMES, n)
    last = rng.choice(names.LAST_NAMES, n)
    full = pd.unique(pd.Series([f"{f} {s}" for f, s in zip(first, last, strict=True)]))
    return np.asarray(full, dtype=object)


# -- projects --------------------------------------------------------------------
def _projects(rng: np.random.Generator, n: int, people: np.ndarray, start_weeks) -> pd.DataFrame:
    kinds = np.array(PROJECT_KINDS, dtype=object)[
        rng.permutation(np.resize(np.arange(len(PROJECT_KINDS)), n))
    ]
    used: dict[str, int] = {}
    project_names = []
    for kind in kinds:
        topics = names.PROJECT_TOPICS[kind]
        k = used.get(kind, 0)
        used[kind] = k + 1
        wave = k // len(topics)
        project_names.append(topics[k % len(topics)] + (f" (wave {wave + 1})" if wave else ""))
    width = max(2, len(str(n)))
    first_choice = rng.random(n) < 0.7
    objective = [
        names.KIND_OBJECTIVES[k][0 if f else 1] for k, f in zip(kinds, first_choice, strict=True)
    ]
    start_day = rng.integers(start_weeks[0], start_weeks[1], n) * 5  # Mondays
    n_people = len(people)
    return pd.DataFrame(
        {
            "project_id": [f"P{i + 1:0{width}d}" for i in range(n)],
            "name": project_names,
            "kind": kinds,
            "sponsor": people[rng.integers(0, min(8, n_people), n)],
            "manager": people[8 + np.arange(n) % (n_people - 8)],
            "objective_id": objective,
            "business_value": 0.0,
            "bac": 0.0,
            "start_day": start_day,
            "stage": np.where(start_day <= 20, "planning", "initiation"),
            "priority": rng.integers(1, 6, n),
            "reported_rag": "green",
            "state": "active",
        }
    )


def _alignment(rng: np.random.Generator, projects: pd.DataFrame) -> dict:
    objective_ids = [o[0] for o in names.OBJECTIVES]
    n, m = len(projects), len(objective_ids)
    score = rng.integers(0, 2, (n, m))  # incidental contribution
    for j, oid in enumerate(objective_ids):
        secondary = np.array([names.KIND_OBJECTIVES[k][1] == oid for k in projects["kind"]])
        primary = (projects["objective_id"] == oid).to_numpy()
        score[secondary, j] = rng.integers(2, 4, secondary.sum())
        score[primary, j] = rng.integers(4, 6, primary.sum())
    return {
        "project_id": np.repeat(projects["project_id"].to_numpy(), m),
        "objective_id": np.tile(objective_ids, n),
        "score": score.ravel(),
    }


def _artefacts(rng: np.random.Generator, projects: pd.DataFrame, day0: pd.Timestamp) -> dict:
    # Business case and charter are approved in the planning round, before the
    # portfolio starts (so never after a status date); the planning artefacts are
    # drafts until the project enters execution (see simulate).
    n = len(projects)
    start = projects["planned_start"].to_numpy()
    case_on = _logged(rng, start - _days(rng, 40, 90, n), day0 - pd.Timedelta(days=30))
    charter_on = _logged(rng, start - _days(rng, 5, 30, n), day0)
    arts = ARTEFACTS  # business case, charter, baseline, risk register, sign-off, closure
    states = ("approved", "approved", "draft", "draft", "draft", "missing")
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    dates = (case_on, charter_on, nat, nat, nat, nat)
    return {
        "project_id": np.repeat(projects["project_id"].to_numpy(), len(arts)),
        "artefact": np.tile(arts, n),
        "state": np.tile(states, n),
        "approved_on": np.stack(dates, axis=1).ravel(),
    }


# -- tasks and network -------------------------------------------------------------
def _flat_lookup(pools: list[tuple], which: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Pick ``pools[which[i]][floor(u[i] * len)]`` for every i at once."""
    flat = np.array([x for pool in pools for x in pool], dtype=object)
    lengths = np.array([len(p) for p in pools])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return flat[
        offsets[which] + np.minimum((u * lengths[which]).astype(np.int64), lengths[which] - 1)
    ]


def _tasks(rng, projects, roles, size) -> pd.DataFrame:
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


def _links(rng, tasks: pd.DataFrame, projects: pd.DataFrame) -> dict:
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


def _baseline(
    tasks: pd.DataFrame, links: dict, projects: pd.DataFrame, start: pd.Timestamp
) -> None:
    """Baseline dates by a forward pass from each project's start (in place)."""
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


def _staff_pools(roles: dict, tasks: pd.DataFrame, es: np.ndarray, ef: np.ndarray) -> None:
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


# -- registers and behaviour ------------------------------------------------------
def _pick_work_task(rng, tasks: pd.DataFrame, owner_proj: np.ndarray) -> np.ndarray:
    """A random task with real work (not a milestone) in each given project."""
    work = np.flatnonzero(tasks["duration_days"].to_numpy() > 0)
    work_proj = tasks["_proj"].to_numpy()[work]
    starts = np.searchsorted(work_proj, owner_proj, side="left")
    ends = np.searchsorted(work_proj, owner_proj, side="right")
    return work[starts + (rng.random(len(owner_proj)) * (ends - starts)).astype(np.int64)]


def _days(rng, low: int, high: int, n: int) -> np.ndarray:
    return rng.integers(low, high, n).astype("timedelta64[D]")


def _logged(rng, wanted: np.ndarray, start: pd.Timestamp) -> np.ndarray:
    """Registers are drawn up in the planning round before the portfolio starts:
    nothing is logged later than a few weeks before working day 0, whatever the
    project's own start, so that no entry is dated after a status date."""
    latest = np.datetime64(start.date()) - _days(rng, 1, 21, len(wanted))
    return np.minimum(wanted.astype("datetime64[D]"), latest).astype("datetime64[ns]")


def _risks(rng, tasks, projects, people, size, start) -> dict:
    n_proj = len(projects)
    counts = rng.integers(size[0], size[1] + 1, n_proj)
    proj = np.repeat(np.arange(n_proj), counts)
    total = int(counts.sum())
    local = np.arange(total) - np.concatenate([[0], np.cumsum(counts)[:-1]])[proj]
    task = _pick_work_task(rng, tasks, proj)
    category = rng.integers(0, len(RISK_CATEGORIES), total)
    titles = _flat_lookup(
        [names.RISK_TITLES[c] for c in RISK_CATEGORIES], category, rng.random(total)
    )
    probability = rng.choice(
        [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
        total,
        p=[0.15, 0.2, 0.2, 0.15, 0.1, 0.1, 0.05, 0.05],
    )
    cost = np.maximum(
        500.0, np.round(tasks["planned_cost"].to_numpy()[task] * rng.uniform(0.1, 0.8, total), -2)
    )
    days = np.maximum(
        1.0, np.round(tasks["duration_days"].to_numpy()[task] * rng.uniform(0.1, 0.6, total))
    )
    owner = people[rng.integers(0, len(people), total)].copy()
    owner[rng.random(total) < 0.04] = None
    response = rng.choice(np.array(RISK_RESPONSES, dtype=object), total, p=[0.1, 0.45, 0.1, 0.35])
    response[rng.random(total) < 0.04] = None
    response_cost = np.where(
        np.isin(response, ["avoid", "mitigate", "transfer"]),
        np.round(cost * rng.uniform(0.05, 0.2, total), -2),
        0.0,
    )
    pid = projects["project_id"].to_numpy()
    logged = _logged(
        rng, projects["planned_start"].to_numpy()[proj] - _days(rng, 0, 30, total), start
    )
    return {
        "risk_id": [f"R-{pid[p]}-{k + 1:02d}" for p, k in zip(proj, local, strict=True)],
        "project_id": pid[proj],
        "task_id": tasks["task_id"].to_numpy()[task],
        "title": titles,
        "category": np.array(RISK_CATEGORIES, dtype=object)[category],
        "probability": probability,
        "cost_impact": cost,
        "schedule_impact_days": days,
        "owner": owner,
        "response": response,
        "response_cost": response_cost,
        "state": "open",
        "identified_on": logged,
    }


def _opportunities(rng, tasks, projects, people, start) -> dict:
    n_proj = len(projects)
    counts = rng.integers(1, 4, n_proj)
    proj = np.repeat(np.arange(n_proj), counts)
    total = int(counts.sum())
    local = np.arange(total) - np.concatenate([[0], np.cumsum(counts)[:-1]])[proj]
    task = _pick_work_task(rng, tasks, proj)
    pid = projects["project_id"].to_numpy()
    owner = people[rng.integers(0, len(people), total)].copy()
    owner[rng.random(total) < 0.2] = None
    logged = _logged(
        rng, projects["planned_start"].to_numpy()[proj] + _days(rng, 0, 20, total), start
    )
    return {
        "opportunity_id": [f"O-{pid[p]}-{k + 1}" for p, k in zip(proj, local, strict=True)],
        "project_id": pid[proj],
        "task_id": tasks["task_id"].to_numpy()[task],
        "title": np.array(names.OPPORTUNITY_TITLES, dtype=object)[
            rng.integers(0, len(names.OPPORTUNITY_TITLES), total)
        ],
        "probability": rng.choice([0.2, 0.3, 0.4, 0.5, 0.6], total),
        "cost_saving": np.round(
            tasks["planned_cost"].to_numpy()[task] * rng.uniform(0.05, 0.3, total), -2
        ),
        "schedule_gain_days": np.floor(
            tasks["duration_days"].to_numpy()[task] * rng.uniform(0.0, 0.3, total)
        ),
        "owner": owner,
        "state": "open",
        "identified_on": logged,
    }


def _drivers(rng, projects) -> dict:
    n = len(projects)
    u = rng.random(n)
    return {
        "project_id": projects["project_id"].to_numpy(),
        "duration_factor": np.round(rng.lognormal(np.log(0.95), 0.08, n), 3),
        "cost_factor": np.round(rng.lognormal(np.log(1.0), 0.05, n), 3),
        "progress_optimism": np.where(u < 0.5, 0.0, np.round(rng.uniform(0.3, 1.5, n), 2)),
        "rag_optimism": rng.choice([0, 1, 2], n, p=[0.5, 0.4, 0.1]),
        "report_every_weeks": np.where(rng.random(n) < 0.8, 1, 2),
        "last_report_week": np.where(rng.random(n) < 0.1, rng.integers(10, 26, n), 9999),
        "gate_discipline": (rng.random(n) < 0.9).astype(np.int64),
    }
