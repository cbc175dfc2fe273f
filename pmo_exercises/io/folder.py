r"""Reading a folder of CSV files: one file per table, and ``meta.json``.

A file is read as the tools that wrote it write it:

* its **encoding**: UTF-8 (with or without a byte-order mark), UTF-16 with its
  byte-order mark (Excel's "Unicode text"), or, when the bytes are not UTF-8,
  cp1252 (the Windows code page of Western Europe, a superset of latin-1's
  letters) as Excel writes "CSV" in those locales; unless told
  (``encoding="latin-1"``);
* its **separator**: ``,``, or ``;`` when the header holds more of those (as
  Excel writes CSV where the comma is the decimal mark);
* its line ends (``\n`` or ``\r\n``) and rows left empty at the end.

Every value is kept as the text it was; converting it is for
:func:`~pmo_exercises.core.validation.coerce_tables`.
"""

from __future__ import annotations

import codecs
import io as _io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError, Problem
from .saved import drop_empty_rows, located

__all__ = ["FolderReader", "read_csv_text"]


def read_csv_text(text: str) -> pd.DataFrame:
    """Parse CSV text to a table of strings: every value as written, empty fields missing.

    The separator is ``,``, or ``;`` when the header holds more of those (as
    Excel writes CSV in many European locales).
    """
    header = text.split("\n", 1)[0]
    sep = separator(header)
    frame = pd.read_csv(
        _io.StringIO(text),
        sep=sep,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def separator(header: str) -> str:
    """``;`` when a header line holds more of them than commas, else ``,``."""
    return ";" if header.count(";") > header.count(",") else ","


def decode(data: bytes, file: Path, table: str, encoding: str | None) -> tuple[str, str]:
    """The text of a file and the encoding it was read with (see the module notes).

    Raises
    ------
    PortfolioError
        When the bytes are not text in the encoding told, or in none of those
        tried.
    """
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise PortfolioError(
                table, f"unknown encoding {encoding!r} (try utf-8, cp1252 or latin-1)"
            ) from None
        try:
            text = data.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as error:
            raise PortfolioError(
                table,
                f"{file} is not {encoding} text (byte {error.start}), as told; "
                "say another encoding or save it as 'CSV UTF-8'",
            ) from None
        return text, name
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise PortfolioError(
                table, f"{file} starts as UTF-16 text but is not (byte {error.start})"
            ) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        first = error.start
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise PortfolioError(
            table,
            f"{file} is not UTF-8 text (byte {first}), nor cp1252; save it as 'CSV UTF-8' "
            "or say its encoding (encoding=..., --encoding)",
        ) from None


class FolderReader:
    """A folder of CSV files opened for reading, each table's lines kept for the messages.

    Parameters
    ----------
    folder : pathlib.Path
        The folder.
    encoding : str, optional
        The encoding of every file; worked out file by file when not given.
    """

    def __init__(self, folder: Path, encoding: str | None = None) -> None:
        self.folder = folder
        self.encoding = encoding
        self.lines: dict[str, np.ndarray | None] = {}
        self.encodings: dict[str, str] = {}
        self.separators: dict[str, str] = {}

    def has(self, name: str) -> bool:
        """Whether the folder has ``<name>.csv``."""
        return (self.folder / f"{name}.csv").is_file()

    def table(self, name: str) -> pd.DataFrame:
        """The file ``<name>.csv`` as text cells, empty rows dropped and line numbers kept."""
        file = self.folder / f"{name}.csv"
        if not file.is_file():
            raise PortfolioError(name, f"missing: expected {name}.csv in {self.folder}")
        text, used = decode(file.read_bytes(), file, name, self.encoding)
        self.encodings[name] = used
        if not text.strip():
            raise PortfolioError(name, f"{file} is empty; it needs at least the header row")
        self.separators[name] = separator(text.split("\n", 1)[0])
        try:
            frame = read_csv_text(text)
        except (pd.errors.ParserError, ValueError) as error:
            problem = " ".join(str(error).split())
            raise PortfolioError(name, f"{file} is not a readable CSV file: {problem}") from None
        # line numbers are exact unless a quoted field spans lines
        simple = '"' not in text or text.rstrip("\r\n").count("\n") == len(frame)
        numbers = np.arange(len(frame)) + 2
        frame, numbers = drop_empty_rows(frame, numbers)
        self.lines[name] = numbers if simple else None
        return frame

    def close(self) -> None:
        """Nothing to close: each file is read whole."""

    def meta(self) -> dict:
        """``meta.json`` as a dict."""
        file = self.folder / "meta.json"
        if not file.is_file():
            raise PortfolioError("meta", f"missing: expected meta.json in {self.folder}")
        try:
            meta = json.loads(file.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise PortfolioError("meta", f"{file} is not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise PortfolioError(
                "meta", f"{file} is not valid JSON: {error.msg} at line {error.lineno}"
            ) from None
        if not isinstance(meta, dict):
            raise PortfolioError(
                "meta", f"{file} holds a JSON {type(meta).__name__}, expected an object {{...}}"
            )
        return meta

    def locate(self, problem: Problem) -> Problem:
        """The same problem, with the file and line (and the encoding, if not UTF-8)."""
        if problem.table == "meta":
            return located(problem, str(self.folder / "meta.json"))
        if problem.table not in self.encodings:
            return problem
        where = str(self.folder / f"{problem.table}.csv")
        lines = self.lines.get(problem.table)
        if problem.row is not None and lines is not None and problem.row < len(lines):
            where += f", line {lines[problem.row]}"
        if self.encodings.get(problem.table, "utf-8") != "utf-8":
            where += f", read as {self.encodings[problem.table]}"
        return located(problem, where)
