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
(EV and AC swapped, PV used for EV, an index in percent, BAC / CPI for an
atypical overrun...) and the message names the mistake, never the answer.

The expected answers are computed from the default teaching portfolio by the
analytics themselves: see :func:`registry` for the list, with the values, for
coaches.

Adding a lesson's questions: write ``checks/lessonNN.py`` with a tuple
``QUESTIONS`` of :class:`Question` (expected values computed from the
:class:`~.context.TeachingContext`, never typed in; misconceptions built with
:mod:`.detectors`), list it in ``_questions`` below, and give every
misconception a wrong answer in ``tests/test_checks.py``: the tests fail until
each one fires.

State: a :class:`Hints` object holds the hint levels shown so far, and keeps
them in the user's configuration (``~/.config/pmo/hints.json``), so that a
restarted kernel does not show the first hint again; nothing is kept in the
package. IPython is imported only to display.
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
    "UnknownQuestion",
    "check",
    "question",
    "registry",
]


class UnknownQuestion(KeyError):
    """A question id that no lesson has, with the ids it was probably meant to be.

    In a notebook it shows as one line, without a traceback: a mistyped id is
    a typo to fix, not a bug to debug.
    """

    def __init__(self, question_id, suggestions: list[str], same_lesson: list[str]) -> None:
        self.question_id = question_id
        self.suggestions = suggestions
        message = f"no question {question_id!r}"
        if suggestions:
            message += f": did you mean {' or '.join(repr(s) for s in suggestions)}?"
        if same_lesson:
            message += f" (lesson {str(question_id).split('.')[0]} has {', '.join(same_lesson)})"
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback
        return [f"UnknownQuestion: {self.message}"]


def _questions() -> dict[str, Question]:
    from .lesson00 import QUESTIONS as LESSON_00
    from .lesson01 import QUESTIONS as LESSON_01
    from .lesson02 import QUESTIONS as LESSON_02
    from .lesson03 import QUESTIONS as LESSON_03
    from .lesson04 import QUESTIONS as LESSON_04
    from .lesson05 import QUESTIONS as LESSON_05
    from .lesson06 import QUESTIONS as LESSON_06
    from .lesson07 import QUESTIONS as LESSON_07

    found: dict[str, Question] = {}
    lessons = (
        LESSON_00,
        LESSON_01,
        LESSON_02,
        LESSON_03,
        LESSON_04,
        LESSON_05,
        LESSON_06,
        LESSON_07,
    )
    for q in (q for lesson in lessons for q in lesson):
        if q.id in found:  # pragma: no cover - guarded by the tests
            raise ValueError(f"two questions with the id {q.id!r}")
        found[q.id] = q
    return found


def question(question_id: str) -> Question:
    """The :class:`Question` with this id.

    Raises
    ------
    UnknownQuestion
        For an unknown id (a :class:`KeyError`); the message names the
        closest ids and lists the lesson's.

    Examples
    --------
    >>> question("03.cpl")
    Traceback (most recent call last):
    ...
    pmo_exercises.checks.UnknownQuestion: no question '03.cpl': did you mean '03.cpi'? ...
    """
    questions = _questions()
    if question_id not in questions:  # " 03.CPI" is 03.cpi: a typing slip, not another id
        question_id = str(question_id).strip().lower()
    if question_id not in questions:
        import difflib

        module = str(question_id).split(".")[0]
        same = [q for q in questions if q.startswith(f"{module}.")]
        close = difflib.get_close_matches(str(question_id), list(questions), n=2, cutoff=0.6)
        raise UnknownQuestion(question_id, close, same)
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
    question_id = q.id
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
    the last one again. The levels seen are kept in ``path``, so a restarted
    kernel carries on where the trainee was; :meth:`reset` starts again.

    Parameters
    ----------
    path : path, optional
        The file that keeps the levels seen (default:
        ``~/.config/pmo/hints.json``, see
        :func:`~pmo_exercises.core.user_config.user_config_dir`). ``False``
        keeps them in this object only. Where the file cannot be written, the
        levels are kept in this object, and the hints work as before.

    Examples
    --------
    >>> hints = Hints(path=False)
    >>> first = hints("03.cpi")  # doctest: +ELLIPSIS
    [03.cpi] Hint: level 1 of 3: ...
    >>> first.level, hints.left("03.cpi")
    (1, 2)
    """

    def __init__(self, path=None) -> None:
        from pathlib import Path

        from ..core.user_config import user_config_dir

        if path is None:
            path = user_config_dir() / "hints.json"
        self._path = Path(path) if path is not False else None
        self._shown: dict[str, int] = self._read()

    def _read(self) -> dict[str, int]:
        import json

        if self._path is None:
            return {}
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or unreadable: start afresh
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(q): int(n) for q, n in data.items() if isinstance(n, int) and n > 0}

    def _write(self) -> None:
        import json
        import os
        import tempfile

        if self._path is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            # another lesson's kernel may have seen more hints since: keep the most seen
            merged = self._read()
            for qid, level in self._shown.items():
                merged[qid] = max(level, merged.get(qid, 0))
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".hints-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(dict(sorted(merged.items())), out, indent=1)
            os.replace(tmp, self._path)
        except OSError:  # a read-only home: the hints still work, for this kernel
            pass

    def __call__(self, question_id: str) -> Hint:
        """Show the next hint of a question and return it."""
        q = question(question_id)
        question_id = q.id
        level = min(self._shown.get(question_id, 0) + 1, len(q.hints))
        self._shown[question_id] = level
        self._write()
        left = len(q.hints) - level
        text = f"level {level} of {len(q.hints)}: {q.hints[level - 1]}"
        if not left:
            text += " (That is the last hint for this question.)"
        hint = Hint(question_id, "hint", text, level=level, hints_left=left)
        hint.show()
        return hint

    def left(self, question_id: str) -> int:
        """How many hint levels of a question are still unseen."""
        q = question(question_id)
        return len(q.hints) - self._shown.get(q.id, 0)

    def reset(self, question_id: str | None = None) -> None:
        """Forget the hints shown, for one question or for all (in the file too)."""
        if question_id is None:
            self._shown.clear()
        else:
            self._shown.pop(question_id, None)
        if self._path is not None:
            try:
                self._path.unlink(missing_ok=True)
            except OSError:
                return
            if self._shown:
                self._write()

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
