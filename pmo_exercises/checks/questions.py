"""Questions as data, and how an answer is judged: type first, then shape, then value.

A :class:`Question` says how to compute its expected answer from the teaching
portfolio (by calling the analytics, never a number typed in), how close an
answer must be, and which usual mistakes to recognise. Each
:class:`Misconception` is a detector ``(answer, expected, context) -> bool``
with the message to show when it fires: the message names the PMO mistake and
never gives the expected value away.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .search import FormulaSearch

__all__ = ["KINDS", "Misconception", "Question", "judge"]

#: The kinds of answer a question can expect.
KINDS = ("number", "integer", "text")

Detector = Callable[[object, object, object], bool]


@dataclass(frozen=True)
class Misconception:
    """A usual mistake: a detector and the message that names it.

    Parameters
    ----------
    name : str
        A short id, e.g. ``"ev_ac_swapped"`` (shown in ``Feedback.mistake``).
    detect : callable
        ``detect(answer, expected, context) -> bool``, with ``answer``
        already of the question's kind (a float, an int or a normalised str).
    message : str
        What the trainee reads: the mistake, in PMO terms, without the answer.
    """

    name: str
    detect: Detector
    message: str


@dataclass(frozen=True)
class Question:
    """One "Try it" question of a lesson.

    Parameters
    ----------
    id : str
        ``"NN.name"``: the module number, then a short name (``"03.cpi"``).
    prompt : str
        The question in one sentence, as a coach would list it.
    expected : callable
        ``expected(context) -> value``: the answer, computed with the analytics
        from the teaching context (see :func:`~pmo_exercises.checks.context.teaching_context`).
    why : str
        One line shown with "Correct": why this matters to a PMO.
    hints : tuple of str
        Levels of hint: a nudge, the formula, where in the data.
    kind : {"number", "integer", "text"}
        What the answer must be.
    rel_tol, abs_tol : float
        For numbers: how close counts as right (``math.isclose``).
    unit : str
        What the number is in ("ratio", "EUR", "weeks"...), used in messages.
    normalise : callable, optional
        For text: applied to the answer and the expected value before comparing.
    misconceptions : tuple of Misconception
        Tried in order on a wrong answer; the first that fires is shown.
    search : FormulaSearch, optional
        For a number built from a formula: the formula and its inputs. When no
        misconception fires, the plausible wrong computations of the formula
        are searched and the nearest one the answer matches is named
        (:func:`~.search.name_mistake`).
    wrong : str
        Shown when the answer is wrong and no misconception fits.
    """

    id: str
    prompt: str
    expected: Callable[[object], object]
    why: str
    hints: tuple[str, ...]
    kind: str = "number"
    rel_tol: float = 0.0
    abs_tol: float = 0.0
    unit: str = ""
    normalise: Callable[[str], str] | None = None
    misconceptions: tuple[Misconception, ...] = field(default_factory=tuple)
    search: FormulaSearch | None = None
    wrong: str = "That is not what the data gives. Check the project, the week and the formula."

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"question {self.id}: kind must be one of {KINDS}, not {self.kind!r}")
        if not self.hints:
            raise ValueError(f"question {self.id}: give at least one hint")

    def matches(self, answer, expected) -> bool:
        """True when ``answer`` (already of the right kind) counts as ``expected``."""
        if self.kind == "number":
            return math.isclose(answer, expected, rel_tol=self.rel_tol, abs_tol=self.abs_tol)
        if self.kind == "text" and self.normalise is not None:
            return self.normalise(answer) == self.normalise(expected)
        return answer == expected


def unanswered(answer) -> bool:
    """The placeholder ``...`` or None: the trainee has not answered yet."""
    return answer is ... or answer is None


def judge(question: Question, answer, context) -> tuple[str, str, str | None]:
    """``(status, message, mistake)`` for an answer: type, then shape, then value."""
    if unanswered(answer):
        return (
            "unanswered",
            "replace the ... with your answer and run the cell again.",  # neutral, no mistake
            None,
        )
    value, problem = coerce(question, answer)
    if problem is not None:
        return "incorrect", problem[0].upper() + problem[1:], "type_or_shape"
    expected = question.expected(context)
    if question.matches(value, expected):
        return "correct", question.why, None
    for misconception in question.misconceptions:
        if misconception.detect(value, expected, context):
            return "incorrect", misconception.message, misconception.name
    if question.search is not None and question.kind == "number":
        from .search import name_mistake

        def matches(answer: float, value: float) -> bool:
            # the question's own tolerance, and never stricter than rounding noise
            return question.matches(answer, value) or math.isclose(answer, value, rel_tol=1e-9)

        found = name_mistake(question.search, context, value, float(expected), matches)
        if found is not None:
            return "incorrect", found.message, found.name
    return "incorrect", question.wrong, None


def coerce(question: Question, answer):
    """The answer as the question's kind, or ``(None, why not)``."""
    wanted = {"number": "one number", "integer": "one whole number", "text": "one text"}[
        question.kind
    ]
    if getattr(answer, "shape", None) == () and hasattr(answer, "item"):
        answer = answer.item()  # a numpy scalar or 0-d array: one plain value
    # -- type -----------------------------------------------------------------------
    if type(answer).__name__ == "NAType" or (
        isinstance(answer, float) and math.isnan(answer) and question.kind != "text"
    ):
        return None, (
            "your answer is missing (NaN or <NA>): the figure is undefined where you looked. "
            "A project that has not started, or week 0, has no index yet: pick the row "
            "the question asks about."
        )
    if isinstance(answer, bool):
        return None, f"True or False answers a yes/no question; this one wants {wanted}."
    if isinstance(answer, dict):
        return None, (
            f"you gave a whole dict of figures (as evm() returns); this question wants "
            f"{wanted}: pick it by its key, e.g. figures['cpi']."
        )
    if _is_table(answer):
        rows, cols = answer.shape
        return None, (
            f"you gave a table of {rows} rows and {cols} columns; this question wants {wanted}: "
            "select the row of the project (and the week) and then the one column."
        )
    if _is_sequence(answer):
        size = len(answer)
        if size == 0:
            return None, (
                "your selection is empty: the filter matched no row. Check the project id "
                "and the week you filtered on."
            )
        if size > 1:
            return None, (
                f"you gave {size} values; this question wants {wanted}: filter to the one "
                "project (and the status week) first."
            )
        return None, (
            f"you gave one value inside a {type(answer).__name__}; take it out with .item() "
            f"(or .iloc[0]) so that the answer is {wanted}."
        )
    if question.kind == "text":
        if not isinstance(answer, str):
            return None, f"this question wants a text such as a project id, not a {_kind(answer)}."
        text = answer.strip()
        return (question.normalise(text) if question.normalise else text), None
    if isinstance(answer, str):
        stripped = answer.strip()
        if stripped.endswith("%"):
            return None, "you gave a text with a percent sign; this question wants a plain number."
        return None, (
            f"you gave a text (in quotes); this question wants {wanted}. Write the number "
            "without quotes, or better, the expression that computes it."
        )
    if not isinstance(answer, numbers.Real):
        return None, f"this question wants {wanted}, not a {_kind(answer)}."
    value = float(answer)
    if question.kind == "integer":
        if not value.is_integer():
            return None, f"this question wants {wanted} ({question.unit or 'a count'})."
        return int(value), None
    return value, None


def _is_table(answer) -> bool:
    shape = getattr(answer, "shape", None)
    return isinstance(shape, tuple) and len(shape) == 2 and not isinstance(answer, str)


def _is_sequence(answer) -> bool:
    if isinstance(answer, str | bytes | dict):
        return False
    return isinstance(answer, list | tuple | set) or hasattr(answer, "__len__")


def _kind(answer) -> str:
    return f"value of type {type(answer).__name__}"
