"""Package facades whose names load on first use (PEP 562).

A package that re-exports names from heavy modules keeps its import light by
naming, for each public name, the module that holds it; :func:`attach` makes
the module-level ``__getattr__`` and ``__dir__`` that import it on first
access. Used by :mod:`pmo_exercises`, :mod:`pmo_exercises.widgets`,
:mod:`pmo_exercises.course` and :mod:`pmo_exercises.course.coach`::

    __getattr__, __dir__ = attach(__name__, globals(), {"cockpit": ".cockpit_app"})

This module imports nothing but :mod:`importlib`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from importlib import import_module
from typing import Any

__all__ = ["attach"]


def attach(
    package: str,
    namespace: MutableMapping[str, Any],
    names: Mapping[str, str],
    *,
    modules: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Make the ``__getattr__`` and ``__dir__`` of a package with lazy names.

    Parameters
    ----------
    package : str
        The package's name (its ``__name__``): it names the package in the
        error for an unknown attribute and anchors relative module names.
    namespace : mutable mapping
        The package's ``globals()``: a name, once loaded, is stored there, so
        later lookups no longer reach ``__getattr__``.
    names : mapping of str to str
        Public name -> the module that defines it (``"pkg.mod"`` or, relative
        to `package`, ``".mod"``); the attribute is the module's attribute of
        that name.
    modules : mapping of str to str, optional
        Public name -> a module that is itself the attribute.

    Returns
    -------
    tuple of callable
        ``(__getattr__, __dir__)``, to assign at the package's top level.
        ``__getattr__`` raises :class:`AttributeError` for any other name, as
        a module does; ``__dir__`` lists the loaded and the lazy names.
    """
    modules = dict(modules or {})

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(import_module(names[name], package), name)
        elif name in modules:
            value = import_module(modules[name], package)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names) | set(modules))

    return __getattr__, __dir__
