"""Lesson 06, part 1: weighted scoring, and the project that serves no objective.

The questions score :data:`~.lesson06_context.PROJECT` against the board's
objectives (it serves several a little, so each usual slip in the weighted sum
gives a figure of its own) and look for the project filed under no objective.
"""

from __future__ import annotations

import pandas as pd

from .detectors import close_to, in_percent
from .lesson06_context import PROJECT, answer_is
from .lesson06_context import alignment_context as _ac
from .questions import Misconception, Question

__all__ = ["SCORING_QUESTIONS"]


def _weighted(ctx=None) -> float:
    """Sum of weight x alignment, on the 0-5 scale."""
    a = _ac()
    return float((a.weights * a.alignment).sum())


def _fitting_scores() -> pd.DataFrame:
    s = _ac().scores
    return s[s["strategic_fit"]]


def _poorest_value_for_money() -> str:
    c = _ac().candidates.set_index("project_id")
    return str((c["business_value"] / c["bac"]).idxmin())


SCORING_QUESTIONS = (
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
                answer_is(lambda: str(_fitting_scores()["score"].idxmin())),
                "That project scores lowest among those that serve an objective, but it does "
                "serve one. The question asks for the project filed under none.",
            ),
            Misconception(
                "poorest_value_for_money",
                answer_is(_poorest_value_for_money),
                "That project has the poorest value for money, a financial weakness. "
                "Strategic fit is about the objectives a project serves.",
            ),
            Misconception(
                "smallest_value",
                answer_is(
                    lambda: str(_ac().candidates.set_index("project_id")["business_value"].idxmin())
                ),
                "That project has the smallest business value. Size is not fit: look at the "
                "objectives each project serves.",
            ),
        ),
    ),
)
