"""Load the teaching portfolio, or a trainee's own variant of it."""

from __future__ import annotations

from ..core.portfolio import Portfolio
from .teaching import TEACHING_DIR, build_teaching_portfolio, variant_seed

__all__ = ["load_portfolio"]


def load_portfolio(variant: str | None = None) -> Portfolio:
    """The teaching portfolio of Norbridge Industries.

    Parameters
    ----------
    variant : str, optional
        A trainee id. Each id gets its own portfolio: the same company, the
        same kinds of situation to find, different numbers and different
        projects in trouble. The same id gives the same portfolio on every
        machine. Without it, the default teaching portfolio that lessons use.

    Returns
    -------
    Portfolio
        Twelve projects with 26 weeks of status history.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> p = pmo.load_portfolio()
    >>> len(p.projects), p.status_week
    (12, 26)
    """
    if variant is None or variant == "":
        from ..io.files import read_portfolio

        return read_portfolio(TEACHING_DIR)
    if not isinstance(variant, str) or not variant.strip():
        raise ValueError(f"variant must be a non-empty trainee id, not {variant!r}")
    return build_teaching_portfolio(variant_seed(variant.strip()), variant=variant.strip())
