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

# The focus project's open threats with their matrix scores: the inputs of the EMV formula, one
# value per threat, for the mistake search (grading.formula).
THREATS = """
_scored = pmo.risk.score_portfolio_risks(_p).set_index("risk_id")
_threats = _fr.set_index("risk_id").join(_scored[["probability_score", "impact_score"]])
_emv_in = {"probability": _threats["probability"], "impact": _threats["cost_impact"],
           "probability_pct": 100 * _threats["probability"],
           "probability_score": _threats["probability_score"],
           "impact_score": _threats["impact_score"]}
"""
