"""Build the course: the release copies, checked for leaks, and the solution copies.

``pmo course build`` runs nbgrader's ``generate_assignment`` for every
assignment of ``source/`` (the release copies trainees get, and the gradebook's
record of every graded cell), checks that no release copy holds a solution, a
hidden test or a rubric, and writes ``solutions/course/NN_topic.ipynb``: the
source notebook (solutions, hidden tests and rubrics in it: coach material),
run top to bottom on the coach's portfolio so that a solution that fails its
own tests fails the build. Solution copies are written without outputs, like
every notebook of the kit.
"""

from __future__ import annotations

import copy
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .course import CoachError, Course, nbgrader_reason, quiet

__all__ = ["BuildResult", "build", "leaks", "solution_path", "stale_solutions"]

# The id the solutions are run on (any id works: it names a portfolio variant).
SOLUTION_TRAINEE = "coach"
_MARKERS = re.compile(
    r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS|"
    r"BEGIN MARK SCHEME|END MARK SCHEME|For the coach|\*\*Rubric\*\*"
)


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` did for one assignment."""

    assignment: str
    release: Path
    solution: Path | None
    cells: int
    points: float
    problem: str | None = None


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _secret_lines(source_nb: dict) -> set[str]:
    """Lines that only the coach may see: inside solution and hidden-test regions."""
    secret, public = set(), set()
    for cell in source_nb.get("cells", []):
        inside = False
        for line in _source(cell).splitlines():
            stripped = line.strip()
            if re.search(r"BEGIN (SOLUTION|HIDDEN TESTS|MARK SCHEME)", stripped):
                inside = True
            elif re.search(r"END (SOLUTION|HIDDEN TESTS|MARK SCHEME)", stripped):
                inside = False
            elif inside and len(stripped) >= 12 and not stripped.startswith("#"):
                secret.add(stripped)
            elif not inside:
                public.add(stripped)
    # a line the trainee sees anyway (in a question or a visible test) is no leak
    return secret - public


def leaks(release_nb: dict, source_nb: dict | None = None) -> list[str]:
    """What a release copy gives away: markers, rubric text, or lines of a solution.

    Parameters
    ----------
    release_nb : dict
        The release copy, as read from its ``.ipynb``.
    source_nb : dict, optional
        The source notebook: every line of 12 characters or more inside its
        solution and hidden-test regions must be absent from the release.

    Returns
    -------
    list of str
        One line per leak (``"cell 7: ..."``); empty when the copy is clean.
    """
    secret = _secret_lines(source_nb) if source_nb is not None else set()
    found = []
    for number, cell in enumerate(release_nb.get("cells", []), start=1):
        text = _source(cell)
        marker = _MARKERS.search(text)
        if marker:
            found.append(f"cell {number}: {marker.group(0)!r}")
        for line in text.splitlines():
            if line.strip() in secret:
                found.append(f"cell {number}: a solution or hidden-test line: {line.strip()!r}")
        for output in cell.get("outputs", []):
            found.append(f"cell {number}: has outputs ({output.get('output_type')})")
            break
    return found


def solution_path(course: Course, assignment: str, solutions: Path | None = None) -> Path:
    """``solutions/course/NN_topic.ipynb`` beside the course folder (or under ``solutions``)."""
    base = solutions if solutions is not None else course.root.parent / "solutions" / "course"
    return Path(base) / f"{assignment}.ipynb"


def _cell_sources(nb: dict) -> list[tuple[str, str]]:
    return [(c.get("cell_type", ""), _source(c)) for c in nb.get("cells", [])]


def stale_solutions(course, solutions: Path | None = None) -> list[str]:
    """Assignments whose solution copy is missing or differs from the source, cell by cell."""
    course = course if isinstance(course, Course) else Course(course)
    stale = []
    for assignment in course.assignments():
        path = solution_path(course, assignment, solutions)
        if not path.is_file() or _cell_sources(_read(path)) != _cell_sources(
            _read(course.source_notebook(assignment))
        ):
            stale.append(assignment)
    return stale


def _execute(source: Path, timeout: int) -> dict:
    """Run the source notebook on the coach's portfolio; raise if a test cell fails."""
    import nbformat
    from nbclient import NotebookClient

    from .zygote import QuickKernelManager

    nb = nbformat.read(source, as_version=4)
    env = {k: v for k, v in os.environ.items() if k not in {"PMO_GRADING_TRAINEE"}}
    env["PMO_TRAINEE"] = SOLUTION_TRAINEE
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            kernel_manager_class=QuickKernelManager,  # over Unix sockets, not loopback TCP
            allow_errors=True,
            resources={"metadata": {"path": str(source.parent)}},
        )
        with quiet():
            client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "a cell")
                raise CoachError(
                    f"{source.name}: the solution fails in {grade_id}: "
                    f"{output.get('ename')}: {str(output.get('evalue'))[:200]}"
                )
    return nb


def build(
    course,
    assignments: list[str] | None = None,
    *,
    solutions: Path | None = None,
    execute: bool = True,
    write_solutions: bool = True,
    timeout: int = 120,
) -> list[BuildResult]:
    """Generate the release copies and refresh the solution copies.

    Parameters
    ----------
    course : Course or path
        The course folder.
    assignments : list of str, optional
        Only these (default: every assignment of ``source/``).
    solutions : path, optional
        Where the solution copies go (default: ``solutions/course`` beside the course).
    execute : bool
        Run each solution and fail when one of its test cells fails.
    write_solutions : bool
        Write the solution copies (``False``: the release copies only).
    timeout : int
        Seconds per cell when running a solution.

    Returns
    -------
    list of BuildResult
        One per assignment; ``problem`` says when its solution fails its own tests
        (its copy is still written, so that the coach can open it).
    """
    import nbformat

    course = course if isinstance(course, Course) else Course(course)
    names = assignments or course.assignments()
    if not names:
        raise CoachError(f"no assignments in {course.root / 'source'}")
    for name in names:
        course.check_assignment(name)
    api = course.api()
    results = []
    for name in names:
        with quiet():
            outcome = api.generate_assignment(name, force=True, create=True)
        if not outcome.get("success"):
            raise CoachError(f"nbgrader could not generate {name}: {nbgrader_reason(outcome)}")
        source_path = course.source_notebook(name)
        source_nb = _read(source_path)
        release = course.folder("release", None, name) / f"{name}.ipynb"
        found = leaks(_read(release), source_nb)
        if found:
            raise CoachError(f"the release copy of {name} leaks: {found[0]}")
        target, problem = None, None
        if write_solutions:
            try:
                solved = (
                    _execute(source_path, timeout) if execute else nbformat.read(source_path, 4)
                )
            except CoachError as error:  # the other assignments are still built
                solved, problem = nbformat.read(source_path, 4), str(error)
            clean = copy.deepcopy(solved)
            for cell in clean.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
                cell.metadata.pop("execution", None)
            target = solution_path(course, name, solutions)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(clean, indent=1, ensure_ascii=False) + "\n"
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
        cells = [c for c in source_nb["cells"] if c.get("metadata", {}).get("nbgrader", {})]
        points = sum(
            float(c["metadata"]["nbgrader"].get("points", 0))
            for c in cells
            if c["metadata"]["nbgrader"].get("grade")
        )
        results.append(BuildResult(name, release, target, len(source_nb["cells"]), points, problem))
    return results
