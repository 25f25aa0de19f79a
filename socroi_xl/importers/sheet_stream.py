"""Read and rewrite the worksheet that holds the Campaigns table, one row at a time.

The sheet is parsed with lxml's ``iterparse`` (no DTD, no entities, no network) and each
``<row>`` is dropped from memory once handled, so the memory a sheet takes does not grow
with its rows. Two passes:

* :func:`scan` reads what the import needs: the key cells (date, platform, campaign...)
  of every data row of the table, which rows are empty, the last data row's styles and
  formulas (copied to new rows), the first cell in use below the table, merged cells;
* :func:`rewrite` writes the new sheet as a stream of bytes: rows before the table and
  untouched rows as they were, changed rows with their new values, the appended rows
  (made as text by :class:`~.row_text.NewRows`), the totals row moved down, then what
  follows ``sheetData`` with its ranges grown.
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree
from openpyxl.utils.cell import range_boundaries

from ..xl.refs import MAX_ROW, cell_ref, col_letters
from .package import MAIN, XM, WorkbookError, zip_errors
from .row_text import NewRows
from .sheet import (
    SharedStringError,
    _shift_rows,
    cell_value,
    column_of,
    is_empty,
    set_value,
    split_ref,
    translate,
)

_WS, _SD, _ROW, _C, _F, _V = (f"{{{MAIN}}}{t}" for t in ("worksheet", "sheetData", "row", "c",
                                                         "f", "v"))
_COLS, _COL, _MERGE, _DIM = (f"{{{MAIN}}}{t}" for t in ("cols", "col", "mergeCell",
                                                        "dimension"))
_PARSE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": True,
          "remove_blank_text": False}
#: Marks where the content of an element goes when only its tags are serialised.
_MARK = "socroi-split-here"
#: Bytes handed to the zip writer at a time.
FLUSH = 1 << 20
#: New rows made as text at a time.
BLOCK_ROWS = 5_000


@dataclass
class Geometry:
    """Where the table is on its sheet (1-based rows and columns)."""

    first_col: int
    last_col: int
    header_row: int
    first_data: int
    last_data: int  # < first_data when the table has no data row
    totals_rows: int

    @property
    def end(self) -> int:
        """The table's last row (totals included)."""
        return self.last_data + self.totals_rows


@dataclass
class Scan:
    """What :func:`scan` learnt about the sheet."""

    #: data rows of the table, in order, and the values of the asked columns in each
    rows: list[int] = field(default_factory=list)
    values: dict[str, list] = field(default_factory=dict)
    #: data rows whose input cells are all empty
    empty: list[int] = field(default_factory=list)
    #: the last data row: its attributes, and per column its style and formula
    pattern_attributes: dict[str, str] = field(default_factory=dict)
    pattern_styles: dict[int, str | None] = field(default_factory=dict)
    pattern_formulas: dict[int, str | None] = field(default_factory=dict)
    #: the first cell in use in the table's columns below the table
    blocker: tuple[int, int] | None = None
    #: merged ranges, formula cells of the totals row(s), column styles of <cols>
    merges: list[str] = field(default_factory=list)
    totals_formulas: list[str] = field(default_factory=list)
    column_styles: dict[int, str] = field(default_factory=dict)
    #: the sheet's main-namespace prefix ("" or "x:") and namespace declarations
    prefix: str = ""
    nsmap: dict[str | None, str] = field(default_factory=dict)


def _events(zf: zipfile.ZipFile, part: str, path: str) -> Iterator[tuple[str, etree._Element]]:
    """``("start", sheetData)``, ``("row", row)`` for each row of sheetData (then freed),
    ``("data_end", sheetData)``, ``("end", worksheet)``, ``("col", col)``,
    ``("merge", mergeCell)``."""
    seen_data = False
    with zip_errors(path, part), zf.open(part) as fh:
        try:
            for event, el in etree.iterparse(
                fh, events=("start", "end"), tag=(_WS, _SD, _ROW, _COL, _MERGE), **_PARSE
            ):
                tag = el.tag
                if tag == _ROW:
                    if event == "end":
                        parent = el.getparent()
                        if parent is not None and parent.tag == _SD:
                            yield "row", el
                            el.clear()
                            while el.getprevious() is not None:
                                del parent[0]
                elif tag == _SD:
                    if event == "start":
                        seen_data = True
                        yield "start", el
                    else:
                        yield "data_end", el
                elif event != "end":
                    continue
                elif tag == _WS:
                    if not seen_data:
                        raise WorkbookError(path, f"{part} has no sheetData")
                    yield "end", el
                elif tag == _COL:
                    yield "col", el
                else:
                    yield "merge", el
        except etree.XMLSyntaxError as exc:
            raise WorkbookError(path, f"{part} is not well-formed XML ({exc})") from None


def _row_number(row: etree._Element, last: int, path: str) -> int:
    r = row.get("r")
    if r is None:
        return last + 1
    try:
        n = int(r)
    except ValueError:
        raise WorkbookError(path, f"a row of the Campaigns sheet has a bad number {r!r}") from None
    if n <= last or n > MAX_ROW:
        raise WorkbookError(
            path, f"rows of the Campaigns sheet out of order or out of range (row {n} after "
                  f"row {last}); open and save the workbook in Excel, then import again")
    return n


def _cells(row: etree._Element) -> dict[int, etree._Element]:
    out = {}
    last = 0
    for c in row.iterchildren(_C):
        col = column_of(c, last)
        out[col] = c
        last = col
    return out


def scan(zf: zipfile.ZipFile, part: str, path: str, geo: Geometry, wanted: dict[str, int],
         inputs: set[int], strings: list[str], date1904: bool = False) -> Scan:
    """Read the sheet once for what the import needs.

    Parameters
    ----------
    wanted : dict
        Name -> column number of the cells whose values are returned per data row.
    inputs : set of int
        The input columns (a data row with all of them empty is free for reuse).
    strings : list of str
        The shared strings.
    date1904 : bool
        The workbook's date system (for dates stored as ISO text, ``t="d"``).
    """
    out = Scan(values={k: [] for k in wanted})
    masters: dict[str, tuple[str, str]] = {}
    shared_refs: dict[int, tuple[str, str]] = {}
    last = 0
    for kind, el in _events(zf, part, path):
        if kind == "row":
            r = _row_number(el, last, path)
            last = r
            if r < geo.first_data:
                _masters(el, masters)
                continue
            if r <= geo.last_data:
                _masters(el, masters)
                cells = _cells(el)
                out.rows.append(r)
                try:
                    for k, col in wanted.items():
                        out.values[k].append(cell_value(cells.get(col), strings, date1904))
                except SharedStringError as exc:
                    raise WorkbookError(path, f"{part}: {exc}") from None
                if all(is_empty(cells.get(col)) for col in inputs):
                    out.empty.append(r)
                if r == geo.last_data:
                    out.pattern_attributes = dict(el.attrib)
                    for col in range(geo.first_col, geo.last_col + 1):
                        c = cells.get(col)
                        out.pattern_styles[col] = None if c is None else c.get("s")
                        f = None if c is None else c.find(_F)
                        if f is None:
                            out.pattern_formulas[col] = None
                        elif f.get("t") == "shared" and not (f.text or "").strip():
                            shared_refs[col] = (f.get("si", ""), cell_ref(r, col))
                            out.pattern_formulas[col] = None
                        else:
                            out.pattern_formulas[col] = f.text or None
            elif r <= geo.end:
                for col, c in _cells(el).items():
                    if c.find(_F) is not None:
                        out.totals_formulas.append(cell_ref(r, col))
            elif out.blocker is None:
                for col, c in _cells(el).items():
                    if geo.first_col <= col <= geo.last_col and not is_empty(c):
                        out.blocker = (r, col)
                        break
        elif kind == "start":
            root = el.getparent()
            out.nsmap = dict(root.nsmap)
            prefix = root.prefix
            out.prefix = f"{prefix}:" if prefix else ""
        elif kind == "col":
            style = el.get("style")
            if style is not None:
                try:
                    lo, hi = int(el.get("min", "0")), int(el.get("max", "0"))
                except ValueError:
                    continue
                for col in range(max(lo, geo.first_col), min(hi, geo.last_col) + 1):
                    out.column_styles[col] = style
        elif kind == "merge":
            out.merges.append(el.get("ref", ""))
    for col, (si, ref) in shared_refs.items():
        master = masters.get(si)
        if master is not None:
            out.pattern_formulas[col] = translate(master[1], master[0], ref)
    return out


def _masters(row: etree._Element, masters: dict[str, tuple[str, str]]) -> None:
    for f in row.iter(_F):
        if f.get("t") == "shared" and (f.text or "").strip():
            masters[f.get("si", "")] = (f.getparent().get("r", "A1"), f.text)


# -- writing ----------------------------------------------------------------------------------


@dataclass
class Rewrite:
    """What :func:`rewrite` changes.

    ``updates``: existing row -> {column: value} (``None``/NaN blank, str text, float
    number); ``styles``: the style to give a cell an update creates; ``forget``: formula
    columns whose cached values are dropped in updated rows; ``new``: the appended rows
    (``None`` if none); ``grown``: rows added below the table (the totals move down by
    it); ``patch_prefix`` / ``patch_suffix``: called with each element before / after
    sheetData before it is written.
    """

    geo: Geometry
    updates: dict[int, dict[int, object]]
    styles: dict[int, str | None]
    forget: set[int]
    new: NewRows | None
    grown: int
    patch_prefix: Callable[[etree._Element], None]
    patch_suffix: Callable[[etree._Element], None]


class _Serializer:
    """Elements as UTF-8 text without the namespace declarations the root already makes."""

    def __init__(self, nsmap: dict[str | None, str]) -> None:
        self._drop = [
            (f' xmlns="{uri}"' if p is None else f' xmlns:{p}="{uri}"').encode()
            for p, uri in nsmap.items()
        ]

    def _clean(self, data: bytes) -> bytes:
        end = data.find(b">")
        head = data[:end]
        for decl in self._drop:
            if decl in head:
                head = head.replace(decl, b"", 1)
        return head + data[end:]

    def __call__(self, el: etree._Element) -> bytes:
        return self._clean(etree.tostring(el, encoding="UTF-8"))

    def tags(self, el: etree._Element, *, declare: bool = False) -> tuple[bytes, bytes]:
        """The start and end tags of ``el`` with its attributes (and, with ``declare``,
        every namespace declaration in scope)."""
        shell = etree.Element(el.tag, attrib=dict(el.attrib), nsmap=el.nsmap)
        shell.text = _MARK
        start, end = etree.tostring(shell, encoding="UTF-8").split(_MARK.encode())
        return (start if declare else self._clean(start)), end


_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def rewrite(zf: zipfile.ZipFile, part: str, path: str, plan: Rewrite) -> Iterator[bytes]:
    """The patched sheet, as a stream of byte blocks (see :class:`Rewrite`)."""
    geo = plan.geo
    out: list[bytes] = []
    size = 0
    serial = _Serializer({})
    synth = _Synthesized(plan, serial)
    last = 0
    for kind, el in _events(zf, part, path):
        if kind == "row":
            r = _row_number(el, last, path)
            last = r
            if r <= geo.last_data:
                if r in plan.updates:
                    _update(el, r, plan)
                chunk = serial(el)
            elif r <= geo.end:  # the totals row(s): moved below the new rows
                synth.hold(r + plan.grown, _moved(el, r, plan.grown))
                continue
            else:
                if out:
                    yield b"".join(out)
                    out, size = [], 0
                yield from synth.upto(r)
                merged = synth.take(r)
                if merged is not None:
                    _merge(el, merged)
                chunk = serial(el)
        elif kind == "start":
            root = el.getparent()
            serial = synth.serial = _Serializer(root.nsmap)
            parts = [_DECLARATION, serial.tags(root, declare=True)[0]]
            for child in root:
                if child is el:
                    break
                plan.patch_prefix(child)
                parts.append(serial(child))
            parts.append(serial.tags(el)[0])
            chunk = b"".join(parts)
        elif kind == "data_end":
            if out:
                yield b"".join(out)
                out, size = [], 0
            yield from synth.upto(None)
            chunk = serial.tags(el)[1]
        elif kind == "end":
            after = False
            parts = []
            for child in el:
                if child.tag == _SD:
                    after = True
                elif after:
                    plan.patch_suffix(child)
                    parts.append(serial(child))
            chunk = b"".join(parts) + serial.tags(el)[1]
        else:
            continue
        out.append(chunk)
        size += len(chunk)
        if size >= FLUSH:
            yield b"".join(out)
            out, size = [], 0
    if out:
        yield b"".join(out)


class _Synthesized:
    """The rows that the rewrite adds: new rows, then the totals row(s) moved down."""

    def __init__(self, plan: Rewrite, serial: _Serializer) -> None:
        self.new = plan.new
        self.next_new = plan.new.first if plan.new is not None else None
        self.held: dict[int, etree._Element] = {}
        self.serial = serial

    def hold(self, r: int, row: etree._Element) -> None:
        self.held[r] = row

    def upto(self, limit: int | None) -> Iterator[bytes]:
        """Text blocks of the synthesized rows numbered below ``limit`` (all if ``None``)."""
        if self.next_new is not None:
            stop = self.new.last + 1 if limit is None else min(limit, self.new.last + 1)
            while self.next_new < stop:
                b = min(stop, self.next_new + BLOCK_ROWS)
                yield self.new.text(self.next_new, b).encode("utf-8")
                self.next_new = b
        for r in sorted(self.held):
            if limit is None or r < limit:
                yield self.serial(self.held.pop(r))

    def take(self, r: int) -> etree._Element | None:
        """The synthesized row numbered ``r`` as an element (it is merged into the sheet's
        own row ``r``, which has cells beside the table), or ``None``."""
        if self.next_new is not None and self.next_new == r <= self.new.last:
            text = self.new.text(r, r + 1)
            self.next_new = r + 1
            return _parse_row(text, self.new.prefix)
        return self.held.pop(r, None)


def _parse_row(text: str, prefix: str) -> etree._Element:
    p = prefix[:-1] if prefix else None
    decl = f'xmlns:{p}="{MAIN}"' if p else f'xmlns="{MAIN}"'
    wrapper = etree.fromstring(f"<wrap {decl}>{text}</wrap>".encode(),
                               etree.XMLParser(**_PARSE))
    return wrapper[0]


def _merge(row: etree._Element, extra: etree._Element) -> None:
    """Put the cells of ``extra`` into ``row`` (whose own cells are elsewhere), in order."""
    cells = _cells(row)
    for c in list(extra.iterchildren(_C)):
        col = column_of(c, 0)
        later = [k for k in cells if k > col]
        if later:
            cells[min(later)].addprevious(c)
        else:
            row.append(c)
        cells[col] = c
    _spans(row, cells)


def _spans(row: etree._Element, cells: dict[int, etree._Element]) -> None:
    if row.get("spans") is not None and cells:
        row.set("spans", f"{min(cells)}:{max(cells)}")


def _update(row: etree._Element, r: int, plan: Rewrite) -> None:
    cells = _cells(row)
    for col, value in plan.updates[r].items():
        c = cells.get(col)
        if c is None:
            c = etree.Element(_C, {"r": cell_ref(r, col)})
            style = plan.styles.get(col)
            if style is not None:
                c.set("s", style)
            later = [k for k in cells if k > col]
            if later:
                cells[min(later)].addprevious(c)
            else:
                row.append(c)
            cells[col] = c
        set_value(c, value)
    for col in plan.forget:
        c = cells.get(col)
        if c is not None and c.find(_F) is not None:
            for v in c.findall(_V):
                c.remove(v)
            c.attrib.pop("t", None)
    _spans(row, cells)


def _moved(row: etree._Element, r: int, delta: int) -> etree._Element:
    """Row ``r`` (a totals row) moved ``delta`` rows down, formulas shifted as Excel does."""
    new = r + delta
    row.set("r", str(new))
    last = 0
    for c in row.iterchildren(_C):
        col = column_of(c, last)
        last = col
        old = cell_ref(r, col)
        c.set("r", cell_ref(new, col))
        f = c.find(_F)
        if f is not None and f.text:
            f.text = translate(f.text, old, cell_ref(new, col))
        if f is not None and f.get("ref"):
            f.set("ref", _shift_rows(f.get("ref"), delta))
    return copy.deepcopy(row)  # the parser frees the row it handed out


def grow_sqref(sqref: str, geo: Geometry, old_last: int, new_last: int) -> str:
    """A validation or conditional-format range list with the ranges that end where the
    table's data ends (and start in its header or first data row) grown to ``new_last``."""
    out = []
    for piece in sqref.split():
        try:
            c1, r1, c2, r2 = range_boundaries(piece)
        except (TypeError, ValueError):
            out.append(piece)
            continue
        if None in (c1, r1, c2, r2):
            out.append(piece)
            continue
        inside = geo.first_col <= c1 and c2 <= geo.last_col
        ends = r2 == old_last or (old_last < geo.first_data and r2 == geo.first_data)
        if inside and ends and geo.header_row <= r1 <= geo.first_data:
            piece = f"{col_letters(c1)}{r1}:{col_letters(c2)}{new_last}"
        out.append(piece)
    return " ".join(out)


def grow_ranges(el: etree._Element, geo: Geometry, old_last: int, new_last: int) -> None:
    """Grow the validation and conditional-format ranges held in ``el`` (a child of the
    worksheet after sheetData)."""
    if el.tag in (f"{{{MAIN}}}dataValidations", f"{{{MAIN}}}conditionalFormatting"):
        nodes = [el] if el.tag.endswith("conditionalFormatting") else list(
            el.iterchildren(f"{{{MAIN}}}dataValidation"))
        for node in nodes:
            node.set("sqref", grow_sqref(node.get("sqref", ""), geo, old_last, new_last))
    for node in el.iter(f"{{{XM}}}sqref"):
        node.text = grow_sqref(node.text or "", geo, old_last, new_last)


def set_dimension(el: etree._Element, last_row: int, last_col: int) -> None:
    """Widen a ``<dimension>`` element to cover ``last_row`` and ``last_col``."""
    if el.tag != _DIM:
        return
    ref = el.get("ref", "A1")
    start, end = ref.split(":")[0], ref.split(":")[-1]
    try:
        end_row, end_col = split_ref(end)
    except ValueError:
        end_row, end_col = last_row, last_col
    el.set("ref", f"{start}:{cell_ref(max(end_row, last_row), max(end_col, last_col))}")


