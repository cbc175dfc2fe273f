"""Instant feedback for self-paced learners: ``check`` an answer, ask for ``Hints``.

In a lesson::

    from pmo_exercises.checks import Hints, check

    hints = Hints()                 # this notebook's hint levels, one object per lesson

    answer = ...                    # the trainee replaces ... with an expression
    check("03.cpi", answer)         # Correct, Not yet (naming the mistake), or Not answered yet
    hints("03.cpi")                 # the next hint: a nudge, then the formula, then where to look

A check judges an answer as a marker would, in order: its type (a number, a
whole number, a text), then its shape (one value, not a column), then its
value. A wrong value is matched against the usual mistakes of the question
(EV and AC swapped, PV used for EV, an index in percent, BAC / CPI after a
one-off overrun...) and the message names the mistake, never the answer.

The expected answers are computed from the default teaching portfolio by the
analytics themselves: see :func:`registry` for the list, with the values, for
coaches.

Adding a lesson's questions: write ``checks/lessonNN.py`` with a tuple
``QUESTIONS`` of :class:`Question` (expected values computed from the
:class:`~.context.TeachingContext`, never typed in; misconceptions built with
:mod:`.detectors`), list it in ``_questions`` below, and give every
misconception a wrong answer in ``tests/test_checks.py``: the tests fail until
each one fires.

State: a :class:`Hints` object holds the hint levels shown so far; the lesson
creates it, so it lives in the trainee's kernel and nothing is kept in the
package between calls. IPython is imported only to display.
"""

from __future__ import annotations

from .feedback import Feedback, Hint
from .questions import KINDS, Misconception, Question, judge

__all__ = [
    "KINDS",
    "Feedback",
    "Hint",
    "Hints",
    "Misconception",
    "Question",
    "check",
    "question",
    "registry",
]


def _questions() -> dict[str, Question]:
    from .lesson01 import QUESTIONS as LESSON_01
    from .lesson02 import QUESTIONS as LESSON_02
    from .lesson03 import QUESTIONS as LESSON_03
    from .lesson04 import QUESTIONS as LESSON_04
    from .lesson05 import QUESTIONS as LESSON_05
    from .lesson06 import QUESTIONS as LESSON_06
    from .lesson07 import QUESTIONS as LESSON_07

    found: dict[str, Question] = {}
    lessons = (LESSON_01, LESSON_02, LESSON_03, LESSON_04, LESSON_05, LESSON_06, LESSON_07)
    for q in (q for lesson in lessons for q in lesson):
        if q.id in found:  # pragma: no cover - guarded by the tests
            raise ValueError(f"two questions with the id {q.id!r}")
        found[q.id] = q
    return found


def question(question_id: str) -> Question:
    """The :class:`Question` with this id.

    Raises
    ------
    KeyError
        For an unknown id; the message lists the ids of the same module.
    """
    questions = _questions()
    if question_id not in questions:
        module = str(question_id).split(".")[0]
        near = [q for q in questions if q.startswith(f"{module}.")] or list(questions)
        raise KeyError(f"no question {question_id!r}; known: {', '.join(near)}")
    return questions[question_id]


def check(question_id: str, answer, *, hint=None) -> Feedback:
    """Judge an answer, show the feedback and return it.

    Parameters
    ----------
    question_id : str
        The question, e.g. ``"03.cpi"`` (see :func:`registry`).
    answer : object
        The trainee's answer. ``...`` (the placeholder) or None means "not
        answered yet": a neutral message, not a mistake.
    hint : Hints, optional
        The lesson's :class:`Hints`: with it, ``hints_left`` and the message
        count the hints this trainee has not seen yet; without it,
        ``hints_left`` is the number of levels the question has.

    Returns
    -------
    Feedback
        ``.correct``, ``.status`` (``"correct"``, ``"incorrect"`` or
        ``"unanswered"``), ``.message``, ``.hints_left`` and ``.mistake``
        (the misconception recognised, if any). It is displayed once: in a
        notebook as a small HTML box (with a plain-text fallback), elsewhere
        printed as ``[03.cpi] Correct: ...``.

    Examples
    --------
    >>> check("03.cpi", ...).status  # doctest: +SKIP
    [03.cpi] Not answered yet: replace the ... with your answer and run the cell again.
    'unanswered'
    """
    from .context import teaching_context

    q = question(question_id)
    status, message, mistake = judge(q, answer, teaching_context())
    if hint is None:
        left = len(q.hints)
        if status == "incorrect":
            message += f" Stuck? hints({question_id!r}) gives the next hint."
    else:
        left = hint.left(question_id)
        if status == "incorrect" and left:
            message += f" Stuck? hints({question_id!r}) gives a hint ({left} left)."
    feedback = Feedback(question_id, status, message, hints_left=left, mistake=mistake)
    feedback.show()
    return feedback


class Hints:
    """Hints in levels, one object per lesson (it holds the levels shown so far).

    Each call for a question shows its next hint: first a nudge, then the
    formula, then where in the data to look; after the last level it shows
    the last one again. The state lives in this object, in the trainee's
    kernel: restart the kernel (or call :meth:`reset`) to start again.

    Examples
    --------
    >>> hints = Hints()
    >>> first = hints("03.cpi")  # doctest: +ELLIPSIS
    [03.cpi] Hint: level 1 of 3: ...
    >>> first.level, hints.left("03.cpi")
    (1, 2)
    """

    def __init__(self) -> None:
        self._shown: dict[str, int] = {}

    def __call__(self, question_id: str) -> Hint:
        """Show the next hint of a question and return it."""
        q = question(question_id)
        level = min(self._shown.get(question_id, 0) + 1, len(q.hints))
        self._shown[question_id] = level
        left = len(q.hints) - level
        text = f"level {level} of {len(q.hints)}: {q.hints[level - 1]}"
        if not left:
            text += " (That is the last hint for this question.)"
        hint = Hint(question_id, "hint", text, level=level, hints_left=left)
        hint.show()
        return hint

    def left(self, question_id: str) -> int:
        """How many hint levels of a question are still unseen."""
        return len(question(question_id).hints) - self._shown.get(question_id, 0)

    def reset(self, question_id: str | None = None) -> None:
        """Forget the hints shown, for one question or for all."""
        if question_id is None:
            self._shown.clear()
        else:
            self._shown.pop(question_id, None)

    def __repr__(self) -> str:
        shown = ", ".join(f"{q}: {n}" for q, n in sorted(self._shown.items())) or "none yet"
        return f"Hints(levels shown: {shown})"


def registry(module: str | None = None):
    """Every question, for coaches: id, prompt, kind, expected answer, tolerance, mistakes.

    Parameters
    ----------
    module : str, optional
        Keep one module's questions, e.g. ``"03"``.

    Returns
    -------
    pandas.DataFrame
        One row per question: ``id``, ``prompt``, ``kind``, ``expected``
        (computed now from the teaching portfolio), ``unit``, ``rel_tol``,
        ``abs_tol``, ``hints`` (how many levels) and ``misconceptions``
        (their names, comma-separated).
    """
    import pandas as pd

    from .context import teaching_context

    ctx = teaching_context()
    rows = [
        {
            "id": q.id,
            "prompt": q.prompt,
            "kind": q.kind,
            "expected": q.expected(ctx),
            "unit": q.unit,
            "rel_tol": q.rel_tol,
            "abs_tol": q.abs_tol,
            "hints": len(q.hints),
            "misconceptions": ", ".join(m.name for m in q.misconceptions),
        }
        for q in _questions().values()
        if module is None or q.id.startswith(f"{module}.")
    ]
    return pd.DataFrame(rows)
