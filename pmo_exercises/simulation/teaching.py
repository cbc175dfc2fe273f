"""The teaching portfolio: one company, twelve projects, every situation a PMO meets.

:func:`build_teaching_portfolio` generates a 12-project plan, casts some of its
projects in the situations listed in the curriculum (see ``CAST``), and runs
26 weeks so that the status date falls in the middle of most projects. The
default portfolio is that build with :data:`TEACHING_SEED`, shipped as CSV
files in ``pmo_exercises/data/teaching`` so that it is byte-identical on every
machine; a golden-hash test guards it. A trainee's variant is the same build
with a seed derived from the trainee id: the same situations, other numbers,
and other projects playing them.

Changing the teaching portfolio is a deliberate act: rebuild it with
``python -m pmo_exercises.simulation.teaching --write``, then update the golden
hash in ``tests/test_teaching.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.portfolio import Portfolio
from . import names
from .engine import keyed_uniform, simulate
from .generator import generate_portfolio

__all__ = ["CAST", "TEACHING_SEED", "TEACHING_WEEKS", "build_teaching_portfolio", "variant_seed"]

TEACHING_SEED = 2026
TEACHING_WEEKS = 26
TEACHING_DIR = Path(__file__).resolve().parent.parent / "data" / "teaching"

#: The situations the running case must contain, and how a project is cast in
#: each. The first five need a project in full swing at the status date.
CAST = {
    "watermelon": "reports green while its data says red: slow, overspent, and a manager who "
    "softens the RAG by two steps",
    "ninety_percent": "the '90% done' syndrome: progress reported well ahead of real progress",
    "stale": "its manager stopped reporting five weeks before the status date",
    "gate_breach": "entered execution without an approved baseline, risk register or sign-off",
    "should_stop": "its business value no longer covers its cost at completion",
    "weak_fit": "serves none of the strategic objectives",
}


def variant_seed(variant: str) -> int:
    """The seed of a trainee's variant: stable on every machine and Python.

    Examples
    --------
    >>> variant_seed("alice") == variant_seed("alice") != variant_seed("bob")
    True
    """
    digest = hashlib.sha256(f"pmo-exercises/variant/{variant}".encode()).hexdigest()
    return int(digest[:12], 16)


def build_teaching_portfolio(
    seed: int = TEACHING_SEED, variant: str = "", progress=None
) -> Portfolio:
    """Generate, cast and simulate a teaching portfolio.

    Parameters
    ----------
    seed : int
        The seed of the whole build.
    variant : str
        The trainee id the build is for, kept in ``meta["variant"]``.
    progress : callable, optional
        Passed to :func:`simulate`.
    """
    plan = generate_portfolio(
        seed=seed, n_projects=12, tasks_per_project=(18, 36), start_weeks=(0, 30)
    )
    plan = _cast(plan, np.random.default_rng([seed, 1]), seed)
    run = simulate(plan, weeks=TEACHING_WEEKS, seed=seed, progress=progress)
    return run.replace(meta={"variant": variant, "seed": int(seed)})


def _cast(plan: Portfolio, rng: np.random.Generator, seed: int) -> Portfolio:
    projects = plan.projects.copy()
    drivers = plan.drivers.copy()
    risks = plan.risks.copy()
    alignment = plan.alignment.copy()
    status_day = pd.Timestamp(plan.meta["start_date"]) + pd.Timedelta(weeks=TEACHING_WEEKS)
    # how far through its plan each project is at the status date: 0.5 is mid-flight
    span = (projects["planned_finish"] - projects["planned_start"]).dt.days.clip(lower=1)
    through = ((status_day - projects["planned_start"]).dt.days / span).clip(0, 1.5)
    midness = (through - 0.5).abs().to_numpy() + rng.uniform(0, 0.05, len(projects))
    # a role that must show in the data needs a project well under way: one that
    # is planned to start less than six weeks before the status date comes last
    late_start = (projects["planned_start"] > status_day - pd.Timedelta(weeks=6)).to_numpy()
    midness = midness + 10.0 * late_start
    order = np.argsort(midness, kind="stable")
    roles = list(CAST)
    cast = dict(zip(roles[:5], order[:5], strict=True))
    cast["weak_fit"] = order[-1]

    # the drivers as plain columns, written back once: this runs for every variant
    trait = {c: drivers[c].to_numpy(copy=True) for c in drivers.columns if c != "project_id"}
    # every project follows the gates unless cast otherwise: breaches stay deliberate
    trait["gate_discipline"][:] = 1
    trait["last_report_week"][:] = 9999
    # softening the RAG by two steps is the watermelon's trait alone
    np.minimum(trait["rag_optimism"], 1, out=trait["rag_optimism"])

    def play(i: int, **values: float) -> None:
        for column, value in values.items():
            trait[column][i] = value

    w = cast["watermelon"]
    play(w, duration_factor=1.45, cost_factor=1.3, progress_optimism=0.4)
    play(w, rag_optimism=2, report_every_weeks=1)
    priority = projects["priority"].to_numpy(copy=True)
    priority[w] = 2

    # the '90%' manager needs work in flight at the status date to exaggerate
    in_flight = _work_in_flight(plan, status_day)
    ids = projects["project_id"].to_numpy()
    n = max(order[1:5], key=lambda i: in_flight(ids[i]))
    cast["ninety_percent"], cast[roles[order[1:5].tolist().index(n) + 1]] = (
        n,
        cast["ninety_percent"],
    )
    play(n, duration_factor=1.25, progress_optimism=3.0, rag_optimism=1, report_every_weeks=1)
    # the syndrome is common: a second manager, not cast otherwise, has it too
    others = [i for i in order[5:-1] if i not in cast.values()]
    if others:
        play(max(others, key=lambda i: in_flight(ids[i])), progress_optimism=2.0)

    # A stale report shows only on a project still executing at the status date. In a
    # variant with few projects in flight the cast may have given the role to one that
    # is finished by then: it goes to the uncast running project with the most work in
    # flight instead, which stops reporting after its first status if it started late.
    stale_since = TEACHING_WEEKS - 5
    if not _running_at(projects, trait["duration_factor"], status_day, weeks_in=6)[cast["stale"]]:
        running = _running_at(projects, trait["duration_factor"], status_day, weeks_in=4)
        free = [i for i in np.flatnonzero(running) if i not in cast.values()]
        if free:
            cast["stale"] = max(free, key=lambda i: in_flight(ids[i]))
            begun = projects["planned_start"].iloc[cast["stale"]] - pd.Timestamp(
                plan.meta["start_date"]
            )
            stale_since = max(stale_since, begun.days // 7 + 1)
    play(cast["stale"], last_report_week=stale_since, report_every_weeks=1)
    play(cast["gate_breach"], gate_discipline=0)

    k = cast["should_stop"]
    play(k, duration_factor=1.3, cost_factor=1.35)
    value = projects["business_value"].to_numpy(copy=True)
    value[k] = np.round(projects["bac"].to_numpy()[k] * 0.85, -3)
    drivers = drivers.assign(**trait)
    projects = projects.assign(priority=priority, business_value=value)

    f = cast["weak_fit"]
    projects.loc[f, "objective_id"] = None
    mine = alignment["project_id"] == ids[f]
    alignment.loc[mine, "score"] = rng.integers(0, 2, int(mine.sum()))

    # High risks that nobody owns or answers: the register's classic breaches,
    # on work still ahead so that they are open at the status date.
    t = plan.tasks
    task_ids = t["task_id"].to_numpy()
    ahead = task_ids[(t["baseline_start"] > status_day + pd.Timedelta(weeks=4)).to_numpy()]
    on = risks["project_id"].to_numpy()
    impact = risks["cost_impact"].to_numpy()
    register = {c: risks[c].to_numpy(copy=True) for c in ("task_id", "probability")}
    answered = {c: risks[c].notna().to_numpy(copy=True) for c in ("owner", "response")}
    for pos, column in ((w, "owner"), (k, "response")):
        mine = np.flatnonzero(on == ids[pos])
        later = mine[np.isin(register["task_id"][mine], ahead)]
        among = later if len(later) else mine
        worst = among[np.argmax(impact[among])]
        register["probability"][worst] = 0.6
        answered[column][worst] = False
    # risks that will fire early, hitting cost and schedule
    start = t["baseline_start"].to_numpy()
    work = (t["duration_days"] > 0).to_numpy()
    task_project = t["project_id"].to_numpy()
    for pos in (w, k):
        rows = np.flatnonzero(work & (task_project == ids[pos]))
        task = task_ids[rows[np.argsort(start[rows])][min(2, len(rows) - 1)]]
        pick = np.flatnonzero((on == ids[pos]) & answered["owner"] & answered["response"])[0]
        register["task_id"][pick] = task
        register["probability"][pick] = 0.95
    risks = risks.assign(
        task_id=pd.array(register["task_id"], dtype=risks["task_id"].dtype),
        probability=register["probability"],
    )
    for column, known in answered.items():
        risks[column] = risks[column].where(known)
    roles_table = _overbook_an_expert(plan, status_day)
    opportunities = _early_opportunities(plan, status_day, seed)
    return plan.replace(
        projects=projects,
        drivers=drivers,
        risks=risks,
        alignment=alignment,
        roles=roles_table,
        opportunities=opportunities,
    )


def _early_opportunities(plan: Portfolio, when: pd.Timestamp, seed: int) -> pd.DataFrame:
    """Put three likely opportunities on work planned well before the status date.

    So that some have come good by then.

    Casting picks actors who will play the part: among each project's
    opportunities, one that the run with this seed will see happen at 80%.
    """
    opps = plan.opportunities.copy()
    fate = keyed_uniform(seed, opps["opportunity_id"].to_numpy(), "fires")
    owner = opps["project_id"].to_numpy()
    t = plan.tasks
    cutoff = when - pd.Timedelta(weeks=6)
    early = ((t["duration_days"] > 0) & (t["baseline_finish"] <= cutoff)).to_numpy()
    project = t["project_id"].to_numpy()
    start = t["baseline_start"].to_numpy()
    picks, tasks = [], []
    # plain arrays, and each column written once: this runs for every trainee's variant
    for project_id in sorted(set(project[early].tolist())):
        mine = np.flatnonzero(owner == project_id)
        if len(picks) == 3 or fate[mine].min() >= 0.8:
            continue
        picks.append(mine[np.argmin(fate[mine])])
        rows = np.flatnonzero(early & (project == project_id))
        tasks.append(rows[np.argsort(start[rows])[len(rows) // 2]])
    if not picks:
        return opps
    task = t.iloc[tasks]
    at = opps.index[picks]
    opps.loc[at, "task_id"] = task["task_id"].to_numpy()
    opps.loc[at, "probability"] = 0.8
    opps.loc[at, "identified_on"] = (task["baseline_start"] - pd.Timedelta(days=7)).to_numpy()
    opps.loc[at, "cost_saving"] = np.round(task["planned_cost"].to_numpy() * 0.2, -2)
    opps.loc[at, "schedule_gain_days"] = np.floor(task["duration_days"].to_numpy() * 0.2)
    return opps


def _running_at(
    projects: pd.DataFrame, duration_factor, when: pd.Timestamp, weeks_in: int
) -> np.ndarray:
    """The projects well under way at ``when`` that will run on well past it.

    Started ``weeks_in`` weeks or more before ``when`` and, stretched by their
    duration factor, planned to run three weeks or more past it.
    """
    start = projects["planned_start"]
    finish = start + (projects["planned_finish"] - start) * np.asarray(duration_factor, float)
    return (
        (start <= when - pd.Timedelta(weeks=weeks_in)) & (finish >= when + pd.Timedelta(weeks=3))
    ).to_numpy()


def _work_in_flight(plan: Portfolio, when: pd.Timestamp) -> Callable[[str], float]:
    """A function of a project id: the planned cost of its tasks around ``when``.

    The tasks in progress within four weeks of ``when``.
    """
    t = plan.tasks
    near = (
        (t["baseline_start"] <= when + pd.Timedelta(weeks=4))
        & (t["baseline_finish"] >= when - pd.Timedelta(weeks=4))
    ).to_numpy()
    project = t["project_id"].to_numpy()
    cost = t["planned_cost"].to_numpy()
    return lambda project_id: float(cost[near & (project == project_id)].sum())


def _overbook_an_expert(plan: Portfolio, when: pd.Timestamp) -> pd.DataFrame:
    """Shrink a scarce pool: the shared expert every PMO fights over.

    Around the status date, two projects or more then book it beyond what it
    has.
    """
    roles = plan.roles.copy()
    t = plan.tasks[plan.tasks["duration_days"] > 0]
    fte = plan.assignments.set_index("task_id")["fte"].reindex(t["task_id"]).to_numpy()
    # plain arrays: this loop runs some eighty times for every trainee's variant
    start = t["baseline_start"].to_numpy()
    finish = t["baseline_finish"].to_numpy()
    project = t["project_id"].to_numpy()
    role_of = t["role_id"].to_numpy()
    days = pd.bdate_range(when - pd.Timedelta(weeks=4), when + pd.Timedelta(weeks=4)).to_numpy()
    best = None
    for role in names.SCARCE_ROLES:
        sel = role_of == role
        for day in days:
            on = sel & (start <= day) & (finish >= day)
            if len(set(project[on].tolist())) >= 2 and (best is None or fte[on].sum() > best[1]):
                best = (role, float(fte[on].sum()))
    if best is None:  # pragma: no cover - every seed tried so far has such a day
        return roles
    role, load = best
    i = int(np.flatnonzero(roles["role_id"].to_numpy() == role)[0])
    heads = max(1, int(np.ceil(load / names.AVAILABILITY)) - 1)
    heads = min(heads, int(roles.at[i, "headcount"]))
    roles.at[i, "headcount"] = heads
    roles.at[i, "capacity_days_per_week"] = heads * 5 * names.AVAILABILITY
    return roles


def _write(path: Path = TEACHING_DIR) -> str:
    from ..io.files import save_portfolio

    portfolio = build_teaching_portfolio()
    save_portfolio(portfolio, path)
    return portfolio.digest()


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    import sys

    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python -m pmo_exercises.simulation.teaching --write")
    print(f"wrote {TEACHING_DIR} (digest {_write()})")
