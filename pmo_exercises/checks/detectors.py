"""Detectors of usual mistakes, to build :class:`~.questions.Misconception` lists.

A detector is a function ``(answer, expected, context) -> bool``. The
factories below make the common ones; a question may also use its own
function. Each fires only near a specific wrong value, so a detector never
confirms a right answer: :func:`~.questions.judge` tries them only once the
answer is known to be wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["close_to", "in_percent", "negated", "reciprocal"]

#: How close to a wrong value an answer must be for its detector to fire.
REL_TOL = 0.01


def _near(answer, value, rel_tol: float, abs_tol: float) -> bool:
    if value is None or answer is None:
        return False
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return False
    return math.isclose(float(answer), value, rel_tol=rel_tol, abs_tol=abs_tol)


def close_to(
    figure: Callable[[object], float], *, rel_tol: float = REL_TOL, abs_tol: float = 0.0
) -> Callable:
    """Fires when the answer is the wrong figure ``figure(context)``.

    Examples
    --------
    >>> detect = close_to(lambda ctx: ctx["spi"])
    >>> detect(0.8, 0.9, {"spi": 0.8}), detect(0.9, 0.9, {"spi": 0.8})
    (True, False)
    """

    def detect(answer, expected, context) -> bool:
        return _near(answer, figure(context), rel_tol, abs_tol)

    return detect


def reciprocal(*, rel_tol: float = REL_TOL) -> Callable:
    """Fires on ``1 / expected``: a ratio turned upside down (AC / EV for EV / AC).

    Examples
    --------
    >>> reciprocal()(2.0, 0.5, None)
    True
    """

    def detect(answer, expected, context) -> bool:
        return expected != 0 and _near(answer, 1.0 / float(expected), rel_tol, 0.0)

    return detect


def in_percent(*, rel_tol: float = REL_TOL) -> Callable:
    """Fires on ``100 x expected``: a fraction or ratio given in percent.

    Examples
    --------
    >>> in_percent()(46.0, 0.46, None)
    True
    """

    def detect(answer, expected, context) -> bool:
        return _near(answer, 100.0 * float(expected), rel_tol, 0.0)

    return detect


def negated(*, rel_tol: float = REL_TOL) -> Callable:
    """Fires on ``-expected``: a variance with its sign reversed (AT - ES for ES - AT).

    Examples
    --------
    >>> negated()(5.7, -5.7, None)
    True
    """

    def detect(answer, expected, context) -> bool:
        return expected != 0 and _near(answer, -float(expected), rel_tol, 0.0)

    return detect
