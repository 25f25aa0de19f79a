"""Logical functions. (IF, IFS, IFERROR, IFNA and CHOOSE are evaluated lazily by the
evaluator: only the branch taken is computed.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import XLError
from ..values import E_VALUE, Err, as_array, boolean, emap, first_error, is_blank
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
