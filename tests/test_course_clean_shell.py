"""The clean verdict's shell: the hidden tests run as a kernel would run them, without one.

:mod:`pmo_exercises.course.coach.clean_shell` replaces the second kernel of
each notebook (issue #13). These tests hold it to what nbgrader needs of a
kernel: the same outputs as ipykernel gives for the same cells (streams,
results, displays, errors), execution counts, a cell past its time limit
interrupted with nbgrader's own error and the next cell still run, a shell
that dies reported as a dead kernel, each test's answers in place before it
runs, and the same behaviour whether the shell is forked from the worker's
zygote or started as a fresh Python.
"""

from __future__ import annotations

import copy
import os
import re
import time
from types import SimpleNamespace

import nbformat
import pytest
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute

from pmo_exercises.course.answers import encode
from pmo_exercises.course.coach import verdict
from pmo_exercises.course.coach.zygote import ForkingKernelManager, Zygote

pytestmark = pytest.mark.slow

# What a test cell may do, one cell each: what ipykernel records is the reference.
CELLS = [
    "print('one'); print('two')",
    "import sys\nprint('out'); print('err', file=sys.stderr); print('out again')",
    "6 * 7",
    "from IPython.display import HTML, display\ndisplay(HTML('<b>bold</b>'))\n'after'",
    "assert 1 == 2, 'the EAC should be 1,250, not 1,000'",
    "import pandas as pd\npd.DataFrame({'a': [1, 2]})",
    "x = undefined_name",
    "from IPython.display import clear_output\nprint('gone')\nclear_output()\nprint('kept')",
    "def broken(:\n    pass",
    "import warnings\nwarnings.warn('a late forecast')",
    "pass",
]


def _notebook(cells: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    return nb


def _clean(cells: list[str], answers: dict | None = None, timeout: float = 20, setup: str = ""):
    """Run ``cells`` in a clean shell, as the verdict does; the notebook it filled."""
    nb = _notebook(cells)
    plan = {i: [] for i in range(len(cells))}
    payloads = {i: (answers or {}).get(i) for i in plan}
    fake = SimpleNamespace(
        nb=nb,
        timeout=timeout,
        km=SimpleNamespace(calls_socket=""),
        error_on_timeout=Execute().error_on_timeout,
    )
    shell = verdict._CleanShell(fake)
    try:
        shell.run_tests(setup, plan, payloads)
    finally:
        shell.close()
    assert not os.path.exists(shell.folder)  # nothing left behind
    return nb


def _kernel(cells: list[str]) -> nbformat.NotebookNode:
    nb = _notebook(cells)
    Execute(kernel_manager_class=ForkingKernelManager, timeout=60).preprocess(
        nb, {"metadata": {"path": os.getcwd()}}
    )
    return nb


def _comparable(output: dict) -> dict:
    """An output without what differs between two runs (tracebacks' frames and colours)."""
    out = copy.deepcopy(dict(output))
    out.pop("traceback", None)
    if out.get("output_type") == "stream" and out.get("name") == "stderr":
        # a warning names the file of the cell, which differs between two interpreters
        out["text"] = out["text"].split(": ", 1)[-1]
    if out.get("ename") == "SyntaxError":  # the cell's file name is each interpreter's own
        out["evalue"] = re.sub(r"\(.*, line", "(CELL, line", out["evalue"])
    out.get("metadata", {}).pop("execution", None)
    return out


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "fresh-python"])
def test_the_clean_shell_records_what_ipykernel_records(fork, monkeypatch):
    if not fork:
        monkeypatch.setenv("PMO_GRADE_NO_FORK", "1")
    elif Zygote.get() is None:
        pytest.skip("no zygote on this platform")
    clean, kernel = _clean(CELLS), _kernel(CELLS)
    for ours, theirs in zip(clean.cells, kernel.cells, strict=True):
        assert [_comparable(o) for o in ours.outputs] == [_comparable(o) for o in theirs.outputs]
        assert ours.execution_count == theirs.execution_count
    errors = [o for c in clean.cells for o in c.outputs if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors[:2]] == [
        ("AssertionError", "the EAC should be 1,250, not 1,000"),
        ("NameError", "name 'undefined_name' is not defined"),
    ]
    assert [e.ename for e in errors[2:]] == ["SyntaxError"]
    assert all(e.traceback for e in errors)  # the coach sees where it failed


def test_each_test_finds_its_own_answers_and_not_the_last_test_s():
    cells = [
        "assert n_projects == 12, n_projects",
        "assert 'n_projects' not in globals(), 'the last test left its answer'",
        "assert list(frame['a']) == [1, 2] and frame['a'].dtype == 'int64'",
    ]
    import pandas as pd

    answers = {
        0: {"answers": {"n_projects": encode(12)}, "missing": []},
        1: {"answers": {}, "missing": ["n_projects"]},
        2: {"answers": {"frame": encode(pd.DataFrame({"a": [1, 2]}))}, "missing": []},
    }
    nb = _clean(cells, answers)
    assert [c.outputs for c in nb.cells] == [[], [], []]


def test_answers_that_cannot_be_read_reach_the_test_as_a_stand_in_that_says_so():
    cells = ["n_projects = 3", "print(n_projects)\nassert n_projects == 3"]
    broken = {"answers": {"n_projects": {"$": "ndarray", "dtype": "int64", "values": "x"}}}
    nb = _clean(cells, {1: {**broken, "missing": []}})
    shown, error = nb.cells[1].outputs
    assert "not gradable: n_projects: its data is malformed" in shown.text
    assert error.ename == "AssertionError"  # the value of the cell before is not taken


def test_a_cell_past_its_time_is_interrupted_and_the_next_one_still_runs():
    started = time.monotonic()
    nb = _clean(["import time\ntime.sleep(30)", "print('next')"], timeout=1)
    assert time.monotonic() - started < 15
    (late,) = nb.cells[0].outputs
    assert late.ename == "CellTimeoutError"  # nbgrader's own words for it
    assert [o.get("text") for o in nb.cells[1].outputs] == ["next\n"]


def test_a_shell_that_dies_is_a_dead_kernel():
    with pytest.raises(DeadKernelError, match="clean verdict's shell ended"):
        _clean(["import os\nos._exit(3)", "print('never')"])


def test_the_set_up_runs_first_and_its_outputs_are_nobody_s():
    nb = _clean(["print(greeting)"], setup="greeting = 'hello'\nprint('set-up noise')")
    assert [o.get("text") for o in nb.cells[0].outputs] == ["hello\n"]
