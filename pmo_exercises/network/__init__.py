"""Precedence networks as arrays: the passes behind CPM and the schedule risk.

* :mod:`.passes`: levels (a topological order that tolerates nothing
  circular), and the forward and backward passes of one network, with all four
  link types and lags;
* :mod:`.batched`: the same passes over many duration draws at once, for
  Monte Carlo.

Planning (:mod:`pmo_exercises.planning.cpm`) and risk
(:mod:`pmo_exercises.risk.monte_carlo`) both use them; validation uses the
levels to find a cycle.
"""
