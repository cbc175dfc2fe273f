"""The core data layer: what a portfolio is, and whether a given one is sound.

* :mod:`.schema`: the tables of a portfolio, their columns, dtypes, units and
  meanings (``describe("tasks")``);
* :mod:`.portfolio`: the immutable :class:`~.portfolio.Portfolio`, its tables
  and its week/date model;
* :mod:`.errors`: :class:`~.errors.PortfolioError`, which names the table,
  row and column of every problem;
* :mod:`.validation`: the checks a portfolio must pass, all problems at once;
* :mod:`.coerce`, :mod:`.tables` and :mod:`.canonical`: turning raw cells
  into typed columns, building tables in schema order, and the canonical text
  behind :meth:`~.portfolio.Portfolio.digest`.

Nothing here imports analytics, presentation or course code (see
``tests/test_architecture.py``).
"""

from __future__ import annotations

from .errors import PortfolioError

__all__ = ["PortfolioError"]
