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
