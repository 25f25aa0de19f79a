"""Cells of a worksheet in the regular layout, read with regular expressions into numpy.

openpyxl builds one Python object per cell, far too slow for a 100,000-row sheet. Here
the worksheet XML stays bytes: formula cells are cut out with one ``re.split``
(:func:`cut`, :func:`formula_cells`) and value columns are read only when asked for, several
in one pass (:func:`read_columns`), each turned into a numpy array with C-level
conversions. Every pass is linear in the size of the sheet: inline strings are captured by
the same pass as the cells that hold them.

Only XML in the regular layout of :mod:`socroi_xl.xlsx.layout` is given to these functions,
and they check the rest of it as they go: every formula cell and every cell read must end
exactly where the layout says, and the formula cells found must be all the ``<f>``
elements of ``<sheetData>``. A cell that does not is reported (:class:`LayoutMismatch`),
so that the sheet is normalised and read again, never half-read.

Values: numbers as float; ``t="s"`` through the shared-string table; ``str``,
``inlineStr`` as text (rich text joined, phonetic runs left out); ``b`` as bool; ``e``
as :class:`~socroi_xl.errors.XLError`; ``d`` (ISO 8601) as a date serial. A cell that
cannot be read (a shared-string index out of range, an unknown ``t``, a value that is
not a number) is an :class:`~socroi_xl.xlsx.xmlsafe.XMLError` naming the cell. A stored
number that is not finite (``1e999``, ``NaN``: Excel cannot hold one) reads as
``#NUM!`` with a warning.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import CODE_OF, XLError
from ..xl import dates
from ..xl.refs import MAX_COL, MAX_ROW, cell_ref, col_index, col_letters
from .layout import Layout
from .text import unescape, unescape_attr
from .xmlsafe import XMLError

__all__ = [
    "STRIDE",
    "FormulaScan",
    "Grammar",
    "LayoutMismatch",
    "cut",
    "formula_cells",
    "grammar",
    "read_columns",
]

# cell types
T_N, T_S, T_B, T_E, T_STR, T_INLINE, T_D, T_BAD = range(8)
#: Error cells that point (``vm``) at an Excel 365 error rich value: T_RICH + its index here.
T_RICH = 8
RICH_KINDS = ("#SPILL!", "#CONNECT!", "#BLOCKED!", "#UNKNOWN!", "#FIELD!", "#CALC!")
_TYPE_CODES = {b"n": T_N, b"s": T_S, b"b": T_B, b"e": T_E, b"str": T_STR, b"inlineStr": T_INLINE, b"d": T_D}

#: Pieces per formula cell in ``Grammar.cut.split``: text before, tag, column, row, attributes, ``<f>``.
STRIDE = 6

#: Excel 365 error values that are not in ERROR.TYPE's first seven (read as themselves
#: where :class:`XLError` knows them, else as ``#VALUE!``).
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class LayoutMismatch(XMLError):
    """A cell not in the regular layout was met: normalise the sheet and read it again."""


def attributes(attrs: bytes) -> dict[str, str]:
    """The attributes in a tag's attribute text (``' s="1" t="s"'``) as a dict."""
    return {k.decode(): unescape_attr(v if v is not None else w) for k, v, w in _ATTR.findall(attrs)}


@dataclass(frozen=True)
class Grammar:
    """The regular expressions for one element prefix (``b""`` or ``b"x:"``)."""

    prefix: bytes
    cut: re.Pattern[bytes]
    f_parts: re.Pattern[bytes]
    t_text: re.Pattern[bytes]
    rph: re.Pattern[bytes]
    row: re.Pattern[bytes]
    row_numbers: re.Pattern[bytes]
    cell_end: tuple[bytes, ...]

    def columns(self, letters: list[bytes]) -> re.Pattern[bytes]:
        """Cells of the given columns: column, row, attributes, ``<v>`` text, ``<is>`` body, end."""
        return _columns_re(self.prefix, tuple(sorted(letters, key=lambda x: (-len(x), x))))


#: Possessive repetition (Python 3.11+), else plain: every repeated class below is followed by
#: a character it cannot match, so giving nothing back changes no match, only the time a
#: failed attempt takes (the cut of a 60 MB sheet: a third less).
_P = b"+" if sys.version_info >= (3, 11) else b""


def _f_elem(p: bytes, pos: bytes = b"") -> bytes:
    # greedy, as backtracking costs: a self-closing <f .../> takes its "/" into the
    # attributes and then finds no "</f>" after it, which is optional
    return rb"<" + p + rb"f(?:[ \t\r\n/][^>]*" + pos + rb")?>(?:[^<]*" + pos + rb"</" + p + rb"f>)?"


def _v_elem(p: bytes, capture: bool, pos: bytes = b"") -> bytes:
    text = rb"([^<]*" + pos + rb")" if capture else rb"[^<]*" + pos
    return rb"(?:<" + p + rb"v(?:[ \t\r\n][^>]*" + pos + rb")?>" + text + rb"</" + p + rb"v>|<" + p + rb"v[ \t\r\n]*/>)"


@lru_cache(maxsize=16)
def grammar(prefix: bytes) -> Grammar:
    """The :class:`Grammar` of ``prefix`` (compiled once)."""
    p = re.escape(prefix)
    cut = re.compile(
        rb"(<" + p + rb'c r="([A-Z]{1,3}' + _P + rb")([0-9]+" + _P + rb')"([^>]*' + _P + rb")>)("
        + _f_elem(p, _P) + rb")" + _v_elem(p, False, _P) + rb"?"
    )
    f_parts = re.compile(rb"<" + p + rb"f((?:[ \t\r\n][^>]*?)?)(?:/>|>([^<]*)</" + p + rb"f>)")
    t_text = re.compile(rb"<" + p + rb"t(?:[ \t\r\n][^>]*)?>([^<]*)</" + p + rb"t>|<" + p + rb"t[ \t\r\n]*/>")
    rph = re.compile(rb"<" + p + rb"rPh\b.*?</" + p + rb"rPh>|<" + p + rb"rPh\b[^>]*/>", re.S)
    row = re.compile(rb"<" + p + rb'row r="([0-9]+)"([^>]*)>')
    row_numbers = re.compile(rb"<" + p + rb'row r="([0-9]+)"')
    ends = (b"</" + prefix + b"c>", b"<" + prefix + b"is>", b"<" + prefix + b"extLst>")
    return Grammar(prefix, cut, f_parts, t_text, rph, row, row_numbers, ends)


@lru_cache(maxsize=64)
def _columns_re(prefix: bytes, letters: tuple[bytes, ...]) -> re.Pattern[bytes]:
    p = re.escape(prefix)
    return re.compile(
        rb"<" + p + rb'c r="(' + b"|".join(letters) + rb')([0-9]+)"([^>]*)>'
        rb"(?:" + _f_elem(p) + rb")?" + _v_elem(p, True) + rb"?"
        rb"(?:<" + p + rb"is>(.*?)</" + p + rb"is>)?"
        rb"(</" + p + rb"c>|<" + p + rb"extLst>)?",
        re.S,
    )


class _TypeCache(dict):
    """Cell attribute text → type code × 2 + 1 if the tag closes itself; once per distinct text.
    An error cell whose ``vm`` names one of ``rich`` (:func:`~.metadata.rich_errors`) gets
    that error's T_RICH code."""

    def __init__(self, rich: dict[int, str] | None = None) -> None:
        super().__init__()
        self.rich = rich or {}

    def __missing__(self, attrs: bytes) -> int:
        closed = attrs.rstrip().endswith(b"/")
        found = attributes(attrs.rstrip().rstrip(b"/"))
        t = found.get("t")
        code = T_N if t is None else _TYPE_CODES.get(t.strip().encode(), T_BAD)
        vm = found.get("vm", "").strip()
        if code == T_E and self.rich and vm.isdigit() and self.rich.get(int(vm)) in RICH_KINDS:
            code = T_RICH + RICH_KINDS.index(self.rich[int(vm)])
        self[attrs] = value = 2 * code + closed
        return value


class _ColCache(dict):
    def __missing__(self, letters: bytes) -> int:
        self[letters] = value = col_index(letters.decode())
        return value


# -- formula cells ----------------------------------------------------------------------------
def cut(g: Grammar, region: bytes) -> list[bytes]:
    """``region`` cut around its formula cells (:data:`STRIDE` pieces per cell)."""
    return g.cut.split(region)


@dataclass
class FormulaScan:
    """The formula cells found by :func:`formula_cells`, in document order."""

    rows: np.ndarray
    cols: np.ndarray
    attrs: list[bytes]  # attributes of <f ...> (without "<f")
    texts: list[str | None]  # formula text, None when empty (shared-formula copy)
    cell_attrs: list[bytes]  # attributes of the <c ...> tag (after r="...")


def formula_cells(g: Grammar, pieces: list[bytes], expected: int, part: str) -> FormulaScan:
    """The formula cells of a cut sheet, checked against the number of ``<f>`` elements.

    Raises
    ------
    LayoutMismatch
        A formula cell the cut did not find whole (then ``expected`` differs from the
        cells found), or one followed by something else than the end of the cell.
    """
    k = len(pieces) // STRIDE
    if k != expected:
        raise LayoutMismatch(part, f"{expected} formulas in <sheetData>, {k} found in the regular layout")
    after = pieces[STRIDE::STRIDE]
    if k and not all(map(bytes.startswith, after, itertools.repeat(g.cell_end))):
        i = next(i for i, p in enumerate(after) if not p.startswith(g.cell_end))
        where = pieces[STRIDE * i + 2].decode() + pieces[STRIDE * i + 3].decode()
        raise LayoutMismatch(part, f"formula cell {where} not in the regular layout")
    cols_b, rows_b, fparts = pieces[2::STRIDE], pieces[3::STRIDE], pieces[5::STRIDE]
    colcache = _ColCache()
    cols = np.fromiter(map(colcache.__getitem__, cols_b), np.int32, k)
    rows = digits(rows_b)
    f_attrs, f_texts = _formula_parts(g, fparts)
    check_grid(rows, cols, part, "formula cell")
    return FormulaScan(rows, cols, f_attrs, f_texts, list(pieces[4::STRIDE]))


def _formula_parts(g: Grammar, fparts: list[bytes]) -> tuple[list[bytes], list[str | None]]:
    """Attributes and text of each ``<f>`` element.

    Files with shared formulas repeat a few elements: each distinct one is parsed once.
    Files that write every formula in full (openpyxl) have as many distinct elements as
    cells, nearly all plain ``<f>text</f>``: those are decoded in bulk.
    """
    n = len(fparts)
    if not n:
        return [], []
    sample = fparts[:: max(1, n // 1000)]
    if len(set(sample)) > len(sample) // 2:  # mostly distinct: try the bulk decoding
        texts = _plain_formulas(g, fparts)
        if texts is not None:
            return [b""] * n, texts
    attrs: dict[bytes, bytes] = {}
    texts: dict[bytes, str | None] = {}
    for fp in dict.fromkeys(fparts):
        fm = g.f_parts.match(fp)
        attrs[fp], texts[fp] = (fm.group(1), unescape(fm.group(2)) if fm.group(2) else None) if fm else (b"", None)
    return list(map(attrs.__getitem__, fparts)), list(map(texts.__getitem__, fparts))


#: Formula elements decoded at a time by :func:`_plain_formulas` (bounded memory).
PLAIN_BLOCK = 50_000


def _plain_formulas(g: Grammar, fparts: list[bytes]) -> list[str | None] | None:
    """The texts of ``<f>text</f>`` elements decoded in bulk, a block at a time; None when
    one of them is another kind of element (attributes, self-closing)."""
    p = g.prefix
    opening, closing = b"<" + p + b"f>", b"</" + p + b"f>"
    out: list[str | None] = []
    for start in range(0, len(fparts), PLAIN_BLOCK):
        block = fparts[start : start + PLAIN_BLOCK]
        joined = b"\x00".join(block)  # XML text cannot hold NUL: an exact separator
        if joined.count(opening) != len(block):  # not all <f>text</f> (a tag cannot hide in text)
            return None
        decoded = joined.replace(opening, b"").replace(closing, b"").decode("utf-8").split("\x00")
        if b"&" in joined or b"_x" in joined or b"\r" in joined:
            decoded = [unescape(t.encode()) if ("&" in t or "_x" in t or "\r" in t) else t for t in decoded]
        out.extend(t if t else None for t in decoded)
    return out


def check_grid(rows: np.ndarray, cols: np.ndarray, part: str, what: str) -> None:
    """Refuse cells outside Excel's grid, and a cell written twice."""
    if not len(rows):
        return
    if int(rows.min()) < 1 or int(rows.max()) > MAX_ROW or int(cols.max()) > MAX_COL:
        bad = np.flatnonzero((rows < 1) | (rows > MAX_ROW) | (cols > MAX_COL))[0]
        raise XMLError(part, f"{what} {col_letters(int(cols[bad]))}{int(rows[bad])} lies outside Excel's grid")
    key = rows * (MAX_COL + 1) + cols
    if len(key) > 1 and bool((key[1:] > key[:-1]).all()):  # in order, as Excel writes: no duplicate
        return
    if len(np.unique(key)) != len(key):
        uniq, counts = np.unique(key, return_counts=True)
        dup = int(uniq[counts > 1][0])
        raise XMLError(part, f"cell {cell_ref(dup // (MAX_COL + 1), dup % (MAX_COL + 1))} is written twice")


# -- values -----------------------------------------------------------------------------------
def _inline_text(g: Grammar, body: bytes) -> str:
    if b"rPh" in body:
        body = g.rph.sub(b"", body)
    return "".join(unescape(t) for t in g.t_text.findall(body) if t)


class Decoder:
    """Turns the captured text of non-numeric cells into values, naming bad cells.

    Parameters
    ----------
    g : Grammar
    sst : numpy.ndarray
        The shared strings.
    part : str
        The worksheet part, for messages.
    date1904 : bool
        The workbook's date system (for ``t="d"`` cells).
    warn : callable
        Receives a warning line (a non-finite number read as ``#NUM!``).
    rich : dict, optional
        ``vm`` → Excel 365 error (:func:`~.metadata.rich_errors`): an error cell Excel saved
        as ``#VALUE!`` pointing at one of these reads as that error.
    """

    def __init__(
        self, g: Grammar, sst: np.ndarray, part: str, date1904: bool, warn: Callable[[str], None], rich: dict[int, str] | None = None
    ) -> None:
        self.g, self.sst, self.part, self.date1904, self.warn = g, sst, part, date1904, warn
        self.rich = rich or {}

    def fail(self, row: int, col: int, reason: str) -> XMLError:
        return XMLError(self.part, f"cell {cell_ref(row, col)}: {reason}")

    def scalar(self, kind: int, v: bytes | None, inline: bytes | None, row: int, col: int) -> Any:
        """The value of one cell."""
        if kind == T_S:
            if not v:
                return None
            try:
                i = int(v)
            except ValueError:
                raise self.fail(row, col, f"shared-string index {v[:20]!r} is not a number") from None
            if not 0 <= i < len(self.sst):
                raise self.fail(row, col, f"refers to shared string {i}; the table has {len(self.sst)}")
            return self.sst[i]
        if kind == T_STR:
            return unescape(v or b"")
        if kind == T_INLINE:
            if inline is None:
                return unescape(v) if v else None
            return _inline_text(self.g, inline)
        if kind == T_B:
            text = (v or b"").strip()
            if text in (b"1", b"true"):
                return True
            if text in (b"0", b"false"):
                return False
            if not text:
                return None
            raise self.fail(row, col, f"{text[:20]!r} is not a logical value")
        if kind == T_E:
            text = unescape(v or b"").strip()
            if not text:
                return None
            if text in CODE_OF:
                return XLError(text)
            if not text.startswith("#"):
                raise self.fail(row, col, f"{text[:20]!r} is not an error value")
            self.warn(f"{self.part}: cell {cell_ref(row, col)} holds the error {text[:20]}, read as #VALUE!")
            return XLError("#VALUE!")
        if kind == T_D:
            if not v:
                return None
            try:
                return dates.iso_serial(unescape(v), self.date1904)
            except dates.DateRangeError:
                self.warn(f"{self.part}: cell {cell_ref(row, col)} holds the date {v[:40].decode('utf-8', 'replace')}, outside the workbook's date system; read as #VALUE!")
                return XLError("#VALUE!")
            except ValueError:
                raise self.fail(row, col, f"{v[:40]!r} is not an ISO 8601 date") from None
        if kind == T_BAD:
            raise self.fail(row, col, "unknown cell type (t attribute)")
        if kind >= T_RICH:
            return XLError(RICH_KINDS[kind - T_RICH])
        return self.number(v, row, col)

    def number(self, v: bytes | None, row: int, col: int) -> Any:
        if v is None or not v.strip():
            return None
        text = v
        if b"&" in text:
            text = unescape(text).encode()
        try:
            value = float(text)
        except ValueError:
            raise self.fail(row, col, f"{v[:40]!r} is not a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            self.warn(f"{self.part}: cell {cell_ref(row, col)} stores {v[:40].decode('utf-8', 'replace')!r}, not a finite number; read as #NUM!")
            return XLError("#NUM!")
        return value

    def numbers(self, vs: np.ndarray, rows: np.ndarray, col: int) -> np.ndarray:
        """Numeric cells' texts as float64 (object array when one is not a finite number)."""
        try:  # float() on each text: what number() does, in C (twice numpy's bytes-to-float cast)
            vals = np.fromiter(map(float, vs.tolist()), np.float64, len(vs))
        except (ValueError, TypeError):
            vals = None
        if vals is not None and np.isfinite(vals).all():
            return vals
        out = np.empty(len(vs), dtype=object)
        out[:] = [self.number(v, int(r), col) for v, r in zip(vs.tolist(), rows.tolist(), strict=True)]
        if all(type(x) is float for x in out):
            return out.astype(np.float64)
        return out


def read_columns(
    g: Grammar,
    data: bytes,
    lay: Layout,
    cols: list[int],
    dec: Decoder,
    nrows: int,
) -> dict[int, tuple[np.ndarray | None, tuple[np.ndarray, np.ndarray] | None]]:
    """Read the cells of ``cols`` in one pass over ``<sheetData>``.

    Returns
    -------
    dict
        Column → (values, extras). ``values`` is a dense array indexed by row number
        (length ``max(nrows, last row) + 1``): float64 with NaN for blanks when the column
        holds numbers only, or when its few other cells (a header, a note) are returned in
        ``extras`` as (sorted rows, object values); else an object array with None for
        blanks. (None, None) for a column without cells.

    Raises
    ------
    LayoutMismatch
        A cell of these columns does not end where the regular layout says.
    XMLError
        A cell whose value cannot be read.
    """
    out: dict[int, tuple[np.ndarray | None, tuple[np.ndarray, np.ndarray] | None]] = {c: (None, None) for c in cols}
    if lay.end <= lay.body or not cols:
        return out
    letters = {col_letters(c).encode(): c for c in cols}
    pattern = g.columns(list(letters))
    types = _TypeCache(dec.rich)
    blocks = []  # whole rows at a time: the matches of one block only are held as tuples
    for start, stop in row_blocks(g, data, lay.body, lay.end):
        found = pattern.findall(data, start, stop)
        if found:
            blocks.append(_found_cells(found, letters, types, dec.part))
    if not blocks:
        return out
    rows, kinds, code, vobj, iobj = (np.concatenate(x) if len(blocks) > 1 else x[0] for x in zip(*blocks, strict=True))
    for c in cols:
        idx = np.flatnonzero(code == c) if len(letters) > 1 else None
        out[c] = _column(dec, c, nrows, rows, kinds, vobj, iobj, idx)
    return out


#: Bytes of sheet XML whose cells :func:`read_columns` matches at a time.
COLUMN_BLOCK = 2 << 20


def row_blocks(g: Grammar, data: bytes, start: int, stop: int, size: int | None = None) -> Iterator[tuple[int, int]]:
    """``[start, stop)`` of ``<sheetData>`` in spans of about ``size`` bytes (default
    :data:`COLUMN_BLOCK`), each ending after a ``</row>`` (no cell lies across two spans:
    ``</row>`` cannot occur inside one)."""
    size = COLUMN_BLOCK if size is None else size
    row_end = b"</" + g.prefix + b"row>"
    while stop - start > size:
        cut = data.rfind(row_end, start, start + size)
        if cut < 0:
            cut = data.find(row_end, start + size, stop)
            if cut < 0:
                break
        cut += len(row_end)
        yield start, cut
        start = cut
    yield start, stop


def _found_cells(
    found: list[tuple[bytes, ...]], letters: dict[bytes, int], types: _TypeCache, part: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The matches of :meth:`Grammar.columns` as arrays: rows, type codes, columns, ``<v>``
    texts and ``<is>`` bodies (objects)."""
    n = len(found)
    let_b, rows_b, attrs, vs, inl, ends = zip(*found, strict=True)
    rows = digits(rows_b)
    kc = np.fromiter(map(types.__getitem__, attrs), np.int8, n)
    closed = (kc & 1).astype(bool)
    ended = np.fromiter(map(bool, ends), bool, n)
    bad = ~(closed | ended)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise LayoutMismatch(part, f"cell {let_b[i].decode()}{rows_b[i].decode()} not in the regular layout")
    if len(letters) > 1:
        code = np.fromiter(map(letters.__getitem__, let_b), np.int64, n)
    else:
        code = np.full(n, next(iter(letters.values())), np.int64)
    vobj = np.empty(n, dtype=object)
    vobj[:] = vs
    iobj = np.empty(n, dtype=object)
    iobj[:] = inl
    return rows, kc >> 1, code, vobj, iobj


def _column(
    dec: Decoder, col: int, nrows: int, rows: np.ndarray, kinds: np.ndarray, vs: np.ndarray, inl: np.ndarray, idx: np.ndarray | None
) -> tuple[np.ndarray | None, tuple[np.ndarray, np.ndarray] | None]:
    if idx is not None:
        rows, kinds, vs, inl = rows[idx], kinds[idx], vs[idx], inl[idx]
    if not len(rows):
        return None, None
    check_grid(rows, np.full(len(rows), col, np.int64), dec.part, "cell")
    size = max(nrows, int(rows.max())) + 1
    has_v = vs.astype(bool)
    numeric = np.flatnonzero((kinds == T_N) & has_v)
    other = np.flatnonzero((kinds != T_N) & (has_v | (kinds == T_INLINE) | (kinds == T_BAD)))
    vals: np.ndarray = np.zeros(0)
    if len(numeric):
        vals = dec.numbers(vs[numeric], rows[numeric], col)
    if vals.dtype != np.float64:  # a non-finite number among them: handle those cells as others
        keep = np.fromiter((type(x) is float for x in vals), bool, len(vals))
        other = np.sort(np.concatenate([other, numeric[~keep]]))
        numeric, vals = numeric[keep], vals[keep].astype(np.float64)
    if not len(other):
        arr = np.full(size, np.nan)
        arr[rows[numeric]] = vals
        return arr, None
    ovals = np.empty(len(other), dtype=object)
    okinds = kinds[other]
    strings = np.flatnonzero(okinds == T_S)
    if len(strings):
        sidx = None
        try:
            sidx = vs[other[strings]].astype(np.bytes_).astype(np.int64)
        except ValueError:
            pass
        if sidx is not None and len(sidx) and 0 <= int(sidx.min()) and int(sidx.max()) < len(dec.sst):
            ovals[strings] = dec.sst[sidx]
        else:
            for j in strings.tolist():
                i = other[j]
                ovals[j] = dec.scalar(T_S, vs[i], None, int(rows[i]), col)
    for j in np.flatnonzero(okinds != T_S).tolist():
        i = other[j]
        k = int(kinds[i])
        ovals[j] = dec.number(vs[i], int(rows[i]), col) if k == T_N else dec.scalar(k, vs[i] or None, inl[i] if k == T_INLINE and inl[i] else None, int(rows[i]), col)
    if len(other) <= max(16, len(numeric) // 20):
        arr = np.full(size, np.nan)
        arr[rows[numeric]] = vals
        orows = rows[other]
        order = np.argsort(orows, kind="stable")
        return arr, (orows[order], ovals[order])
    arr = np.full(size, None, dtype=object)
    if len(numeric):
        arr[rows[numeric]] = vals
    arr[rows[other]] = ovals
    return arr, None


def row_numbers(g: Grammar, data: bytes, lay: Layout) -> np.ndarray:
    """The row numbers of every ``<row>`` of ``<sheetData>``."""
    return digits(g.row_numbers.findall(data, lay.body, lay.end))


def digits(texts: Sequence[bytes]) -> np.ndarray:
    """Texts of ASCII digits (as the expressions here capture row numbers) as int64, parsed
    in one C call.

    >>> digits([b"7", b"1048576", b"12"]).tolist(), len(digits([]))
    ([7, 1048576, 12], 0)
    """
    if not texts:
        return np.zeros(0, np.int64)
    out = np.fromstring(b" ".join(texts), dtype=np.int64, sep=" ")
    if len(out) != len(texts):
        raise ValueError("row numbers that are not digits")
    return out


def hidden_rows(g: Grammar, data: bytes, lay: Layout, custom_height: bool = False) -> np.ndarray:
    """Sorted numbers of the rows whose ``<row>`` says ``hidden="1"`` (with ``custom_height``,
    only those that also say ``customHeight="1"``)."""
    if data.find(b"hidden", lay.body, lay.end) < 0:
        return np.zeros(0, np.int64)
    marked = []
    for r, a in g.row.findall(data, lay.body, lay.end):
        attrs = attributes(a)
        if _truthy(attrs.get("hidden")) and (not custom_height or _truthy(attrs.get("customHeight"))):
            marked.append(r)
    return np.unique(digits(marked))


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true")
