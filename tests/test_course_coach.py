"""The coach's tools: the tamper scan, the commands, solutions kept up to date.

The static tamper scan is checked on a catalogue of tricks and of honest code;
the ``pmo course`` commands on their errors (one line, no traceback) and on a
whole weekly cycle through the real nbgrader exchange in a temporary course:
build, release, fetch and submit as a trainee, collect, grade, report.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from _course_helpers import TINY, copy_course, read, solution_nb, tiny_course

from pmo_exercises.cli import main
from pmo_exercises.course.coach.build import solution_path, stale_solutions
from pmo_exercises.course.coach.course import CoachError, Course
from pmo_exercises.course.coach.preprocessors import REASON_ENV, NotRun, TrimOutput
from pmo_exercises.course.coach.tamper import protected_names, scan, scan_notebook

ROOT = Path(__file__).resolve().parent.parent

# -- the static tamper scan -------------------------------------------------------------
PROTECTED = protected_names(
    ["assert isinstance(x, pd.Series)\nassert len(x) == 3\nkey = grading.key()"],
    ["import pandas as pd\nimport pmo_exercises as pmo\nfrom pmo_exercises.course import start"],
)

TRICKS = [
    pytest.param(
        "import pmo_exercises.course.work as w\nprint(w._session)",
        "kit's private w._session",
        id="private-state",
    ),
    pytest.param(
        "import pmo_exercises as pmo\ngetattr(pmo.course.work, '_session').clear()",
        "getattr",
        id="getattr-private",
    ),
    pytest.param(
        "import pmo_exercises as pmo\npmo.tracking.evm = len",
        "pmo.tracking.evm",
        id="module-attribute",
    ),
    pytest.param(
        "from pmo_exercises import tracking as t\nt.evm = None", "t.evm", id="from-import-alias"
    ),
    pytest.param(
        "import pmo_exercises as pmo\nt = pmo.tracking\nt.evm = 1", "t.evm", id="alias-of-a-module"
    ),
    pytest.param(
        "from pmo_exercises.course import grading\ngrading.key = lambda: 0",
        "grading.key",
        id="grading-key",
    ),
    pytest.param(
        "import pmo_exercises.course.grading as g\ndel g.key", "g.key", id="delete-a-function"
    ),
    pytest.param("import numpy as np\nnp.all = lambda x: True", "np.all", id="numpy-function"),
    pytest.param(
        "import pandas as pd\npd.Series.equals = lambda *a: True",
        "pd.Series.equals",
        id="pandas-method",
    ),
    pytest.param(
        "import sys\nsys.modules['pmo_exercises'] = None", "sys.modules", id="sys-modules"
    ),
    pytest.param("import builtins\nbuiltins.round = abs", "imports builtins", id="builtins"),
    pytest.param("__builtins__.round = abs", "__builtins__", id="dunder-builtins"),
    pytest.param(
        "import os\nos.environ['PMO_GRADING_TRAINEE'] = 'x'", "os.environ", id="environment"
    ),
    pytest.param(
        "from os import environ\nenviron.update(A='x')", "environ", id="environment-update"
    ),
    pytest.param("import os\nos.chdir('/tmp')", "working directory", id="chdir"),
    pytest.param(
        "import importlib, pmo_exercises\nimportlib.reload(pmo_exercises)", "reloads", id="reload"
    ),
    pytest.param(
        "import pmo_exercises as pmo\nsetattr(pmo.tracking, 'evm', 1)", "setattr", id="setattr"
    ),
    pytest.param("import pmo_exercises as pmo\nvars(pmo.tracking)['evm'] = 1", "vars(", id="vars"),
    pytest.param(
        "import pmo_exercises as pmo\npmo.tracking.__dict__.update(evm=1)",
        "__dict__",
        id="module-dict",
    ),
    pytest.param("exec('import os')", "exec", id="exec"),
    pytest.param("globals()['pd'] = None", "globals", id="globals"),
    pytest.param(
        "def isinstance(a, b):\n    return True", "builtin isinstance", id="shadow-isinstance"
    ),
    pytest.param("len = lambda x: 3", "builtin len", id="shadow-len"),
    pytest.param("import numpy as pd", "rebinds pd", id="rebind-pd"),
    pytest.param("pmo = None", "rebinds pmo", id="rebind-pmo"),
    pytest.param("%load_ext autoreload", "load_ext", id="magic"),
    pytest.param(
        "get_ipython().events.register('post_run_cell', print)", "get_ipython", id="ipython-hook"
    ),
    pytest.param("import ctypes", "ctypes", id="ctypes"),
    pytest.param("from pmo_exercises.tracking import *", "imports *", id="star-import"),
]


@pytest.mark.parametrize(("code", "said"), TRICKS)
def test_the_scan_refuses_a_trick(code, said):
    found = scan([code], PROTECTED)
    assert found, code
    assert said in found[0]
    assert found[0].startswith("cell 1, line ")


HONEST = [
    pytest.param(
        'TRAINEE_ID = ""\nimport pandas as pd\nimport pmo_exercises as pmo\n'
        "from pmo_exercises.course import start\nwork = start('03_tracking', TRAINEE_ID)",
        id="the-setup-cell",
    ),
    pytest.param(
        "df = pd.DataFrame({'a': [1]})\ndf.loc[0, 'a'] = 2\ndf['b'] = 3\ndf.c = 4", id="frames"
    ),
    pytest.param("fig = pmo.charts.s_curve(portfolio)\nfig.layout.title = 'x'", id="figure-title"),
    pytest.param("pd.options.display.max_rows = 50", id="pandas-option"),
    pytest.param(
        "import plotly.io as pio\npio.renderers.default = 'notebook'", id="plotly-renderer"
    ),
    pytest.param("sum = 3\nmax = df['a'].max()", id="shadow-an-unused-builtin"),
    pytest.param("%time x = 1\n%matplotlib inline", id="harmless-magics"),
    pytest.param("def f(len):\n    return len\nx = [len for len in range(3)]", id="local-names"),
    pytest.param("import os\nhome = os.environ.get('HOME')", id="read-the-environment"),
    pytest.param("import pandas as pd", id="the-same-import-again"),
    pytest.param(
        "s = pd.Series([1.0])\ns.name = 'cpi'\ns.index.name = 'project_id'", id="series-names"
    ),
    pytest.param(
        "h = pmo.tracking.earned_value_history(portfolio)\nh['x'] = 1", id="result-of-a-call"
    ),
    pytest.param("this is not python (", id="a-syntax-error-is-not-tampering"),
]


@pytest.mark.parametrize("code", HONEST)
def test_the_scan_lets_honest_code_through(code):
    assert scan([code], PROTECTED) == []


def test_the_scan_numbers_cells_and_skips_restored_test_cells(tmp_path):
    course = tiny_course(tmp_path)
    source = read(course.source_notebook(TINY))
    submitted = json.loads(json.dumps(source))
    # a test cell's text is restored by nbgrader before grading: what a trainee wrote
    # there is never run, so it is not scanned
    test = next(c for c in submitted["cells"] if c["metadata"].get("nbgrader", {}).get("grade"))
    test["source"] = "len = None"
    assert scan_notebook(submitted, source) == []
    submitted["cells"].append({"cell_type": "code", "metadata": {}, "source": "len = None"})
    found = scan_notebook(submitted, source)
    assert len(found) == 1 and "builtin len" in found[0]
    # a second cell passing itself off as the same test is not restored: it is scanned
    disguised = json.loads(json.dumps(test))
    disguised["source"] = "pmo.tracking.evm = None"
    submitted["cells"].append(disguised)
    assert any("pmo.tracking.evm" in f for f in scan_notebook(submitted, source))


# -- the two preprocessors -----------------------------------------------------------------
def test_not_run_zeroes_every_autograded_test(monkeypatch):
    nb = nbformat.v4.new_notebook()
    test = nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": {"grade": True}})
    other = nbformat.v4.new_code_cell("x = 1")
    nb.cells = [other, test]
    monkeypatch.setenv(REASON_ENV, "the kernel died")
    NotRun().preprocess(nb, {})
    assert test.outputs[0]["ename"] == "NotGraded"
    assert test.outputs[0]["evalue"] == "the kernel died"
    assert other.outputs == []


def test_trim_output_cuts_long_text_only():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print()")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * 50_000),
        nbformat.v4.new_output("execute_result", data={"text/plain": "short"}, execution_count=1),
    ]
    nb.cells = [cell]
    TrimOutput(max_chars=100).preprocess(nb, {})
    assert cell.outputs[0]["text"].startswith("x" * 100)
    assert "49,900 more characters cut" in cell.outputs[0]["text"]
    assert cell.outputs[1]["data"]["text/plain"] == "short"


# -- the course folder ---------------------------------------------------------------------
def test_a_folder_without_nbgrader_config_is_refused(tmp_path):
    with pytest.raises(CoachError, match="is not a course folder"):
        Course(tmp_path)


def test_the_config_is_the_course_s_own_with_overrides(tmp_path):
    course = tiny_course(tmp_path)
    config = course.config(Execute__timeout=7)
    assert config.Execute.timeout == 7
    assert config.CourseDirectory.course_id == "pmo-course"
    assert Path(config.CourseDirectory.root) == course.root
    assert course.gradebook == course.root / "gradebook.db"
    assert course.assignments() == [TINY]


# -- solutions/course ------------------------------------------------------------------------
def test_the_committed_solutions_match_the_sources():
    stale = stale_solutions(Course(ROOT / "course"))
    assert stale == [], f"solutions/course is out of date for {stale}: run `pmo course build`"


def test_an_edited_source_makes_its_solution_stale(tmp_path):
    course = copy_course(tmp_path, ["03_tracking"])
    target = solution_path(course, "03_tracking")
    target.parent.mkdir(parents=True)
    target.write_text(course.source_notebook("03_tracking").read_text())
    assert stale_solutions(course) == []
    nb = read(course.source_notebook("03_tracking"))
    nb["cells"][-1]["source"] = "changed"
    course.source_notebook("03_tracking").write_text(json.dumps(nb))
    assert stale_solutions(course) == ["03_tracking"]


# -- the commands: errors are one line ---------------------------------------------------------
def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


def test_course_help_lists_every_step(capsys):
    assert main(["course", "--help"]) == 0
    out = capsys.readouterr().out
    for step in ("build", "release", "collect", "grade", "report", "export", "whoami"):
        assert step in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        pytest.param(
            ["grade", "99_nothing"], "no assignment '99_nothing'", id="unknown-assignment"
        ),
        pytest.param(["grade", TINY], "run `pmo course build` first", id="grade-before-build"),
        pytest.param(["release", TINY], "run `pmo course build` first", id="release-before-build"),
        pytest.param(["report", TINY], "run `pmo course grade", id="report-before-grading"),
    ],
)
def test_a_step_out_of_order_is_one_line(tmp_path, capsys, argv, said):
    course = tiny_course(tmp_path)
    assert main(["course", *argv, "--course-dir", str(course.root)]) == 1
    assert said in _one_line_error(capsys)


def test_a_missing_course_folder_is_one_line(tmp_path, capsys):
    assert main(["course", "grade", TINY, "--course-dir", str(tmp_path / "nowhere")]) == 1
    assert "is not a course folder" in _one_line_error(capsys)


def test_without_course_dir_a_folder_with_no_course_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # never the kit's own course, found from the installed package
    assert main(["course", "report", TINY]) == 1
    assert "no nbgrader course here" in _one_line_error(capsys)


def test_without_course_dir_the_course_is_dot_course_or_the_folder_itself(tmp_path, monkeypatch):
    from pmo_exercises.cli.course import course_of

    course = tiny_course(tmp_path)  # tmp_path/course
    # the parent holds a pointer config, as the kit's root does: ./course still wins
    (tmp_path / "nbgrader_config.py").write_text('load_subconfig("course/nbgrader_config.py")\n')
    for where in (tmp_path, course.root):
        monkeypatch.chdir(where)
        assert course_of(argparse.Namespace(course_dir=None)).root == course.root


def test_kits_kernels_use_private_unix_sockets_and_do_not_warn(tmp_path, capfd):
    from nbclient import NotebookClient

    from pmo_exercises.course.coach.zygote import QuickKernelManager

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    client = NotebookClient(nb, kernel_name="python3", kernel_manager_class=QuickKernelManager)
    km = client.create_kernel_manager()
    assert km.transport == "ipc" and Path(km.connection_file).parent.stat().st_mode & 0o077 == 0
    client.execute()
    assert nb.cells[0].outputs[0]["text"] == "42\n"
    # ipykernel warns on every TCP kernel; over Unix sockets there is nothing to warn about
    assert "without encryption" not in capfd.readouterr().err
    assert not list(Path(km.ip).parent.glob(Path(km.ip).name + "*")), "sockets left behind"


def test_whoami_remembers_the_trainee(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name in ("PMO_TRAINEE", "JUPYTERHUB_USER", "PMO_GRADING_TRAINEE"):
        monkeypatch.delenv(name, raising=False)
    assert main(["course", "whoami", "trainee-042"]) == 0
    assert (tmp_path / "pmo" / "trainee").read_text().strip() == "trainee-042"
    capsys.readouterr()
    assert main(["course", "whoami"]) == 0
    assert capsys.readouterr().out.strip() == "trainee-042"


def test_whoami_refuses_a_bad_id(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert main(["course", "whoami", "not an id!"]) == 1
    assert "is not a trainee id" in _one_line_error(capsys)


# -- a whole weekly cycle through the exchange ---------------------------------------------------
def _nbgrader(args: list[str], cwd: Path, exchange: Path) -> None:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            *args,
            "--course",
            "pmo-course",
            f"--Exchange.root={exchange}",
            "--Exchange.path_includes_course=True",
        ],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.mark.slow
def test_the_weekly_cycle_through_the_commands(tmp_path, capsys):
    course = tiny_course(tmp_path)
    root = str(course.root)
    assert (
        main(["course", "build", "--course-dir", root, "--solutions", str(tmp_path / "sol")]) == 0
    )
    assert f"built {TINY}: 4 points" in capsys.readouterr().out
    assert (tmp_path / "sol" / f"{TINY}.ipynb").exists()

    assert main(["course", "release", TINY, "--course-dir", root]) == 0
    assert f"released {TINY}" in capsys.readouterr().out
    assert main(["course", "release", TINY, "--course-dir", root]) == 1
    assert "already released: add --force" in _one_line_error(capsys)
    assert main(["course", "release", TINY, "--course-dir", root, "--force"]) == 0
    assert f"released {TINY}" in capsys.readouterr().out

    # a trainee fetches, solves and submits with nbgrader's own commands
    home = tmp_path / "trainee"
    home.mkdir()
    exchange = course.root / "exchange"
    _nbgrader(["fetch_assignment", TINY], home, exchange)
    solved = solution_nb(course, TINY)
    # with Exchange.path_includes_course, the assignment lands in <home>/<course id>/
    fetched = home / "pmo-course" / TINY / f"{TINY}.ipynb"
    assert read(fetched)["cells"], "the fetched copy is the release"
    fetched.write_text(json.dumps(solved))
    _nbgrader(["submit", TINY], home, exchange)

    assert main(["course", "collect", TINY, "--course-dir", root]) == 0
    assert "1 submission" in capsys.readouterr().out
    student = getpass.getuser()
    assert course.submitters(TINY) == [student]

    assert main(["course", "grade", TINY, "--course-dir", root, "--cell-timeout", "20"]) == 0
    out = capsys.readouterr().out
    assert f"graded 1 submission of {TINY}" in out and "1 run, 0 not run" in out
    assert (
        (course.root / "grades" / f"{TINY}.csv")
        .read_text()
        .splitlines()[1]
        .startswith(f"{student},3.0,4.0,3.0,3.0,")
    )
    assert (course.root / "feedback" / student / TINY / f"{TINY}.html").exists()
    assert (course.root / "logs" / f"grade-{TINY}.log").read_text().count("\n") == 2

    # plain nbgrader reads the same gradebook
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "export", "--to", "all.csv"],
        cwd=course.root,
        env=env,
        check=True,
        capture_output=True,
    )
    exported = (course.root / "all.csv").read_text()
    assert f"{TINY}," in exported and f",{student}," in exported

    assert main(["course", "report", TINY, "--course-dir", root]) == 0
    assert "1 graded, 0 not run, 0 not submitted" in capsys.readouterr().out
    page = (course.root / "reports" / f"{TINY}.html").read_text()
    assert "Pass rate per graded part" in page and "Part B: Doubling" in page


# -- kernels forked from the zygote ---------------------------------------------------------
def _run_forked(code: str, folder: Path) -> str:
    """What one cell prints in a kernel forked from the zygote, run in ``folder``."""
    from nbclient import NotebookClient

    from pmo_exercises.course.coach.zygote import ForkingKernelManager

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    client = NotebookClient(
        nb,
        kernel_name="python3",
        kernel_manager_class=ForkingKernelManager,
        resources={"metadata": {"path": str(folder)}},
        timeout=60,
    )
    client.execute()
    return "".join(o.get("text", "") for o in nb.cells[0].outputs)


@pytest.mark.slow
def test_each_forked_kernel_is_fresh_with_its_own_environment_and_folder(tmp_path, monkeypatch):
    run = _run_forked
    monkeypatch.setenv("PMO_TEST_FORK", "first")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = run(
        "import decimal, os, sys\ndecimal.getcontext().prec = 3\n"
        "print(os.getcwd(), os.environ['PMO_TEST_FORK'], 'pandas' in sys.modules, os.getpid())",
        tmp_path / "a",
    )
    cwd, env, preloaded, pid = first.split()
    assert (cwd, env, preloaded) == (str(tmp_path / "a"), "first", "True")
    monkeypatch.setenv("PMO_TEST_FORK", "second")
    second = run(
        "import decimal, os\nprint(decimal.getcontext().prec, os.environ['PMO_TEST_FORK'], "
        "os.getcwd(), os.getpid())",
        tmp_path / "b",
    )
    prec, env, cwd, pid2 = second.split()
    # a new process, untouched by the first notebook, in its own folder and environment
    assert (prec, env, cwd) == ("28", "second", str(tmp_path / "b"))
    assert pid2 != pid


@pytest.mark.slow
def test_a_variant_prepared_by_the_zygote_is_the_one_start_would_build(tmp_path):
    from pmo_exercises.course.coach.zygote import Zygote

    def run(declared: str) -> str:
        code = (
            "import pmo_exercises as pmo\n"
            "from pmo_exercises.course import work\n"
            "ready = work.prebuilt()\n"
            f"w = work.start('03_tracking', {declared!r})\n"
            f"same = w.portfolio.digest() == pmo.load_portfolio(variant={declared!r}).digest()\n"
            "print(ready, same, work.prebuilt())"
        )
        return _run_forked(code, tmp_path).splitlines()[-1]

    zygote = Zygote.get()
    zygote.prepare("alice")
    # taken by start(), and identical to the variant it would have built
    assert run("alice") == "['alice'] True []"
    zygote.prepare("alice")
    zygote.prepare("carol")  # answered in order; only the last one is kept
    # a notebook worked on another trainee's portfolio builds that one
    assert run("bob") == "['carol'] True ['carol']"


def test_a_shared_variant_is_adopted_as_built(tmp_path):
    from pmo_exercises.course import work
    from pmo_exercises.simulation.loading import load_portfolio

    share = str(tmp_path / "variant.pickle")
    work.prebuild("alice", share=share)
    assert not os.path.exists(share + ".part")
    work._prebuilt.clear()  # as if in the other zygote
    work.adopt("alice", share, timeout=0)
    assert work.prebuilt() == ["alice"]
    assert work._prebuilt["alice"].digest() == load_portfolio(variant="alice").digest()


@pytest.mark.parametrize("content", ["missing", "empty", "another trainee's", "garbage"])
def test_a_variant_that_does_not_come_whole_is_built_instead(tmp_path, content):
    import pickle

    from pmo_exercises.course import work
    from pmo_exercises.simulation.loading import load_portfolio

    share = tmp_path / "variant.pickle"
    if content == "empty":
        share.write_bytes(b"")
    elif content == "another trainee's":
        share.write_bytes(pickle.dumps(load_portfolio(variant="bob")))
    elif content == "garbage":
        share.write_bytes(b"not a pickle")
    work.adopt("alice", str(share), timeout=0.01)
    assert work.prebuilt() == ["alice"]
    assert work._prebuilt["alice"].digest() == load_portfolio(variant="alice").digest()


def test_a_variant_that_cannot_be_built_shares_an_empty_file_and_keeps_nothing(tmp_path):
    from pmo_exercises import PortfolioError
    from pmo_exercises.course import work

    share = tmp_path / "variant.pickle"
    with pytest.raises((ValueError, PortfolioError)):
        work.prebuild(" ", share=str(share))
    assert share.read_bytes() == b"" and work.prebuilt() == []


def _gradebook_rows(course) -> dict:
    """Every grade's and comment's stored state, by (student, cell)."""
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook(course.db_url, course.course_id) as gb:
        for submission in gb.assignment_submissions(TINY):
            for nb in submission.notebooks:
                for g in nb.grades:
                    key = (submission.student.id, g.name)
                    rows[key] = (g.auto_score, g.manual_score, g.needs_manual_grade)
                for c in nb.comments:
                    rows[(submission.student.id, c.name, "comment")] = c.auto_comment
    return rows


@pytest.mark.slow
def test_grades_saved_with_one_commit_are_those_nbgrader_saves(tmp_path):
    from _course_helpers import release_nb, submit

    from pmo_exercises.course.coach.build import build
    from pmo_exercises.course.coach.grade import grade

    plain, ours = tiny_course(tmp_path / "plain"), tiny_course(tmp_path / "ours")
    for course in (plain, ours):
        build(course, write_solutions=False)
        submit(course, "solved", TINY, solution_nb(course, TINY))
        submit(course, "unchanged", TINY, release_nb(course, TINY))
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    autograde = [sys.executable, "-m", "nbgrader", "autograde", TINY, "--force"]
    subprocess.run(autograde, cwd=plain.root, env=env, check=True, capture_output=True)
    grade(ours, TINY, workers=1, progress=False)
    rows = _gradebook_rows(ours)
    # full marks, zeros, and the written answer left as released flagged "No response."
    assert rows[("solved", "test_double")][0] == 2 and rows[("unchanged", "test_double")][0] == 0
    assert rows[("unchanged", "explain", "comment")] == "No response."
    assert rows == _gradebook_rows(plain)


@pytest.mark.slow
def test_grading_without_the_zygote_gives_the_same_marks(tmp_path, monkeypatch):
    from _course_helpers import scores, submit

    from pmo_exercises.course.coach.build import build
    from pmo_exercises.course.coach.grade import grade

    monkeypatch.setenv("PMO_GRADE_NO_FORK", "1")  # ordinary kernels, as nbgrader starts them
    course = tiny_course(tmp_path)
    build(course, write_solutions=False)
    submit(course, "plain", TINY, solution_nb(course, TINY))
    run = grade(course, TINY, workers=1, progress=False)
    assert [o.status for o in run.outcomes] == ["graded"]
    marks = scores(course, TINY)["plain"]
    assert (marks["test_n_projects"], marks["test_double"]) == (1, 2)


KIT_NOTEBOOKS = sorted(
    [
        *ROOT.glob("course/source/*/*.ipynb"),
        *ROOT.glob("notebooks/*.ipynb"),
        *ROOT.glob("solutions/notebooks/*.ipynb"),
    ]
)


@pytest.mark.parametrize("path", KIT_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_scan_passes_every_notebook_of_the_kit(path):
    """The lessons, their solutions and the assignments' solutions: honest code, no finding."""
    nb = read(path)
    source = nb if "course" in path.parts else None
    assert scan_notebook(nb, source) == []


def test_the_coach_package_names_stay_what_they_are_after_every_module_is_imported():
    import importlib
    import pkgutil

    import pmo_exercises.course.coach as coach

    for info in pkgutil.iter_modules(coach.__path__):
        importlib.import_module(f"{coach.__name__}.{info.name}")
    for name in coach.__all__:
        value = getattr(coach, name)
        assert not isinstance(value, type(importlib)), f"coach.{name} is a module"
