"""What a check or a hint shows: a small HTML box in a notebook, plain text elsewhere.

IPython is imported only when something is displayed, so importing the checks
costs nothing outside a notebook.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["Feedback", "Hint"]

#: status -> (label, border colour, background colour)
_LOOKS = {
    "correct": ("Correct", "#2e7d32", "#e8f5e9"),
    "incorrect": ("Not yet", "#c62828", "#ffebee"),
    "unanswered": ("Not answered yet", "#616161", "#f5f5f5"),
    "hint": ("Hint", "#1565c0", "#e3f2fd"),
}


@dataclass(eq=False)
class _Shown:
    """A message that shows itself once in a notebook (and as text anywhere else)."""

    question_id: str
    status: str
    message: str
    _shown: bool = field(default=False, init=False, repr=False)

    @property
    def label(self) -> str:
        return _LOOKS[self.status][0]

    @property
    def text(self) -> str:
        """The plain-text form, e.g. ``[03.cpi] Correct: ...``."""
        return f"[{self.question_id}] {self.label}: {self.message}"

    def html(self) -> str:
        """The HTML box (the message escaped)."""
        _, border, background = _LOOKS[self.status]
        return (
            f'<div class="pmo-check pmo-check-{self.status}" style="border-left: 4px solid '
            f"{border}; background: {background}; padding: 0.5em 0.8em; margin: 0.3em 0; "
            f'font-family: sans-serif;"><strong>{html.escape(self.label)}</strong> '
            f'<span style="color: #616161;">({html.escape(self.question_id)})</span><br>'
            f"{html.escape(self.message)}</div>"
        )

    def show(self) -> None:
        """Display the box now: in IPython as HTML with a plain-text fallback, else print."""
        self._shown = True
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:  # pragma: no cover - IPython ships with the kit
            print(self.text)
            return
        if get_ipython() is None:
            print(self.text)
            return
        display({"text/plain": self.text, "text/html": self.html()}, raw=True)

    def _ipython_display_(self) -> None:
        # check() has already shown it; as the last line of a cell it must not show twice
        if not self._shown:
            self.show()

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False)
class Feedback(_Shown):
    """The outcome of :func:`~pmo_exercises.checks.check`.

    Attributes
    ----------
    question_id : str
        The question checked, e.g. ``"03.cpi"``.
    status : {"correct", "incorrect", "unanswered"}
        ``"unanswered"`` when the answer is still ``...`` (or None): neutral,
        not a mistake.
    message : str
        What is shown: why the answer matters, or the mistake it shows.
    hints_left : int
        How many hint levels the trainee has not seen yet.
    mistake : str or None
        The name of the misconception recognised, if any (e.g. ``"ev_ac_swapped"``).
    """

    hints_left: int = 0
    mistake: str | None = None

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == "correct"

    def __repr__(self) -> str:
        return f"Feedback({self.text!r}, hints_left={self.hints_left})"


@dataclass(eq=False)
class Hint(_Shown):
    """One level of hint from :class:`~pmo_exercises.checks.Hints`.

    Attributes
    ----------
    level : int
        1 (a nudge), 2 (the formula), 3 (where in the data); the last level
        is repeated once all are shown.
    hints_left : int
        Levels not yet shown.
    """

    level: int = 1
    hints_left: int = 0

    def __repr__(self) -> str:
        return f"Hint({self.text!r}, level={self.level}, hints_left={self.hints_left})"
