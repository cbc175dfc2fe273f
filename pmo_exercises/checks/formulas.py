"""The formula families the mistake search knows: earned value, earned schedule, CPM, PERT, EMV.

Each :class:`~.search.Family` lists its figures as a PMO writes them, with the
standard they come from, and the inputs trainees take for one another. The
search (:mod:`.search`) mutates a question's formula within its family; these
tables are all it knows, so a new mistake needs no new code, only, at most, a
new confusion or a new form here.

Sources: PMI, *Practice Standard for Earned Value Management*, 2nd ed. (2011)
and *PMBOK Guide*, 6th ed. (2017), section 7.4.2.2; W. Lipke, *Earned
Schedule* (2009); PMI, *Practice Standard for Scheduling*, 3rd ed. (2019) for
CPM; Malcolm et al. (1959) for PERT; PMI, *Practice Standard for Project Risk
Management* (2009) for EMV.
"""

from __future__ import annotations

from .search import Family, Formula

__all__ = ["CAPACITY", "CPM", "EARNED_SCHEDULE", "EARNED_VALUE", "EMV", "PERT"]

EARNED_VALUE = Family(
    name="earned value",
    symbols={
        "bac": "BAC (the budget at completion)",
        "pv": "PV (planned value)",
        "ev": "EV (earned value)",
        "ac": "AC (actual cost)",
        "cpi": "CPI (EV / AC)",
        "spi": "SPI (EV / PV)",
        "eac": "EAC (the estimate at completion)",
        "ev_reported": "EV on the reported progress (what the manager says is done)",
    },
    confusions=(("pv", "ev", "ac"), ("cpi", "spi"), ("bac", "eac"), ("ev", "ev_reported")),
    formulas=(
        Formula("sv", "SV = EV - PV (a variance in money)", "ev - pv"),
        Formula("cv", "CV = EV - AC (a variance in money)", "ev - ac"),
        Formula("spi", "SPI = EV / PV", "ev / pv"),
        Formula("cpi", "CPI = EV / AC", "ev / ac"),
        Formula("eac_cpi", "EAC = BAC / CPI", "bac / cpi"),
        Formula("eac_cpi", "EAC = AC + (BAC - EV) / CPI", "ac + (bac - ev) / cpi"),
        Formula("eac_atypical", "EAC = AC + (BAC - EV)", "ac + (bac - ev)"),
        Formula(
            "eac_cpi_spi", "EAC = AC + (BAC - EV) / (CPI x SPI)", "ac + (bac - ev) / (cpi * spi)"
        ),
        Formula(
            "bac_over_cpi_spi",
            "BAC / (CPI x SPI), which is no standard EAC: what is spent (AC) is spent, and "
            "only the work left (BAC - EV) is divided by the indices",
            "bac / (cpi * spi)",
        ),
        Formula("etc", "ETC = EAC - AC, the estimate to complete", "bac / cpi - ac"),
        Formula("vac", "VAC = BAC - EAC, the variance at completion", "bac - bac / cpi"),
        Formula(
            "tcpi_bac",
            "TCPI = (BAC - EV) / (BAC - AC), the efficiency needed",
            "(bac - ev) / (bac - ac)",
        ),
        Formula(
            "overrun_pct", "the overrun (EAC - BAC) / BAC, in percent", "100 * (eac - bac) / bac"
        ),
        Formula("bac", "the BAC, the budget as if nothing had happened", "bac"),
    ),
    ratios=("spi", "cpi", "tcpi_bac"),
    percents=("overrun_pct",),
)

EARNED_SCHEDULE = Family(
    name="earned schedule",
    symbols={
        "es": "ES (earned schedule, the weeks by which EV should have been earned)",
        "at": "AT (actual time, the weeks since the project's own start)",
        "at_portfolio": "the weeks since the portfolio's week 0, not the project's own start",
        "ev": "EV (earned value)",
        "pv": "PV (planned value)",
    },
    confusions=(("es", "at"), ("at", "at_portfolio"), ("ev", "pv")),
    formulas=(
        Formula("spi_t", "SPI(t) = ES / AT", "es / at"),
        Formula("sv_t", "SV(t) = ES - AT (a variance in weeks)", "es - at"),
        Formula("spi", "SPI = EV / PV, the index in money, not in time", "ev / pv"),
    ),
    ratios=("spi_t",),
)

CPM = Family(
    name="the critical path method",
    symbols={
        "es": "ES (early start)",
        "ef": "EF (early finish)",
        "ls": "LS (late start)",
        "lf": "LF (late finish)",
        "duration": "the task's duration",
        "next_es": "the earliest ES of its successors",
        "project_finish": "the project's finish",
    },
    confusions=(
        ("es", "ef"),
        ("ls", "lf"),
        ("es", "ls"),
        ("ef", "lf"),
        ("next_es", "project_finish"),
    ),
    formulas=(
        Formula("total_float", "total float = LS - ES", "ls - es"),
        Formula("total_float", "total float = LF - EF", "lf - ef"),
        Formula("free_float", "free float = the successors' earliest ES - EF", "next_es - ef"),
        Formula("to_project_end", "the gap to the project's finish", "project_finish - ef"),
    ),
)

PERT = Family(
    name="PERT",
    symbols={
        "o": "the optimistic estimate",
        "m": "the most likely estimate",
        "p": "the pessimistic estimate",
        "mean": "the PERT mean of the path",
        "sigma": "the standard deviation of the path",
        "variance": "the variance of the path",
        "deadline": "the deadline",
        "quantile": "z (the normal quantile of the chance asked for)",
        "target": "the chance asked for itself, a probability and not a quantile",
    },
    confusions=(
        ("o", "m", "p"),
        ("sigma", "variance"),
        ("mean", "deadline"),
        ("quantile", "target"),
    ),
    formulas=(
        Formula("pert_mean", "the PERT mean (O + 4M + P) / 6", "(o + 4 * m + p) / 6"),
        Formula("triangular_mean", "the triangular mean (O + M + P) / 3", "(o + m + p) / 3"),
        Formula("pert_sigma", "the PERT standard deviation (P - O) / 6", "(p - o) / 6"),
        Formula(
            "chance",
            "the chance P(T <= deadline) = Φ((deadline - mean) / σ)",
            "phi((deadline - mean) / sigma)",
        ),
        Formula(
            "z",
            "the z-score (deadline - mean) / σ, before the normal table",
            "(deadline - mean) / sigma",
        ),
        Formula(
            "pert_quantile",
            "the duration met with the chance asked for, mean + z x σ",
            "mean + quantile * sigma",
        ),
    ),
    ratios=("chance",),
)

EMV = Family(
    name="expected monetary value",
    symbols={
        "probability": "the probability",
        "impact": "the impact",
        "probability_pct": "the probability in percent",
        "cost": "the response's cost",
        "residual": "the probability left once the response is funded",
        "probability_score": "the probability score (a rank for the matrix, not a probability)",
        "impact_score": "the impact score (a rank for the matrix, not euros)",
    },
    confusions=(
        ("probability", "probability_pct"),
        ("probability", "residual"),
        ("probability", "probability_score"),
        ("impact", "impact_score"),
    ),
    formulas=(
        Formula("emv", "EMV = -(probability x impact) for a threat", "-(probability * impact)"),
        Formula(
            "fund",
            "the EMV of funding the response, -(cost + residual probability x impact)",
            "-(cost + residual * impact)",
        ),
        Formula(
            "accept",
            "the EMV of accepting the risk, -(probability x impact)",
            "-(probability * impact)",
        ),
        Formula("impact", "the impact itself, as if the risk were certain", "-impact"),
    ),
)

CAPACITY = Family(
    name="capacity",
    symbols={"demand": "the demand", "capacity": "the capacity"},
    confusions=(("demand", "capacity"),),
    formulas=(
        Formula("shortfall", "the shortfall = demand - capacity", "demand - capacity"),
        Formula("utilisation", "the utilisation demand / capacity", "demand / capacity"),
        Formula("demand", "the demand alone", "demand"),
    ),
)
