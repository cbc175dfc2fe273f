"""Lesson 06, part 3: capacity against demand, the worst month and the shortfall in it.

The questions find the role and month furthest over capacity in
:func:`~pmo_exercises.strategy.capacity_plan` and how many person-days short
that pool is then; a month is answered as ``"YYYY-MM"`` (:func:`month`).
"""

from __future__ import annotations

import math
import warnings

import pandas as pd

from .detectors import close_to, negated
from .formulas import CAPACITY
from .lesson06_context import alignment_context as _ac
from .lesson06_context import answer_is
from .questions import Misconception, Question
from .search import FormulaSearch

__all__ = ["CAPACITY_QUESTIONS", "month"]


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


CAPACITY_QUESTIONS = (
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
                answer_is(lambda: _first_month_over()),
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
