"""The graded parts of an assignment, as its source notebook heads them.

Each graded part of an assignment opens with a heading that names its PMO
concept, ``## Part B: CPI and SPI (3 points)`` (written by
:func:`pmo_exercises.course.authoring.part`). A graded cell belongs to the last
part heading above it; a graded cell above every heading belongs to
``"General"``. The course has no tags shared across assignments, so a part is
known by its assignment and its heading, nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GENERAL", "GradedPart", "graded_parts"]

#: The part of a graded cell that comes before any part heading.
GENERAL = "General"

_HEADING = re.compile(r"^##\s*Part\s+([A-Z0-9]+)\s*[:.]\s*(.+?)\s*(\(.*\))?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class GradedPart:
    """One graded part of a notebook: its heading and its graded cells, in order.

    Attributes
    ----------
    label : str
        ``"Part B: CPI and SPI"`` (the heading without its points), or
        :data:`GENERAL`.
    cells : tuple of str
        The grade ids of its graded cells, in notebook order.
    manual : tuple of str
        Those of ``cells`` the coach marks by hand: written answers, task
        cells and any graded cell holding a solution.
    """

    label: str
    cells: tuple[str, ...]
    manual: tuple[str, ...]


def _source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def graded_parts(notebook: dict) -> list[GradedPart]:
    """The graded parts of a source notebook (nbformat as JSON), in notebook order.

    Parts without a graded cell are left out.

    Examples
    --------
    >>> from pmo_exercises.course.authoring import part, test, written
    >>> cells = [
    ...     part("B", "CPI and SPI", 3, "Compute them."),
    ...     test("test_cpi", 2, "cpi", "assert True", "assert True"),
    ...     part("F", "Three lines for the steering committee", 3, "Write them."),
    ...     written("steering", 3, "A model answer.", [(3, "says it")]),
    ... ]
    >>> for p in graded_parts({"cells": cells}):
    ...     print(f"{p.label}: {p.cells}, marked by hand {p.manual}")
    Part B: CPI and SPI: ('test_cpi',), marked by hand ()
    Part F: Three lines for the steering committee: ('steering',), marked by hand ('steering',)
    """
    label = GENERAL
    found: dict[str, tuple[list[str], list[str]]] = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            match = _HEADING.search(_source(cell))
            if match:
                label = f"Part {match.group(1)}: {match.group(2).strip()}"
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if (meta.get("grade") or meta.get("task")) and meta.get("grade_id"):
            cells, manual = found.setdefault(label, ([], []))
            cells.append(meta["grade_id"])
            if cell.get("cell_type") != "code" or meta.get("solution") or meta.get("task"):
                manual.append(meta["grade_id"])
    return [GradedPart(label, tuple(c), tuple(m)) for label, (c, m) in found.items()]
