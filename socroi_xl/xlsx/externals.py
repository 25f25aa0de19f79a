"""External links: the values Excel saved from other workbooks.

A formula such as ``=[1]Prices!B2`` reads cell B2 of sheet ``Prices`` of the workbook
that ``<externalReference>`` number 1 of the workbook part points to. Excel does not open
that file to recalculate: it uses the values cached in the link part
(``xl/externalLinks/externalLinkN.xml``, ``<sheetDataSet>``) until the link is updated.
:class:`ExternalBook` holds that cache.

>>> xml = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
...     b'<externalBook><sheetNames><sheetName val="Prices"/></sheetNames>'
...     b'<definedNames><definedName name="Rate" refersTo="=Prices!$B$2"/></definedNames>'
...     b'<sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>1.5</v></cell>'
...     b'<cell r="C2" t="str"><v>EUR</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>')
>>> book = external_from_xml(xml, "xl/externalLinks/externalLink1.xml", 1, "prices.xlsx")
>>> book.value("prices", 2, 2), book.value("Prices", 2, 3), book.value("Prices", 9, 9), book.names["RATE"]
(1.5, 'EUR', None, ('=Prices!$B$2', None))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import CODE_OF, XLError
from ..xl.refs import col_index
from . import ns
from .text import unescape_x
from .xmlsafe import XMLError, parse

__all__ = ["ExternalBook", "external_from_xml"]

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@dataclass
class ExternalBook:
    """The cached values of one linked workbook.

    Attributes
    ----------
    index : int
        Its number in formulas (``[1]`` is 1).
    target : str
        The linked file as the relationship names it (may be empty).
    part : str
        The external-link part.
    sheets : list of str
        The linked workbook's sheet names, in order.
    cells : dict
        ``(sheet index, row, col)`` → cached value (float, str, bool or XLError).
    names : dict
        Upper-case defined name → (``refersTo`` text, 0-based sheet index or None).
    kind : str
        ``externalBook``, or ``ddeLink``/``oleLink`` (no cell cache read).
    """

    index: int
    target: str
    part: str
    sheets: list[str] = field(default_factory=list)
    cells: dict[tuple[int, int, int], Any] = field(default_factory=dict)
    names: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    kind: str = "externalBook"

    def sheet_index(self, name: str) -> int | None:
        """0-based index of sheet ``name`` (case-insensitive), or None."""
        low = name.lower()
        for i, s in enumerate(self.sheets):
            if s.lower() == low:
                return i
        return None

    def value(self, sheet: str, row: int, col: int) -> Any:
        """The cached value of a cell, None when the cache has no such cell."""
        i = self.sheet_index(sheet)
        return None if i is None else self.cells.get((i, row, col))


def _value(cell: Any, part: str) -> Any:
    t = cell.get("t", "n")
    v_el = ns.main_child(cell, "v")
    text = v_el.text if v_el is not None and v_el.text is not None else None  # type: ignore[attr-defined]
    if text is None:
        return None
    if t == "n":
        try:
            return float(text)
        except ValueError:
            raise XMLError(part, f"cached cell {cell.get('r')}: {text[:20]!r} is not a number") from None
    if t in ("str", "s", "inlineStr"):
        return unescape_x(text)
    if t == "b":
        return text.strip() in ("1", "true")
    if t == "e":
        return XLError(text.strip()) if text.strip() in CODE_OF else XLError("#VALUE!")
    raise XMLError(part, f"cached cell {cell.get('r')}: unknown type {t!r}")


def external_from_xml(data: bytes, part: str, index: int, target: str) -> ExternalBook:
    """Read an external-link part (the ``index``-th external reference)."""
    root = parse(data, part)
    if ns.local(root.tag) != "externalLink" or not ns.is_main(ns.namespace(root.tag)):
        raise XMLError(part, f"not an external link (root element {root.tag!r})")
    book = ExternalBook(index, target, part)
    eb = ns.main_child(root, "externalBook")
    if eb is None:
        kinds = [ns.local(el.tag) for el in root if isinstance(el.tag, str)]
        book.kind = kinds[0] if kinds else ""
        return book
    names_el = ns.main_child(eb, "sheetNames")
    book.sheets = [sn.get("val", "") for sn in ns.main_children(names_el, "sheetName")] if names_el is not None else []
    dn = ns.main_child(eb, "definedNames")
    for el in ns.main_children(dn, "definedName") if dn is not None else []:
        sid = el.get("sheetId")
        book.names[(el.get("name") or "").upper()] = (el.get("refersTo") or "", int(sid) if sid and sid.isdigit() else None)
    ds = ns.main_child(eb, "sheetDataSet")
    for sd in ns.main_children(ds, "sheetData") if ds is not None else []:
        try:
            sheet = int(sd.get("sheetId", ""))
        except ValueError:
            raise XMLError(part, f"sheetId {sd.get('sheetId')!r} is not a number") from None
        for row in ns.main_children(sd, "row"):
            for cell in ns.main_children(row, "cell"):
                m = _REF.match((cell.get("r") or "").strip())
                if m is None:
                    raise XMLError(part, f"cached cell reference {cell.get('r')!r} is not an A1 reference")
                book.cells[(sheet, int(m.group(2)), col_index(m.group(1).upper()))] = _value(cell, part)
    return book
