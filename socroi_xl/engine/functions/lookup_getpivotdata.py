"""GETPIVOTDATA: a value of a pivot table, named by its data field and items.

Excel answers from the pivot table as it is shown: a pivot table's cells are plain values in
the sheet, and its definition (``xl/pivotTables/pivotTableN.xml``) says which cell shows what.
``location`` places the table (``firstDataRow``/``firstDataCol``: where its values start);
``rowItems`` and ``colItems`` list, in order, what each row and column of values stands for —
an item of each field of the axis down to some depth (``<x v>``: an index into the field's
``<items>``, whose ``x`` points into the cache field's shared or group items; ``r``: how many
leading levels repeat the line before), a subtotal (``t="default"``, ``"sum"``...), the grand
total (``t="grand"``), and with several data fields the one shown (``i``). ``dataFields``
names the data fields ("Sum of Score"; Excel also accepts the source field's name).

A query's cell is where the row line and the column line name exactly the fields and items
asked for (fields not named: their total; a number for a quarter of a date group is that
quarter, "Qtr4"). An empty cell of the table is 0, as Excel saved it. What the table does not
show is ``#REF!``, as in Excel: a data field, field or item it does not have, a total it does
not show, an item a report filter hides, a reference outside every pivot table (a report
filter named with the item it shows leaves the table's own values).

The Excel 2000 form ``GETPIVOTDATA(pivot_table, "item 'an item' field[item;function]")`` is
read too: each term an item of whichever axis field has it, ``field[item;function]`` that
item's subtotal by that function (``Max``, ``Count``, ``'Count Nums'``...), ``[item;data,
function]`` naming the data field as well (Excel saved these forms' values and ``#REF!`` in
EPPlus's ``PivotTableCalculation.xlsx``, sheet PivotTableMultSubtotals).

Not evaluated (``#VALUE!`` with a warning naming why): several subtotals of one item when the
query names no function, a report filter showing all or several items, an item several
fields have or a report filter's item (Excel 2000 form), a number for a date group other
than years and quarters, a field whose items are not in its cache, a definition that cannot
be read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...errors import REF, XLError, error
from ...xl.dates import iso_serial
from ...xl.refs import col_index
from ...xlsx import ns
from ...xlsx.xmlsafe import XMLError, parse
from ..values import Areas, Err, Range
from .information import unsupported
from .spec import MISSING, CallContext, function

E_REF = error(REF)
#: The row/column field standing for the data fields ("Values") when there are several.
DATA_FIELD = -2
#: Line types that are not an item's own line: subtotals of each kind.
SUBTOTALS = frozenset(("default", "sum", "countA", "avg", "max", "min", "product", "count", "stdDev", "stdDevP", "var", "varP"))


class PivotUnreadable(Exception):
    """The pivot table's definition cannot be read (named in a warning)."""


@dataclass(frozen=True)
class Line:
    """One row (or column) of a pivot table's values: the items it stands for, level by level
    (field index, item index; the data-field level left out), its type, its data field."""

    path: tuple[tuple[int, int], ...]
    kind: str
    data: int


@dataclass(frozen=True)
class Pivot:
    """What GETPIVOTDATA needs of one pivot table."""

    r1: int
    c1: int
    r2: int
    c2: int
    data_row: int
    data_col: int
    field_names: tuple[str, ...]
    #: per field: its items' values (None: a subtotal item), in the field's item order
    items: tuple[tuple[Any, ...], ...]
    data_names: tuple[str, ...]
    data_sources: tuple[int, ...]
    rows: tuple[Line, ...]
    cols: tuple[Line, ...]
    data_on_rows: bool
    data_on_cols: bool
    #: per cache field, how its dates are grouped (``rangePr groupBy``: years, quarters...)
    group_by: tuple[str | None, ...] = ()
    #: report filter (page) fields: field -> the item shown (None: all, or several)
    pages: tuple[tuple[int, int | None], ...] = ()
    #: per field, its items' captions where the table renames them (``<item n>``), else None
    captions: tuple[tuple[str | None, ...], ...] = ()
    #: fields whose cache items are dates
    date_fields: frozenset[int] = frozenset()


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if ns.local(c.tag) == name]


def _child(el: Any, name: str) -> Any:
    for c in el:
        if ns.local(c.tag) == name:
            return c
    return None


def _int(v: str | None, default: int = 0) -> int:
    if v is None or v == "":
        return default
    try:
        return int(v)
    except ValueError:
        raise PivotUnreadable(f"not a number: {v!r}") from None


def _cache_value(el: Any, date1904: bool) -> Any:
    kind, v = ns.local(el.tag), el.get("v")
    if kind == "s":
        return v or ""
    if kind == "n":
        return float(v)
    if kind == "b":
        return v in ("1", "true")
    if kind == "d":
        return iso_serial(v, date1904)
    if kind == "e":
        return XLError(v) if v else None
    return None  # m: blank


def _cache_items(cache: Any, date1904: bool) -> list[list[Any] | None]:
    """Per cache field, its item values (shared items, or group items for a grouped field);
    None when the cache does not list them."""
    fields = _child(cache, "cacheFields")
    if fields is None:
        raise PivotUnreadable("no cacheFields")
    out: list[list[Any] | None] = []
    for cf in _children(fields, "cacheField"):
        group = _child(cf, "fieldGroup")
        gi = _child(group, "groupItems") if group is not None else None
        src = gi if gi is not None else _child(cf, "sharedItems")
        out.append(None if src is None or len(src) == 0 else [_cache_value(c, date1904) for c in src])
    return out


def _group_by(cache: Any) -> tuple[str | None, ...]:
    out: list[str | None] = []
    for cf in _children(_child(cache, "cacheFields"), "cacheField"):
        group = _child(cf, "fieldGroup")
        rng = _child(group, "rangePr") if group is not None else None
        out.append(rng.get("groupBy", "range") if rng is not None else None)
    return tuple(out)


def _has_dates(cache: Any, f: int) -> bool:
    fields = _children(_child(cache, "cacheFields"), "cacheField")
    shared = _child(fields[f], "sharedItems") if f < len(fields) else None
    return shared is not None and any(ns.local(c.tag) == "d" for c in shared)


def _pages(root: Any) -> tuple[tuple[int, int | None], ...]:
    el = _child(root, "pageFields")
    out = []
    for pf in _children(el, "pageField") if el is not None else []:
        item = pf.get("item")
        out.append((_int(pf.get("fld")), None if item is None else _int(item)))
    return tuple(out)


def _lines(el: Any, fields: list[int]) -> tuple[Line, ...]:
    out: list[Line] = []
    prev: list[int] = []
    for i in _children(el, "i") if el is not None else []:
        kind = i.get("t", "data")
        levels = prev[: _int(i.get("r"))] + [_int(x.get("v")) for x in _children(i, "x")]
        if kind in ("grand", "blank"):
            levels = []
        else:
            prev = levels
        data = _int(i.get("i"))
        path = []
        for depth, v in enumerate(levels):
            if depth >= len(fields):
                raise PivotUnreadable("a line deeper than its fields")
            if fields[depth] == DATA_FIELD:
                data = v
            else:
                path.append((fields[depth], v))
        out.append(Line(tuple(path), "grand" if kind == "grand" else kind, data))
    return tuple(out)


def _axis_fields(el: Any) -> list[int]:
    return [] if el is None else [_int(f.get("x")) for f in _children(el, "field")]


@lru_cache(maxsize=64)
def _read(xml: bytes, cache_xml: bytes, date1904: bool) -> Pivot:
    try:
        root, cache = parse(xml, "pivotTable"), parse(cache_xml, "pivotCacheDefinition")
    except XMLError as exc:
        raise PivotUnreadable(str(exc)) from None
    loc = _child(root, "location")
    if loc is None or not loc.get("ref"):
        raise PivotUnreadable("no location")
    first, _, last = loc.get("ref").partition(":")
    r1, c1 = col_index_row(first)
    r2, c2 = col_index_row(last or first)
    names_el = _child(cache, "cacheFields")
    names = tuple(cf.get("name", "") for cf in _children(names_el, "cacheField")) if names_el is not None else ()
    values = _cache_items(cache, date1904)
    pfs = _child(root, "pivotFields")
    items: list[tuple[Any, ...]] = []
    captions: list[tuple[str | None, ...]] = []
    for f, pf in enumerate(_children(pfs, "pivotField") if pfs is not None else []):
        its = _child(pf, "items")
        row: list[Any] = []
        captions.append(tuple(it.get("n") for it in _children(its, "item")) if its is not None else ())
        for it in _children(its, "item") if its is not None else []:
            if it.get("t", "data") != "data":
                row.append(None)
                continue
            x = _int(it.get("x"))
            shared = values[f] if f < len(values) else None
            if shared is None or x >= len(shared):
                row.append(_Unlisted)
            else:
                row.append(shared[x])
        items.append(tuple(row))
    rf, cf = _axis_fields(_child(root, "rowFields")), _axis_fields(_child(root, "colFields"))
    dfs = _child(root, "dataFields")
    data = _children(dfs, "dataField") if dfs is not None else []
    return Pivot(
        r1, c1, r2, c2,
        r1 + _int(loc.get("firstDataRow")), c1 + _int(loc.get("firstDataCol")),
        names, tuple(items),
        tuple(d.get("name", "") for d in data), tuple(_int(d.get("fld")) for d in data),
        _lines(_child(root, "rowItems"), rf) or (Line((), "data", 0),),
        _lines(_child(root, "colItems"), cf) or (Line((), "data", 0),),
        DATA_FIELD in rf, DATA_FIELD in cf, _group_by(cache), _pages(root), tuple(captions),
        frozenset(f for f in range(len(values)) if _has_dates(cache, f)),
    )  # fmt: skip


#: An item whose value the cache does not list (a query naming its field is not evaluated).
_Unlisted = type("Unlisted", (), {"__repr__": lambda self: "<unlisted>"})()


def col_index_row(a1: str) -> tuple[int, int]:
    """Row and column (1-based) of an A1 cell name."""
    a1 = a1.replace("$", "").strip().upper()
    letters = a1.rstrip("0123456789")
    if not letters or letters == a1:
        raise PivotUnreadable(f"not a cell: {a1!r}")
    return int(a1[len(letters):]), col_index(letters)


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def _same(item: Any, asked: Any) -> bool:
    """An item of the table is the one asked for: numbers by value, text without case (a
    number asked for matches the text of it: a year of a date group is the text "2022")."""
    if item is None or item is _Unlisted:
        return False
    if isinstance(item, float) and isinstance(asked, float) and not isinstance(asked, bool):
        return item == asked
    return _text(item).strip().lower() == _text(asked).strip().lower()


def _pick(lines: tuple[Line, ...], want: dict[int, int], data: int, by_data: bool, kind: str | None = None) -> int | None:
    """Index of the line that stands for exactly the items ``want`` (field -> item), or None;
    ``kind``: the subtotal line of that function (``max``, ``countA``...)."""
    hits = []
    for k, line in enumerate(lines):
        if by_data and line.data != data:
            continue
        if line.kind == "blank" or dict(line.path) != want or len(line.path) != len(want):
            continue
        if not want and line.kind not in ("grand", "data"):
            continue
        hits.append(k)
    if kind is not None:
        hits = [k for k in hits if lines[k].kind == kind]
        return hits[0] if len(hits) == 1 else None
    if not hits:
        return None
    # an item's own line and its subtotal line: the subtotal holds the total (outline
    # layouts with subtotals at the bottom leave the item's own line empty)
    sub = [k for k in hits if lines[k].kind in SUBTOTALS]
    if len(sub) > 1:
        default = [k for k in sub if lines[k].kind == "default"]
        if len(default) != 1:
            raise NotImplementedError("several subtotals of one item and no function named (which one Excel reads is not known here)")
        return default[0]
    return sub[0] if sub else hits[0]


def _data_field(pivot: Pivot, data_field: Any) -> int | None:
    name = _text(data_field).strip().lower()
    data = next((k for k, n in enumerate(pivot.data_names) if n.strip().lower() == name), None)
    if data is None:  # the source field's name
        srcs = [k for k, f in enumerate(pivot.data_sources) if f < len(pivot.field_names) and pivot.field_names[f].strip().lower() == name]
        if len(srcs) > 1:
            raise NotImplementedError(f"source field {name!r} of several data fields (which one Excel reads is not known here)")
        data = srcs[0] if srcs else None
    return data


def _item(pivot: Pivot, f: int, item: Any) -> int | None:
    values = pivot.items[f]
    if any(v is _Unlisted for v in values):
        raise NotImplementedError(f"the items of pivot field {pivot.field_names[f]!r} are not in its cache")
    group = pivot.group_by[f] if f < len(pivot.group_by) else None
    if group == "quarters" and isinstance(item, float) and not isinstance(item, bool):
        # quarter n is the group item "Qtrn" (its n-th, after the "<start" bucket): Excel
        # saved GETPIVOTDATA(..., "Quarters (InvoiceDate)", 4, ...) as the Qtr4 total
        # (EPPlus's PivotTableCalculation.xlsx, PivotTableMultSubtotals!A2)
        item = f"Qtr{item:g}"
    elif group not in (None, "range", "years") and isinstance(item, float) and not isinstance(item, bool):
        raise NotImplementedError(f"a number for the {group} of date group {pivot.field_names[f]!r} (how Excel names them is not known here)")
    if f in pivot.date_fields and isinstance(item, str):
        raise NotImplementedError(f"a date of field {pivot.field_names[f]!r} given as text (how Excel reads it is not known here)")
    names = pivot.captions[f] if f < len(pivot.captions) else ()
    hit = [k for k, v in enumerate(values) if _same(v, item) or (k < len(names) and names[k] is not None and _same(names[k], item))]
    return hit[0] if len(hit) == 1 else None


#: The subtotal functions of the Excel 2000 form (``field[item;Max]``) and their line types.
FUNCTIONS = {"sum": "sum", "count": "countA", "average": "avg", "max": "max", "min": "min", "product": "product",
             "count nums": "count", "stddev": "stdDev", "stddevp": "stdDevP", "var": "var", "varp": "varP"}  # fmt: skip


def _find(pivot: Pivot, data: int, terms: list[tuple[int, int, str | None]]) -> tuple[int, int] | None:
    """Sheet cell (row, col) of data field ``data`` at the items ``terms`` (field, item,
    subtotal line type or None), or None (#REF!)."""
    row_fields = {f for line in pivot.rows for f, _ in line.path}
    want_rows: dict[int, int] = {}
    want_cols: dict[int, int] = {}
    kinds: dict[bool, str] = {}
    for f, item, kind in terms:
        on_rows = f in row_fields
        (want_rows if on_rows else want_cols)[f] = item
        if kind is not None:
            if on_rows in kinds:
                raise NotImplementedError("two subtotal functions on one axis")
            kinds[on_rows] = kind
    r = _pick(pivot.rows, want_rows, data, pivot.data_on_rows, kinds.get(True))
    c = _pick(pivot.cols, want_cols, data, pivot.data_on_cols, kinds.get(False))
    if r is None or c is None:
        return None
    return pivot.data_row + r, pivot.data_col + c


def _axis_fields_of(pivot: Pivot) -> set[int]:
    return {f for line in pivot.rows + pivot.cols for f, _ in line.path}


def _field(pivot: Pivot, name: Any) -> int | None:
    key = _text(name).strip().lower()
    f = next((k for k, n in enumerate(pivot.field_names) if n.strip().lower() == key), None)
    if f is None or f >= len(pivot.items) or f not in _axis_fields_of(pivot):
        return None
    return f


def _query(pivot: Pivot, data_field: Any, pairs: list[Any]) -> tuple[int, int] | None:
    """The cell of a GETPIVOTDATA(data_field, pivot_table, field1, item1, ...) query."""
    data = _data_field(pivot, data_field)
    if data is None:
        return None
    terms = []
    pages = dict(pivot.pages)
    for fname, item in zip(pairs[::2], pairs[1::2], strict=True):
        key = _text(fname).strip().lower()
        p = next((k for k, n in enumerate(pivot.field_names) if n.strip().lower() == key), None)
        if p is not None and p in pages and p < len(pivot.items):
            if pages[p] is None:
                raise NotImplementedError(f"report filter {pivot.field_names[p]!r} named while it shows all (or several) items")
            if _item(pivot, p, item) != pages[p]:
                return None  # data the filter hides: #REF! (Microsoft's documentation)
            continue  # the item the filter shows: the table's values are its
        f = _field(pivot, fname)
        k = _item(pivot, f, item) if f is not None else None
        if k is None:
            return None
        terms.append((f, k, None))
    return _find(pivot, data, terms)


def _tokens(name: str) -> list[tuple[str, str | None, str | None]]:
    """The terms of an Excel 2000 name: ``item``, ``'quoted item'``, ``field[item]`` or
    ``field[item;function]`` (``'...'`` quotes, ``''`` a quote inside), as (text, item in
    brackets or None, function or None)."""
    out: list[tuple[str, str | None, str | None]] = []
    i, n = 0, len(name)

    def word(stop: str) -> str:
        nonlocal i
        if i < n and name[i] == "'":
            j, buf = i + 1, []
            while True:
                if j >= n:
                    raise NotImplementedError(f"an unclosed quote in {name!r}")
                if name[j] == "'":
                    if j + 1 < n and name[j + 1] == "'":
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(name[j])
                j += 1
            i = j + 1
            return "".join(buf)
        j = i
        while j < n and name[j] not in stop:
            j += 1
        text, i = name[i:j], j
        return text

    while i < n:
        if name[i].isspace():
            i += 1
            continue
        text = word(" [")
        item = func = None
        if i < n and name[i] == "[":
            i += 1
            item = word(";]")
            if i < n and name[i] == ";":
                i += 1
                func = word("]")
            if i >= n or name[i] != "]":
                raise NotImplementedError(f"a bracket not closed in {name!r}")
            i += 1
        out.append((text, item, func))
    return out


def _legacy(pivot: Pivot, name: str) -> tuple[int, int] | None:
    """The cell of the Excel 2000 form GETPIVOTDATA(pivot_table, "items..."): each term an
    item of some field (found among the axis fields' items), ``field[item;function]`` the
    subtotal of that function (``Max``, ``Count``, ``'Count Nums'``...), or a data field's
    name; ``[item;data,function]`` names the data field too."""
    data: int | None = None
    terms = []
    fields = sorted(_axis_fields_of(pivot))
    for text, item, func in _tokens(name):
        if item is None:
            d = _data_field(pivot, text)
            if d is not None and not any(_same(v, text) for f in fields for v in pivot.items[f]):
                data = d
                continue
            found = [(f, k) for f in fields for k, v in enumerate(pivot.items[f]) if _same(v, text)]
            if any(_same(v, text) for f, _ in pivot.pages if f < len(pivot.items) for v in pivot.items[f]):
                raise NotImplementedError(f"item {text!r} of a report filter (Excel 2000 form)")
            if len({f for f, _ in found}) > 1:
                raise NotImplementedError(f"item {text!r} of several fields")
            if len(found) != 1:
                return None
            terms.append((found[0][0], found[0][1], None))
            continue
        f = _field(pivot, text)
        k = _item(pivot, f, item) if f is not None else None
        if k is None:
            return None
        kind = None
        if func is not None:
            dname, _, fname = func.rpartition(",")
            if dname:
                d = _data_field(pivot, dname)
                if d is None:
                    return None
                data = d
            kind = FUNCTIONS.get(fname.strip().lower())
            if kind is None:
                return None
        terms.append((f, k, kind))
    if data is None:
        if len(pivot.data_names) != 1:
            raise NotImplementedError("the Excel 2000 form without a data field, in a table of several")
        data = 0
    return _find(pivot, data, terms)


def _first_value(v: Any) -> Any:
    """A data field argument's value (a reference: its one cell)."""
    if isinstance(v, Areas):
        v = v.ranges[0]
    if isinstance(v, Range):
        if v.shape != (1, 1):
            raise Err(E_REF)
        v = v.cell(0, 0)
    if type(v) is XLError:
        raise Err(v)
    return v


@function("GETPIVOTDATA", "refvalue, refvalue, value?...", category="lookup", context=True)
def GETPIVOTDATA(ctx: CallContext, data_field: Any, pivot_table: Any, *pairs: Any) -> Any:
    """Returns a value a pivot table shows (a data field's total for the items named), read from its cells.

    The table's definition says which cell shows what (see the module); the Excel 2000 form
    GETPIVOTDATA(pivot_table, "items") is read too."""
    for v in (data_field, pivot_table):
        if type(v) is XLError:
            raise Err(v)
    pairs = tuple(p for p in pairs if p is not MISSING)
    legacy: str | None = None
    if isinstance(pivot_table, (Range, Areas)):
        name = _first_value(data_field)
    elif isinstance(data_field, (Range, Areas)) and isinstance(pivot_table, str) and not pairs:
        # the Excel 2000 form: GETPIVOTDATA(pivot_table, "item item field[item;function]")
        legacy, pivot_table = pivot_table, data_field
    else:
        raise Err(E_REF)
    if isinstance(pivot_table, Areas):
        pivot_table = pivot_table.ranges[0]
    if len(pairs) % 2:
        raise Err(E_REF)
    book = ctx.book
    date1904 = bool(getattr(book, "date1904", False))
    sheet = pivot_table.sheet
    unread = []
    for part in getattr(book, "pivots", ()):
        if part.sheet.lower() != sheet.name.lower():
            continue
        if part.problem:
            unread.append(f"{part.part} ({part.problem})")
            continue
        try:
            pivot = _read(part.xml, part.cache_xml, date1904)
        except (PivotUnreadable, ValueError, TypeError) as exc:
            return unsupported(ctx, f"GETPIVOTDATA: pivot table {part.part} cannot be read ({exc})")
        if not (pivot.r1 <= pivot_table.r1 <= pivot.r2 and pivot.c1 <= pivot_table.c1 <= pivot.c2):
            continue
        try:
            cell = _legacy(pivot, legacy) if legacy is not None else _query(pivot, name, list(pairs))
        except NotImplementedError as exc:
            return unsupported(ctx, f"GETPIVOTDATA: {exc}")
        if cell is None:
            raise Err(E_REF)
        r, c = cell
        value = Range(sheet, r, c, r, c, guard=pivot_table.guard).cell(0, 0)
        if value is None:
            # an empty cell of the table (no data for those items) is 0: Excel saved 0 for
            # three such cells (EPPlus's PivotTableCalculation.xlsx, PivotTableMultSubtotals!A5,
            # A13, A14, each a blank cell of the table)
            return 0.0
        if isinstance(value, float) and not math.isfinite(value):
            raise Err(E_REF)
        return value
    if unread:  # the table asked for may be one that cannot be read
        return unsupported(ctx, f"GETPIVOTDATA: pivot table {', '.join(unread)} cannot be read")
    raise Err(E_REF)
