"""Mistakes named by search in the graded assignments' hidden tests.

Every numeric hidden test built from a formula of earned value, PERT or EMV
gives ``grading.expect_*`` the formula and its inputs from the key
(``search=grading.formula(...)``). Here each one is run as the grader runs it
(its hidden code, on the key of a trainee), with wrong answers that no
hand-written mistake lists: at least three distinct ones are named, by the
search, in PMO words and without the expected value or any number but the
formula's own; the right answer passes; a computation that lands on the right
answer is no mistake; and the hand-written mistakes still come first.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises.checks import formulas
from pmo_exercises.checks.search import FormulaSearch, candidates, candidates_each, computations
from pmo_exercises.course import _guard, grading, work
from pmo_exercises.course.identity import GRADING_ENV, TRAINEE_ENV
from tests._lesson_tests import giveaways

SOURCE = Path(__file__).resolve().parent.parent / "course" / "source"
TRAINEES = ["coach", "alice", "bob"]
FAMILIES = {"earned value": formulas.EARNED_VALUE, "pert": formulas.PERT, "emv": formulas.EMV}


@pytest.fixture(autouse=True)
def graded_as(monkeypatch):
    for name in (TRAINEE_ENV, GRADING_ENV, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    work._session.clear()
    _guard._seen.clear()
    yield
    _guard._seen.clear()


@functools.cache
def _cell(assignment: str, grade_id: str) -> tuple[str, str]:
    """The visible and the hidden code of a test cell of the built source notebook."""
    nb = json.loads((SOURCE / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            visible, _, rest = "".join(cell["source"]).partition("### BEGIN HIDDEN TESTS\n")
            return visible, rest.partition("### END HIDDEN TESTS")[0]
    raise KeyError(grade_id)


def _grade(monkeypatch, trainee: str, assignment: str, grade_id: str, **answers) -> str | None:
    """Run the hidden tests of a cell on ``trainee``'s key: the failure message, or None."""
    monkeypatch.setenv(GRADING_ENV, trainee)
    namespace = {"pmo": pmo, "pd": pd, "grading": grading, **answers}
    try:
        exec(_cell(assignment, grade_id)[1], namespace)
    except AssertionError as failed:
        return str(failed)
    return None


# --- the key's figures, as a trainee would compute them right or wrong -------------------


@dataclass
class Figures:
    """What the tests compute their answers from: the trainee's own portfolio."""

    trainee: str

    @functools.cached_property
    def p(self):
        return pmo.load_portfolio(variant=self.trainee)

    @functools.cached_property
    def now(self):
        h = pmo.tracking.earned_value_history(self.p)
        return h[h["week"] == self.p.status_week].set_index("project_id")

    @functools.cached_property
    def started(self):
        return self.now[self.now["ac"] > 0]

    @functools.cached_property
    def told(self):
        h = pmo.tracking.earned_value_history(self.p, basis="reported")
        now = h[h["week"] == self.p.status_week].set_index("project_id")
        return now["ev"].reindex(self.started.index)

    # 02: the review project's network and PERT
    @functools.cached_property
    def network(self):
        active = self.p.projects[self.p.projects["state"] == "active"]
        one = self.p.subset(active.loc[active["bac"].idxmax(), "project_id"])
        return one.tasks, one.dependencies

    def duration(self, days) -> float:
        tasks, links = self.network
        schedule = pmo.planning.critical_path(tasks.assign(duration_days=np.asarray(days)), links)
        return pmo.planning.project_duration(schedule)

    @property
    def omp(self):
        t = self.network[0]
        return t["optimistic_days"], t["most_likely_days"], t["pessimistic_days"]

    @functools.cached_property
    def planned(self) -> float:
        return self.duration(self.network[0]["duration_days"])

    @functools.cached_property
    def deadline(self) -> float:
        return self.planned + 20

    @functools.cached_property
    def mu(self) -> float:
        o, m, x = self.omp
        return self.duration((o + 4 * m + x) / 6)

    @functools.cached_property
    def sigma(self) -> float:
        return _sigma(*self.network)

    # 04: the focus project's open threats
    @functools.cached_property
    def threats(self):
        risks = self.p.risks[self.p.risks["state"] == "open"]
        focus = risks.groupby("project_id").size().idxmax()
        mine = risks[risks["project_id"] == focus].set_index("risk_id")
        scores = pmo.risk.score_portfolio_risks(self.p).set_index("risk_id")
        return mine.join(scores[["probability_score", "impact_score"]])

    @functools.cached_property
    def responses(self):
        """The EMV of the better option of every open threat with a response."""
        r = self.p.risks[(self.p.risks["state"] == "open") & (self.p.risks["response_cost"] > 0)]
        accept = -r["probability"] * r["cost_impact"]
        fund = -(r["response_cost"] + r["probability"] / 2 * r["cost_impact"])
        return np.maximum(accept, fund)

    # 05: the dashboard's projects with a CPI
    @functools.cached_property
    def forecast(self):
        d = pmo.reporting.portfolio_dashboard(self.p).set_index("project_id")
        return self.now.loc[d.index[d["cpi"].notna()]]


def _sigma(tasks, links) -> float:
    """The PERT standard deviation of the longest path of means (the variances summed)."""
    o, m, x = tasks["optimistic_days"], tasks["most_likely_days"], tasks["pessimistic_days"]
    means = tasks.assign(duration_days=(o + 4 * m + x) / 6)
    sd = pd.Series(((x - o) / 6).to_numpy(), index=tasks["task_id"])
    paths = pmo.planning.critical_paths(means, links)
    return max(float((sd[path] ** 2).sum()) for path in paths) ** 0.5


@functools.cache
def figures(trainee: str) -> Figures:
    return Figures(trainee)


Z90 = NormalDist().inv_cdf(0.9)


def _eac(cause: str, wrong=None):
    """A trainee's eac(): right for every cause, or ``wrong(bac, ev, ac, pv)`` for ``cause``."""

    def eac(bac, ev, ac, given, pv=None):
        if given == cause and wrong is not None:
            return wrong(bac, ev, ac, pv)
        cpi = ev / ac
        if given == "typical":
            return bac / cpi
        if given == "atypical":
            return ac + (bac - ev)
        return ac + (bac - ev) / (cpi * (ev / pv))

    return eac


def _fund_or_accept(wrong_fund=None, wrong_accept=None):
    """A trainee's fund_or_accept(): the right choice, with the EMV of one option wrong."""

    def fund_or_accept(probability, impact, response_cost, residual):
        given = (probability, impact, response_cost, residual)
        fund = -(response_cost + residual * impact)
        accept = -probability * impact
        if fund > accept:
            return "fund", wrong_fund(*given) if wrong_fund else fund
        return "accept", wrong_accept(*given) if wrong_accept else accept

    return fund_or_accept


@dataclass(frozen=True)
class Case:
    """A hidden test with a search: its answer's name, the right answer, wrong ones."""

    assignment: str
    grade_id: str
    variable: str
    family: str
    figure: str
    right: object  # f(Figures) -> the right answer
    wrong: dict  # label -> f(Figures) -> a wrong answer no hand-written mistake lists
    expected: object = None  # f(Figures) -> the expected figure(s), for the giveaway check


CASES = [
    Case(
        "02_planning",
        "test_pert_duration",
        "pert_duration",
        "pert",
        "pert_mean",
        right=lambda f: f.mu,
        wrong={
            "O and M swapped": lambda f: f.duration((f.omp[1] + 4 * f.omp[0] + f.omp[2]) / 6),
            "P for M": lambda f: f.duration((f.omp[0] + 4 * f.omp[2] + f.omp[2]) / 6),
            "O for M": lambda f: f.duration((f.omp[0] + 4 * f.omp[0] + f.omp[2]) / 6),
            "CPM on the sigmas": lambda f: f.duration((f.omp[2] - f.omp[0]) / 6),
        },
    ),
    Case(
        "02_planning",
        "test_p_on_time",
        "p_on_time",
        "pert",
        "chance",
        right=lambda f: NormalDist(f.mu, f.sigma).cdf(f.deadline),
        wrong={
            "variance for sigma": lambda f: NormalDist().cdf((f.deadline - f.mu) / f.sigma**2),
            "the z-score": lambda f: (f.deadline - f.mu) / f.sigma,
            "times sigma": lambda f: NormalDist().cdf((f.deadline - f.mu) * f.sigma),
        },
    ),
    Case(
        "02_planning",
        "test_p90_days",
        "p90_days",
        "pert",
        "pert_quantile",
        right=lambda f: f.mu + Z90 * f.sigma,
        wrong={
            "P10": lambda f: f.mu - Z90 * f.sigma,
            "variance for sigma": lambda f: f.mu + Z90 * f.sigma**2,
            "the chance": lambda f: NormalDist(f.mu, f.sigma).cdf(f.deadline),
            "from the deadline": lambda f: f.deadline + Z90 * f.sigma,
        },
    ),
    Case(
        "03_tracking",
        "test_cpi_by_project",
        "cpi_by_project",
        "earned value",
        "cpi",
        right=lambda f: f.started["cpi"],
        wrong={
            "reported EV": lambda f: f.told / f.started["ac"],
            "CV": lambda f: f.started["ev"] - f.started["ac"],
            "EV x AC": lambda f: f.started["ev"] * f.started["ac"],
            "in percent": lambda f: 100 * f.started["cpi"],
            "TCPI": lambda f: f.started["tcpi_bac"],
        },
        expected=lambda f: f.started["cpi"],
    ),
    Case(
        "03_tracking",
        "test_spi_by_project",
        "spi_by_project",
        "earned value",
        "spi",
        right=lambda f: f.started["spi"],
        wrong={
            "reported EV": lambda f: f.told / f.started["pv"],
            "SV": lambda f: f.started["ev"] - f.started["pv"],
            "AC for EV": lambda f: f.started["ac"] / f.started["pv"],
            "in percent": lambda f: 100 * f.started["spi"],
        },
        expected=lambda f: f.started["spi"],
    ),
    Case(
        "03_tracking",
        "test_eac_typical",
        "eac",
        "earned value",
        "eac_cpi",
        right=lambda f: _eac("typical"),
        wrong={
            "the atypical EAC": lambda f: _eac("typical", lambda bac, ev, ac, pv: ac + bac - ev),
            "BAC x CPI": lambda f: _eac("typical", lambda bac, ev, ac, pv: bac * ev / ac),
            "EV for AC": lambda f: _eac(
                "typical", lambda bac, ev, ac, pv: ev + (bac - ev) * ac / ev
            ),
            "work left x CPI": lambda f: _eac(
                "typical", lambda bac, ev, ac, pv: ac + (bac - ev) * ev / ac
            ),
        },
        expected=lambda f: f.started["eac_cpi"],
    ),
    Case(
        "03_tracking",
        "test_eac_atypical",
        "eac",
        "earned value",
        "eac_atypical",
        right=lambda f: _eac("atypical"),
        wrong={
            "work left subtracted": lambda f: _eac(
                "atypical", lambda bac, ev, ac, pv: ac - (bac - ev)
            ),
            "EV added": lambda f: _eac("atypical", lambda bac, ev, ac, pv: ac + bac + ev),
            "the budget": lambda f: _eac("atypical", lambda bac, ev, ac, pv: bac),
            "a typical ETC": lambda f: _eac("atypical", lambda bac, ev, ac, pv: bac * ac / ev - ac),
        },
        expected=lambda f: f.started["eac_atypical"],
    ),
    Case(
        "03_tracking",
        "test_eac_deadline",
        "eac",
        "earned value",
        "eac_cpi_spi",
        right=lambda f: _eac("deadline"),
        wrong={
            "BAC / (CPI x SPI)": lambda f: _eac(
                "deadline", lambda bac, ev, ac, pv: bac / ((ev / ac) * (ev / pv))
            ),
            "PV for EV": lambda f: _eac(
                "deadline", lambda bac, ev, ac, pv: ac + (bac - pv) / ((ev / ac) * (ev / pv))
            ),
            "the atypical EAC": lambda f: _eac("deadline", lambda bac, ev, ac, pv: ac + bac - ev),
            "CPI / SPI": lambda f: _eac(
                "deadline", lambda bac, ev, ac, pv: ac + (bac - ev) / ((ev / ac) / (ev / pv))
            ),
        },
        expected=lambda f: f.started["eac_cpi_spi"],
    ),
    Case(
        "04_risk",
        "test_threat_emv",
        "threat_emv",
        "emv",
        "emv",
        right=lambda f: f.threats["probability"] * -f.threats["cost_impact"],
        wrong={
            "probability score": lambda f: (
                f.threats["probability_score"] * -f.threats["cost_impact"]
            ),
            "impact score": lambda f: f.threats["probability"] * -f.threats["impact_score"],
            "divided by the impact": lambda f: -f.threats["probability"] / f.threats["cost_impact"],
            "no sign": lambda f: f.threats["probability"] * f.threats["cost_impact"],
        },
        expected=lambda f: f.threats["probability"] * -f.threats["cost_impact"],
    ),
    Case(
        "04_risk",
        "test_reserve",
        "reserve",
        "emv",
        "emv",
        right=lambda f: float((f.threats["probability"] * f.threats["cost_impact"]).sum()),
        wrong={
            "probability scores": lambda f: float(
                (f.threats["probability_score"] * f.threats["cost_impact"]).sum()
            ),
            "impact scores": lambda f: float(
                (f.threats["probability"] * f.threats["impact_score"]).sum()
            ),
            "divided by the impacts": lambda f: float(
                (f.threats["probability"] / f.threats["cost_impact"]).sum()
            ),
        },
    ),
    Case(
        "04_risk",
        "test_fund_or_accept_emv",
        "fund_or_accept",
        "emv",
        "fund",
        right=lambda f: _fund_or_accept(),
        wrong={
            "always the EMV of accepting": lambda f: _fund_or_accept(
                wrong_fund=lambda p, i, c, r: -p * i
            ),
            "always the EMV of funding": lambda f: _fund_or_accept(
                wrong_accept=lambda p, i, c, r: -(c + r * i)
            ),
            "funding keeps the whole probability": lambda f: _fund_or_accept(
                wrong_fund=lambda p, i, c, r: -(c + p * i)
            ),
            "the impact as if certain": lambda f: _fund_or_accept(
                wrong_accept=lambda p, i, c, r: -i
            ),
            "the response's cost against the loss": lambda f: _fund_or_accept(
                wrong_fund=lambda p, i, c, r: -(c - r * i)
            ),
        },
        expected=lambda f: f.responses,
    ),
    Case(
        "05_reporting",
        "test_overrun_pct",
        "overrun_pct",
        "earned value",
        "overrun_pct",
        right=lambda f: 100 * (f.forecast["eac_cpi"] - f.forecast["bac"]) / f.forecast["bac"],
        wrong={
            "over the EAC": lambda f: (
                100 * (f.forecast["eac_cpi"] - f.forecast["bac"]) / f.forecast["eac_cpi"]
            ),
            "VAC": lambda f: f.forecast["bac"] - f.forecast["eac_cpi"],
            "BAC added": lambda f: (
                100 * (f.forecast["eac_cpi"] + f.forecast["bac"]) / f.forecast["bac"]
            ),
        },
        expected=lambda f: 100 * (f.forecast["eac_cpi"] - f.forecast["bac"]) / f.forecast["bac"],
    ),
]
IDS = [c.grade_id.removeprefix("test_") for c in CASES]


def _searched_messages(case: Case) -> set[str]:
    """Every message the search can give for the case's formula (whatever the numbers)."""
    family = FAMILIES[case.family]
    figures = [case.figure] + (["accept"] if case.figure == "fund" else [])
    return {m for fig in figures for _, _, m in computations(family, fig, set(family.symbols))}


def _formula_numbers(case: Case) -> set[str]:
    """The numbers the family's own formulas are written with ((O + 4M + P) / 6...)."""
    family = FAMILIES[case.family]
    text = " ".join(f.label for f in family.formulas) + " ".join(family.symbols.values())
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def test_the_cases_are_every_search_of_the_hidden_tests():
    wired = set()
    for path in sorted(SOURCE.glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if "grading.formula(" in "".join(cell["source"]):
                wired.add((path.stem, cell["metadata"]["nbgrader"]["grade_id"]))
    assert wired == {(c.assignment, c.grade_id) for c in CASES}
    for c in CASES:
        hidden = _cell(c.assignment, c.grade_id)[1]
        assert f'grading.formula("{c.family}", ' in hidden, c.grade_id
        assert "grading.formula(" not in _cell(c.assignment, c.grade_id)[0], "hidden only"


@pytest.mark.parametrize("trainee", TRAINEES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_right_answer_still_passes(monkeypatch, case, trainee):
    f = figures(trainee)
    answer = {case.variable: case.right(f)}
    assert _grade(monkeypatch, trainee, case.assignment, case.grade_id, **answer) is None


@pytest.mark.parametrize("trainee", ["alice", "bob"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_three_wrong_computations_nobody_listed_are_named_without_the_answer(
    monkeypatch, case, trainee
):
    f = figures(trainee)
    searched = _searched_messages(case)
    expected = case.expected(f) if case.expected else case.right(f)
    values = list(np.atleast_1d(expected)) if not callable(expected) else []
    allowed = _formula_numbers(case)
    named = {}
    for label, wrong in case.wrong.items():
        answer = {case.variable: wrong(f)}
        message = _grade(monkeypatch, trainee, case.assignment, case.grade_id, **answer)
        assert message is not None, f"{label}: passed"
        _, _, said = message.partition(": ")
        assert said in searched, f"{label}: {message!r} is not the search's"
        named[said] = label
        for value in values:
            for form in giveaways(value):
                assert form not in said, f"{label}: {said!r} gives {form}"
        assert set(re.findall(r"\d+(?:\.\d+)?", said)) <= allowed, f"{label}: {said!r}"
        assert "grading." not in message and "_started" not in message  # no test source
    assert len(named) >= 3, named


def test_the_hand_written_mistake_comes_first(monkeypatch):
    # AC / EV is also the search's "You swapped EV and AC": the coach's message wins
    f = figures("alice")
    swapped = f.started["ac"] / f.started["ev"]
    message = _grade(
        monkeypatch, "alice", "03_tracking", "test_cpi_by_project", cpi_by_project=swapped
    )
    assert message == (
        "cpi_by_project: EV and AC are swapped: CPI = EV / AC (above 1 is under budget)"
    )
    percent = 100 * NormalDist(f.mu, f.sigma).cdf(f.deadline)
    message = _grade(monkeypatch, "alice", "02_planning", "test_p_on_time", p_on_time=percent)
    assert message == "p_on_time: a probability is a fraction between 0 and 1, not a percent"


def test_a_computation_that_lands_on_the_right_answer_is_no_mistake(monkeypatch):
    # CPI x SPI taken as SPI x CPI is the same EAC by another road: right
    swapped = _eac("deadline", lambda bac, ev, ac, pv: ac + (bac - ev) / ((ev / pv) * (ev / ac)))
    assert _grade(monkeypatch, "alice", "03_tracking", "test_eac_deadline", eac=swapped) is None
    # a wrong computation within the tolerance of the right answer is not named, even when
    # the answer matches it: the answer is off by more than the tolerance, not by that mistake
    search = grading.formula("earned value", "cpi", ev=100.0, ac=100.0, pv=100.0 / 1.0008)
    with pytest.raises(AssertionError) as failed:
        grading.expect_number(1.0016, 1.0, what="cpi", rel=1e-3, search=search)
    assert str(failed.value) == "cpi is not right yet"
    # and a Series is named only by a computation that matches it on every id
    ids = pd.Index(["P01", "P02"], name="project_id")
    inputs = pd.DataFrame({"ev": [40.0, 90.0], "ac": [50.0, 60.0], "pv": [45.0, 80.0]}, ids)
    want = inputs["ev"] / inputs["ac"]
    half = pd.Series([inputs["ev"].iloc[0] - inputs["ac"].iloc[0], want.iloc[1] + 0.5], ids)
    search = grading.formula("earned value", "cpi", inputs)
    with pytest.raises(AssertionError, match="is wrong for 2 of 2"):
        grading.expect_series(half, want, what="cpi", search=search)


def test_a_series_search_lines_its_inputs_up_by_id():
    ids = pd.Index(["P02", "P01"], name="project_id")
    inputs = pd.DataFrame({"ev": [40.0, 90.0], "ac": [50.0, 60.0]}, ids)
    want = (inputs["ev"] / inputs["ac"]).sort_index()  # another order than the inputs
    cv = (inputs["ev"] - inputs["ac"]).sort_index()
    search = grading.formula("earned value", "cpi", inputs)
    with pytest.raises(AssertionError, match=r"^cpi: That is CV = EV - AC"):
        grading.expect_series(cv, want, what="cpi", search=search)
    grading.expect_series(want, want, what="cpi", search=search)


def test_formula_names_its_family_and_refuses_what_it_does_not_know():
    assert grading.formula("earned value", "cpi").family is formulas.EARNED_VALUE
    assert grading.formula("EARNED_VALUE", "cpi").family is formulas.EARNED_VALUE
    assert grading.formula("Earned Schedule", "spi_t").family is formulas.EARNED_SCHEDULE
    assert grading.formula("critical path method", "total_float").family is formulas.CPM
    assert grading.formula("expected monetary value", "fund").family is formulas.EMV
    assert grading.formula(formulas.PERT, "chance").family is formulas.PERT
    with pytest.raises(ValueError, match="no formula family"):
        grading.formula("earned money", "cpi")
    with pytest.raises(KeyError, match="no formula 'cpx'"):
        grading.formula("earned value", "cpx")  # fails when the test is written, not graded


def test_the_search_of_many_cases_gives_the_search_of_each():
    ctx = {"bac": 1000.0, "pv": 500.0, "ev": 400.0, "ac": 500.0, "cpi": 0.8, "spi": 0.8}
    one = FormulaSearch(formulas.EARNED_VALUE, "eac_cpi_spi", lambda c: c)
    alone = candidates(one, ctx)
    many = candidates_each(one, {k: [v, v] for k, v in ctx.items()})
    assert [(n, m) for n, _, m in alone] == [(n, m) for n, _, m in many]
    for (_, value, _), (_, values, _) in zip(alone, many, strict=True):
        assert values == pytest.approx([value, value])
