"""The functions the evaluator evaluates lazily — IF, IFS, IFERROR, IFNA, CHOOSE — so that
only the branch taken is computed (for one cell); over a column run or an array, element by
element with masks."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import XLError
from .context import Ctx
from .parser import Node
from .values import (
    E_NA,
    E_VALUE,
    Err,
    Grid,
    Rows,
    as_array,
    boolean,
    check_mix,
    errors_mask,
    excel_shape,
    expand,
    num,
    scalar_of,
    to_object,
)

#: The names evaluated here.
LAZY = frozenset(("IF", "IFS", "IFERROR", "IFNA", "CHOOSE"))


class Conditionals:
    """Mixin of :class:`~.interp.Interpreter`: the lazy functions."""

    def ev(self, node: Node, ctx: Ctx) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def operand(self, node: Node, ctx: Ctx) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def branch(self, name: str, args: tuple[Node, ...], ctx: Ctx) -> Node | XLError | None:
        """The argument IF or CHOOSE returns, chosen by a single condition or index (an
        error: the result), or None when they are arrays (evaluated element by element): a
        reference there stays a reference (``SUM(CHOOSE(1,A1,A2):CHOOSE(2,A3,A5))``)."""
        if name not in ("IF", "CHOOSE") or not args or (name == "IF" and len(args) > 3) or (name == "CHOOSE" and len(args) < 2):
            return None
        v = self.operand(args[0], ctx)
        if as_array(v) is not None:
            return None
        v = scalar_of(v)
        if type(v) is XLError:
            return v
        try:
            if name == "IF":
                i = 1 if boolean(v) else 2
                return args[i] if i < len(args) else None
            i = int(num(v))
        except Err as e:
            return e.err
        return args[i] if 1 <= i < len(args) else E_VALUE

    def lazy(self, name: str, args: tuple[Node, ...], ctx: Ctx) -> Any:
        n = ctx.n
        if name in ("IFERROR", "IFNA"):
            if len(args) != 2:
                return E_VALUE
            v = self.operand(args[0], ctx)
            only_na = name == "IFNA"
            arr = as_array(v)
            if arr is None:
                v = scalar_of(v)
                if type(v) is XLError and (not only_na or v == "#N/A"):
                    return _missing(self.ev(args[1], ctx))
                return v
            mask = errors_mask(arr)
            if only_na and mask.any():
                mask &= np.fromiter((x == "#N/A" for x in arr.ravel()), bool, arr.size).reshape(arr.shape)
            if not mask.any():
                return v
            alt = _missing(self.operand(args[1], ctx))
            return _select(n, ~mask, arr, alt)
        if name == "IF":
            if not 2 <= len(args) <= 3:  # IF(x) alone: Excel's "too few arguments" (an eta IF)
                return E_VALUE
            cond = self.operand(args[0], ctx)
            carr = as_array(cond)
            if carr is None:
                c = scalar_of(cond)
                if type(c) is XLError:
                    return c
                try:
                    truth = boolean(c)
                except Err as e:
                    return e.err
                if truth:
                    return _missing(self.ev(args[1], ctx)) if len(args) > 1 else True
                return _missing(self.ev(args[2], ctx)) if len(args) > 2 else False
            mask, errs = _conditions(carr)
            a = _missing(self.operand(args[1], ctx)) if len(args) > 1 else True
            b = _missing(self.operand(args[2], ctx)) if len(args) > 2 else False
            out = _select(n, mask, a, b)
            if errs is not None:
                out = _select(n, _none_mask(errs), out, Grid(errs) if errs.ndim == 2 else Rows(errs))
            return out
        if name == "IFS":
            if len(args) < 2 or len(args) % 2:
                return E_VALUE
            if n is None:
                for i in range(0, len(args), 2):
                    c = self.operand(args[i], ctx)
                    if as_array(c) is not None:
                        return self._ifs_array(args, ctx)
                    c = scalar_of(c)
                    if type(c) is XLError:
                        return c
                    try:
                        if boolean(c):
                            return _missing(self.ev(args[i + 1], ctx))
                    except Err as e:
                        return e.err
                return E_NA
            return self._ifs_array(args, ctx)
        # CHOOSE
        if len(args) < 2:
            return E_VALUE
        k = self.operand(args[0], ctx)
        karr = as_array(k)
        if karr is None:
            try:
                i = int(num(scalar_of(k)))
            except Err as e:
                return e.err
            if not 1 <= i < len(args):
                return E_VALUE
            return _missing(self.ev(args[i], ctx))
        opts = [_missing(self.operand(a, ctx)) for a in args[1:]]
        out: Any = E_VALUE
        flat = to_object(karr).ravel().tolist()
        for i in range(len(opts), 0, -1):
            mask = np.fromiter((_safe_int(x) == i for x in flat), bool, karr.size).reshape(karr.shape)
            out = _select(n, mask, opts[i - 1], out)
        return out

    def _ifs_array(self, args: tuple[Node, ...], ctx: Ctx) -> Any:
        out: Any = E_NA
        for i in range(len(args) - 2, -1, -2):
            c = self.operand(args[i], ctx)
            carr = as_array(c)
            if carr is None:
                try:
                    truth = boolean(scalar_of(c))
                except Err as e:
                    out = e.err
                    continue
                out = _missing(self.operand(args[i + 1], ctx)) if truth else out
                continue
            mask, errs = _conditions(carr)
            out = _select(ctx.n, mask, _missing(self.operand(args[i + 1], ctx)), out)
            if errs is not None:
                out = _select(ctx.n, _none_mask(errs), out, Grid(errs) if errs.ndim == 2 else Rows(errs))
        return out

    # --- LET, LAMBDA and the functions that call LAMBDAs ----------------------------------------------


def _num(v: Any) -> float:
    return num(scalar_of(v))


def _safe_int(v: Any) -> int:
    try:
        return int(_num(v))
    except Err:
        return -1


def _missing(v: Any) -> Any:
    """An omitted argument used as a value reads 0."""
    return 0.0 if v is None else v


def _none_mask(errs: np.ndarray) -> np.ndarray:
    return np.equal(errs, None)


def _conditions(carr: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(truth mask, error array or None) of a condition array."""
    if carr.dtype == bool:
        return carr, None
    if carr.dtype == np.float64:
        return (carr != 0) & ~np.isnan(carr), None
    flat = carr.ravel().tolist()
    mask = np.zeros(len(flat), bool)
    errs = None
    for i, v in enumerate(flat):
        try:
            mask[i] = boolean(v)
        except Err as e:
            if errs is None:
                errs = np.full(len(flat), None, dtype=object)
            errs[i] = e.err
    return mask.reshape(carr.shape), (None if errs is None else errs.reshape(carr.shape))


def _select(n: int | None, mask: np.ndarray, a: Any, b: Any) -> Any:
    """Element-wise ``a if mask else b``, arrays paired as Excel pairs them."""
    A, B = as_array(a), as_array(b)
    arrays = [x for x in (mask, A, B) if x is not None]
    check_mix(n, arrays)
    if mask.ndim == 1:
        shape: tuple[int, ...] = (max(len(x) for x in arrays),)
        m = mask
    else:
        shape = excel_shape(*(x.shape for x in arrays))
        m = expand(mask, shape)
        na = None
        if m.dtype == object:  # the condition array is smaller: #N/A beyond its edge
            na = np.fromiter((type(x) is XLError for x in m.ravel()), bool, m.size).reshape(shape)
            m = np.where(na, False, m).astype(bool)
        A = None if A is None else expand(A, shape)
        B = None if B is None else expand(B, shape)
        if na is not None:
            B = to_object(np.array(np.broadcast_to(B if B is not None else np.array(scalar_of(b), dtype=object), shape)))
            B[na] = E_NA
    av = A if A is not None else scalar_of(a)
    bv = B if B is not None else scalar_of(b)
    if _is_float(av) and _is_float(bv):
        out = np.where(np.broadcast_to(m, shape), av, bv).astype(np.float64)
    else:
        if isinstance(av, np.ndarray):
            av = to_object(av)
        if isinstance(bv, np.ndarray):
            bv = to_object(bv)
        out = np.empty(shape, dtype=object)
        out[...] = bv if not isinstance(bv, np.ndarray) else np.broadcast_to(bv, shape)
        mm = np.broadcast_to(m, shape)
        if isinstance(av, np.ndarray):
            out[mm] = np.broadcast_to(av, shape)[mm]
        else:
            out[mm] = av
    return Rows(out) if out.ndim == 1 else Grid(out)


def _is_float(x: Any) -> bool:
    return (isinstance(x, np.ndarray) and x.dtype == np.float64) or type(x) is float
