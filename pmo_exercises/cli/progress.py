"""The ``pmo`` command's progress: a bar over a command's steps, on stderr, for a person.

Reading a 30-project workbook, summarising it or laying out its report each
take seconds, and none of them can say how far it has got. :class:`Steps`
shows which step is running, how many are done and the time it has taken,
ticking twice a second, so that a slow step is seen working. The bar is on
stderr and only when stderr is a terminal: a pipe, a file or a test sees
nothing of it, and stdout stays the command's output alone.

::

    with Steps("pmo report", 3) as steps:
        with steps.step("reading the portfolio"):
            portfolio = read(path)
        ...
"""

from __future__ import annotations

import contextlib
import sys
import threading

__all__ = ["Steps"]

#: How often the bar is redrawn while a step runs, in seconds.
TICK_S = 0.5


class Steps:
    """A tqdm bar over ``total`` steps on stderr, shown only when stderr is a terminal.

    Parameters
    ----------
    command : str
        What runs, shown before the step's name (``"pmo report"``).
    total : int
        How many steps the command takes.
    """

    def __init__(self, command: str, total: int) -> None:
        self.command = command
        self.total = total
        self.enabled = sys.stderr.isatty()
        self._bar = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> Steps:
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self.total,
                desc=self.command,
                file=sys.stderr,
                leave=False,
                mininterval=0,  # a step is seconds long: show each one as it ends
                bar_format="{desc}: {n_fmt}/{total_fmt} |{bar:20}| {elapsed}",
            )
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._bar is not None:
            self._bar.close()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_S):
            self._bar.refresh()

    @contextlib.contextmanager
    def step(self, what: str):
        """Show ``what`` as the running step; count it done when the block ends."""
        if self._bar is not None:
            self._bar.set_description_str(f"{self.command}: {what}")
        yield
        if self._bar is not None:
            self._bar.update(1)
