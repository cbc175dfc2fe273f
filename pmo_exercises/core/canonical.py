r"""Canonical text of a table: the basis of lossless CSV files and of digests.

Columns come in schema order, floats as their shortest exact repr, dates as ISO
``YYYY-MM-DD``, missing values as empty fields, and lines end with ``\n``. Two
tables with equal values always give equal text, on every machine.
"""

from __future__ import annotations

import hashlib
import json

from .schema import TABLES

__all__ = ["LATER_TABLES", "digest", "table_to_csv"]


def table_to_csv(name: str, frame) -> str:
    """Render table ``name`` as canonical CSV text (header included)."""
    columns = TABLES[name].column_names
    out = frame.loc[:, columns].copy()
    for col in TABLES[name].columns:
        if col.kind == "date":
            out[col.name] = out[col.name].dt.strftime("%Y-%m-%d")
        elif col.kind == "float":
            # repr() is the shortest text that reads back to the same float
            out[col.name] = [("" if v != v else repr(float(v))) for v in out[col.name].to_numpy()]
    return out.to_csv(index=False, lineterminator="\n", na_rep="")


#: Tables added to the format after digests were first published: each enters the
#: digest only when it holds rows, so that every earlier portfolio keeps its digest.
LATER_TABLES = ("holidays",)


def digest(portfolio) -> str:
    """SHA-256 of a portfolio's canonical text: every table and the metadata.

    A table of :data:`LATER_TABLES` counts only when it holds rows.
    """
    h = hashlib.sha256()
    for name, frame in portfolio.tables().items():
        if name in LATER_TABLES and not len(frame):
            continue
        h.update(f"[{name}]\n".encode())
        h.update(table_to_csv(name, frame).encode())
    h.update(json.dumps(dict(portfolio.meta), sort_keys=True, default=str).encode())
    return h.hexdigest()
