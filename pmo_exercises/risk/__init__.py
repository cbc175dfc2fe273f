"""Risk and opportunity: the register, EMV and decision trees, Monte Carlo.

- :mod:`.register`: score a register (probability x impact on 1-5 scales),
  zones, the probability-impact matrix;
- :mod:`.emv`: expected monetary value (threats negative, opportunities
  positive), the contingency reserve, decision trees;
- :mod:`.monte_carlo`: schedule and cost risk of one project through its full
  CPM network, all iterations at once.
"""

from .emv import Chance, Decision, Evaluation, Outcome, contingency_reserve, emv, evaluate
from .monte_carlo import DISTRIBUTIONS, MonteCarloResult, monte_carlo
from .register import (
    COST_BANDS,
    PROBABILITY_BANDS,
    SCHEDULE_BANDS,
    ZONES,
    band_score,
    pi_matrix,
    score_portfolio_risks,
    score_register,
    zone_matrix,
)

__all__ = [
    "COST_BANDS",
    "DISTRIBUTIONS",
    "PROBABILITY_BANDS",
    "SCHEDULE_BANDS",
    "ZONES",
    "Chance",
    "Decision",
    "Evaluation",
    "MonteCarloResult",
    "Outcome",
    "band_score",
    "contingency_reserve",
    "emv",
    "evaluate",
    "monte_carlo",
    "pi_matrix",
    "score_portfolio_risks",
    "score_register",
    "zone_matrix",
]
