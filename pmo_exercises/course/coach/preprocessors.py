"""The four preprocessors ``pmo course grade`` adds to nbgrader's autograde pipeline.

- :class:`NotRun` grades a submission without running it: every autograded
  test scores zero. It takes the place of nbgrader's ``Execute`` when a
  submission must not run (a trainee cell monkeypatches the kit, the notebook
  cannot be read) or when running it failed (a dead kernel, the wall-clock
  limit). The submission still enters the gradebook, written answers stay for
  the coach to mark by hand, and the feedback shows the reason in every test cell.
- :class:`ForkExecute` is nbgrader's ``Execute`` with kernels forked from a warm
  process (:mod:`.zygote`): the same fresh kernel per notebook, without the start-up cost.
- :class:`SaveAutoGradesOnce` is nbgrader's ``SaveAutoGrades``, committing
  the notebook's grades and comments to the gradebook once, not once per cell
  (a commit costs more than the query before it).
- :class:`TrimOutput` cuts every text output to a few thousand characters
  (nbgrader's ``LimitOutput`` counts lines only: one 20 MB line would pass),
  so that a huge print makes neither the gradebook's notebook nor the feedback huge.
"""

from __future__ import annotations

import os

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, SaveAutoGrades
from traitlets import Integer

__all__ = ["REASON_ENV", "ForkExecute", "NotRun", "SaveAutoGradesOnce", "TrimOutput"]

# The reason reaches the preprocessor through the environment of the worker.
REASON_ENV = "PMO_NOT_GRADED_REASON"


class NotRun(NbGraderPreprocessor):
    """Stamp an error on every autograded test cell instead of executing the notebook."""

    def preprocess(self, nb, resources):
        """Stamp the reason on every autograded cell instead of running anything."""
        reason = os.environ.get(REASON_ENV, "").strip() or "the notebook was not run"
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade"):
                cell.outputs = [
                    NotebookNode(
                        output_type="error",
                        ename="NotGraded",
                        evalue=reason,
                        traceback=[f"NotGraded: {reason}"],
                    )
                ]
        return nb, resources


class ForkExecute(Execute):
    """nbgrader's ``Execute``, with each kernel forked from a warm zygote (:mod:`.zygote`)."""

    def __init__(self, *args, **kwargs):
        from .zygote import ForkingKernelManager

        kwargs["kernel_manager_class"] = ForkingKernelManager
        # a graded kernel has nothing to save: kill it rather than wait for it to exit
        kwargs.setdefault("shutdown_kernel", "immediate")
        super().__init__(*args, **kwargs)


class SaveAutoGradesOnce(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades`` with one commit per notebook.

    The same grades and comments reach the gradebook: each autograded cell's
    score (a manual score already given stays and flags the cell for review),
    and "No response." on a written answer left as released.
    """

    def preprocess(self, nb, resources):
        """Save the autograded scores of the notebook, with one commit."""
        meta = resources["nbgrader"]
        self.notebook_id, self.assignment_id = meta["notebook"], meta["assignment"]
        self.student_id, self.db_url = meta["student"], meta["db_url"]
        self.gradebook = Gradebook(self.db_url)
        with self.gradebook:
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            self.gradebook.db.commit()
        return nb, resources

    def _find(self, kind: str, cell):
        find = self.gradebook.find_grade if kind == "grade" else self.gradebook.find_comment
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        return find(grade_id, self.notebook_id, self.assignment_id, self.student_id)

    def _add_score(self, cell, resources) -> None:
        grade = self._find("grade", cell)
        grade.auto_score, _ = utils.determine_grade(cell, self.log)
        grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None

    def _add_comment(self, cell, resources) -> None:
        comment = self._find("comment", cell)
        untouched = cell.metadata.nbgrader.get("checksum") == utils.compute_checksum(cell)
        comment.auto_comment = "No response." if untouched and not utils.is_task(cell) else None


class TrimOutput(NbGraderPreprocessor):
    """Cut text outputs (streams, plain text, HTML) to ``max_chars`` characters each."""

    max_chars = Integer(10_000, help="characters kept of each text output").tag(config=True)

    def _trim(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if not isinstance(text, str) or len(text) <= self.max_chars:
            return text
        cut = len(text) - self.max_chars
        return text[: self.max_chars] + f"\n... [{cut:,} more characters cut by the grader]\n"

    def preprocess_cell(self, cell, resources, index):
        """Cut every text and data output of the cell to ``max_chars``."""
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = self._trim(output["text"])
            data = output.get("data", {})
            for mime in list(data):
                if mime.startswith("text/") or mime == "application/json":
                    data[mime] = self._trim(data[mime])
            if output.get("output_type") == "error":
                output["evalue"] = self._trim(output.get("evalue", ""))
        return cell, resources
