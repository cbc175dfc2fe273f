"""Benchmark: autograding a class of 30 submissions of one assignment.

Prints figures; asserts nothing. Targets (issues #5 and #13):

* ``pmo course grade`` **sandboxed** (bubblewrap, the hidden tests in a clean
  kernel) at least 2x faster than plain sequential ``nbgrader autograde``
  (with ``nbgrader generate_feedback``, the same work) on the same
  submissions, on a 2-core machine;
* the sandbox's overhead at most 1.2x: sandboxed against ``--no-sandbox``,
  in the same run;
* identical scores from all three;
* the cost per notebook of the assignment at most 1.3x that of a trivial
  one-cell notebook graded the same way (imports and data loading stay light).

It also times what a sandbox per notebook would cost instead of one per
worker: starting bubblewrap and a zygote that imports pandas and the kit.

Each run uses its own temporary copy of the course (``course/nbgrader_config.py``
and the assignment's source), 30 submissions: ten solved, ten with a typical
mistake (the first of ``tests/course_mistakes/NN_topic.yaml``) and ten
unchanged release copies.

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_grading.py
[ASSIGNMENT] [--workers N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

N = 30


def _class(course, assignment: str) -> None:
    import yaml
    from _course_helpers import release_nb, replace_answer, solution_nb, submit

    solved = solution_nb(course, assignment)
    mistakes = ROOT / "tests" / "course_mistakes" / f"{assignment}.yaml"
    wrong = solved
    if mistakes.exists():
        first = yaml.safe_load(mistakes.read_text())["mistakes"][0]
        wrong = replace_answer(solved, first["cell"], first["code"])
    kinds = [solved, wrong, release_nb(course, assignment)]
    for i in range(N):
        submit(course, f"trainee-{i + 1:02d}", assignment, kinds[i % 3])


def _trivial(folder: Path):
    from _course_helpers import tiny_course

    from pmo_exercises.course.authoring import test, write

    course = tiny_course(folder)
    cells = [test("test_trivial", 1, "one cell.", "assert True")]
    write(course.root / "source" / "00_trivial" / "00_trivial.ipynb", cells)
    return course


def _plain(course, assignment: str) -> float:
    """Sequential ``nbgrader autograde`` then ``generate_feedback``; seconds."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("PMO_GRADING_TRAINEE", None)
    nbgrader = [sys.executable, "-m", "nbgrader"]
    t0 = time.perf_counter()
    for step in ("autograde", "generate_feedback"):
        subprocess.run(
            [*nbgrader, step, assignment, "--force"],
            cwd=course.root,
            env=env,
            check=True,
            capture_output=True,
        )
        if step == "autograde":
            autograde = time.perf_counter() - t0
    return autograde, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", nargs="?", default="03_tracking")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=2, help="runs of each grading mode")
    args = parser.parse_args()

    from _course_helpers import copy_course, scores

    from pmo_exercises.course.coach.build import build
    from pmo_exercises.course.coach.grade import grade

    a = args.assignment
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = copy_course(tmp / "plain", [a])
        ours = copy_course(tmp / "ours", [a])
        bare = copy_course(tmp / "bare", [a])
        trivial = _trivial(tmp / "trivial")
        for course in (plain, ours, bare):
            build(course, write_solutions=False)
            _class(course, a)
        build(trivial, ["00_trivial"], write_solutions=False)
        for i in range(N):
            from _course_helpers import release_nb, submit

            submit(trivial, f"trainee-{i + 1:02d}", "00_trivial", release_nb(trivial, "00_trivial"))

        print(f"{N} submissions of {a} on {os.cpu_count()} CPUs")
        autograde, both = _plain(plain, a)
        print(
            f"plain nbgrader, sequential: autograde {autograde:.1f} s "
            f"({autograde / N:.2f} s per notebook), with feedback {both:.1f} s "
            f"({both / N:.2f} s per notebook)"
        )
        # the two in turn, each run `repeats` times: the machine's drift hits both alike,
        # and the fastest run is the one least disturbed by anything else
        seconds: dict[str, list[float]] = {"sandboxed": [], "--no-sandbox": []}
        for _ in range(args.repeats):
            for label, course, sandboxed in (
                ("sandboxed", ours, True),
                ("--no-sandbox", bare, False),
            ):
                run = grade(course, a, workers=args.workers, progress=False, sandbox=sandboxed)
                seconds[label].append(run.seconds)
        for label, times in seconds.items():
            best = min(times)
            print(
                f"pmo course grade, {label}, {run.workers} workers: {best:.1f} s "
                f"({best / N:.2f} s per notebook, autograde and feedback; fastest of "
                f"{', '.join(f'{t:.1f}' for t in times)})"
            )
        boxed, free = min(seconds["sandboxed"]), min(seconds["--no-sandbox"])
        print(
            f"speed-up, sandboxed: {both / boxed:.2f}x over nbgrader autograde + "
            f"generate_feedback (target >= 2x); {autograde / boxed:.2f}x over autograde alone"
        )
        print(f"sandbox overhead: {boxed / free:.2f}x the unsandboxed run (target <= 1.2x)")
        same = scores(plain, a) == scores(ours, a) == scores(bare, a)
        print(f"identical scores, all three: {same} ({len(scores(ours, a))} submissions)")
        tiny = grade(trivial, "00_trivial", workers=args.workers, progress=False)
        print(
            f"trivial one-cell notebook, pmo course grade (sandboxed): {tiny.seconds:.1f} s "
            f"({tiny.seconds / N:.2f} s per notebook)"
        )
        print(
            f"cost per notebook of {a}: {boxed / tiny.seconds:.2f}x the trivial notebook "
            "(target <= 1.3x)"
        )
        print(
            f"a sandbox per notebook instead of per worker would add "
            f"{_cold_sandbox():.2f} s of start-up to each notebook"
        )


def _cold_sandbox(repeats: int = 3) -> float:
    """Seconds to start bwrap and a zygote with ipykernel, pandas and the kit (median)."""
    import statistics

    from pmo_exercises.course.coach import sandbox

    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        zygote = sandbox.SandboxZygote()
        times.append(time.perf_counter() - t0)
        zygote.close()
    return statistics.median(times)


if __name__ == "__main__":
    main()
