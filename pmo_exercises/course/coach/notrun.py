"""Grading a submission without running it: every autograded test scores zero.

``pmo course grade`` uses this in place of nbgrader's ``Execute`` when a
submission must not run (a trainee cell monkeypatches the kit, the notebook
cannot be read) or when running it failed (a dead kernel, the wall-clock
limit). The submission still enters the gradebook, written answers stay there
for the coach to mark by hand, and the feedback shows the reason in every test
cell.
"""

from __future__ import annotations

import os

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["REASON_ENV", "NotRun"]

# The reason reaches the preprocessor through the environment of the worker.
REASON_ENV = "PMO_NOT_GRADED_REASON"


class NotRun(NbGraderPreprocessor):
    """Stamp an error on every autograded test cell instead of executing the notebook."""

    def preprocess(self, nb, resources):
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
