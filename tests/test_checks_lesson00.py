"""Lesson 00's questions: expected values are the tables', every usual mistake is named.

Mirrors ``tests/test_checks.py`` for the questions of ``checks/lesson00.py``, the
pandas refresher of the welcome notebook. Every figure is recomputed here with
plain pandas from the teaching portfolio's tables, as a trainee would compute
it, independently of the module under test.
"""

from __future__ import annotations

import numpy as np
import pytest

import pmo_exercises as pmo
from pmo_exercises.checks import check
from tests._checks_helpers import lesson_tests

P = pmo.load_portfolio()
PROJECTS = P.projects
STATUS = P.project_status

# exercise 1: the budget by sponsor
BUDGET = PROJECTS.groupby("sponsor")["bac"].sum().sort_values(ascending=False)
SPONSOR, RUNNER_UP, SMALLEST = BUDGET.index[0], BUDGET.index[1], BUDGET.index[-1]
HIS = PROJECTS[PROJECTS["sponsor"] == SPONSOR]
SHARE = BUDGET.iloc[0] / PROJECTS["bac"].sum()
SHARE_OF_VALUE = HIS["business_value"].sum() / PROJECTS["business_value"].sum()
SHARE_OF_PROJECTS = len(HIS) / len(PROJECTS)
SHARE_OF_ONE = HIS["bac"].max() / PROJECTS["bac"].sum()
MANAGER = PROJECTS["manager"].iloc[0]
FIRST_NAME = SPONSOR.split()[0]
UNACCENTED = MANAGER.lower().replace("é", "e")  # Zoé Berger, typed zoe berger

# exercise 2: stages and the colour of each project's latest report
IN_EXECUTION = PROJECTS["stage"] == "execution"
GREEN_NOW = PROJECTS["reported_rag"] == "green"
EXECUTING = int(IN_EXECUTION.sum())
NOT_EXECUTING = int((~IN_EXECUTION).sum())
EXECUTION_IDS = PROJECTS.loc[IN_EXECUTION, "project_id"]
TASK_ROWS = int(P.tasks["project_id"].isin(EXECUTION_IDS).sum())
STATUS_ROWS = int(STATUS["project_id"].isin(EXECUTION_IDS).sum())
EXECUTING_GREEN = int((IN_EXECUTION & GREEN_NOW).sum())
EVERY_GREEN = int(GREEN_NOW.sum())
EXECUTING_NOT_GREEN = int((IN_EXECUTION & ~GREEN_NOW).sum())
GREEN_ROWS = int((STATUS["reported_rag"] == "green").sum())
EXECUTING_GREEN_ROWS = int(
    ((STATUS["reported_rag"] == "green") & STATUS["project_id"].isin(EXECUTION_IDS)).sum()
)
EVER_GREEN = STATUS.loc[STATUS["reported_rag"] == "green", "project_id"].nunique()

# exercise 3: reported against actual progress, at the status week and week by week
HISTORY = STATUS.assign(gap=STATUS["pct_complete_reported"] - STATUS["pct_complete_actual"])
NOW = HISTORY[HISTORY["week"] == P.status_week].set_index("project_id")
AHEAD = NOW["gap"].idxmax()
BEHIND = NOW["gap"].idxmin()
MOST_REPORTED = NOW["pct_complete_reported"].idxmax()
NO_GAP = NOW.index[NOW["gap"] == 0][0]
SMALLER_GAP = next(pid for pid in NOW.index[NOW["gap"] > 0] if pid not in (AHEAD, MOST_REPORTED))
NAME = PROJECTS.set_index("project_id").at[AHEAD, "name"]
MINE = HISTORY[HISTORY["project_id"] == AHEAD]
RAN_AHEAD = MINE[MINE["gap"] > 0]
FIRST_WEEK = int(RAN_AHEAD["week"].min())
ROW_LABEL = int(RAN_AHEAD.index[0])
POSITION = int(np.argmax(MINE["gap"].to_numpy() > 0))
OTHERS = HISTORY[(HISTORY["project_id"] != AHEAD) & (HISTORY["gap"] > 0)]
PORTFOLIO_FIRST = int(OTHERS["week"].min())
WIDEST = int(MINE.loc[MINE["gap"].idxmax(), "week"])
STILL_OPEN = int(RAN_AHEAD["week"].iloc[1])
BEFORE_OTHERS = set(range(1, FIRST_WEEK - 1)) - set(OTHERS.groupby("project_id")["week"].min())
STILL_HONEST = max(BEFORE_OTHERS)


def test_the_cases_differ_so_each_mistake_is_its_own_figure():
    assert BUDGET.iloc[0] > BUDGET.iloc[1], "one sponsor owns the largest budget"
    shares = [SHARE, 100 * SHARE, 1 / SHARE, SHARE_OF_VALUE, SHARE_OF_PROJECTS, SHARE_OF_ONE]
    assert min(abs(a - b) for i, a in enumerate(shares) for b in shares[i + 1 :]) > 0.005
    assert MANAGER not in set(PROJECTS["sponsor"]) and UNACCENTED != MANAGER.lower()
    assert len({EXECUTING, NOT_EXECUTING, len(PROJECTS), TASK_ROWS, STATUS_ROWS, 0}) == 6
    figures = {EXECUTING_GREEN, EVERY_GREEN, EXECUTING_NOT_GREEN, EXECUTING, len(PROJECTS)}
    assert len(figures | {GREEN_ROWS, EXECUTING_GREEN_ROWS, 0}) == 8
    assert EVER_GREEN == len(PROJECTS), "every project reported green in some week"
    assert NOW.at[BEHIND, "gap"] < 0 < NOW.at[SMALLER_GAP, "gap"] < NOW.at[AHEAD, "gap"]
    assert MOST_REPORTED != AHEAD
    assert HISTORY.loc[HISTORY["gap"].idxmax(), "project_id"] == AHEAD, "and over the history"
    assert POSITION == FIRST_WEEK - 1 and ROW_LABEL > P.status_week
    assert PORTFOLIO_FIRST < FIRST_WEEK and WIDEST == P.status_week
    assert FIRST_WEEK < STILL_OPEN < P.status_week


def test_the_notebooks_ten_points_would_never_fire():
    """The refresher once asked when the gap first exceeded 10 points: it never does."""
    assert HISTORY["gap"].max() < 10


# -- expected answers are the tables' ----------------------------------------------------

EXPECTED = [
    pytest.param("00.top_sponsor", SPONSOR, id="top_sponsor"),
    pytest.param("00.sponsor_share", SHARE, id="sponsor_share"),
    pytest.param("00.in_execution", EXECUTING, id="in_execution"),
    pytest.param("00.execution_green", EXECUTING_GREEN, id="execution_green"),
    pytest.param("00.furthest_ahead", AHEAD, id="furthest_ahead"),
    pytest.param("00.gap_week", FIRST_WEEK, id="gap_week"),
]


RIGHT_FORMS = [
    pytest.param("00.top_sponsor", f"  {SPONSOR.upper()} ", id="sponsor-any-case"),
    pytest.param("00.top_sponsor", SPONSOR.replace(" ", "  "), id="sponsor-two-spaces"),
    pytest.param("00.top_sponsor", np.str_(SPONSOR), id="sponsor-numpy-str"),
    pytest.param("00.sponsor_share", round(SHARE, 2), id="share-two-decimals"),
    pytest.param("00.sponsor_share", np.float64(SHARE), id="share-numpy-float"),
    pytest.param("00.in_execution", np.int64(EXECUTING), id="execution-numpy-int"),
    pytest.param("00.in_execution", float(EXECUTING), id="execution-float"),
    pytest.param("00.execution_green", np.int64(EXECUTING_GREEN), id="green-numpy-int"),
    pytest.param("00.furthest_ahead", AHEAD.lower(), id="id-lower"),
    pytest.param("00.furthest_ahead", f" {AHEAD} ", id="id-spaces"),
    pytest.param("00.furthest_ahead", np.str_(AHEAD), id="id-numpy-str"),
    pytest.param("00.gap_week", np.int64(FIRST_WEEK), id="week-numpy-int"),
    pytest.param("00.gap_week", float(FIRST_WEEK), id="week-float"),
]


# -- each usual mistake is named, and the answer is not given away ---------------------------

MISTAKES = [
    pytest.param("00.top_sponsor", "a_project_not_a_sponsor", AHEAD, id="sponsor-a-project-id"),
    pytest.param("00.top_sponsor", "a_project_not_a_sponsor", NAME, id="sponsor-a-project-name"),
    pytest.param("00.top_sponsor", "manager_not_sponsor", MANAGER, id="sponsor-a-manager"),
    pytest.param(
        "00.top_sponsor", "manager_not_sponsor", UNACCENTED, id="sponsor-a-manager-unaccented"
    ),
    pytest.param("00.top_sponsor", "part_of_a_name", FIRST_NAME, id="sponsor-first-name"),
    pytest.param("00.top_sponsor", "not_a_sponsor", "Jane Doe", id="sponsor-nobody"),
    pytest.param("00.top_sponsor", "smallest_first", SMALLEST, id="sponsor-sorted-smallest"),
    pytest.param("00.sponsor_share", "in_percent", 100 * SHARE, id="share-percent"),
    pytest.param("00.sponsor_share", "upside_down", 1 / SHARE, id="share-upside-down"),
    pytest.param(
        "00.sponsor_share", "amount_not_share", BUDGET.iloc[0], id="share-budget-in-euros"
    ),
    pytest.param("00.sponsor_share", "by_value", SHARE_OF_VALUE, id="share-of-value"),
    pytest.param("00.sponsor_share", "by_count", SHARE_OF_PROJECTS, id="share-of-projects"),
    pytest.param("00.sponsor_share", "one_project", SHARE_OF_ONE, id="share-largest-project"),
    pytest.param("00.in_execution", "nothing_matched", 0, id="execution-wrong-case"),
    pytest.param("00.in_execution", "every_project", len(PROJECTS), id="execution-no-filter"),
    pytest.param("00.in_execution", "not_in_execution", NOT_EXECUTING, id="execution-reversed"),
    pytest.param("00.in_execution", "rows_not_projects", TASK_ROWS, id="execution-task-rows"),
    pytest.param(
        "00.in_execution", "rows_not_projects", STATUS_ROWS, id="execution-weekly-status-rows"
    ),
    pytest.param("00.execution_green", "nothing_matched", 0, id="green-wrong-case"),
    pytest.param(
        "00.execution_green", "stage_filter_forgotten", EVERY_GREEN, id="green-every-stage"
    ),
    pytest.param("00.execution_green", "not_green", EXECUTING_NOT_GREEN, id="green-reversed"),
    pytest.param(
        "00.execution_green", "colour_filter_forgotten", EXECUTING, id="green-colour-forgotten"
    ),
    pytest.param("00.execution_green", "every_project", EVER_GREEN, id="green-ever-in-history"),
    pytest.param("00.execution_green", "rows_of_the_history", GREEN_ROWS, id="green-history-rows"),
    pytest.param(
        "00.execution_green",
        "rows_of_the_history",
        EXECUTING_GREEN_ROWS,
        id="green-history-rows-in-execution",
    ),
    pytest.param("00.furthest_ahead", "name_not_id", NAME.upper(), id="ahead-the-name"),
    pytest.param("00.furthest_ahead", "unknown_project", "P99", id="ahead-unknown"),
    pytest.param("00.furthest_ahead", "unknown_project", AHEAD[1:], id="ahead-without-its-p"),
    pytest.param("00.furthest_ahead", "behind_not_ahead", BEHIND, id="ahead-gap-reversed"),
    pytest.param("00.furthest_ahead", "most_progress", MOST_REPORTED, id="ahead-most-reported"),
    pytest.param("00.furthest_ahead", "no_gap", NO_GAP.lower(), id="ahead-no-gap"),
    pytest.param("00.furthest_ahead", "a_smaller_gap", SMALLER_GAP, id="ahead-smaller-gap"),
    pytest.param("00.gap_week", "not_a_week", ROW_LABEL, id="week-row-label"),
    pytest.param("00.gap_week", "not_a_week", 0, id="week-zero"),
    pytest.param("00.gap_week", "counted_from_zero", POSITION, id="week-position-from-zero"),
    pytest.param("00.gap_week", "status_week", WIDEST, id="week-of-the-widest-gap"),
    pytest.param("00.gap_week", "gap_already_open", STILL_OPEN, id="week-gap-already-open"),
    pytest.param(
        "00.gap_week", "another_project", PORTFOLIO_FIRST, id="week-project-filter-forgotten"
    ),
    pytest.param("00.gap_week", "no_gap_yet", STILL_HONEST, id="week-before-the-gap"),
]


# wrong answers that no mistake explains
UNKNOWN = [
    pytest.param("00.top_sponsor", RUNNER_UP, id="sponsor-runner-up"),
    pytest.param("00.sponsor_share", 0.5, id="share"),
    pytest.param("00.in_execution", EXECUTING + 1, id="execution"),
    pytest.param("00.execution_green", EXECUTING_GREEN + 1, id="green"),
]


def test_a_week_as_text_or_a_column_is_told_its_type_or_shape():
    """A week in quotes, or the whole column of weeks, is not a wrong week: say what it is."""
    assert "without quotes" in check("00.gap_week", str(FIRST_WEEK)).message
    assert "filter to the one" in check("00.gap_week", RAN_AHEAD["week"]).message
    assert ".item()" in check("00.gap_week", RAN_AHEAD["week"].head(1)).message


# -- the tests every lesson's questions must pass, on the data above (tests/_checks_helpers.py)
globals().update(
    lesson_tests(
        "00",
        expected=EXPECTED,
        right_forms=RIGHT_FORMS,
        mistakes=MISTAKES,
        unknown=UNKNOWN,
        questions=6,
        rel=1e-12,
    )
)
