"""The book's currency and its FX table, read and (for ``--fx``) updated.

The template's contract:

* the book's currency is the text (an ISO code such as ``EUR``) of the cell named
  ``BookCurrency``; books made before it existed name their currency label ``Currency``,
  which is read when it holds an ISO code;
* the Excel table ``FX`` (on the Inputs sheet) has the columns ``Currency`` and ``Rate``:
  ``Rate`` is how many units of the book's currency one unit of ``Currency`` is worth.

These live on a small sheet (Inputs), which is read and patched whole with
:class:`~.sheet.Sheet`.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass, field

from openpyxl.utils.cell import range_boundaries

from ..xl.refs import cell_ref
from .package import (
    SheetInfo,
    TablePart,
    WorkbookError,
    WorkbookInfo,
    find_table,
    named_cell,
    parse,
    serialize,
)
from .row_text import row_formula
from .sheet import Sheet, is_empty, shared_strings
from .sheet_stream import grow_sqref
from .tables import Table, read_table
from .values import currency_code

BOOK_CURRENCY = "BookCurrency"
#: The name books made before ``BookCurrency`` give their currency label.
OLD_CURRENCY = "Currency"
FX_TABLE = "FX"


@dataclass
class Fx:
    """The FX table: its parts and table, and the rate (and row) of each currency."""

    where: TablePart
    table: Table
    currency_col: int
    rate_col: int
    rates: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    free: list[int] = field(default_factory=list)


@dataclass
class Settings:
    """The book's currency settings.

    ``currency`` is the book's ISO code, ``""`` when the ``BookCurrency`` cell is blank,
    ``None`` when the book names no currency; ``cell`` is where ``BookCurrency`` is (sheet,
    row, column) and ``cell_writable`` whether it may be filled (it is blank and not a
    formula); ``fx`` the FX table or ``None``.
    """

    currency: str | None = None
    cell: tuple[SheetInfo, int, int] | None = None
    cell_writable: bool = False
    fx: Fx | None = None
    problem: str = ""


def _strings(zf: zipfile.ZipFile, path: str) -> list[str]:
    name = "xl/sharedStrings.xml"
    return shared_strings(parse(zf, name, path)) if name in zf.NameToInfo else []


def read_settings(zf: zipfile.ZipFile, path: str, info: WorkbookInfo, campaigns_sheet: str,
                  strings: list[str] | None = None) -> Settings:
    """The book's currency and FX table (what of them it has)."""
    strings = _strings(zf, path) if strings is None else strings
    out = Settings()
    sheets: dict[str, Sheet] = {}

    def sheet(part: str) -> Sheet:
        if part not in sheets:
            if part == campaigns_sheet:
                raise WorkbookError(path, "the book's currency and FX table must not be on the "
                                          "Campaigns sheet")
            sheets[part] = Sheet(parse(zf, part, path), strings, path)
        return sheets[part]

    where = named_cell(info, BOOK_CURRENCY)
    if where is not None:
        s, r, c = where
        cell = sheet(s.part).cell(r, c)
        value = sheet(s.part).value(cell)
        text = "" if value is None else str(value).strip()
        out.cell = where
        out.currency = currency_code(text)
        out.cell_writable = is_empty(cell)
        if text and not out.currency:
            out.problem = (f"the book's currency (BookCurrency, {s.name}!{cell_ref(r, c)}) "
                           f"is {text[:20]!r}, not an ISO code such as EUR")
    else:
        old = named_cell(info, OLD_CURRENCY)
        if old is not None:
            s, r, c = old
            code = currency_code(sheet(s.part).value(sheet(s.part).cell(r, c)) or "")
            out.currency = code or None
    found = find_table(zf, path, FX_TABLE, info, required=False)
    if found is not None:
        out.fx = _read_fx(found, sheet(found.sheet), zf, path)
    return out


def _read_fx(where: TablePart, sheet: Sheet, zf: zipfile.ZipFile, path: str) -> Fx:
    table = read_table(parse(zf, where.table, path), path, FX_TABLE)
    currency_col, rate_col = table.col("Currency"), table.col("Rate")
    if currency_col is None or rate_col is None:
        raise WorkbookError(path, "the FX table needs the columns Currency and Rate")
    fx = Fx(where, table, currency_col, rate_col)
    g = table.geo
    for r in range(g.first_data, g.last_data + 1):
        raw = sheet.value(sheet.cell(r, currency_col))
        code = currency_code(raw or "")
        rate = sheet.value(sheet.cell(r, rate_col))
        if not code:
            if raw is None or not str(raw).strip():
                fx.free.append(r)
            continue
        if code in fx.rows:
            continue  # the first row of a currency wins, as a lookup would find it
        fx.rows[code] = r
        if isinstance(rate, float) and math.isfinite(rate) and rate > 0:
            fx.rates[code] = rate
    return fx


def apply(zf: zipfile.ZipFile, path: str, settings: Settings, *, currency: str | None,
          rates: dict[str, float]) -> dict[str, bytes]:
    """Write the book's currency (when it was blank) and FX rates; the patched parts.

    ``currency``: the code to give ``BookCurrency`` (``None``: leave it); ``rates``: code ->
    rate to record in the FX table (rows updated, or added in the table's empty rows, then
    below it).
    """
    strings = _strings(zf, path)
    sheets: dict[str, Sheet] = {}

    def sheet(part: str) -> Sheet:
        if part not in sheets:
            sheets[part] = Sheet(parse(zf, part, path), strings, path)
        return sheets[part]

    parts: dict[str, bytes] = {}
    if currency is not None and settings.cell is not None:
        s, r, c = settings.cell
        sh = sheet(s.part)
        old = sh.cell(r, c)
        sh.put(r, c, currency, None if old is None else old.get("s"))
    if rates:
        fx = settings.fx
        if fx is None:
            raise WorkbookError(path, "the book has no FX table")
        sh = sheet(fx.where.sheet)
        table = fx.table
        g = table.geo
        pattern = g.last_data if g.last_data >= g.first_data else None
        new_rows = []
        free = list(fx.free)
        places = {}
        for code in rates:
            r = fx.rows.get(code)
            if r is None:
                r = free.pop(0) if free else g.last_data + 1 + len(new_rows)
                if r > g.last_data:
                    new_rows.append(r)
            places[code] = r
        if new_rows:
            _check_fx_room(sh, fx, len(new_rows), zf, path)
        for code, rate in rates.items():
            r = places[code]
            if code not in fx.rows:
                fx.rows[code] = r
                _style_put(sh, r, fx.currency_col, code, pattern)
            _style_put(sh, r, fx.rate_col, float(rate), pattern)
        if new_rows:
            _grow_fx(sh, fx, new_rows, pattern)
            parts[fx.where.table] = serialize(table.root)
    for part, sh in sheets.items():
        sh.finish()
        parts[part] = serialize(sh.root)
    return parts


def _style_put(sh: Sheet, r: int, col: int, value: object, pattern: int | None) -> None:
    old = sh.cell(r, col)
    like = old if old is not None else (sh.cell(pattern, col) if pattern else None)
    sh.put(r, col, value, None if like is None else like.get("s"))


def _check_fx_room(sh: Sheet, fx: Fx, grown: int, zf: zipfile.ZipFile, path: str) -> None:
    g = fx.table.geo
    end = g.end
    first_new = g.last_data + 1
    for r in range(end + 1, end + grown + 1):
        for col, c in sh.cells(r).items():
            if g.first_col <= col <= g.last_col and not is_empty(c):
                raise WorkbookError(path, f"cannot add a rate to the FX table: cell "
                                          f"{cell_ref(r, col)} below it is in use")
    area = (g.first_col, first_new, g.last_col, end + grown)
    others = [parse(zf, o, path).get("ref", "A1") for o in fx.where.other_tables]
    for ref in others:
        try:
            if _overlap(range_boundaries(ref), area):
                raise WorkbookError(path, f"cannot add a rate to the FX table: the table at "
                                          f"{ref} is below it")
        except (TypeError, ValueError):
            continue
    if g.totals_rows:
        raise WorkbookError(path, "cannot add a rate to an FX table with a totals row")


def _grow_fx(sh: Sheet, fx: Fx, new_rows: list[int], pattern: int | None) -> None:
    table = fx.table
    g = table.geo
    grown = len(new_rows)
    inputs = {fx.currency_col, fx.rate_col}
    for i, (_, calc) in enumerate(table.columns):
        col = g.first_col + i
        if col in inputs:
            continue
        formula = sh.formula(pattern, col) if pattern else None
        origin = pattern
        if formula is None and calc:
            formula, origin = calc, g.first_data
        for r in new_rows:
            style = sh.cell(pattern, col).get("s") if pattern and sh.cell(pattern, col) is not \
                None else None
            if formula is None:
                sh.put(r, col, None, style)
            else:
                sh.put_formula(r, col, row_formula(formula, origin)(r), style)
    new_last = g.last_data + grown
    for node in sh.root.iter():
        if node.tag.endswith("}dataValidation") or node.tag.endswith("}conditionalFormatting"):
            node.set("sqref", grow_sqref(node.get("sqref", ""), g, g.last_data, new_last))
    table.grow(new_last)


def _overlap(a, b) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])
