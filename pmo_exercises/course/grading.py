"""What hidden tests use: the answer key and checks whose messages teach.

A test cell of a graded assignment reads::

    \"\"\"CPI per project matches your portfolio.\"\"\"
    from pmo_exercises.course import grading
    key = grading.key()
    expected = pmo.tracking.evm(...)            # computed from key.portfolio
    grading.expect_series(cpi_by_project, expected, what="cpi_by_project",
                          mistakes={"EV and AC are swapped: CPI = EV / AC": 1 / expected})

Checks run in order, as the UBC worksheets do: the type first, then the shape
(length, index), then the values, and when the value is wrong, whether it
matches a known PMO mistake, whose message is then the feedback.

A figure built from a formula (CPI, an EAC, an EMV, a PERT chance...) can also
name the mistakes nobody listed: ``search=formula(family, figure, inputs)``
gives the formula and its inputs, computed from the key like ``expected``;
when no hand-written mistake matches, the plausible wrong computations of
the formula (:mod:`pmo_exercises.checks.search`) are tried and the nearest
one the answer matches is named, in PMO words and without a number::

    grading.expect_series(cpi_by_project, expected, what="cpi_by_project",
                          mistakes={...},
                          search=grading.formula("earned value", "cpi", started))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..core.portfolio import Portfolio
from . import _guard
from .identity import grading_trainee, trainee_id
from .work import declared_trainee, kept_portfolio, ownership_problem

__all__ = [
    "AnswerKey",
    "Search",
    "expect_choice",
    "expect_ids",
    "expect_number",
    "expect_series",
    "expect_text",
    "formula",
    "key",
    "untouched_portfolio",
    "whole_number",
]

# The variants key() built itself, for a trainee whose start() kept no copy.
_cache: dict[str, Portfolio] = {}


@dataclass(frozen=True)
class AnswerKey:
    """The portfolio answers are checked against: an untouched copy, for the trainee graded."""

    trainee: str
    portfolio: Portfolio


@dataclass(frozen=True)
class Search:
    """A figure's formula and its inputs from the key: what :func:`formula` returns.

    Attributes
    ----------
    family : Family
        The formulas the figure belongs to (:mod:`pmo_exercises.checks.formulas`).
    figure : str
        The formula the test asks for, by its name in the family (``"cpi"``).
    inputs : mapping of str to number or Series
        Each symbol of the family the test knows: a number (one figure), or a
        Series (one value per project, task or risk).
    then : callable, optional
        For a figure that applies the formula case by case and then combines
        the cases (a CPM run on every task's PERT mean, a reserve summing the
        threats' EMVs): ``then(values) -> number``, on one value per case in
        the order of ``inputs``. Computed from the key only.
    """

    family: object
    figure: str
    inputs: Mapping[str, object] = field(default_factory=dict)
    then: Callable[[object], float] | None = None

    def tried(self, cases=None) -> list[tuple[str, object, str]]:
        """The wrong computations: (name, numpy array of values, message), in preference order.

        ``cases`` (an index) lines Series inputs up with the answer's ids; without
        it, Series are taken in their order.
        """
        import numpy as np
        import pandas as pd

        from ..checks.search import FormulaSearch, candidates_each

        given = {}
        for symbol, value in self.inputs.items():
            if isinstance(value, pd.Series):
                if cases is not None:
                    value = value.set_axis(value.index.map(str)).reindex(cases)
                value = value.to_numpy(dtype=float)
            given[symbol] = value
        found = candidates_each(FormulaSearch(self.family, self.figure, _as_given), given)
        if self.then is None:
            return found
        out = []
        for name, values, message in found:
            try:
                value = float(self.then(values))
            except (ArithmeticError, ValueError, TypeError, KeyError, IndexError):
                continue
            if math.isfinite(value):
                out.append((name, np.array([value]), message))
        return out


def _as_given(inputs):
    return inputs


def formula(family, figure: str, inputs=None, *, then=None, **more) -> Search:
    """The formula of a figure and its inputs, for the mistake search of ``expect_*``.

    Parameters
    ----------
    family : Family or str
        A family of :mod:`pmo_exercises.checks.formulas`, or its name: ``"earned
        value"``, ``"earned schedule"``, ``"cpm"``, ``"pert"``, ``"emv"``,
        ``"capacity"`` (any case, ``_`` for a space).
    figure : str
        The formula asked for, by its name in the family (``"cpi"``, ``"eac_cpi"``,
        ``"chance"``, ``"fund"``...).
    inputs : mapping or DataFrame, optional
        The symbols' values, from the key: a DataFrame's columns named like a
        symbol of the family (the others are left out), its rows the cases.
        ``more`` adds or overrides symbols, by their names in the family.
    then : callable, optional
        See :class:`Search`.

    >>> formula("earned value", "cpi", ev=40, ac=50).figure
    'cpi'
    """
    from ..checks import formulas

    if isinstance(family, str):
        wanted = family.strip().casefold().replace("_", " ")
        constants = {name: getattr(formulas, name) for name in formulas.__all__}
        named = {f.name.casefold(): f for f in constants.values()}
        named |= {name.casefold().replace("_", " "): f for name, f in constants.items()}
        named["critical path method"] = formulas.CPM
        if wanted not in named:
            raise ValueError(f"no formula family {family!r}: one of {sorted(named)}")
        family = named[wanted]
    # a figure or a symbol the family does not know fails here, not on a wrong answer
    family.forms(figure)
    unknown = sorted(set(more) - set(family.symbols))
    if unknown:
        raise ValueError(f"{family.name} has no symbol {', '.join(unknown)}")
    given = dict(inputs.items()) if inputs is not None else {}
    # of a table or a mapping, the columns that are symbols of the family (a figures table
    # such as earned_value_history's holds dates and other figures too)
    given = {k: v for k, v in given.items() if k in family.symbols}
    return Search(family, figure, {**given, **more}, then)


def key() -> AnswerKey:
    """The answer key, after checking that the notebook is the trainee's own.

    Raises
    ------
    AssertionError
        When a trainee cell replaced a builtin or an analytics function, or
        the notebook was worked on another trainee's portfolio.
    """
    from ..simulation.loading import load_portfolio

    replaced = _guard.changed()
    if replaced:
        raise AssertionError(
            "graded as wrong: this notebook replaced "
            + ", ".join(replaced[:5])
            + (" ..." if len(replaced) > 5 else "")
            + "; answer with the kit as it is"
        )
    graded_as = grading_trainee()
    problem = ownership_problem(declared_trainee(), graded_as)
    if problem:
        raise AssertionError(problem)
    who = graded_as or declared_trainee() or trainee_id()
    if who is None:
        raise AssertionError("no trainee id: run the first cell of the notebook (TRAINEE_ID)")
    portfolio = untouched_portfolio(who)
    if portfolio is None:
        portfolio = _cache[who] = load_portfolio(variant=who)
    # a copy: nothing a trainee's code did to a table can reach the next test
    return AnswerKey(who, portfolio.copy())


def untouched_portfolio(trainee: str) -> Portfolio | None:
    """The copy of ``trainee``'s portfolio kept before any notebook code ran, if any.

    The one :func:`~pmo_exercises.course.work.start` kept, else the one
    :func:`key` built.
    """
    if trainee in _cache:
        return _cache[trainee]
    return kept_portfolio(trainee)


def whole_number(value) -> bool:
    """Whether ``value`` is a whole number, in any of the forms a trainee gives one.

    A Python ``int``, a numpy integer (what ``frame.at[...]`` and ``.max()``
    return) and a float with no fraction (``7.0``) all are; ``True`` is not,
    nor is text.

    >>> import numpy as np
    >>> [whole_number(x) for x in (7, np.int64(7), 7.0, np.float32(7), 7.5, True, "7")]
    [True, True, True, True, False, False, False]
    """
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return isinstance(value, numbers.Integral) or float(value).is_integer()


def _name(value) -> str:
    return type(value).__name__


def _close(a: float, b: float, rel: float, abs_: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


def _as_float(answer, what: str) -> float:
    import numbers

    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise AssertionError(f"{what} should be a number, not {_name(answer)} ({answer!r:.60})")
    return float(answer)


def _mistake(matches, mistakes: Mapping[str, object] | None) -> str | None:
    for message, wrong in (mistakes or {}).items():
        try:
            if matches(wrong):
                return message
        except (TypeError, ValueError, KeyError, AssertionError):
            continue
    return None


def expect_number(
    answer,
    expected: float,
    *,
    what: str,
    rel: float = 1e-6,
    abs_tol: float = 1e-9,
    mistakes: Mapping[str, float] | None = None,
    hint: str = "",
    search: Search | None = None,
) -> None:
    """Check a number; name the PMO mistake when the answer matches a known one.

    Parameters
    ----------
    answer : object
        What the trainee assigned.
    expected : float
        The right value, from the answer key.
    what : str
        The variable's name, as the question asks for it.
    rel, abs_tol : float
        Tolerances (relative to the larger magnitude, and absolute).
    mistakes : mapping of str to float, optional
        Message -> the value that mistake gives.
    hint : str, optional
        Said when the value is wrong and matches no known mistake.
    search : Search, optional
        The figure's formula and inputs (:func:`formula`): when no mistake of
        ``mistakes`` matches, the nearest wrong computation of the formula the
        answer matches is named.
    """
    value = _as_float(answer, what)
    if _close(value, float(expected), rel, abs_tol):
        return
    message = _mistake(lambda w: _close(value, float(w), rel, abs_tol), mistakes)
    if message is None and search is not None:
        message = _searched(search, [value], [float(expected)], None, rel, abs_tol)
    if message:
        raise AssertionError(f"{what}: {message}")
    raise AssertionError(f"{what} is not right yet{': ' + hint if hint else ''}")


def expect_series(
    answer,
    expected,
    *,
    what: str,
    rel: float = 1e-6,
    abs_tol: float = 1e-9,
    mistakes: Mapping[str, object] | None = None,
    hint: str = "",
    search: Search | None = None,
) -> None:
    """Check a pandas Series indexed by id: type, then ids, then values.

    ``mistakes`` maps a message to the Series that mistake gives. ``search``
    (:func:`formula`, with one input value per id) names the wrong computation
    the answer matches on every id, when no mistake of ``mistakes`` does.
    """
    import pandas as pd

    if not isinstance(answer, pd.Series):
        raise AssertionError(
            f"{what} should be a pandas Series indexed by {expected.index.name or 'id'}, "
            f"not {_name(answer)}"
        )
    want = set(map(str, expected.index))
    got = set(map(str, answer.index))
    if got != want:
        # a mistake can change the ids too (only the active projects, say): name it
        message = _mistake(
            lambda wrong: (
                set(map(str, wrong.index)) == got and _same_values(answer, wrong, rel, abs_tol)
            ),
            mistakes,
        )
        if message:
            raise AssertionError(f"{what}: {message}")
        missing, extra = sorted(want - got), sorted(got - want)
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing[:6])}{' ...' if len(missing) > 6 else ''}")
        if extra:
            parts.append(f"unexpected {', '.join(extra[:6])}{' ...' if len(extra) > 6 else ''}")
        raise AssertionError(
            f"{what} should have one value per {expected.index.name or 'id'} "
            f"({len(want)}); it has {len(got)}: {'; '.join(parts)}"
        )
    try:
        values = pd.to_numeric(answer, errors="raise").astype(float)
    except (TypeError, ValueError):
        raise AssertionError(f"{what} should hold numbers, not {answer.dtype}") from None
    values.index = values.index.map(str)
    exp = expected.astype(float)
    exp.index = exp.index.map(str)
    values = values.reindex(exp.index)

    def same(other) -> bool:
        return _same_values(values, other, rel, abs_tol)

    if same(exp):
        return
    message = _mistake(same, mistakes)
    if message is None and search is not None:
        message = _searched(search, values.to_numpy(), exp.to_numpy(), exp.index, rel, abs_tol)
    if message:
        raise AssertionError(f"{what}: {message}")
    a, b = values.to_numpy(), exp.to_numpy()
    wrong = [
        i
        for i, x, y in zip(exp.index, a, b, strict=True)
        if not (math.isnan(x) and math.isnan(y)) and not _close(x, y, rel, abs_tol)
    ]
    raise AssertionError(
        f"{what} is wrong for {len(wrong)} of {len(exp)} ({', '.join(wrong[:4])}"
        f"{' ...' if len(wrong) > 4 else ''}){': ' + hint if hint else ''}"
    )


def _searched(search: Search, answer, expected, cases, rel: float, abs_tol: float) -> str | None:
    """The message of the wrong computation nearest ``answer`` that it matches in every case.

    A computation that gives the right figure in every case (the same figure
    by another road) is no mistake, and is skipped.
    """
    import numpy as np

    got = np.asarray(answer, dtype=float)
    want = np.asarray(expected, dtype=float)

    def close(x, y) -> bool:
        with np.errstate(invalid="ignore"):
            near = np.abs(x - y) <= np.maximum(rel * np.maximum(np.abs(x), np.abs(y)), abs_tol)
        return bool(np.all((np.isnan(x) & np.isnan(y)) | near))

    best: tuple[float, int, str] | None = None
    for order, (_, value, message) in enumerate(search.tried(cases)):
        if value.shape != want.shape or close(value, want) or not close(got, value):
            continue
        with np.errstate(all="ignore"):
            gap = np.abs(got - value) / np.maximum(np.abs(value), 1e-12)
        distance = float(np.nanmean(gap)) if np.isfinite(gap).any() else 0.0
        if best is None or (distance, order) < best[:2]:
            best = (distance, order, message)
    return None if best is None else best[2]


def _same_values(answer, other, rel: float, abs_tol: float) -> bool:
    """Whether two Series with the same ids hold the same numbers (NaN equals NaN)."""
    import numpy as np
    import pandas as pd

    try:
        a = pd.to_numeric(answer, errors="raise").astype(float)
        b = pd.to_numeric(other, errors="raise").astype(float)
    except (TypeError, ValueError):
        return False
    a.index, b.index = a.index.map(str), b.index.map(str)
    x, y = a.to_numpy(), b.reindex(a.index).to_numpy()
    close = np.abs(x - y) <= np.maximum(rel * np.maximum(np.abs(x), np.abs(y)), abs_tol)
    return bool(np.all((np.isnan(x) & np.isnan(y)) | close))


def _id(value) -> str:
    return str(value).strip().casefold()


def expect_ids(
    answer,
    expected: Iterable[str],
    *,
    what: str,
    mistakes: Mapping[str, Iterable[str]] | None = None,
    hint: str = "",
) -> None:
    """Check a collection of ids (order does not matter); say how many are off."""
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise AssertionError(f"{what} should be a list of ids, not {_name(answer)}")
    # ids in any case, with stray spaces: "p07 " is P07
    got = {_id(x) for x in answer}
    want = {_id(x) for x in expected}
    if got == want:
        return
    message = _mistake(lambda w: got == {_id(x) for x in w}, mistakes)
    if message:
        raise AssertionError(f"{what}: {message}")
    missing, extra = len(want - got), len(got - want)
    parts = []
    if missing:
        parts.append(f"{missing} missing")
    if extra:
        parts.append(f"{extra} that should not be there")
    raise AssertionError(
        f"{what} is not right yet ({' and '.join(parts)}){': ' + hint if hint else ''}"
    )


def expect_choice(answer, expected: str, *, what: str, options: Iterable[str], why: str) -> None:
    """Check one choice among options; ``why`` explains the right choice's reason."""
    options = [str(o) for o in options]
    if not isinstance(answer, str):
        raise AssertionError(f"{what} should be one of {options}, as text")
    # any case, stray spaces: "Accept " is the option "accept"
    if _id(answer) not in {_id(o) for o in options}:
        raise AssertionError(f"{what} should be one of {options}, not {answer!r}")
    if _id(answer) != _id(expected):
        raise AssertionError(f"{what}: not this one. {why}")


def expect_text(answer, *, what: str, min_words: int = 5) -> None:
    """A written answer exists and is more than a few words (its content is graded by hand)."""
    if not isinstance(answer, str) or len(answer.split()) < min_words:
        raise AssertionError(f"{what} should be a sentence or more, written as text")
