"""Lookup & reference functions: MATCH, INDEX, VLOOKUP, HLOOKUP, XLOOKUP, ROWS, COLUMNS.

(CHOOSE is evaluated lazily by the evaluator.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import (
    E_NA,
    E_VALUE,
    Err,
    Range,
    boolean,
    is_blank,
    num,
    scalar_of,
    to_object,
)
from .aggregate import array2d
from .criteria import wildcard
from .legacy import E_REF, FUNCTIONS, fn


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
    arr = array2d(a)
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
        if isinstance(value, str) and wildcard(value) is not None:
            pat = wildcard(value)
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
        arr = array2d(src)
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
            table = array2d(args[1])
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
        ret = array2d(args[2])
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

