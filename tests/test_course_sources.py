"""The graded source notebooks keep the course's conventions, and their solutions pass.

The conventions are nbgrader's user guide and the UBC worksheets' (STYLE.md):
front matter with goals and time, parts headed with their points, points in
metadata only and agreeing with the heading, meaningful grade ids, a docstring
first in every test cell, a visible test and hidden ones, rubrics inside the
written answers, no outputs. The nbgrader round trip itself is
tests/test_course_roundtrip.py.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pmo_exercises.course.coach.zygote_process import PRELOAD, preload_for

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "course" / "source"
NOTEBOOKS = sorted(SOURCE.glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
PART = re.compile(r"^## Part ([A-Z]): .+ \((\d+(?:\.\d+)?) points?\)", re.M)


def _nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _load(path: Path):
    return nbformat.read(path, as_version=4)


def test_every_module_has_its_assignment():
    assert [p.parent.name for p in NOTEBOOKS] == [p.stem for p in NOTEBOOKS]
    # one graded assignment per module of CURRICULUM.md, 01 to 07
    assert [p.stem[:2] for p in NOTEBOOKS] == [f"{n:02d}" for n in range(1, 8)]


def test_source_notebooks_match_their_authoring_files():
    done = subprocess.run(
        [sys.executable, str(ROOT / "course" / "authoring" / "build.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_front_matter_and_setup(path):
    nb = _load(path)
    front, setup = nb.cells[0], nb.cells[1]
    assert front.cell_type == "markdown" and _nbg(front).get("locked")
    assert "You will be able to" in front.source and "**Time:** about" in front.source
    assert setup.cell_type == "code" and not _nbg(setup), "the setup cell must stay editable"
    assert 'TRAINEE_ID = ""' in setup.source and f'start("{path.stem}", TRAINEE_ID)' in setup.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_parts_points_and_grade_ids(path):
    nb = _load(path)
    parts: list[tuple[str, float, float]] = []  # letter, heading points, metadata points
    grade_ids = []
    for cell in nb.cells:
        heading = PART.search(cell.source) if cell.cell_type == "markdown" else None
        if heading:
            parts.append((heading.group(1), float(heading.group(2)), 0.0))
        meta = _nbg(cell)
        if meta.get("grade_id"):
            grade_ids.append(meta["grade_id"])
        if meta.get("grade"):
            assert parts, f"{meta['grade_id']} comes before any part"
            letter, shown, total = parts[-1]
            parts[-1] = (letter, shown, total + float(meta["points"]))
    assert 6 <= len(parts) <= 12, f"{len(parts)} parts"
    assert [p[0] for p in parts] == [chr(ord("A") + i) for i in range(len(parts))]
    for letter, shown, total in parts:
        assert shown == total, f"Part {letter}: heading says {shown}, metadata {total}"
    assert len(grade_ids) == len(set(grade_ids)), "grade ids are unique"
    for gid in grade_ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", gid) and not gid.startswith("cell"), gid


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_test_cells_have_a_docstring_a_visible_and_a_hidden_test(path):
    tests = [c for c in _load(path).cells if _nbg(c).get("grade") and c.cell_type == "code"]
    assert tests
    for cell in tests:
        gid = _nbg(cell)["grade_id"]
        assert gid.startswith("test_") and _nbg(cell)["locked"], gid
        first = cell.source.splitlines()[0]
        assert re.fullmatch(r'""".+"""', first), f"{gid}: one-line docstring first"
        visible, _, hidden = cell.source.partition("### BEGIN HIDDEN TESTS")
        assert "assert" in visible or "grading.expect" in visible, f"{gid}: a visible test"
        assert "### END HIDDEN TESTS" in hidden and "grading.key()" in hidden, f"{gid}: hidden"


def _visible_test(assignment: str, grade_id: str) -> str:
    cell = next(
        c
        for c in _load(SOURCE / assignment / f"{assignment}.ipynb").cells
        if _nbg(c).get("grade_id") == grade_id
    )
    return cell.source.partition("### BEGIN HIDDEN TESTS")[0]


@pytest.mark.parametrize(
    ("assignment", "grade_id", "name", "value"),
    [
        # fb.at[pid, "step_in_week"] and .max() give numpy integers; 7.0 is week 7 too
        pytest.param("03_tracking", "test_step_in_week", "step_in_week", "np.int64(7)", id="03-np"),
        pytest.param("03_tracking", "test_step_in_week", "step_in_week", "7.0", id="03-float"),
        pytest.param("03_tracking", "test_step_in_week", "step_in_week", "7", id="03-int"),
        pytest.param(
            "06_alignment", "test_shortfall_days", "shortfall_days", "np.int64(3)", id="06-np"
        ),
        # the natural count, dec["project_id"].isna().sum(), is a numpy integer
        pytest.param(
            "05_reporting",
            "test_portfolio_decisions",
            "portfolio_decisions",
            "np.int64(2)",
            id="05-np",
        ),
    ],
)
def test_visible_tests_take_a_number_in_every_form_a_trainee_gives(
    assignment, grade_id, name, value
):
    import types

    import numpy as np

    namespace = {"np": np, "portfolio": types.SimpleNamespace(status_week=12)}
    exec(f"{name} = {value}", namespace)
    exec(_visible_test(assignment, grade_id), namespace)  # passes: no AssertionError


def test_a_visible_test_still_refuses_what_is_not_a_week():
    namespace = {"portfolio": None, "step_in_week": "7"}
    with pytest.raises(AssertionError, match="a week number"):
        exec(_visible_test("03_tracking", "test_step_in_week"), namespace)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_written_parts_carry_their_rubric_inside_the_solution(path):
    cells = _load(path).cells
    written = [c for c in cells if c.cell_type == "markdown" and _nbg(c).get("grade")]
    auto = [c for c in cells if c.cell_type == "code" and _nbg(c).get("grade")]
    assert len(written) >= 2 and auto, "a mix of written and autograded parts"
    for cell in written:
        assert _nbg(cell)["solution"], "a written answer is a solution cell"
        body = cell.source.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION")[0]
        assert "**Rubric**" in body
        marks = [float(m) for m in re.findall(r"^- (\d+(?:\.\d+)?) points?:", body, re.M)]
        assert sum(marks) == float(_nbg(cell)["points"])
    for cell in cells:
        if "Rubric" in cell.source:
            assert _nbg(cell).get("solution"), "a rubric outside a solution would be released"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs(path):
    cells = _load(path).cells
    assert not any(
        c.get("outputs") or c.get("execution_count") for c in cells if c.cell_type == "code"
    )


# the last cell of a solution run: the modules the zygote imports for some assignments
# only (zygote_process.ONLY_FOR) that the kernel ended up importing
_HEAVY_PROBE = (
    "import sys\nfrom pmo_exercises.course.coach.zygote_process import ONLY_FOR\n"
    "print(sorted(m for m in ONLY_FOR if m in sys.modules))"
)


def _errors(
    path: Path, env: dict[str, str], declared: str = "", imported: list | None = None
) -> dict[str, str]:
    """The error of each graded cell when ``path`` runs; ``imported`` gets the heavy modules."""
    nb = _load(path)
    if imported is not None:
        nb.cells.append(nbformat.v4.new_code_cell(_HEAVY_PROBE))
    if declared:
        setup = nb.cells[1]
        setup.source = setup.source.replace('TRAINEE_ID = ""', f'TRAINEE_ID = "{declared}"', 1)
    with tempfile.TemporaryDirectory() as folder:
        NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": folder}},
        ).execute(env=env)
    if imported is not None:
        imported.extend(ast.literal_eval(nb.cells[-1].outputs[-1]["text"]))
    return {
        _nbg(c).get("grade_id", f"cell {i}"): o.evalue
        for i, c in enumerate(nb.cells)
        for o in c.get("outputs", [])
        if o.output_type == "error"
    }


def _env(**extra: str) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMO_", "NBGRADER"))}
    env.pop("JUPYTERHUB_USER", None)
    return env | extra


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
@pytest.mark.parametrize("trainee", ["alice", "bob"])
def test_the_solution_passes_every_test_on_any_variant(path, trainee):
    imported: list[str] = []
    assert _errors(path, _env(PMO_TRAINEE=trainee), imported=imported) == {}
    # the grading zygotes preload what the solution needs (else each kernel imports it)
    code = "\n".join(c.source for c in _load(path).cells if c.cell_type == "code")
    assert set(imported) <= set(preload_for(code))


def test_the_zygote_preloads_the_solver_only_for_the_assignments_that_name_it():
    heavy = "scipy.optimize"
    assert heavy not in preload_for("work = start('03_tracking')\npmo.tracking.evm(p)")
    assert heavy in preload_for("s = pmo.strategy.select_portfolio(inputs)")
    assert heavy in preload_for("from pmo_exercises.strategy import select_portfolio")
    assert set(preload_for("")) | {heavy} == set(PRELOAD)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_a_solution_worked_on_alices_portfolio_fails_when_bob_submits_it(path):
    failed = _errors(path, _env(PMO_GRADING_TRAINEE="bob"), declared="alice")
    tests = {
        _nbg(c)["grade_id"]
        for c in _load(path).cells
        if _nbg(c).get("grade") and c.cell_type == "code"
    }
    assert set(failed) >= tests
    assert all("submitted by 'bob'" in failed[t] for t in tests)


def test_nbgrader_started_from_the_repository_root_finds_the_course():
    # make start serves the repository root: formgrader and the Assignment List read
    # ./nbgrader_config.py there, which must lead to the course and its exchange.
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    assert Path(config.CourseDirectory.root) == ROOT / "course"
    assert Path(config.Exchange.root) == ROOT / "course" / "exchange"
    assert (ROOT / "course" / config.IncludeHeaderFooter.header).is_file()
