"""Critical path and PERT on published worked examples, and their properties."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.planning import (
    completion_probability,
    critical_path,
    critical_paths,
    deadline_for_probability,
    pert,
    project_duration,
)

# -- Hillier & Lieberman, "Introduction to Operations Research" (McGraw-Hill), the
# Reliable Construction Company example of the PERT/CPM chapter: 14 activities in
# weeks, finish-to-start. Published answers: a 44-week project, critical path
# A-B-C-E-F-J-L-N, slacks D 4, G 4, H 4, I 2, K 1, M 4; with the three-point
# estimates, mean 44 and variance 9 on the critical path, so P(T <= 47) = 0.8413.
RELIABLE = pd.DataFrame(
    {
        "task_id": list("ABCDEFGHIJKLMN"),
        "duration": [2, 4, 10, 6, 4, 5, 7, 9, 7, 8, 4, 5, 2, 6],
        "predecessors": [
            "",
            "A",
            "B",
            "C",
            "C",
            "E",
            "D",
            "E, G",
            "C",
            "F, I",
            "J",
            "J",
            "H",
            "K, L",
        ],
        "optimistic": [1, 2, 6, 4, 1, 4, 5, 5, 3, 3, 4, 1, 1, 5],
        "most_likely": [2, 3.5, 9, 5.5, 4.5, 4, 6.5, 8, 7.5, 9, 4, 5.5, 2, 5.5],
        "pessimistic": [3, 8, 18, 10, 5, 10, 11, 17, 9, 9, 4, 7, 3, 9],
    }
)


def test_reliable_construction_duration_path_and_slacks():
    s = critical_path(RELIABLE)
    assert project_duration(s) == 44
    assert critical_paths(RELIABLE) == [list("ABCEFJLN")]
    slack = {"D": 4, "G": 4, "H": 4, "I": 2, "K": 1, "M": 4}
    assert s["total_float"].to_dict() == {t: slack.get(t, 0) for t in s.index}
    assert s.loc[list("ABCEFJLN"), "critical"].all()


def test_reliable_construction_pert_probability():
    three_point = RELIABLE.drop(columns="duration")
    mean, _ = pert(
        three_point["optimistic"], three_point["most_likely"], three_point["pessimistic"]
    )
    assert np.allclose(mean, RELIABLE["duration"])
    assert completion_probability(three_point, 47) == pytest.approx(0.8413, abs=1e-4)
    assert deadline_for_probability(three_point, 0.8413447) == pytest.approx(47, abs=1e-4)
    assert deadline_for_probability(three_point, 0.5) == pytest.approx(44)


# -- The "Network Construction - Precedence Diagram Method" teaching module (a public
# course module on PDM, reproduced on several course sites): 14 activities in days
# with start-to-start links B on A, J on G and K on I. Dates worked by hand with the
# PDM rules; the project takes 38 days along A-D-H-M-N.
PDM_TASKS = pd.DataFrame(
    {
        "task_id": list("ABCDEFGHIJKLMN"),
        "duration": [2, 10, 13, 12, 12, 7, 10, 16, 6, 12, 5, 8, 5, 3],
    }
)
PDM_LINKS = pd.DataFrame(
    [
        ("A", "B", "SS"),
        ("A", "C", "FS"),
        ("A", "D", "FS"),
        ("B", "E", "FS"),
        ("B", "F", "FS"),
        ("D", "G", "FS"),
        ("D", "H", "FS"),
        ("F", "I", "FS"),
        ("C", "J", "FS"),
        ("G", "J", "SS"),
        ("I", "K", "SS"),
        ("E", "L", "FS"),
        ("I", "L", "FS"),
        ("K", "L", "FS"),
        ("H", "M", "FS"),
        ("G", "N", "FS"),
        ("J", "N", "FS"),
        ("L", "N", "FS"),
        ("M", "N", "FS"),
    ],
    columns=["predecessor", "successor", "type"],
).assign(lag=0)


def test_pdm_module_example_with_start_to_start_links():
    s = critical_path(PDM_TASKS, PDM_LINKS)
    expect = {  # es, ef, ls, lf
        "A": (0, 2, 0, 2),
        "B": (0, 10, 4, 14),
        "C": (2, 15, 10, 23),
        "D": (2, 14, 2, 14),
        "E": (10, 22, 15, 27),
        "F": (10, 17, 14, 21),
        "G": (14, 24, 23, 33),
        "H": (14, 30, 14, 30),
        "I": (17, 23, 21, 27),
        "J": (15, 27, 23, 35),
        "K": (17, 22, 22, 27),
        "L": (23, 31, 27, 35),
        "M": (30, 35, 30, 35),
        "N": (35, 38, 35, 38),
    }
    got = {t: tuple(s.loc[t, ["es", "ef", "ls", "lf"]]) for t in s.index}
    assert got == expect
    assert critical_paths(PDM_TASKS, PDM_LINKS) == [list("ADHMN")]


@pytest.mark.parametrize(
    ("kind", "lag", "es_b", "lf_a", "free_a"),
    [
        # A lasts 5 days, B 3 days; worked by hand with the link rule named
        pytest.param("FS", 2, 7, 5, 0, id="FS+2: B starts 2 days after A ends"),
        pytest.param("FS", -2, 3, 5, 0, id="FS-2: a two-day lead"),
        pytest.param("SS", 1, 1, 5, 0, id="SS+1: B starts a day after A starts"),
        pytest.param("FF", 2, 4, 5, 0, id="FF+2: B ends 2 days after A ends"),
        pytest.param("SF", 6, 3, 5, 0, id="SF+6: B ends 6 days after A starts"),
        pytest.param("SF", 1, 0, 5, 0, id="SF+1: the link is slack, B starts at day 0"),
    ],
)
def test_each_link_type_with_lags(kind, lag, es_b, lf_a, free_a):
    tasks = pd.DataFrame({"task_id": ["A", "B"], "duration": [5, 3]})
    links = pd.DataFrame({"predecessor": ["A"], "successor": ["B"], "type": [kind], "lag": [lag]})
    s = critical_path(tasks, links)
    assert s.at["B", "es"] == es_b
    assert s.at["A", "lf"] == lf_a
    assert s.at["A", "free_float"] == free_a
    assert (s["total_float"] >= 0).all()


def test_no_task_starts_before_day_zero():
    """A lead on the first link cannot pull a task before the project start."""
    tasks = pd.DataFrame({"task_id": ["A", "B"], "duration": [2, 4]})
    links = pd.DataFrame({"predecessor": ["A"], "successor": ["B"], "type": ["FF"], "lag": [0]})
    s = critical_path(tasks, links)
    assert s.at["B", "es"] == 0 and s.at["B", "ef"] == 4
    assert project_duration(s) == 4


def test_milestones_have_zero_duration():
    tasks = pd.DataFrame(
        {
            "task_id": ["start", "work", "done"],
            "duration": [0, 5, 0],
            "predecessors": [None, ["start"], "work"],
        }
    )
    s = critical_path(tasks)
    assert s.loc["done", ["es", "ef"]].tolist() == [5, 5]
    assert critical_paths(tasks) == [["start", "work", "done"]]


def test_the_portfolio_tables_plug_straight_in():
    p = pmo.load_portfolio()
    mine = p.tasks[p.tasks["project_id"] == "P01"]
    links = p.dependencies[
        p.dependencies["predecessor"].isin(mine["task_id"])
        & p.dependencies["successor"].isin(mine["task_id"])
    ]
    s = critical_path(mine, links)
    assert len(s) == len(mine) and s["critical"].any()


@pytest.mark.parametrize(
    ("tasks", "links", "message"),
    [
        pytest.param(
            {"task_id": ["A", "B"], "duration": [1, 2], "predecessors": ["B", "A"]},
            None,
            "cycle: A -> B -> A",
            id="cycle-named",
        ),
        pytest.param(
            {"task_id": ["A", "B"], "duration": [1, 2], "predecessors": ["", "Z"]},
            None,
            "unknown task 'Z'",
            id="unknown-predecessor",
        ),
        pytest.param(
            {"task_id": ["A", "A"], "duration": [1, 2]},
            None,
            "duplicate id: rows 0 and 1",
            id="duplicate-id",
        ),
        pytest.param(
            {"task_id": ["A", "B"], "duration": [1, -2]},
            None,
            "row 1 (task_id 'B'), column 'duration': -2",
            id="negative-duration",
        ),
        pytest.param(
            {"task_id": ["A", "B"], "duration": [1, None]},
            None,
            "is missing",
            id="missing-duration",
        ),
        pytest.param(
            {"task_id": ["A", "B"], "duration": [1, 2]},
            {"predecessor": ["A"], "successor": ["B"], "type": ["XF"], "lag": [0]},
            "unknown link type 'XF'",
            id="unknown-link-type",
        ),
        pytest.param(
            {"task_id": ["A", "B"], "duration": [1, 2]},
            {"predecessor": ["A"], "successor": ["A"], "type": ["FS"], "lag": [0]},
            "linked to itself",
            id="self-link",
        ),
        pytest.param(
            {"task_id": ["A"], "time": [1]},
            None,
            "expected one of 'duration'",
            id="no-duration-column",
        ),
    ],
)
def test_bad_networks_say_what_and_where(tasks, links, message):
    with pytest.raises(pmo.PortfolioError, match=re.escape(message)):
        critical_path(pd.DataFrame(tasks), None if links is None else pd.DataFrame(links))


def test_probability_in_percent_is_caught():
    with pytest.raises(ValueError, match=re.escape("80% is 0.8")):
        deadline_for_probability(RELIABLE.drop(columns="duration"), 80)


# -- properties -------------------------------------------------------------------
@st.composite
def networks(draw, max_tasks=25):
    n = draw(st.integers(1, max_tasks))
    durations = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    links = []
    for s in range(1, n):
        for p in draw(st.sets(st.integers(0, s - 1), max_size=3)):
            links.append(
                (
                    f"T{p}",
                    f"T{s}",
                    draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                    draw(st.integers(-3, 5)),
                )
            )
    tasks = pd.DataFrame({"task_id": [f"T{i}" for i in range(n)], "duration": durations})
    return tasks, pd.DataFrame(links, columns=["predecessor", "successor", "type", "lag"])


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(networks())
def test_floats_are_never_negative_and_critical_means_zero_float(net):
    s = critical_path(*net)
    assert (s["total_float"] >= 0).all() and (s["free_float"] >= 0).all()
    assert (s["free_float"] <= s["total_float"]).all()
    assert (s["critical"] == (s["total_float"] == 0)).all()
    assert np.allclose(s["ef"] - s["es"], s["lf"] - s["ls"])
    assert (s["es"] >= 0).all() and (s["lf"] <= project_duration(s)).all()
    assert s["critical"].any()


@FAST
@given(networks())
def test_the_early_schedule_meets_every_link(net):
    tasks, links = net
    s = critical_path(tasks, links)
    for row in links.itertuples():
        a, b = s.loc[row.predecessor], s.loc[row.successor]
        before = {"FS": a.ef, "SS": a.es, "FF": a.ef, "SF": a.es}[row.type]
        after = {"FS": b.es, "SS": b.es, "FF": b.ef, "SF": b.ef}[row.type]
        assert after >= before + row.lag - 1e-9


@FAST
@given(networks(), st.data())
def test_more_lag_never_shortens_the_project(net, data):
    tasks, links = net
    base = project_duration(critical_path(tasks, links))
    if len(links):
        j = data.draw(st.integers(0, len(links) - 1))
        more = links.assign(lag=links["lag"] + np.eye(len(links))[j] * 2)
        assert project_duration(critical_path(tasks, more)) >= base


@FAST
@given(networks(), st.data())
def test_a_longer_task_never_shortens_the_project_unless_its_finish_is_tied(net, data):
    """Lengthening a task pushes its finish, never its start, unless a finish-to-finish
    or start-to-finish link ties its finish: then its start moves *earlier* (see the
    reverse-critical test below), so those tasks are left out here."""
    tasks, links = net
    tied = set(links.loc[links["type"].isin(["FF", "SF"]), "successor"])
    free = [i for i, t in enumerate(tasks["task_id"]) if t not in tied]
    if not free:
        return
    i = data.draw(st.sampled_from(free))
    base = project_duration(critical_path(tasks, links))
    longer = tasks.assign(duration=tasks["duration"] + np.eye(len(tasks))[i] * 3)
    assert project_duration(critical_path(longer, links)) >= base


def test_a_reverse_critical_task_shortens_the_project_when_it_grows():
    """Wiest (1981), "Precedence diagramming method: some unusual characteristics and
    their implications for project managers", Journal of Operations Management 1(3):
    with a finish-to-finish link in and a start-to-start link out, a longer task starts
    earlier and so does its successor. A (10) -FF-> B (d) -SS-> C (5): the project takes
    max(10, 15 - d) days. PMO moral: with PDM links, "add people to the critical task"
    is not always right, and "it took longer" can even finish sooner."""
    tasks = pd.DataFrame({"task_id": ["A", "B", "C"], "duration": [10, 2, 5]})
    links = pd.DataFrame(
        {"predecessor": ["A", "B"], "successor": ["B", "C"], "type": ["FF", "SS"], "lag": [0, 0]}
    )
    assert project_duration(critical_path(tasks, links)) == 13
    longer = tasks.assign(duration=[10, 4, 5])
    assert project_duration(critical_path(longer, links)) == 11


@FAST
@given(networks())
def test_every_critical_path_runs_from_start_to_end(net):
    tasks, links = net
    s = critical_path(tasks, links)
    paths = critical_paths(tasks, links)
    assert paths
    for path in paths:
        assert s.loc[path, "critical"].all()
        assert s.at[path[-1], "ef"] == project_duration(s)


@FAST
@given(
    st.lists(
        st.tuples(st.floats(0, 50), st.floats(0, 50), st.floats(0, 50)), min_size=1, max_size=20
    )
)
def test_pert_on_arrays_matches_pert_on_each_estimate(triples):
    o, m, p = (np.array(x) for x in zip(*(sorted(t) for t in triples), strict=True))
    mean, std = pert(o, m, p)
    for i in range(len(o)):
        one = pert(o[i], m[i], p[i])
        assert one.mean == pytest.approx(mean[i]) and one.std == pytest.approx(std[i])
    assert (std >= 0).all() and ((o <= mean + 1e-9) & (mean <= p + 1e-9)).all()


@pytest.mark.parametrize("none", ["", "-", "\u2014", "none", None])
def test_textbook_ways_of_writing_no_predecessor(none):
    tasks = pd.DataFrame({"task_id": ["A", "B"], "duration": [2, 3], "predecessors": [none, "A"]})
    assert project_duration(critical_path(tasks)) == 5
