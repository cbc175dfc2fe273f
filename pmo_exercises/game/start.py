"""Starting a game: the portfolio it is played on, its seed and its length, checked.

A game starts from the teaching portfolio, a trainee's variant of it or a
portfolio given as such, with a status history (the report of week 0 is the
portfolio's status at its status date). :func:`new_game` checks what it is
given, with a one-line :class:`~.decisions.GameError` for anything it cannot
start from, and hands the rest to :class:`~.state.Game`, which holds the
game from then on; :func:`~.persistence.load_game` starts a saved game the
same way before replaying its decisions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .decisions import GameError

if TYPE_CHECKING:  # pragma: no cover
    from .state import Game

__all__ = ["DEFAULT_WEEKS", "MAX_WEEKS", "new_game"]

#: Weeks in a game unless told otherwise (the capstone's twelve).
DEFAULT_WEEKS = 12
#: The longest game.
MAX_WEEKS = 52


def new_game(portfolio=None, seed: int = 0, weeks: int = DEFAULT_WEEKS) -> Game:
    """Start a PMO game.

    Parameters
    ----------
    portfolio : None, str or Portfolio
        ``None``: the teaching portfolio (:func:`~pmo_exercises.load_portfolio`);
        a string: that trainee's variant; a :class:`~pmo_exercises.Portfolio`
        with a status history: that portfolio (a saved game then records its
        digest, and :func:`load_game` needs it back).
    seed : int
        Fixes the simulated future and the random events.
    weeks : int
        Weeks to play (1 to ``MAX_WEEKS``; default 12).

    Returns
    -------
    Game
        At week 0: the report is the portfolio's status at its status date.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> g = pmo.game.new_game(seed=0)
    >>> g.decide("escalate", project_id="P11")  # doctest: +SKIP
    >>> g.advance().score()["total"]  # doctest: +SKIP
    """
    from ..core.portfolio import Portfolio
    from ..simulation.loading import load_portfolio
    from .state import Game  # the game's module imports this one: Game is read when called

    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise GameError(f"seed must be a whole number >= 0, not {seed!r}")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise GameError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}")
    if portfolio is None or isinstance(portfolio, str):
        variant = portfolio or ""
        start = load_portfolio(variant=variant or None)
    elif isinstance(portfolio, Portfolio):
        variant, start = None, portfolio
    else:
        raise GameError(
            f"portfolio must be None, a trainee id or a Portfolio, not {type(portfolio).__name__}"
        )
    if start.status_week < 1:
        raise GameError("the game starts from a portfolio with a status history (status_week 0)")
    return Game(start, seed=seed, weeks=weeks, variant=variant)
