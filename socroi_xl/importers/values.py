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
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .canonical import DAY
from .table import RawTable

#: Longest text an Excel cell holds.
MAX_TEXT = 32767
MISSING_TEXT = frozenset({"", "--", "—", "–", "N/A", "n/a", "(not set)"})

_SPACES = r"[\s\u00a0\u202f]"
_GROUPING = re.compile(r"[.'\s\u00a0\u202f]")
#: A character that makes a column's cells other than plain numbers (one scan in C); what
#: passes is read by ``float`` (which refuses "1.2.3" or "+-1": the slower reading then
#: names the cell).
_NOT_PLAIN = {False: re.compile(r"[^0-9.+\-\n]"), True: re.compile(r"[^0-9+\-\n]")}
_CURRENCY = r"(?:[A-Z]{0,3}[$€£¥₹]|[A-Z]{3}(?=[\s\u00a0\u202f\d(+-])|(?<=[\d\s\u00a0\u202f)])[A-Z]{3})"
_EN = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?"
_COMMA = r"[+-]?(?:\d{1,3}(?:[. '\u00a0\u202f]\d{3})+|\d+)(?:,\d+)?"


def is_decimal_comma(columns: list[pd.Series]) -> bool:
    """True when any text cell of these number columns holds a comma.

    Used for exports in French, German or Spanish, whose numbers may be written either
    with a decimal comma (``1.204,50``) or, as Meta writes raw CSV, with a decimal point
    and no grouping (``1204.5``): a file is one or the other.
    """
    return any("," in _joined(col) for col in columns)


def has_grouping(columns: list[pd.Series]) -> bool:
    """True when any text cell of these number columns holds a point, a space or an
    apostrophe: read with decimal commas instead of a decimal point, it would change."""
    return any(_GROUPING.search(_joined(col).replace("\n", "")) for col in columns)


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
    if all_text(col):
        fast = _plain_column(col, decimal_comma)
        if fast is not None:
            return _finite(table, column, fast)
    values = np.full(n, np.nan)
    is_text, is_num = _kinds(col)
    if is_num.any():
        values[is_num] = [_float(v) for v in col[is_num]]
    other = ~is_text & ~is_num & col.notna().to_numpy(dtype=bool)
    if other.any():
        row = int(np.flatnonzero(other)[0])
        raise table.error(row, column, f"cannot read {col.iloc[row]!r} as a number")
    if not is_text.any():
        return _finite(table, column, values)
    raw = pd.Series(col[is_text].to_numpy(dtype=object), dtype=object)
    # fast path: plain numbers ("12", "1234.56") read in C; only the rest is cleaned up.
    # With decimal commas a point groups thousands, so only digit-only text is plain.
    plain = raw.str.fullmatch(r"[+-]?\d+" if decimal_comma else r"[+-]?\d+(?:\.\d+)?")
    plain = plain.fillna(False).to_numpy(dtype=bool)
    parsed = np.full(len(raw), np.nan)
    if plain.any():
        parsed[plain] = raw[plain].astype(np.float64).to_numpy(dtype=np.float64)
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
    return _finite(table, column, values)


def _plain_column(col: pd.Series, decimal_comma: bool) -> np.ndarray | None:
    """A column of plain numbers (``12``, ``1234.56``) and blanks read in C, or ``None``
    when any cell needs the slower, cell-by-cell reading."""
    text = col.tolist()
    if _NOT_PLAIN[decimal_comma].search("\n".join(text)):
        return None
    cells = np.asarray(text, dtype=object)
    blank = cells == ""
    values = np.full(len(cells), np.nan)
    try:
        values[~blank] = cells[~blank].astype(np.float64)
    except ValueError:  # a cell holding a line break looked like two plain lines
        return None
    return values


def _finite(table: RawTable, column: str, values: np.ndarray) -> np.ndarray:
    """``values``, or an error at the first that overflowed to infinity."""
    huge = np.isinf(values)
    if huge.any():
        row = int(np.flatnonzero(huge)[0])
        raise table.error(
            row, column, f"{table.column(column).iloc[row]!r} is beyond the numbers Excel holds"
        )
    return values


def _float(v: object) -> float:
    try:
        return float(v)
    except OverflowError:  # an integer too large for a double
        return float("inf")


class _Unreadable(Exception):
    def __init__(self, position: int) -> None:
        self.position = position


def all_text(col: pd.Series) -> bool:
    """True when every cell of ``col`` is a text (as read from a CSV), checked in C."""
    if isinstance(col.dtype, pd.StringDtype):
        return not col.isna().any()
    return pd.api.types.infer_dtype(col, skipna=False) in ("string", "empty")


def _joined(col: pd.Series) -> str:
    """The text cells of a column joined by newlines (for one scan in C)."""
    if not all_text(col):
        col = col[col.map(lambda v: isinstance(v, str))]
    return "\n".join(col.tolist())


def _kinds(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the text cells and of the number cells of a column."""
    if all_text(col):
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
    """Column ``column`` as days (``datetime64[s]`` at midnight; NaT where blank or no such
    column).

    Text cells are parsed with each of ``formats`` in turn (``strptime`` codes); the
    first that reads a cell wins. A spreadsheet date cell is taken as it is. Any day
    Excel holds (1900-01-01 to 9999-12-31) is read, beyond pandas' nanosecond range too.
    Each distinct value is parsed once.

    Raises
    ------
    ExportError
        At the first cell that is neither blank nor a date in one of ``formats``, or a
        date Excel does not hold (before 1900).
    """
    n = len(table.data)
    if column is None:
        return np.full(n, np.datetime64("NaT"), dtype=DAY)
    codes, uniques = distinct(table.column(column))
    days = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[D]")
    kind = np.array([_date_kind(v) for v in uniques], dtype=object)
    cells = kind == "date"
    if cells.any():
        days[cells] = [np.datetime64(dt.date(v.year, v.month, v.day), "D")
                       for v in uniques[cells]]
    other = kind == "other"
    if other.any():
        row = int(np.flatnonzero(np.isin(codes, np.flatnonzero(other)))[0])
        raise table.error(row, column, f"cannot read {uniques[codes[row]]!r} as a date")
    text = kind == "text"
    if text.any():
        s = pd.Series(uniques[text], dtype=object).str.strip()
        missing = s.isin(MISSING_TEXT).to_numpy()
        parsed = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[D]")
        for fmt in formats:
            todo = np.isnat(parsed) & ~missing
            if not todo.any():
                break
            found = pd.to_datetime(s[todo], format=fmt, errors="coerce")
            parsed[todo] = found.to_numpy().astype("datetime64[D]")
            # pandas' range may end in 2262 (nanoseconds): read what it left with strptime
            for i in np.flatnonzero(todo)[found.isna().to_numpy()]:
                day = parse_day(s.iloc[i], (fmt,))
                if day is not None:
                    parsed[i] = day
        bad = np.isnat(parsed) & ~missing
        if bad.any():
            first = np.flatnonzero(text)[np.flatnonzero(bad)]
            row = int(np.flatnonzero(np.isin(codes, first))[0])
            raise table.error(row, column, f"cannot read {uniques[codes[row]]!r} as a date "
                                           f"({' or '.join(formats)})")
        days[text] = parsed
    out = days[codes] if len(days) else np.full(n, np.datetime64("NaT"), "datetime64[D]")
    _check_excel_range(table, column, out)
    return out.astype(DAY)


def _date_kind(v: object) -> str:
    if v is None:
        return "blank"
    if isinstance(v, str):
        return "text"
    if isinstance(v, dt.date):
        return "date"
    return "other"


#: Excel's first and last dates (1900 date system).
FIRST_DAY = np.datetime64("1900-01-01", "D")
LAST_DAY = np.datetime64("9999-12-31", "D")


def _check_excel_range(table: RawTable, column: str | None, days: np.ndarray) -> None:
    early = ~np.isnat(days) & ((days < FIRST_DAY) | (days > LAST_DAY))
    if early.any():
        row = int(np.flatnonzero(early)[0])
        raise table.error(
            row, column,
            f"the date {days[row]} is outside the dates Excel holds (1900-01-01 to 9999-12-31)",
        )


def parse_day(text: str, formats: tuple[str, ...]) -> np.datetime64 | None:
    """The day ``text`` names in the first of ``formats`` that reads it (any year 1-9999),
    else ``None``."""
    for fmt in formats:
        try:
            stamp = dt.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return np.datetime64(stamp.date(), "D")
    return None


def dates_or_report_start(
    table: RawTable, column: str | None, formats: tuple[str, ...],
    report_start: Callable[[list[str]], Any],
) -> np.ndarray:
    """Dates of ``column``; a report with no date column (one row per campaign for the whole
    period) is dated by the start of its date range, read from the preamble by ``report_start``."""
    day = dates(table, column, formats)
    if column is None:
        start = report_start(table.preamble)
        if start is not None:
            day = np.full(len(table.data), np.datetime64(start, "D"), dtype="datetime64[D]")
            _check_excel_range(table, None, day)
            day = day.astype(DAY)
    return day


#: An ISO 4217 currency code as exports write it.
_ISO = re.compile(r"^[A-Z]{3}$")


def currency_code(text: object) -> str:
    """``text`` as an ISO currency code (``" usd "`` -> ``"USD"``), ``""`` if it is not one."""
    code = str(text).strip().upper() if text is not None else ""
    return code if _ISO.match(code) else ""


def currencies(table: RawTable, column: str | None) -> np.ndarray:
    """The currency code of each row from a currency column (``""`` where not stated).

    Raises
    ------
    ExportError
        A cell that is neither blank nor a three-letter code.
    """
    raw = texts(table, column)
    if column is None:
        return raw
    codes = pd.Series(raw, dtype=object).str.strip().str.upper()
    bad = ~(codes.str.fullmatch(r"[A-Z]{3}") | (codes == "") | codes.isin(MISSING_TEXT))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise table.error(row, column, f"{raw[row]!r} is not a currency code (such as USD)")
    return codes.where(codes.str.fullmatch(r"[A-Z]{3}"), "").to_numpy(dtype=object)


def texts(table: RawTable, column: str | None) -> np.ndarray:
    """Column ``column`` as text (``""`` where blank or no such column), spaces trimmed.

    Only spaces are trimmed: a leading tab or carriage return is part of the value and is
    kept (the workbook writer stores every text as text, never as a formula). Each
    distinct value is handled once.
    """
    n = len(table.data)
    if column is None:
        return np.full(n, "", dtype=object)
    codes, uniques = distinct(table.column(column))
    clean = np.array(
        ["" if v is None or v != v else str(v).strip(" ") for v in uniques], dtype=object
    )
    if len(clean) and max(map(len, clean)) > MAX_TEXT:
        first = int(np.flatnonzero(np.fromiter(map(len, clean), int, len(clean)) > MAX_TEXT)[0])
        row = int(np.flatnonzero(codes == first)[0])
        raise table.error(row, column, f"text longer than Excel's {MAX_TEXT:,}-character cell limit")
    return _take(clean, codes)


def distinct(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of a column: ``uniques[codes]`` is the column, missing cells
    (NaN, None) included as ``None``."""
    codes, uniques = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    if (codes < 0).any():
        uniques = np.append(uniques, None)
        codes = np.where(codes < 0, len(uniques) - 1, codes)
    return codes, uniques


def per_distinct(values: pd.Series | np.ndarray, func: Callable[[object], object]) -> np.ndarray:
    """``func`` applied to each value, computed once per distinct value (missing values
    are passed as ``None``)."""
    codes, uniques = distinct(pd.Series(np.asarray(values, dtype=object), dtype=object))
    done = np.array([func(u) for u in uniques], dtype=object)
    return done[codes] if len(done) else np.zeros(0, dtype=object)


def _take(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    if len(values) == 0:
        return np.full(len(codes), "", dtype=object)
    return values[codes]
