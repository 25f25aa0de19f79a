"""Read and write cells in a worksheet's XML, row by row, in place.

Only what the importer needs: look up a cell, read its value (shared strings, inline
strings, numbers, booleans, errors), write a number, a text or a formula, and keep rows
and cells in the order the file format requires. Text is always written as an inline
string (``t="inlineStr"``), so a value such as ``=HYPERLINK(...)`` stays text: nothing
the importer writes from an export ever becomes a formula.
"""

from __future__ import annotations

import math
import re

from lxml import etree

from ..xl.dates import iso_serial
from ..xl.refs import cell_ref, col_index, col_letters, parse_cell
from ..xl.shift import shift
from .package import NS, WorkbookError, q

#: Characters XML 1.0 cannot hold; OOXML writes them as ``_xHHHH_``.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_C, _F, _V, _IS, _T = q("c"), q("f"), q("v"), q("is"), q("t")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_VALUE_TAGS = frozenset({_V, _F, _IS})
#: Longest text a cell holds (Excel's limit).
MAX_TEXT = 32767


def split_ref(ref: str) -> tuple[int, int]:
    """``"C12"`` -> ``(12, 3)`` (row, column), both 1-based."""
    cell = parse_cell(ref)
    if cell is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return cell[0], cell[1]


def ooxml_text(text: str) -> str:
    """``text`` as OOXML stores it: characters XML cannot hold become ``_xHHHH_``,
    and a literal ``_xHHHH_`` is protected as ``_x005F_xHHHH_``.

    >>> ooxml_text("a\\x01b"), ooxml_text("_x0041_")
    ('a_x0001_b', '_x005F_x0041_')
    """
    text = _ESCAPED.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def xml_escape(text: str) -> str:
    """Text escaped for XML content or attribute values (``\\r`` kept as ``&#13;``)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\r", "&#13;"))


def content_escape(text: str) -> str:
    """Text escaped for XML element content exactly as lxml (libxml2) writes it, so a
    cell written as text and the same cell written back by lxml are the same bytes."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _unescape(text: str) -> str:
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def xml_number(x: float) -> str:
    """A float as the shortest text that reads back to it (``12.0`` -> ``"12"``)."""
    s = repr(float(x))
    return s[:-2] if s.endswith(".0") else s


def shared_strings(root: etree._Element | None) -> list[str]:
    """The texts of a shared-strings part, in index order (phonetic runs left out)."""
    if root is None:
        return []
    out = []
    for si in root.iterfind("m:si", NS):
        parts = [t.text or "" for t in si.iter(q("t")) if t.getparent().tag != q("rPh")]
        out.append(_unescape("".join(parts)))
    return out


def set_value(c: etree._Element, value: object) -> None:
    """Give an existing cell element a new value in place, keeping its address and style:
    a number, a text (inline string, never a formula) or blank (NaN/None/"")."""
    children = list(c)
    if len(children) == 1 and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and value == value and children[0].tag == _V and c.get("t") is None:
        children[0].text = xml_number(float(value))  # a number cell stays one: same shape
        return
    for child in children:
        c.remove(child)
    c.attrib.pop("t", None)
    if isinstance(value, str):
        if value:
            c.set("t", "inlineStr")
            node = etree.SubElement(etree.SubElement(c, _IS), _T)
            text = ooxml_text(value[:MAX_TEXT])
            node.text = text
            if text != text.strip():
                node.set(_SPACE, "preserve")
    elif value is not None and not (isinstance(value, float) and math.isnan(value)):
        etree.SubElement(c, _V).text = xml_number(float(value))


class SharedStringError(ValueError):
    """A cell pointing at a shared string the workbook does not have (a damaged file): the
    caller names the workbook in a :class:`~socroi_xl.xlsx.safety.WorkbookError`."""

    def __init__(self, ref: str, index: str, count: int) -> None:
        super().__init__(f"cell {ref} points at shared string {index!r}, beyond the {count} the workbook has")


def cell_value(c: etree._Element | None, strings: list[str], date1904: bool = False) -> str | float | bool | None:
    """The value a cell shows (its cached value for a formula); ``None`` if blank.

    ``strings`` is the workbook's shared-string table. A date stored as ISO 8601 text
    (``t="d"``, as Strict files and some writers store dates) is its serial number in the
    workbook's date system (``date1904``); text there that is not ISO 8601 is kept as text.
    """
    if c is None:
        return None
    kind = c.get("t", "n")
    if kind == "inlineStr":
        node = c.find(_IS)
        if node is None:
            return None
        return _unescape("".join(t.text or "" for t in node.iter(_T)))
    v = c.findtext(_V)
    if v is None:
        return None
    if kind == "s":
        try:
            return strings[int(v)]
        except (ValueError, IndexError):
            raise SharedStringError(c.get("r") or "?", v, len(strings)) from None
    if kind in ("str", "e"):
        return _unescape(v)
    if kind == "b":
        return v.strip() in ("1", "true")
    if kind == "d":
        try:
            return iso_serial(v, date1904)
        except ValueError:
            return v
    try:
        return float(v)
    except ValueError:
        return None


def is_empty(c: etree._Element | None) -> bool:
    """True for a missing cell or one with neither value nor formula."""
    if c is None or not len(c):
        return True
    if c[0].tag in _VALUE_TAGS:
        return False
    return c.find(_V) is None and c.find(_F) is None and c.find(_IS) is None


def column_of(c: etree._Element, last: int) -> int:
    """The column number of cell ``c`` (its ``r``, else the one after ``last``)."""
    ref = c.get("r")
    if not ref:
        return last + 1
    col = _COLUMNS.get(ref.rstrip("0123456789"))
    if col is None:
        col = col_index(ref.rstrip("0123456789").lstrip("$").rstrip("$"))
    return col


#: Column letters -> number for the first 702 columns (A..ZZ), without a call.
_COLUMNS = {col_letters(i): i for i in range(1, 703)}


class Sheet:
    """A worksheet's XML with an index of its rows and cells (for small sheets: the whole
    sheet is held; the Campaigns sheet is streamed by :mod:`.sheet_stream`)."""

    def __init__(self, root: etree._Element, strings: list[str], path: str = "") -> None:
        self.root = root
        self.strings = strings
        self.path = path  # the workbook, named when a cell cannot be read
        data = root.find("m:sheetData", NS)
        if data is None:
            data = etree.SubElement(root, q("sheetData"))
        self.data = data
        self.rows: dict[int, etree._Element] = {}
        self._cells: dict[int, dict[int, etree._Element]] = {}
        last = 0
        for row in data.iterfind("m:row", NS):
            r = int(row.get("r") or last + 1)
            row.set("r", str(r))
            self.rows[r] = row
            last = r
        self._masters: dict[str, tuple[str, str]] | None = None
        self._appended: list[int] = []

    # -- reading ---------------------------------------------------------------------
    def cells(self, r: int) -> dict[int, etree._Element]:
        """The cells of row ``r`` by column number (empty if the row is absent)."""
        found = self._cells.get(r)
        if found is None:
            found = {}
            row = self.rows.get(r)
            if row is not None:
                last = 0
                for c in row.iterchildren(_C):
                    ref = c.get("r")
                    if ref:
                        col = col_index(ref.rstrip("0123456789").lstrip("$").rstrip("$"))
                    else:
                        col = last + 1
                        c.set("r", cell_ref(r, col))
                    found[col] = c
                    last = col
            self._cells[r] = found
        return found

    def cell(self, r: int, col: int) -> etree._Element | None:
        """The cell element at row ``r``, column ``col``, or ``None``."""
        return self.cells(r).get(col)

    def value(self, c: etree._Element | None) -> str | float | bool | None:
        """The value a cell shows (its cached value for a formula); ``None`` if blank."""
        try:
            return cell_value(c, self.strings)
        except SharedStringError as exc:
            raise WorkbookError(self.path, str(exc)) from None

    @staticmethod
    def is_empty(c: etree._Element | None) -> bool:
        """True for a missing cell or one with neither value nor formula."""
        return is_empty(c)

    def formula(self, r: int, col: int) -> str | None:
        """The formula of a cell (without ``=``), shared formulas expanded; else ``None``."""
        c = self.cell(r, col)
        f = None if c is None else c.find("m:f", NS)
        if f is None:
            return None
        if f.get("t") == "shared" and not (f.text or "").strip():
            master = self._shared_masters().get(f.get("si", ""))
            if master is None:
                return None
            origin, text = master
            return translate(text, origin, cell_ref(r, col))
        return f.text or None

    def _shared_masters(self) -> dict[str, tuple[str, str]]:
        if self._masters is None:
            self._masters = {}
            for f in self.data.iter(q("f")):
                if f.get("t") == "shared" and (f.text or "").strip():
                    self._masters[f.get("si", "")] = (f.getparent().get("r", "A1"), f.text)
        return self._masters

    # -- writing ---------------------------------------------------------------------
    def row(self, r: int, like: etree._Element | None = None) -> etree._Element:
        """Row ``r``, created (with the formatting attributes of ``like``) if absent."""
        row = self.rows.get(r)
        if row is None:
            row = etree.Element(q("row"))
            row.set("r", str(r))
            if like is not None:
                for k, v in like.attrib.items():
                    if k not in ("r", "spans", "hidden", "collapsed", "outlineLevel"):
                        row.set(k, v)
            self.rows[r] = row
            self._cells[r] = {}
            self._appended.append(r)
        return row

    def _place(self, r: int, col: int, new: etree._Element) -> None:
        row = self.row(r)
        cells = self.cells(r)
        old = cells.get(col)
        if old is not None:
            row.replace(old, new)
        else:
            later = [k for k in cells if k > col]
            if later:
                cells[min(later)].addprevious(new)
            else:
                row.append(new)
        cells[col] = new

    def _new_cell(self, r: int, col: int, style: str | None) -> etree._Element:
        ref = cell_ref(r, col)
        return etree.Element(_C, {"r": ref} if style is None else {"r": ref, "s": style})

    def put(self, r: int, col: int, value: object, style: str | None) -> None:
        """Write ``value`` to a cell: a number, a text (inline string) or blank (NaN/None).

        ``style`` is the cell format index (``s``) to give the cell.
        """
        c = self._new_cell(r, col, style)
        set_value(c, value)
        self._place(r, col, c)

    def put_formula(self, r: int, col: int, formula: str, style: str | None) -> None:
        """Write a formula (no cached value: a recalculation fills it)."""
        c = self._new_cell(r, col, style)
        etree.SubElement(c, q("f")).text = formula
        self._place(r, col, c)

    def finish(self) -> int:
        """Put appended rows in order, refresh row spans and the dimension; last row."""
        if self._appended:
            first_new = min(self._appended)
            appended = set(self._appended)
            tail = any(r > first_new and r not in appended for r in self.rows)
            if tail or sorted(self._appended) != self._appended:
                for row in list(self.data):
                    self.data.remove(row)
                for r in sorted(self.rows):
                    self.data.append(self.rows[r])
            else:
                for r in self._appended:
                    self.data.append(self.rows[r])
        for r, cells in self._cells.items():
            row = self.rows.get(r)
            if row is not None and cells and row.get("spans") is not None:
                row.set("spans", f"{min(cells)}:{max(cells)}")
        last = max(self.rows) if self.rows else 1
        dim = self.root.find("m:dimension", NS)
        if dim is not None and self.rows:
            cols = [max(cells) for cells in self._cells.values() if cells] or [1]
            ref = dim.get("ref", "A1")
            start = ref.split(":")[0]
            end = ref.split(":")[-1]
            try:
                end_row, end_col = split_ref(end)
            except ValueError:
                end_row, end_col = last, max(cols, default=1)
            dim.set("ref", f"{start}:{cell_ref(max(end_row, last), max([end_col, *cols]))}")
        return last


def _shift_rows(ref: str, delta: int) -> str:
    parts = []
    for part in ref.split(":"):
        r, c = split_ref(part)
        parts.append(cell_ref(r + delta, c))
    return ":".join(parts)


def translate(formula: str, origin: str, dest: str) -> str:
    """A formula's text moved from cell ``origin`` to ``dest`` (relative refs shift)."""
    (r0, c0), (r1, c1) = split_ref(origin), split_ref(dest)
    return shift(formula, r1 - r0, c1 - c0)
