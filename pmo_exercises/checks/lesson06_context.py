"""The setting of lesson 06 and the strategy figures its questions are judged on.

The lesson scores :data:`PROJECT` and selects the portfolio under the board's
envelope :data:`BUDGET`, with the projects in :data:`MANDATORY` kept and at
most one of each pair in :data:`EXCLUSIVE` (the lesson states all four).
:class:`AlignmentContext` computes, on first use and once per process
(:func:`alignment_context`), the figures of the teaching portfolio that every
question of the lesson, and every usual mistake in it, is measured against.
"""

from __future__ import annotations

from functools import cache, cached_property

import pandas as pd

__all__ = [
    "BUDGET",
    "EXCLUSIVE",
    "MANDATORY",
    "PROJECT",
    "AlignmentContext",
    "alignment_context",
    "answer_is",
]

PROJECT = "P06"  # the customer portal relaunch: the lesson's scored project
BUDGET = 2_800_000.0  # the envelope the board gives the portfolio, against BAC
MANDATORY = ("P06",)  # the portal relaunch: promised to customers, it must go on
EXCLUSIVE = (("P05", "P08"),)  # one connected-products bet, not both


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
        """The selection's candidates, the first table of ``strategy.selection_inputs``."""
        return self.inputs[0]

    def select(self, budget=BUDGET, constrained=True, cost="bac", greedy=False):
        """The best (or the greedy) selection under the lesson's envelope."""
        from .. import strategy

        rule = strategy.greedy_selection if greedy else strategy.select_portfolio
        kw = {"mandatory": MANDATORY, "exclusive": EXCLUSIVE} if constrained else {}
        return rule(self.candidates, budget, cost=cost, **kw)

    @cached_property
    def optimal(self):
        """The best selection under the lesson's envelope and constraints."""
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
        """``strategy.capacity_plan`` by month and project."""
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


def answer_is(pick):
    """Fires when the (normalised) text answer is the project or month ``pick()``."""
    return lambda answer, expected, ctx: answer == pick() and answer != expected
