"""Earned value management: variances, indices, forecasts at completion.

The formulas are those of PMI's *Practice Standard for Earned Value
Management* (2nd ed., 2011) and of the *PMBOK Guide* (6th ed., 2017,
section 7.4.2.2 and Table 7-1):

======================  ==============================  ===========================================
figure                  formula                         reads
======================  ==============================  ===========================================
``sv``                  EV - PV                         schedule variance (money); < 0: behind
``cv``                  EV - AC                         cost variance; < 0: over budget
``spi``                 EV / PV                         schedule performance index; < 1: behind
``cpi``                 EV / AC                         cost performance index; < 1: over budget
``eac_cpi``             BAC / CPI                       EAC if today's cost efficiency continues
``eac_atypical``        AC + (BAC - EV)                 EAC if the overrun so far was a one-off
``eac_cpi_spi``         AC + (BAC - EV) / (CPI x SPI)   EAC if cost and schedule pressure continue
``etc``                 EAC - AC  (EAC = BAC / CPI)     estimate to complete
``vac``                 BAC - EAC (EAC = BAC / CPI)     variance at completion; < 0: overrun
``tcpi_bac``            (BAC - EV) / (BAC - AC)         efficiency needed to finish on budget
``tcpi_eac``            (BAC - EV) / (EAC - AC)         efficiency needed to finish at EAC
======================  ==============================  ===========================================

With EAC = BAC / CPI, ``tcpi_eac`` always equals ``cpi``: to land on an
EAC that assumes today's efficiency, keep today's efficiency. ``tcpi_bac``
is negative once AC exceeds BAC: no efficiency can bring the project back
within its budget any more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._inputs import EVMWarning, numbers, warn_undefined

__all__ = ["EVM_COLUMNS", "EVMWarning", "evm"]

#: The figures :func:`evm` returns, in order.
EVM_COLUMNS = (
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac_cpi",
    "eac_atypical",
    "eac_cpi_spi",
    "etc",
    "vac",
    "tcpi_bac",
    "tcpi_eac",
)


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
        of the Series. Keys or columns, in order: ``sv``, ``cv``, ``spi``,
        ``cpi``, ``eac_cpi``, ``eac_atypical``, ``eac_cpi_spi``, ``etc``,
        ``vac``, ``tcpi_bac``, ``tcpi_eac`` (see the module docstring for the
        formulas; ``etc``, ``vac`` and ``tcpi_eac`` use ``eac_cpi``).

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
    what is to come, ``eac_atypical`` when the overrun was a one-off,
    ``eac_cpi_spi`` when a fixed deadline will keep pushing cost up.

    Examples
    --------
    The fence of four sides, $1,000 each, at the end of day three (see the
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
    with np.errstate(all="ignore"):
        remaining = bac - ev
        spi = ev / pv
        cpi = ev / ac
        eac_cpi = bac * ac / ev  # BAC / CPI, without rounding CPI first
        etc = eac_cpi - ac
        figures = {
            "sv": ev - pv,
            "cv": ev - ac,
            "spi": spi,
            "cpi": cpi,
            "eac_cpi": eac_cpi,
            "eac_atypical": ac + remaining,
            "eac_cpi_spi": ac + remaining / (cpi * spi),
            "etc": etc,
            "vac": bac - eac_cpi,
            "tcpi_bac": remaining / (bac - ac),
            "tcpi_eac": remaining / etc,
        }
    no_ac = ac == 0
    no_pv = pv == 0
    no_ev = (ev == 0) & ~no_ac
    spent = bac == ac
    done = (remaining == 0) & ~no_ac & ~no_ev
    # (mask, why, affected figures): each undefined figure is NaN, never inf or a stray number
    causes = [
        (
            no_ac,
            "CPI is undefined: no actual cost yet (AC = 0)",
            ("cpi", "eac_cpi", "eac_cpi_spi", "etc", "vac", "tcpi_eac"),
        ),
        (
            no_pv,
            "SPI is undefined: no work was planned yet (PV = 0)",
            ("spi", "eac_cpi_spi"),
        ),
        (
            no_ev,
            "EAC = BAC / CPI is undefined: no value earned yet (EV = 0, so CPI = 0)",
            ("eac_cpi", "eac_cpi_spi", "etc", "vac", "tcpi_eac"),
        ),
        (
            spent,
            "TCPI (BAC) is undefined: the whole budget is spent (AC = BAC)",
            ("tcpi_bac",),
        ),
        (
            done,
            "TCPI (EAC) is undefined: no work remains (EV = BAC)",
            ("tcpi_eac",),
        ),
    ]
    for mask, why, affected in causes:
        if not mask.any():
            continue
        for name in affected:
            figures[name] = np.where(mask, np.nan, figures[name])
        if warn:
            warn_undefined(mask, why, _names(affected), stacklevel + 1)
    # -0.0 (e.g. a TCPI of 0 / -20) would print as "-0.0": show a plain 0
    return {name: values + 0.0 for name, values in figures.items()}


_LABELS = {
    "spi": "SPI",
    "cpi": "CPI",
    "eac_cpi": "EAC (BAC / CPI)",
    "eac_cpi_spi": "EAC (CPI x SPI)",
    "etc": "ETC",
    "vac": "VAC",
    "tcpi_bac": "TCPI (BAC)",
    "tcpi_eac": "TCPI (EAC)",
}


def _names(figures: tuple[str, ...]) -> str:
    labels = [_LABELS[f] for f in figures]
    if len(labels) == 1:
        return f"{labels[0]} is NaN"
    return f"{', '.join(labels[:-1])} and {labels[-1]} are NaN"
