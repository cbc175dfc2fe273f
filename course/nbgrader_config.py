"""nbgrader configuration of the PMO course kit.

Every path is relative to this folder, so the course can be copied or cloned
anywhere. On JupyterHub, point ``Exchange.root`` at the shared exchange folder
(see course/README.md, "Running a cohort on JupyterHub").
"""

from pathlib import Path

c = get_config()  # noqa: F821 - injected by nbgrader when it reads this file

HERE = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "pmo-course"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"

# Release, fetch and submit work on one machine out of the box: the exchange is a
# git-ignored folder of the course. A hub overrides this with a shared folder.
c.Exchange.root = str(HERE / "exchange")
c.Exchange.path_includes_course = True

# Every released notebook starts with the header: the trainee id, validate, submit.
# (nbgrader 0.9 reads the path relative to the course root.)
c.IncludeHeaderFooter.header = "source/header.ipynb"

# A cell that runs longer than this is interrupted and graded as an error (an
# infinite loop costs the trainee that part, not the class its grading).
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0
# Tracebacks in the graded notebook and its feedback are plain, as Python prints
# them: the failing line and the message. IPython's default context tracebacks
# highlight every frame twice over and cost about 25 ms per failing test cell,
# most of the kernel's time on an unchanged release copy.
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Plain"]

# What nbgrader skips when it copies an assignment folder (its defaults).
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
]

# Feedback without the key. nbgrader restores every test cell, hidden tests
# included, before grading, and its feedback page prints each cell as graded.
# The kit's last feedback step (after nbgrader's own) shows each check by its
# one-line description, passed or not, its points and the message that names
# the mistake, never test code or a traceback; a written part not yet marked
# says "awaiting your coach's marking". The page is the kit's template, found by
# the kit's exporter (pmo course grade uses the same). Named as strings: the
# classes are imported only when feedback is generated.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "pmo_exercises.course.coach.feedback.FeedbackWithoutKey",
]
c.GenerateFeedback.exporter_class = "pmo_exercises.course.coach.exporter.CachedHTMLExporter"
c.GenerateFeedback.HTMLExporter.template_file = "pmo_feedback.html.j2"

# Trainee markup never runs in a coach's or a trainee's browser: outputs and
# written answers are sanitised (scripts, on*= handlers and javascript: links
# removed; text, tables and images kept) in the feedback pages and in
# formgrader, which reads this file too. nbgrader's templates print rendered
# markdown through strip_files_prefix without cleaning it: the kit's version
# of that filter cleans it.
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.filters = {
    "clean_html": "pmo_exercises.course.coach.feedback.clean_html",
    "strip_files_prefix": "pmo_exercises.course.coach.feedback.strip_files_prefix",
}
