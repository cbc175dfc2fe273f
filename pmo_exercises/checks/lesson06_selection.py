"""Lesson 06, part 2: the best selection under the envelope, and what the budget costs.

The lesson's selection has :data:`~.lesson06_context.BUDGET` of BAC, one
mandatory project and one exclusion (a case where the greedy rule falls short
of the integer program); the second question prices the budget constraint.
"""

from __future__ import annotations

import math

from .detectors import close_to, negated
from .lesson06_context import BUDGET, EXCLUSIVE, MANDATORY
from .lesson06_context import alignment_context as _ac
from .questions import Misconception, Question

__all__ = ["SELECTION_QUESTIONS"]


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


SELECTION_QUESTIONS = (
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
)
