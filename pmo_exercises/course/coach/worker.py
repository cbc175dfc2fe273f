"""One grading worker: nbgrader's autograde and feedback, one submission at a time.

``pmo course grade`` starts a few of these (``python -m
pmo_exercises.course.coach.worker COURSE ASSIGNMENT --cell-timeout S``) and
keeps them for the whole class, so nbgrader is imported once per worker, not
once per submission. Each line on stdin is a JSON job::

    {"student": "alice", "not_run": null}          # run and grade the notebook
    {"student": "bob", "not_run": "the reason"}    # grade without running: tests score 0

and each job gets one JSON line back on stdout: ``{"student", "ok", "error",
"seconds"}``. The trainee whose variant the answers are checked against is set
in the kernel's environment (``PMO_GRADING_TRAINEE``). A worker that takes too
long is killed with its kernel by the parent; nothing here needs to time out.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

__all__ = ["main", "start_zygotes"]

# SQLite's "database is locked" between workers: retried, then reported.
_LOCK_RETRIES = 8


class _SchemaOnce:
    """``jsonschema`` as nbgrader's metadata validator sees it, checking each schema once.

    nbgrader validates the nbgrader metadata of every graded cell with
    ``jsonschema.validate(metadata, schema)``, which first checks the schema
    itself against the JSON Schema meta-schema: a millisecond per cell, tens of
    milliseconds per notebook, for a schema that is nbgrader's own file. This
    validates the same way (the same validator class, the same best-matching
    error raised) with one checked validator per schema.
    """

    def __init__(self) -> None:
        self._validators: dict[str, object] = {}

    def validate(self, instance, schema) -> None:
        import jsonschema

        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = self._validators[key] = cls(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error


def _check_nbgrader_schema_once() -> None:
    from nbgrader.nbgraderformat import common

    common.jsonschema = _SchemaOnce()


def _failure(result: dict) -> str:
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    for marker, reason in (
        ("DeadKernelError", "the kernel died while running the notebook"),
        ("UnresponsiveKernelError", "the kernel stopped responding and could not be interrupted"),
        ("Kernel died", "the kernel died while running the notebook"),
        (
            "CellTimeoutError",
            "a cell ran past the time limit and could not be interrupted",
        ),
        ("NotJSONError", "the notebook is not a readable .ipynb file"),
        ("database is locked", "the gradebook stayed locked"),
    ):
        if marker in text:
            return reason
    lines = [ln.strip() for ln in (result.get("error") or "").splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "nbgrader could not grade the notebook"


def _locked(result: dict) -> bool:
    text = (result.get("error") or "") + (result.get("log") or "")
    return "database is locked" in text or "error accessing the nbgrader database" in text


class _Grader:
    def __init__(
        self, course_dir: str, assignment: str, cell_timeout: int | None, sandbox: bool
    ) -> None:
        from .course import Course

        self.course = Course(course_dir)
        self.assignment = assignment
        self.cell_timeout = cell_timeout
        self.sandbox = sandbox
        self._apis: dict[bool, object] = {}

    def source_code(self) -> str | None:
        """The code cells of the assignment's source notebook (None if unreadable)."""
        path = self.course.source_notebook(self.assignment)
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError, AttributeError):
            return None
        return "\n".join(
            "".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code"
        )

    def api(self, not_run: bool):
        if not_run not in self._apis:
            overrides = {}
            if self.cell_timeout is not None:
                overrides["Execute__timeout"] = self.cell_timeout
            config = self.course.config(**overrides)
            url = config.CourseDirectory.get("db_url", "")
            if url.startswith("sqlite:///") and "?" not in url:
                # wait for a busy gradebook instead of failing at once
                config.CourseDirectory.db_url = url + "?timeout=60"
            from nbconvert.preprocessors import ClearMetadataPreprocessor
            from nbgrader.preprocessors import (
                AssignLatePenalties,
                CheckCellMetadata,
                IgnorePattern,
                LimitOutput,
            )

            from .preprocessors import ForkExecute, NotRun, SaveAutoGradesOnce, TrimOutput
            from .verdict import CleanVerdict

            # nbgrader's autograde pipeline, with Execute replaced: by the sandbox and the
            # clean-kernel verdict (or, unsandboxed, one forked kernel), or by NotRun when
            # the notebook must not run; long outputs cut before the gradebook and
            # feedback see them, and the grades committed once per notebook
            execute = CleanVerdict if self.sandbox else ForkExecute
            config.Autograde.autograde_preprocessors = [
                NotRun if not_run else execute,
                IgnorePattern,
                ClearMetadataPreprocessor,
                LimitOutput,
                TrimOutput,
                SaveAutoGradesOnce,
                AssignLatePenalties,
                CheckCellMetadata,
            ]
            # nbconvert validates the whole notebook after every preprocessor of every
            # step; once after the last one says the same of the notebook written
            config.Exporter.optimistic_validation = True
            from .exporter import CachedHTMLExporter

            config.GenerateFeedback.exporter_class = CachedHTMLExporter
            self._apis[not_run] = self.course.api(config)
        return self._apis[not_run]

    def grade(self, student: str, not_run: str | None) -> dict:
        from .. import identity
        from .preprocessors import REASON_ENV

        os.environ[identity.GRADING_ENV] = student
        os.environ.pop(REASON_ENV, None)
        if not_run:
            os.environ[REASON_ENV] = not_run
        api = self.api(bool(not_run))
        if not not_run:  # the variant is built while nbgrader prepares the submission
            from .zygote import Zygote

            trusted = Zygote.get()
            if self.sandbox:
                from .sandbox import SandboxZygote

                boxed = SandboxZygote.get()
                # built once, by the trusted zygote, and handed into the sandbox
                share = boxed.share_path() if trusted is not None else None
                if trusted is not None:
                    trusted.prepare(student, share=share)
                boxed.prepare(student, adopt=share)
            elif trusted is not None:
                trusted.prepare(student)
        from . import verdict

        verdict.LAST_STOPS.clear()
        for attempt in range(_LOCK_RETRIES):
            result = api.autograde(self.assignment, student, force=True, create=True)
            if result.get("success") or not _locked(result):
                break
            time.sleep(0.2 * (attempt + 1))
        stops = list(verdict.LAST_STOPS)
        if not result.get("success"):
            return {"ok": False, "error": _failure(result), "stops": stops}
        for attempt in range(_LOCK_RETRIES):
            feedback = api.generate_feedback(self.assignment, student, force=True)
            if feedback.get("success") or not _locked(feedback):
                break
            time.sleep(0.2 * (attempt + 1))
        if not feedback.get("success"):
            return {
                "ok": True,
                "error": "graded, but the feedback failed: " + _failure(feedback),
                "stops": stops,
            }
        return {"ok": True, "error": None, "stops": stops}


def start_zygotes(limits: dict | None, code: str | None = None) -> None:
    """Start the worker's kernel zygotes now, side by side.

    Their imports then count in no submission's time limit. ``limits``: the
    sandbox's (:class:`.sandbox.Limits` as a dict), or None to grade without
    the sandbox; ``code``: the assignment's, from its source notebook, to
    import what its kernels need (:func:`.zygote_process.preload_for`).

    The sandboxed zygote is started from the main thread: bwrap's
    ``--die-with-parent`` follows the *thread* that started it, and a zygote
    started from a pool's thread was killed as soon as that thread ended (the
    worker then started a second one for its first notebook).
    """
    from concurrent.futures import ThreadPoolExecutor

    from .zygote import Zygote
    from .zygote_process import preload_for

    if code is not None:
        Zygote.preload = preload_for(code)
    with ThreadPoolExecutor(1) as pool:
        trusted = pool.submit(Zygote.get)
        if limits is not None:
            from .sandbox import Limits, SandboxZygote, configure

            configure(Limits(**limits))
            SandboxZygote.get()
        trusted.result()


def main(argv: list[str] | None = None) -> int:
    """Serve grading jobs from stdin until it closes."""
    parser = argparse.ArgumentParser(prog="pmo-grading-worker")
    parser.add_argument("course_dir")
    parser.add_argument("assignment")
    parser.add_argument("--cell-timeout", type=int, default=None)
    parser.add_argument("--no-sandbox", action="store_true")
    parser.add_argument("--limits", default="{}", help="the sandbox's Limits, as JSON")
    args = parser.parse_args(argv)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout = sys.stderr  # anything printed by nbgrader or a library goes to the log

    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.INFO)
    _check_nbgrader_schema_once()
    grader = _Grader(args.course_dir, args.assignment, args.cell_timeout, not args.no_sandbox)
    limits = json.loads(args.limits) if grader.sandbox else None
    start_zygotes(limits, grader.source_code())
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        t0 = time.perf_counter()
        try:
            reply = grader.grade(job["student"], job.get("not_run"))
        except Exception as error:  # a worker never dies on one submission
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        reply.update(student=job["student"], seconds=round(time.perf_counter() - t0, 3))
        replies.write(json.dumps(reply) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
