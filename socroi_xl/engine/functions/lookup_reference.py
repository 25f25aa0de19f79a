"""Reference functions of Excel's Lookup & reference category: ROW, COLUMN, ADDRESS, AREAS,
FORMULATEXT, HYPERLINK; and the formula text of a cell as Excel shows it (shared with
ISFORMULA and CELL)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ...errors import XLError
from ...xl.refs import MAX_COL, MAX_ROW, col_letters
from ...xl.shift import shift
from ..values import E_NA, E_VALUE, Areas, Err, Range
from ..values import text as text_of
from .spec import MISSING, CallContext, function

E_REF = XLError("#REF!")


def _one_area(ref: Any) -> Range:
    """The reference argument as one range (an error argument is the result)."""
    if type(ref) is XLError:
        raise Err(ref)
    if isinstance(ref, Areas):
        if len(ref.ranges) != 1:
            raise Err(E_REF)
        ref = ref.ranges[0]
    if not isinstance(ref, Range):
        raise Err(E_VALUE)
    return ref


@function("ROW", "ref?", category="lookup", context=True)
def ROW(ctx: CallContext, ref: Any) -> Any:
    """Returns the row number of a reference (of the formula's cell when omitted); a range
    gives a column of its row numbers."""
    if ref is MISSING:
        return float(ctx.row)
    r = _one_area(ref)
    if r.r1 == r.r2:
        return float(r.r1)
    return np.arange(r.r1, r.r2 + 1, dtype=np.float64).reshape(-1, 1)


@function("COLUMN", "ref?", category="lookup", context=True)
def COLUMN(ctx: CallContext, ref: Any) -> Any:
    """Returns the column number of a reference (of the formula's cell when omitted); a range
    gives a row of its column numbers."""
    if ref is MISSING:
        return float(ctx.col)
    r = _one_area(ref)
    if r.c1 == r.c2:
        return float(r.c1)
    return np.arange(r.c1, r.c2 + 1, dtype=np.float64).reshape(1, -1)


@function("AREAS", "ref", category="lookup")
def AREAS(ref: Any) -> float:
    """Returns the number of areas in a reference."""
    if type(ref) is XLError:
        raise Err(ref)
    if isinstance(ref, Areas):
        return float(len(ref.ranges))
    if isinstance(ref, Range):
        return 1.0
    raise Err(E_VALUE)


_PLAIN_SHEET = re.compile(r"^[^\W\d]\w*$")
_LOOKS_LIKE_REF = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[Rr]|[Cc]|TRUE|FALSE)$", re.I)


def needs_quotes(name: str) -> bool:
    """Whether a sheet name must be quoted in a reference: anything but letters, digits and
    underscores, a leading digit, or a name that reads as a cell (``A1``, ``R1C1``)."""
    return bool(name) and not (_PLAIN_SHEET.match(name) and not _LOOKS_LIKE_REF.match(name))


def quote_sheet(name: str, book: str = "") -> str:
    """``[book]sheet`` as a reference writes it, quoted when the sheet name needs it (or the
    workbook name, its dots apart)."""
    text = f"[{book}]{name}" if book else name
    if needs_quotes(name) or (book and needs_quotes(book.replace(".", ""))):
        return "'" + text.replace("'", "''") + "'"
    return text


@function("ADDRESS", "number, number, number=1, logical=True, value?", category="lookup")
def ADDRESS(row: float, col: float, abs_num: float, a1: bool, sheet: Any) -> str:
    """Returns the address of a cell as text, from its row and column numbers (absolute or
    relative parts, A1 or R1C1 style, an optional sheet name)."""
    r, c, kind = int(row), int(col), int(abs_num)
    if kind not in (1, 2, 3, 4) or not (1 <= r <= MAX_ROW) or not (1 <= c <= MAX_COL):
        raise Err(E_VALUE)
    row_abs, col_abs = kind in (1, 2), kind in (1, 3)
    if a1:
        text = f"{'$' if col_abs else ''}{col_letters(c)}{'$' if row_abs else ''}{r}"
    else:
        text = (f"R{r}" if row_abs else f"R[{r}]") + (f"C{c}" if col_abs else f"C[{c}]")
    if sheet is MISSING:
        return text
    if sheet is None:
        return "!" + text  # a blank cell as sheet_text (formulas' test.xlsx, Excel-saved)
    sheet = text_of(sheet)
    if sheet == "":
        return text  # an empty sheet name adds nothing (LibreOffice; Excel undocumented)
    m = re.match(r"\[([^\]]*)\](.*)$", sheet, re.S) if a1 else None
    if m:  # "[Book1]Sheet1" in A1 style: quoted as a reference to another workbook is
        return f"{quote_sheet(m.group(2), m.group(1))}!{text}"  # (POI's test data, Excel-saved;
    return f"{quote_sheet(sheet)}!{text}"  # R1C1: '[Book1]Sheet1'!R2C3, Microsoft's example)


@function("HYPERLINK", "text, value?", category="lookup")
def HYPERLINK(location: str, friendly: Any) -> Any:
    """Makes a link; its value is the friendly name (the link location when omitted)."""
    if friendly is MISSING:
        return location
    return 0.0 if friendly is None else friendly


# --- formula text ----------------------------------------------------------------------------------
_PREFIXES = re.compile(r'"(?:[^"]|"")*"|\b_xl(?:fn|ws|pm)\.', re.I)
MAX_FORMULA = 8192
_FORMULAS: dict[int, tuple[Any, dict[str, dict[tuple[int, int], str]]]] = {}


def _display(text: str) -> str:
    """A stored formula as the formula bar shows it (no ``_xlfn.``/``_xlws.``/``_xlpm.``)."""
    return _PREFIXES.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", text)


def _sheet_formulas(evaluator: Any, sheet: Any) -> dict[tuple[int, int], str]:
    """{(row, col): stored formula text} of a sheet's formula cells (shared-formula copies
    moved from their master; every cell of a legacy array formula as ``{=...}``)."""
    book = evaluator.book
    hit = _FORMULAS.get(id(book))
    if hit is None or hit[0] is not book:
        _FORMULAS.clear()
        hit = _FORMULAS[id(book)] = (book, {})
    cache = hit[1]
    if sheet.name in cache:
        return cache[sheet.name]
    from ..package import formula_attrs

    out: dict[tuple[int, int], str] = {}
    fc = sheet.formulas
    if fc is not None:
        masters: dict[str, tuple[str, int, int]] = {}
        infos = {a: formula_attrs(a) for a in set(fc.attrs)}
        for i, text in enumerate(fc.texts):
            info = infos[fc.attrs[i]]
            if text is not None and info.get("t") == "shared":
                masters.setdefault(info.get("si", ""), (text, int(fc.rows[i]), int(fc.cols[i])))
        for i, text in enumerate(fc.texts):
            r, c = int(fc.rows[i]), int(fc.cols[i])
            info = infos[fc.attrs[i]]
            if text is None:
                m = masters.get(info.get("si", "")) if info.get("t") == "shared" else None
                if m is None:
                    continue
                text = shift(m[0], r - m[1], c - m[2])
            out[(r, c)] = "=" + _display(text)
        for run in evaluator.runs:
            if run.sheet is sheet and run.array and not run.dynamic and run.text:
                r1, c1, r2, c2 = run.array
                shown = "{=" + _display(run.text) + "}"
                for rr in range(r1, r2 + 1):
                    for cc in range(c1, c2 + 1):
                        out[(rr, cc)] = shown
    cache[sheet.name] = out
    return out


def formula_at(ctx: CallContext, ref: Range) -> str | None:
    """The formula of the top-left cell of ``ref`` as Excel shows it, or None."""
    if ctx.evaluator is None:
        return None
    return _sheet_formulas(ctx.evaluator, ref.sheet).get((ref.r1, ref.c1))


@function("FORMULATEXT", "ref", category="lookup", context=True)
def FORMULATEXT(ctx: CallContext, ref: Any) -> str:
    """Returns the formula of a cell as text (``#N/A`` when the cell holds no formula)."""
    r = _one_area(ref)
    text = formula_at(ctx, r)
    if text is None or len(text) > MAX_FORMULA:
        raise Err(E_NA)
    return text
