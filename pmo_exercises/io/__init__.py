"""Portfolios in and out of files: a folder of canonical CSV, or an Excel workbook.

* :mod:`.files`: :func:`~.files.read_portfolio` and
  :func:`~.files.save_portfolio`, which choose the format from the path;
* :mod:`.reading`: reading a file whole, every problem at once, and what was
  assumed (:func:`~.reading.open_portfolio`);
* :mod:`.folder`: the folder of CSV files (encodings, separators, lines);
* :mod:`.workbook`: the Excel workbook (README sheet, one sheet per table);
* :mod:`.saved`: what both readers share (plain values, where a problem lies,
  blank rows).
"""

from __future__ import annotations

from .files import PortfolioFile, open_portfolio, read_portfolio, save_portfolio

__all__ = ["PortfolioFile", "open_portfolio", "read_portfolio", "save_portfolio"]
