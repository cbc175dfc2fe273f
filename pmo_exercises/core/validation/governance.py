"""The rules of the governance tables: the artefacts a project's stage gates ask for.

``approved_on`` is set exactly when an artefact is approved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..coerce import show

if TYPE_CHECKING:  # pragma: no cover
    from .checker import Checker, Problems

__all__ = ["ROW_RULES", "WHOLE_RULES"]


def _artefacts(checker: Checker, problems: Problems) -> None:
    frame = problems.frame
    codes, uniques = checker.factor("artefacts", "state")
    approved = (
        (codes >= 0) & (uniques == "approved")[np.maximum(codes, 0)]
        if len(uniques)
        else np.zeros(len(codes), dtype=bool)
    )
    dated = frame["approved_on"].notna().to_numpy()
    problems.add(
        approved & ~dated,
        "approved_on",
        lambda r: "missing; an approved artefact has its approval date",
    )
    problems.add(
        ~approved & dated,
        "approved_on",
        lambda r: (
            f"{show(frame['approved_on'].iloc[r])} is set but the artefact is "
            f"{show(frame['state'].iloc[r])}; only an approved artefact has an approval date"
        ),
    )


#: Per table, the rules between columns and with other tables (see :mod:`.checker`).
ROW_RULES = {"artefacts": _artefacts}
#: Per table, the rules over the whole table.
WHOLE_RULES: dict = {}
