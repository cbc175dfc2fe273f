"""Assignment 01: Standards and governance (policy, breaches with evidence, stage gates).

The parts live by idea in the folder ``01_governance/``: ``policy.py`` (A to D, the policy
read and applied by hand), ``compliance.py`` (E to G, the same checks with the kit), and
``hidden.py``, the set-up their hidden tests share; the written parts (H and I) close the
notebook here.
"""

from pathlib import Path

from pmo_exercises.course.authoring import front, load, markdown, part, setup, written

ASSIGNMENT = "01_governance"
PARTS = Path(__file__).with_name(ASSIGNMENT)

CELLS = [
    front(
        "front_matter",
        "Assignment 01: Standards and governance",
        [
            "read the PMO policy and say what a gate, a report and a risk must satisfy",
            "find the breaches in your portfolio by hand, then with the kit, with evidence",
            "run a stage-gate review and say who is not ready, and why",
            "test a change to the policy before adopting it",
            "choose the breach to escalate first, and argue for it",
        ],
        90,
        """
        You are the new PMO analyst of Norbridge Industries. Your first job is the monthly
        governance review: check every project against the PMO policy and bring the
        breaches that matter to the steering committee. Every number below comes from
        **your own** portfolio: your neighbour's answers are not yours.
        Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT),
    markdown(
        """
        The policy is the standard, kept as data: `pmo.governance.load_policy()` reads the
        kit's policy file (`pmo.governance.DEFAULT_POLICY`) and checks it. Read the file once
        with `print(pmo.governance.DEFAULT_POLICY.read_text())`: its comments are part of the
        standard. The status date is `portfolio.status_date`, its week `portfolio.status_week`.
        """
    ),
    *load(PARTS / "policy.py").CELLS,
    *load(PARTS / "compliance.py").CELLS,
    part(
        "H",
        "The breach you escalate first",
        3,
        """
        The steering committee gives you five minutes. In the cell below, say which **one**
        finding of your portfolio you escalate first, quote its evidence, say who must decide
        what, and why this one comes before the others.
        """,
    ),
    written(
        "escalate_first",
        3,
        """
        (Trainee alice.) "P02 ERP Migration to Cloud has been in execution since 25 May without
        an approved schedule baseline, risk register or sponsor sign-off. It has spent far more
        than it has earned (CPI 0.36) and its EAC of EUR 602k now exceeds its business value of
        EUR 513k, so we are spending against a plan nobody approved, on a project that no
        longer pays for itself. I ask the sponsor to approve or reject the baseline by Friday,
        and until then the PMO stops new commitments on P02." The watermelon P12, with its
        unowned 0.6 risk, is a defensible first choice too if the argument is as sound.
        """,
        [
            (
                1,
                "picks one high-severity finding of their own portfolio; quotes its evidence right",
            ),
            (
                1,
                "says why it comes first: money or commitments at stake, what worsens each week",
            ),
            (
                1,
                "names who decides (sponsor, committee) and the decision asked, with a date",
            ),
        ],
    ),
    part(
        "I",
        "Your recommendation at the gate review",
        2,
        """
        For the project(s) in `gate_breaches`, write the recommendation you will make at the
        gate review: what must happen, by when, and what the PMO checks afterwards.
        """,
    ),
    written(
        "gate_recommendation",
        2,
        """
        (Trainee alice.) "P02 passed the execution gate without its schedule baseline, risk
        register and sponsor sign-off, all still drafts. Either the sponsor approves them at
        next week's gate review, or P02 pauses its spending until they are. Without an approved
        baseline there is nothing to measure its progress against: the PMO re-runs the
        compliance check the week after, and P02 reports earned value against the approved
        baseline from then on."
        """,
        [
            (
                1,
                "a clear choice (approve the named missing artefacts by a date, or pause the work)",
            ),
            (1, "why it matters (no approved baseline to steer against) and a follow-up check"),
        ],
    ),
]
