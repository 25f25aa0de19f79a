"""Write computed values back into worksheet XML, touching nothing else.

A worksheet read by :mod:`socroi_xl.xlsx.cells` was cut around its formula cells
(:data:`~socroi_xl.xlsx.cells.STRIDE` pieces each). :func:`rebuild` puts the pieces back
together with each formula cell's ``<v>`` (and ``t``) replaced; everything between formula
cells is copied as it was. :func:`patch_cells` then writes the other cells of array
ranges and dynamic-array spills (adding cells and rows where needed, clearing cells a
spill no longer covers).

Values are written as Excel stores them: numbers with 17 significant digits
(``%.17g``, which reads back to the same double); text as ``t="str"`` with XML and OOXML
escapes (control characters as ``_xHHHH_``, a CR as ``&#13;``), its ``<v>`` marked
``xml:space="preserve"`` when the text begins or ends with whitespace, as Excel writes it;
logicals as ``t="b"``; errors as ``t="e"``.
What Excel cannot store becomes the error Excel gives: a number that is not finite is
``#NUM!``, text longer than 32,767 characters is ``#VALUE!`` (:func:`storable`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..errors import XLError
from ..xl.refs import col_index, col_letters
from .cells import STRIDE, Grammar
from .layout import Layout
from .text import MAX_TEXT, escape, needs_preserve

__all__ = ["encode", "encode_all", "patch_cells", "rebuild", "rebuild_chunks", "set_f_attr", "storable", "v_element", "with_full_calc"]

_T = re.compile(rb"""\s+t\s*=\s*(?:"[^"]*"|'[^']*')""")
_NUM = XLError("#NUM!")
_VALUE = XLError("#VALUE!")


def storable(v: Any) -> Any:
    """The value Excel would store for a computed ``v``.

    >>> storable(float("inf")), storable("x" * 40000), storable(2.5)
    ('#NUM!', '#VALUE!', 2.5)
    """
    if type(v) is float:
        return v if math.isfinite(v) else _NUM
    if isinstance(v, str) and type(v) is not XLError and len(v) > MAX_TEXT:
        return _VALUE
    if isinstance(v, (np.floating, np.integer)) and not isinstance(v, bool):
        return storable(float(v))
    return v


def encode(v: Any) -> tuple[bytes, bytes]:
    """(``t`` attribute, ``<v>`` text) for a computed value (already :func:`storable`)."""
    if type(v) is float:
        return b"", b"%.17g" % v
    if type(v) is bool:
        return b' t="b"', b"1" if v else b"0"
    if type(v) is XLError:
        return b' t="e"', str(v).encode()
    if isinstance(v, str):
        return b' t="str"', escape(v)
    if v is None:
        return b"", b"0"
    if isinstance(v, (int, np.integer, np.floating)):
        return encode(storable(float(v)))
    return b' t="e"', b"#VALUE!"


def v_element(v: Any, prefix: bytes = b"") -> tuple[bytes, bytes]:
    """(``t`` attribute, whole ``<v>`` element) of a computed value (already :func:`storable`).

    >>> v_element(" me")
    (b' t="str"', b'<v xml:space="preserve"> me</v>')
    >>> v_element(2.5, b"x:")
    (b'', b'<x:v>2.5</x:v>')
    """
    t, text = encode(v)
    space = b' xml:space="preserve"' if isinstance(v, str) and type(v) is not XLError and needs_preserve(v) else b""
    return t, b"<" + prefix + b"v" + space + b">" + text + b"</" + prefix + b"v>"


def encode_all(values: list[Any], prefix: bytes = b"") -> tuple[list[bytes], list[bytes]]:
    """(``t`` attributes, whole ``<v>`` elements) of many values; numbers formatted in one pass."""
    n = len(values)
    vo, vc = b"<" + prefix + b"v>", b"</" + prefix + b"v>"
    is_float = np.fromiter((type(v) is float for v in values), bool, n)
    floats = values if is_float.all() else [v for v in values if type(v) is float]
    if floats:
        arr = np.fromiter(floats, np.float64, len(floats))
        if not np.isfinite(arr).all():  # Excel cannot store these: they become #NUM!
            values = [storable(v) for v in values]
            is_float = np.fromiter((type(v) is float for v in values), bool, n)
            floats = [v for v in values if type(v) is float]
    nf = len(floats)
    encoded: list[bytes] = []
    if nf:
        line = (vo + b"%.17g" + vc + b"\n").decode()
        encoded = ((line * nf) % tuple(floats)).encode().split(b"\n")[:-1]
    if nf == n:
        return [b""] * n, encoded
    vs = np.empty(n, dtype=object)
    ts = np.empty(n, dtype=object)
    ts.fill(b"")
    if nf:
        enc = np.empty(nf, dtype=object)
        enc[:] = encoded
        vs[is_float] = enc
    others = np.flatnonzero(~is_float)
    pairs = [v_element(storable(values[i]), prefix) for i in others.tolist()]
    t_other = np.empty(len(pairs), dtype=object)
    v_other = np.empty(len(pairs), dtype=object)
    t_other[:] = [p[0] for p in pairs]
    v_other[:] = [p[1] for p in pairs]
    ts[others] = t_other
    vs[others] = v_other
    return ts.tolist(), vs.tolist()


class _Strip(dict):
    def __missing__(self, attrs: bytes) -> bytes:
        self[attrs] = clean = _T.sub(b"", attrs)
        return clean


_T_VALUE = re.compile(rb"""\s+t\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class _OldT(dict):
    """Cell attribute text → its ``t`` attribute as :func:`encode` would write it."""

    def __missing__(self, attrs: bytes) -> bytes:
        m = _T_VALUE.search(attrs)
        value = m.group(1) if m and m.group(1) is not None else (m.group(2) if m else None)
        self[attrs] = found = b"" if value in (None, b"n") else b' t="' + value + b'"'
        if m and value == b"n":
            self[attrs] = found = b"\x00"  # an explicit t="n": rewrite the tag without it
        return found


def rebuild(g: Grammar, pieces: list[bytes], values: list[Any], tail: bool = True) -> bytes:
    """Reassemble a cut sheet with new cached values of its formula cells.

    A cell's opening tag is kept byte for byte unless its ``t`` attribute changes; without
    ``tail`` the text after the last cell is left out.
    """
    ts, vs = encode_all(values, g.prefix)
    n = len(values)
    old_t = _OldT()
    tags = pieces[1::STRIDE]
    olds = list(map(old_t.__getitem__, pieces[4::STRIDE]))
    change = np.fromiter(map(bool, olds), bool, n) | np.fromiter(map(bool, ts), bool, n)
    if change.any():  # keep a tag whose type does not change byte for byte
        change &= np.fromiter(map(bytes.__ne__, olds, ts), bool, n)
    if change.any():
        strip = _Strip()
        tags = list(tags)
        p = g.prefix
        for i in np.flatnonzero(change).tolist():
            j = STRIDE * i
            tags[i] = b"<" + p + b'c r="' + pieces[j + 2] + pieces[j + 3] + b'"' + strip[pieces[j + 4]] + ts[i] + b">"
    out: list[bytes] = [b""] * (4 * n + (1 if tail else 0))
    out[0 : 4 * n : 4] = pieces[0 : STRIDE * n : STRIDE]
    out[1::4] = tags
    out[2::4] = pieces[5::STRIDE]
    out[3::4] = vs
    if tail:
        out[-1] = pieces[STRIDE * n]
    return b"".join(out)


def rebuild_chunks(g: Grammar, pieces: list[bytes], values: list[Any], block: int = 20_000) -> Iterator[bytes]:
    """:func:`rebuild` in pieces of ``block`` formula cells, for streaming compression."""
    n = len(values)
    for start in range(0, max(n, 1), block):
        stop = min(n, start + block)
        part = pieces[STRIDE * start : STRIDE * stop + 1]
        yield rebuild(g, part, values[start:stop], tail=stop >= n)


def set_f_attr(f_elem: bytes, name: str, value: str) -> bytes:
    """An ``<f …>`` element with attribute ``name`` set to ``value`` (added if absent).

    >>> set_f_attr(b'<x:f t="array" ref="A1:A3">SEQUENCE(3)</x:f>', "ref", "A1:A5")
    b'<x:f t="array" ref="A1:A5">SEQUENCE(3)</x:f>'
    >>> set_f_attr(b"<f>A1</f>", "t", "array")
    b'<f t="array">A1</f>'
    """
    attr = re.compile(rb"(\s" + name.encode() + rb"""\s*=\s*)(?:"[^"]*"|'[^']*')""")
    quoted = b'"' + value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").encode() + b'"'
    head_end = f_elem.find(b">")
    head = f_elem[: head_end + 1]
    new, n = attr.subn(lambda m: m.group(1) + quoted, head, count=1)
    if not n:
        m = re.match(rb"<[\w.:-]*?f\b", head)
        assert m is not None, f_elem[:40]
        new = head[: m.end()] + b" " + name.encode() + b"=" + quoted + head[m.end() :]
    return new + f_elem[head_end + 1 :]


def _cell_re(g: Grammar) -> re.Pattern[bytes]:
    p = re.escape(g.prefix)
    return re.compile(rb"<" + p + rb'c r="([A-Z]{1,3})([0-9]+)"([^>]*?)(?:/>|>(.*?)</' + p + rb"c>)", re.S)


def _row_re(g: Grammar) -> re.Pattern[bytes]:
    p = re.escape(g.prefix)
    return re.compile(rb"<" + p + rb'row r="([0-9]+)"([^>]*?)(/?)>')


_S = re.compile(rb"""\ss\s*=\s*(?:"[^"]*"|'[^']*')""")


def patch_cells(
    g: Grammar,
    data: bytes,
    lay: Layout,
    wanted: dict[int, dict[int, Any]],
    clear: set[tuple[int, int]] | None = None,
) -> bytes:
    """Write plain value cells into a sheet in the regular layout.

    Parameters
    ----------
    wanted : dict
        Row → column → value: the cells of array ranges and spills other than their
        formula cell. A cell that exists keeps its style; one with a formula is left
        alone; missing cells and rows are added in order.
    clear : set of (row, col)
        Cells whose cached value is removed (a spill that shrank); a styled one stays
        as an empty styled cell, an unstyled one goes.
    """
    clear = clear or set()
    todo = sorted(set(wanted) | {r for r, _ in clear})
    if not todo:
        return data
    p = g.prefix
    cell_re = _cell_re(g)
    end_tag = b"</" + p + b"row>"
    edits: list[tuple[int, int, bytes]] = []
    pending = list(todo)
    done: set[int] = set()
    for m in _row_re(g).finditer(data, lay.body, lay.end):
        if not pending:
            break
        r = int(m.group(1))
        new_rows = []
        while pending and pending[0] < r:  # rows to add before this one
            new_rows.append(pending.pop(0))
        if new_rows:
            edits.append((m.start(), m.start(), b"".join(_new_row(g, x, wanted.get(x, {})) for x in new_rows)))
        if not pending or pending[0] != r or r in done:
            continue
        pending.pop(0)
        done.add(r)
        if m.group(3):  # <row …/>
            body, stop = b"", m.end()
        else:
            close = data.find(end_tag, m.end(), lay.end)
            body, stop = data[m.end() : close], close + len(end_tag)
        new_body = _patch_row(g, cell_re, r, body, wanted.get(r, {}), clear)
        edits.append((m.start(), stop, b"<" + p + b'row r="' + m.group(1) + b'"' + m.group(2) + b">" + new_body + end_tag))
    rest = b"".join(_new_row(g, x, wanted.get(x, {})) for x in pending)
    if lay.stop == lay.body:  # <sheetData/>: open it
        return data[: lay.start] + b"<" + p + b"sheetData>" + rest + b"</" + p + b"sheetData>" + data[lay.stop :]
    if rest:
        edits.append((lay.end, lay.end, rest))
    return _splice(data, edits)


def _splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    parts = []
    pos = 0
    for a, b, new in sorted(edits, key=lambda e: (e[0], e[1])):
        parts.append(data[pos:a])
        parts.append(new)
        pos = b
    parts.append(data[pos:])
    return b"".join(parts)


def _value_cell(g: Grammar, r: int, c: int, v: Any, style: bytes) -> bytes:
    p = g.prefix
    ref = col_letters(c).encode() + str(r).encode()
    if v is None or (isinstance(v, float) and v != v):
        return b"<" + p + b'c r="' + ref + b'"' + style + b"/>"
    t, v_elem = v_element(storable(v), p)
    return b"<" + p + b'c r="' + ref + b'"' + style + t + b">" + v_elem + b"</" + p + b"c>"


def _new_row(g: Grammar, r: int, cells: dict[int, Any]) -> bytes:
    p = g.prefix
    body = b"".join(_value_cell(g, r, c, cells[c], b"") for c in sorted(cells))
    if not body:
        return b""
    return b"<" + p + b'row r="' + str(r).encode() + b'">' + body + b"</" + p + b"row>"


def _patch_row(g: Grammar, cell_re: re.Pattern[bytes], r: int, body: bytes, cells: dict[int, Any], clear: set[tuple[int, int]]) -> bytes:
    placed: list[tuple[int, bytes]] = []
    todo = dict(cells)
    fmark = b"<" + g.prefix + b"f"
    pos = 0
    for m in cell_re.finditer(body):
        pos = m.end()
        c = col_index(m.group(1).decode())
        has_f = (m.group(4) or b"").startswith(fmark)
        style = _S.search(m.group(3))
        s = style.group(0) if style else b""
        if has_f:  # a formula cell is never overwritten here
            todo.pop(c, None)
            placed.append((c, m.group(0)))
        elif c in todo:
            placed.append((c, _value_cell(g, r, c, todo.pop(c), s)))
        elif (r, c) in clear:
            if s:
                placed.append((c, b"<" + g.prefix + b'c r="' + m.group(1) + m.group(2) + b'"' + s + b"/>"))
        else:
            placed.append((c, m.group(0)))
    placed.extend((c, _value_cell(g, r, c, v, b"")) for c, v in todo.items())
    placed.sort(key=lambda x: x[0])
    return b"".join(x for _, x in placed) + body[pos:]  # what follows the cells (extLst) stays last


# -- workbook part -----------------------------------------------------------------------------
_TAGS = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>|<(/?)((?:[A-Za-z_][\w.-]*:)?)([A-Za-z_][\w.-]*)([^>]*?)(/?)>", re.S)
_FULL = re.compile(rb"""fullCalcOnLoad\s*=\s*(?:"[^"]*"|'[^']*')""")
#: Children of <workbook> that come after <calcPr> in the schema's order.
_AFTER_CALCPR = {b"oleSize", b"customWorkbookViews", b"pivotCaches", b"smartTagPr", b"smartTagTypes", b"webPublishing",
                 b"fileRecoveryPr", b"webPublishObjects", b"extLst"}


def with_full_calc(data: bytes) -> bytes:
    """The workbook XML with ``<calcPr fullCalcOnLoad="1"/>`` (other calcPr attributes kept),
    so that Excel recalculates on open. Comments and CDATA are skipped, never edited.

    >>> with_full_calc(b'<workbook><!-- <calcPr/> --><sheets/><calcPr calcId="1"/></workbook>')
    b'<workbook><!-- <calcPr/> --><sheets/><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'
    """
    depth = 0
    insert_at: tuple[int, bytes] | None = None
    for m in _TAGS.finditer(data):
        if m.group(3) is None:
            continue
        closing, prefix, name, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        if closing:
            depth -= 1
            if depth == 0 and insert_at is None:  # </workbook>
                insert_at = (m.start(), prefix)
            continue
        if depth == 1:
            if name == b"calcPr":
                if _FULL.search(attrs):
                    attrs = _FULL.sub(b'fullCalcOnLoad="1"', attrs)
                else:
                    attrs = attrs + b' fullCalcOnLoad="1"'
                return data[: m.start()] + b"<" + prefix + b"calcPr" + attrs + empty + b">" + data[m.end() :]
            if name in _AFTER_CALCPR and insert_at is None:
                insert_at = (m.start(), prefix)
        if not empty:
            depth += 1
    if insert_at is None:
        return data
    at, prefix = insert_at
    return data[:at] + b"<" + prefix + b'calcPr fullCalcOnLoad="1"/>' + data[at:]
