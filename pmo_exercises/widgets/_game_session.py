"""A game a learner can leave and come back to: kept in the browser, offered back on reload.

The page keeps the game in the visitor's browser as it goes
(:class:`~._browser_store.BrowserStore`), in the game's own save format
(:func:`pmo_exercises.game.persistence.to_json`: the seed, the weeks, the
variant and the learner's decisions, nothing else), under a key naming the
game (:func:`store_key`). When the page is opened again, what the browser
kept is checked and replayed (:func:`stored_game`) and :class:`ResumeOffer`
asks "Resume your game from week N?". Anything else the browser holds under
that key (a corrupt text, another game, another format) is refused with the
reason, and a fresh start is offered; nothing is lost, the text refused is
handed back to the page (:meth:`ResumeOffer.consider`).

:func:`debrief_heading` is the heading the page moves the focus to when the
game ends and its debrief is brought into view.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..game import GameError, from_json
from ..game.persistence import FORMAT
from ._layout import notice

if TYPE_CHECKING:  # pragma: no cover
    from ..game import Game
    from ._browser_store import StoreReport

__all__ = [
    "DEBRIEF_HEADING_CLASS",
    "MAX_STORED_CHARS",
    "ResumeOffer",
    "debrief_heading",
    "store_key",
    "stored_game",
]

#: The longest text taken for a saved game: a 52-week game with ten decisions a week
#: is about 60,000 characters.
MAX_STORED_CHARS = 200_000
#: The class of the debrief's heading (the focus goes there when the game ends).
DEBRIEF_HEADING_CLASS = "pmo-game-debrief-heading"


def store_key(game: Game) -> str:
    """The name a game is kept under in the browser: the game's seed, length and portfolio.

    The browser store adds the page's path. A game started from a portfolio
    given as such (no variant) is named by the digest of that portfolio.
    """
    if game.variant is None:
        start = f"digest-{game.start.digest()[:16]}"
    else:
        start = game.variant or "teaching"
    return f"pmo-game/seed={game.seed}/weeks={game.weeks}/portfolio={start}"


def stored_game(text: str, game: Game) -> Game:
    """The game the browser kept, replayed, once it is known to be a save of `game`'s game.

    Parameters
    ----------
    text : str
        What the browser kept (:func:`~pmo_exercises.game.persistence.to_json`).
    game : Game
        The game of the page: the one kept must have its seed, length and portfolio.

    Raises
    ------
    GameError
        When the text is too long, is not a saved game, is a save of another
        game, or does not replay (see :func:`~pmo_exercises.game.from_json`).
    """
    if len(text) > MAX_STORED_CHARS:
        raise GameError(f"it is {len(text):,} characters long, longer than any saved game")
    try:
        data = json.loads(text)
    except ValueError:
        raise GameError("it is not a saved game (the text is not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GameError(f'it is not a saved game (no "format": "{FORMAT}")')
    mine = {"seed": game.seed, "weeks": game.weeks, "variant": game.variant}
    theirs = {k: data.get(k) for k in mine}
    if theirs != mine:
        raise GameError(
            f"it is a save of another game ({_named(theirs)}), not of this page's ({_named(mine)})"
        )
    portfolio = game.start if game.variant is None else None
    try:
        return from_json(text, portfolio=portfolio)
    except GameError:
        raise
    except Exception as exc:  # a visitor's data: any surprise is a refusal, never a crash
        raise GameError(f"it does not replay as a game ({type(exc).__name__})") from None


def _named(game: dict) -> str:
    variant = game["variant"]
    portfolio = (
        "a portfolio of its own"
        if variant is None
        else "the teaching portfolio"
        if variant == ""
        else f"variant {variant!r}"
    )
    return f"seed {game['seed']!r}, {game['weeks']!r} weeks, {portfolio}"


def debrief_heading() -> widgets.HTML:
    """The heading of the debrief's card, focusable (``tabindex=-1``) for the end of a game."""
    return widgets.HTML(
        f"<h4 class='{DEBRIEF_HEADING_CLASS}' tabindex='-1' style='margin:0.3em 0'>Debrief</h4>"
    )


class ResumeOffer(widgets.VBox):
    """The offer "Resume your game from week N?", with *Resume* and *Start afresh*.

    Attributes
    ----------
    text : ipywidgets.HTML
        The question, or why what the browser kept cannot be resumed.
    resume_button, afresh_button : ipywidgets.Button
    candidate : Game or None
        The game offered, replayed and ready (``None`` when nothing is offered).
    """

    def __init__(self) -> None:
        self.candidate: Game | None = None
        self.text = widgets.HTML()
        self.resume_button = widgets.Button(description="Resume", button_style="primary")
        self.afresh_button = widgets.Button(description="Start afresh")
        super().__init__(
            [self.text, widgets.HBox([self.resume_button, self.afresh_button])],
            layout=widgets.Layout(
                display="none", border="2px solid #3b6fb6", padding="6px 10px", margin="4px"
            ),
        )
        self.add_class("pmo-game-resume")

    @property
    def pending(self) -> bool:
        """Whether a game is offered and the learner has not answered yet."""
        return self.candidate is not None

    @property
    def shown(self) -> bool:
        """Whether the offer (or a refusal) is on the page."""
        return self.layout.display != "none"

    def consider(self, report: StoreReport, game: Game) -> str | None:
        """Offer what the browser kept for `game`, or say why not.

        Returns
        -------
        str or None
            The text the browser kept when it is refused (so that the page can
            show it to be copied: nothing is lost), else None.
        """
        if report.error:
            self._show(
                notice(
                    f"This browser does not keep the game ({report.error}): use Save below to "
                    "keep a copy.",
                    "info",
                ),
                resume=False,
                afresh=False,
            )
            return None
        if report.op != "read" or report.stored is None:
            return None
        try:
            kept = stored_game(report.stored, game)
        except GameError as exc:
            self._show(
                notice(
                    f"The game saved in this browser cannot be resumed: {exc}. It is copied "
                    "into the Save box below; your next decision replaces it in this browser.",
                    "error",
                ),
                resume=False,
                afresh=True,
            )
            return report.stored
        if kept.week == 0 and not kept.decisions:
            return None  # nothing played yet: nothing to come back to
        self.candidate = kept
        score = kept.score()["total"]
        self._show(
            f"<b class='pmo-game-resume-question'>Resume your game from week {kept.week}?</b>"
            f"<div>{len(kept.decisions)} decisions taken, score {score:.1f}"
            f"{html.escape(' (game over)' if kept.over else '')}. Start afresh forgets it.</div>",
            resume=True,
            afresh=True,
        )
        return None

    def close(self) -> None:
        """Take the offer (or the refusal) off the page."""
        self.candidate = None
        self.text.value = ""
        self.layout.display = "none"

    def _show(self, text: str, *, resume: bool, afresh: bool) -> None:
        self.text.value = f"<div role='status'>{text}</div>"  # read out when it appears
        self.resume_button.layout.display = None if resume else "none"
        self.afresh_button.layout.display = None if afresh else "none"
        self.layout.display = None
