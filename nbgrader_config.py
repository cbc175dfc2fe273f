"""nbgrader, when started from the repository root (``make start``): use the course.

The course's own configuration is ``course/nbgrader_config.py``; this file only
points to it, so that formgrader and the Assignment List in JupyterLab find the
course and its exchange.
"""

load_subconfig("course/nbgrader_config.py")  # noqa: F821 - injected by traitlets
