"""The generator: sizes, schemas, determinism, realistic plans."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.network.passes import KIND_CODES, forward_pass
from tests._checks import assert_schema, workday


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 15),
    lo=st.integers(3, 20),
    extra=st.integers(0, 25),
)
def test_any_size_and_seed_gives_a_well_formed_plan(seed, n, lo, extra):
    p = pmo.generate_portfolio(seed=seed, n_projects=n, tasks_per_project=(lo, lo + extra))
    assert_schema(p)
    assert len(p.projects) == n
    sizes = p.tasks.groupby("project_id").size()
    assert sizes.between(lo, lo + extra).all()
    assert p.risks.groupby("project_id").size().between(5, 15).all()
    assert p.task_id_unique if hasattr(p, "task_id_unique") else p.tasks["task_id"].is_unique
    # estimates are ordered and the baseline is the most likely estimate
    t = p.tasks
    assert (t["optimistic_days"] <= t["most_likely_days"]).all()
    assert (t["most_likely_days"] <= t["pessimistic_days"]).all()
    assert (t["duration_days"] == t["most_likely_days"]).all()
    # BAC is the sum of the tasks' planned cost
    bac = t.groupby("project_id")["planned_cost"].sum()
    assert np.allclose(p.projects.set_index("project_id")["bac"], bac)
    assert p.status_week == 0 and p.task_status.empty
    weights = p.objectives["weight"].sum()
    assert abs(weights - 1) < 1e-9


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 8))
def test_baseline_respects_every_link(seed, n):
    p = pmo.generate_portfolio(seed=seed, n_projects=n, tasks_per_project=(5, 25))
    t = p.tasks.set_index("task_id")
    es = workday(p, t["baseline_start"])
    ef = es + t["duration_days"].to_numpy()
    pos = {tid: i for i, tid in enumerate(t.index)}
    d = p.dependencies
    pr = d["predecessor"].map(pos).to_numpy()
    su = d["successor"].map(pos).to_numpy()
    lag = d["lag_days"].to_numpy()
    rule = {"FS": (ef, es), "SS": (es, es), "FF": (ef, ef), "SF": (es, ef)}
    for kind, (a, b) in rule.items():
        sel = (d["type"] == kind).to_numpy()
        assert (b[su[sel]] >= a[pr[sel]] + lag[sel]).all(), kind
    # every project's network is connected from its kick-off to its closing milestone
    assert (
        t.groupby("project_id")["baseline_start"].min()
        == p.projects.set_index("project_id")["planned_start"]
    ).all()


def test_same_seed_same_bytes_and_another_seed_differs():
    a = pmo.generate_portfolio(seed=11)
    b = pmo.generate_portfolio(seed=11)
    c = pmo.generate_portfolio(seed=12)
    assert a.digest() == b.digest() != c.digest()


def test_same_seed_same_bytes_in_another_process():
    code = (
        "import pmo_exercises as pmo; "
        "p = pmo.simulate(pmo.generate_portfolio(seed=5, n_projects=4), "
        "weeks=6, seed=5); print(p.digest())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    here = pmo.simulate(pmo.generate_portfolio(seed=5, n_projects=4), weeks=6, seed=5).digest()
    assert out.stdout.strip() == here


def test_scarce_experts_are_shared_and_overbooked():
    """The plan asks the scarce pools for more than they have, from several projects at once."""
    p = pmo.generate_portfolio(seed=3)
    t = p.tasks[p.tasks["role_id"].isin(["SEC", "ARC"])]
    cap = p.roles.set_index("role_id")["capacity_days_per_week"] / 5
    fte = p.assignments.set_index("task_id")["fte"]
    es = workday(p, t["baseline_start"])
    es = es.astype(int)
    ef = es + t["duration_days"].to_numpy().astype(int)
    for role in ("SEC", "ARC"):
        sel = (t["role_id"] == role).to_numpy()
        load = np.zeros(int(ef.max()) + 1)
        owners = [set() for _ in load]
        for s, e, tid, proj in zip(
            es[sel], ef[sel], t["task_id"][sel], t["project_id"][sel], strict=True
        ):
            load[s:e] += fte[tid]
            for day in range(s, e):
                owners[day].add(proj)
        over = np.flatnonzero(load > cap[role] + 1e-9)
        assert over.size, f"{role} is never over-booked"
        assert max(len(owners[d]) for d in over) >= 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"n_projects": 0}, "n_projects", id="no-projects"),
        pytest.param({"tasks_per_project": 2}, "tasks_per_project", id="too-few-tasks"),
        pytest.param({"tasks_per_project": (9, 4)}, "tasks_per_project", id="inverted-range"),
        pytest.param({"start_date": "2026-01-07"}, "Monday", id="start-not-a-monday"),
    ],
)
def test_bad_generator_arguments_say_why(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pmo.generate_portfolio(**kwargs)


def test_forward_pass_handles_every_link_type_with_lags():
    """A four-task network worked by hand.

    A (3 d) -> B (4 d) FS; A -> C (2 d) SS+2; B -> D (1 d) FF+1; C -> D FS.
    ES: A 0, B 3, C 2, D max(EF_B + 1 - 1, EF_C) = max(7, 4) = 7.
    """
    es, ef = forward_pass(
        np.array([3.0, 4, 2, 1]),
        [0, 0, 1, 2],
        [1, 2, 3, 3],
        [KIND_CODES[k] for k in ("FS", "SS", "FF", "FS")],
        [0, 2, 1, 0],
    )
    assert es.tolist() == [0, 3, 2, 7]
    assert ef.tolist() == [3, 7, 4, 8]
    # SF: the successor may not finish before its predecessor starts + lag
    es, ef = forward_pass(np.array([5.0, 2]), [0], [1], [KIND_CODES["SF"]], [4])
    assert ef[1] == 4 and es[1] == 2
