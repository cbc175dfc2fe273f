"""Earned value management: variances, indices, forecasts at completion.

The formulas are those of PMI's *Practice Standard for Earned Value
Management* (2nd ed., 2011) and of the *PMBOK Guide* (6th ed., 2017,
section 7.4.2.2 and Table 7-1). Each figure is one entry of :data:`FIGURES`
(its name, its label in messages, its formula, how it reads, how it is
computed and when it is undefined), so adding a figure is one edit there;
the table at the end of this docstring is made from it.

With EAC = BAC / CPI, ``tcpi_eac`` always equals ``cpi``: to land on an
EAC that assumes today's efficiency, keep today's efficiency. ``tcpi_bac``
is negative once AC exceeds BAC: no efficiency can bring the project back
within its budget any more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._inputs import EVMWarning, numbers, warn_undefined

__all__ = ["EVM_COLUMNS", "FIGURES", "UNDEFINED", "EVMWarning", "Figure", "Undefined", "evm"]

Values = dict[str, np.ndarray]


@dataclass(frozen=True)
class Undefined:
    """A reason some figures cannot be computed (a zero denominator).

    Attributes
    ----------
    when : callable
        ``when(values) -> bool array``: where the reason holds, from the inputs
        ``bac``, ``pv``, ``ev`` and ``ac``.
    why : str
        The warning, in PMO words.
    """

    when: Callable[[Values], np.ndarray]
    why: str


#: The reasons a figure is undefined, in the order their warnings are given.
UNDEFINED = {
    "no_ac": Undefined(lambda v: v["ac"] == 0, "CPI is undefined: no actual cost yet (AC = 0)"),
    "no_pv": Undefined(
        lambda v: v["pv"] == 0, "SPI is undefined: no work was planned yet (PV = 0)"
    ),
    "no_ev": Undefined(
        lambda v: (v["ev"] == 0) & (v["ac"] != 0),
        "EAC = BAC / CPI is undefined: no value earned yet (EV = 0, so CPI = 0)",
    ),
    "spent": Undefined(
        lambda v: v["bac"] == v["ac"],
        "TCPI (BAC) is undefined: the whole budget is spent (AC = BAC)",
    ),
    "done": Undefined(
        lambda v: (v["bac"] - v["ev"] == 0) & (v["ac"] != 0) & (v["ev"] != 0),
        "TCPI (EAC) is undefined: no work remains (EV = BAC)",
    ),
}


@dataclass(frozen=True)
class Figure:
    """One earned value figure: what it is called, how it reads, how it is computed.

    Attributes
    ----------
    name : str
        The key or column :func:`evm` returns.
    label : str
        The figure as a message names it (``"EAC (BAC / CPI)"``).
    formula, reads : str
        The formula and how a PMO reads the figure (the module's table).
    compute : callable
        ``compute(values) -> array``, where ``values`` holds the inputs
        ``bac``, ``pv``, ``ev`` and ``ac`` and every figure listed before
        this one.
    undefined_when : tuple of str
        The keys of :data:`UNDEFINED` that make it NaN.
    """

    name: str
    label: str
    formula: str
    reads: str
    compute: Callable[[Values], np.ndarray]
    undefined_when: tuple[str, ...] = ()


#: Every figure of :func:`evm`, in the order it returns them.
FIGURES = (
    Figure(
        "sv", "SV", "EV - PV", "schedule variance (money); < 0: behind",
        lambda v: v["ev"] - v["pv"],
    ),
    Figure(
        "cv", "CV", "EV - AC", "cost variance; < 0: over budget",
        lambda v: v["ev"] - v["ac"],
    ),
    Figure(
        "spi", "SPI", "EV / PV", "schedule performance index; < 1: behind",
        lambda v: v["ev"] / v["pv"], ("no_pv",),
    ),
    Figure(
        "cpi", "CPI", "EV / AC", "cost performance index; < 1: over budget",
        lambda v: v["ev"] / v["ac"], ("no_ac",),
    ),
    Figure(
        "eac_cpi", "EAC (BAC / CPI)", "BAC / CPI", "EAC if today's cost efficiency continues",
        lambda v: v["bac"] * v["ac"] / v["ev"],  # BAC / CPI, without rounding CPI first
        ("no_ac", "no_ev"),
    ),
    Figure(
        "eac_atypical", "EAC (AC + BAC - EV)", "AC + (BAC - EV)",
        "EAC if the variance so far is atypical (not expected to recur)",
        lambda v: v["ac"] + (v["bac"] - v["ev"]),
    ),
    Figure(
        "eac_cpi_spi", "EAC (CPI x SPI)", "AC + (BAC - EV) / (CPI x SPI)",
        "EAC if cost and schedule pressure continue",
        lambda v: v["ac"] + (v["bac"] - v["ev"]) / (v["cpi"] * v["spi"]),
        ("no_ac", "no_pv", "no_ev"),
    ),
    Figure(
        "etc", "ETC", "EAC - AC  (EAC = BAC / CPI)", "estimate to complete",
        lambda v: v["eac_cpi"] - v["ac"], ("no_ac", "no_ev"),
    ),
    Figure(
        "vac", "VAC", "BAC - EAC (EAC = BAC / CPI)", "variance at completion; < 0: overrun",
        lambda v: v["bac"] - v["eac_cpi"], ("no_ac", "no_ev"),
    ),
    Figure(
        "tcpi_bac", "TCPI (BAC)", "(BAC - EV) / (BAC - AC)",
        "efficiency needed to finish on budget",
        lambda v: (v["bac"] - v["ev"]) / (v["bac"] - v["ac"]), ("spent",),
    ),
    Figure(
        "tcpi_eac", "TCPI (EAC)", "(BAC - EV) / (EAC - AC)",
        "efficiency needed to finish at EAC",
        lambda v: (v["bac"] - v["ev"]) / v["etc"], ("no_ac", "no_ev", "done"),
    ),
)  # fmt: skip

#: The figures :func:`evm` returns, in order.
EVM_COLUMNS = tuple(figure.name for figure in FIGURES)


def figure_table(figures: tuple[Figure, ...] = FIGURES) -> str:
    """The figures as a reStructuredText table: figure, formula, how it reads.

    >>> print(figure_table(FIGURES[:1]))
    ======  =======  ======================================
    figure  formula  reads
    ======  =======  ======================================
    ``sv``  EV - PV  schedule variance (money); < 0: behind
    ======  =======  ======================================
    """
    rows = [("figure", "formula", "reads")]
    rows += [(f"``{f.name}``", f.formula, f.reads) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    rule = "  ".join("=" * w for w in widths)

    def line(row):
        return "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()

    return "\n".join([rule, line(rows[0]), rule, *map(line, rows[1:]), rule])


if __doc__:  # absent under python -OO
    __doc__ += "\n" + figure_table() + "\n"


def evm(bac, pv, ev, ac):
    """Earned value figures from BAC, PV, EV and AC.

    Parameters
    ----------
    bac : float, array-like or pandas.Series
        Budget at completion: the total planned cost (currency, >= 0).
    pv : float, array-like or pandas.Series
        Planned value: the budgeted cost of the work scheduled to date.
    ev : float, array-like or pandas.Series
        Earned value: the budgeted cost of the work actually done to date.
    ac : float, array-like or pandas.Series
        Actual cost of the work done to date.

    Returns
    -------
    dict or pandas.DataFrame
        With four numbers, a dict of floats; with Series or arrays (scalars
        are broadcast), a DataFrame with one row per element and the index
        of the Series. Keys or columns: :data:`EVM_COLUMNS`, in order (see
        :data:`FIGURES` for the formulas; ``etc``, ``vac`` and ``tcpi_eac``
        use ``eac_cpi``).

    Raises
    ------
    ValueError
        When an argument is negative (the message names it), has more than
        one dimension, when lengths differ, or when two Series have
        different indexes.
    TypeError
        When an argument is not numeric.

    Warns
    -----
    EVMWarning
        When a figure is undefined (a zero denominator): the figure is NaN,
        and the warning says why, e.g. ``CPI is undefined: no actual cost yet
        (AC = 0)``. A missing (NaN) input gives NaN figures without a warning.

    Notes
    -----
    Sources: Project Management Institute, *Practice Standard for Earned
    Value Management*, 2nd ed. (2011), and *A Guide to the Project Management
    Body of Knowledge*, 6th ed. (2017), section 7.4.2.2. Which EAC to trust
    is a judgement: ``eac_cpi`` when the cost efficiency so far is typical of
    what is to come, ``eac_atypical`` when the variance so far is atypical
    (caused by events not expected to recur, such as risks that fired),
    ``eac_cpi_spi`` when a fixed deadline will keep pushing cost up.

    Examples
    --------
    The fence of four sides, 1,000 each, at the end of day three (see the
    test suite for the source):

    >>> figures = evm(bac=4000, pv=3000, ev=2500, ac=2800)
    >>> round(figures["cpi"], 3), round(figures["spi"], 3), figures["eac_cpi"]
    (0.893, 0.833, 4480.0)
    """
    arrays, index = _arrays(bac=bac, pv=pv, ev=ev, ac=ac)
    figures = evm_arrays(*arrays, stacklevel=2)
    if arrays[0].ndim == 0:
        return {name: float(value) for name, value in figures.items()}
    if index is None:
        index = pd.RangeIndex(arrays[0].size)
    return pd.DataFrame(figures, index=index)


def _arrays(**values) -> tuple[list[np.ndarray], pd.Index | None]:
    """The arguments as broadcast float arrays, and the index of their Series."""
    arrays, index, index_of = [], None, None
    for name, value in values.items():
        array, own = numbers(name, value)
        if own is not None:
            if index is not None and not own.equals(index):
                raise ValueError(
                    f"{index_of} and {name} are Series with different indexes: "
                    "align them first (for example with .reindex)"
                )
            index, index_of = own, name
        arrays.append(array)
    try:
        arrays = list(np.broadcast_arrays(*arrays))
    except ValueError:
        sizes = ", ".join(f"{n} {a.size}" for n, a in zip(values, arrays, strict=True))
        raise ValueError(f"the arguments have different lengths ({sizes})") from None
    return [np.array(a, dtype=np.float64) for a in arrays], index


def evm_arrays(bac, pv, ev, ac, *, stacklevel: int = 2, warn: bool = True) -> dict:
    """The EVM figures on float arrays of one shape; the engine behind :func:`evm`.

    ``warn=False`` leaves undefined figures NaN silently, for histories where
    they are expected (week 0 has no PV, no EV and no AC). ``stacklevel``
    counts from this function's caller (1) up to the frame a warning names.
    """
    values: Values = {"bac": bac, "pv": pv, "ev": ev, "ac": ac}
    with np.errstate(all="ignore"):
        for figure in FIGURES:  # unmasked: a later figure reads the raw earlier ones
            values[figure.name] = figure.compute(values)
        masks = {key: cause.when(values) for key, cause in UNDEFINED.items()}
    figures = {figure.name: values[figure.name] for figure in FIGURES}
    # each undefined figure is NaN, never inf or a stray number
    for key, cause in UNDEFINED.items():
        mask = masks[key]
        if not mask.any():
            continue
        affected = [figure for figure in FIGURES if key in figure.undefined_when]
        for figure in affected:
            figures[figure.name] = np.where(mask, np.nan, figures[figure.name])
        if warn:
            warn_undefined(mask, cause.why, _names(affected), stacklevel + 1)
    # -0.0 (e.g. a TCPI of 0 / -20) would print as "-0.0": show a plain 0
    return {name: values + 0.0 for name, values in figures.items()}


def _names(figures: list[Figure]) -> str:
    labels = [figure.label for figure in figures]
    if len(labels) == 1:
        return f"{labels[0]} is NaN"
    return f"{', '.join(labels[:-1])} and {labels[-1]} are NaN"
