"""The rules of the strategy tables: the objectives' weights share out the whole (they sum to 1)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..errors import PortfolioError

if TYPE_CHECKING:  # pragma: no cover
    from .checker import Checker

__all__ = ["ROW_RULES", "WHOLE_RULES"]


def _weights_sum_to_one(checker: Checker) -> None:
    total = float(checker.frames["objectives"]["weight"].sum())
    if not math.isclose(total, 1.0, rel_tol=0.0, abs_tol=1e-9):
        raise PortfolioError(
            "objectives",
            f"the weights sum to {total:.12g}; they must sum to 1",
            column="weight",
        )


#: Per table, the rules between columns and with other tables (see :mod:`.checker`).
ROW_RULES: dict = {}
#: Per table, the rules over the whole table.
WHOLE_RULES = {"objectives": _weights_sum_to_one}
