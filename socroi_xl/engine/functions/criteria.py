"""Criteria of SUMIF, COUNTIF, AVERAGEIF and their -IFS forms: ``">=10"``, ``"<>"``,
wildcards ``*`` ``?`` ``~``, numbers matching numeric text; and the one implementation of the
six functions (registered by the math and statistical modules)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ...coerce import parse_number_text
from ...errors import XLError
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
    wild = wildcard(c) if op in ("=", "<>") else None
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
    arr = array2d(rng)
    pred = criterion(scalar_of(crit))
    if arr.dtype == np.float64 and type(crit) is float:
        return arr == crit
    flat = to_object(arr).ravel().tolist()
    return np.fromiter((pred(v) for v in flat), bool, len(flat)).reshape(arr.shape)


def criteria_function(kind: str, has_target_first: bool) -> Callable[..., Any]:
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
        tarr = array2d(target)
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


