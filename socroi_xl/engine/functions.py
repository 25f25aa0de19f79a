"""Excel's native functions, as the evaluator calls them.

Each entry of :data:`FUNCTIONS` is ``(impl, kind)``; ``impl(n, args, refs)`` gets the
evaluated arguments (see :mod:`.values`), ``n`` (the run length, or None for one cell) and
``refs`` (which arguments were written as references: aggregates ignore text in those).

Kinds:

* ``"vector"`` — the implementation handles per-row columns itself (element-wise
  functions, aggregates): one call per column run.
* ``"rowwise"`` — written for one cell (lookups, criteria); when a run passes per-row
  values the evaluator calls it once per distinct combination of them.

``IF``, ``IFERROR``, ``IFNA``, ``IFS`` and ``CHOOSE`` are evaluated lazily by the evaluator.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ..coerce import excel_serial, parse_number_text
from ..errors import XLError
from .ops import compare_scalar
from .values import (
    E_DIV0,
    E_NA,
    E_NUM,
    E_VALUE,
    Err,
    Range,
    RowBlock,
    as_array,
    boolean,
    check_mix,
    emap,
    first_error,
    is_blank,
    num,
    numeric_cells,
    scalar_of,
    text,
    to_object,
)

E_REF = XLError("#REF!")
FUNCTIONS: dict[str, tuple[Callable[..., Any], str]] = {}


def fn(name: str, kind: str = "vector") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        for n in name.split():
            FUNCTIONS[n] = (f, kind)
        return f

    return deco


def elementwise(name: str, f: Callable[..., Any], nmin: int, nmax: int, defaults: tuple = ()) -> None:
    """Register a scalar function applied element by element."""

    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if not nmin <= len(args) <= nmax:
            return E_VALUE
        args = list(args) + list(defaults[len(args) - nmin :]) if len(args) < nmax and defaults else list(args)
        return emap(n, f, args)

    FUNCTIONS[name] = (impl, "vector")


# --- numbers -------------------------------------------------------------------------------
def _round_fast(mode: str, args: list[Any], n: int | None) -> Any:
    x = as_array(args[0])
    d = args[1] if len(args) > 1 else 0.0
    if x is None or x.dtype != np.float64 or type(d) is not float:
        return None
    check_mix(n, [x])
    m = 10.0**math.trunc(d)
    a = np.abs(np.where(np.isnan(x), 0.0, x)) * m
    if mode == "round":
        r = np.floor(a + 0.5 + a * 1e-14)
    elif mode == "up":
        r = np.ceil(a - a * 1e-14)
    else:
        r = np.floor(a + a * 1e-14)
    return np.sign(x) * r / m if m else x


def _round_scalar(mode: str) -> Callable[..., float]:
    def f(x: Any, d: Any = 0.0) -> float:
        v, digits = num(x), math.trunc(num(d))
        m = 10.0**digits
        a = abs(v) * m
        if mode == "round":
            r = math.floor(a + 0.5 + a * 1e-14)
        elif mode == "up":
            r = math.ceil(a - a * 1e-14)
        else:
            r = math.floor(a + a * 1e-14)
        return math.copysign(r / m, v) if v else 0.0

    return f


for _name, _mode in (("ROUND", "round"), ("ROUNDUP", "up"), ("ROUNDDOWN", "down")):

    def _impl(n: int | None, args: list[Any], refs: tuple[bool, ...], _mode: str = _mode) -> Any:
        if not 1 <= len(args) <= 2 or (_mode != "round" and len(args) != 2) or (_mode == "round" and len(args) != 2):
            return E_VALUE
        fast = _round_fast(_mode, args, n)
        if fast is not None:
            return np.where(fast == 0, 0.0, fast)
        return emap(n, _round_scalar(_mode), args)

    FUNCTIONS[_name] = (_impl, "vector")


@fn("ABS")
def _abs(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if len(args) != 1:
        return E_VALUE
    x = as_array(args[0])
    if x is not None and x.dtype == np.float64:
        check_mix(n, [x])
        return np.abs(np.where(np.isnan(x), 0.0, x))
    return emap(n, lambda v: abs(num(v)), args)


elementwise("INT", lambda v: float(math.floor(num(v))), 1, 1)
elementwise("SIGN", lambda v: float(np.sign(num(v))), 1, 1)
elementwise("SQRT", lambda v: math.sqrt(num(v)) if num(v) >= 0 else _raise(E_NUM), 1, 1)


def _mod(a: Any, b: Any) -> float:
    x, y = num(a), num(b)
    if y == 0:
        raise Err(E_DIV0)
    return x - y * math.floor(x / y)


elementwise("MOD", _mod, 2, 2)
elementwise("VALUE", lambda v: num(v) if not isinstance(v, str) or v.strip() else _raise(E_VALUE), 1, 1)


def _raise(err: XLError) -> Any:
    raise Err(err)


# --- logic ---------------------------------------------------------------------------------
def _logical(kind: str) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if not args:
            return E_VALUE
        const: list[bool] = []
        rows: list[Any] = []
        row_refs: list[bool] = []
        for a, is_ref in zip(args, refs, strict=False):
            arr = as_array(a)
            if arr is None or (n is not None and arr.ndim == 1):
                rows.append(a)
                row_refs.append(is_ref)
                continue
            err = first_error(arr)
            if err is not None:
                return err
            for v in arr.ravel().tolist():
                if type(v) is bool:
                    const.append(v)
                elif type(v) is float and v == v:
                    const.append(v != 0)
        if not rows and not const:
            return E_VALUE
        base = all(const) if kind == "AND" else any(const)

        def f(*vals: Any) -> Any:
            bs = [
                boolean(v)
                for v, ref in zip(vals, row_refs, strict=False)
                if not is_blank(v) and not (ref and isinstance(v, str) and type(v) is not XLError)
            ]
            if kind == "AND":
                return (base if const else True) and all(bs) if (bs or const) else _raise(E_VALUE)
            return (base if const else False) or any(bs) if (bs or const) else _raise(E_VALUE)

        if not rows:
            return base
        return emap(n, f, rows)

    return impl


FUNCTIONS["AND"] = (_logical("AND"), "vector")
FUNCTIONS["OR"] = (_logical("OR"), "vector")
elementwise("NOT", lambda v: not boolean(v), 1, 1)
FUNCTIONS["TRUE"] = (lambda n, a, r: True, "vector")
FUNCTIONS["FALSE"] = (lambda n, a, r: False, "vector")
FUNCTIONS["NA"] = (lambda n, a, r: E_NA, "vector")


def _is(pred: Callable[[Any], bool]) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if len(args) != 1:
            return E_VALUE
        return emap(n, pred, args, propagate=False)

    return impl


FUNCTIONS["ISBLANK"] = (_is(is_blank), "vector")
FUNCTIONS["ISNUMBER"] = (_is(lambda v: type(v) is float and v == v), "vector")
FUNCTIONS["ISTEXT"] = (_is(lambda v: isinstance(v, str) and type(v) is not XLError), "vector")
FUNCTIONS["ISNONTEXT"] = (_is(lambda v: not (isinstance(v, str) and type(v) is not XLError)), "vector")
FUNCTIONS["ISLOGICAL"] = (_is(lambda v: type(v) is bool), "vector")
FUNCTIONS["ISERROR"] = (_is(lambda v: type(v) is XLError), "vector")
FUNCTIONS["ISNA"] = (_is(lambda v: type(v) is XLError and v == "#N/A"), "vector")
FUNCTIONS["ISERR"] = (_is(lambda v: type(v) is XLError and v != "#N/A"), "vector")


# --- aggregates ----------------------------------------------------------------------------
class _Stats:
    """Running sum / count / min / max / non-blank count, scalar or per row."""

    def __init__(self) -> None:
        self.sum: Any = 0.0
        self.count: Any = 0
        self.min: Any = math.inf
        self.max: Any = -math.inf
        self.counta: Any = 0
        self.err: Any = None  # XLError or object array (per row) or None

    def add_numbers(self, vals: Any, mask: Any) -> None:
        if isinstance(vals, np.ndarray) and vals.ndim == 2:
            if mask.any():
                sel = vals[mask]
                self.sum = self.sum + float(sel.sum())
                self.count = self.count + int(mask.sum())
                self.min = np.minimum(self.min, sel.min())
                self.max = np.maximum(self.max, sel.max())
            return
        self.sum = self.sum + np.where(mask, vals, 0.0)
        self.count = self.count + mask.astype(np.int64)
        self.min = np.minimum(self.min, np.where(mask, vals, math.inf))
        self.max = np.maximum(self.max, np.where(mask, vals, -math.inf))


def _aggregate(n: int | None, args: list[Any], refs: tuple[bool, ...], counting: bool = False) -> _Stats | XLError:
    """Statistics of the arguments. ``counting`` (COUNT, COUNTA): text that is not a number
    and errors given directly are not errors, just not numbers."""
    st = _Stats()
    if any(isinstance(a, RowBlock) for a in args):  # one per-row argument per column of the block
        flat_args, flat_refs = [], []
        for a, is_ref in zip(args, refs, strict=False):
            if isinstance(a, RowBlock):
                flat_args.extend(a.values[:, j] for j in range(a.values.shape[1]))
                flat_refs.extend([True] * a.values.shape[1])
            else:
                flat_args.append(a)
                flat_refs.append(is_ref)
        args, refs = flat_args, tuple(flat_refs)
    for a, is_ref in zip(args, refs, strict=False):
        arr = as_array(a)
        if arr is not None and not (n is not None and arr.ndim == 1):
            err = first_error(arr)
            if err is not None:
                return err
            vals, mask = numeric_cells(arr)
            st.add_numbers(vals, mask)
            flat = arr.ravel()
            st.counta += int(np.count_nonzero(~np.isnan(arr))) if arr.dtype == np.float64 else sum(1 for v in flat if not is_blank(v))
            continue
        if arr is not None:  # per-row column of a run
            obj = arr
            if obj.dtype == np.float64:
                mask = ~np.isnan(obj)
                st.add_numbers(np.where(mask, obj, 0.0), mask)
                st.counta = st.counta + mask.astype(np.int64)
                continue
            lst = to_object(obj).tolist()
            vals = np.zeros(len(lst))
            mask = np.zeros(len(lst), bool)
            errs = np.empty(len(lst), dtype=object)
            nonblank = np.zeros(len(lst), np.int64)
            for i, v in enumerate(lst):
                if is_blank(v):
                    continue
                nonblank[i] = 1
                if type(v) is XLError:
                    errs[i] = v
                elif type(v) is float:
                    vals[i], mask[i] = v, True
                elif not is_ref:
                    try:
                        vals[i], mask[i] = num(v), True
                    except Err as e:
                        if not counting:
                            errs[i] = e.err
            st.add_numbers(vals, mask)
            st.counta = st.counta + nonblank
            if any(e is not None for e in errs):
                if isinstance(st.err, np.ndarray):
                    st.err = np.where(st.err == None, errs, st.err)  # noqa: E711
                else:
                    st.err = errs
            continue
        v = scalar_of(a)
        if is_blank(v):
            if not is_ref:
                st.counta += 1
            continue
        st.counta += 1
        if type(v) is XLError:
            if counting:
                continue
            return v
        if type(v) is float:
            _add_scalar(st, v)
        elif not is_ref:
            try:
                _add_scalar(st, num(v))
            except Err as e:
                if not counting:
                    return e.err
    return st


def _add_scalar(st: _Stats, v: float) -> None:
    st.sum = st.sum + v
    st.count = st.count + 1
    st.min = np.minimum(st.min, v)
    st.max = np.maximum(st.max, v)


def _finish(st: _Stats, value: Any, bad: Any = None, bad_err: XLError = E_DIV0) -> Any:
    """Per-row or scalar result with errors applied."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = float(value)
    if isinstance(bad, np.ndarray) and bad.ndim == 0:
        bad = bool(bad)
    if isinstance(value, np.ndarray) or isinstance(st.err, np.ndarray) or isinstance(bad, np.ndarray):
        shape = next(x.shape for x in (value, st.err, bad) if isinstance(x, np.ndarray))
        out = np.broadcast_to(np.asarray(value, dtype=np.float64), shape).astype(object)
        if bad is not None:
            out[np.broadcast_to(bad, shape)] = bad_err
        if isinstance(st.err, np.ndarray):
            m = st.err != None  # noqa: E711
            out[m] = st.err[m]
        if all(type(x) is float for x in out.tolist()):
            return out.astype(np.float64)
        return out
    if bad:
        return bad_err
    return float(value)


def _agg(kind: str) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if not args:
            return E_VALUE
        st = _aggregate(n, args, refs, counting=kind in ("COUNT", "COUNTA"))
        if isinstance(st, XLError):
            return st
        if kind == "SUM":
            return _finish(st, st.sum)
        if kind == "COUNT":
            return _finish(st, st.count)
        if kind == "COUNTA":
            st.err = None
            return _finish(st, st.counta)
        if kind == "AVERAGE":
            with np.errstate(all="ignore"):
                return _finish(st, np.divide(st.sum, np.maximum(st.count, 1)), np.asarray(st.count) == 0 if isinstance(st.count, np.ndarray) else st.count == 0)
        if kind == "MIN":
            return _finish(st, np.where(np.asarray(st.count) == 0, 0.0, st.min))
        return _finish(st, np.where(np.asarray(st.count) == 0, 0.0, st.max))

    return impl


for _k in ("SUM", "COUNT", "COUNTA", "AVERAGE", "MIN", "MAX"):
    FUNCTIONS[_k] = (_agg(_k), "vector")


@fn("SUBTOTAL", "rowwise")
def _subtotal(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    """SUBTOTAL(function_num, ref, ...) for 1-5 and 9 (and 101-105, 109: hidden rows are not known here)."""
    if len(args) < 2:
        return E_VALUE
    try:
        k = int(num(scalar_of(args[0])))
    except Err as e:
        return e.err
    name = {1: "AVERAGE", 2: "COUNT", 3: "COUNTA", 4: "MAX", 5: "MIN", 9: "SUM"}.get(k % 100 if k > 100 else k)
    if name is None:
        return E_VALUE
    return FUNCTIONS[name][0](None, args[1:], refs[1:])


@fn("COUNTBLANK", "rowwise")
def _countblank(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if len(args) != 1 or not isinstance(args[0], Range):
        return E_VALUE
    arr = args[0].values
    if arr.dtype == np.float64:
        return float(np.isnan(arr).sum())
    return float(sum(1 for v in arr.ravel().tolist() if is_blank(v) or v == ""))


def _dims(axis: int) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if len(args) != 1:
            return E_VALUE
        a = args[0]
        shape = a.shape if isinstance(a, (Range, np.ndarray)) else (1, 1)
        if len(shape) == 1:
            shape = (shape[0], 1)
        return float(shape[axis])

    return impl


FUNCTIONS["ROWS"] = (_dims(0), "rowwise")
FUNCTIONS["COLUMNS"] = (_dims(1), "rowwise")


def _array2d(a: Any) -> np.ndarray:
    arr = as_array(a)
    if arr is None:
        arr = np.array([[scalar_of(a)]], dtype=object)
    return arr if arr.ndim == 2 else arr.reshape(1, -1)


@fn("SUMPRODUCT", "rowwise")
def _sumproduct(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not args:
        return E_VALUE
    arrays = [_array2d(a) for a in args]
    shape = arrays[0].shape
    total = None
    for arr in arrays:
        if arr.shape != shape:
            return E_VALUE
        err = first_error(arr)
        if err is not None:
            return err
        vals, _mask = numeric_cells(arr)
        total = vals if total is None else total * vals
    s = float(np.sum(total))
    return s if math.isfinite(s) else E_NUM


# --- criteria ------------------------------------------------------------------------------
_OPS = ("<=", ">=", "<>", "=", "<", ">")


def _wild(pattern: str) -> re.Pattern[str] | None:
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


def criterion(crit: Any) -> Callable[[Any], bool]:
    """A predicate over one cell for a SUMIF/COUNTIF criterion."""
    if type(crit) is XLError:
        raise Err(crit)
    if is_blank(crit):
        crit = 0.0
    if type(crit) is bool or type(crit) is float:
        target = crit
        if type(target) is bool:
            return lambda v: type(v) is bool and v == target
        return lambda v: type(v) is float and v == target
    c = str(crit)
    op = "="
    for o in _OPS:
        if c.startswith(o):
            op, c = o, c[len(o) :]
            break
    explicit = crit != c
    number = parse_number_text(c) if c.strip() else None
    if number is not None:
        def numeric(v: Any) -> bool:
            if type(v) is float and v == v:
                return compare_scalar(op, v, number)
            if isinstance(v, str) and type(v) is not XLError and op == "=":
                return parse_number_text(v) == number
            return op == "<>"

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
    wild = _wild(c) if op in ("=", "<>") else None
    low = c.lower()
    if op in ("=", "<>"):
        if wild is not None:
            def match(v: Any) -> bool:
                return isinstance(v, str) and type(v) is not XLError and wild.fullmatch(v) is not None
        else:
            def match(v: Any) -> bool:
                return isinstance(v, str) and type(v) is not XLError and v.lower() == low
        return match if op == "=" else (lambda v: not match(v))
    return lambda v: isinstance(v, str) and type(v) is not XLError and compare_scalar(op, v.lower(), low)


def criteria_mask(rng: Any, crit: Any) -> np.ndarray:
    """Mask of the cells of ``rng`` meeting ``crit``."""
    arr = _array2d(rng)
    pred = criterion(scalar_of(crit))
    if arr.dtype == np.float64 and type(crit) is float:
        return arr == crit
    flat = to_object(arr).ravel().tolist()
    return np.fromiter((pred(v) for v in flat), bool, len(flat)).reshape(arr.shape)


def _ifs(kind: str, has_target_first: bool) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        try:
            if kind == "COUNT" and not has_target_first:  # COUNTIF(S)
                pairs, target = args, None
            elif has_target_first:  # SUMIFS(sum_range, r1, c1, ...)
                target, pairs = args[0], args[1:]
            else:  # SUMIF(range, crit, [sum_range])
                pairs = args[:2]
                target = args[2] if len(args) > 2 and args[2] is not None else args[0]
            if len(pairs) < 2 or len(pairs) % 2:
                return E_VALUE
            mask = None
            shape = None
            for i in range(0, len(pairs), 2):
                m = criteria_mask(pairs[i], pairs[i + 1])
                if shape is None:
                    shape = m.shape
                elif m.shape != shape:
                    return E_VALUE
                mask = m if mask is None else mask & m
        except Err as e:
            return e.err
        if kind == "COUNT":
            return float(mask.sum())
        tarr = _array2d(target)
        if tarr.shape != shape:
            if isinstance(target, Range) and not has_target_first:  # SUMIF resizes sum_range
                r = target
                tarr = Range(r.sheet, r.r1, r.c1, r.r1 + shape[0] - 1, r.c1 + shape[1] - 1).values
            else:
                return E_VALUE
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


FUNCTIONS["SUMIF"] = (_ifs("SUM", False), "rowwise")
FUNCTIONS["SUMIFS"] = (_ifs("SUM", True), "rowwise")
FUNCTIONS["COUNTIF"] = (_ifs("COUNT", False), "rowwise")
FUNCTIONS["COUNTIFS"] = (_ifs("COUNT", False), "rowwise")
FUNCTIONS["AVERAGEIF"] = (_ifs("AVERAGE", False), "rowwise")
FUNCTIONS["AVERAGEIFS"] = (_ifs("AVERAGE", True), "rowwise")


# --- lookups -------------------------------------------------------------------------------
def _key(v: Any) -> tuple[int, Any] | None:
    if is_blank(v):
        return None
    if type(v) is bool:
        return (2, v)
    if type(v) is XLError:
        return (3, str(v))
    if isinstance(v, str):
        return (1, v.lower())
    return (0, float(v))


def _vector(a: Any) -> tuple[list[Any], bool]:
    """A one-row or one-column range as a list; (values, is_row)."""
    arr = _array2d(a)
    if arr.shape[1] == 1:
        return to_object(arr[:, 0]).tolist(), False
    if arr.shape[0] == 1:
        return to_object(arr[0]).tolist(), True
    raise Err(E_NA)


_INDEX_CACHE: dict[int, tuple[Any, dict]] = {}


def _exact_index(values: list[Any], source: Any) -> dict:
    """First position of each value (cached per range object while a run is evaluated)."""
    key = id(source)
    hit = _INDEX_CACHE.get(key)
    if hit is not None and hit[0] is source:
        return hit[1]
    idx: dict = {}
    for i, v in enumerate(values):
        k = _key(v)
        if k is not None and k not in idx:
            idx[k] = i
    if len(_INDEX_CACHE) > 64:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[key] = (source, idx)
    return idx


def find(value: Any, values: list[Any], mode: int, source: Any = None, reverse: bool = False) -> int:
    """0-based position of ``value`` in ``values``; ``mode`` 0 exact (wildcards for text),
    1 largest <= value, -1 smallest >= value; raises #N/A."""
    if type(value) is XLError:
        raise Err(value)
    if mode == 0:
        if isinstance(value, str) and _wild(value) is not None:
            pat = _wild(value)
            rng = range(len(values) - 1, -1, -1) if reverse else range(len(values))
            for i in rng:
                v = values[i]
                if isinstance(v, str) and type(v) is not XLError and pat.fullmatch(v):
                    return i
            raise Err(E_NA)
        k = _key(value if not is_blank(value) else 0.0)
        if reverse:
            for i in range(len(values) - 1, -1, -1):
                if _key(values[i]) == k:
                    return i
            raise Err(E_NA)
        pos = _exact_index(values, source if source is not None else values).get(k)
        if pos is None:
            raise Err(E_NA)
        return pos
    best = -1
    k = _key(value if not is_blank(value) else 0.0)
    for i, v in enumerate(values):
        kv = _key(v)
        if kv is None or kv[0] != k[0]:
            continue
        if mode == 1:
            if kv[1] <= k[1]:
                best = i
            else:
                break
        else:
            if kv[1] >= k[1]:
                best = i
            else:
                break
    if best < 0:
        raise Err(E_NA)
    return best


@fn("MATCH", "rowwise")
def _match(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not 2 <= len(args) <= 3:
        return E_VALUE
    try:
        mode = int(num(args[2])) if len(args) > 2 and args[2] is not None else 1
        values, _ = _vector(args[1])
        return float(find(scalar_of(args[0]), values, max(-1, min(1, mode)), args[1]) + 1)
    except Err as e:
        return e.err


@fn("INDEX", "rowwise")
def _index(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not 2 <= len(args) <= 3:
        return E_VALUE
    try:
        src = args[0]
        arr = _array2d(src)
        r = int(num(args[1])) if args[1] is not None else 0
        c = int(num(args[2])) if len(args) > 2 and args[2] is not None else 0
        if len(args) == 2 and arr.shape[0] == 1 and arr.shape[1] > 1:
            r, c = 1, r
        if len(args) == 2 and arr.shape[1] == 1:
            c = 1
        if r < 0 or c < 0 or r > arr.shape[0] or c > arr.shape[1]:
            return E_REF
        if r == 0 and c == 0:
            return src
        if r == 0:
            if isinstance(src, Range):
                return Range(src.sheet, src.r1, src.c1 + c - 1, src.r2, src.c1 + c - 1)
            return arr[:, c - 1 : c]
        if c == 0:
            if arr.shape[1] == 1:
                c = 1
            elif isinstance(src, Range):
                return Range(src.sheet, src.r1 + r - 1, src.c1, src.r1 + r - 1, src.c2)
            else:
                return arr[r - 1 : r, :]
        if isinstance(src, Range):
            return Range(src.sheet, src.r1 + r - 1, src.c1 + c - 1, src.r1 + r - 1, src.c1 + c - 1)
        return scalar_of(arr[r - 1, c - 1])
    except Err as e:
        return e.err


def _lookup(horizontal: bool) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if not 3 <= len(args) <= 4:
            return E_VALUE
        try:
            table = _array2d(args[1])
            if horizontal:
                table = table.T
            col = int(num(args[2]))
            approx = boolean(args[3]) if len(args) > 4 - 1 and args[3] is not None else True
            if col < 1:
                return E_VALUE
            if col > table.shape[1]:
                return E_REF
            first = to_object(table[:, 0]).tolist()
            src = args[1] if isinstance(args[1], Range) and not horizontal else None
            i = find(scalar_of(args[0]), first, 1 if approx else 0, src)
            v = scalar_of(table[i, col - 1])
            return 0.0 if v is None else v
        except Err as e:
            return e.err

    return impl


FUNCTIONS["VLOOKUP"] = (_lookup(False), "rowwise")
FUNCTIONS["HLOOKUP"] = (_lookup(True), "rowwise")


@fn("XLOOKUP", "rowwise")
def _xlookup(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not 3 <= len(args) <= 6:
        return E_VALUE
    try:
        values, is_row = _vector(args[1])
        ret = _array2d(args[2])
        mode = int(num(args[4])) if len(args) > 4 and args[4] is not None else 0
        search = int(num(args[5])) if len(args) > 5 and args[5] is not None else 1
        value = scalar_of(args[0])
        try:
            if mode == 0:
                i = find(value if not isinstance(value, str) else value.replace("~", "~~").replace("*", "~*").replace("?", "~?"), values, 0, args[1], reverse=search == -1)
            elif mode == 2:
                i = find(value, values, 0, None, reverse=search == -1)
            elif mode in (-1, 1):
                i = _nearest(value, values, mode)
            else:
                return E_VALUE
        except Err as e:
            if e.err == "#N/A" and len(args) > 3 and args[3] is not None:
                return args[3]
            raise
        if is_row:
            if ret.shape[1] != len(values):
                return E_VALUE
            out = ret[:, i : i + 1]
        else:
            if ret.shape[0] != len(values):
                return E_VALUE
            out = ret[i : i + 1, :]
        if out.size == 1:
            v = scalar_of(out[0, 0])
            return 0.0 if v is None else v
        return out
    except Err as e:
        return e.err


def _nearest(value: Any, values: list[Any], mode: int) -> int:
    k = _key(value)
    best, best_k = -1, None
    for i, v in enumerate(values):
        kv = _key(v)
        if kv is None or k is None or kv[0] != k[0]:
            continue
        if kv == k:
            return i
        if mode == -1 and kv[1] < k[1] and (best_k is None or kv[1] > best_k):
            best, best_k = i, kv[1]
        if mode == 1 and kv[1] > k[1] and (best_k is None or kv[1] < best_k):
            best, best_k = i, kv[1]
    if best < 0:
        raise Err(E_NA)
    return best


# --- dates ---------------------------------------------------------------------------------
_EPOCH = dt.date(1899, 12, 30)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def date_value(v: Any) -> float:
    """A value as a date serial: numbers as they are, date text as Excel's DATEVALUE reads it."""
    if isinstance(v, str) and type(v) is not XLError and parse_number_text(v) is None:
        for fmt in _DATE_FORMATS:
            try:
                return excel_serial(dt.datetime.strptime(v.strip(), fmt))
            except ValueError:
                continue
        raise Err(E_VALUE)
    return num(v)


def to_date(serial: Any) -> dt.date:
    """The calendar date of a serial (Excel's 1900 system, with its fictitious 29 Feb 1900)."""
    s = math.floor(date_value(serial))
    if s < 0 or s >= 2958466:
        raise Err(E_NUM)
    if s < 61:  # Excel counts 1900 as a leap year: serials 1-59 start from 31 Dec 1899
        if s == 60:
            raise Err(E_NUM)  # 29 Feb 1900 does not exist in Python's calendar
        return dt.date(1899, 12, 31) + dt.timedelta(days=s)
    return _EPOCH + dt.timedelta(days=s)


def _date(y: Any, m: Any, d: Any) -> float:
    year, month, day = math.trunc(num(y)), math.trunc(num(m)), math.trunc(num(d))
    if year < 0 or year > 9999:
        raise Err(E_NUM)
    if year < 1900:
        year += 1900
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 1 <= year <= 9999:
        raise Err(E_NUM)
    serial = excel_serial(dt.date(year, month, 1)) + day - 1
    if serial < 0:
        raise Err(E_NUM)
    return float(serial)


def _eomonth(start: Any, months: Any) -> float:
    d = to_date(start)
    total = d.year * 12 + (d.month - 1) + math.trunc(num(months)) + 1
    y, m = divmod(total, 12)
    if not 1900 <= y <= 9999:
        raise Err(E_NUM)
    return excel_serial(dt.date(y, m + 1, 1)) - 1.0


def _weeknum(serial: Any, kind: Any = 1.0) -> float:
    d = to_date(serial)
    k = int(num(kind)) if not is_blank(kind) else 1
    if k == 21:
        return float(d.isocalendar()[1])
    starts = {1: 6, 2: 0, 11: 0, 12: 1, 13: 2, 14: 3, 15: 4, 16: 5, 17: 6}  # python weekday
    if k not in starts:
        raise Err(E_NUM)
    first = dt.date(d.year, 1, 1)
    offset = (first.weekday() - starts[k]) % 7
    return float((d.timetuple().tm_yday - 1 + offset) // 7 + 1)


def _part(kind: str) -> Callable[[Any], float]:
    def f(s: Any) -> float:
        serial = math.floor(date_value(s))
        if serial == 60:  # Excel's 29 Feb 1900
            return {"year": 1900.0, "month": 2.0, "day": 29.0}[kind]
        if serial == 0:
            return {"year": 1900.0, "month": 1.0, "day": 0.0}[kind]
        return float(getattr(to_date(serial), kind))

    return f


elementwise("DATE", _date, 3, 3)
elementwise("YEAR", _part("year"), 1, 1)
elementwise("MONTH", _part("month"), 1, 1)
elementwise("DAY", _part("day"), 1, 1)
elementwise("DATEVALUE", date_value, 1, 1)
elementwise("EOMONTH", _eomonth, 2, 2)
elementwise("WEEKNUM", _weeknum, 1, 2, (1.0,))
elementwise("WEEKDAY", lambda s, k=1.0: float({1: (to_date(s).weekday() + 1) % 7 + 1, 2: to_date(s).weekday() + 1, 3: to_date(s).weekday()}.get(int(num(k)), _raise(E_NUM) if int(num(k)) not in (1, 2, 3) else 0)), 1, 2, (1.0,))


# --- text ----------------------------------------------------------------------------------
def _count(v: Any, default: float = 1.0) -> int:
    x = default if v is None else num(v)
    if x < 0:
        raise Err(E_VALUE)
    return int(x)


elementwise("LEFT", lambda t, k=None: text(t)[: _count(k)], 1, 2, (None,))
elementwise("RIGHT", lambda t, k=None: (lambda s, c: s[len(s) - c :] if c else "")(text(t), _count(k)), 1, 2, (None,))


def _mid(t: Any, start: Any, k: Any) -> str:
    s, b, c = text(t), int(num(start)), _count(k, 0.0)
    if b < 1:
        raise Err(E_VALUE)
    return s[b - 1 : b - 1 + c]


elementwise("MID", _mid, 3, 3)
elementwise("LEN", lambda t: float(len(text(t))), 1, 1)
elementwise("TRIM", lambda t: " ".join(p for p in text(t).split(" ") if p), 1, 1)
elementwise("UPPER", lambda t: text(t).upper(), 1, 1)
elementwise("LOWER", lambda t: text(t).lower(), 1, 1)
elementwise("PROPER", lambda t: text(t).title(), 1, 1)
elementwise("EXACT", lambda a, b: text(a) == text(b), 2, 2)


def _flatten_text(n: int | None, args: list[Any]) -> list[Any]:
    """Arguments of CONCAT/TEXTJOIN: ranges flattened (row by row), per-row values kept."""
    out = []
    for a in args:
        arr = as_array(a)
        if arr is not None and not (n is not None and arr.ndim == 1):
            out.extend(to_object(arr).ravel().tolist())
        else:
            out.append(a)
    return out


@fn("CONCAT CONCATENATE")
def _concat(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    parts = _flatten_text(n, args)
    if not parts:
        return E_VALUE
    return emap(n, lambda *vals: "".join(text(v) for v in vals), parts)


@fn("TEXTJOIN")
def _textjoin(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if len(args) < 3:
        return E_VALUE
    parts = _flatten_text(n, args[2:])

    def f(delim: Any, ignore: Any, *vals: Any) -> str:
        skip = boolean(ignore)
        texts = [text(v) for v in vals]
        if skip:
            texts = [t for t in texts if t != ""]
        return text(delim).join(texts)

    return emap(n, f, [args[0], args[1], *parts])


def _text_fmt(v: Any, fmt: Any) -> str:
    """TEXT for the common number formats: 0, 0.00, #,##0(.00), 0%, 0.0%, yyyy-mm-dd."""
    f = text(fmt)
    if isinstance(v, str) and parse_number_text(v) is None:
        return v
    x = num(v)
    low = f.lower()
    if any(t in low for t in ("yy", "dd", "mmm")) or low in ("m/d/yyyy", "d/m/yyyy"):
        d = to_date(x)
        out = low.replace("yyyy", "%Y").replace("yy", "%y").replace("mmmm", "%B").replace("mmm", "%b")
        out = out.replace("mm", "%m").replace("dd", "%d")
        return d.strftime(out)
    m = re.fullmatch(r"(#,##)?0(\.(0+))?(%?)", f)
    if not m:
        raise Err(E_VALUE)
    decimals = len(m.group(3) or "")
    if m.group(4):
        x *= 100
    r = _round_scalar("round")(x, float(decimals))
    s = f"{r:,.{decimals}f}" if m.group(1) else f"{r:.{decimals}f}"
    return s + ("%" if m.group(4) else "")


elementwise("TEXT", _text_fmt, 2, 2)
