"""What the ``pmo`` command's parts share: argument types and one-line messages."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

#: The kit's checkout (the folder that holds ``pmo_exercises/``).
KIT = Path(__file__).resolve().parents[2]


def positive(text: str) -> int:
    """Parse a whole number >= 1 (an argparse ``type``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a whole number >= 1")
    return value


def natural(text: str) -> int:
    """Parse a whole number >= 0 (an argparse ``type``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def port(text: str) -> int:
    """Parse a TCP port, 1 to 65535 (an argparse ``type``)."""
    value = positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port (1 to 65535)")
    return value


def iso_date(text: str) -> date:
    """Parse a date written YYYY-MM-DD (an argparse ``type``)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def one_line(text: object) -> str:
    """Return ``text`` as one line, its runs of white space made single spaces."""
    return " ".join(str(text).split())


def teaching_note(portfolio, hint: str) -> str:
    """The first line of a command run without a portfolio: it says which one it used."""
    return (
        f"using the teaching portfolio ({portfolio.meta.get('company', '')}, "
        f"{len(portfolio.projects)} projects): {hint}"
    )
