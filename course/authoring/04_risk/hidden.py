"""Assignment 04, the hidden tests' shared set-up: the key's register and its focus project."""

# Shared by the hidden tests: the key's register and its focus project.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_p = key.portfolio
_open = _p.risks[_p.risks["state"] == "open"]
_focus = _open.groupby("project_id").size().idxmax()
_fr = _open[_open["project_id"] == _focus]
"""
