"""Money cells follow the book's currency (``BookCurrency`` on Inputs).

A cell's number format is fixed in the file, so every money cell gets two things:

* a base format in the currency the book is built with (``socroi new --currency``; the
  example's USD; none for a blank book: ``#,##0``);
* one conditional format per known currency (``BookCurrency="EUR"`` -> ``"€"#,##0``) and
  one for any other code (no symbol), so changing ``BookCurrency`` changes every money
  cell in Excel and LibreOffice alike.

Sheets mark money cells with the dollar formats of :mod:`.styles` (``MONEY``, ``MONEY2``,
``MONEY3``, ``MONEY2Z``) while laying out; :func:`apply` rewrites them at the end. A cell
whose figure changes with the business model (Summary's leading figures) carries one
format per model, chosen by ``ModelIndex``.
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl.formatting.rule import Rule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.workbook import Workbook

from ..xl.refs import col_index, col_letters
from .styles import MONEY, MONEY2, MONEY2Z, MONEY3

#: ISO code -> (text before the number, text after it).
CURRENCIES: dict[str, tuple[str, str]] = {
    "USD": ("$", ""), "EUR": ("€", ""), "GBP": ("£", ""), "JPY": ("¥", ""), "CNY": ("CN¥", ""),
    "INR": ("₹", ""), "CAD": ("CA$", ""), "AUD": ("A$", ""), "NZD": ("NZ$", ""), "BRL": ("R$", ""),
    "MXN": ("MX$", ""), "CHF": ("CHF ", ""), "SEK": ("", " kr"), "NOK": ("", " kr"), "DKK": ("", " kr"),
    "PLN": ("", " zł"),
}  # fmt: skip

#: Marker format -> the number part of that kind of money cell.
KINDS: dict[str, str] = {MONEY: "#,##0", MONEY2: "#,##0.00", MONEY3: "#,##0.00##", MONEY2Z: "#,##0.00"}
_DXF_ID = 300  # numFmtId of the conditional formats' number formats (clear of openpyxl's 164+)


def money_format(marker: str, currency: str | None) -> str:
    """The number format of a money cell of kind ``marker`` in ``currency`` (no symbol when
    the code is unknown or blank)."""
    number = KINDS[marker]
    before, after = CURRENCIES.get((currency or "").upper(), ("", ""))
    one = (f'"{before}"' if before else "") + number + (f'"{after}"' if after else "")
    if marker == MONEY2Z:
        return f"{one};-{one};;@"
    return one


def _fmt(marker: str, currency: str | None) -> str:
    return money_format(marker, currency) if marker in KINDS else marker


def _ids() -> dict[tuple[str, str | None], int]:
    """A fixed numFmtId for each (kind, currency), the same in every sheet."""
    out, n = {}, _DXF_ID
    for marker in KINDS:
        for code in (*CURRENCIES, None):
            out[(marker, code)] = n
            n += 1
    return out


_ID = _ids()
_KNOWN = "OR(" + ",".join(f'BookCurrency="{c}"' for c in CURRENCIES) + ")"


class _Styles:
    """The workbook's differential styles, one per number format, added once (openpyxl
    compares every new one with all before it: quadratic over hundreds of rules)."""

    def __init__(self, wb: Workbook) -> None:
        self.list = wb._differential_styles
        self.index: dict[tuple[int, str], int] = {}

    def rule(self, test: str, num_fmt_id: int, code: str) -> Rule:
        key = (num_fmt_id, code)
        if key not in self.index:
            self.list.styles.append(DifferentialStyle(numFmt=NumberFormat(numFmtId=num_fmt_id, formatCode=code)))
            self.index[key] = len(self.list.styles) - 1
        return Rule(type="expression", formula=[test], dxfId=self.index[key])


def _rules(styles: _Styles, marker: str, condition: str | None = None) -> list[Rule]:
    """Conditional formats giving a ``marker`` money cell the book currency's format."""
    out = []
    for code in (*CURRENCIES, None):
        test = f'BookCurrency="{code}"' if code else f"NOT({_KNOWN})"
        if condition:
            test = f"AND({condition},{test})"
        out.append(styles.rule(test, _ID[(marker, code)], money_format(marker, code)))
    return out


def _model_rules(styles: _Styles, kinds: tuple[str, ...], plain_ids: dict[str, int]) -> list[Rule]:
    """Formats of a cell whose figure changes with the business model (``ModelIndex``)."""
    out = []
    for m, kind in enumerate(kinds, start=1):
        if kind in KINDS:
            out += _rules(styles, kind, f"ModelIndex={m}")
        else:
            out.append(styles.rule(f"ModelIndex={m}", plain_ids[kind], kind))
    return out


def ranges(cells: list[str]) -> str:
    """``A1 A2 A3 B5`` -> ``A1:A3 B5``: runs down each column, in column order."""
    by_col: dict[int, list[int]] = defaultdict(list)
    for cell in cells:
        letters, row = coordinate_from_string(cell)
        by_col[col_index(letters)].append(row)
    parts = []
    for c in sorted(by_col):
        rows = sorted(set(by_col[c]))
        start = prev = rows[0]
        for r in [*rows[1:], None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            letter = col_letters(c)
            parts.append(f"{letter}{start}" if start == prev else f"{letter}{start}:{letter}{prev}")
            if r is not None:
                start = prev = r
    return " ".join(parts)


def apply(wb: Workbook, currency: str | None, model_formats: dict[tuple[str, str], tuple[str, ...]]) -> int:
    """Give every money cell of ``wb`` its base format in ``currency`` and the conditional
    formats that follow ``BookCurrency``; returns the number of money cells.

    Parameters
    ----------
    wb : openpyxl.Workbook
        The laid-out workbook (money cells carry a marker format of :mod:`.styles`).
    currency : str or None
        ISO code of the base format; None or unknown: no currency symbol.
    model_formats : dict
        ``(sheet, cell) -> (format under model 1, 2, 3)``: cells whose figure, and so
        format, changes with the business model.
    """
    plain = sorted({k for kinds in model_formats.values() for k in kinds if k not in KINDS})
    plain_ids = {fmt: _ID[max(_ID, key=_ID.get)] + 1 + i for i, fmt in enumerate(plain)}
    styles = _Styles(wb)
    count = 0
    for ws in wb.worksheets:
        groups: dict[object, list[str]] = defaultdict(list)
        for row in ws.iter_rows():
            for cell in row:
                kinds = model_formats.get((ws.title, cell.coordinate))
                if kinds is not None:
                    groups[tuple(kinds)].append(cell.coordinate)
                    cell.number_format = _fmt(kinds[0], currency)
                    count += any(k in KINDS for k in kinds)
                elif cell.number_format in KINDS:
                    groups[cell.number_format].append(cell.coordinate)
                    cell.number_format = money_format(cell.number_format, currency)
                    count += 1
        # Campaigns: one range per table column, so a growing table takes its formats along
        for key, cells in groups.items():
            rules = _model_rules(styles, key, plain_ids) if isinstance(key, tuple) else _rules(styles, key)
            for part in (ranges(cells).split() if "Campaigns" in ws.tables else [ranges(cells)]):
                for rule in rules:
                    ws.conditional_formatting.add(part, rule)
    return count
