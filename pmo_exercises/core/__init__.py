"""The core data layer: what a portfolio is, and whether a given one is sound.

* :mod:`.schema`: the tables of a portfolio, their columns, dtypes, units and
  meanings, and which tables a real PMO may not have (:data:`~.schema.OPTIONAL_TABLES`);
  :mod:`.describe` shows them (``describe("tasks")``, ``describe(tables=True)``);
* :mod:`.portfolio`: the immutable :class:`~.portfolio.Portfolio`, its tables
  and its week/date model; :mod:`.calendar`: its working days, less its holidays;
* :mod:`.errors`: :class:`~.errors.PortfolioError`, which names the table,
  row and column of every problem, and :class:`~.errors.PortfolioWarning`;
* :mod:`.validation`: the checks a portfolio must pass, all problems at once,
  and the consistency warnings of a valid one (``check_consistency``);
* :mod:`.cells`, :mod:`.coerce` and :mod:`.conventions`: turning raw cells into
  typed columns, with the decimal mark and date order of the data (detected or
  told); :mod:`.tables` and :mod:`.canonical`: building tables in schema order,
  and the canonical text behind :meth:`~.portfolio.Portfolio.digest`.

Nothing here imports analytics, presentation or course code (see
``tests/test_architecture.py``).
"""

from __future__ import annotations

from .errors import PortfolioError

__all__ = ["PortfolioError"]
