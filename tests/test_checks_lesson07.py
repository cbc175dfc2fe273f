"""Lesson 07's questions: expected values are the analytics', every usual mistake is named.

Mirrors ``tests/test_checks.py`` for the questions of ``checks/lesson07.py``.
Every figure is recomputed here from the teaching portfolio with
:func:`pmo_exercises.simulate`, :mod:`pmo_exercises.scenarios` and the
analytics, independently of the module under test.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

import pmo_exercises as pmo
from pmo_exercises import planning, reporting, tracking
from pmo_exercises.checks import check, question
from pmo_exercises.checks.lesson07 import OPTIONS, Capstone, capstone, option_name
from tests._checks_helpers import lesson_questions, lesson_tests

P = pmo.load_portfolio()
SEED, WEEKS = 7, 12
DECISIONS = {
    "do nothing": P,
    "add an architect": pmo.scenarios.add_capacity(P, "ARC", people=1),
    "pause P12": pmo.scenarios.pause_project(P, "P12"),
    "P06 first": pmo.scenarios.reprioritise(P, "P06", priority=1),
}
RUNS = {name: pmo.simulate(q, weeks=WEEKS, seed=SEED) for name, q in DECISIONS.items()}
END = P.status_week + WEEKS


def dashboard(p):
    return reporting.portfolio_dashboard(p).set_index("project_id")


def slip(p, basis="actual"):
    return planning.project_slip(planning.portfolio_schedule(p, basis=basis))


def at_end(p):
    h = tracking.earned_value_history(p)
    return h[h["week"] == p.status_week].set_index("project_id")


DASH = {name: dashboard(r) for name, r in RUNS.items()}
TODAY = dashboard(P)
SLIP = {name: slip(r) for name, r in RUNS.items()}
EARNED = {name: at_end(r) for name, r in RUNS.items()}

# -- 1. reds if nothing is done --------------------------------------------------------------
RED = int((DASH["do nothing"]["overall_rag"] == "red").sum())
REPORTED_RED = int((DASH["do nothing"]["reported_rag"] == "red").sum())
RED_TODAY = int((TODAY["overall_rag"] == "red").sum())
RED_OR_AMBER = int(DASH["do nothing"]["overall_rag"].isin(["red", "amber"]).sum())

# -- 2. the architect, against doing nothing --------------------------------------------------
S0, S1 = SLIP["do nothing"].loc["P10"], SLIP["add an architect"].loc["P10"]
GAIN = float(S0["finish_slip_days"] - S1["finish_slip_days"])
AGAINST_PLAN = float(S1["finish_slip_days"])  # the intervention's slip against the baseline
CALENDAR = (S0["forecast_finish"] - S1["forecast_finish"]).days
REPORTED_GAIN = float(
    slip(RUNS["do nothing"], "reported").at["P10", "finish_slip_days"]
    - slip(RUNS["add an architect"], "reported").at["P10", "finish_slip_days"]
)

# -- 3. the knock-on of putting P06 first ----------------------------------------------------
changed = DASH["P06 first"]["overall_rag"] != DASH["do nothing"]["overall_rag"]
RECOLOURED = sorted(DASH["P06 first"].index[changed])
REPORTED_CHANGE = sorted(
    DASH["P06 first"].index[DASH["P06 first"]["reported_rag"] != DASH["do nothing"]["reported_rag"]]
)
SINCE_TODAY = sorted(
    set(DASH["P06 first"].index[DASH["P06 first"]["overall_rag"] != TODAY["overall_rag"]])
    - set(RECOLOURED)
)

# -- 4. what a pause delivers --------------------------------------------------------------
EV_CHANGE = float(EARNED["pause P12"]["ev"].sum() - EARNED["do nothing"]["ev"].sum())
AC_CHANGE = float(EARNED["pause P12"]["ac"].sum() - EARNED["do nothing"]["ac"].sum())
P12_ONLY = float(EARNED["pause P12"].at["P12", "ev"] - EARNED["do nothing"].at["P12", "ev"])
NOW_EV = tracking.earned_value_history(P)
EV_TODAY = float(NOW_EV[NOW_EV["week"] == P.status_week]["ev"].sum())
QUARTER = float(EARNED["pause P12"]["ev"].sum() - EV_TODAY)

# -- 5. the best option ----------------------------------------------------------------------
TOTAL_SLIP = {name: float(s["finish_slip_days"].sum()) for name, s in SLIP.items()}
BEST = min(TOTAL_SLIP, key=TOTAL_SLIP.get)
SPEND = {name: float(e["ac"].sum()) for name, e in EARNED.items()}

LESSON = lesson_questions("07")


def test_the_options_are_the_lessons_decisions():
    assert list(OPTIONS) == list(DECISIONS)
    c = capstone()
    for name, q in DECISIONS.items():
        assert c.option(name).digest() == q.digest(), name
        assert c.run(name).status_week == END


def test_the_cases_differ_so_each_mistake_is_its_own_figure():
    assert len({RED, REPORTED_RED, RED_TODAY, RED_OR_AMBER}) == 4
    assert GAIN > 0.5, "the architect should help P10 against doing nothing"
    assert len({round(abs(x), 1) for x in (GAIN, AGAINST_PLAN, CALENDAR, REPORTED_GAIN)}) == 4
    assert RECOLOURED == ["P10"], "exactly one project should change colour: not P06"
    assert REPORTED_CHANGE and "P10" not in REPORTED_CHANGE and SINCE_TODAY
    # a pause spends less and delivers less, and the gap between the two is the lesson
    assert AC_CHANGE < 0 and EV_CHANGE < 0 and P12_ONLY < EV_CHANGE
    values = (EV_CHANGE, -AC_CHANGE, AC_CHANGE, P12_ONLY, QUARTER, -EV_CHANGE)
    assert len({round(v, -2) for v in values}) == 6
    # the best option is neither the cheapest this quarter nor the one that helps P06
    assert BEST == "add an architect" and sorted(TOTAL_SLIP.values())[0] < TOTAL_SLIP["do nothing"]
    assert min(SPEND, key=SPEND.get) == "pause P12"
    assert len(set(TOTAL_SLIP.values())) == 4


def test_an_unknown_option_is_refused_with_the_list_of_options():
    with pytest.raises(KeyError, match="no option 'hire'; the options are 'do nothing', "):
        capstone().run("hire")


def test_the_same_seed_gives_the_same_future_and_another_seed_another():
    again = pmo.simulate(DECISIONS["do nothing"], weeks=WEEKS, seed=SEED)
    assert again.digest() == RUNS["do nothing"].digest()
    other = pmo.simulate(DECISIONS["do nothing"], weeks=WEEKS, seed=SEED + 1)
    assert other.digest() != RUNS["do nothing"].digest()


def test_a_capstone_on_another_seed_gives_its_own_figures():
    c = Capstone(P, seed=SEED + 1, weeks=4)
    assert c.run("do nothing").status_week == P.status_week + 4
    assert c.run("do nothing").digest() == pmo.simulate(P, weeks=4, seed=SEED + 1).digest()


# -- expected answers are the analytics' -------------------------------------------------

EXPECTED = [
    pytest.param("07.red_if_nothing", RED, id="red_if_nothing"),
    pytest.param("07.architect_gain", GAIN, id="architect_gain"),
    pytest.param("07.knock_on", RECOLOURED[0], id="knock_on"),
    pytest.param("07.pause_value", EV_CHANGE, id="pause_value"),
    pytest.param("07.best_option", BEST, id="best_option"),
]


RIGHT_FORMS = [
    pytest.param("07.red_if_nothing", np.int64(RED), id="red-numpy"),
    pytest.param("07.red_if_nothing", float(RED), id="red-float"),
    pytest.param("07.architect_gain", round(GAIN, 1), id="gain-rounded"),
    pytest.param("07.architect_gain", np.float64(GAIN), id="gain-numpy"),
    pytest.param("07.knock_on", f" {RECOLOURED[0].lower()} ", id="knock-lower"),
    pytest.param("07.pause_value", round(EV_CHANGE, -1), id="pause-tens"),
    pytest.param("07.best_option", "  Add an  Architect ", id="best-case"),
]


# -- each usual mistake is named, and the answer is not given away ---------------------------

MISTAKES = [
    pytest.param("07.red_if_nothing", "reported_rag", REPORTED_RED, id="red-reported"),
    pytest.param("07.red_if_nothing", "today_not_quarter_end", RED_TODAY, id="red-today"),
    pytest.param("07.red_if_nothing", "amber_counted", RED_OR_AMBER, id="red-amber"),
    pytest.param("07.architect_gain", "against_the_plan", -AGAINST_PLAN, id="gain-plan"),
    pytest.param("07.architect_gain", "against_the_plan", AGAINST_PLAN, id="gain-plan-abs"),
    pytest.param("07.architect_gain", "calendar_days", float(CALENDAR), id="gain-calendar"),
    pytest.param("07.architect_gain", "reported_basis", REPORTED_GAIN, id="gain-reported"),
    pytest.param("07.architect_gain", "sign_reversed", -GAIN, id="gain-sign"),
    pytest.param("07.knock_on", "the_project_helped", "P06", id="knock-p06"),
    pytest.param("07.knock_on", "reported_rag", REPORTED_CHANGE[0], id="knock-reported"),
    pytest.param("07.knock_on", "no_knock_on", "none", id="knock-none"),
    pytest.param("07.knock_on", "against_today", SINCE_TODAY[0], id="knock-today"),
    pytest.param("07.pause_value", "saved_cost_as_value", -AC_CHANGE, id="pause-saving"),
    pytest.param("07.pause_value", "spend_not_work", AC_CHANGE, id="pause-spend"),
    pytest.param("07.pause_value", "paused_project_only", P12_ONLY, id="pause-p12"),
    pytest.param("07.pause_value", "quarter_earned", QUARTER, id="pause-quarter"),
    pytest.param("07.pause_value", "sign_reversed", -EV_CHANGE, id="pause-sign"),
    pytest.param("07.best_option", "least_spend", "pause P12", id="best-spend"),
    pytest.param("07.best_option", "the_project_helped", "P06 first", id="best-p06"),
    pytest.param("07.best_option", "nothing_as_safe", "do nothing", id="best-nothing"),
    pytest.param("07.best_option", "not_an_option", "hire a consultant", id="best-unknown"),
]


def _forms(expected):
    """The expected value as a message could write it (an option name as itself)."""
    if isinstance(expected, str):
        return [expected, expected.lstrip("P")] if expected.startswith("P") else [expected]
    from tests._lesson_tests import number_forms

    return number_forms(expected)


# wrong answers that no mistake explains
UNKNOWN = [
    pytest.param("07.red_if_nothing", 0, id="red"),
    pytest.param("07.architect_gain", 123.0, id="gain"),
    pytest.param("07.knock_on", "P99", id="knock"),
    pytest.param("07.pause_value", 123.0, id="pause"),
]


def test_a_text_answer_that_is_not_one_wants_text():
    feedback = check("07.best_option", 3)
    assert feedback.status == "incorrect" and feedback.mistake == "type_or_shape"


def test_option_names_are_compared_loosely():
    assert option_name(" 'Pause  P12' ") == "pause p12"
    assert {option_name(o) for o in OPTIONS} == {
        "do nothing",
        "add an architect",
        "pause p12",
        "p06 first",
    }


# -- the tests every lesson's questions must pass, on the data above (tests/_checks_helpers.py)
globals().update(
    lesson_tests(
        "07",
        expected=EXPECTED,
        right_forms=RIGHT_FORMS,
        mistakes=MISTAKES,
        unknown=UNKNOWN,
        questions=5,
        forms=_forms,
    )
)


def test_a_check_is_fast_once_the_runs_are_built():
    import time

    check("07.best_option", "do nothing")  # builds whatever is missing
    start = time.perf_counter()
    for qid in LESSON:
        check(qid, ...)
        check(qid, "0" if question(qid).kind == "text" else 0)
    assert time.perf_counter() - start < 2.0


# -- what the lesson's prose says about this quarter is true -----------------------------


def test_the_lessons_story_holds_on_its_seed():
    today_report = reporting.steering_report(P)
    pools = today_report.decisions[today_report.decisions["project_id"].isna()]
    weeks = {
        row["subject"]: int(re.search(r"in (\d+) coming week", row["decision"]).group(1))
        for _, row in pools.iterrows()
    }
    assert max(weeks, key=weeks.get) == "ARC" and sorted(weeks.values())[-2] < weeks["ARC"]
    assert RED_TODAY > int((TODAY["reported_rag"] == "red").sum()) and TODAY["watermelon"].any()
    # the architect: P06 gains a couple of days, and P03 exactly as much as P10 (the link)
    gain = SLIP["do nothing"]["finish_slip_days"] - SLIP["add an architect"]["finish_slip_days"]
    assert 1 < gain["P06"] < 3 and gain["P03"] == pytest.approx(gain["P10"])
    links = P.dependencies
    assert ((links["predecessor"].str[:3] == "P03") & (links["successor"].str[:3] == "P10")).any()
    # P06 first: P06 gains, several projects lose, the portfolio earns less
    priority = SLIP["do nothing"]["finish_slip_days"] - SLIP["P06 first"]["finish_slip_days"]
    assert priority["P06"] > 0 and (priority < 0).sum() >= 3
    bill = EARNED["P06 first"]["ev"] - EARNED["do nothing"]["ev"]
    assert bill["P06"] > 0 > bill.sum()
    # the pause: P12 slips by most of the quarter's sixty working days
    pause = SLIP["pause P12"]["finish_slip_days"] - SLIP["do nothing"]["finish_slip_days"]
    assert 30 < pause["P12"] < 60
    # one page: the reds do not separate the options, EV and AC move together
    assert len({int((d["overall_rag"] == "red").sum()) for d in DASH.values()}) == 1
    for name in DECISIONS:
        dev = EARNED[name]["ev"].sum() - EARNED["do nothing"]["ev"].sum()
        dac = EARNED[name]["ac"].sum() - EARNED["do nothing"]["ac"].sum()
        assert dev * dac >= 0, name


def test_the_games_watermelon_is_the_policys_and_its_decisions_replay():
    """The game escalates the watermelon of the policy's rule (module 05's, the teaching
    context's), and a game's decisions played again on a fresh game give its score."""
    from pmo_exercises.checks.context import teaching_context

    game = pmo.game.new_game(P, seed=SEED, weeks=WEEKS)
    facts = game.facts()
    assert list(facts.index[facts["watermelon"]]) == [teaching_context().watermelon]
    assert TODAY["watermelon"].sum() == 1 and TODAY["watermelon"][teaching_context().watermelon]
    game.decide("hire", role_id="ARC", people=1)
    game.decide("escalate", project_id=teaching_context().watermelon)
    while not game.over:
        game.advance()
    again = pmo.game.new_game(P, seed=SEED, weeks=WEEKS).play(game.decisions, until_week=WEEKS)
    assert again.score() == game.score() and [d["week"] for d in game.decisions] == [0, 0]
    # the contract architect at the pool's day rate: 12 weeks x 5 days x 950 EUR
    rate = P.roles.set_index("role_id").at["ARC", "day_rate"]
    assert WEEKS * 5 * rate == 57_000


def test_the_architect_helps_p10_on_every_seed_and_the_lessons_seed_is_the_kindest():
    gains = []
    for seed in range(10):
        runs = [pmo.simulate(DECISIONS[n], weeks=WEEKS, seed=seed) for n in list(DECISIONS)[:2]]
        before, after = (slip(r).at["P10", "finish_slip_days"] for r in runs)
        gains.append(before - after)
    assert min(gains) > 0
    assert max(gains) == pytest.approx(GAIN) and np.median(gains) == pytest.approx(
        GAIN / 2, rel=0.1
    )


# -- the welcome notebook routes each kind of user; the capstone's links lead somewhere --------

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _markdown(name: str) -> str:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("name", ["00_welcome", "07_capstone"])
def test_every_relative_link_leads_to_a_file(name):
    links = [x.split("#")[0] for x in LINK.findall(_markdown(name)) if "://" not in x]
    assert links, "the routes are links"
    assert [x for x in links if not (NOTEBOOKS / x).is_file()] == []


def test_the_welcome_routes_each_kind_of_user():
    text = _markdown("00_welcome")
    routes = re.split(r"\*\*(?=A [a-z -]+\.\*\*)", text.split("## Where to go next")[1])
    by_user = {r.split(".**")[0]: r for r in routes[1:]}
    assert set(by_user) == {
        "A trainee with a coach",
        "A coach or trainer",
        "A self-paced learner",
        "A browser-only learner",
    }
    trainee = by_user["A trainee with a coach"]
    assert "**Assignments** tab" in trainee and "trainee id" in trainee
    assert "JupyterHub" in trainee and "course/README.md" in trainee
    coach = by_user["A coach or trainer"]
    assert "course/README.md" in coach
    for step in ("build", "release", "collect", "grade", "report"):
        assert f"`{step}`" in coach, step
    learner = by_user["A self-paced learner"]
    assert "01 to 07" in learner and "check(" in learner and "solutions/" in learner
    browser = by_user["A browser-only learner"]
    assert "make app" in browser
    pages = {p.name for p in (NOTEBOOKS / "apps").glob("*.ipynb")}
    linked = {Path(x).name for x in LINK.findall(browser)}
    assert pages <= linked, "every scenario page is named for the browser-only learner"


def test_the_coachs_commands_exist():
    out = subprocess.run(
        [sys.executable, "-m", "pmo_exercises.cli", "course", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for step in ("build", "release", "collect", "grade", "report"):
        assert step in out.split("positional arguments")[1], step
