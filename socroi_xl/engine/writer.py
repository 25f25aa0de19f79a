"""Write computed values into a copy of the package, touching nothing else.

Only the ``<v>`` (and the ``t`` attribute) of formula cells change, plus the cells of
array-formula ranges; ``workbook.xml`` gets ``<calcPr fullCalcOnLoad="1"/>`` so Excel
recalculates on open. Every other member is copied with the same name, order, date,
attributes, compression method and uncompressed bytes. The output is written to a
temporary file in the destination's folder and moved into place with :func:`os.replace`,
so the destination is either the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import copy
import os
import queue
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import replacing
from ..errors import XLError
from .package import STRIDE, Book, Sheet
from .refs import col_letters
from .safety import read_member

FCELL_RE = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]+)"([^>]*?)(?<!/)>(<f\b[^>]*?(?:/>|>[^<]*</f>))(?:<v(?:\s[^>/]*)?>[^<]*</v>|<v\s*/>)?'
)
ROW_RE = re.compile(rb'<row r="([0-9]+)"([^>]*?)(?:/>|>(.*?)</row>)', re.S)
CELL_ELEM_RE = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*?)(?:/>|>.*?</c>)', re.S)
_T = re.compile(rb'\s+t="[^"]*"')
_S = re.compile(rb'\s+s="[^"]*"')
_CALCPR = re.compile(rb"<(\w+:)?calcPr\b([^>]*?)(/?)>")
_AFTER_CALCPR = re.compile(
    rb"<(\w+:)?(oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|"
    rb"fileRecoveryPr|webPublishObjects|extLst)\b|</(\w+:)?workbook>"
)


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def encode(v: Any) -> tuple[bytes, bytes]:
    """(t attribute, <v> text) for a computed value."""
    if type(v) is float:
        return b"", b"%.17g" % v
    if type(v) is bool:
        return b' t="b"', b"1" if v else b"0"
    if type(v) is XLError:
        return b' t="e"', str(v).encode()
    if isinstance(v, str):
        return b' t="str"', _escape(v)
    if v is None:
        return b"", b"0"
    if isinstance(v, (int, np.integer, np.floating)):
        return encode(float(v))
    return b' t="e"', b"#VALUE!"


def cell_values(sheet: Sheet, rows: np.ndarray, cols: np.ndarray) -> list[Any]:
    """Values of cells (rows[i], cols[i]) from the sheet's columns."""
    out = np.empty(len(rows), dtype=object)
    for c in np.unique(cols):
        mask = cols == c
        arr = sheet.peek(int(c))
        if arr is None:
            out[mask] = None
            continue
        rr = rows[mask]
        if rr.max() >= len(arr):
            arr = np.concatenate([arr, np.full(int(rr.max()) + 1 - len(arr), np.nan if arr.dtype != object else None)])
        vals = arr[rr]
        ex = sheet.extras.get(int(c)) if dict.get(sheet.columns, int(c)) is not None else None
        if ex is not None and vals.dtype == np.float64:
            pos = np.minimum(np.searchsorted(ex[0], rr), len(ex[0]) - 1)
            hit = ex[0][pos] == rr
            if hit.any():
                obj = vals.astype(object)
                obj[np.isnan(vals)] = None
                obj[hit] = ex[1][pos[hit]]
                vals = obj
        if vals.dtype == np.float64:
            lst = vals.tolist()
            out[mask] = [None if x != x else x for x in lst]
        else:
            out[mask] = vals
    return out.tolist()


def patch_sheet(data: bytes, sheet: Sheet, arrays: list[tuple[int, int, int, int]]) -> bytes:
    """The worksheet XML with formula cells' cached values replaced."""
    fc = sheet.formulas
    if fc is None or not len(fc.rows):
        return data
    values = cell_values(sheet, fc.rows, fc.cols.astype(np.int64))
    encoded = iter([encode(v) for v in values]) if sheet.pieces is None else iter(())
    strip_cache: dict[bytes, bytes] = {}
    count = 0

    def sub(m: re.Match[bytes]) -> bytes:
        nonlocal count
        count += 1
        t, v = next(encoded)
        attrs = m.group(2)
        clean = strip_cache.get(attrs)
        if clean is None:
            clean = strip_cache[attrs] = _T.sub(b"", attrs)
        return b'<c r="' + m.group(1) + b'"' + clean + t + b">" + m.group(3) + b"<v>" + v + b"</v>"

    if sheet.pieces is not None and len(sheet.pieces) == STRIDE * len(values) + 1:
        out = _rebuild(sheet.pieces, values)
    else:
        out = FCELL_RE.sub(sub, data)
        if count != len(values):
            raise ValueError(f"sheet {sheet.name!r}: found {count} formula cells to update, expected {len(values)}")
    multi = [a for a in arrays if (a[2] - a[0]) or (a[3] - a[1])]
    if multi:
        out = _patch_arrays(out, sheet, multi)
    return out


class _Strip(dict):
    def __missing__(self, attrs: bytes) -> bytes:
        self[attrs] = clean = _T.sub(b"", attrs)
        return clean


def encode_all(values: list[Any]) -> tuple[list[bytes], list[bytes]]:
    """(t attributes, whole ``<v>`` elements) of many values; numbers formatted in one pass.

    Numbers are written with 17 significant digits (``%.17g``), which reads back to the
    same double in every reader, as Excel writes them.
    """
    n = len(values)
    is_float = np.fromiter((type(v) is float for v in values), bool, n)
    nf = int(is_float.sum())
    floats = values if nf == n else [v for v in values if type(v) is float]
    encoded: list[bytes] = []
    if nf:
        encoded = (("<v>%.17g</v>\n" * nf) % tuple(floats)).encode().split(b"\n")[:-1]
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
    pairs = [encode(values[i]) for i in others.tolist()]
    t_other = np.empty(len(pairs), dtype=object)
    v_other = np.empty(len(pairs), dtype=object)
    t_other[:] = [p[0] for p in pairs]
    v_other[:] = [b"<v>" + p[1] + b"</v>" for p in pairs]
    ts[others] = t_other
    vs[others] = v_other
    return ts.tolist(), vs.tolist()


class _HasT(dict):
    def __missing__(self, attrs: bytes) -> bool:
        self[attrs] = found = _T.search(attrs) is not None
        return found


def _rebuild(pieces: list[bytes], values: list[Any], tail: bool = True) -> bytes:
    """Reassemble a sheet cut by :data:`~.package.FSPLIT_RE` with new cached values.

    A cell's opening tag is kept as it was unless its ``t`` attribute changes (a text,
    logical or error result, or a cell that had a ``t``); without ``tail`` the text after
    the last cell is left out.
    """
    ts, vs = encode_all(values)
    n = len(values)
    has_t = _HasT()
    tags = pieces[1::STRIDE]
    change = np.fromiter(map(bool, ts), bool, n) | np.fromiter(map(has_t.__getitem__, pieces[4::STRIDE]), bool, n)
    if change.any():
        strip = _Strip()
        tags = list(tags)
        for i in np.flatnonzero(change).tolist():
            j = STRIDE * i
            tags[i] = b'<c r="' + pieces[j + 2] + pieces[j + 3] + b'"' + strip[pieces[j + 4]] + ts[i] + b">"
    out: list[bytes] = [b""] * (4 * n + (1 if tail else 0))
    out[0 : 4 * n : 4] = pieces[0 : STRIDE * n : STRIDE]
    out[1::4] = tags
    out[2::4] = pieces[5::STRIDE]
    out[3::4] = vs
    if tail:
        out[-1] = pieces[STRIDE * n]
    return b"".join(out)


def _rebuild_chunks(pieces: list[bytes], values: list[Any], block: int = 40_000) -> Iterator[bytes]:
    """:func:`_rebuild` in pieces of ``block`` formula cells, for streaming compression."""
    n = len(values)
    for start in range(0, max(n, 1), block):
        stop = min(n, start + block)
        part = pieces[STRIDE * start : STRIDE * stop + 1]
        yield _rebuild(part, values[start:stop], tail=stop >= n)


def _stream_member(out: zipfile.ZipFile, info: zipfile.ZipInfo, chunks: Iterator[bytes], level: int | None) -> None:
    """Write a member from chunks; compression (which releases the GIL) runs in a thread
    while the next chunk is being built."""
    zinfo = copy.copy(info)
    for name in ("compress_level", "_compresslevel"):  # Python >= 3.13, <= 3.12
        with contextlib.suppress(AttributeError):
            setattr(zinfo, name, level)
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=3)
    failure: list[BaseException] = []

    def work() -> None:
        try:
            with out.open(zinfo, "w") as w:
                while (chunk := q.get()) is not None:
                    w.write(chunk)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
            failure.append(exc)
            while q.get() is not None:
                pass

    thread = threading.Thread(target=work, name="socroi-compress", daemon=True)
    thread.start()
    try:
        for chunk in chunks:
            if failure:
                break
            q.put(chunk)
    finally:
        q.put(None)
        thread.join()
    if failure:
        raise failure[0]


def _patch_arrays(data: bytes, sheet: Sheet, arrays: list[tuple[int, int, int, int]]) -> bytes:
    """Write the cells of array-formula ranges other than the top-left one (adding missing cells/rows)."""
    wanted: dict[int, dict[int, Any]] = {}
    for r1, c1, r2, c2 in arrays:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) == (r1, c1):
                    continue
                if dict.get(sheet.columns, c) is not None:
                    v = sheet.value(c, r)
                else:
                    arr = sheet.peek(c)
                    v = arr[r] if arr is not None and r < len(arr) else None
                wanted.setdefault(r, {})[c] = None if (isinstance(v, float) and v != v) else v
    pending = sorted(wanted)

    def new_cell(r: int, c: int, style: bytes) -> bytes:
        t, v = encode(wanted[r][c])
        return b'<c r="' + col_letters(c).encode() + str(r).encode() + b'"' + style + t + b"><v>" + v + b"</v></c>"

    def build_row(r: int, open_attrs: bytes, body: bytes | None) -> bytes:
        cells: list[tuple[int, bytes]] = []
        todo = dict(wanted[r])
        for m in CELL_ELEM_RE.finditer(body or b""):
            from .refs import col_index

            c = col_index(m.group(1).decode())
            if c in todo and b"<f" not in m.group(0):
                s = _S.search(m.group(3))
                cells.append((c, new_cell(r, c, s.group(0) if s else b"")))
                del todo[c]
            else:
                cells.append((c, m.group(0)))
        cells.extend((c, new_cell(r, c, b"")) for c in todo)
        cells.sort(key=lambda x: x[0])
        return b'<row r="' + str(r).encode() + b'"' + open_attrs + b">" + b"".join(x for _, x in cells) + b"</row>"

    def sub(m: re.Match[bytes]) -> bytes:
        r = int(m.group(1))
        prefix = b""
        while pending and pending[0] < r:
            pr = pending.pop(0)
            prefix += build_row(pr, b"", None)
        if pending and pending[0] == r:
            pending.pop(0)
            return prefix + build_row(r, m.group(2), m.group(3))
        return prefix + m.group(0)

    out = ROW_RE.sub(sub, data)
    if pending:
        tail = b"".join(build_row(r, b"", None) for r in pending)
        if b"</sheetData>" in out:
            out = out.replace(b"</sheetData>", tail + b"</sheetData>", 1)
        else:
            out = re.sub(rb"<sheetData\s*/>", b"<sheetData>" + tail.replace(b"\\", b"\\\\") + b"</sheetData>", out, count=1)
    return out


def set_full_calc(data: bytes) -> bytes:
    """workbook.xml with ``<calcPr fullCalcOnLoad="1"/>`` (other calcPr attributes kept)."""
    m = _CALCPR.search(data)
    if m:
        attrs = m.group(2)
        if b"fullCalcOnLoad=" in attrs:
            attrs = re.sub(rb'fullCalcOnLoad="[^"]*"', b'fullCalcOnLoad="1"', attrs)
        else:
            attrs = attrs + b' fullCalcOnLoad="1"'
        tag = b"<" + (m.group(1) or b"") + b"calcPr" + attrs + m.group(3) + b">"
        return data[: m.start()] + tag + data[m.end() :]
    root = re.search(rb"<(\w+:)?workbook\b", data)
    prefix = (root.group(1) or b"") if root else b""
    m = _AFTER_CALCPR.search(data)
    pos = m.start() if m else len(data)
    return data[:pos] + b"<" + prefix + b'calcPr fullCalcOnLoad="1"/>' + data[pos:]


def write_package(src: zipfile.ZipFile, book: Book, arrays: dict[str, list[tuple[int, int, int, int]]], dst: str | os.PathLike[str]) -> None:
    """Write ``src`` with the computed values to ``dst`` (temp file + atomic rename)."""
    dst = Path(dst)
    parts = {s.part: s for s in book.sheets if s.part and s.formulas is not None and len(s.formulas.rows)}
    with replacing(dst) as tmp:  # a replaced file keeps its permissions
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as out:
            for info in src.infolist():
                sheet = parts.get(info.filename)
                if sheet is not None and _streamable(sheet, arrays.get(sheet.name, [])):
                    values = cell_values(sheet, sheet.formulas.rows, sheet.formulas.cols.astype(np.int64))
                    _stream_member(out, info, _rebuild_chunks(sheet.pieces, values), 1)
                    continue
                data = read_member(src, info.filename)
                level = None
                if info.filename in parts:
                    sheet = parts[info.filename]
                    data = patch_sheet(data, sheet, arrays.get(sheet.name, []))
                    level = 1 if len(data) > (4 << 20) else None
                elif info.filename == book.workbook_part:
                    data = set_full_calc(data)
                new = copy.copy(info)
                out.writestr(new, data, compress_type=info.compress_type, compresslevel=level)


def _streamable(sheet: Sheet, arrays: list[tuple[int, int, int, int]]) -> bool:
    """True when the sheet can be rebuilt from its pieces without the whole text at hand."""
    fc = sheet.formulas
    multi = any((a[2] - a[0]) or (a[3] - a[1]) for a in arrays)
    return sheet.pieces is not None and fc is not None and len(sheet.pieces) == STRIDE * len(fc.rows) + 1 and not multi
