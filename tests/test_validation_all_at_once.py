"""Validation names every problem at once, and the metadata a report needs is checked.

The issue: errors came one per run, and it took 14 runs to get a first portfolio
through. Validation stopped at the first table with a problem, and converting a
table stopped at its first bad cell. Now :func:`validate` and :func:`coerce_table`
raise one :class:`PortfolioError` holding every problem (``.problems``, up to 50,
the rest counted in ``.omitted``), its message the first one as before.
"""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo_exercises.core.errors import PortfolioError, Problem, format_problems
from pmo_exercises.core.validation import check_meta, coerce_table, find_problems, validate
from tests._tiny import META, tiny_portfolio


def several_problems():
    p = tiny_portfolio()
    risks = p.risks.copy()
    risks.loc[1, "probability"] = 35.0
    tasks = p.tasks.copy()
    tasks.loc[6, "most_likely_days"] = -4.0
    tasks.loc[2, "task_id"] = "P01-T03 "
    status = p.project_status.copy()
    status.loc[0, "reported_rag"] = "orange"
    return p.replace(risks=risks, tasks=tasks, project_status=status)


def test_every_problem_in_one_error():
    with pytest.raises(PortfolioError) as caught:
        validate(several_problems())
    error = caught.value
    places = [(p.table, p.row, p.column) for p in error.problems]
    assert ("tasks", 2, "task_id") in places  # the space is reported on the task itself
    assert ("tasks", 6, "most_likely_days") in places
    assert ("risks", 1, "probability") in places
    assert ("project_status", 0, "reported_rag") in places
    # and on the links naming it, with a hint at the space
    links = [p for p in error.problems if p.table == "dependencies"]
    assert links and all(
        "(tasks has 'P01-T03 ', with spaces around the id)" in p.problem for p in links
    )
    # the message is the first problem, in table, row, column order, and says how many more
    first = error.problems[0]
    assert (error.table, error.row, error.column) == (first.table, first.row, first.column)
    assert str(error).startswith("tasks, row 2 (task_id 'P01-T03 '), column 'task_id': ")
    assert str(error).endswith(f"(and {len(error.problems) - 1} more problems: see .problems)")
    assert "\n" not in str(error)
    assert error.__notes__ == [f"  {p}" for p in error.problems[1:]]


def test_the_problems_come_table_by_table_each_in_row_order():
    found, count = find_problems(several_problems())
    assert count == len(found)
    order = ["meta", "objectives", "roles", "projects", "alignment", "tasks", "dependencies"]
    order += ["assignments", "risks", "opportunities", "artefacts", "task_status"]
    order += ["project_status", "events", "drivers", "holidays"]
    ranks = [order.index(p.table) for p in found]
    assert ranks == sorted(ranks)
    for table in {p.table for p in found}:
        rows = [p.row for p in found if p.table == table]
        assert rows == sorted(rows)


def test_the_limit_lists_50_and_counts_the_rest():
    p = tiny_portfolio()
    bad = p.replace(task_status=p.task_status.assign(pct_complete_reported=500.0))
    with pytest.raises(PortfolioError) as caught:
        validate(bad, limit=5)
    assert len(caught.value.problems) == 5
    assert caught.value.omitted == len(p.task_status) - 5
    assert f"(and {len(p.task_status) - 1} more problems" in str(caught.value)
    with pytest.raises(PortfolioError) as caught:
        validate(bad)
    assert len(caught.value.problems) == min(50, len(p.task_status))


def test_a_broken_table_does_not_flood_the_others_with_unknown_references():
    p = tiny_portfolio()
    with pytest.raises(PortfolioError) as caught:
        validate(p.replace(tasks=p.tasks.drop(columns="name")))
    assert [(e.table, e.column) for e in caught.value.problems] == [("tasks", "name")]
    with pytest.raises(PortfolioError) as caught:
        validate(p.replace(tasks=p.tasks.iloc[0:0]))
    assert [e.table for e in caught.value.problems] == ["tasks"]


def test_a_duplicate_id_is_one_problem_and_its_references_still_resolve():
    p = tiny_portfolio()
    tasks = p.tasks.copy()
    tasks.loc[1, "task_id"] = "P01-T01"
    with pytest.raises(PortfolioError) as caught:
        validate(p.replace(tasks=tasks))
    tables = {e.table for e in caught.value.problems}
    assert "tasks" in tables
    assert any("duplicate of row 0" in e.problem for e in caught.value.problems)


def test_coerce_table_lists_every_bad_cell():
    raw = pd.DataFrame(
        {
            "role_id": ["DEV", "QA", None],
            "name": ["Developer", "Tester", "Analyst"],
            "headcount": ["four", "2", "2.5"],
            "capacity_days_per_week": ["18", "9,5", "9"],
            "day_rate": ["700", "600", "x"],
        }
    )
    with pytest.raises(PortfolioError) as caught:
        coerce_table("roles", raw)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [
        (0, "headcount"),
        (1, "capacity_days_per_week"),
        (2, "role_id"),
        (2, "headcount"),
        (2, "day_rate"),
    ]
    assert caught.value.problems[3].problem == "'2.5' is not a whole number"


def test_meta_problems_all_at_once_and_the_status_date():
    with pytest.raises(PortfolioError) as caught:
        check_meta({"company": "", "currency": 3, "start_date": "2026-01-07", "status_week": 3})
    assert [p.key for p in caught.value.problems] == [
        "key 'company'",
        "key 'currency'",
        "key 'start_date'",
        "key 'status_date'",
    ]
    check_meta({**META, "status_week": 0, "status_date": ""})  # no status yet: no date
    with pytest.raises(PortfolioError, match="is not the Friday of status week 3, 2026-01-23"):
        check_meta({**META, "status_date": "2026-01-22"})
    with pytest.raises(PortfolioError, match="'2026-01-30' falls in status week 4"):
        check_meta({**META, "status_date": "2026-01-30"})


def test_a_portfolio_error_pickles_with_its_problems():
    with pytest.raises(PortfolioError) as caught:
        validate(several_problems())
    back = pickle.loads(pickle.dumps(caught.value))
    assert back.problems == caught.value.problems and str(back) == str(caught.value)


def test_format_problems_groups_and_sums_up_repeats():
    problems = [
        Problem("task_status", "unknown task 'T9'", row=r, column="task_id") for r in range(6)
    ]
    text = format_problems([Problem("meta", "missing", key="key 'currency'"), *problems], 7)
    assert text.splitlines() == [
        "meta (1 problem):",
        "  key 'currency': missing",
        "task_status (6 problems):",
        "  row 0, column 'task_id': unknown task 'T9'",
        "  row 1, column 'task_id': unknown task 'T9'",
        "  row 2, column 'task_id': unknown task 'T9'",
        "  ... and 3 more rows alike (3, 4, 5)",
        "... and 7 more problems not listed",
    ]


_CELLS = st.sampled_from(
    [
        ("risks", "probability", 2.0),
        ("tasks", "most_likely_days", -1.0),
        ("project_status", "reported_rag", "orange"),
        ("dependencies", "type", "XX"),
        ("task_status", "pct_complete_actual", 120.0),
        ("roles", "day_rate", -5.0),
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(breaks=st.lists(st.tuples(_CELLS, st.integers(0, 1)), min_size=1, max_size=5))
def test_every_cell_broken_is_named(breaks):
    """However many cells are broken, in whatever tables, each is one of the problems."""
    p = tiny_portfolio()
    frames = {}
    expected = set()
    for (table, column, value), row in breaks:
        frame = frames.get(table, getattr(p, table).copy())
        frame.loc[frame.index[row], column] = value
        frames[table] = frame
        expected.add((table, row, column))
    found, _ = find_problems(p.replace(**frames))
    assert expected <= {(e.table, e.row, e.column) for e in found}
    assert np.all([e.where is None for e in found])
