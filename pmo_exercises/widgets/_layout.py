"""The frame of a page: header, cards, one-line notices and guarded callbacks."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

__all__ = ["STYLE", "card", "guarded", "header", "notice"]

#: Page-wide CSS for the tables and notices, included once by :func:`header`.
STYLE = """<style>
.pmo-table th, .pmo-table td {padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left;}
.pmo-table th {background: #f4f4f4;}
.pmo-table td {white-space: nowrap;}
.pmo-table tr.pmo-flag td {background: #fff3e0;}
.pmo-notice {padding: 4px 10px; border-radius: 4px; margin: 4px 0;}
.pmo-notice-error {background: #fdecea; color: #8a1c1c;}
.pmo-notice-info {background: #eef4fb; color: #1b3a5c;}
.pmo-notice-ok {background: #edf7ed; color: #1e4620;}
</style>"""


def header(title: str, purpose: str) -> widgets.HTML:
    """The title of an app and one sentence of purpose (with the shared CSS)."""
    return widgets.HTML(
        f"{STYLE}<h2 style='margin:0.2em 0'>{html.escape(title)}</h2>"
        f"<p style='margin:0 0 0.6em 0'>{html.escape(purpose)}</p>"
    )


def card(title: str, *children: widgets.Widget, width: str | None = None) -> widgets.VBox:
    """A titled box holding `children`, stacked."""
    heading = widgets.HTML(f"<h4 style='margin:0.3em 0'>{html.escape(title)}</h4>")
    return widgets.VBox(
        [heading, *children],
        layout=widgets.Layout(
            border="1px solid #ddd", padding="6px 10px", margin="4px", width=width
        ),
    )


def notice(text: str, kind: str = "info") -> str:
    """A one-line message as HTML; `kind` is ``"info"``, ``"ok"`` or ``"error"``."""
    if kind not in ("info", "ok", "error"):
        raise ValueError(f"notice kind is info, ok or error, not {kind!r}")
    return f'<div class="pmo-notice pmo-notice-{kind}">{html.escape(text)}</div>'


def guarded(status: widgets.HTML) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a callback: bad input shows a one-line error in `status`.

    A ``ValueError`` (which ``PortfolioError`` is) raised by the callback is
    shown in `status` as an error notice and not raised further; a callback
    that returns normally clears `status`. Other exceptions are bugs: they
    propagate.

    Parameters
    ----------
    status : ipywidgets.HTML
        Where the message goes.
    """

    def decorate(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                result = callback(*args, **kwargs)
            except ValueError as error:
                status.value = notice(str(error).splitlines()[0], "error")
                return None
            status.value = ""
            return result

        return run

    return decorate
