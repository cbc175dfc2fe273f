"""The questions of lesson 06, "Portfolio alignment".

Every expected value is computed from the teaching portfolio with
:mod:`pmo_exercises.strategy`. The lesson scores P06, the customer portal
relaunch (it serves several objectives a little, so each usual slip in the
weighted sum gives a figure of its own), looks for the project filed under no
objective, selects the portfolio under the lesson's envelope with one
mandatory project and one exclusion (a case where the greedy rule falls short
of the integer program), prices the budget constraint, and finds the worst
shortfall of the capacity plan. The envelope and the two constraints are
stated in the lesson.
"""

from __future__ import annotations

import math
import warnings
from functools import cache, cached_property

import pandas as pd

from .detectors import close_to, in_percent, negated
from .formulas import CAPACITY
from .questions import Misconception, Question
from .search import FormulaSearch

__all__ = ["BUDGET", "EXCLUSIVE", "MANDATORY", "PROJECT", "QUESTIONS", "month"]

PROJECT = "P06"  # the customer portal relaunch: the lesson's scored project
BUDGET = 2_800_000.0  # the envelope the board gives the portfolio, against BAC
MANDATORY = ("P06",)  # the portal relaunch: promised to customers, it must go on
EXCLUSIVE = (("P05", "P08"),)  # one connected-products bet, not both


def month(text) -> str:
    """A month as ``"YYYY-MM"`` ("Sep 2026", "2026-9" and "2026-09" all agree).

    Examples
    --------
    >>> month("September 2026"), month("2026-9"), month("no month")
    ('2026-09', '2026-09', 'NO MONTH')
    """
    text = str(text).strip()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.Period(text, freq="M").strftime("%Y-%m")
    except (ValueError, TypeError, OverflowError):
        return text.upper()


class AlignmentContext:
    """The strategy figures of the teaching portfolio, computed on first use."""

    def __init__(self, portfolio) -> None:
        self.portfolio = portfolio

    @cached_property
    def scores(self) -> pd.DataFrame:
        """``strategy.score_projects`` with the objectives' own weights, by project."""
        from .. import strategy

        return strategy.score_projects(self.portfolio).set_index("project_id")

    @cached_property
    def alignment(self) -> pd.Series:
        """The lesson project's alignment (0-5) per objective, in the objectives' order."""
        a = self.portfolio.alignment
        a = a[a["project_id"] == PROJECT].set_index("objective_id")["score"]
        return a.reindex(self.weights.index).fillna(0.0).astype(float)

    @cached_property
    def weights(self) -> pd.Series:
        """The objectives' weights, as fractions summing to 1."""
        w = self.portfolio.objectives.set_index("objective_id")["weight"].astype(float)
        return w / w.sum()

    @cached_property
    def inputs(self):
        """``strategy.selection_inputs``: candidates, demand, capacity."""
        from .. import strategy

        return strategy.selection_inputs(self.portfolio)

    @property
    def candidates(self) -> pd.DataFrame:
        return self.inputs[0]

    def select(self, budget=BUDGET, constrained=True, cost="bac", greedy=False):
        """The best (or the greedy) selection under the lesson's envelope."""
        from .. import strategy

        rule = strategy.greedy_selection if greedy else strategy.select_portfolio
        kw = {"mandatory": MANDATORY, "exclusive": EXCLUSIVE} if constrained else {}
        return rule(self.candidates, budget, cost=cost, **kw)

    @cached_property
    def optimal(self):
        return self.select()

    @cached_property
    def costs(self) -> pd.DataFrame:
        """``strategy.constraint_costs`` of the lesson's selection, by constraint."""
        from .. import strategy

        return strategy.constraint_costs(
            self.candidates, BUDGET, mandatory=MANDATORY, exclusive=EXCLUSIVE
        ).set_index("constraint")

    @cached_property
    def plan(self) -> pd.DataFrame:
        """``strategy.capacity_plan`` by month."""
        from .. import strategy

        return strategy.capacity_plan(self.portfolio)

    @cached_property
    def plan_by_project(self) -> pd.DataFrame:
        from .. import strategy

        return strategy.capacity_plan(self.portfolio, by_project=True)

    @property
    def worst(self) -> pd.Series:
        """The role-month furthest over capacity (the most negative balance)."""
        return self.plan.loc[self.plan["balance_days"].idxmin()]


@cache
def alignment_context() -> AlignmentContext:
    """The alignment context of the default teaching portfolio (built once per process)."""
    from ..simulation.loading import load_portfolio

    return AlignmentContext(load_portfolio())


def _ac() -> AlignmentContext:
    return alignment_context()


def _weighted(ctx=None) -> float:
    """Sum of weight x alignment, on the 0-5 scale."""
    a = _ac()
    return float((a.weights * a.alignment).sum())


def _is(pick):
    """Fires when the (normalised) text answer is the project or month ``pick()``."""
    return lambda answer, expected, ctx: answer == pick() and answer != expected


def _fitting_scores() -> pd.DataFrame:
    s = _ac().scores
    return s[s["strategic_fit"]]


def _poorest_value_for_money() -> str:
    c = _ac().candidates.set_index("project_id")
    return str((c["business_value"] / c["bac"]).idxmin())


def _value_of(what: str):
    return lambda ctx: _ac().costs.loc[what, "value_given_up"]


def _ratio(answer, expected, ctx) -> bool:
    """Fires on the value given up written as a ratio (or a percentage) of two values."""
    row = _ac().costs.loc["budget"]
    w, wo, gap = row["value_with"], row["value_without"], row["value_given_up"]
    ratios = [wo / w, w / wo, gap / w, gap / wo]
    return any(
        math.isclose(answer, r, rel_tol=0.01) or math.isclose(answer, 100 * r, rel_tol=0.01)
        for r in ratios
    )


def _worst_role_plan() -> pd.DataFrame:
    plan = _ac().plan
    return plan[plan["role_id"] == _ac().worst["role_id"]]


def _first_month_over() -> str:
    over = _worst_role_plan()
    return str(over[over["over_capacity"]]["period"].iloc[0])


def _largest_project_gap() -> float:
    """The largest single project's demand minus the pool's capacity, in the worst month."""
    w = _ac().worst
    bp = _ac().plan_by_project
    cell = bp[(bp["role_id"] == w["role_id"]) & (bp["period"] == w["period"])]
    return float(cell["demand_days"].max() - w["capacity_days"])


def _capacity_inputs(ctx) -> dict:
    """The tightest pool's demand and capacity in its worst month, for the mistake search."""
    worst = _ac().worst
    return {"demand": float(worst["demand_days"]), "capacity": float(worst["capacity_days"])}


QUESTIONS = (
    Question(
        id="06.weighted_score",
        prompt=f"The weighted strategic score of {PROJECT}, on the 0-100 scale, with the "
        "objectives' own weights.",
        expected=lambda ctx: float(_ac().scores.loc[PROJECT, "score"]),
        rel_tol=0.001,
        unit="points out of 100",
        why="One number per project, on one scale, built from the objectives the board set: "
        "that is what lets a PMO rank a portal, a data centre and a compliance project in "
        "the same list, and defend the order.",
        hints=(
            "Every objective counts, not only the one the project is filed under: weigh "
            "each alignment score by its objective's weight, then add up.",
            "Score = sum over objectives of weight x alignment / 5 x 100, with the weights "
            "as fractions summing to 1 and the alignment on its 0-5 scale.",
            f"p.alignment rows of {PROJECT} (score per objective_id) and p.objectives' "
            "weight column; strategy.score_projects(p) gives the score column to compare.",
        ),
        misconceptions=(
            Misconception(
                "not_divided_by_scale",
                close_to(lambda ctx: 100 * _weighted()),
                "You did not divide by the alignment scale. Alignment is scored 0 to 5; "
                "divide by 5 before putting it on 100, or a perfect project scores 500.",
            ),
            Misconception(
                "left_on_five_point_scale",
                close_to(lambda ctx: _weighted()),
                "That is the weighted alignment on the 0-5 scale. The question asks for "
                "the score out of 100: divide by 5, then multiply by 100.",
            ),
            Misconception(
                "weights_not_normalised",
                in_percent(),
                "Your weights are in percent (they sum to 100, not 1). Normalise them to "
                "fractions first, or the score leaves the 0-100 scale.",
            ),
            Misconception(
                "own_objective_only",
                close_to(
                    lambda ctx: _ac().scores.loc[
                        PROJECT, f"points_{_ac().scores.loc[PROJECT, 'objective_id']}"
                    ]
                ),
                "You counted only the objective the project is filed under. A project "
                "contributes to every objective it is scored against: add the points of all "
                "of them.",
            ),
            Misconception(
                "unweighted",
                close_to(lambda ctx: float(_ac().alignment.mean()) / 5 * 100),
                "You averaged the alignment scores without the weights. The board weighs "
                "its objectives differently: that difference is the strategy.",
            ),
        ),
    ),
    Question(
        id="06.weak_fit",
        prompt="Which project serves none of the strategic objectives? Give its project id.",
        kind="text",
        normalise=lambda s: s.strip().upper(),
        expected=lambda ctx: str(_ac().scores.index[~_ac().scores["strategic_fit"]][0]),
        why="A project that serves no objective is spending money on something the board "
        "never asked for: the PMO puts it in front of the sponsor to be re-justified, "
        "re-scoped or stopped, whatever its score.",
        hints=(
            "A low score is not the same as no fit: look for the project that is not "
            "filed under any objective at all.",
            "score_projects ranks such projects last and marks them strategic_fit == False; "
            "in p.projects their objective_id is empty.",
            "strategy.score_projects(p): keep the rows where strategic_fit is False.",
        ),
        misconceptions=(
            Misconception(
                "lowest_score",
                _is(lambda: str(_fitting_scores()["score"].idxmin())),
                "That project scores lowest among those that serve an objective, but it does "
                "serve one. The question asks for the project filed under none.",
            ),
            Misconception(
                "poorest_value_for_money",
                _is(_poorest_value_for_money),
                "That project has the poorest value for money, a financial weakness. "
                "Strategic fit is about the objectives a project serves.",
            ),
            Misconception(
                "smallest_value",
                _is(
                    lambda: str(_ac().candidates.set_index("project_id")["business_value"].idxmin())
                ),
                "That project has the smallest business value. Size is not fit: look at the "
                "objectives each project serves.",
            ),
        ),
    ),
    Question(
        id="06.optimal_value",
        prompt=f"The business value of the best selection within an envelope of "
        f"{BUDGET:,.0f} EUR of BAC, with {MANDATORY[0]} mandatory and at most one of "
        f"{EXCLUSIVE[0][0]} and {EXCLUSIVE[0][1]}, in euros.",
        expected=lambda ctx: _ac().optimal.total_value,
        rel_tol=0.0001,
        unit="EUR",
        why="The integer program gives the most value the envelope can buy under every "
        "constraint: the benchmark against which any other portfolio, including the one "
        "on the table, is judged.",
        hints=(
            "Selection is a knapsack: the best set is not always the projects with the best "
            "value for money taken in order.",
            "Maximise the sum of business_value of the chosen projects, subject to the sum "
            "of their bac <= the envelope, the mandatory project in, and not both of the "
            "exclusive pair.",
            "strategy.select_portfolio(candidates, budget, mandatory=[...], exclusive=[(..., "
            "...)]) and its total_value; the candidates come from strategy.selection_inputs(p).",
        ),
        misconceptions=(
            Misconception(
                "greedy_taken_as_optimal",
                close_to(lambda ctx: _ac().select(greedy=True).total_value, rel_tol=0.0001),
                "That is the greedy selection: best value for money first, while it fits. It "
                "meets every constraint but leaves value on the table; the integer program "
                "finds the best combination.",
            ),
            Misconception(
                "constraints_left_out",
                close_to(lambda ctx: _ac().select(constrained=False).total_value, rel_tol=0.0001),
                "You left out the mandatory project and the exclusion. The board's "
                "conditions are part of the problem, not an afterthought.",
            ),
            Misconception(
                "remaining_not_total_cost",
                close_to(
                    lambda ctx: _ac().select(cost="remaining_cost").total_value, rel_tol=0.0001
                ),
                "You set the envelope against the remaining cost. This envelope covers the "
                "projects' whole budgets (BAC); remaining cost is for a mid-year re-plan.",
            ),
            Misconception(
                "cost_not_value",
                close_to(lambda ctx: _ac().optimal.total_cost, rel_tol=0.0001),
                "That is what the selection costs. The question asks for the business value it "
                "delivers.",
            ),
            Misconception(
                "every_candidate",
                close_to(lambda ctx: _ac().candidates["business_value"].sum(), rel_tol=0.0001),
                "That is the value of every candidate together: the envelope cannot buy them all.",
            ),
        ),
    ),
    Question(
        id="06.budget_cost",
        prompt="How much business value does the budget constraint cost the lesson's "
        "selection (the value given up because of the envelope), in euros?",
        expected=_value_of("budget"),
        rel_tol=0.0001,
        unit="EUR",
        why="The value a constraint gives up is what the PMO puts to the board: "
        "'this envelope leaves that much value unfunded' is an argument, a ratio is not.",
        hints=(
            "Price a constraint by solving again without it and comparing the two best values.",
            "Value given up = best value without the constraint - best value with every "
            "constraint, the mandatory project and the exclusion still in place.",
            "strategy.constraint_costs(candidates, budget, mandatory=..., exclusive=...): "
            "the value_given_up of the budget row.",
        ),
        misconceptions=(
            Misconception(
                "ratio_not_difference",
                _ratio,
                "You gave a ratio of the two values. The value given up is a difference, in "
                "euros: without the constraint minus with it.",
            ),
            Misconception(
                "value_without",
                close_to(lambda ctx: _ac().costs.loc["budget", "value_without"], rel_tol=0.0001),
                "That is the best value without the budget. The value given up is how much "
                "more that is than the best value with it.",
            ),
            Misconception(
                "value_with",
                close_to(lambda ctx: _ac().optimal.total_value, rel_tol=0.0001),
                "That is the best value with the budget, the selection itself. The question "
                "asks what the budget costs: compare with the best value without it.",
            ),
            Misconception(
                "given_up_negative",
                negated(),
                "The sign is reversed. Value given up is a positive amount: without the "
                "constraint minus with it.",
            ),
            Misconception(
                "every_candidate",
                close_to(
                    lambda ctx: (
                        _ac().candidates["business_value"].sum() - _ac().optimal.total_value
                    ),
                    rel_tol=0.0001,
                ),
                "You compared with every candidate funded. Without the budget the mandatory "
                "project and the exclusion still hold: solve again without the budget alone.",
            ),
            Misconception(
                "unspent_budget",
                close_to(lambda ctx: BUDGET - _ac().optimal.total_cost, rel_tol=0.001),
                "That is the part of the envelope left unspent (the slack), in cost. The "
                "question asks for value: what the best selection would gain without the "
                "envelope.",
            ),
            Misconception(
                "mandatory_cost",
                close_to(_value_of(f"mandatory {MANDATORY[0]}"), rel_tol=0.0001),
                "That is what the mandatory project costs, not the budget. Take the budget "
                "row of the constraint costs.",
            ),
        ),
    ),
    Question(
        id="06.peak_month",
        prompt="In which month is a role of the portfolio most over capacity (its largest "
        "shortfall in person-days)? Give the month as 'YYYY-MM'.",
        kind="text",
        normalise=month,
        expected=lambda ctx: str(_ac().worst["period"]),
        why="The worst month of the tightest pool is where a decision has to be taken "
        "before it arrives: move a start, pause a project, or buy capacity.",
        hints=(
            "Compare each pool of people with all the work asked of it, month by month, "
            "and find where the gap is widest.",
            "Balance = capacity - demand per role and month, summed over every project; "
            "the most negative balance is the worst shortfall.",
            "strategy.capacity_plan(p): the row with the smallest balance_days, and its period.",
        ),
        misconceptions=(
            Misconception(
                "first_month_over",
                _is(lambda: _first_month_over()),
                "That is the first month the pool goes over capacity, not the worst one. "
                "Compare the shortfalls, in person-days.",
            ),
        ),
    ),
    Question(
        id="06.shortfall",
        prompt="In that month, how many person-days short is that role's pool (demand "
        "minus capacity)?",
        expected=lambda ctx: -float(_ac().worst["balance_days"]),
        abs_tol=0.05,
        unit="person-days",
        why="A shortfall in person-days is what the resource managers can act on: it is "
        "the size of the contractor to hire, the work to move or the project to pause.",
        hints=(
            "A pool is shared: the demand of every project on that role in that month "
            "counts against the same people.",
            "Shortfall = sum of the projects' demand_days - capacity_days, for that role "
            "and month (a positive number of days short).",
            "strategy.capacity_plan(p): the balance_days of the worst row is the shortfall "
            "with its sign reversed.",
        ),
        misconceptions=(
            Misconception(
                "per_project_not_per_pool",
                lambda answer, expected, ctx: (
                    answer == 0
                    or math.isclose(abs(answer), abs(_largest_project_gap()), rel_tol=0.01)
                ),
                "You compared one project at a time with the pool. No single project "
                "overloads it; together they do. Add up the projects' demand per role and "
                "month first.",
            ),
            Misconception(
                "balance_sign",
                negated(),
                "That is the balance (capacity - demand), negative when short. The question "
                "asks how many days short: give it as a positive number.",
            ),
            Misconception(
                "demand_not_gap",
                close_to(lambda ctx: _ac().worst["demand_days"]),
                "That is the demand on the pool that month. The shortfall is what the demand "
                "exceeds the capacity by.",
            ),
            Misconception(
                "utilisation",
                lambda answer, expected, ctx: any(
                    math.isclose(answer, f * _ac().worst["utilisation"], rel_tol=0.01)
                    or math.isclose(answer, f * (_ac().worst["utilisation"] - 1), rel_tol=0.01)
                    for f in (1, 100)
                ),
                "That is a utilisation, a ratio of demand to capacity. The question asks for "
                "the shortfall in person-days.",
            ),
            Misconception(
                "summed_months",
                close_to(
                    lambda ctx: (
                        -float(_worst_role_plan().query("balance_days < 0")["balance_days"].sum())
                    )
                ),
                "You added the shortfalls of every month over capacity. The question asks for "
                "the worst month alone.",
            ),
        ),
        search=FormulaSearch(CAPACITY, "shortfall", _capacity_inputs),
    ),
)
