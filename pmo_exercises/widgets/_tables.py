"""RAG badges and HTML tables with badges in their RAG columns."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._format import is_missing

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RAG_COLOURS", "RAG_TEXT", "html_table", "rag_badge"]

#: RAG colours, the same as the charts' and the reports' (grey: not known).
RAG_COLOURS = {"red": "#c62828", "amber": "#f2a900", "green": "#2e7d32", "grey": "#9e9e9e"}
#: Text colour that reads on each badge.
RAG_TEXT = {"red": "#ffffff", "amber": "#1a1a1a", "green": "#ffffff", "grey": "#ffffff"}


def rag_badge(rag: Any, label: str | None = None) -> str:
    """A coloured pill for a RAG value, as HTML.

    Parameters
    ----------
    rag : {"red", "amber", "green"} or missing
        The status; anything missing shows as a grey "n/a".
    label : str, optional
        Text on the badge; the RAG value itself by default.

    Returns
    -------
    str
        A ``<span class="pmo-rag pmo-rag-<value>">`` element.
    """
    key = "grey" if is_missing(rag) else str(rag).lower()
    if key not in RAG_COLOURS:
        raise ValueError(f"RAG is red, amber or green, not {rag!r}")
    text = label if label is not None else ("n/a" if key == "grey" else key)
    return (
        f'<span class="pmo-rag pmo-rag-{key}" style="background:{RAG_COLOURS[key]};'
        f"color:{RAG_TEXT[key]};border-radius:0.8em;padding:0.1em 0.6em;"
        f'font-size:0.85em;font-weight:600;white-space:nowrap">{html.escape(text)}</span>'
    )


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    rag_columns: Iterable[str] = (),
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    row_class: Callable[[Any], str] | None = None,
    css_class: str = "pmo-table",
) -> str:
    """Lay out a table as HTML, with RAG badges in the RAG columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show, in order.
    columns : mapping of str to str
        Column of `frame` -> heading, in display order.
    rag_columns : iterable of str
        Columns whose values are RAG strings, shown as :func:`rag_badge`.
    formats : mapping of str to callable, optional
        Column -> function turning a value into text (escaped afterwards);
        ``str`` for the others, an en dash for missing values.
    row_class : callable, optional
        Called with each row (a namedtuple-like Series); its result is the
        row's CSS class (``"pmo-flag"`` highlights it).
    css_class : str
        The table's CSS class.

    Returns
    -------
    str
        A ``<table>`` element.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"html_table: no column {missing[0]!r} in the table")
    rag = set(rag_columns)
    formats = dict(formats or {})
    head = "".join(f"<th>{html.escape(h)}</th>" for h in columns.values())
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in columns:
            value = row[col]
            if col in rag:
                cells.append(f"<td>{rag_badge(value)}</td>")
            elif col in formats:
                cells.append(f"<td>{html.escape(formats[col](value))}</td>")
            else:
                cells.append(f"<td>{'–' if is_missing(value) else html.escape(str(value))}</td>")
        cls = f' class="{html.escape(row_class(row))}"' if row_class else ""
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return (
        f'<table class="{html.escape(css_class)}" style="border-collapse:collapse;width:100%">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
