"""Build tables with exactly the dtypes the schema promises."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import TABLES

__all__ = ["STR_DTYPE", "empty", "make", "tiled"]

#: pandas' own default dtype for text: ``str`` on pandas 3, ``object`` before.
STR_DTYPE = pd.Series(["text"]).dtype

_DTYPES = {"int": "int64", "float": "float64", "date": "datetime64[ns]"}


def make(name: str, columns: dict) -> pd.DataFrame:
    """Table ``name`` from column arrays, in schema order and dtypes.

    Parameters
    ----------
    name : str
        A table of :data:`pmo_exercises.core.schema.TABLES`.
    columns : dict
        Column name to array-like; every schema column must be present.
    """
    table = TABLES[name]
    lengths = {len(columns[c.name]) for c in table.columns if np.ndim(columns[c.name]) > 0}
    n = lengths.pop() if lengths else 0
    if lengths:
        raise ValueError(f"{name}: columns of different lengths")
    data = {}
    for col in table.columns:
        values = columns[col.name]
        if np.ndim(values) == 0:  # a scalar fills the column
            values = [values] * n
        if col.kind == "str":
            data[col.name] = _text(values)
        elif col.kind == "date":
            data[col.name] = pd.Series(values, copy=False).astype(_DTYPES["date"]).to_numpy()
        else:
            data[col.name] = np.asarray(values, dtype=_DTYPES[col.kind])
    # one DataFrame from plain arrays: a Series per column costs more than the data here
    return pd.DataFrame(data)


def _text(values):
    """Text values as pandas text, missing as NaN (as when read from a file)."""
    if getattr(values, "dtype", None) == STR_DTYPE:  # already text, e.g. from tiled()
        return values
    values = np.asarray(values, dtype=object)
    if STR_DTYPE == np.dtype(object):  # pandas 2: object columns keep None unless told
        return np.where(pd.isna(values), np.nan, values)
    return pd.array(values, dtype=STR_DTYPE)


def tiled(values, times: int):
    """Text ``values`` repeated ``times`` over, as a text array.

    Converting millions of Python strings to pandas text is slow; converting
    the few distinct ones once and repeating them by position is not.
    """
    base = pd.array(np.asarray(values, dtype=object), dtype=STR_DTYPE)
    return base.take(np.tile(np.arange(len(base)), times))


def empty(name: str) -> pd.DataFrame:
    """Table ``name`` with no rows and the right dtypes."""
    return make(name, {c.name: [] for c in TABLES[name].columns})
