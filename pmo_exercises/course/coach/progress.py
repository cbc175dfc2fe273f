"""The progress bar of the coach commands (tqdm on stderr, only on a terminal)."""

from __future__ import annotations

import sys

__all__ = ["bar"]


def bar(total: int, description: str, enabled: bool = True):
    """A tqdm bar counting notebooks; silent when stderr is not a terminal or not ``enabled``."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=description,
        unit="notebook",
        file=sys.stderr,
        disable=not (enabled and sys.stderr.isatty()),
        leave=False,
        dynamic_ncols=True,
    )
