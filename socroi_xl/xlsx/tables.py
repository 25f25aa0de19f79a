"""Excel tables (ListObjects): where each is and its column names.

>>> root_xml = (b'<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" '
...     b'name="T" displayName="Campaigns" ref="A1:B4" totalsRowCount="1"><autoFilter ref="A1:B3"/>'
...     b'<tableColumns count="2"><tableColumn id="1" name="Spend_x000a_(EUR)"/>'
...     b'<tableColumn id="2" name="Clicks "/></tableColumns></table>')
>>> t = table_from_xml(root_xml, "xl/tables/table1.xml", "Data")
>>> t.name, (t.r1, t.c1, t.r2, t.c2), t.header_rows, t.totals_rows, t.columns
('Campaigns', (1, 1, 4, 2), 1, 1, ['Spend\\n(EUR)', 'Clicks '])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..xl.refs import MAX_COL, MAX_ROW, col_index
from . import ns
from .text import unescape_x
from .xmlsafe import XMLError, parse

__all__ = ["TableInfo", "table_from_xml"]

_AREA = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")


@dataclass
class TableInfo:
    """One table.

    Attributes
    ----------
    name : str
        The display name (what structured references use).
    sheet : str
        The sheet it is on.
    r1, c1, r2, c2 : int
        Its range, header and totals rows included.
    header_rows, totals_rows : int
        ``headerRowCount`` (0 or 1) and ``totalsRowCount``.
    columns : list of str
        Column names, left to right (OOXML escapes decoded; spaces and line breaks kept).
    autofilter : str or None
        The ``ref`` of the table's own ``<autoFilter>``.
    filtering : bool
        That AutoFilter has a criterion (a ``<filterColumn>``): the table's hidden rows are
        filtered out, not hidden by hand (SUBTOTAL 1-11 skips them).
    part : str
        The table part.
    """

    name: str
    sheet: str
    r1: int
    c1: int
    r2: int
    c2: int
    header_rows: int
    totals_rows: int
    columns: list[str] = field(default_factory=list)
    autofilter: str | None = None
    part: str = ""
    filtering: bool = False


def _count(root: object, attr: str, default: str, part: str, name: str) -> int:
    text = root.get(attr, default)  # type: ignore[attr-defined]
    try:
        value = int(text)
    except ValueError:
        raise XMLError(part, f"table {name!r}: {attr} {text[:20]!r} is not a number") from None
    if value < 0:
        raise XMLError(part, f"table {name!r}: {attr} is negative")
    return value


def table_from_xml(data: bytes, part: str, sheet: str) -> TableInfo:
    """Read a table part.

    Raises
    ------
    XMLError
        Not a table, a ``ref`` that is not a cell area inside Excel's grid, or column
        names that do not fill the range.
    """
    root = parse(data, part)
    if ns.local(root.tag) != "table" or not ns.is_main(ns.namespace(root.tag)):
        raise XMLError(part, f"not a table part (root element {root.tag!r})")
    name = root.get("displayName") or root.get("name") or ""
    ref = root.get("ref") or ""
    m = _AREA.match(ref.strip())
    if m is None:
        raise XMLError(part, f"table {name!r}: ref {ref[:40]!r} is not a cell area")
    r1, c1 = int(m.group(2)), col_index(m.group(1))
    r2, c2 = (int(m.group(4)), col_index(m.group(3))) if m.group(3) else (r1, c1)
    r1, r2, c1, c2 = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
    if r1 < 1 or r2 > MAX_ROW or c2 > MAX_COL:
        raise XMLError(part, f"table {name!r}: ref {ref[:40]!r} lies outside Excel's grid")
    cols_el = ns.main_child(root, "tableColumns")
    columns = [unescape_x(tc.get("name") or "") for tc in ns.main_children(cols_el, "tableColumn")] if cols_el is not None else []
    if len(columns) != c2 - c1 + 1:
        raise XMLError(part, f"table {name!r} names {len(columns)} columns but its range {ref} is {c2 - c1 + 1} wide")
    flt = ns.main_child(root, "autoFilter")
    return TableInfo(
        name=name,
        sheet=sheet,
        r1=r1,
        c1=c1,
        r2=r2,
        c2=c2,
        header_rows=_count(root, "headerRowCount", "1", part, name),
        totals_rows=_count(root, "totalsRowCount", "0", part, name),
        columns=columns,
        autofilter=flt.get("ref") if flt is not None else None,  # type: ignore[attr-defined]
        part=part,
        filtering=flt is not None and ns.main_child(flt, "filterColumn") is not None,
    )
