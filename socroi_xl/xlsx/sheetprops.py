"""What a worksheet says outside its cells: hidden rows and columns, dimension, filter.

The elements before ``<sheetData>`` (``<dimension>``, ``<sheetFormatPr>``, ``<cols>``) and
after it (``<autoFilter>``…) are parsed with the safe XML parser; they are small. Hidden
rows are the ``<row hidden="1">`` elements, read from the regular layout with one
expression when first asked for (a row hidden by an AutoFilter and one hidden by hand are
both stored so; the sheet's ``autoFilter`` range tells them apart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from lxml import etree

from ..xl.refs import MAX_COL, col_index
from . import ns
from .cells import Grammar, row_numbers
from .layout import Layout
from .xmlsafe import XMLError, parse

__all__ = ["SheetProps", "head_tree", "read_props"]


@dataclass
class SheetProps:
    """Sheet-level facts for the evaluator.

    Attributes
    ----------
    rows_hidden_by_default : bool
        ``<sheetFormatPr zeroHeight="1">``: rows without a ``<row>`` element are hidden.
        (The rows a ``<row hidden="1">`` hides are read when asked for:
        :func:`socroi_xl.xlsx.cells.hidden_rows`.)
    hidden_cols : numpy.ndarray
        Sorted column numbers hidden by ``<cols><col hidden="1">``.
    dimension : tuple of int or None
        ``(row1, col1, row2, col2)`` of ``<dimension ref>`` (a writer's hint, not trusted
        for sizes).
    autofilter : str or None
        The ``ref`` of the sheet's ``<autoFilter>``.
    filtering : bool
        The sheet's AutoFilter has a criterion (``<sheetPr filterMode="1">`` or a
        ``<filterColumn>``): its hidden rows are filtered out, not hidden by hand.
    last_row : int
        The largest row number of a ``<row>`` element (0 without rows).
    """

    rows_hidden_by_default: bool = False
    hidden_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    dimension: tuple[int, int, int, int] | None = None
    autofilter: str | None = None
    last_row: int = 0
    filtering: bool = False


def head_tree(data: bytes, lay: Layout, part: str) -> etree._Element:
    """Everything before ``<sheetData>``, closed with the root's end tag, parsed.

    It is well-formed exactly when the ``<sheetData>`` found is a child of the root (where
    the schema puts the one real ``<sheetData>``).
    """
    head = data[: lay.start] + b"</" + lay.root_name + b">"
    try:
        return parse(head, part)
    except XMLError:
        raise XMLError(part, "<sheetData> is not where the schema puts it (a child of <worksheet>)") from None


def tail_tree(data: bytes, lay: Layout, part: str) -> etree._Element:
    """The root with everything after ``</sheetData>``, parsed."""
    return parse(lay.root_tag + data[lay.stop :], part)


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true")


_AREA = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?")


def _dimension(text: str | None) -> tuple[int, int, int, int] | None:
    m = _AREA.fullmatch(text.strip()) if text else None
    if m is None:
        return None
    r1, c1 = int(m.group(2)), col_index(m.group(1).upper())
    r2, c2 = (int(m.group(4)), col_index(m.group(3).upper())) if m.group(3) else (r1, c1)
    return r1, c1, r2, c2


def read_props(
    g: Grammar, data: bytes, lay: Layout, part: str, head: etree._Element | None = None, exact_rows: bool = True
) -> SheetProps:
    """The :class:`SheetProps` of a worksheet in the regular layout.

    Without ``exact_rows`` the last row is the number of the last ``<row>`` (rows in
    order, as every writer puts them; the caller checks that elsewhere) instead of the
    largest of all.
    """
    props = SheetProps()
    head = head if head is not None else head_tree(data, lay, part)
    hidden_cols: list[int] = []
    for el in head:
        name = ns.local(el.tag)
        if not ns.is_main(ns.namespace(el.tag)):
            continue
        if name == "dimension":
            props.dimension = _dimension(el.get("ref"))
        elif name == "sheetPr":
            props.filtering = props.filtering or _truthy(el.get("filterMode"))
        elif name == "sheetFormatPr":
            props.rows_hidden_by_default = _truthy(el.get("zeroHeight"))
        elif name == "cols":
            for col in ns.main_children(el, "col"):
                if not _truthy(col.get("hidden")):
                    continue
                try:
                    lo, hi = int(col.get("min", "0")), int(col.get("max", "0"))
                except ValueError:
                    raise XMLError(part, f"<col min={col.get('min')!r} max={col.get('max')!r}> is not a column range") from None
                hidden_cols.extend(range(max(lo, 1), min(hi, MAX_COL) + 1))
    props.hidden_cols = np.array(sorted(set(hidden_cols)), np.int64)  # not np.unique: it imports numpy.ma (15 ms)
    tail = tail_tree(data, lay, part)
    flt = ns.main_child(tail, "autoFilter")
    if flt is not None:
        props.autofilter = flt.get("ref")  # type: ignore[attr-defined]
        props.filtering = props.filtering or ns.main_child(flt, "filterColumn") is not None
    if exact_rows:
        rows = row_numbers(g, data, lay)
        props.last_row = int(rows.max()) if len(rows) else 0
    else:
        m = g.row_numbers.search(data, max(lay.body, data.rfind(b"<" + g.prefix + b'row r="', lay.body, lay.end)), lay.end)
        props.last_row = int(m.group(1)) if m else 0
    return props
