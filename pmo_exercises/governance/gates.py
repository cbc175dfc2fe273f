"""Stage-gate review: which projects may pass their next gate, and why the others may not.

A project passes the gate into a stage when every artefact the policy requires
up to that stage (``lifecycle.gates``, cumulative) is approved in the
``artefacts`` table. A project already working in a stage whose artefacts are
not all approved is in **breach**: it passed a gate it should not have.
"""

from __future__ import annotations

import pandas as pd

from .policy import resolve_policy

__all__ = ["GATE_COLUMNS", "artefact_states", "stage_gate_review"]

#: The columns of :func:`stage_gate_review`, in order.
GATE_COLUMNS = (
    "project_id",
    "stage",
    "state",
    "next_gate",
    "required",
    "missing",
    "may_pass",
    "breach",
    "reason",
)


def artefact_states(portfolio) -> dict[tuple[str, str], str]:
    """``(project_id, artefact) -> state`` from the artefacts table."""
    a = portfolio.artefacts
    return dict(zip(zip(a["project_id"], a["artefact"], strict=True), a["state"], strict=True))


def stage_gate_review(portfolio, policy=None) -> pd.DataFrame:
    """The stage-gate review of every project at the status date.

    Parameters
    ----------
    portfolio : Portfolio
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).

    Returns
    -------
    pandas.DataFrame
        One row per project, in table order:

        * ``project_id``, ``stage``, ``state``;
        * ``next_gate``: the stage it would enter next (missing in the last
          stage, or when the project is completed or cancelled);
        * ``required``: the artefacts the next gate needs approved, all gates
          up to it included, comma-separated;
        * ``missing``: those not approved, each with its state, e.g.
          ``"schedule_baseline (draft), closure_report (missing)"``; "" if none;
        * ``may_pass`` (bool): there is a next gate and nothing is missing;
        * ``breach`` (bool): artefacts of the stage it is already in are not
          approved;
        * ``reason``: why it may not pass, in words ("" when it may).

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.governance import stage_gate_review
    >>> review = stage_gate_review(pmo.load_portfolio())
    >>> review[~review["may_pass"]][["project_id", "next_gate", "reason"]]  # doctest: +SKIP
    """
    policy = resolve_policy(policy)
    states = artefact_states(portfolio)
    rows = []
    for pid, stage, state in portfolio.projects[["project_id", "stage", "state"]].itertuples(
        index=False
    ):
        now_missing = _missing(states, pid, policy.required_artefacts(stage))
        breach = bool(now_missing) and state not in ("completed", "cancelled")
        nxt = policy.next_stage(stage) if state in ("active", "paused") else None
        if nxt is None:
            required, missing = (), []
            reason = (
                f"the project is {state}"
                if state in ("completed", "cancelled")
                else f"{stage} is the last stage"
            )
        else:
            required = policy.required_artefacts(nxt)
            missing = _missing(states, pid, required)
            reason = ""
            if missing:
                reason = f"to enter {nxt}, not approved: {', '.join(missing)}"
            if breach:
                reason += f"; already in {stage} without {', '.join(now_missing)}"
            if state == "paused":
                reason = "the project is paused" + (f"; {reason}" if reason else "")
        may_pass = nxt is not None and not missing and state == "active"
        rows.append(
            (
                pid,
                stage,
                state,
                nxt,
                ", ".join(required),
                ", ".join(missing),
                may_pass,
                breach,
                reason.lstrip("; "),
            )
        )
    out = pd.DataFrame(rows, columns=list(GATE_COLUMNS))
    out["next_gate"] = out["next_gate"].astype(object)
    return out


def _missing(states, project_id: str, artefacts) -> list[str]:
    out = []
    for name in artefacts:
        state = states.get((project_id, name), "no record")
        if state != "approved":
            out.append(f"{name} ({state})")
    return out
