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

The questions live with the part of the lesson they check, in the order the
lesson asks them: :mod:`.lesson06_scoring` (weighted scoring, strategic fit),
:mod:`.lesson06_selection` (the knapsack, what the envelope costs) and
:mod:`.lesson06_capacity` (the worst month, the shortfall); the lesson's
setting and the figures they are all judged on are in
:mod:`.lesson06_context`. This module gathers them and re-exports the names.
"""

from __future__ import annotations

from .lesson06_capacity import CAPACITY_QUESTIONS, month
from .lesson06_context import BUDGET, EXCLUSIVE, MANDATORY, PROJECT
from .lesson06_context import AlignmentContext as AlignmentContext  # public here before the split
from .lesson06_context import alignment_context as alignment_context
from .lesson06_scoring import SCORING_QUESTIONS
from .lesson06_selection import SELECTION_QUESTIONS

__all__ = ["BUDGET", "EXCLUSIVE", "MANDATORY", "PROJECT", "QUESTIONS", "month"]

QUESTIONS = (*SCORING_QUESTIONS, *SELECTION_QUESTIONS, *CAPACITY_QUESTIONS)
