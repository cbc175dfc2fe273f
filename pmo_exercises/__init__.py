"""pmo_exercises: a simulated project portfolio and the analytics a PMO uses.

Start here::

    import pmo_exercises as pmo
    p = pmo.load_portfolio()          # the teaching portfolio
    p.summary()                       # one row per project at the status date
    pmo.describe("tasks")             # what every column of a table means
    pmo.read_portfolio("export")      # your own portfolio: a CSV folder or .xlsx workbook
    pmo.check_consistency(p)          # figures that disagree, and which one the kit uses

The names below are the public surface that lessons and assignments use.
``import pmo_exercises`` stays light: pandas, numpy and everything heavier
load on first use of a name that needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import attach
from .core.errors import PortfolioError

__version__ = "0.1.0"

# public name -> module that defines it (imported on first access)
_LAZY = {
    "Portfolio": "pmo_exercises.core.portfolio",
    "describe": "pmo_exercises.core.describe",
    "TABLES": "pmo_exercises.core.schema",
    "validate": "pmo_exercises.core.validation",
    "check_consistency": "pmo_exercises.core.validation",
    "PortfolioWarning": "pmo_exercises.core.errors",
    "country_holidays": "pmo_exercises.core.calendar",
    "open_portfolio": "pmo_exercises.io.files",
    "save_portfolio": "pmo_exercises.io.files",
    "read_portfolio": "pmo_exercises.io.files",
    "generate_portfolio": "pmo_exercises.simulation.generator",
    "simulate": "pmo_exercises.simulation.engine",
    "load_portfolio": "pmo_exercises.simulation.loading",
}
# public name -> module that is the name (imported on first access)
_MODULES = {
    "scenarios": "pmo_exercises.simulation.scenarios",
    "planning": "pmo_exercises.planning",
    "tracking": "pmo_exercises.tracking",
    "charts": "pmo_exercises.charts",
    "checks": "pmo_exercises.checks",
    "strategy": "pmo_exercises.strategy",
    "governance": "pmo_exercises.governance",
    "reporting": "pmo_exercises.reporting",
    "risk": "pmo_exercises.risk",
    "widgets": "pmo_exercises.widgets",
    "game": "pmo_exercises.game",
    "course": "pmo_exercises.course",
}

__all__ = [
    "TABLES",
    "Portfolio",
    "PortfolioError",
    "PortfolioWarning",
    "__version__",
    "charts",
    "check_consistency",
    "checks",
    "country_holidays",
    "describe",
    "generate_portfolio",
    "governance",
    "load_portfolio",
    "open_portfolio",
    "planning",
    "read_portfolio",
    "reporting",
    "risk",
    "save_portfolio",
    "scenarios",
    "simulate",
    "strategy",
    "tracking",
    "validate",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import charts, checks, governance, planning, reporting, risk, strategy, tracking
    from .core.calendar import country_holidays
    from .core.describe import describe
    from .core.errors import PortfolioWarning
    from .core.portfolio import Portfolio
    from .core.schema import TABLES
    from .core.validation import check_consistency, validate
    from .io.files import open_portfolio, read_portfolio, save_portfolio
    from .simulation import scenarios
    from .simulation.engine import simulate
    from .simulation.generator import generate_portfolio
    from .simulation.loading import load_portfolio


__getattr__, __dir__ = attach(__name__, globals(), _LAZY, modules=_MODULES)
