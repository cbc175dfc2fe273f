"""The state of one PMO game: the week, the portfolio, the decisions and what they earned.

A game is fixed by its starting portfolio, its ``seed``, its length and its
decisions: replaying the same decisions gives the same portfolio, byte for
byte (:meth:`~pmo_exercises.Portfolio.digest`). Each week:

1. the player reads :meth:`Game.report` and takes decisions with
   :meth:`Game.decide` (checked at once, applied to the portfolio the next
   week starts from, logged with the week they were taken in; see
   :mod:`.decisions`);
2. :meth:`Game.advance` judges them (stakeholder trust, see
   :mod:`.scoring`), draws the week's random event (:mod:`.events`) and
   simulates one week with :func:`~pmo_exercises.simulate` (see :mod:`.week`).

The game keeps what it held as each week opened: that is how a decision is
withdrawn (:meth:`Game.undo`), a game replayed from any week
(:meth:`Game.replay`) and its score followed week by week. A game is started
by :func:`~.start.new_game` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..governance.policy import resolve_policy
from .decisions import (
    GameError,
    apply_decision,
    check_escalation,
    decision_label,
    decision_log,
    make_decision,
    sponsor_help,
)
from .events import EVENT_COLUMNS
from .scoring import judge_week, score_game, strategic_weights
from .start import DEFAULT_WEEKS, MAX_WEEKS, new_game
from .week import judge_decisions, justified_escalations, play_week, same_decided_tables

if TYPE_CHECKING:  # pragma: no cover
    from ..core.portfolio import Portfolio
    from .report import WeekReport

__all__ = ["DEFAULT_WEEKS", "MAX_WEEKS", "Game", "new_game"]


@dataclass(frozen=True)
class _Snapshot:
    """Everything a game holds as a week opens, before that week's decisions."""

    portfolio: Portfolio
    extra_spend: float
    trust_log: tuple = ()
    event_log: tuple = ()
    escalated: tuple = ()
    decisions: tuple = field(default=())


class Game:
    """One PMO game. Make one with :func:`new_game` or :func:`load_game`.

    Attributes
    ----------
    seed : int
    weeks : int
        The game's length.
    week : int
        Weeks played so far (0 to ``weeks``). Decisions taken now are logged
        under this week and act from the next simulated week.
    variant : str or None
        The trainee variant played (``""``: the teaching portfolio; ``None``:
        a portfolio given as such).
    start : Portfolio
        The portfolio the game started from.
    portfolio : Portfolio
        The portfolio now, this week's decisions applied.
    """

    def __init__(
        self,
        start: Portfolio,
        *,
        seed: int,
        weeks: int,
        variant: str | None,
        weights: pd.Series | None = None,
        policy=None,
    ) -> None:
        # The one constructor: new_game and a replay (_resumed) both come here,
        # so every field is set in this one place.
        self.seed, self.weeks, self.variant = int(seed), int(weeks), variant
        self.start = start
        self.week = 0
        self.portfolio = start
        # a resumed game keeps its origin's weights and policy (no second reading)
        self._weights = strategic_weights(start) if weights is None else weights
        # read once: every week is judged on it
        self._policy = resolve_policy(None) if policy is None else policy
        self._decisions: list[dict[str, Any]] = []
        self._extra_spend = 0.0
        self._trust_log: list[dict[str, Any]] = []
        self._event_log: list[dict[str, Any]] = []
        self._escalated: dict[str, int] = {}
        self._snapshots: dict[int, _Snapshot] = {}
        self._facts: dict[int, pd.DataFrame] = {}
        self._played: dict[int, Portfolio] = {}  # week -> the portfolio the week was played from
        self._twin: Game | None = None  # see reuse_weeks_of
        self._snapshots[0] = self._snapshot()

    @classmethod
    def _resumed(cls, origin: Game, week: int) -> Game:
        """A new game standing where ``origin`` stood at the start of ``week``.

        Built by ``__init__`` like any game, then given ``origin``'s history up
        to that week: a field added to ``__init__`` cannot be forgotten here.
        """
        game = cls(
            origin.start,
            seed=origin.seed,
            weeks=origin.weeks,
            variant=origin.variant,
            weights=origin._weights,
            policy=origin._policy,
        )
        game._take_history(origin, week)
        return game

    def _take_history(self, origin: Game, week: int) -> None:
        """Take ``origin``'s history up to the start of ``week`` (see :meth:`_resumed`)."""
        self._snapshots = {w: s for w, s in origin._snapshots.items() if w <= week}
        self._facts = {w: f for w, f in origin._facts.items() if w <= week}
        self._played = {w: p for w, p in origin._played.items() if w < week}
        snap = self._snapshots[week]
        self.week, self.portfolio, self._extra_spend = week, snap.portfolio, snap.extra_spend
        self._decisions = [dict(d) for d in snap.decisions]
        self._trust_log = [dict(r) for r in snap.trust_log]
        self._event_log = [dict(r) for r in snap.event_log]
        self._escalated = dict(snap.escalated)

    def reuse_weeks_of(self, game: Game) -> None:
        """Take ``game``'s weeks instead of simulating them, while this one's portfolio equals it.

        A counterfactual of the debrief (:func:`~pmo_exercises.game.debrief`)
        replays the same game with one decision left out: until that decision
        changes the portfolio, its weeks are the game's, and simulating them
        again would only cost time. The first week the two differ ends it.
        """
        self._twin = game

    # -- reading ------------------------------------------------------------------
    @property
    def policy(self):
        """The PMO policy the game is judged on, read once when it started."""
        return self._policy

    @property
    def over(self) -> bool:
        """True when every week has been played."""
        return self.week >= self.weeks

    @property
    def decisions(self) -> list[dict[str, Any]]:
        """Every decision taken, in order, as records (copies)."""
        return [dict(d) for d in self._decisions]

    def decision_table(self) -> pd.DataFrame:
        """The decisions as a table: ``week``, ``action``, ``label`` and the arguments."""
        rows = [
            {"week": d["week"], "action": d["action"], "label": decision_label(d)}
            | {k: v for k, v in d.items() if k not in ("week", "action")}
            for d in self._decisions
        ]
        return pd.DataFrame(rows, columns=None if rows else ["week", "action", "label"])

    def event_log(self) -> pd.DataFrame:
        """The random events so far (:data:`~pmo_exercises.game.events.EVENT_COLUMNS`)."""
        return pd.DataFrame(self._event_log, columns=list(EVENT_COLUMNS))

    def trust_log(self) -> pd.DataFrame:
        """Every trust change so far: ``week``, ``project_id``, ``rule``, ``change``, ``reason``."""
        return pd.DataFrame(
            self._trust_log, columns=["week", "project_id", "rule", "change", "reason"]
        )

    def facts(self) -> pd.DataFrame:
        """What the data says about each project as this week opened (trust is judged on it).

        See :func:`~pmo_exercises.game.scoring.judge_week`.
        """
        return self._facts_at(self.week).copy()

    def _facts_at(self, week: int) -> pd.DataFrame:
        if week not in self._facts:
            self._facts[week] = judge_week(
                self._snapshots[week].portfolio, self._weights, self._policy
            )
        return self._facts[week]

    def score(self) -> dict[str, float]:
        """The score now: ``value``, ``on_time``, ``on_budget``, ``trust``, ``total`` (0 to 100).

        See :func:`~pmo_exercises.game.scoring.score_game` for the formula and
        the figures returned beside the points.
        """
        return self._score(self.week, self.portfolio, self._trust_log, self._extra_spend)

    def _score(self, week, portfolio, trust_log, extra_spend) -> dict[str, float]:
        cases = (~self._facts_at(0)["value_below_cost"], ~self._facts_at(week)["value_below_cost"])
        return score_game(
            self.start, portfolio, self._weights, list(trust_log), extra_spend, cases=cases
        )

    def score_history(self) -> pd.DataFrame:
        """The score as each week opened: one row per week from 0 to now."""
        rows = []
        for week in range(self.week + 1):
            snap = self._snapshots[week]
            s = self._score(week, snap.portfolio, snap.trust_log, snap.extra_spend)
            rows.append({"week": week} | s)
        return pd.DataFrame(rows)

    def report(self) -> WeekReport:
        """This week's report: dashboard, exceptions, decisions needed, events, score.

        See :class:`~pmo_exercises.game.report.WeekReport`.
        """
        from .report import week_report

        return week_report(self)

    def options(self) -> pd.DataFrame:
        """The decisions open now: ``action``, ``target``, ``arguments``, ``description``.

        Empty when the game is over. Whether a decision is wise is for the
        player to judge: the table says what is possible, not what is right.
        """
        from .report import options_table

        return options_table(self)

    # -- playing ------------------------------------------------------------------
    def _check_open(self, verb: str) -> None:
        if self.over:
            raise GameError(
                f"the game is over: all {self.weeks} weeks are played, nothing left to {verb} "
                "(replay(until_week=k) to choose again from week k)"
            )

    def decide(self, action: str, **arguments: Any) -> dict[str, Any]:
        """Take a decision now; it acts from the next simulated week.

        Parameters
        ----------
        action : str
            One of :data:`~pmo_exercises.game.decisions.ACTIONS`: ``"pause"``,
            ``"resume"``, ``"cancel"``, ``"reprioritise"``, ``"move_people"``,
            ``"hire"``, ``"fund_response"``, ``"escalate"``.
        **arguments
            The action's arguments, e.g. ``project_id="P07"`` (see
            :mod:`~pmo_exercises.game.decisions`).

        Returns
        -------
        dict
            The decision as logged.

        Raises
        ------
        GameError
            When the game is over, the action is unknown, an argument is
            missing or wrong, or the decision does not apply (a project that
            does not exist, a cancelled project paused...).
        """
        self._check_open("decide")
        record = make_decision(self.week, action, arguments)
        check_escalation(record, self._decisions)
        self.portfolio, spend = self._apply(self.portfolio, record)
        self._extra_spend += spend
        self._decisions.append(record)
        return dict(record)

    def _apply(self, p: Portfolio, record: dict[str, Any]) -> tuple[Portfolio, float]:
        p, spend = apply_decision(p, record, self.weeks - self.week)
        if record["action"] == "escalate":  # judged on this week's facts, read only then
            p = sponsor_help(p, record["project_id"], self._facts_at(self.week))
        return p, spend

    def undo(self) -> dict[str, Any]:
        """Withdraw the last decision taken this week; returns it.

        Raises
        ------
        GameError
            When no decision was taken this week.
        """
        self._check_open("undo")
        if not self._decisions or self._decisions[-1]["week"] != self.week:
            raise GameError(f"no decision taken in week {self.week} to undo")
        last = self._decisions.pop()
        snap = self._snapshots[self.week]
        self.portfolio, self._extra_spend = snap.portfolio, snap.extra_spend
        for d in self._decisions:
            if d["week"] == self.week:
                self.portfolio, spend = self._apply(self.portfolio, d)
                self._extra_spend += spend
        return dict(last)

    def advance(self) -> Game:
        """Play one week: judge this week's decisions, draw an event, simulate the week.

        Returns
        -------
        Game
            This game, one week on (so that ``g.advance().score()`` reads well).

        Raises
        ------
        GameError
            When the game is over.
        """
        self._check_open("advance")
        week = self.week
        taken = [d for d in self._decisions if d["week"] == week]
        rows = judge_decisions(self._facts_at(week), taken, self.portfolio, self._escalated, week)
        self._trust_log.extend(rows)
        self._escalated.update(justified_escalations(rows, week))
        self._played[week] = self.portfolio
        twin = self._twin
        if (
            twin is not None
            and week in twin._played
            and same_decided_tables(self.portfolio, twin._played[week])
        ):
            # the same state as the game this one is a counterfactual of: the same week follows
            event = twin._event_log[week]
            self.portfolio = twin._snapshots[week + 1].portfolio
            if week + 1 in twin._facts:
                self._facts[week + 1] = twin._facts[week + 1]
        else:
            self._twin = None  # diverged for good: the histories now differ
            self.portfolio, event = play_week(self.portfolio, self.seed, week + 1)
        self._event_log.append(dict(event))
        self.week = week + 1
        self._snapshots[self.week] = self._snapshot()
        return self

    def _snapshot(self) -> _Snapshot:
        return _Snapshot(
            portfolio=self.portfolio,
            extra_spend=self._extra_spend,
            trust_log=tuple(dict(r) for r in self._trust_log),
            event_log=tuple(dict(r) for r in self._event_log),
            escalated=tuple(sorted(self._escalated.items())),
            decisions=tuple(dict(d) for d in self._decisions),
        )

    # -- another go -----------------------------------------------------------------
    def replay(self, until_week: int | None = None) -> Game:
        """A new game at the opening of ``until_week``, with the decisions taken before it.

        The new game is what this one was when week ``until_week`` opened
        (same seed, same events, same portfolio), ready for another choice;
        this game is left as it is.

        Parameters
        ----------
        until_week : int, optional
            From 0 (a fresh start) to :attr:`week` (default: now, without this
            week's decisions).
        """
        k = self.week if until_week is None else until_week
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= self.week:
            raise GameError(f"replay from a week between 0 and {self.week}, not {until_week!r}")
        return Game._resumed(self, k)

    def play(self, decisions, until_week: int | None = None, *, strict: bool = True) -> Game:
        """Take logged decisions week by week and advance, up to ``until_week``.

        Parameters
        ----------
        decisions : iterable of dict
            Decision records (as :attr:`decisions` gives them), with a
            ``week`` not before this game's week.
        until_week : int, optional
            Stop when this week opens, its decisions taken (default: the
            week of the last decision).
        strict : bool
            When False, a decision that no longer applies is skipped instead
            of raising (what a counterfactual needs).

        Returns
        -------
        Game
            This game.
        """
        todo, end = decision_log(decisions, self.week, self.weeks, until_week)
        while True:
            for d in [d for d in todo if d["week"] == self.week]:
                args = {k: v for k, v in d.items() if k not in ("week", "action")}
                try:
                    self.decide(d["action"], **args)
                except GameError:
                    if strict:
                        raise
            if self.week >= end or self.over:
                return self
            self.advance()

    # -- saving and explaining --------------------------------------------------------
    def to_json(self) -> str:
        """The game as JSON: seed, weeks, portfolio variant, decisions, weeks played."""
        from .persistence import to_json

        return to_json(self)

    def save(self, path) -> None:
        """Write :meth:`to_json` to ``path``; :func:`load_game` replays it to this state."""
        from .persistence import save

        save(self, path)

    def debrief(self) -> pd.DataFrame:
        """Which decisions mattered: each one's effect on the score, by counterfactual.

        See :func:`~pmo_exercises.game.debrief.debrief`.
        """
        from .debrief import debrief

        return debrief(self)

    def __repr__(self) -> str:
        s = self.score()
        return (
            f"<PMO game: week {self.week} of {self.weeks}, seed {self.seed}, "
            f"{len(self._decisions)} decisions, score {s['total']:.1f}>"
        )
