"""Assignment 02, the hidden tests' shared set-up: the key's review project and its figures."""

# Shared by the hidden tests: the key's review project and its schedule.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_p = key.portfolio
_act = _p.projects[_p.projects["state"] == "active"]
_pid = _act.loc[_act["bac"].idxmax(), "project_id"]
_one = _p.subset(_pid)
_t, _l = _one.tasks, _one.dependencies
_s = pmo.planning.critical_path(_t, _l)
_d = pmo.planning.project_duration(_s)
"""

# The PERT figures of the key's review project, for the probability tests, and the inputs
# of the PERT formulas for the mistake search (grading.formula).
PERT = """
from statistics import NormalDist as _Normal
_o, _m, _x = _t["optimistic_days"], _t["most_likely_days"], _t["pessimistic_days"]
_mean_t = _t.assign(duration_days=(_o + 4 * _m + _x) / 6)
_mean_s = pmo.planning.critical_path(_mean_t, _l)
_mu = pmo.planning.project_duration(_mean_s)
_sd = pd.Series(((_x - _o) / 6).to_numpy(), index=_t["task_id"])
_paths = pmo.planning.critical_paths(_mean_t, _l)
_sigma = max(float((_sd[path] ** 2).sum()) for path in _paths) ** 0.5
_sigma_summed = max(float(_sd[path].sum()) for path in _paths)
_deadline = _d + 20
_pert_in = {"mean": _mu, "sigma": _sigma, "variance": _sigma ** 2, "deadline": _deadline}
"""

# Does an answer equal a wrong Series, whatever its index order? (mistakes met before the
# index check of expect_series)
SAME = """
def _same(answer, wrong):
    try:
        a, w = pd.Series(answer).astype(float), pd.Series(wrong).astype(float)
        a.index, w.index = a.index.map(str), w.index.map(str)
        return set(a.index) == set(w.index) and bool(((a.reindex(w.index) - w).abs() < 1e-6).all())
    except (TypeError, ValueError):
        return False
"""
