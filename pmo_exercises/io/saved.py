"""Helpers that both readers of a saved portfolio use (CSV folder and workbook)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..core.errors import Problem

__all__ = ["drop_empty_rows", "located", "plain"]


def plain(value):
    """JSON for the numpy and pandas scalars a meta mapping may hold."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def located(problem: Problem, where: str) -> Problem:
    """The same problem, saying in which file (and line, or sheet and cell) it was found."""
    return replace(problem, where=where)


def drop_empty_rows(frame: pd.DataFrame, numbers: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop rows without any value (left over by spreadsheets); keep their line numbers."""
    if frame.empty or not len(frame.columns):
        return frame, numbers
    keep = ~frame.isna().all(axis=1).to_numpy()
    if keep.all():
        return frame, numbers
    return frame[keep].reset_index(drop=True), numbers[keep]
