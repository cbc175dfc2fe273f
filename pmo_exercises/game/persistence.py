"""Saving and loading a game: the seed, the portfolio variant and the decision log, as JSON.

A saved game holds no table: loading it replays the decisions on the same
starting portfolio with the same seed, which gives the same state (same
:meth:`~pmo_exercises.Portfolio.digest`, same score). The file looks like::

    {"format": "pmo-game/1", "seed": 0, "weeks": 12, "variant": "",
     "portfolio_digest": "…", "week": 3,
     "decisions": [{"week": 0, "action": "pause", "project_id": "P07"}, …]}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .decisions import GameError

if TYPE_CHECKING:  # pragma: no cover
    from ..core.portfolio import Portfolio
    from .state import Game

__all__ = ["FORMAT", "from_json", "load_game", "save", "to_json"]

#: The format tag written in every saved game.
FORMAT = "pmo-game/1"


def to_json(game: Game) -> str:
    """The game as a JSON text (see the module notes)."""
    data = {
        "format": FORMAT,
        "seed": game.seed,
        "weeks": game.weeks,
        "variant": game.variant,
        "portfolio_digest": game.start.digest(),
        "week": game.week,
        "decisions": game.decisions,
    }
    return json.dumps(data, indent=1, sort_keys=False)


def save(game: Game, path) -> None:
    """Write the game to ``path`` as JSON (UTF-8)."""
    Path(path).write_text(to_json(game) + "\n", encoding="utf-8")


def from_json(text: str, portfolio: Portfolio | None = None) -> Game:
    """The game a JSON text describes, replayed to the week it was saved at.

    Parameters
    ----------
    text : str
        From :func:`to_json` (or :meth:`Game.to_json`).
    portfolio : Portfolio, optional
        The starting portfolio, needed only when the game was not started
        from the teaching portfolio or a variant.

    Raises
    ------
    GameError
        When the text is not a saved game, the portfolio is missing or is not
        the one the game started from, or a decision no longer applies.
    """
    from .state import new_game

    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise GameError(f"not a saved game: the text is not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GameError(f'not a saved game: no "format": "{FORMAT}" in the text')
    for key in ("seed", "weeks", "variant", "week", "decisions"):
        if key not in data:
            raise GameError(f"saved game has no {key!r}")
    if data["variant"] is None:
        if portfolio is None:
            raise GameError("this game started from a given portfolio: pass it as portfolio=")
        start = portfolio
    else:
        start = data["variant"]
    game = new_game(start, seed=data["seed"], weeks=data["weeks"])
    digest = data.get("portfolio_digest")
    if digest and digest != game.start.digest():
        raise GameError("the starting portfolio is not the one this game was saved with")
    decisions = data["decisions"]
    if not isinstance(decisions, list):
        raise GameError("saved game: 'decisions' must be a list of decision records")
    week = data["week"]
    if isinstance(week, bool) or not isinstance(week, int) or not 0 <= week <= game.weeks:
        raise GameError(f"saved game: week must be from 0 to {game.weeks}, not {week!r}")
    try:
        return game.play(decisions, until_week=week)
    except GameError as exc:
        raise GameError(f"saved game: {exc}") from None


def load_game(path, portfolio: Portfolio | None = None) -> Game:
    """The game saved at ``path`` (see :func:`from_json`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise GameError(f"cannot read the saved game {str(path)!r}: {exc.strerror}") from None
    return from_json(text, portfolio=portfolio)
