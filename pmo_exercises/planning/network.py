"""Read a task list and its links into arrays, checking them on the way.

Every planning function accepts tasks and links the way a PMO analyst has
them: a task table with ``task_id`` and ``duration`` (or the portfolio's
``duration_days``), optionally a textbook ``predecessors`` column ("A, B", all
finish-to-start), and/or a link table with ``predecessor``, ``successor``,
``type`` and ``lag`` (or ``lag_days``). :func:`build_network` turns them into
the integer arrays of :mod:`pmo_exercises.network.passes`, or raises a
:class:`~pmo_exercises.PortfolioError` saying what is wrong and where.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.coerce import show
from ..core.errors import PortfolioError
from ..network.passes import KIND_CODES, CycleError, topological_levels

__all__ = ["Network", "build_network", "duration_column"]

_NO_PREDECESSOR = {"-", "\u2013", "\u2014", "none", "n/a", "start"}


@dataclass(frozen=True)
class Network:
    """A checked precedence network as arrays (see :mod:`pmo_exercises.network.passes`)."""

    ids: pd.Index
    pred: np.ndarray
    succ: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    levels: np.ndarray

    @property
    def size(self) -> int:
        """Number of tasks."""
        return len(self.ids)


def duration_column(tasks: pd.DataFrame, *names: str) -> str:
    """The first of ``names`` that ``tasks`` has, or a PortfolioError listing them."""
    for name in names:
        if name in tasks.columns:
            return name
    raise PortfolioError("tasks", f"missing column: expected one of {', '.join(map(repr, names))}")


def _ids(tasks: pd.DataFrame) -> pd.Index:
    if "task_id" not in tasks.columns:
        raise PortfolioError("tasks", "missing column 'task_id'")
    ids = tasks["task_id"]
    if ids.isna().any():
        row = int(np.flatnonzero(ids.isna().to_numpy())[0])
        raise PortfolioError("tasks", "a task has no id", row=row, column="task_id")
    ids = pd.Index(_as_text(ids))
    dup = ids.duplicated()
    if dup.any():
        row = int(np.flatnonzero(dup)[0])
        first = int(np.flatnonzero(ids == ids[row])[0])
        raise PortfolioError(
            "tasks",
            f"duplicate id: rows {first} and {row} are both '{ids[row]}'",
            row=row,
            key=f"task_id '{ids[row]}'",
            column="task_id",
        )
    return ids


def check_durations(tasks: pd.DataFrame, column: str, ids: pd.Index) -> np.ndarray:
    """The column as floats, or a PortfolioError at the first missing or negative value."""
    values = pd.to_numeric(tasks[column], errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(values) | (values < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raw = tasks[column].iloc[row]
        what = "is missing" if pd.isna(raw) else f"{show(raw)} is not a duration >= 0"
        raise PortfolioError(
            "tasks",
            f"{what}; a duration is a number of working days",
            row=row,
            key=f"task_id '{ids[row]}'",
            column=column,
        )
    return values


def _predecessor_links(tasks: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for succ, preds in zip(tasks["task_id"], tasks["predecessors"], strict=True):
        if isinstance(preds, str):
            parts = (x.strip() for x in preds.replace(";", ",").split(","))
            # textbooks write "-" or "none" for a task without predecessors
            preds = [p for p in parts if p and p.lower() not in _NO_PREDECESSOR]
        elif preds is None or (np.isscalar(preds) and pd.isna(preds)):
            preds = []
        for p in preds:
            rows.append((str(p).strip(), str(succ).strip(), "FS", 0.0))
    return pd.DataFrame(rows, columns=["predecessor", "successor", "type", "lag"])


def _as_text(values: pd.Series) -> pd.Series:
    """Identifiers as text: numbers typed as ids (1, 2, 3) become "1", "2", "3"."""
    values = values.reset_index(drop=True)
    if pd.api.types.is_string_dtype(values) or pd.api.types.is_object_dtype(values):
        return values
    return values.astype(str)


def _positions(ids: pd.Index, values: pd.Series) -> np.ndarray:
    """Positions of ``values`` in ``ids`` (-1 when absent), forgiving stray spaces.

    The exact look-up runs over every link at once; only the values it misses
    are stripped and looked up again, so clean data costs no Python loop.
    """
    pos = ids.get_indexer(values)
    missing = np.flatnonzero(pos < 0)
    if missing.size:
        stripped = [str(v).strip() for v in values.to_numpy()[missing]]
        pos[missing] = ids.get_indexer(stripped)
    return pos


def _standard_links(links: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("predecessor", "successor") if c not in links.columns]
    if missing:
        raise PortfolioError("links", f"missing column '{missing[0]}'")
    if "type" not in links:
        kinds = np.full(len(links), "FS", dtype=object)
    elif links["type"].isin(list(KIND_CODES)).all():
        kinds = links["type"].to_numpy()
    else:  # typed by hand: " fs", "Ss"
        kinds = _as_text(links["type"]).str.strip().str.upper().to_numpy()
    lag_column = "lag" if "lag" in links else "lag_days" if "lag_days" in links else None
    out = pd.DataFrame(
        {
            "predecessor": _as_text(links["predecessor"]).to_numpy(),
            "successor": _as_text(links["successor"]).to_numpy(),
            "type": kinds,
            "lag": links[lag_column].to_numpy() if lag_column else 0.0,
        }
    )
    return out.reset_index(drop=True)


def build_network(tasks: pd.DataFrame, links: pd.DataFrame | None = None) -> Network:
    """Check tasks and links and return the network as arrays.

    Raises
    ------
    PortfolioError
        For a missing column, a duplicate or unknown id, an unknown link type,
        a missing lag, a task linked to itself, or a cycle (named in order).
    """
    ids = _ids(tasks)
    parts = []
    if "predecessors" in tasks.columns:
        parts.append(_predecessor_links(tasks))
    if links is not None:
        parts.append(_standard_links(links))
    table = "links" if links is not None else "tasks"
    all_links = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["predecessor", "successor", "type", "lag"])
    )
    pred = _positions(ids, all_links["predecessor"])
    succ = _positions(ids, all_links["successor"])
    for column, positions in (("predecessor", pred), ("successor", succ)):
        if (positions < 0).any():
            row = int(np.flatnonzero(positions < 0)[0])
            raise PortfolioError(
                table,
                f"unknown task '{all_links[column].iat[row]}'; link only tasks that are in "
                "the task table (filter the links to those tasks)",
                row=row,
                column="predecessors" if table == "tasks" else column,
            )
    kind = pd.Index(list(KIND_CODES)).get_indexer(all_links["type"])
    if (kind < 0).any():
        row = int(np.flatnonzero(kind < 0)[0])
        raise PortfolioError(
            table,
            f"unknown link type {all_links['type'].iat[row]!r}; use FS, SS, FF or SF",
            row=row,
            column="type",
        )
    lag = pd.to_numeric(all_links["lag"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(lag).any():
        row = int(np.flatnonzero(np.isnan(lag))[0])
        raise PortfolioError(table, "the lag is missing or not a number", row=row, column="lag")
    loops = pred == succ
    if loops.any():
        row = int(np.flatnonzero(loops)[0])
        raise PortfolioError(
            table, f"task '{ids[pred[row]]}' is linked to itself", row=row, column="successor"
        )
    try:
        levels = topological_levels(len(ids), pred, succ)
    except CycleError as error:
        names = " -> ".join(ids[i] for i in error.cycle)
        raise PortfolioError(table, f"the links form a cycle: {names}") from None
    return Network(ids, pred, succ, kind, lag, levels)
