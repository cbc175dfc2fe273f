"""The PMO policy: the standards a PMO sets, as a small YAML file.

The kit ships a default policy (``pmo_exercises/data/policy/default.yaml``,
commented line by line). A coach copies it, edits it and loads the copy::

    from pmo_exercises.governance import load_policy
    policy = load_policy()                    # the default
    mine = load_policy("strict.yaml")         # a coach's own

Every key is checked. A bad file raises :class:`PolicyError` with one line
naming the file, the key path and what is wrong, for example::

    PolicyError: strict.yaml: rag.schedule.amber: must be a number between 0 and 2, got 'high'

Unknown keys are errors too (with a did-you-mean hint): a typo in a policy
must never silently switch a rule off.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.schema import ARTEFACTS, RAG, STAGES

__all__ = [
    "DEFAULT_POLICY",
    "SEVERITIES",
    "IndexRule",
    "Policy",
    "PolicyError",
    "RiskRule",
    "load_policy",
    "resolve_policy",
]

#: The shipped default policy file.
DEFAULT_POLICY = Path(__file__).resolve().parent.parent / "data" / "policy" / "default.yaml"
#: Severities of findings, from least to most urgent.
SEVERITIES = ("low", "medium", "high")


class PolicyError(ValueError):
    """An invalid policy file: one line naming the file, the key path and the problem."""


@dataclass(frozen=True)
class IndexRule:
    """RAG thresholds on a performance index (SPI or CPI).

    An index below ``amber`` is at least amber, below ``red`` it is red.
    """

    amber: float
    red: float


@dataclass(frozen=True)
class RiskRule:
    """RAG thresholds on a project's open risks.

    A status is amber (red) when the number of open high risks reaches
    ``amber_high_risks`` (``red_high_risks``) or the exposure, in percent of
    the BAC, reaches ``amber_exposure_pct`` (``red_exposure_pct``).
    """

    amber_high_risks: int
    amber_exposure_pct: float
    red_high_risks: int
    red_exposure_pct: float


@dataclass(frozen=True)
class Policy:
    """A validated PMO policy. See ``data/policy/default.yaml`` for each field's meaning.

    Attributes
    ----------
    name, source : str
        The policy's name and the file it came from.
    stages : tuple of str
        The lifecycle stages, in order.
    gates : mapping of str to tuple of str
        Per stage, the artefacts that must be approved to enter it.
    gate_severity : str
        Severity of working in a stage without its gates' artefacts.
    schedule, cost : IndexRule
        RAG thresholds on SPI and CPI.
    risk : RiskRule
        RAG thresholds on open high risks and exposure.
    overall : str
        How the three RAGs combine: ``"worst"``.
    watermelon_min_steps : int
        How many steps better than a computed red the reported RAG must be to
        flag a watermelon (1: amber or green, 2: green).
    watermelon_severity : str
    stale_after_weeks : int
        A status whose last update is more than this many weeks old is stale.
    stale_severity : str
    high_probability : float
        A risk is high when its probability is at least this.
    require_owner, require_response : bool
        Whether an open high risk needs an owner, a response.
    risk_severity : str
    max_eac_to_value : float
        A project whose EAC (BAC / CPI) is above this multiple of its business
        value no longer pays for itself.
    business_case_severity : str
    schedule_tolerance, cost_tolerance : float
        How far below 1 SPI and CPI may fall before variance analysis flags them.
    variance_severity : str
    """

    name: str
    source: str
    stages: tuple[str, ...]
    gates: MappingProxyType
    gate_severity: str
    schedule: IndexRule
    cost: IndexRule
    risk: RiskRule
    overall: str
    watermelon_min_steps: int
    watermelon_severity: str
    stale_after_weeks: int
    stale_severity: str
    high_probability: float
    require_owner: bool
    require_response: bool
    risk_severity: str
    max_eac_to_value: float
    business_case_severity: str
    schedule_tolerance: float
    cost_tolerance: float
    variance_severity: str

    def required_artefacts(self, stage: str) -> tuple[str, ...]:
        """The artefacts a project in ``stage`` must have approved: every gate up to it.

        Parameters
        ----------
        stage : str
            A lifecycle stage (:data:`pmo_exercises.core.schema.STAGES`); one the
            policy leaves out needs the gates of the policy's stages before it.

        Returns
        -------
        tuple of str
            In gate order, without repeats.
        """
        out: list[str] = []
        for s in self.stages:
            if STAGES.index(s) <= STAGES.index(stage):
                out += [a for a in self.gates.get(s, ()) if a not in out]
        return tuple(out)

    def next_stage(self, stage: str) -> str | None:
        """The policy's stage after ``stage``, or None after the last one."""
        later = [s for s in self.stages if STAGES.index(s) > STAGES.index(stage)]
        return later[0] if later else None

    def previous_stage(self, stage: str) -> str | None:
        """The policy's stage before ``stage``, or None before the first one."""
        earlier = [s for s in self.stages if STAGES.index(s) < STAGES.index(stage)]
        return earlier[-1] if earlier else None

    def index_rag(self, values, which: str):
        """RAG codes of performance indices under this policy.

        Parameters
        ----------
        values : array-like of float
            SPI values (``which="schedule"``) or CPI values (``which="cost"``).
        which : {"schedule", "cost"}

        Returns
        -------
        numpy.ndarray of float
            0 green, 1 amber, 2 red (positions in :data:`pmo_exercises.core.schema.RAG`),
            NaN where the index is undefined (NaN).
        """
        import numpy as np

        rule = {"schedule": self.schedule, "cost": self.cost}[which]
        v = np.asarray(values, dtype=np.float64)
        code = np.where(v < rule.red, 2.0, np.where(v < rule.amber, 1.0, 0.0))
        return np.where(np.isnan(v), np.nan, code)

    def risk_rag(self, high_risks, exposure_pct):
        """RAG codes (0 green, 1 amber, 2 red) of open high risks and exposure.

        Parameters
        ----------
        high_risks : array-like of int
            Open high risks per status.
        exposure_pct : array-like of float
            Open exposure in percent of the BAC; NaN (no BAC) is judged on the
            count alone.

        Returns
        -------
        numpy.ndarray of float
        """
        import numpy as np

        r = self.risk
        n = np.asarray(high_risks, dtype=np.float64)
        e = np.nan_to_num(np.asarray(exposure_pct, dtype=np.float64), nan=-1.0)
        red = (n >= r.red_high_risks) | (e >= r.red_exposure_pct)
        amber = (n >= r.amber_high_risks) | (e >= r.amber_exposure_pct)
        return np.where(red, 2.0, np.where(amber, 1.0, 0.0))


# -- loading ------------------------------------------------------------------------
def load_policy(path=None) -> Policy:
    """Read and validate a PMO policy file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A YAML policy file; the kit's default policy when None.

    Returns
    -------
    Policy

    Raises
    ------
    PolicyError
        When the file cannot be read, is not YAML, misses a key, has an
        unknown key or a bad value. The message is one line:
        ``file: key.path: problem``.

    Examples
    --------
    >>> from pmo_exercises.governance import load_policy
    >>> policy = load_policy()
    >>> policy.schedule.red, policy.required_artefacts("execution")[-1]
    (0.85, 'sponsor_signoff')
    """
    path = DEFAULT_POLICY if path is None else Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read the policy file ({exc.strerror})") from None
    return _parse(_read_yaml(text, path), path)


def _read_yaml(text: str, path: Path) -> Any:
    import yaml

    try:
        # libyaml's loader when PyYAML has it: ten times faster on the same YAML
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        pass
    try:  # a broken file is read again by PyYAML's own loader, whose messages are clearer
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise PolicyError(f"{path.name}: {where}not valid YAML ({problem})") from None


def resolve_policy(policy=None) -> Policy:
    """A :class:`Policy` from None (the default), a path, or a policy (returned as is)."""
    if isinstance(policy, Policy):
        return policy
    return load_policy(policy)


class _Reader:
    """Walks the parsed YAML, raising one-line errors that name the key path."""

    def __init__(self, path: Path) -> None:
        self.file = path.name

    def fail(self, key: str, problem: str):
        raise PolicyError(f"{self.file}: {key}: {problem}")

    def section(self, data: Any, key: str, keys: tuple[str, ...]) -> dict:
        """A mapping with exactly ``keys``."""
        if not isinstance(data, dict):
            self.fail(key or "(top level)", f"must be a mapping of keys, got {_show(data)}")
        for k in data:
            if not isinstance(k, str) or k not in keys:
                hint = difflib.get_close_matches(str(k), keys, n=1)
                tip = f"; did you mean '{hint[0]}'?" if hint else f" (allowed: {', '.join(keys)})"
                self.fail(_join(key, str(k)), f"unknown key{tip}")
        for k in keys:
            if k not in data:
                self.fail(_join(key, k), "missing key")
        return data

    def number(self, value: Any, key: str, low: float, high: float, integer=False) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if integer:
            ok = ok and float(value).is_integer()
        if not ok or not low <= value <= high:
            kind = "a whole number" if integer else "a number"
            self.fail(key, f"must be {kind} between {_n(low)} and {_n(high)}, got {_show(value)}")
        return int(value) if integer else float(value)

    def choice(self, value: Any, key: str, allowed: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in allowed:
            hint = difflib.get_close_matches(str(value), allowed, n=1)
            tip = f"; did you mean '{hint[0]}'?" if hint else ""
            self.fail(key, f"must be one of {', '.join(allowed)}, got {_show(value)}{tip}")
        return value

    def flag(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, got {_show(value)}")
        return value

    def names(self, value: Any, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(key, f"must be a list, got {_show(value)}")
        for i, item in enumerate(value):
            self.choice(item, f"{key}[{i}]", allowed)
        for i, item in enumerate(value):
            if value.index(item) != i:
                self.fail(f"{key}[{i}]", f"{item!r} is listed twice")
        return tuple(value)


def _parse(data: Any, path: Path) -> Policy:
    r = _Reader(path)
    top = r.section(
        data,
        "",
        ("name", "lifecycle", "rag", "reporting", "risks", "business_case", "variance"),
    )
    if not isinstance(top["name"], str) or not top["name"].strip():
        r.fail("name", f"must be a non-empty text, got {_show(top['name'])}")

    life = r.section(top["lifecycle"], "lifecycle", ("stages", "gates", "severity"))
    stages = r.names(life["stages"], "lifecycle.stages", STAGES)
    if list(stages) != sorted(stages, key=STAGES.index):
        r.fail("lifecycle.stages", f"must follow the lifecycle order {', '.join(STAGES)}")
    if len(stages) < 2:
        r.fail("lifecycle.stages", "must list at least two stages")
    gate_keys = stages[1:]
    gates_in = r.section(life["gates"], "lifecycle.gates", gate_keys)
    gates = {s: r.names(gates_in[s], f"lifecycle.gates.{s}", ARTEFACTS) for s in gate_keys}

    rag = r.section(top["rag"], "rag", ("schedule", "cost", "risk", "overall", "watermelon"))
    index_rules = {}
    for name in ("schedule", "cost"):
        sec = r.section(rag[name], f"rag.{name}", ("amber", "red"))
        amber = r.number(sec["amber"], f"rag.{name}.amber", 0, 2)
        red = r.number(sec["red"], f"rag.{name}.red", 0, 2)
        if red > amber:
            r.fail(f"rag.{name}.red", f"{_n(red)} is above amber ({_n(amber)}): red must be lower")
        index_rules[name] = IndexRule(amber, red)
    risk = r.section(rag["risk"], "rag.risk", ("amber", "red"))
    levels = {}
    for level in ("amber", "red"):
        sec = r.section(risk[level], f"rag.risk.{level}", ("high_risks", "exposure_pct"))
        levels[level] = (
            r.number(sec["high_risks"], f"rag.risk.{level}.high_risks", 1, 1000, integer=True),
            r.number(sec["exposure_pct"], f"rag.risk.{level}.exposure_pct", 0, 100),
        )
    for i, what in enumerate(("high_risks", "exposure_pct")):
        if levels["red"][i] < levels["amber"][i]:
            r.fail(
                f"rag.risk.red.{what}",
                f"{_n(levels['red'][i])} is below amber ({_n(levels['amber'][i])}): "
                "red must be at least amber",
            )
    overall = r.choice(rag["overall"], "rag.overall", ("worst",))
    melon = r.section(rag["watermelon"], "rag.watermelon", ("min_steps", "severity"))

    rep = r.section(top["reporting"], "reporting", ("stale_after_weeks", "severity"))
    risks = r.section(
        top["risks"],
        "risks",
        ("high_probability", "require_owner", "require_response", "severity"),
    )
    case = r.section(top["business_case"], "business_case", ("max_eac_to_value", "severity"))
    var = r.section(
        top["variance"], "variance", ("schedule_tolerance", "cost_tolerance", "severity")
    )
    return Policy(
        name=top["name"].strip(),
        source=str(path),
        stages=stages,
        gates=MappingProxyType(gates),
        gate_severity=r.choice(life["severity"], "lifecycle.severity", SEVERITIES),
        schedule=index_rules["schedule"],
        cost=index_rules["cost"],
        risk=RiskRule(*levels["amber"], *levels["red"]),
        overall=overall,
        watermelon_min_steps=r.number(
            melon["min_steps"], "rag.watermelon.min_steps", 1, len(RAG) - 1, integer=True
        ),
        watermelon_severity=r.choice(melon["severity"], "rag.watermelon.severity", SEVERITIES),
        stale_after_weeks=r.number(
            rep["stale_after_weeks"], "reporting.stale_after_weeks", 1, 52, integer=True
        ),
        stale_severity=r.choice(rep["severity"], "reporting.severity", SEVERITIES),
        high_probability=r.number(risks["high_probability"], "risks.high_probability", 0, 1),
        require_owner=r.flag(risks["require_owner"], "risks.require_owner"),
        require_response=r.flag(risks["require_response"], "risks.require_response"),
        risk_severity=r.choice(risks["severity"], "risks.severity", SEVERITIES),
        max_eac_to_value=r.number(
            case["max_eac_to_value"], "business_case.max_eac_to_value", 0, 100
        ),
        business_case_severity=r.choice(case["severity"], "business_case.severity", SEVERITIES),
        schedule_tolerance=r.number(
            var["schedule_tolerance"], "variance.schedule_tolerance", 0, 0.99
        ),
        cost_tolerance=r.number(var["cost_tolerance"], "variance.cost_tolerance", 0, 0.99),
        variance_severity=r.choice(var["severity"], "variance.severity", SEVERITIES),
    )


def _join(key: str, child: str) -> str:
    return f"{key}.{child}" if key else child


def _n(value: float) -> str:
    return f"{value:g}"


def _show(value: Any) -> str:
    """A value as the message shows it: short, quoted when text, one line."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
