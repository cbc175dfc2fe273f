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
        A table of :data:`pmo_exercises.schema.TABLES`.
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
            if getattr(values, "dtype", None) == STR_DTYPE:  # already text, e.g. from tiled()
                data[col.name] = pd.Series(values, copy=False)
            else:
                text = pd.Series(np.asarray(values, dtype=object), dtype=object)
                # missing is NaN, as when read from a file, on pandas 2 and 3 alike
                data[col.name] = text.where(text.notna(), np.nan).astype(STR_DTYPE)
        else:
            data[col.name] = pd.Series(values, copy=False).astype(_DTYPES[col.kind])
    return pd.DataFrame(data)


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
