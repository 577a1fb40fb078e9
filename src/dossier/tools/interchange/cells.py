"""A CSV file's cells: formulas a spreadsheet would run quoted on the way
out and unquoted on the way in, and each row read cell by cell into
diagnostics at its line."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dossier.core.diagnostics import Diagnostic, DossierError

# A spreadsheet takes a cell that starts with one of these for a formula
# (OWASP, "CSV injection"); a quote before it makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# How the export writes a number (str() of an int or float): never a formula.
NUMBER = re.compile(r"-?\d+(\.\d+)?(e[+-]?\d+)?")


def escape_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it and runs nothing: a quote before
    a text that starts as a formula would (a number stays a number).

    >>> [escape_cell(v) for v in ["=HYPERLINK(1)", "+1", "@SUM", "-18.95", "-7", "'=x", "a"]]
    ["'=HYPERLINK(1)", "'+1", "'@SUM", '-18.95', '-7', "''=x", 'a']
    >>> [escape_cell(v) for v in ["\\t=1", "\\r=1", "-1e-05", "-", "-2+3"]]
    ["'\\t=1", "'\\r=1", '-1e-05', "'-", "'-2+3"]
    """
    return "'" + value if _needs_quote(value) else value


def unescape_cell(value: str) -> str:
    """The text :func:`escape_cell` was given (any other cell as it is).

    >>> [unescape_cell(v) for v in ["'=HYPERLINK(1)", "''=x", "'quoted'", "-18.95"]]
    ['=HYPERLINK(1)', "'=x", "'quoted'", '-18.95']
    """
    return value[1:] if value.startswith("'") and _needs_quote(value[1:]) else value


def _needs_quote(value: str) -> bool:
    # Quotes already there count: unescape_cell then takes off exactly one.
    rest = value.lstrip("'")
    return rest.startswith(FORMULA_START) and not NUMBER.fullmatch(rest)


@dataclass
class Row:
    """One CSV row, read cell by cell; each problem becomes a diagnostic at
    the row's line."""

    values: dict[str, str]
    file: Path
    line: int
    errors: list[Diagnostic] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.values

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def error(self, column: str, message: str, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(self.file, self.line, f"{column}: {message}", hint))

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, "is empty", "every row needs it")
        return value

    def integer(self, column: str, low: int, high: int) -> int | None:
        """An integer in [low, high]; None if empty or GTD's -9/-99 (unknown)."""
        value = self.get(column)
        if value in {"", "-9", "-99"}:
            return None
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not number.is_integer() or not low <= number <= high:
            self.error(column, f"'{value}' is not a whole number from {low} to {high}")
            return None
        return int(number)

    def coordinate(self, column: str, limit: float) -> float | None:
        value = self.get(column)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(column, f"'{value}' is not a number", "decimal degrees, e.g. -37.62")
            return None
        if not -limit <= number <= limit:
            self.error(column, f"{value} is outside -{limit:g} to {limit:g}", "check the sign")
            return None
        return number

    def choice(self, column: str, options: Sequence[str]) -> str | None:
        """One of ``options`` (a leading match, so GTD's long labels fit), or
        None if the column is empty or absent."""
        value = self.get(column)
        if not value:
            return None
        for option in options:
            if value.lower().startswith(option.lower()):
                return option
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(options)
        self.error(column, f"'{value}' is not a known value", hint)
        return None


def read_csv(path: Path, required: Sequence[str]) -> list[Row]:
    """The rows of ``path``, each with the line it starts on."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    missing = [c for c in required if c not in header]
    if missing:
        hint = "export the standard columns, with their names on the first line"
        raise DossierError([Diagnostic(path, 1, f"missing columns: {', '.join(missing)}", hint)])
    rows: list[Row] = []
    start = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            cells = [unescape_cell(v) for v in values]
            row = Row(dict(zip(header, cells, strict=False)), path, start)
            if len(values) != len(header):
                row.error("row", f"has {len(values)} values, the header {len(header)} columns")
            rows.append(row)
        start = reader.line_num + 1
    return rows


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DossierError([Diagnostic(path, None, "file not found", None)]) from None
    except UnicodeDecodeError as exc:
        hint = "save the file as UTF-8 (CSV UTF-8 in a spreadsheet)"
        message = f"not UTF-8 text (byte {exc.start})"
        raise DossierError([Diagnostic(path, None, message, hint)]) from None
