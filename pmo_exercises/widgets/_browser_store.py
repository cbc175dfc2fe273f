"""A text kept in the visitor's browser (``localStorage``), and a way to point at part of a page.

The kernel and the browser talk through two plain ipywidgets, so that this
works on any Voila page and in JupyterLab with what the kit installs (no
front-end extension to build, nothing loaded from another host):

* kernel to browser: an :class:`ipywidgets.Output` showing a small
  ``<script>`` (``static/browser_store.js``, the way the kit already draws its
  fast figures) that writes the text into ``localStorage``, removes it, or
  scrolls a part of the page into view and focuses it;
* browser to kernel: a hidden :class:`ipywidgets.Text`. When the store is
  drawn, the script reads what the browser keeps and writes a JSON report
  into the Text's input (a change event, which the widget syncs to the
  kernel); :meth:`BrowserStore.on_report` callbacks receive it as a
  :class:`StoreReport`.

The text is kept under :attr:`BrowserStore.key` and the page's path, so that
two pages (or two games) never read each other's. What comes back is data
from the visitor's browser: it is handed over as a string, never run.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import ipywidgets as widgets

__all__ = ["MAX_REPORT_CHARS", "BrowserStore", "StoreReport", "read_report", "store_script"]

#: The longest report accepted from the browser; a longer one is not read at all.
MAX_REPORT_CHARS = 2_000_000

_OPS = ("read", "write", "remove")


@dataclass(frozen=True)
class StoreReport:
    """What the browser said: ``op`` (read, write or remove), the text kept, an error.

    ``stored`` is the text the browser keeps (``None`` when it keeps none);
    ``error`` names why the browser could not read or write its storage
    (``"SecurityError"`` when storage is switched off, ``"QuotaExceededError"``
    when it is full), else ``None``.
    """

    op: str
    stored: str | None
    error: str | None


def read_report(text: str) -> StoreReport | None:
    """The report the browser wrote into the store's Text, or None for anything else."""
    if not isinstance(text, str) or not text or len(text) > MAX_REPORT_CHARS:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("op") not in _OPS:
        return None
    stored, error = data.get("stored"), data.get("error")
    if not isinstance(stored, str | None) or not isinstance(error, str | None):
        return None
    return StoreReport(data["op"], stored, error)


def _literal(value: Any) -> str:
    """``value`` as a JSON literal that cannot end a ``<script>`` element or open a comment."""
    text = json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.cache
def _template() -> str:
    source = files("pmo_exercises.widgets").joinpath("static", "browser_store.js")
    lines = source.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    return "\n".join(lines).strip()


def store_script(store: str, key: str, op: str, arg: Any = None) -> str:
    """The ``<script>`` element that runs `op` (read, write, remove, show) in the browser."""
    if op not in (*_OPS, "show"):
        raise ValueError(f"a browser store can read, write, remove or show, not {op!r}")
    filled = _template() % {
        "store": _literal(store),
        "key": _literal(key),
        "op": _literal(op),
        "arg": _literal(arg),
    }
    return f"<script>{filled}</script>"


class BrowserStore(widgets.Box):
    """One text kept in the browser for this page under `key`; hidden on the page.

    Put it on the page (anywhere: it shows nothing). When it is drawn it
    reads what the browser keeps and reports it (:meth:`on_report`).

    Parameters
    ----------
    key : str
        What the text is kept under, beside the page's path.

    Attributes
    ----------
    key : str
    name : str
        A class unique to this store on the page (its widgets' classes start with it).
    incoming : ipywidgets.Text
        Where the browser writes its reports (hidden).
    kept : str or None
        What this store last asked the browser to keep (``None`` after
        :meth:`remove`, or before any :meth:`write`).
    """

    def __init__(self, key: str) -> None:
        self.key = str(key)
        self.kept: str | None = None
        self.name = f"pmo-store-{uuid.uuid4().hex[:12]}"
        self._listeners: list[Callable[[StoreReport], None]] = []
        self.incoming = widgets.Text(continuous_update=False)
        self.incoming.add_class(f"{self.name}-in")
        self._reader = widgets.Output()
        self._writer = widgets.Output()
        self._pointer = widgets.Output()
        super().__init__(
            [self.incoming, self._reader, self._writer, self._pointer],
            layout=widgets.Layout(display="none"),
        )
        self.add_class(self.name)
        self._run(self._reader, "read")
        self.incoming.observe(self._heard, names="value")

    def on_report(self, callback: Callable[[StoreReport], None]) -> None:
        """Call `callback` with each :class:`StoreReport` the browser sends."""
        self._listeners.append(callback)

    def write(self, text: str) -> None:
        """Keep `text` in the browser, in place of what it kept."""
        self.kept = str(text)
        self._run(self._writer, "write", self.kept)

    def remove(self) -> None:
        """Keep nothing in the browser any more."""
        self.kept = None
        self._run(self._writer, "remove")

    def bring_into_view(self, box: str, *, focus: str, ready: str | None = None) -> None:
        """Scroll the element `box` (a CSS selector) into view and focus `focus`.

        Parameters
        ----------
        box, focus : str
            CSS selectors: what to scroll to the top of the view, and the
            element (focusable: a ``tabindex``) that gets the keyboard focus.
        ready : str, optional
            Wait until this selector matches (content the kernel has just
            sent); by default, `focus`.
        """
        arg = {"box": box, "focus": focus, "ready": ready or focus}
        self._run(self._pointer, "show", arg)

    def script(self, output: str = "writer") -> str:
        """The script last sent to the browser by the reader, writer or pointer (for tests)."""
        pane = {"reader": self._reader, "writer": self._writer, "pointer": self._pointer}[output]
        return "".join(o.get("data", {}).get("text/html", "") for o in pane.outputs)

    def _run(self, pane: widgets.Output, op: str, arg: Any = None) -> None:
        html_text = store_script(self.name, self.key, op, arg)
        data = {"text/html": html_text, "text/plain": f"<browser store: {op}>"}
        pane.outputs = ({"output_type": "display_data", "data": data, "metadata": {}},)

    def _heard(self, change: dict) -> None:
        report = read_report(change["new"])
        if report is None:
            return  # not a report of the store's script: nothing to act on
        for callback in self._listeners:
            callback(report)
