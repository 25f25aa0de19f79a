"""Read an export's numbers and dates by that export's conventions, column at a time.

Numbers
    ``1,234.56`` (English: comma groups thousands, point is the decimal mark) or
    ``1.234,56`` / ``1 234,56`` (French, German, Spanish: comma is the decimal mark, point,
    space, no-break space or apostrophe group thousands). Either may carry a currency
    symbol (``$ € £ ¥ ₹``, also ``US$``, ``CA$``) or a three-letter currency code, a trailing ``%`` (divided by
    100), a sign or accounting parentheses ``(12.00)`` for a negative amount. Blank,
    ``--`` (Google Ads' "undefined"), ``—`` and ``N/A`` read as missing (NaN). Cells that
    are already numbers (from an ``.xlsx`` export) are taken as they are.
Dates
    Parsed with the exact formats the caller lists (tried in turn); a spreadsheet date
    cell is taken as it is; blank is missing (NaT).

Anything else raises :class:`~socroi_xl.importers.errors.ExportError` naming the file,
line and column of the first unreadable cell.
"""

from __future__ import annotations

import datetime as dt
import numbers as _numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .table import RawTable

#: Longest text an Excel cell holds.
MAX_TEXT = 32767
MISSING_TEXT = frozenset({"", "--", "—", "–", "N/A", "n/a", "(not set)"})

_SPACES = r"[\s\u00a0\u202f]"
_CURRENCY = r"(?:[A-Z]{0,3}[$€£¥₹]|[A-Z]{3}(?=[\s\u00a0\u202f\d(+-])|(?<=[\d\s\u00a0\u202f)])[A-Z]{3})"
_EN = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?"
_COMMA = r"[+-]?(?:\d{1,3}(?:[. '\u00a0\u202f]\d{3})+|\d+)(?:,\d+)?"


def is_decimal_comma(columns: list[pd.Series]) -> bool:
    """True when any text cell of these number columns holds a comma.

    Used for exports in French, German or Spanish, whose numbers may be written either
    with a decimal comma (``1.204,50``) or, as Meta writes raw CSV, with a decimal point
    and no grouping (``1204.5``): a file is one or the other.
    """
    for col in columns:
        text = col[col.map(lambda v: isinstance(v, str))]
        if len(text) and text.str.contains(",", regex=False).any():
            return True
    return False


def numbers(table: RawTable, column: str | None, *, decimal_comma: bool = False) -> np.ndarray:
    """Column ``column`` of ``table`` as float64 (NaN where missing, or no such column).

    Raises
    ------
    ExportError
        At the first cell that is not a number by the export's convention.
    """
    n = len(table.data)
    if column is None:
        return np.full(n, np.nan)
    col = table.column(column)
    values = np.full(n, np.nan)
    is_text, is_num = _kinds(col)
    if is_num.any():
        values[is_num] = col[is_num].to_numpy(dtype=np.float64)
    other = ~is_text & ~is_num & col.notna().to_numpy(dtype=bool)
    if other.any():
        row = int(np.flatnonzero(other)[0])
        raise table.error(row, column, f"cannot read {col.iloc[row]!r} as a number")
    if not is_text.any():
        return values
    raw = pd.Series(col[is_text].to_numpy(dtype=object), dtype=object)
    # fast path: plain numbers ("12", "1234.56") read in C; only the rest is cleaned up.
    # With decimal commas a point groups thousands, so only digit-only text is plain.
    plain = raw.str.fullmatch(r"[+-]?\d+" if decimal_comma else r"[+-]?\d+(?:\.\d+)?")
    plain = plain.fillna(False).to_numpy(dtype=bool)
    parsed = np.full(len(raw), np.nan)
    if plain.any():
        parsed[plain] = pd.to_numeric(raw[plain]).to_numpy(dtype=np.float64)
    rest = ~plain
    if rest.any():
        try:
            parsed[rest] = _clean_numbers(raw[rest], decimal_comma)
        except _Unreadable as exc:
            row = int(np.flatnonzero(is_text)[np.flatnonzero(rest)[exc.position]])
            raise table.error(
                row, column, f"cannot read {col.iloc[row]!r} as a number"
            ) from None
    values[is_text] = parsed
    return values


class _Unreadable(Exception):
    def __init__(self, position: int) -> None:
        self.position = position


def _kinds(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the text cells and of the number cells of a column."""
    if isinstance(col.dtype, pd.StringDtype) and not col.isna().any():
        return np.ones(len(col), dtype=bool), np.zeros(len(col), dtype=bool)
    is_text = col.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    is_num = col.map(
        lambda v: isinstance(v, _numbers.Number) and not isinstance(v, bool)
    ).to_numpy(dtype=bool)
    return is_text, is_num


def _clean_numbers(raw: pd.Series, decimal_comma: bool) -> np.ndarray:
    """Numbers from text with grouping, currency, %, parentheses; raises _Unreadable."""
    s = raw.astype(str).str.strip()
    missing = s.isin(MISSING_TEXT).to_numpy()
    s = s.str.replace(_CURRENCY, "", regex=True).str.strip()
    negative = s.str.startswith("(") & s.str.endswith(")")
    s = s.mask(negative, s.str[1:-1].str.strip())
    percent = s.str.endswith("%")
    s = s.mask(percent, s.str[:-1].str.strip())
    s = s.str.replace(_CURRENCY, "", regex=True).str.strip()
    if decimal_comma:
        ok = s.str.fullmatch(_COMMA)
        s = s.str.replace(r"[. '\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
    else:
        ok = s.str.fullmatch(_EN) & s.str.contains(r"\d", regex=True)
        s = s.str.replace(",", "", regex=False)
    parsed = pd.to_numeric(s.where(ok.to_numpy(dtype=bool), None), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    bad = ~missing & ~np.isfinite(parsed)
    if bad.any():
        raise _Unreadable(int(np.flatnonzero(bad)[0]))
    parsed = np.where(negative.to_numpy(dtype=bool), -parsed, parsed)
    parsed = np.where(percent.to_numpy(dtype=bool), parsed / 100.0, parsed)
    parsed[missing] = np.nan
    return parsed


def dates(table: RawTable, column: str | None, formats: tuple[str, ...]) -> np.ndarray:
    """Column ``column`` as ``datetime64[ns]`` days (NaT where blank or no such column).

    Text cells are parsed with each of ``formats`` in turn (``strptime`` codes); the
    first that reads a cell wins. A spreadsheet date cell is taken as it is.

    Raises
    ------
    ExportError
        At the first cell that is neither blank nor a date in one of ``formats``.
    """
    n = len(table.data)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    if column is None:
        return out
    col = table.column(column)
    if isinstance(col.dtype, pd.StringDtype) and not col.isna().any():
        is_date = np.zeros(n, dtype=bool)
    else:
        is_date = col.map(lambda v: isinstance(v, (dt.date, pd.Timestamp))).to_numpy(dtype=bool)
    if is_date.any():
        out[is_date] = pd.to_datetime(col[is_date]).dt.normalize().to_numpy(
            dtype="datetime64[ns]"
        )
    is_text = _kinds(col)[0]
    other = ~is_date & ~is_text & col.notna().to_numpy(dtype=bool)
    if other.any():
        row = int(np.flatnonzero(other)[0])
        raise table.error(row, column, f"cannot read {col.iloc[row]!r} as a date")
    if is_text.any():
        s = pd.Series(col[is_text].to_numpy(dtype=object), dtype=object).astype(str).str.strip()
        missing = s.isin(MISSING_TEXT).to_numpy()
        parsed = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
        for fmt in formats:
            todo = parsed.isna() & ~missing
            if not todo.any():
                break
            parsed[todo] = pd.to_datetime(s[todo], format=fmt, errors="coerce")
        bad = (parsed.isna() & ~missing).to_numpy()
        if bad.any():
            row = int(np.flatnonzero(is_text)[np.flatnonzero(bad)[0]])
            raise table.error(
                row, column, f"cannot read {col.iloc[row]!r} as a date ({' or '.join(formats)})"
            )
        out[is_text] = parsed.dt.normalize().to_numpy(dtype="datetime64[ns]")
    return out


def dates_or_report_start(
    table: RawTable, column: str | None, formats: tuple[str, ...], report_start: Callable[[list[str]], Any]
) -> np.ndarray:
    """Dates of ``column``; a report with no date column (one row per campaign for the whole
    period) is dated by the start of its date range, read from the preamble by ``report_start``."""
    day = dates(table, column, formats)
    if column is None:
        start = report_start(table.preamble)
        if start is not None:
            day = np.full(len(table.data), start.to_datetime64(), dtype="datetime64[ns]")
    return day


def texts(table: RawTable, column: str | None) -> np.ndarray:
    """Column ``column`` as text (``""`` where blank or no such column), spaces trimmed.

    Only spaces are trimmed: a leading tab or carriage return is part of the value and is
    kept (the workbook writer stores every text as text, never as a formula).
    """
    n = len(table.data)
    if column is None:
        return np.full(n, "", dtype=object)
    col = table.column(column).astype(object)
    col = col.where(col.notna(), "")
    out = col.astype(str).str.strip(" ")
    long = (out.str.len() > MAX_TEXT).to_numpy(dtype=bool)
    if long.any():
        row = int(np.flatnonzero(long)[0])
        raise table.error(row, column, f"text longer than Excel's {MAX_TEXT:,}-character cell limit")
    return out.to_numpy(dtype=object)
