"""A tamper check for grading: whether a trainee cell replaced what grading relies on.

At :func:`~pmo_exercises.course.start` the kit notes the identity of every
builtin and of every public function in the analytics modules. Each hidden
test asks :func:`changed` first: a notebook that replaced ``round``,
``pmo_exercises.tracking.evm`` or a grading helper is graded as wrong on every
autograded part. This is one layer: ``pmo course grade`` also reads the
trainee's cells before running them and refuses the same tricks statically.
"""

from __future__ import annotations

import builtins
import sys
from importlib import import_module

__all__ = ["changed", "snapshot"]

# The modules grading computes its answer key with.
WATCHED = (
    "pmo_exercises.course.grading",
    "pmo_exercises.course.work",
    "pmo_exercises.course._guard",
    "pmo_exercises.simulation.loading",
    "pmo_exercises.core.portfolio",
    "pmo_exercises.planning",
    "pmo_exercises.tracking",
    "pmo_exercises.risk",
    "pmo_exercises.governance",
    "pmo_exercises.reporting",
    "pmo_exercises.strategy",
    "math",
)

_KERNEL_OWNED = frozenset(
    {
        "input",
        "raw_input",
        "getpass",
        "display",
        "get_ipython",
        "exit",
        "quit",
        "help",
        "copyright",
        "credits",
        "license",
    }
)

_seen: dict[tuple[str, str], int] = {}


def _members():
    # The kernel adds and swaps some builtins of its own (input for stdin, display...).
    yield (
        "builtins",
        {
            k: v
            for k, v in vars(builtins).items()
            if not k.startswith("_") and k not in _KERNEL_OWNED
        },
    )
    for name in WATCHED:
        module = sys.modules.get(name) or import_module(name)
        yield name, {k: v for k, v in vars(module).items() if not k.startswith("__")}


def snapshot() -> None:
    """Remember the identity of everything watched (once per kernel)."""
    if _seen:
        return
    for module, members in _members():
        for key, value in members.items():
            _seen[module, key] = id(value)


def changed() -> list[str]:
    """Names replaced or deleted since :func:`snapshot`, as ``module.name``."""
    if not _seen:
        snapshot()
        return []
    now = {}
    for module, members in _members():
        for key, value in members.items():
            now[module, key] = id(value)
    return sorted(
        f"{module}.{key}"
        for (module, key), ident in _seen.items()
        if now.get((module, key)) != ident
    )
