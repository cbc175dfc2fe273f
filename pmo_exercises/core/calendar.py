"""The working calendar of a portfolio: Monday to Friday, less its ``holidays`` table.

Durations count working days. Which days are working days is the portfolio's
own business: the ``holidays`` table lists the days off besides weekends (a
country's public holidays, a plant closure). :func:`country_holidays` fills that
table from the `holidays <https://pypi.org/project/holidays/>`_ package for a
country (and optionally one of its regions), so that Easter Monday in France or
Whit Monday in Germany is not a working day.

The status weeks keep their Fridays whatever the holidays: week ``w`` of the
status history ends on the Friday of the ``w``-th week (see
:func:`~pmo_exercises.core.portfolio.fridays`), because that is the date on the
status report, even when that Friday is a holiday.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .errors import PortfolioError
from .tables import make

__all__ = ["busday_calendar", "country_holidays", "holiday_dates"]


def holiday_dates(portfolio) -> np.ndarray:
    """The portfolio's days off besides weekends, as sorted ``datetime64[D]``."""
    frame = getattr(portfolio, "holidays", None)
    if frame is None or not len(frame):
        return np.array([], dtype="datetime64[D]")
    days = frame["date"].dropna().to_numpy().astype("datetime64[D]")
    return np.unique(days)


def busday_calendar(portfolio) -> np.busdaycalendar:
    """A numpy business-day calendar of the portfolio: Monday to Friday, less its holidays."""
    return np.busdaycalendar(holidays=holiday_dates(portfolio))


def country_holidays(
    country: str, years: Iterable[int], subdivision: str | None = None
) -> pd.DataFrame:
    """A ``holidays`` table of a country's public holidays.

    Parameters
    ----------
    country : str
        An ISO 3166 country code: ``"FR"``, ``"DE"``, ``"GB"``...
    years : iterable of int
        The years to cover (those of the portfolio's plan and forecast).
    subdivision : str, optional
        A region with holidays of its own (``"BY"`` for Bavaria, ``"57"`` for
        Moselle, ``"SCT"`` for Scotland).

    Returns
    -------
    pandas.DataFrame
        The ``holidays`` table (``date``, ``name``), one row per holiday, in
        date order (one on a weekend changes nothing, as in a PMO's own list).

    Raises
    ------
    PortfolioError
        For a country (or region) the package does not know.

    Examples
    --------
    >>> table = country_holidays("FR", [2026])
    >>> table[table["name"] == "Easter Monday"]["date"].dt.strftime("%Y-%m-%d").tolist()
    ['2026-04-06']
    """
    import holidays as package

    code = str(country).strip().upper()
    try:
        found = package.country_holidays(code, subdiv=subdivision, years=sorted(set(years)))
    except (NotImplementedError, KeyError) as error:
        known = sum(len(c) == 2 for c in package.list_supported_countries())
        raise PortfolioError(
            "holidays",
            f"no public holidays known for {country!r}"
            + (f" (region {subdivision!r})" if subdivision else "")
            + f": {' '.join(str(error).split()) or 'unknown'}; use an ISO 3166 code such as "
            f"FR, DE, GB, ES, IT or US (the holidays package knows {known} countries)",
        ) from None
    days = sorted((pd.Timestamp(day), str(name)) for day, name in found.items())
    return make(
        "holidays",
        {
            "date": np.array([d for d, _ in days], dtype="datetime64[ns]"),
            "name": [n for _, n in days],
        },
    )
