"""The two ways to install the kit agree: pyproject.toml and environment.yml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# name>=low, optionally ,<high (the pins that must render together carry an upper bound)
PIN = r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)(?:\s*,\s*<\s*([0-9.]+))?"


def _bounds(requirements) -> dict[str, tuple[str, str | None]]:
    out = {}
    for req in requirements:
        if req.startswith("pmo-exercises["):
            continue  # the dev extra includes the test extra
        match = re.fullmatch(PIN, req.split(";")[0].strip())
        assert match, f"pyproject.toml: {req!r} is not name>=low or name>=low,<high"
        out[match[1].lower()] = (match[2], match[3])
    return out


def test_environment_yml_has_the_same_bounds_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _bounds(project["dependencies"])
    for extra in ("test", "dev"):
        wanted |= _bounds(project["optional-dependencies"][extra])
    conda = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"\s*-\s*" + PIN + r"\s*(#.*)?$", line)
        if match:
            assert match[4], f"environment.yml: {match[1]} has no comment saying where it is used"
            conda[match[1].lower()] = (match[2], match[3])
    conda.pop("python")
    assert conda == wanted


def test_every_environment_pin_is_commented():
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if re.match(r"\s*-\s*[A-Za-z0-9_.-]+[<>=]", line):
            assert "#" in line, line


def test_every_data_file_of_the_package_is_declared_as_package_data():
    """A file the package reads but pyproject does not declare is missing from a wheel."""
    package = ROOT / "pmo_exercises"
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["pmo_exercises"]
    declared = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    data = {
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert data, "the package ships data (the teaching portfolio, the policy, templates)"
    assert sorted(map(str, data - declared)) == []
