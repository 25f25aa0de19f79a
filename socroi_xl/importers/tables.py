"""An Excel table part (``xl/tables/tableN.xml``): its range, header row, columns, and
growing it downwards.

The range comes from a file the user gives us, so it is checked before anything relies on
it: a ``ref`` that is not a range, lies outside the sheet, is reversed, or does not match
the table's columns is refused with a one-line message, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from openpyxl.utils.cell import range_boundaries

from ..xl.refs import MAX_COL, MAX_ROW, col_letters
from .package import NS, WorkbookError
from .sheet_stream import Geometry


@dataclass
class Table:
    """A table part: the parsed XML, where it lies and its columns
    (``(header, calculatedColumnFormula)`` in order)."""

    name: str
    root: etree._Element
    geo: Geometry
    columns: list[tuple[str, str | None]]

    def col(self, header: str) -> int | None:
        """The sheet column of the column headed ``header`` (spaces and case ignored)."""
        want = " ".join(header.split()).casefold()
        for i, (name, _) in enumerate(self.columns):
            if " ".join(name.split()).casefold() == want:
                return self.geo.first_col + i
        return None

    def grow(self, new_last: int) -> None:
        """Set the table's range (and its filter and sort ranges) to end its data on row
        ``new_last``; the totals row(s) follow."""
        g = self.geo
        first, last = col_letters(g.first_col), col_letters(g.last_col)
        root = self.root
        root.set("ref", f"{first}{g.header_row}:{last}{new_last + g.totals_rows}")
        auto = root.find("m:autoFilter", NS)
        if auto is not None:
            auto.set("ref", f"{first}{g.header_row}:{last}{new_last}")
        sort = root.find("m:sortState", NS)
        if sort is not None:
            sort.set("ref", f"{first}{g.first_data}:{last}{new_last}")
        for name in ("insertRow", "insertRowShift"):  # no blank insert row any more
            root.attrib.pop(name, None)


def read_table(root: etree._Element, path: str, name: str) -> Table:
    """The table of a parsed table part, its range checked.

    Raises
    ------
    WorkbookError
        A range that is not a range, lies outside the sheet or does not fit the table's
        header, totals and columns.
    """
    ref = root.get("ref", "")

    def bad(why: str) -> WorkbookError:
        return WorkbookError(path, f"the {name} table's range {ref[:40]!r} {why}; "
                                   "repair the table in Excel, then import again")

    try:
        c1, r1, c2, r2 = range_boundaries(ref)
    except (TypeError, ValueError):
        raise bad("is not a range") from None
    if None in (c1, r1, c2, r2):
        raise bad("is not a range of cells")
    if not (1 <= r1 <= r2 <= MAX_ROW and 1 <= c1 <= c2 <= MAX_COL):
        raise bad("lies outside the sheet")
    try:
        header_rows = int(root.get("headerRowCount", "1"))
        totals = int(root.get("totalsRowCount", "0"))
    except ValueError:
        raise bad("comes with a header or totals row count that is not a number") from None
    if header_rows != 1:
        raise WorkbookError(path, f"the {name} table has no header row (or several)")
    if totals < 0 or r1 + header_rows - 1 + totals > r2:
        raise bad("is too short for its header and totals rows")
    columns = []
    for tc in root.iterfind("m:tableColumns/m:tableColumn", NS):
        calc = tc.find("m:calculatedColumnFormula", NS)
        columns.append((tc.get("name", ""), None if calc is None else calc.text))
    if len(columns) != c2 - c1 + 1:
        raise bad(f"is {c2 - c1 + 1} columns wide but the table has {len(columns)} columns")
    geo = Geometry(c1, c2, r1, r1 + header_rows, r2 - totals, totals)
    return Table(name, root, geo, columns)
