"""Mistakes named by search: the plausible wrong computations of a formula, tried in turn.

A hand-written :class:`~.questions.Misconception` names a mistake an author
foresaw. This module names the ones nobody listed. A question built from a
formula (CPI = EV / AC, the three EACs, SPI(t) = ES / AT, total float, the
PERT mean, an EMV...) says which formula of which :class:`Family` it asks for,
and how to read the formula's inputs from the teaching context. On a wrong
answer, :func:`name_mistake` computes every plausible wrong version of the
formula on those inputs and names the nearest one the answer matches:

- **an input for its usual confusion**: one occurrence, or all, of a symbol
  replaced by a symbol of its confusion group (PV for EV, AT for ES, EF for LF,
  the reported progress for the actual one);
- **two inputs swapped** (AC / EV for EV / AC);
- **an operation inverted**: divided for multiplied and back, added for
  subtracted and back, the sign dropped;
- **a neighbouring formula** of the family (CV for CPI, BAC / CPI for
  AC + (BAC - EV), TCPI for CPI...);
- **a ratio in percent**, or a percentage as a ratio.

The message says what the computation was, in PMO words, and never a
number: it cannot give the answer away. A candidate that lands on the right
answer (the same figure by another road) is never called a mistake.

:func:`computations` gives the wrong computations as formulas;
:func:`candidates` evaluates them on one set of inputs (a lesson's question),
:func:`candidates_each` on many at once, one value per project, task or risk
(the graded assignments' hidden tests, through
:func:`pmo_exercises.course.grading.formula`).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from statistics import NormalDist

__all__ = [
    "Family",
    "Formula",
    "FormulaSearch",
    "Match",
    "candidates",
    "candidates_each",
    "computations",
    "name_mistake",
]

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "x", ast.Div: "/"}
_INVERSE = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
_VERB = {ast.Add: "added", ast.Sub: "subtracted", ast.Mult: "multiplied by", ast.Div: "divided by"}
_DOES = {
    ast.Add: "adds it",
    ast.Sub: "subtracts it",
    ast.Mult: "multiplies by it",
    ast.Div: "divides by it",
}
_NAMES = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "divide"}
#: The functions a formula may call.
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "phi": NormalDist().cdf,  # the standard normal distribution function
    "sqrt": math.sqrt,
    "min": min,
    "max": max,
    "abs": abs,
}


@dataclass(frozen=True)
class Formula:
    """One figure of a family, in one of its written forms.

    Attributes
    ----------
    name : str
        The figure (``"cpi"``); several forms of one figure share it.
    label : str
        How a PMO writes it, for messages: ``"CPI = EV / AC"``.
    expression : str
        The computation in the family's symbols: ``"ev / ac"``. Only numbers,
        symbols, ``+ - * /``, a leading minus and the functions ``phi``,
        ``sqrt``, ``min``, ``max``, ``abs``.
    """

    name: str
    label: str
    expression: str

    @property
    def tree(self) -> ast.expr:
        """The formula's expression, parsed."""
        return ast.parse(self.expression, mode="eval").body


@dataclass(frozen=True)
class Family:
    """Formulas that neighbour one another, and the inputs trainees confuse.

    Attributes
    ----------
    name : str
        ``"earned value"``.
    symbols : mapping of str to str
        Each symbol, as a message names it: ``{"ev": "EV (earned value)"}``.
    confusions : tuple of tuple of str
        Groups of symbols taken for one another (``("pv", "ev", "ac")``).
    formulas : tuple of Formula
        Every figure of the family, each in the forms trainees write it;
        figures that are no standard (``BAC / (CPI x SPI)``) may be listed
        too, with a label that says so.
    ratios : tuple of str
        The figures that are ratios (a trainee may give them in percent).
    percents : tuple of str
        The figures that are percentages (a trainee may give them as ratios).
    """

    name: str
    symbols: Mapping[str, str]
    confusions: tuple[tuple[str, ...], ...]
    formulas: tuple[Formula, ...]
    ratios: tuple[str, ...] = ()
    percents: tuple[str, ...] = ()

    def forms(self, name: str) -> list[Formula]:
        """The written forms of figure ``name``."""
        found = [f for f in self.formulas if f.name == name]
        if not found:
            raise KeyError(f"{self.name}: no formula {name!r}")
        return found

    def partners(self, symbol: str) -> list[str]:
        """The symbols ``symbol`` is confused with, in the order the groups give them."""
        out: list[str] = []
        for group in self.confusions:
            if symbol in group:
                out += [s for s in group if s != symbol and s not in out]
        return out


@dataclass(frozen=True)
class FormulaSearch:
    """What a question asks for, as a formula, and where its inputs come from.

    Attributes
    ----------
    family : Family
        The formulas it belongs to.
    figure : str
        The formula asked for (a :attr:`Formula.name` of the family).
    values : callable
        ``values(context) -> {symbol: number}``: the inputs, read from the
        teaching portfolio with the analytics. A symbol with no value is left
        out of the search.
    """

    family: Family
    figure: str
    values: Callable[[object], Mapping[str, float]]


@dataclass(frozen=True)
class Match:
    """A wrong computation the answer matches."""

    name: str
    message: str
    value: float = field(compare=False)


def _evaluate(node: ast.expr, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand, values)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        a, b = _evaluate(node.left, values), _evaluate(node.right, values)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        return a / b if b != 0 else math.nan
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return float(_FUNCTIONS[node.func.id](*(_evaluate(a, values) for a in node.args)))
    raise ValueError(f"a formula may not hold {ast.dump(node)}")


def _text(node: ast.expr, family: Family) -> str:
    """A sub-expression as a PMO writes it: ``(BAC - EV) / CPI``."""
    short = {s: label.split(" (")[0] for s, label in family.symbols.items()}

    class Rename(ast.NodeTransformer):
        def visit_Name(self, name: ast.Name) -> ast.Name:
            return ast.Name(id=short.get(name.id, name.id), ctx=ast.Load())

    text = ast.unparse(Rename().visit(_copy(node)))
    return text.replace(" * ", " x ").replace("phi(", "Φ(")


def _copy(node: ast.expr) -> ast.expr:
    return ast.parse(ast.unparse(node), mode="eval").body


def _names(tree: ast.expr) -> list[ast.Name]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in _FUNCTIONS]


def _with_name(tree: ast.expr, index: int, symbol: str) -> ast.expr:
    """``tree`` with its ``index``-th symbol occurrence replaced by ``symbol``."""
    new = _copy(tree)
    _names(new)[index].id = symbol
    return new


def _mutations(
    formula: Formula, family: Family, have: set[str]
) -> Iterator[tuple[str, ast.expr, str]]:
    """(name, wrong tree, message) for every one-step mutation of ``formula``."""
    tree = formula.tree
    names = _names(tree)
    symbols = [n.id for n in names]
    label = formula.label
    said = family.symbols
    # an input for its usual confusion: each occurrence alone, then all of them
    for symbol in dict.fromkeys(symbols):
        for other in family.partners(symbol):
            if other not in have:
                continue
            where = [i for i, s in enumerate(symbols) if s == symbol]
            message = f"You used {said[other]} where {said[symbol]} belongs in {label}."
            for i in where:
                yield f"{other}_for_{symbol}", _with_name(tree, i, other), message
            if len(where) > 1:
                every = _copy(tree)
                for i in where:
                    _names(every)[i].id = other
                yield f"{other}_for_{symbol}", every, message
    # two inputs of one confusion group swapped (EV and AC, never EV and CPI)
    distinct = list(dict.fromkeys(symbols))
    for i, a in enumerate(distinct):
        for b in distinct[i + 1 :]:
            if b not in family.partners(a):
                continue
            swapped = _copy(tree)
            for name in _names(swapped):
                name.id = {a: b, b: a}.get(name.id, name.id)
            message = (
                f"You swapped {said[a].split(' (')[0]} and {said[b].split(' (')[0]} in {label}."
            )
            yield f"{a}_{b}_swapped", swapped, message
    # an operation inverted, one at a time; the sign dropped
    ops = [n for n in ast.walk(tree) if isinstance(n, ast.BinOp) and type(n.op) in _INVERSE]
    for k, op in enumerate(ops):
        inverted = _copy(tree)
        target = [n for n in ast.walk(inverted) if isinstance(n, ast.BinOp)][k]
        target.op = _INVERSE[type(op.op)]()
        right = _text(op.right, family)
        message = f"You {_VERB[type(target.op)]} {right} where {label} {_DOES[type(op.op)]}."
        yield f"inverted_{_NAMES[type(op.op)]}", inverted, message
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.USub):
        yield (
            "sign_dropped",
            tree.operand,
            f"You left out the sign of {label}: it is negative here, and the sign says which "
            "way the money goes.",
        )


def _degenerate(tree: ast.expr) -> bool:
    """A difference or ratio of a thing with itself (EV - EV, AC / AC): nobody computes it."""
    return any(
        isinstance(n, ast.BinOp)
        and isinstance(n.op, (ast.Sub, ast.Div))
        and ast.dump(n.left) == ast.dump(n.right)
        for n in ast.walk(tree)
    )


def computations(family: Family, figure: str, have) -> list[tuple[str, ast.expr, str]]:
    """Every plausible wrong computation of ``figure``, as a formula: (name, tree, message).

    Only those whose inputs are all in ``have`` (the symbols with a value), and
    none that takes a thing from itself (EV - EV). In the order they are
    preferred when two give the same figure: inputs confused, inputs swapped,
    operations inverted, neighbouring formulas, then the scale (percent or
    ratio). :func:`candidates` evaluates them on one set of inputs,
    :func:`candidates_each` on many at once.
    """
    have = set(have)
    out: list[tuple[str, ast.expr, str]] = []

    def add(name: str, tree: ast.expr, message: str) -> None:
        if {n.id for n in _names(tree)} <= have and not _degenerate(tree):
            out.append((name, tree, message))

    forms = family.forms(figure)
    for form in forms:
        for name, tree, message in _mutations(form, family, have):
            add(name, tree, message)
    asked = forms[0].label
    neighbours = [f for f in family.formulas if f.name != figure]
    for other in neighbours:
        add(
            f"{other.name}_for_{figure}",
            other.tree,
            f"That is {other.label}. The question asks for {asked}.",
        )
    # a neighbour with an operation inverted (AC + (BAC - EV) x CPI for a one-off's EAC)
    for other in neighbours:
        for name, tree, message in _mutations(other, family, have):
            if name.startswith("inverted_"):
                add(
                    f"{other.name}_{name}_for_{figure}",
                    tree,
                    f"{message} And the question asks for {asked}.",
                )
    for form in forms:
        if figure in family.ratios:
            add(
                "ratio_in_percent",
                ast.BinOp(left=form.tree, op=ast.Mult(), right=ast.Constant(100)),
                f"You gave {asked} in percent. It is a ratio: a plain number, not times a hundred.",
            )
        if figure in family.percents:
            add(
                "percent_as_ratio",
                ast.BinOp(left=form.tree, op=ast.Div(), right=ast.Constant(100)),
                f"That is a fraction, not a percentage: {asked} is times a hundred.",
            )
    return out


def candidates(search: FormulaSearch, context) -> list[tuple[str, float, str]]:
    """Every plausible wrong computation of the question's formula: (name, value, message).

    In the order they are preferred when two give the same figure: inputs
    confused, inputs swapped, operations inverted, neighbouring formulas, then
    the scale (percent or ratio).
    """
    values = {k: float(v) for k, v in search.values(context).items() if v is not None}
    have = {k for k, v in values.items() if math.isfinite(v)}
    out: list[tuple[str, float, str]] = []
    for name, tree, message in computations(search.family, search.figure, have):
        try:
            value = _evaluate(tree, values)
        except (ArithmeticError, ValueError, KeyError):
            continue
        if math.isfinite(value):
            out.append((name, value, message))
    return out


def candidates_each(search: FormulaSearch, context) -> list[tuple[str, object, str]]:
    """:func:`candidates` for many cases at once: one value per project, task or risk.

    ``search.values(context)`` gives each symbol as a sequence of numbers, one
    per case, all of one length (a plain number is the same for every case).
    Returns (name, numpy array, message) for every wrong computation whose
    inputs are finite in every case, in :func:`candidates`' order; a case the
    computation cannot give (a division by zero) is NaN there.
    """
    import numpy as np

    given = {k: v for k, v in search.values(context).items() if v is not None}
    arrays = {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in given.items()}
    size = max((a.size for a in arrays.values()), default=0)
    arrays = {k: np.broadcast_to(a, (size,)) for k, a in arrays.items() if a.size in (1, size)}
    have = {k for k, a in arrays.items() if size and np.isfinite(a).all()}
    out: list[tuple[str, object, str]] = []
    for name, tree, message in computations(search.family, search.figure, have):
        with np.errstate(all="ignore"):
            value = np.broadcast_to(np.asarray(_evaluate_each(tree, arrays), dtype=float), (size,))
        if np.isfinite(value).any():
            out.append((name, value, message))
    return out


def _evaluate_each(node: ast.expr, values):
    """:func:`_evaluate` on numpy arrays, case by case (a division by zero is NaN)."""
    import numpy as np

    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return np.float64(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate_each(node.operand, values)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        a, b = _evaluate_each(node.left, values), _evaluate_each(node.right, values)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        function = _FUNCTIONS[node.func.id]

        def one(*args: float) -> float:
            try:
                return float(function(*args))
            except (ArithmeticError, ValueError):
                return math.nan

        args = [_evaluate_each(a, values) for a in node.args]
        return np.vectorize(one, otypes=[float])(*args)
    raise ValueError(f"a formula may not hold {ast.dump(node)}")


def name_mistake(
    search: FormulaSearch,
    context,
    answer: float,
    expected: float,
    matches: Callable[[float, float], bool],
) -> Match | None:
    """The wrong computation nearest ``answer`` that ``answer`` matches, if any.

    Parameters
    ----------
    search : FormulaSearch
        The question's formula and inputs.
    context : object
        The teaching context the inputs are read from.
    answer, expected : float
        The trainee's answer and the right one.
    matches : callable
        ``matches(answer, value) -> bool``: the question's own tolerance.

    Returns
    -------
    Match or None
        ``None`` when no wrong computation explains the answer. A candidate
        that also matches the right answer is skipped: it is no mistake.
    """
    best: tuple[float, int, str, float, str] | None = None
    for order, (name, value, message) in enumerate(candidates(search, context)):
        if matches(expected, value) or matches(value, expected) or not matches(answer, value):
            continue
        distance = abs(answer - value) / max(abs(value), 1e-12)
        if best is None or (distance, order) < best[:2]:
            best = (distance, order, name, value, message)
    if best is None:
        return None
    return Match(name=f"search:{best[2]}", message=best[4], value=best[3])
