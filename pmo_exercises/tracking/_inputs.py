"""Checking the numbers a trainee (or a status report) hands to the tracking functions."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

#: What each EVM argument is, for error messages that speak PMO.
MEANING = {
    "bac": "the budget at completion (BAC)",
    "pv": "the planned value (PV)",
    "ev": "the earned value (EV)",
    "ac": "the actual cost (AC)",
    "pv_cumulative": "the cumulative planned value (PV)",
    "ev_cumulative": "the cumulative earned value (EV)",
}


class EVMWarning(UserWarning, RuntimeWarning):
    """An earned value or earned schedule figure is undefined and was set to NaN.

    The message says why in PMO words, for example
    ``CPI is undefined: no actual cost yet (AC = 0)``. It is both a
    :class:`UserWarning` (the data, not the code, is the cause) and a
    :class:`RuntimeWarning` (it arises from a division), so either filter
    catches it.
    """


def numbers(name: str, value) -> tuple[np.ndarray, pd.Index | None]:
    """``value`` as a float array (0-d for a scalar) and its index if it is a Series.

    Raises
    ------
    TypeError
        When the value is not numeric.
    ValueError
        When it has more than one dimension or a negative number.
    """
    index = value.index if isinstance(value, pd.Series) else None
    if isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a number or a Series, not a DataFrame: pass one column")
    try:
        array = np.asarray(value.to_numpy() if index is not None else value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be {MEANING.get(name, 'a number')} as a number or numbers, "
            f"not {type(value).__name__} {value!r:.60}"
        ) from None
    if array.ndim > 1:
        raise ValueError(f"{name} must be a number or a one-dimensional list, not {array.ndim}-D")
    negative = array < 0  # NaN compares False: missing values pass through
    if negative.any():
        at = int(np.flatnonzero(negative.ravel())[0])
        where = "" if array.ndim == 0 else f" at {_label(index, at)}"
        raise ValueError(
            f"{name} is negative ({array.ravel()[at]:g}{where}): "
            f"{MEANING.get(name, name)} is an amount of money and cannot be below 0"
        )
    return array, index


def _label(index: pd.Index | None, position: int) -> str:
    if index is None:
        return f"position {position}"
    return f"index {index[position]!r}"


def warn_undefined(
    mask: np.ndarray, why: str, affected: str, stacklevel: int, skip_first: bool = False
) -> None:
    """Warn that some figures are NaN where ``mask`` holds, because ``why``.

    ``affected`` completes the sentence, e.g. ``"CPI and ETC are NaN"``.
    ``skip_first`` leaves out row 0 (period 0 of a per-period table, where
    time-based indices are undefined by construction).
    """
    mask = np.asarray(mask)
    total = mask.size
    if skip_first and mask.ndim:
        mask = mask[1:]
    count = int(mask.sum())
    if count == 0:
        return
    if mask.ndim == 0:
        message = f"{why}; so {affected}"
    else:
        message = f"{why}, in {count} of {total} rows; there {affected}"
    warnings.warn(message, EVMWarning, stacklevel=stacklevel + 1)
