"""Criteria of SUMIF, COUNTIF, AVERAGEIF and their -IFS forms: ``">=10"``, ``"<>"``,
wildcards ``*`` ``?`` ``~``, numbers matching numeric text; and the one implementation of the
six functions (registered by the math and statistical modules)."""

from __future__ import annotations

import operator
import re
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import CODE_OF, XLError
from ...xl.numtext import parse_number_text
from ..ops import compare_scalar
from ..values import (
    E_DIV0,
    E_VALUE,
    Err,
    Range,
    first_error,
    is_blank,
    numeric_cells,
    scalar_of,
    to_object,
)
from .aggregate import array2d

_OPS = ("<=", ">=", "<>", "=", "<", ">")


def wildcard(pattern: str) -> re.Pattern[str] | None:
    if not any(ch in pattern for ch in "*?~"):
        return None
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "~" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.I | re.S)


def _numeric_text(v: Any, target: float) -> bool:
    return isinstance(v, str) and type(v) is not XLError and parse_number_text(v) == target


def criterion(crit: Any) -> Callable[[Any], bool]:
    """A predicate over one cell for a SUMIF/COUNTIF criterion.

    As Excel counts (IronCalc's COUNTIF.xlsx and COUNTIFS.xlsx, values Excel saved): an
    error, or text naming one (``"#N/A"``, ``"<>#DIV/0!"``), matches cells holding that
    error; a number (and ``"=23"``) matches numeric text too, ``"<23"`` does not; a blank
    criterion cell is 0; ``"<"``, ``">="``... with nothing after them match nothing."""
    if type(crit) is XLError:
        err = crit
        return lambda v: type(v) is XLError and v == err
    if is_blank(crit):
        crit = 0.0
    if type(crit) is bool or type(crit) is float:
        target = crit
        if type(target) is bool:
            return lambda v: type(v) is bool and v == target
        return lambda v: (type(v) is float and v == target) or _numeric_text(v, target)
    c = str(crit)
    op = "="
    for o in _OPS:
        if c.startswith(o):
            op, c = o, c[len(o) :]
            break
    explicit = crit != c
    if c in CODE_OF and op in ("=", "<>"):
        code = c
        is_it = (lambda v: type(v) is XLError and v == code)  # noqa: E731
        return is_it if op == "=" else (lambda v: not is_it(v))
    if c == "" and op not in ("=", "<>"):
        return lambda v: False
    number = parse_number_text(c) if c.strip() else None
    if number is not None:
        def numeric(v: Any) -> bool:
            if type(v) is float and v == v:
                return compare_scalar(op, v, number)
            if isinstance(v, str) and type(v) is not XLError and op == "=":
                return parse_number_text(v) == number
            return op == "<>"

        numeric.number = (op, number)  # type: ignore[attr-defined]  # for _mask's numpy path
        return numeric
    up = c.upper()
    if up in ("TRUE", "FALSE"):
        b = up == "TRUE"
        return lambda v: (type(v) is bool and compare_scalar(op, v, b)) or (op == "<>" and type(v) is not bool)
    if c == "":
        if op == "=" and explicit:
            return is_blank
        if op == "<>":
            return lambda v: not is_blank(v)
        return lambda v: is_blank(v) or v == ""
    wild = wildcard(c) if op in ("=", "<>") else None
    low = c.lower()
    if op in ("=", "<>"):
        if wild is not None:
            def match(v: Any) -> bool:
                return isinstance(v, str) and type(v) is not XLError and wild.fullmatch(v) is not None
        else:
            def match(v: Any) -> bool:
                return isinstance(v, str) and type(v) is not XLError and v.lower() == low
        pred = match if op == "=" else (lambda v: not match(v))
        if wild is None:
            pred.text = (op, low)  # type: ignore[attr-defined]  # for _mask's numpy path
        return pred
    return lambda v: isinstance(v, str) and type(v) is not XLError and compare_scalar(op, v.lower(), low)


def criteria_mask(rng: Any, crit: Any) -> np.ndarray:
    """Mask of the cells of ``rng`` meeting ``crit``."""
    return _mask(array2d(rng), criterion(scalar_of(crit)), crit)


_NP_OPS = {"=": operator.eq, "<>": operator.ne, "<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}


def _mask(arr: np.ndarray, pred: Callable[[Any], bool], crit: Any, area: Any = None) -> np.ndarray:
    """Which cells of ``arr`` meet the criterion: numpy where the criterion allows it (a
    number against a number column; text equality against the range's text, read once per
    range), else the predicate cell by cell. Both give the same answer."""
    if arr.dtype == np.float64:
        if type(crit) is float:
            return arr == crit
        number = getattr(pred, "number", None)
        if number is not None:  # a number column holds only numbers and blanks
            op, x = number
            blank = np.isnan(arr)
            with np.errstate(invalid="ignore"):
                hit = _NP_OPS[op](arr, x) & ~blank
            return hit | blank if op == "<>" else hit
    elif arr.dtype == object:
        text_eq = getattr(pred, "text", None)
        if text_eq is not None:
            op, low = text_eq
            codes, table = _text_codes(arr, area)
            hit = codes == table.get(low, -2)
            return hit if op == "=" else ~hit
    flat = to_object(arr).ravel().tolist()
    return np.fromiter((pred(v) for v in flat), bool, len(flat)).reshape(arr.shape)


#: Text cells of a range as codes (lower case -> code; -1: not text), computed once per area
#: of a sheet while the sheet's values have not changed (``Sheet.version``), or once per
#: array while it lives: SUMIFS over a table column with many criteria reads it once.
_TEXT_CODES: dict[Any, tuple[Any, np.ndarray, dict[str, int]]] = {}


def _text_codes(arr: np.ndarray, area: Any = None) -> tuple[np.ndarray, dict[str, int]]:
    ref = getattr(area, "ref", None)
    sheet = getattr(ref, "sheet", None)
    if sheet is not None and hasattr(sheet, "version"):
        key: Any = ("area", id(sheet), sheet.version, ref.r1, ref.c1, ref.r2, ref.c2, arr.shape)
        owner: Any = sheet
    else:
        key, owner = id(arr), arr
    hit = _TEXT_CODES.get(key)
    if hit is not None and hit[0]() is owner:
        return hit[1], hit[2]
    table: dict[str, int] = {}
    flat = arr.ravel().tolist()
    codes = np.fromiter(
        (table.setdefault(v.lower(), len(table)) if type(v) is str else -1 for v in flat), np.int64, len(flat)
    ).reshape(arr.shape)
    if len(_TEXT_CODES) >= 64:
        for key in [k for k, v in _TEXT_CODES.items() if v[0]() is None] or list(_TEXT_CODES)[:32]:
            del _TEXT_CODES[key]
    _TEXT_CODES[key] = (weakref.ref(owner), codes, table)
    return codes, table


class _Area:
    """A range argument: its cells (a whole column only down to the used area) and the
    shape it really covers (the rest blank)."""

    __slots__ = ("values", "shape", "ref")

    def __init__(self, a: Any) -> None:
        self.ref = a if isinstance(a, Range) else None
        if isinstance(a, Range) and a.full is not None:
            self.values, self.shape = a.values, a.true_shape
        else:
            self.values = array2d(a)
            self.shape = self.values.shape

    def padded(self, rows: int, cols: int) -> np.ndarray:
        """The cells, blank-padded (or cut) to rows x cols."""
        v = self.values
        if v.shape == (rows, cols):
            return v
        out = np.full((rows, cols), np.nan) if v.dtype == np.float64 else np.full((rows, cols), None, dtype=object)
        h, w = min(rows, v.shape[0]), min(cols, v.shape[1])
        out[:h, :w] = v[:h, :w]
        return out


def _criteria_arrays(pairs: list[Any]) -> tuple[int, int] | None:
    """The shape the criteria arrays lift the function to (``COUNTIF(A:A,{"a","b"})``), or
    None when every criterion is one value."""
    shapes = [np.shape(pairs[i]) for i in range(1, len(pairs), 2) if isinstance(pairs[i], np.ndarray) and np.ndim(pairs[i]) == 2 and np.size(pairs[i]) > 1]
    if not shapes:
        return None
    return max(s[0] for s in shapes), max(s[1] for s in shapes)


def criteria_function(kind: str, has_target_first: bool) -> Callable[..., Any]:
    """SUMIF/SUMIFS/COUNTIF/COUNTIFS/AVERAGEIF/AVERAGEIFS (hand-vectorised, ``"rowwise"``).

    Whole columns are read down to the used area; the blank rows below count where a
    criterion matches a blank (``COUNTIF(A:A,"")``); ranges of different sheets' whole
    columns line up; an array of criteria gives an array of results."""

    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if kind == "COUNT" and not has_target_first:  # COUNTIF(S)
            pairs, target = list(args), None
        elif has_target_first:  # SUMIFS(sum_range, r1, c1, ...)
            if not args:
                return E_VALUE
            target, pairs = args[0], list(args[1:])
        else:  # SUMIF(range, crit, [sum_range])
            pairs = list(args[:2])
            target = args[2] if len(args) > 2 and args[2] is not None else (args[0] if args else None)
        if len(pairs) < 2 or len(pairs) % 2:
            return E_VALUE
        lifted = _criteria_arrays(pairs)
        if lifted is None:
            return one(pairs, target)
        from ..values import expand

        crits = {i: expand(to_object(np.asarray(pairs[i]).reshape(np.shape(pairs[i]))), lifted) if isinstance(pairs[i], np.ndarray) else None for i in range(1, len(pairs), 2)}
        out = np.empty(lifted, dtype=object)
        for r in range(lifted[0]):
            for c in range(lifted[1]):
                p = list(pairs)
                for i, arr in crits.items():
                    if arr is not None:
                        p[i] = arr[r, c]
                out[r, c] = one(p, target)
        return out

    def one(pairs: list[Any], target: Any) -> Any:
        try:
            areas = [_Area(pairs[i]) for i in range(0, len(pairs), 2)]
            shape = areas[0].shape
            if any(a.shape != shape for a in areas):
                return E_VALUE
            rows = max(a.values.shape[0] for a in areas)
            cols = max(a.values.shape[1] for a in areas)
            mask = None
            tail_matches = True
            for a, i in zip(areas, range(1, len(pairs), 2), strict=True):
                crit = scalar_of(pairs[i])
                pred = criterion(crit)
                m = _mask(a.padded(rows, cols), pred, crit, a)
                mask = m if mask is None else mask & m
                tail_matches = tail_matches and bool(pred(None))
        except Err as e:
            return e.err
        tail = shape[0] * shape[1] - rows * cols
        if kind == "COUNT":
            return float(mask.sum()) + (float(tail) if tail_matches and tail > 0 else 0.0)
        if target is None:
            return E_VALUE
        t = _Area(target)
        if t.shape != shape:
            if isinstance(target, Range) and not has_target_first:  # SUMIF resizes sum_range
                r = target
                t = _Area(Range(r.sheet, r.r1, r.c1, r.r1 + min(shape[0], rows) - 1, r.c1 + min(shape[1], cols) - 1))
            else:
                return E_VALUE
        tarr = t.padded(rows, cols)
        sel = tarr[mask]
        err = first_error(sel)
        if err is not None:
            return err
        vals, nm = numeric_cells(sel)
        total = float(vals.sum())
        if kind == "SUM":
            return total
        count = int(nm.sum())
        return total / count if count else E_DIV0

    return impl
