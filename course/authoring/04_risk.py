"""Assignment 04: Risk and opportunity (zones, EMV, reserve, decision tree, Monte Carlo).

The parts live by idea in the folder ``04_risk/``: ``register.py`` (A to D: zones, EMV,
reserve), ``decision_tree.py`` (E), ``monte_carlo.py`` (F), and ``hidden.py``, the set-up
their hidden tests share; the written parts (G and H) close the notebook here.
"""

from pathlib import Path

from pmo_exercises.course.authoring import front, load, markdown, part, setup, written

ASSIGNMENT = "04_risk"
PARTS = Path(__file__).with_name(ASSIGNMENT)

# The focus project: the longest open register (ties: the first project id).
FOCUS = """
open_register = portfolio.risks[portfolio.risks["state"] == "open"]
focus = open_register.groupby("project_id").size().idxmax()
print(f"Your focus project, from Part B on: {focus}")
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 04: Risk and opportunity",
        [
            "find the open risks that need a response this week, from the probability-impact zones",
            "price threats and opportunities with EMV, with the right sign",
            "size a project's contingency reserve from its register",
            "decide with a decision tree whether a response is worth its cost",
            "read P80 and the contingency for 80% confidence from a Monte Carlo run",
            "argue for the response you fund, and for the reserve you ask for",
        ],
        90,
        """
        You are the PMO analyst of Norbridge Industries, preparing the quarterly risk
        review. The sponsor of your busiest project wants to know how much money to hold
        back and which response to pay for. Every number comes from **your own**
        portfolio: your neighbour's answers are not yours. Autograded parts check your
        variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT, FOCUS),
    markdown(
        """
        The register is `portfolio.risks`: one row per threat, with its `probability` (a
        fraction: 0.35, not 35), its `cost_impact` in euros and `schedule_impact_days`, its
        owner, response and `response_cost`, and its `state` (`open`, or `occurred` once it
        has fired: then it is an issue, and its cost is in the actuals). Opportunities are
        in `portfolio.opportunities` (`cost_saving`; `state` is `open` or `realised`).

        Your **focus project** is the one with the longest open register, printed by the
        setup cell above as `focus`.
        """
    ),
    *load(PARTS / "register.py").CELLS,
    *load(PARTS / "decision_tree.py").CELLS,
    *load(PARTS / "monte_carlo.py").CELLS,
    part(
        "G",
        "The response you fund",
        3,
        """
        Look at `worst_threat` in the register. If its owner has priced a response
        (`response_cost` above 0), run `fund_or_accept` on it (residual: half the
        probability); if not, there is nothing to fund yet. In the cell below, write to the
        sponsor of your focus project, in four lines at most: what you recommend for that
        threat (fund the response, or accept it and hold a reserve), what it costs and what
        it takes off the expected loss, who owns it, and the trigger you will watch.
        """,
    ),
    written(
        "response_funded",
        3,
        """
        (alice, P01: worst threat R-P01-03, p = 0.30, impact EUR 8,200, no priced response.)
        "R-P01-03 is the largest expected loss on P01: a 30% chance of EUR 8,200, EUR 2,460 in
        expectation. Its owner has priced no response, so the tree can only say accept: we
        hold EUR 2,460 of the reserve against it, and I ask Ulla Ivanova to price a
        mitigation by the 17th. Trigger: the supplier's test report on the sensor board; if
        it slips a week, the risk moves to the steering agenda."
        A trainee whose tree says fund writes: "funding costs EUR X, takes EUR Y off the
        expected loss (net gain Y - X)", with the same owner and trigger.
        """,
        [
            (
                1,
                "the choice follows the tree, with both figures: the response's cost and the "
                "expected loss it removes (or why accepting is cheaper)",
            ),
            (1, "names an owner and an observable trigger or date"),
            (1, "addressed to the sponsor: short, in money, with what is asked of them"),
        ],
    ),
    part(
        "H",
        "Which reserve do you ask for?",
        2,
        """
        Your focus project now has two reserves: the register's EMV reserve (Part C) and the
        P80 cost contingency (Part F). In three sentences at most: which one do you ask the
        sponsor to approve, and what explains the gap between them?
        """,
    ),
    written(
        "which_reserve",
        2,
        """
        "I ask for the P80 contingency, EUR 36k on P01, not the EUR 8k EMV reserve. The
        register prices only the risks somebody wrote down, one at a time; the simulation
        also prices the uncertainty of every estimate and the way the network passes delay
        (and cost) to the finish. The EUR 28k gap is the risk nobody listed: I will ask the
        team which of the estimates behind it they trust least."
        """,
        [
            (1, "a clear choice, with the figures of their own focus project"),
            (
                1,
                "explains the gap: estimate uncertainty and the network, not only the listed "
                "risks (or the reverse case, argued)",
            ),
        ],
    ),
]
