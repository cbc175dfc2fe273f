"""Instant feedback: expected answers from the analytics, mistakes named, answers never given."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises import checks, planning, tracking
from pmo_exercises.checks import Feedback, Hints, check, question
from pmo_exercises.checks.context import teaching_context
from tests._lesson_tests import (
    assert_expected_is,
    assert_mistake_named,
    assert_right_answer_is_correct,
)

P = pmo.load_portfolio()
WEEK = P.status_week
HISTORY = tracking.earned_value_history(P)
NOW = HISTORY[HISTORY["week"] == WEEK].set_index("project_id")
REPORTED = tracking.earned_value_history(P, basis="reported")
REPORTED_NOW = REPORTED[REPORTED["week"] == WEEK].set_index("project_id")
SCHEDULE = tracking.earned_schedule_history(P)
ES_NOW = SCHEDULE[SCHEDULE["week"] == WEEK].set_index("project_id")
# every threshold is the policy's: the variance tolerance for breaches, the RAG for colours
POLICY = pmo.governance.load_policy()
TOLERANCE = (POLICY.schedule_tolerance, POLICY.cost_tolerance)
BREACHES = tracking.first_breaches(HISTORY, *TOLERANCE).set_index("project_id")
RAG = pmo.reporting.rag_history(P, POLICY)
RAG_NOW = RAG[RAG["week"] == WEEK].set_index("project_id")
# the watermelon, as the simulator cast it: softening the RAG by two steps is its trait alone
WATERMELON = P.drivers.loc[P.drivers["rag_optimism"] == 2, "project_id"].item()
W = NOW.loc[WATERMELON]
# the step-in question's project: its breach that holds began after a first breach had closed
STEP_IN = "P08"
P08_FIGURES = HISTORY[(HISTORY["project_id"] == STEP_IN) & HISTORY["cpi"].notna()]
FIRST_FIGURES = int(P08_FIGURES["week"].min())
BELOW_RED = (P08_FIGURES["spi"] < POLICY.schedule.red) | (P08_FIGURES["cpi"] < POLICY.cost.red)
FIRST_BELOW_RED = int(P08_FIGURES.loc[BELOW_RED, "week"].min())
STEP_IN_WEEK = int(BREACHES.at[STEP_IN, "step_in_week"])


def figures(project):
    row = NOW.loc[project]
    return tracking.evm(bac=row["bac"], pv=row["pv"], ev=row["ev"], ac=row["ac"])


# -- lesson 02: planning, recomputed here from the tables ----------------------------------

ONE = P.subset("P01")
PLAN = planning.critical_path(ONE.tasks, ONE.dependencies)
DURATION = PLAN["ef"].max()  # the largest early finish
T18 = PLAN.loc["P01-T18"]
EST = ONE.tasks.set_index("task_id")
O30, M30, P30 = EST.loc["P01-T30", ["optimistic_days", "most_likely_days", "pessimistic_days"]]
# classical PERT by hand: CPM on the means, variances summed along the critical path
MEAN = (EST["optimistic_days"] + 4 * EST["most_likely_days"] + EST["pessimistic_days"]) / 6
STD = (EST["pessimistic_days"] - EST["optimistic_days"]) / 6
MEANS = ONE.tasks.drop(columns="duration_days").assign(duration=MEAN.to_numpy())
MEAN_PLAN = planning.critical_path(MEANS, ONE.dependencies)
MEAN_PATH = planning.critical_paths(MEANS, ONE.dependencies)[0]
MEAN_FINISH = MEAN_PLAN["ef"].max()
PATH_SIGMA = math.sqrt((STD[MEAN_PATH] ** 2).sum())
CHANCE = NormalDist(MEAN_FINISH, PATH_SIGMA).cdf(DURATION)
# the architects' weekly demand in the baseline, every project added
BASELINE = planning.portfolio_schedule(P, week=0)
LOADING = planning.resource_loading(BASELINE, P.assignments, by_project=True)
ARC_CAPACITY = P.roles.set_index("role_id").at["ARC", "capacity_days_per_week"]
ARC = LOADING[LOADING["role_id"] == "ARC"]
ARC_WEEKLY = ARC.groupby("week")["demand_days"].sum()
ARC_OVER = int((ARC_WEEKLY > ARC_CAPACITY).sum())


# -- expected answers are the analytics' -------------------------------------------------

EXPECTED = [
    pytest.param("02.duration", DURATION, id="duration"),
    pytest.param("02.total_float", T18["ls"] - T18["es"], id="total_float"),
    pytest.param("02.pert_mean", (O30 + 4 * M30 + P30) / 6, id="pert_mean"),
    pytest.param("02.probability", CHANCE, id="probability"),
    pytest.param("02.overbooked_weeks", ARC_OVER, id="overbooked_weeks"),
    pytest.param("03.watermelon", WATERMELON, id="watermelon"),
    pytest.param("03.cpi", W["ev"] / W["ac"], id="cpi"),
    pytest.param("03.spi_t", ES_NOW.at[WATERMELON, "es"] / ES_NOW.at[WATERMELON, "at"], id="spi_t"),
    pytest.param("03.step_in", STEP_IN_WEEK, id="step_in"),
    pytest.param("03.eac_one_off", figures("P08")["eac_atypical"], id="eac_one_off"),
    pytest.param("03.eac_deadline", figures("P02")["eac_cpi_spi"], id="eac_deadline"),
]


def _tested_here(question_id: str) -> bool:
    """Lessons 02 and 03 are tested in this file; a later lesson has its own
    tests/test_checks_lessonNN.py, which must cover it as this file covers these."""
    own_file = Path(__file__).with_name(f"test_checks_lesson{question_id[:2]}.py")
    return not own_file.exists()


def test_every_question_has_an_expected_value_here():
    here = {qid for qid in checks.registry()["id"] if _tested_here(qid)}
    assert {p.values[0] for p in EXPECTED} == here


@pytest.mark.parametrize(("qid", "value"), EXPECTED)
def test_expected_value_is_the_analytics_value(qid, value):
    assert_expected_is(qid, value, rel=1e-12)


@pytest.mark.parametrize(("qid", "value"), EXPECTED)
def test_the_right_answer_is_correct(qid, value):
    assert_right_answer_is_correct(qid, value)


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        pytest.param("02.duration", int(DURATION), id="duration-int"),
        pytest.param("02.total_float", T18["lf"] - T18["ef"], id="float-lf-ef"),
        pytest.param("02.pert_mean", round((O30 + 4 * M30 + P30) / 6, 2), id="pert-two-decimals"),
        pytest.param("02.probability", round(CHANCE, 2), id="chance-two-decimals"),
        pytest.param("02.overbooked_weeks", np.int64(ARC_OVER), id="weeks-numpy-int"),
        pytest.param("03.cpi", round(W["ev"] / W["ac"], 2), id="cpi-two-decimals"),
        pytest.param("03.cpi", np.float64(W["ev"] / W["ac"]), id="cpi-numpy-float"),
        pytest.param("03.spi_t", round(ES_NOW.at[WATERMELON, "spi_t"], 2), id="spi_t-rounded"),
        pytest.param("03.watermelon", f" {WATERMELON.lower()} ", id="id-any-case"),
        pytest.param("03.step_in", BREACHES.at[STEP_IN, "step_in_week"], id="week-Int64"),
        pytest.param("03.step_in", float(STEP_IN_WEEK), id="week-float"),
        pytest.param("03.eac_one_off", round(figures("P08")["eac_atypical"]), id="eac-whole-euros"),
    ],
)
def test_reasonable_forms_of_the_right_answer_are_correct(qid, answer):
    assert check(qid, answer).correct


# -- each usual mistake is named, and the answer is not given away ---------------------------

P08, P02 = figures("P08"), figures("P02")
R08, R02 = NOW.loc["P08"], NOW.loc["P02"]
RED = RAG_NOW["overall_rag"] == "red"
HONEST_RED = RAG_NOW.index[RED & (RAG_NOW["reported_rag"] == "red")][0]
ONE_STEP_SHORT = RAG_NOW.index[RED & (RAG_NOW["reported_rag"] == "amber")][0]
NOT_RED_INSIDE = RAG_NOW.index[~RED & (RAG_NOW["reported_rag"] == "green")][0]

MISTAKES = [
    pytest.param(
        "02.duration", "sum_of_durations", ONE.tasks["duration_days"].sum(), id="duration-sum"
    ),
    pytest.param(
        "02.duration",
        "lags_ignored",
        planning.critical_path(ONE.tasks, ONE.dependencies.assign(lag_days=0))["ef"].max(),
        id="duration-no-lags",
    ),
    pytest.param(
        "02.duration",
        "all_finish_to_start",
        planning.critical_path(ONE.tasks, ONE.dependencies.assign(type="FS"))["ef"].max(),
        id="duration-all-fs",
    ),
    pytest.param("02.duration", "in_weeks", DURATION / 5, id="duration-weeks"),
    pytest.param("02.total_float", "free_float", T18["free_float"], id="float-free"),
    pytest.param(
        "02.total_float", "counted_to_project_end", DURATION - T18["ef"], id="float-to-end"
    ),
    pytest.param("02.total_float", "lf_minus_es", T18["lf"] - T18["es"], id="float-lf-es"),
    pytest.param("02.total_float", "ls_minus_ef", T18["ls"] - T18["ef"], id="float-ls-ef"),
    pytest.param("02.total_float", "in_weeks", (T18["lf"] - T18["ef"]) / 5, id="float-weeks"),
    pytest.param("02.pert_mean", "most_likely", M30, id="pert-most-likely"),
    pytest.param("02.pert_mean", "simple_average", (O30 + M30 + P30) / 3, id="pert-average"),
    pytest.param("02.pert_mean", "std_for_mean", (P30 - O30) / 6, id="pert-std"),
    pytest.param("02.probability", "probability_in_percent", 100 * CHANCE, id="chance-percent"),
    pytest.param("02.probability", "chance_of_being_late", 1 - CHANCE, id="chance-late"),
    pytest.param(
        "02.probability",
        "most_likely_as_mean",
        NormalDist(DURATION, PATH_SIGMA).cdf(DURATION),
        id="chance-most-likely",
    ),
    pytest.param(
        "02.probability",
        "variance_of_every_task",
        NormalDist(MEAN_FINISH, math.sqrt((STD**2).sum())).cdf(DURATION),
        id="chance-every-task",
    ),
    pytest.param(
        "02.probability",
        "standard_deviations_summed",
        NormalDist(MEAN_FINISH, STD[MEAN_PATH].sum()).cdf(DURATION),
        id="chance-stds-summed",
    ),
    pytest.param(
        "02.overbooked_weeks",
        "every_role",
        len(planning.overallocations(LOADING, P.roles)),
        id="arc-every-role",
    ),
    pytest.param(
        "02.overbooked_weeks",
        "one_project_at_a_time",
        ARC.loc[ARC["demand_days"] > ARC_CAPACITY, "week"].nunique(),
        id="arc-one-project",
    ),
    pytest.param(
        "02.overbooked_weeks",
        "at_capacity_counted",
        int((ARC_WEEKLY >= ARC_CAPACITY).sum()),
        id="arc-at-capacity",
    ),
    pytest.param("03.watermelon", "unknown_project", "P99", id="watermelon-unknown"),
    pytest.param("03.watermelon", "honest_red", HONEST_RED, id="watermelon-honest-red"),
    pytest.param("03.watermelon", "one_step_short", ONE_STEP_SHORT, id="watermelon-amber-over-red"),
    pytest.param("03.watermelon", "not_red_inside", NOT_RED_INSIDE, id="watermelon-not-red"),
    pytest.param("03.cpi", "ev_ac_swapped", W["ac"] / W["ev"], id="cpi-ac-over-ev"),
    pytest.param("03.cpi", "pv_for_ev", W["pv"] / W["ac"], id="cpi-pv-for-ev"),
    pytest.param("03.cpi", "spi_for_cpi", W["ev"] / W["pv"], id="cpi-gave-spi"),
    pytest.param(
        "03.cpi", "reported_progress", REPORTED_NOW.at[WATERMELON, "cpi"], id="cpi-reported"
    ),
    pytest.param("03.cpi", "index_in_percent", 100 * W["ev"] / W["ac"], id="cpi-percent"),
    pytest.param("03.spi_t", "money_spi", W["spi"], id="spi_t-money-spi"),
    pytest.param(
        "03.spi_t",
        "es_at_swapped",
        ES_NOW.at[WATERMELON, "at"] / ES_NOW.at[WATERMELON, "es"],
        id="spi_t-at-over-es",
    ),
    pytest.param(
        "03.spi_t", "portfolio_clock", ES_NOW.at[WATERMELON, "es"] / WEEK, id="spi_t-portfolio-at"
    ),
    pytest.param("03.spi_t", "sv_t_for_spi_t", ES_NOW.at[WATERMELON, "sv_t"], id="spi_t-gave-sv_t"),
    pytest.param(
        "03.spi_t", "index_in_percent", 100 * ES_NOW.at[WATERMELON, "spi_t"], id="spi_t-percent"
    ),
    pytest.param("03.step_in", "status_week", WEEK, id="step_in-today"),
    pytest.param("03.step_in", "red_line", FIRST_BELOW_RED, id="step_in-rag-red-line"),
    pytest.param(
        "03.step_in",
        "breach_that_closed",
        int(BREACHES.at[STEP_IN, "first_cost_breach"]),
        id="step_in-first-breach-ever",
    ),
    pytest.param("03.step_in", "inside_the_breach", STEP_IN_WEEK + 1, id="step_in-too-late"),
    pytest.param("03.step_in", "within_tolerance", FIRST_FIGURES, id="step_in-first-figures"),
    pytest.param(
        "03.step_in", "before_its_figures", FIRST_FIGURES - 1, id="step_in-before-figures"
    ),
    pytest.param(
        "03.eac_one_off", "bac_over_cpi_when_atypical", P08["eac_cpi"], id="one_off-bac-over-cpi"
    ),
    pytest.param(
        "03.eac_one_off",
        "schedule_driven_when_atypical",
        P08["eac_cpi_spi"],
        id="one_off-cpi-x-spi",
    ),
    pytest.param("03.eac_one_off", "bac_as_eac", R08["bac"], id="one_off-bac"),
    pytest.param("03.eac_one_off", "etc_as_eac", R08["bac"] - R08["ev"], id="one_off-etc"),
    pytest.param("03.eac_one_off", "ac_plus_bac", R08["ac"] + R08["bac"], id="one_off-ac-plus-bac"),
    pytest.param(
        "03.eac_deadline", "bac_over_cpi_under_deadline", P02["eac_cpi"], id="deadline-bac-over-cpi"
    ),
    pytest.param(
        "03.eac_deadline", "atypical_under_deadline", P02["eac_atypical"], id="deadline-atypical"
    ),
    pytest.param(
        "03.eac_deadline",
        "spi_only",
        R02["ac"] + (R02["bac"] - R02["ev"]) / R02["spi"],
        id="deadline-spi-only",
    ),
    pytest.param("03.eac_deadline", "bac_as_eac", R02["bac"], id="deadline-bac"),
    pytest.param("03.eac_deadline", "etc_as_eac", R02["bac"] - R02["ev"], id="deadline-etc"),
    pytest.param(
        "03.eac_deadline", "ac_plus_bac", R02["ac"] + R02["bac"], id="deadline-ac-plus-bac"
    ),
]


def test_every_misconception_has_a_wrong_answer_here():
    covered = {(p.values[0], p.values[1]) for p in MISTAKES}
    declared = {
        (q, m.name)
        for q in checks.registry()["id"]
        if _tested_here(q)
        for m in question(q).misconceptions
    }
    assert covered == declared


@pytest.mark.parametrize(("qid", "mistake", "answer"), MISTAKES)
def test_each_mistake_is_named_without_giving_the_answer(qid, mistake, answer):
    assert_mistake_named(qid, mistake, answer)


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        pytest.param("03.cpi", 0.123, id="cpi"),
        pytest.param("03.step_in", WEEK + 1, id="step_in-next-week"),
    ],
)
def test_a_wrong_answer_no_detector_knows_gets_the_general_message(qid, answer):
    feedback = check(qid, answer)
    assert feedback.status == "incorrect" and feedback.mistake is None
    assert feedback.message.startswith(question(qid).wrong)
    assert feedback.message.endswith(f"Stuck? hints('{qid}') gives the next hint.")


def test_the_step_in_question_needs_the_breach_that_holds():
    """Its answer is neither the first week of the project's figures nor its first breach
    (on the watermelon, whose breach began with its figures, it would be both)."""
    first_breach = BREACHES.loc[STEP_IN, ["first_schedule_breach", "first_cost_breach"]].min()
    assert STEP_IN_WEEK not in {FIRST_FIGURES, int(first_breach), WEEK}
    assert FIRST_FIGURES < int(first_breach) < STEP_IN_WEEK < FIRST_BELOW_RED < WEEK


def test_the_watermelon_is_the_policys():
    """Lesson 03 and the assignment use the policy's rule (rag.watermelon), as module 05 does."""
    assert list(RAG_NOW.index[RAG_NOW["watermelon"]]) == [WATERMELON]
    assert question("03.watermelon").expected(teaching_context()) == WATERMELON


# -- unanswered, type and shape ----------------------------------------------------------------


@pytest.mark.parametrize("answer", [..., None], ids=["ellipsis", "none"])
def test_unanswered_is_neutral(answer):
    feedback = check("03.cpi", answer)
    assert feedback.status == "unanswered" and not feedback.correct and feedback.mistake is None
    assert feedback.text.startswith("[03.cpi] Not answered yet: ")


@pytest.mark.parametrize(
    ("qid", "answer", "says"),
    [
        pytest.param("03.cpi", "0.46", "text (in quotes)", id="number-as-text"),
        pytest.param("03.cpi", "46%", "percent sign", id="percent-string"),
        pytest.param("03.cpi", True, "True or False", id="bool"),
        pytest.param("03.cpi", NOW["cpi"], "12 values", id="whole-column"),
        pytest.param("03.cpi", NOW.loc[[WATERMELON], "cpi"], ".item()", id="one-value-series"),
        pytest.param("03.cpi", NOW.loc[NOW.index == "P99", "cpi"], "empty", id="empty-filter"),
        pytest.param("03.cpi", NOW.loc[[WATERMELON], ["cpi"]], "table of 1 rows", id="frame"),
        pytest.param("03.cpi", figures(WATERMELON), "dict of figures", id="evm-dict"),
        pytest.param("03.cpi", float("nan"), "missing", id="nan"),
        pytest.param("03.cpi", [0.5, 0.6], "2 values", id="list"),
        pytest.param("03.cpi", object(), "not a value of type object", id="object"),
        pytest.param("03.step_in", 12.5, "whole number", id="fractional-week"),
        pytest.param("03.step_in", pd.NA, "missing", id="pd-NA"),
        pytest.param("03.watermelon", 11, "text such as a project id", id="id-as-number"),
        pytest.param("03.watermelon", ["P01", "P02"], "2 values", id="several-ids"),
    ],
)
def test_type_then_shape_is_explained_before_the_value(qid, answer, says):
    feedback = check(qid, answer)
    assert feedback.status == "incorrect" and feedback.mistake == "type_or_shape"
    assert says in feedback.message
    assert feedback.message[0].isupper()


def test_a_column_of_the_right_values_is_a_shape_problem_not_a_wrong_value():
    """UBC order: even a list holding the right number is first told it is a list."""
    feedback = check("03.cpi", [W["cpi"], W["cpi"]])
    assert feedback.mistake == "type_or_shape"


def test_unknown_question_lists_the_known_ones():
    with pytest.raises(KeyError, match=r"no question '03\.cpj': did you mean '03\.cpi'\?"):
        check("03.cpj", 1.0)


def test_a_mistyped_id_is_one_line_with_the_closest_ids_in_a_notebook():
    from pmo_exercises.checks import UnknownQuestion

    assert check(" 03.CPI", ...).status == "unanswered"  # case and spaces are no mistake
    with pytest.raises(UnknownQuestion) as caught:
        check("03.cpl", 1.0)
    lines = caught.value._render_traceback_()  # what IPython shows instead of a traceback
    assert len(lines) == 1 and "'03.cpi'" in lines[0] and "lesson 03 has 03." in lines[0]
    with pytest.raises(UnknownQuestion, match=r"no question '09\.cpi'"):
        Hints(path=False)("09.cpi")


# -- hints ------------------------------------------------------------------------------------


def test_hints_go_level_by_level_then_stop():
    hints = Hints()
    levels = question("03.cpi").hints
    shown = [hints("03.cpi") for _ in range(len(levels) + 2)]
    assert [h.level for h in shown] == [1, 2, 3, 3, 3]
    assert [h.hints_left for h in shown] == [2, 1, 0, 0, 0]
    for hint, text in zip(shown, [*levels, levels[-1], levels[-1]], strict=True):
        assert text in hint.message
    assert "last hint" in shown[-1].message and "last hint" not in shown[0].message
    assert hints.left("03.cpi") == 0 and hints.left("03.spi_t") == 3


def test_hints_seen_survive_a_kernel_restart(tmp_path):
    store = tmp_path / "hints.json"
    before = Hints(path=store)
    before("03.cpi")
    before("03.cpi")
    after = Hints(path=store)  # a new kernel: a new object, the same file
    assert after.left("03.cpi") == 1 and after("03.cpi").level == 3
    # another lesson's kernel sees its own hints and keeps these
    other = Hints(path=store)
    other("04.emv")
    assert Hints(path=store).left("03.cpi") == 0 and Hints(path=store).left("04.emv") == 2
    after.reset()
    assert Hints(path=store).left("03.cpi") == 3 and not store.exists()


def test_hints_default_to_the_users_config_never_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    Hints()("03.cpi")
    assert json.loads((tmp_path / "pmo" / "hints.json").read_text()) == {"03.cpi": 1}


def test_hints_work_where_nothing_can_be_written(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    hints = Hints(path=blocked / "hints.json")  # its folder cannot be made
    assert [hints("03.cpi").level for _ in range(2)] == [1, 2]


def test_hints_are_kept_per_question_and_per_object():
    one, two = Hints(path=False), Hints(path=False)
    one("03.cpi")
    one("03.cpi")
    assert one("03.spi_t").level == 1
    assert two("03.cpi").level == 1, "no state shared between Hints objects"
    one.reset("03.cpi")
    assert one("03.cpi").level == 1
    one.reset()
    assert one.left("03.spi_t") == 3
    assert "03.cpi: 1" in repr(two)


def test_check_counts_the_hints_left_of_the_lessons_hints():
    hints = Hints()
    assert check("03.cpi", 0.123, hint=hints).hints_left == 3
    hints("03.cpi")
    feedback = check("03.cpi", 0.123, hint=hints)
    assert feedback.hints_left == 2 and "(2 left)" in feedback.message
    for _ in range(3):
        hints("03.cpi")
    assert "hints(" not in check("03.cpi", 0.123, hint=hints).message


def test_every_question_has_three_hint_levels_and_a_why():
    for qid in checks.registry()["id"]:
        q = question(qid)
        assert len(q.hints) == 3 and q.why and q.prompt


# -- display -----------------------------------------------------------------------------------


def test_outside_a_notebook_feedback_is_printed_once(capsys):
    feedback = check("03.cpi", ...)
    assert capsys.readouterr().out == feedback.text + "\n"
    feedback._ipython_display_()  # the last line of a cell: already shown, not again
    assert capsys.readouterr().out == ""


def test_html_box_escapes_the_message():
    feedback = Feedback("03.cpi", "incorrect", "EV < AC & more")
    assert "EV &lt; AC &amp; more" in feedback.html() and "pmo-check-incorrect" in feedback.html()
    assert str(feedback) == "[03.cpi] Not yet: EV < AC & more"


def test_registry_lists_every_question_with_its_expected_value():
    table = checks.registry("03")
    assert list(table.columns[:4]) == ["id", "prompt", "kind", "expected"]
    assert table.set_index("id").at["03.cpi", "expected"] == pytest.approx(W["cpi"])
    assert "ev_ac_swapped" in table.set_index("id").at["03.cpi", "misconceptions"]
    assert checks.registry("99").empty


def test_importing_the_checks_stays_light():
    code = (
        "import sys, pmo_exercises, pmo_exercises.checks; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'numpy', 'IPython', 'plotly'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_question_definitions_are_validated():
    with pytest.raises(ValueError, match="kind must be one of"):
        checks.Question("99.x", "?", lambda ctx: 1, "why", ("hint",), kind="date")
    with pytest.raises(ValueError, match="at least one hint"):
        checks.Question("99.x", "?", lambda ctx: 1, "why", ())
    assert not math.isnan(question("03.cpi").expected(teaching_context()))
