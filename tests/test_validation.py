"""Validation: a catalogue of bad portfolios, each with the precise error it must raise.

Every case mutates the tiny, valid portfolio of ``tests/_tiny.py`` in one place
and checks that :func:`validate` (or :func:`coerce_table`) names the right
table, row, key and column, and says what is wrong.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo_exercises.core.canonical import table_to_csv
from pmo_exercises.core.errors import PortfolioError
from pmo_exercises.core.schema import TABLES
from pmo_exercises.core.validation import check_meta, coerce_table, validate
from pmo_exercises.io.folder import read_csv_text as _read_csv_text
from tests._tiny import META, tiny_portfolio

TEXT = pd.Series(["a"]).dtype  # pandas' default string dtype


# -- mutations -----------------------------------------------------------------------
def put(table, row, column, value):
    """A mutation: one cell of one table set to ``value`` (of the column's dtype)."""

    def mutate(p):
        frame = getattr(p, table).copy()
        frame.loc[frame.index[row], column] = value
        return p.replace(**{table: frame})

    return mutate


def change(table, how):
    """A mutation: ``how(frame) -> frame`` applied to a copy of one table."""

    def mutate(p):
        return p.replace(**{table: how(getattr(p, table).copy())})

    return mutate


def with_meta(**changes):
    def mutate(p):
        return p.replace(meta=changes)

    return mutate


def without_meta(key):
    def mutate(p):
        meta = dict(p.meta)
        del meta[key]
        return type(p)(**p.tables(), meta=meta)

    return mutate


def add_row(table, **values):
    """A mutation: a copy of the table's first row appended with some values changed."""

    def how(frame):
        extra = frame.iloc[[0]].copy()
        for column, value in values.items():
            extra[column] = pd.Series([value], index=extra.index, dtype=frame[column].dtype)
        return pd.concat([frame, extra], ignore_index=True)

    return change(table, how)


def as_column(column, values):
    def how(frame):
        frame[column] = values(frame[column])
        return frame

    return how


def drop_rows(frame):
    return frame.iloc[0:0]


# -- the catalogue ---------------------------------------------------------------------
# (mutation, table, row, key, column, problem): row/key/column None when not located.
CATALOGUE = [
    pytest.param(
        put("risks", 1, "probability", 35.0),
        "risks",
        1,
        "risk_id 'R-P01-02'",
        "probability",
        "35 is above 1; a probability is a fraction: 35% is 0.35",
        id="probability-in-percent",
    ),
    pytest.param(
        put("risks", 0, "probability", -0.1),
        "risks",
        0,
        "risk_id 'R-P01-01'",
        "probability",
        "-0.1 is negative; a probability is a fraction between 0 and 1",
        id="negative-probability",
    ),
    pytest.param(
        put("tasks", 6, "most_likely_days", -4.0),
        "tasks",
        6,
        "task_id 'P02-T02'",
        "most_likely_days",
        "-4 is negative; a duration is a number of working days >= 0",
        id="negative-duration",
    ),
    pytest.param(
        put("task_status", 12, "pct_complete_reported", 120.0),
        "task_status",
        12,
        "week 2, task_id 'P01-T03'",
        "pct_complete_reported",
        "120 is above 100; a percent complete lies between 0 and 100",
        id="percent-above-100",
    ),
    pytest.param(
        put("project_status", 3, "pct_complete_actual", -5.0),
        "project_status",
        3,
        "week 2, project_id 'P02'",
        "pct_complete_actual",
        "-5 is negative; a percent complete lies between 0 and 100",
        id="negative-percent",
    ),
    pytest.param(
        put("tasks", 3, "planned_cost", -8400.0),
        "tasks",
        3,
        "task_id 'P01-T04'",
        "planned_cost",
        "-8400 is negative; an amount of money is >= 0",
        id="negative-money",
    ),
    pytest.param(
        put("projects", 1, "priority", 0),
        "projects",
        1,
        "project_id 'P02'",
        "priority",
        "0 is below the minimum 1",
        id="priority-below-1",
    ),
    pytest.param(
        put("drivers", 0, "rag_optimism", 3),
        "drivers",
        0,
        "project_id 'P01'",
        "rag_optimism",
        "3 is above the maximum 2",
        id="int-above-maximum",
    ),
    pytest.param(
        put("events", 0, "cost_impact", np.inf),
        "events",
        0,
        "source_id 'R-P01-01'",
        "cost_impact",
        "inf is not a finite number",
        id="infinite-number",
    ),
    pytest.param(
        put("tasks", 3, "task_id", "P01-T02"),
        "tasks",
        3,
        "task_id 'P01-T02'",
        "task_id",
        "duplicate of row 1; each task_id appears once",
        id="duplicate-task-id",
    ),
    pytest.param(
        put("alignment", 1, "objective_id", "O1"),
        "alignment",
        1,
        "project_id 'P01', objective_id 'O1'",
        None,
        "duplicate of row 0; each (project_id, objective_id) appears once",
        id="duplicate-composite-key",
    ),
    pytest.param(
        put("task_status", 25, "week", 2),
        "task_status",
        25,
        "week 2, task_id 'P02-T01'",
        None,
        "duplicate of row 15; each (week, task_id) appears once",
        id="duplicate-status-week",
    ),
    pytest.param(
        put("dependencies", 4, "successor", "P01-T99"),
        "dependencies",
        4,
        "predecessor 'P02-T01', successor 'P01-T99'",
        "successor",
        "unknown task 'P01-T99'",
        id="unknown-task",
    ),
    pytest.param(
        put("assignments", 2, "role_id", "PM"),
        "assignments",
        2,
        "task_id 'P01-T03', role_id 'PM'",
        "role_id",
        "unknown role 'PM'",
        id="unknown-role",
    ),
    pytest.param(
        put("tasks", 0, "project_id", "P09"),
        "tasks",
        0,
        "task_id 'P01-T01'",
        "project_id",
        "unknown project 'P09'",
        id="unknown-project",
    ),
    pytest.param(
        put("projects", 0, "objective_id", "O7"),
        "projects",
        0,
        "project_id 'P01'",
        "objective_id",
        "unknown objective 'O7'",
        id="unknown-objective-in-nullable-reference",
    ),
    pytest.param(
        put("dependencies", 0, "successor", "P01-T01"),
        "dependencies",
        0,
        "predecessor 'P01-T01', successor 'P01-T01'",
        "successor",
        "the task 'P01-T01' depends on itself",
        id="self-link",
    ),
    pytest.param(
        add_row("dependencies", predecessor="P01-T04", successor="P01-T02"),
        "dependencies",
        None,
        None,
        None,
        "the links form a cycle: 'P01-T02' -> 'P01-T03' -> 'P01-T04' -> 'P01-T02'",
        id="dependency-cycle",
    ),
    pytest.param(
        put("dependencies", 2, "type", "XX"),
        "dependencies",
        2,
        "predecessor 'P01-T03', successor 'P01-T04'",
        "type",
        "'XX' is not one of: FS, SS, FF, SF",
        id="unknown-link-type",
    ),
    pytest.param(
        put("projects", 0, "reported_rag", "Green"),
        "projects",
        0,
        "project_id 'P01'",
        "reported_rag",
        "'Green' is not one of: green, amber, red (write 'green')",
        id="choice-in-wrong-case",
    ),
    pytest.param(
        put("projects", 1, "manager", np.nan),
        "projects",
        1,
        "project_id 'P02'",
        "manager",
        "missing value; this column needs a value",
        id="missing-required-text",
    ),
    pytest.param(
        put("tasks", 4, "baseline_start", pd.NaT),
        "tasks",
        4,
        "task_id 'P01-T05'",
        "baseline_start",
        "missing date; this column needs a value",
        id="missing-required-date",
    ),
    pytest.param(
        put("roles", 1, "capacity_days_per_week", np.nan),
        "roles",
        1,
        "role_id 'QA'",
        "capacity_days_per_week",
        "missing value; this column needs a value",
        id="missing-required-number",
    ),
    pytest.param(
        put("objectives", 1, "name", "  "),
        "objectives",
        1,
        "objective_id 'O2'",
        "name",
        "'  ' is an empty text; this column needs a value",
        id="blank-required-text",
    ),
    pytest.param(
        put("risks", 1, "owner", ""),
        "risks",
        1,
        "risk_id 'R-P01-02'",
        "owner",
        "'' is an empty text; write a missing value (NaN or None) instead",
        id="empty-text-instead-of-missing",
    ),
    pytest.param(
        put("risks", 0, "title", "API\r\nchanges"),
        "risks",
        0,
        "risk_id 'R-P01-01'",
        "title",
        "'API\\r\\nchanges' holds a carriage return (\\r), which Excel cannot store",
        id="carriage-return-in-text",
    ),
    pytest.param(
        put("tasks", 6, "optimistic_days", 9.0),
        "tasks",
        6,
        "task_id 'P02-T02'",
        "most_likely_days",
        "8 is below optimistic_days 9; the estimates must satisfy "
        "optimistic <= most likely <= pessimistic",
        id="optimistic-above-most-likely",
    ),
    pytest.param(
        put("tasks", 2, "pessimistic_days", 9.5),
        "tasks",
        2,
        "task_id 'P01-T03'",
        "pessimistic_days",
        "9.5 is below most_likely_days 10",
        id="pessimistic-below-most-likely",
    ),
    pytest.param(
        put("tasks", 1, "baseline_finish", pd.Timestamp("2026-01-09")),
        "tasks",
        1,
        "task_id 'P01-T02'",
        "baseline_finish",
        "2026-01-09 is before baseline_start 2026-01-12",
        id="baseline-finish-before-start",
    ),
    pytest.param(
        put("projects", 1, "planned_finish", pd.Timestamp("2025-12-31")),
        "projects",
        1,
        "project_id 'P02'",
        "planned_finish",
        "2025-12-31 is before planned_start 2026-01-12",
        id="planned-finish-before-start",
    ),
    pytest.param(
        put("task_status", 5, "project_id", "P01"),
        "task_status",
        5,
        "week 1, task_id 'P02-T01'",
        "project_id",
        "'P01' is not the project of task 'P02-T01', which is 'P02'",
        id="status-row-in-wrong-project",
    ),
    pytest.param(
        put("risks", 2, "task_id", "P01-T01"),
        "risks",
        2,
        "risk_id 'R-P02-01'",
        "task_id",
        "task 'P01-T01' belongs to project 'P01', not 'P02'",
        id="risk-on-task-of-other-project",
    ),
    pytest.param(
        put("opportunities", 0, "task_id", "P01-T03"),
        "opportunities",
        0,
        "opportunity_id 'OP-P02-01'",
        "task_id",
        "task 'P01-T03' belongs to project 'P01', not 'P02'",
        id="opportunity-on-task-of-other-project",
    ),
    pytest.param(
        put("task_status", 20, "pct_complete_actual", 90.0),
        "task_status",
        20,
        "week 3, task_id 'P01-T01'",
        "pct_complete_actual",
        "90 is below 100 in week 2 (row 10); real progress never goes back",
        id="progress-goes-back",
    ),
    pytest.param(
        put("objectives", 1, "weight", 0.3),
        "objectives",
        None,
        None,
        "weight",
        "the weights sum to 0.9; they must sum to 1",
        id="weights-do-not-sum-to-1",
    ),
    pytest.param(
        put("artefacts", 1, "approved_on", pd.NaT),
        "artefacts",
        1,
        "project_id 'P01', artefact 'charter'",
        "approved_on",
        "missing; an approved artefact has its approval date",
        id="approved-without-date",
    ),
    pytest.param(
        put("artefacts", 2, "approved_on", pd.Timestamp("2026-01-20")),
        "artefacts",
        2,
        "project_id 'P01', artefact 'schedule_baseline'",
        "approved_on",
        "2026-01-20 is set but the artefact is 'draft'; only an approved artefact",
        id="draft-with-approval-date",
    ),
    pytest.param(
        put("events", 0, "date", pd.Timestamp("2026-01-14 10:30")),
        "events",
        0,
        "source_id 'R-P01-01'",
        "date",
        "2026-01-14 10:30:00 has a time of day; dates are whole days",
        id="date-with-time-of-day",
    ),
    pytest.param(
        change("tasks", drop_rows),
        "tasks",
        None,
        None,
        None,
        "is empty; a portfolio needs at least one row here",
        id="no-tasks",
    ),
    pytest.param(
        change("roles", drop_rows),
        "roles",
        None,
        None,
        None,
        "is empty",
        id="no-roles",
    ),
    pytest.param(
        change("tasks", as_column("planned_cost", lambda s: s.astype(str))),
        "tasks",
        None,
        None,
        "planned_cost",
        "expected float64 (numbers); convert raw data with coerce_table()",
        id="numbers-stored-as-text",
    ),
    pytest.param(
        change("roles", as_column("headcount", lambda s: s.astype(float))),
        "roles",
        None,
        None,
        "headcount",
        "has dtype float64 (missing values?), expected int64 (whole numbers)",
        id="whole-numbers-as-floats",
    ),
    pytest.param(
        change("events", as_column("date", lambda s: s.dt.strftime("%Y-%m-%d"))),
        "events",
        None,
        None,
        "date",
        "expected datetime64 dates (use pandas.to_datetime)",
        id="dates-as-text",
    ),
    pytest.param(
        change("projects", as_column("name", lambda s: pd.Series(["Web", 42], dtype=object))),
        "projects",
        1,
        "project_id 'P02'",
        "name",
        "42 is not a text",
        id="number-in-text-column",
    ),
    pytest.param(
        change("risks", lambda f: f.drop(columns="owner")),
        "risks",
        None,
        None,
        "owner",
        "missing column; the columns are risk_id, project_id",
        id="missing-column",
    ),
    pytest.param(
        change("projects", lambda f: f.assign(notes="x")),
        "projects",
        None,
        None,
        "notes",
        "unknown column; the columns are project_id",
        id="unknown-column",
    ),
    pytest.param(
        with_meta(start_date="2026-01-06"),
        "meta",
        None,
        "key 'start_date'",
        None,
        "'2026-01-06' is a Tuesday; the start date is a Monday",
        id="start-date-not-a-monday",
    ),
    pytest.param(
        with_meta(start_date="05/01/2026"),
        "meta",
        None,
        "key 'start_date'",
        None,
        "'05/01/2026' is not an ISO date text (use 'YYYY-MM-DD')",
        id="start-date-not-iso",
    ),
    pytest.param(
        with_meta(status_week=-1),
        "meta",
        None,
        "key 'status_week'",
        None,
        "-1 is negative",
        id="negative-status-week",
    ),
    pytest.param(
        with_meta(status_week="3"),
        "meta",
        None,
        "key 'status_week'",
        None,
        "'3' is not a whole number",
        id="status-week-as-text",
    ),
    pytest.param(
        without_meta("company"),
        "meta",
        None,
        "key 'company'",
        None,
        "missing",
        id="meta-without-company",
    ),
]


@pytest.mark.parametrize(("mutate", "table", "row", "key", "column", "problem"), CATALOGUE)
def test_catalogue_of_bad_portfolios(mutate, table, row, key, column, problem):
    bad = mutate(tiny_portfolio())
    with pytest.raises(PortfolioError) as caught:
        validate(bad)
    error = caught.value
    assert (error.table, error.row, error.key, error.column) == (table, row, key, column), str(
        error
    )
    assert problem in error.problem, str(error)
    message = str(error)
    assert message.startswith(table)
    if row is not None:
        assert f"row {row} ({key})" in message
    if column is not None:
        assert f"column '{column}'" in message
    assert "\n" not in message


def test_catalogue_is_large():
    assert len(CATALOGUE) >= 20


def test_the_tiny_portfolio_is_valid_and_validate_chains():
    p = tiny_portfolio()
    assert validate(p) is p
    assert p.digest() == tiny_portfolio().digest()


def test_validate_leaves_the_portfolio_unchanged():
    p = tiny_portfolio()
    before = {n: t.copy() for n, t in p.tables().items()}
    validate(p)
    for name, frame in p.tables().items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_the_message_reads_as_documented():
    bad = put("dependencies", 4, "successor", "P01-T99")(tiny_portfolio())
    with pytest.raises(PortfolioError, match="unknown task 'P01-T99'") as caught:
        validate(bad)
    assert str(caught.value) == (
        "dependencies, row 4 (predecessor 'P02-T01', successor 'P01-T99'), "
        "column 'successor': unknown task 'P01-T99'"
    )


def test_the_first_problem_is_reported_in_table_then_row_order():
    p = tiny_portfolio()
    p = put("risks", 2, "probability", 5.0)(p)
    p = put("risks", 1, "cost_impact", -1.0)(p)  # an earlier row of the same table
    p = put("task_status", 0, "pct_complete_actual", 500.0)(p)  # a later table
    with pytest.raises(PortfolioError) as caught:
        validate(p)
    assert (caught.value.table, caught.value.row, caught.value.column) == (
        "risks",
        1,
        "cost_impact",
    )


def test_in_one_row_the_first_column_wins():
    p = put("risks", 1, "probability", 5.0)(tiny_portfolio())
    p = put("risks", 1, "response_cost", -1.0)(p)
    p = put("risks", 1, "category", "weather")(p)
    with pytest.raises(PortfolioError) as caught:
        validate(p)
    assert caught.value.column == "category"


def test_optional_tables_may_be_empty():
    p = tiny_portfolio()
    empty = {
        n: getattr(p, n).iloc[0:0]
        for n in ("risks", "opportunities", "events", "artefacts", "task_status", "project_status")
    }
    validate(p.replace(**empty, meta={"status_week": 0}))


def test_a_non_default_index_does_not_matter():
    p = tiny_portfolio()
    shuffled = p.tasks.set_axis(np.arange(100, 100 + len(p.tasks)))
    validate(p.replace(tasks=shuffled))
    bad = shuffled.copy()
    bad.loc[bad.index[2], "most_likely_days"] = -1.0
    with pytest.raises(PortfolioError, match="row 2 ") as caught:
        validate(p.replace(tasks=bad))
    assert caught.value.row == 2


def test_validate_needs_a_portfolio():
    with pytest.raises(TypeError, match="needs a Portfolio"):
        validate(tiny_portfolio().tables())


def test_check_meta_accepts_the_tiny_meta():
    check_meta(META)
    with pytest.raises(PortfolioError, match="expected a mapping"):
        check_meta(["company"])


# -- coerce_table ----------------------------------------------------------------
def raw_tasks() -> pd.DataFrame:
    """The tiny tasks as a CSV reader gives them: every value a string."""
    return _read_csv_text(table_to_csv("tasks", tiny_portfolio().tasks))


def test_coerce_gives_the_schema_dtypes():
    raw = raw_tasks()
    assert all(raw[c].dtype == TEXT for c in raw.columns)
    typed = coerce_table("tasks", raw)
    pd.testing.assert_frame_equal(typed, tiny_portfolio().tasks)
    assert typed["baseline_start"].dtype == "datetime64[ns]"
    assert typed["planned_cost"].dtype == np.float64


def test_coerce_puts_columns_in_schema_order():
    raw = raw_tasks()
    typed = coerce_table("tasks", raw[list(reversed(raw.columns))])
    assert list(typed.columns) == TABLES["tasks"].column_names


def test_coerce_keeps_missing_text_missing_never_nan_text():
    raw = _read_csv_text(table_to_csv("risks", tiny_portfolio().risks))
    raw.loc[0, "owner"] = "   "
    typed = coerce_table("risks", raw)
    assert typed["owner"].dtype == TEXT
    assert typed["owner"].isna().tolist() == [True, True, False]
    assert not (typed["owner"] == "nan").any()
    assert typed["response"].isna().tolist() == [False, True, False]


def test_coerce_accepts_loose_values_as_excel_gives_them():
    raw = pd.DataFrame(
        {
            "week": [2, 3.0, "4"],
            "date": [dt.datetime(2026, 1, 14, 9, 30), dt.date(2026, 1, 15), "2026-01-16"],
            "project_id": ["P01"] * 3,
            "task_id": ["P01-T03"] * 3,
            "source_id": ["A", "B", "C"],
            "kind": ["risk"] * 3,
            "cost_impact": [1, 2.5, " 1e3 "],
            "schedule_impact_days": [np.int64(1), np.float64(0.5), "-2"],
        },
    )
    typed = coerce_table("events", raw.astype(object))
    assert typed["week"].tolist() == [2, 3, 4]
    assert typed["week"].dtype == np.int64
    days = ["2026-01-14", "2026-01-15", "2026-01-16"]
    assert typed["date"].tolist() == list(pd.to_datetime(days))
    assert typed["cost_impact"].tolist() == [1.0, 2.5, 1000.0]
    assert typed["schedule_impact_days"].tolist() == [1.0, 0.5, -2.0]


def test_coerce_from_numpy_dtypes_is_exact():
    p = tiny_portfolio()
    frame = p.task_status.copy()
    frame["week"] = frame["week"].astype(np.float64)  # as after a merge with gaps
    frame["status_date"] = frame["status_date"].astype("datetime64[s]")
    pd.testing.assert_frame_equal(coerce_table("task_status", frame), p.task_status)


def cell(value, column="most_likely_days", row=2):
    raw = raw_tasks().astype(object)
    raw.loc[row, column] = value
    return raw


COERCE_CATALOGUE = [
    pytest.param(cell("abc"), 2, "most_likely_days", "'abc' is not a number", id="text-in-number"),
    pytest.param(
        cell("3,5"),
        2,
        "most_likely_days",
        "'3,5' is not a number (read with '.' for decimals; if the files write a comma for "
        "decimals, say so: decimal=',' or --decimal ,)",
        id="decimal-comma",
    ),
    pytest.param(cell("nan"), 2, "most_likely_days", "'nan' is not a number", id="nan-as-text"),
    pytest.param(cell(True), 2, "most_likely_days", "True is not a number", id="bool-in-number"),
    pytest.param(
        cell("", "planned_cost", 4),
        4,
        "planned_cost",
        "empty; this column needs a value",
        id="empty-number",
    ),
    pytest.param(
        cell(None, "planned_cost", 4),
        4,
        "planned_cost",
        "missing value; this column needs a value",
        id="missing-number",
    ),
    pytest.param(
        cell("2026-13-01", "baseline_start"),
        2,
        "baseline_start",
        "'2026-13-01' is not a date (use YYYY-MM-DD)",
        id="month-13",
    ),
    pytest.param(
        cell("05/01/2026", "baseline_start"),
        2,
        "baseline_start",
        "'05/01/2026' is not a date (use YYYY-MM-DD, or say the order of dd/mm/yyyy dates: "
        "dayfirst=True, --dayfirst)",
        id="date-in-local-format",
    ),
    pytest.param(
        cell(46027, "baseline_start"),
        2,
        "baseline_start",
        "46027 is not a date (use YYYY-MM-DD; in Excel, format the cell as a date)",
        id="excel-serial-date",
    ),
    pytest.param(
        cell("3000-01-01", "baseline_start"),
        2,
        "baseline_start",
        "'3000-01-01' is out of range: the kit handles the years 1678 to 2261",
        id="date-out-of-range",
    ),
    pytest.param(
        cell("   ", "name", 7),
        7,
        "name",
        "empty; this column needs a value",
        id="blank-required-text",
    ),
    pytest.param(
        cell(42, "name", 7),
        7,
        "name",
        "42 is a number, not a text (in Excel, format the cell as Text)",
        id="number-in-text",
    ),
]


@pytest.mark.parametrize(("raw", "row", "column", "problem"), COERCE_CATALOGUE)
def test_coerce_catalogue(raw, row, column, problem):
    with pytest.raises(PortfolioError) as caught:
        coerce_table("tasks", raw)
    error = caught.value
    task_id = raw.loc[row, "task_id"]
    assert (error.table, error.row, error.key, error.column) == (
        "tasks",
        row,
        f"task_id '{task_id}'",
        column,
    ), str(error)
    assert error.problem == problem


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        pytest.param("week", "2.5", "'2.5' is not a whole number", id="decimal-text-in-int"),
        pytest.param("week", 2.5, "2.5 is not a whole number", id="decimal-in-int"),
        pytest.param("week", "two", "'two' is not a number", id="word-in-int"),
        pytest.param("week", 2**70, "is too large for a whole-number column", id="huge-int"),
        pytest.param(
            "pct_complete_actual",
            "35%",
            "'35%' is not a number; write percent as a plain number: 35 for 35%",
            id="percent-sign",
        ),
        pytest.param(
            "actual_start",
            pd.Timestamp("2026-01-05", tz="UTC"),
            "has a time zone; use a plain date",
            id="timezone",
        ),
    ],
)
def test_coerce_rejects_instead_of_truncating(column, value, problem):
    raw = _read_csv_text(table_to_csv("task_status", tiny_portfolio().task_status)).astype(object)
    raw.loc[4, column] = value
    with pytest.raises(PortfolioError) as caught:
        coerce_table("task_status", raw)
    assert (caught.value.row, caught.value.column) == (4, column)
    assert caught.value.key.endswith("task_id 'P01-T05'")  # the week as written
    assert problem in caught.value.problem


def test_coerce_probability_hint():
    raw = _read_csv_text(table_to_csv("risks", tiny_portfolio().risks))
    raw.loc[1, "probability"] = "35%"
    with pytest.raises(PortfolioError, match=r"a probability is a fraction: 35% is 0\.35"):
        coerce_table("risks", raw)


def test_coerce_reports_the_first_bad_cell_in_row_order():
    raw = raw_tasks().astype(object)
    raw.loc[5, "name"] = ""  # an early column, a later row
    raw.loc[3, "baseline_finish"] = "soon"  # a late column, an earlier row
    with pytest.raises(PortfolioError) as caught:
        coerce_table("tasks", raw)
    assert (caught.value.row, caught.value.column) == (3, "baseline_finish")


def test_coerce_columns_must_match_the_schema():
    raw = raw_tasks()
    with pytest.raises(PortfolioError, match="missing column") as caught:
        coerce_table("tasks", raw.drop(columns="name"))
    assert caught.value.column == "name"
    with pytest.raises(PortfolioError, match="unknown column") as caught:
        coerce_table("tasks", raw.assign(colour="red"))
    assert caught.value.column == "colour"
    renamed = raw.rename(columns={"most_likely_days": "most_likely"})
    with pytest.raises(PortfolioError, match="there is an unknown column 'most_likely'"):
        coerce_table("tasks", renamed)
    with pytest.raises(PortfolioError, match="no such table"):
        coerce_table("task", raw)
    with pytest.raises(PortfolioError, match="expected a pandas DataFrame"):
        coerce_table("tasks", raw.to_dict())


def test_coerce_an_empty_table():
    raw = raw_tasks().iloc[0:0]
    typed = coerce_table("tasks", raw)
    assert len(typed) == 0
    assert typed.dtypes.astype(str).tolist() == tiny_portfolio().tasks.dtypes.astype(str).tolist()


# -- coerce_table round-trips any valid values through canonical CSV ---------------
# valid texts: any characters but lone surrogates and the control characters other
# than tab and line feed (validate rejects those)
_TEXTS = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(i) for i in range(32) if chr(i) not in "\t\n"],
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")
_DATES = st.dates(min_value=dt.date(1678, 1, 1), max_value=dt.date(2261, 12, 31))


def _raw_value(kind):
    """A valid value in one of the raw forms coerce_table accepts."""
    if kind == "str":
        return _TEXTS
    if kind == "int":
        whole = st.integers(-(2**63), 2**63 - 1)
        return st.one_of(whole, whole.map(str), st.integers(-(2**53), 2**53).map(float))
    if kind == "float":
        real = st.floats(allow_nan=False, allow_infinity=False)
        return st.one_of(real, real.map(repr), st.integers(-(10**6), 10**6))
    return st.one_of(
        _DATES,
        _DATES.map(lambda d: d.isoformat()),
        _DATES.map(lambda d: dt.datetime(d.year, d.month, d.day, 13, 5)),
        _DATES.map(pd.Timestamp),
    )


@st.composite
def raw_tables(draw, name):
    n = draw(st.integers(0, 6))
    columns = {}
    for column in TABLES[name].columns:
        value = _raw_value(column.kind)
        if column.nullable:
            value = st.one_of(st.none(), value)
        columns[column.name] = pd.Series(
            draw(st.lists(value, min_size=n, max_size=n)), dtype=object
        )
    return pd.DataFrame(columns)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(["tasks", "risks", "task_status", "drivers"]))
def test_coerce_round_trips_through_canonical_csv(data, name):
    typed = coerce_table(name, data.draw(raw_tables(name)))
    text = table_to_csv(name, typed)
    again = coerce_table(name, _read_csv_text(text))
    pd.testing.assert_frame_equal(again, typed)
    assert table_to_csv(name, again) == text
