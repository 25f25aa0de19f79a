"""Logical functions: AND, OR, XOR (hand-vectorised: a filled-down ``AND(B2>0, C2>0)`` is one
numpy pass), NOT, SWITCH, TRUE, FALSE. (IF, IFS, IFERROR, IFNA and CHOOSE are evaluated
lazily by the evaluator: only the branch taken is computed.)

AND, OR and XOR read logical values and numbers (non-zero TRUE); text and blank cells are
ignored, in a range or given directly, except the texts "TRUE" and "FALSE" given directly
(Excel's saved values: ``AND("", TRUE)`` and ``AND(TRUE, "0")`` are TRUE, ``AND("TRUE")`` is
TRUE, ``AND("0")`` is ``#VALUE!``); no logical value at all is ``#VALUE!``; an error anywhere
is the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import XLError
from ..ops import compare_scalar
from ..values import E_NA, E_VALUE, Err, as_array, boolean, emap, first_error, is_blank
from .legacy import FUNCTIONS
from .spec import function


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
        if kind == "AND":
            base = all(const)
        elif kind == "OR":
            base = any(const)
        else:
            base = sum(const) % 2 == 1

        def f(*vals: Any) -> Any:
            bs = [
                boolean(v)
                for v, ref in zip(vals, row_refs, strict=False)
                if not is_blank(v) and not (isinstance(v, str) and type(v) is not XLError and (ref or v.strip().upper() not in ("TRUE", "FALSE")))
            ]
            if not (bs or const):
                return _raise(E_VALUE)
            if kind == "AND":
                return base and all(bs)
            if kind == "OR":
                return base or any(bs)
            return (base + sum(bs)) % 2 == 1

        if not rows:
            return base
        return emap(n, f, rows)

    return impl


FUNCTIONS["AND"] = (_logical("AND"), "vector")
FUNCTIONS["OR"] = (_logical("OR"), "vector")
FUNCTIONS["XOR"] = (_logical("XOR"), "vector")


def _raise(err: XLError) -> Any:
    raise Err(err)


@function("NOT", "logical", category="logical")
def NOT(x: bool) -> bool:
    """Reverses a logical value."""
    return not x


@function("TRUE", "", category="logical")
def TRUE() -> bool:
    """The logical value TRUE."""
    return True


@function("FALSE", "", category="logical")
def FALSE() -> bool:
    """The logical value FALSE."""
    return False


@function("SWITCH", "any, any, any...", category="logical")
def SWITCH(expr: Any, *pairs: Any) -> Any:
    """Compares a value with a list of values and returns the result of the first match (the
    default, the last argument when their number is even, when none matches; else #N/A)."""
    if type(expr) is XLError:
        return expr
    # a blank is the number 0 here: it matches 0, not "" nor FALSE (pycel's logical.xlsx)
    if expr is None:
        expr = 0.0
    n = len(pairs)
    for i in range(0, n - 1, 2):
        v = pairs[i]
        if type(v) is XLError:
            return v  # an error reached among the values is the result (pycel's logical.xlsx, Excel-saved)
        if compare_scalar("=", expr, 0.0 if v is None else v) is True:
            return pairs[i + 1]
    if n % 2:
        return pairs[-1]
    return E_NA
