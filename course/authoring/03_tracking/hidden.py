"""Assignment 03, the hidden tests' shared set-up: the key's figures at the status week."""

# Shared by the hidden tests: the key's figures at the status week, and the kit's policy
# (every threshold a test uses is the policy's, never a number typed in).
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_policy = pmo.governance.load_policy()
_tolerance = (_policy.schedule_tolerance, _policy.cost_tolerance)
_h = pmo.tracking.earned_value_history(key.portfolio)
_now = _h[_h["week"] == key.portfolio.status_week].set_index("project_id")
_started = _now[_now["ac"] > 0]
"""

# The earned value formulas' inputs per started project, for the mistake search
# (grading.formula): the key's figures on the actual progress, and EV on the reported one.
EVM = """
_told = pmo.tracking.earned_value_history(key.portfolio, basis="reported")
_told = _told[_told["week"] == key.portfolio.status_week].set_index("project_id")
_evm = _started.assign(eac=_started["eac_cpi"], ev_reported=_told["ev"])
"""

# What a trainee's eac() is given of a project's figures (BAC, EV, AC; PV for a deadline) and
# the indices it computes from them: the inputs of the EAC formulas, for the mistake search.
EAC_INPUTS = """
def _given(_r, _deadline=False):
    _in = {"bac": _r.bac, "ev": _r.ev, "ac": _r.ac, "cpi": _r.cpi}
    return {**_in, "pv": _r.pv, "spi": _r.spi} if _deadline else _in
"""
