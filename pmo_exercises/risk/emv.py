"""Expected monetary value (EMV), the contingency reserve and decision trees.

Sign convention
---------------
As in the PMBOK Guide (5th ed., §11.4.2.2, "Expected monetary value
analysis"): *the EMV of an opportunity is positive and the EMV of a threat is
negative*. :func:`emv` takes a signed impact, so a threat that would cost
10,000 has impact ``-10_000`` and, at 30%, an EMV of ``-3,000``.

The portfolio's registers hold magnitudes instead: a risk's ``cost_impact``
is the extra cost *if it occurs* (>= 0) and an opportunity's
``cost_saving`` the cost saved (>= 0). :func:`contingency_reserve` applies
the sign: threats count negative, opportunities positive, and the reserve is
the threats' EMV as a positive amount.

Decision trees
--------------
Three node types, nested: a :class:`Decision` chooses among options, a
:class:`Chance` node branches with probabilities that sum to 1, and an
:class:`Outcome` ends a path with a value (a payoff, positive, or a loss,
negative). Decisions and chance nodes may carry a ``cost`` paid on entering
them (an investment); it is taken off the value of every path through them.
:func:`evaluate` rolls the tree back: a chance node is worth the EMV of its
branches, a decision the best of its options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.coerce import show
from ..core.errors import PortfolioError

__all__ = [
    "Chance",
    "Decision",
    "Evaluation",
    "Outcome",
    "contingency_reserve",
    "emv",
    "evaluate",
]

_HINT = "a probability is a fraction: 35% is 0.35"
#: How far the probabilities of a chance node may stray from 1 (rounding).
PROBABILITY_TOLERANCE = 1e-9


def _check_probability(probability, where: str = "probability") -> None:
    values = np.asarray(probability, dtype=float)
    bad = np.isnan(values) | (values < 0) | (values > 1)
    if bad.any():
        first = values.ravel()[np.flatnonzero(bad.ravel())[0]]
        hint = f" ({_HINT})" if 1 < first <= 100 else ""
        raise ValueError(f"{where} must be between 0 and 1, not {first:g}{hint}; {_HINT}")


def emv(probability, impact):
    """Expected monetary value: ``probability x impact``.

    Parameters
    ----------
    probability : float, array or Series
        The chance the event happens, a fraction in [0, 1].
    impact : float, array or Series
        What it would bring if it happens, *signed*: negative for a threat
        (a cost), positive for an opportunity (a saving or a gain).

    Returns
    -------
    float, array or Series
        Of the type given: negative for a threat, positive for an opportunity.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] (35% is 0.35) or missing.

    Examples
    --------
    >>> emv(0.3, -10_000)   # a threat: 30% chance of a 10,000 overrun
    -3000.0
    >>> emv(0.6, 5_000)     # an opportunity
    3000.0
    """
    _check_probability(probability)
    out = probability * impact
    return float(out) if np.ndim(out) == 0 else out


def _register_emv(table: pd.DataFrame, name: str, column: str, sign: float) -> pd.Series:
    for needed in ("probability", column):
        if needed not in table.columns:
            raise PortfolioError(name, f"missing column '{needed}'")
    key = f"{name[:-1]}_id" if f"{name[:-1]}_id" in table.columns else None
    if name == "opportunities":
        key = "opportunity_id" if "opportunity_id" in table.columns else None
    for col, low, high in (("probability", 0, 1), (column, 0, None)):
        values = pd.to_numeric(table[col], errors="coerce")
        bad = values.isna() | (values < low)
        if high is not None:
            bad |= values > high
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raw = table[col].iloc[row]
            what = (
                f"{show(raw)} is not a fraction in [0, 1]; {_HINT}"
                if col == "probability"
                else f"{show(raw)} is negative; the register holds the amount as a magnitude "
                "(the sign comes from the table: threats cost, opportunities save)"
            )
            where = f"{key} '{table[key].iat[row]}'" if key else None
            raise PortfolioError(name, what, row=row, key=where, column=col)
    probability = table["probability"].astype(float).to_numpy()
    amount = table[column].astype(float).to_numpy()
    index = pd.Index(table[key].astype(str), name=key) if key else table.index
    return pd.Series(emv(probability, sign * amount), index=index, name="emv")


def contingency_reserve(risks: pd.DataFrame, opportunities: pd.DataFrame | None = None) -> dict:
    """The contingency reserve of a register: the threats' EMV as a positive amount.

    Every row counts: filter the register first (for example to the open
    risks of one project) if that is what the reserve should cover.

    Parameters
    ----------
    risks : pandas.DataFrame
        ``probability`` (a fraction) and ``cost_impact`` (extra cost if it
        occurs, >= 0), as in the portfolio's ``risks`` table.
    opportunities : pandas.DataFrame, optional
        ``probability`` and ``cost_saving`` (>= 0), as in the portfolio's
        ``opportunities`` table.

    Returns
    -------
    dict
        ``threats_emv`` (negative or 0), ``opportunities_emv`` (positive or
        0), ``net_emv`` (their sum), ``reserve`` (``-threats_emv``: the
        contingency reserve) and ``net_reserve`` (``-net_emv``: the reserve
        when opportunities are counted against threats, as some organisations
        do).

    Raises
    ------
    PortfolioError
        On a missing column, a probability outside [0, 1] or a negative amount.
    """
    threats = float(_register_emv(risks, "risks", "cost_impact", -1.0).sum())
    gains = 0.0
    if opportunities is not None:
        gains = float(_register_emv(opportunities, "opportunities", "cost_saving", 1.0).sum())
    net = threats + gains
    return {
        "threats_emv": threats,
        "opportunities_emv": gains,
        "net_emv": net,
        "reserve": -threats + 0.0,
        "net_reserve": -net + 0.0,
    }


@dataclass(frozen=True)
class Outcome:
    """The end of a path: its value (a gain positive, a loss negative)."""

    value: float


@dataclass(frozen=True)
class Chance:
    """An uncertain event: ``branches`` maps a label to ``(probability, node)``.

    The probabilities must sum to 1. ``cost`` is paid on entering the node.
    """

    branches: Mapping[str, tuple[float, object]]
    cost: float = 0.0


@dataclass(frozen=True)
class Decision:
    """A choice: ``options`` maps a label to the node it leads to.

    ``cost`` is paid on entering the node (rarely needed: put an option's
    investment on the node it leads to).
    """

    options: Mapping[str, object]
    cost: float = 0.0


@dataclass(frozen=True)
class Evaluation:
    """What :func:`evaluate` returns.

    Attributes
    ----------
    emv : float
        The value of the tree: the EMV of the best choices.
    path : list of str
        The best choice at the root decision, then at each decision it leads
        to directly, down to the first chance node (empty when the root is a
        chance node). Decisions that come after a chance event are in
        ``choices``.
    options : dict
        At a root decision: each option's EMV (the values compared); empty
        otherwise.
    choices : dict
        Every decision node in the tree, by the labels leading to it (a
        tuple, ``()`` for the root), to the option it picks.
    """

    emv: float
    path: list[str]
    options: dict[str, float] = field(default_factory=dict)
    choices: dict[tuple[str, ...], str] = field(default_factory=dict)

    @property
    def best(self) -> str | None:
        """The best option at the root decision (None if the root is not one)."""
        return self.path[0] if self.path else None


def _value(node, where: tuple[str, ...], choices: dict) -> float:
    if isinstance(node, Outcome):
        value = float(node.value)
        if np.isnan(value):
            raise ValueError(f"decision tree, at {_name(where)}: the outcome has no value")
        return value
    if isinstance(node, Chance):
        if not node.branches:
            raise ValueError(f"decision tree, at {_name(where)}: a chance node has no branch")
        total, value = 0.0, 0.0
        for label, branch in node.branches.items():
            try:
                probability, child = branch
            except (TypeError, ValueError):
                raise ValueError(
                    f"decision tree, at {_name((*where, label))}: a chance branch is "
                    "(probability, node)"
                ) from None
            _check_probability(
                probability, f"decision tree, at {_name((*where, label))}: the probability"
            )
            total += probability
            value += probability * _value(child, (*where, label), choices)
        if abs(total - 1) > PROBABILITY_TOLERANCE:
            labels = ", ".join(f"{label} {branch[0]:g}" for label, branch in node.branches.items())
            raise ValueError(
                f"decision tree, at {_name(where)}: the branch probabilities sum to "
                f"{total:g}, not 1 ({labels}); the branches of a chance node must cover "
                "every outcome exactly once"
            )
        return value - node.cost
    if isinstance(node, Decision):
        if not node.options:
            raise ValueError(f"decision tree, at {_name(where)}: a decision has no option")
        values = {
            label: _value(child, (*where, label), choices) for label, child in node.options.items()
        }
        best = max(values, key=values.__getitem__)  # the first listed wins a tie
        choices[where] = best
        return values[best] - node.cost
    raise TypeError(
        f"decision tree, at {_name(where)}: expected a Decision, Chance or Outcome, "
        f"not {type(node).__name__}"
    )


def _name(where: tuple[str, ...]) -> str:
    return "the root" if not where else " > ".join(where)


def evaluate(tree) -> Evaluation:
    """Roll a decision tree back to its EMV and best choices.

    Parameters
    ----------
    tree : Decision, Chance or Outcome
        The root (see the module docstring).

    Returns
    -------
    Evaluation
        ``emv``, ``path`` (``path[0]``, also ``best``, is the choice to make
        now), ``options`` (each root option's EMV) and ``choices``.

    Raises
    ------
    ValueError
        When a chance node's probabilities do not sum to 1 (naming the node
        and listing them), a probability is outside [0, 1], or a node is empty.

    Examples
    --------
    The build-or-upgrade decision of the PMBOK Guide (5th ed., Figure 11-16),
    in millions:

    >>> tree = Decision({
    ...     "Build new plant": Chance({"Strong demand": (0.6, Outcome(200)),
    ...                                "Weak demand": (0.4, Outcome(90))}, cost=120),
    ...     "Upgrade plant": Chance({"Strong demand": (0.6, Outcome(120)),
    ...                              "Weak demand": (0.4, Outcome(60))}, cost=50),
    ... })
    >>> result = evaluate(tree)
    >>> result.best, round(result.emv, 6), {k: round(v, 6) for k, v in result.options.items()}
    ('Upgrade plant', 46.0, {'Build new plant': 36.0, 'Upgrade plant': 46.0})
    """
    choices: dict[tuple[str, ...], str] = {}
    value = _value(tree, (), choices)
    options = {}
    if isinstance(tree, Decision):
        options = {label: _value(child, (label,), {}) for label, child in tree.options.items()}
    path: list[str] = []
    node, where = tree, ()
    while isinstance(node, Decision):  # the decisions taken now, one after the other
        label = choices[where]
        node, where = node.options[label], (*where, label)
        path.append(label)
    return Evaluation(emv=value, path=path, options=options, choices=choices)
