"""The debrief: which decisions mattered, found by playing the game without each one.

For every decision taken in a week already played, the game is replayed from
the week of that decision with the same seed and every other decision, but
not that one (a counterfactual), to the same week. The decision's effect is
the score of the game as played minus the score of the counterfactual, in
total and per component. A later decision that needed the removed one (a
resume of a pause that never happened) is skipped in the counterfactual, and
the sentence says so.

The replay starts from the game's snapshot of that week, so a decision taken
late costs little to explain; and while the counterfactual's portfolio is
equal to the game's (a decision that changed nothing but trust, such as an
unjustified escalation), it takes the game's weeks instead of simulating them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .decisions import GameError, decision_label
from .scoring import SCORE_COMPONENTS

if TYPE_CHECKING:  # pragma: no cover
    from .state import Game

__all__ = ["DEBRIEF_COLUMNS", "counterfactual", "debrief"]

#: The columns of :func:`debrief`, in order.
DEBRIEF_COLUMNS = (
    "week",
    "action",
    "decision",
    "effect",
    *(f"effect_{c}" for c in SCORE_COMPONENTS),
    "skipped",
    "sentence",
)

_NAMES = {
    "value": "strategic value",
    "on_time": "on time",
    "on_budget": "on budget",
    "trust": "trust",
}


def counterfactual(game: Game, index: int) -> tuple[Game, list[dict]]:
    """The game replayed without its decision number ``index``.

    Returns
    -------
    (Game, list of dict)
        The counterfactual game, at the same week, and the later decisions it
        had to skip because they no longer applied.
    """
    decisions = game.decisions
    if not 0 <= index < len(decisions):
        raise GameError(f"no decision number {index}: the game has {len(decisions)}")
    week = decisions[index]["week"]
    if week >= game.week:
        raise GameError(f"decision {index} is of week {week}, not played yet")
    alt = game.replay(until_week=week)
    # While the counterfactual's portfolio stays equal to the game's (a decision that changed
    # nothing but trust), it reuses the game's weeks instead of simulating them again.
    alt.reuse_weeks_of(game)
    rest = [d for i, d in enumerate(decisions) if i != index and d["week"] >= week]
    skipped: list[dict] = []
    for w in range(week, game.week + 1):
        for d in (d for d in rest if d["week"] == w):
            args = {k: v for k, v in d.items() if k not in ("week", "action")}
            try:
                alt.decide(d["action"], **args)
            except GameError:
                skipped.append(d)
        if w < game.week:
            alt.advance()
    return alt, skipped


def debrief(game: Game) -> pd.DataFrame:
    """Which decisions mattered, most first.

    Parameters
    ----------
    game : Game
        A game with at least one week played (usually a finished one).

    Returns
    -------
    pandas.DataFrame
        :data:`DEBRIEF_COLUMNS`, one row per decision of a week played,
        sorted by the size of its effect: ``effect`` is the total score with
        the decision minus without it (points), ``effect_value`` ... per
        component, ``skipped`` the later decisions that could not be taken
        without it, ``sentence`` the explanation. ``attrs["summary"]`` holds
        a paragraph on the game as a whole.
    """
    played = game.score()
    rows = []
    for i, d in enumerate(game.decisions):
        if d["week"] >= game.week:
            continue
        alt, skipped = counterfactual(game, i)
        without = alt.score()
        diff = {c: round(played[c] - without[c], 2) for c in (*SCORE_COMPONENTS, "total")}
        rows.append(
            {
                "week": d["week"],
                "action": d["action"],
                "decision": decision_label(d),
                "effect": diff["total"],
                **{f"effect_{c}": diff[c] for c in SCORE_COMPONENTS},
                "skipped": ", ".join(decision_label(s) for s in skipped),
                "sentence": _sentence(d, diff, skipped),
            }
        )
    out = pd.DataFrame(rows, columns=list(DEBRIEF_COLUMNS))
    if len(out):
        order = out["effect"].abs().sort_values(ascending=False, kind="stable").index
        out = out.loc[order].reset_index(drop=True)
    out.attrs["summary"] = _summary(game, played, out)
    return out


def _sentence(d: dict, diff: dict, skipped: list[dict]) -> str:
    total = diff["total"]
    label = decision_label(d)
    if abs(total) < 0.05:
        head = f"Week {d['week']}: {label} made no difference to the score"
    else:
        verb = "added" if total > 0 else "cost"
        head = f"Week {d['week']}: {label} {verb} {abs(total):.1f} points"
    parts = [f"{_NAMES[c]} {diff[c]:+.1f}" for c in SCORE_COMPONENTS if abs(diff[c]) >= 0.05]
    text = head + (f" ({', '.join(parts)})." if parts else ".")
    if skipped:
        text += (
            " Without it, "
            + ", ".join(decision_label(s) for s in skipped)
            + (" would not have been possible.")
        )
    return text


def _summary(game: Game, score: dict, table: pd.DataFrame) -> str:
    text = (
        f"After {game.week} of {game.weeks} weeks the score is {score['total']:.1f}: "
        f"strategic value {score['value']:.1f}, on time {score['on_time']:.1f}, "
        f"on budget {score['on_budget']:.1f}, trust {score['trust']:.1f}."
    )
    rules = game.trust_log()["rule"].value_counts()
    text += (
        f" Trust: {rules.get('escalate_red', 0) + rules.get('escalate_watermelon', 0)} justified "
        f"escalations ({rules.get('escalate_watermelon', 0)} of them watermelons), "
        f"{rules.get('escalate_unjustified', 0)} unjustified, "
        f"{rules.get('cancel_justified', 0)} justified and "
        f"{rules.get('cancel_unjustified', 0)} unjustified cancellations, and "
        f"{rules.get('red_ignored', 0)} times a red project was left without a decision."
    )
    if len(table) == 0:
        return text + " No decision was taken in a week played: the portfolio ran on its own."
    best = table.iloc[0]
    return text + (
        f" The decision that mattered most: {best['decision']} in week {best['week']} "
        f"({best['effect']:+.1f} points)."
    )
