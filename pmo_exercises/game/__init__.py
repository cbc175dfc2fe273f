"""The PMO game (the capstone): run the PMO for 12 simulated weeks.

Each week, read the report, decide, and advance; random events happen; the
score measures strategic value delivered, delivery on time and on budget, and
stakeholder trust; the debrief says which decisions mattered::

    import pmo_exercises as pmo

    g = pmo.game.new_game(seed=0)          # the teaching portfolio, 12 weeks
    g.report().exceptions                  # what the steering committee would read
    g.options()                            # the decisions open now
    g.decide("escalate", project_id="P11")
    g.decide("pause", project_id="P04")
    g.advance()                            # one simulated week
    g.score()                              # value, on_time, on_budget, trust, total
    g.save("my_game.json")                 # seed, variant and decisions
    again = pmo.game.load_game("my_game.json")   # replays to the same state
    other = g.replay(until_week=1)         # back to week 1, ready for another choice
    g.debrief()                            # each decision's effect, by counterfactual

Modules, one idea each: :mod:`.state` (the game), :mod:`.start` (starting
one), :mod:`.decisions` (what can be decided), :mod:`.week` (playing a
week), :mod:`.events` (random events), :mod:`.scoring` (the score and trust),
:mod:`.report` (what the player reads), :mod:`.debrief` (counterfactuals),
:mod:`.persistence` (JSON).
"""

from __future__ import annotations

from .debrief import DEBRIEF_COLUMNS, counterfactual, debrief
from .decisions import ACTIONS, CONTRACTOR_PREMIUM, RESPONSE_EFFECTS, GameError
from .events import EVENT_CHANCES, EVENT_COLUMNS
from .persistence import from_json, load_game
from .report import GAME_DASHBOARD_COLUMNS, OPTION_COLUMNS, WeekReport
from .scoring import (
    ESCALATION_MEMORY,
    SCORE_COMPONENTS,
    SCORE_WEIGHTS,
    TRUST_RULES,
    TRUST_START,
)
from .state import DEFAULT_WEEKS, MAX_WEEKS, Game, new_game

__all__ = [
    "ACTIONS",
    "CONTRACTOR_PREMIUM",
    "DEBRIEF_COLUMNS",
    "DEFAULT_WEEKS",
    "ESCALATION_MEMORY",
    "EVENT_CHANCES",
    "EVENT_COLUMNS",
    "GAME_DASHBOARD_COLUMNS",
    "MAX_WEEKS",
    "OPTION_COLUMNS",
    "RESPONSE_EFFECTS",
    "SCORE_COMPONENTS",
    "SCORE_WEIGHTS",
    "TRUST_RULES",
    "TRUST_START",
    "Game",
    "GameError",
    "WeekReport",
    "counterfactual",
    "debrief",
    "from_json",
    "load_game",
    "new_game",
]
