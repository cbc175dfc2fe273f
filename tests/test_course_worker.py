"""The worker's jsonschema stand-in for nbgrader: the same verdicts, the schema checked once."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo_exercises.course.coach import worker

SCHEMA = json.loads(
    (Path(jsonschema.__file__).parents[1] / "nbgrader" / "nbgraderformat" / "v3.json").read_text()
)
GOOD = {
    "schema_version": 3,
    "grade": True,
    "solution": False,
    "locked": True,
    "grade_id": "cpi_by_project",
    "points": 2,
}

metadata = st.fixed_dictionaries(
    {},
    optional={
        "schema_version": st.sampled_from([3, "3", None]),
        "grade": st.sampled_from([True, False, 1, "yes"]),
        "solution": st.booleans(),
        "locked": st.booleans(),
        "task": st.booleans(),
        "grade_id": st.sampled_from(["cpi", "", 7]),
        "points": st.sampled_from([0, 2, 1.5, -1, "2"]),
        "cell_type": st.sampled_from(["code", "markdown", 3]),
    },
)


def _verdict(validate, instance) -> str | None:
    try:
        validate(instance, copy.deepcopy(SCHEMA))
    except jsonschema.ValidationError as error:
        return error.message
    return None


@settings(max_examples=150, deadline=None)
@given(metadata)
def test_same_verdict_and_message_as_jsonschema(instance) -> None:
    assert _verdict(worker._SchemaOnce().validate, instance) == _verdict(
        jsonschema.validate, instance
    )


def test_the_schema_is_checked_once(monkeypatch) -> None:
    checks = []
    cls = jsonschema.validators.validator_for(SCHEMA)
    original = cls.check_schema
    monkeypatch.setattr(cls, "check_schema", lambda s: checks.append(1) or original(s))
    shim = worker._SchemaOnce()
    for _ in range(5):
        shim.validate(GOOD, copy.deepcopy(SCHEMA))
    assert len(checks) == 1


def test_nbgrader_rejects_bad_metadata_through_the_shim(monkeypatch) -> None:
    from nbformat.v4 import new_code_cell
    from nbgrader.nbgraderformat import MetadataValidator, common

    monkeypatch.setattr(common, "jsonschema", common.jsonschema)  # undone after the test
    worker._check_nbgrader_schema_once()
    assert isinstance(common.jsonschema, worker._SchemaOnce)
    MetadataValidator().validate_cell(new_code_cell(metadata={"nbgrader": GOOD}))
    with pytest.raises(jsonschema.ValidationError):
        bad = {**GOOD, "points": "two"}
        MetadataValidator().validate_cell(new_code_cell(metadata={"nbgrader": bad}))
