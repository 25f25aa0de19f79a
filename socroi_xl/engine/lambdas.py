"""LET, LAMBDA and the functions that call a LAMBDA: MAP, REDUCE, SCAN, BYROW, BYCOL,
MAKEARRAY, ISOMITTED (a LAMBDA kept in a defined name is called by that name; a function
passed by name, ``BYROW(A1:C3, SUM)``, is a LAMBDA too)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CALC, XLError, error
from .context import Ctx, Scope
from .functions.spec import MISSING
from .parser import Call, Const, Invoke, Name, Node, Param, Ref
from .values import (
    E_VALUE,
    Areas,
    Fallback,
    Grid,
    Lambda,
    Range,
    Rows,
    TooLarge,
    excel_shape,
    expand,
    scalar_of,
    to_object,
)

E_CALC = error(CALC)
#: The LAMBDA helpers evaluated here.
LAMBDA_HELPERS = frozenset(("MAP", "REDUCE", "SCAN", "BYROW", "BYCOL", "MAKEARRAY"))


class Lambdas:
    """Mixin of :class:`~.interp.Interpreter`: LET, LAMBDA and the LAMBDA helpers."""

    def ev(self, node: Node, ctx: Ctx) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def operand(self, node: Node, ctx: Ctx) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def intersect(self, v: Any, ctx: Ctx) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def call(self, node: Call, ctx: Ctx) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def reference(self, node: Node, ctx: Ctx) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def bind(self, node: Node, ctx: Ctx) -> Any:
        """The value a LET name or a LAMBDA parameter takes: a reference stays a reference
        (``LET(x,K1,ISREF(x))`` is TRUE, ``LAMBDA(x,MAX(x))(A2)`` with text in A2 is 0: IronCalc's
        ISREF.xlsx and MAX_MIN.xlsx, saved by Excel)."""
        if type(node) in (Ref, Name):
            return self.reference(node, ctx)
        return self.ev(node, ctx)

    def let(self, node: Call, ctx: Ctx) -> Any:
        args = node.args
        if len(args) < 3 or len(args) % 2 == 0:
            return E_VALUE
        names: dict[str, Any] = {}
        scope = Scope(names, ctx.scope)
        inner = ctx.with_scope(scope)
        for i in range(0, len(args) - 1, 2):
            target = args[i]
            if type(target) is not Name or target.sheet is not None:
                return E_VALUE
            names[target.name] = self.bind(args[i + 1], inner)
        return self.ev(args[-1], inner)

    def make_lambda(self, node: Call, ctx: Ctx) -> Any:
        args = node.args
        if not args:
            return E_VALUE
        params = args[:-1]
        if not all(type(p) is Param for p in params):
            return E_VALUE
        names = tuple(p.name for p in params)  # type: ignore[attr-defined]
        if len(set(names)) != len(names):
            return E_VALUE
        return Lambda(names, tuple(p.optional for p in params), args[-1], ctx.scope)  # type: ignore[attr-defined]

    def invoke(self, node: Invoke, ctx: Ctx) -> Any:
        return self.apply(self.ev(node.func, ctx), node.args, ctx)

    def apply(self, func: Any, arg_nodes: tuple[Node, ...], ctx: Ctx) -> Any:
        """Call a function value with arguments written in the formula."""
        if type(func) is XLError:
            return func
        if type(func) is not Lambda:
            return E_VALUE
        values = [MISSING if (type(a) is Const and a.value is None) else self.bind(a, ctx) for a in arg_nodes]
        return self.call_lambda(func, values, ctx)

    def call_lambda(self, lam: Lambda, values: list[Any], ctx: Ctx) -> Any:
        """Call a LAMBDA with evaluated argument values (an omitted optional one: MISSING)."""
        if lam.body is None:  # a function passed by its name (an "eta" LAMBDA)
            return self.call(Call(lam.name, tuple(Const(v) if v is not None else Const(0.0) for v in values)), ctx)
        if len(values) > len(lam.params):
            return E_VALUE
        bound: dict[str, Any] = {}
        for i, p in enumerate(lam.params):
            if i >= len(values) and not lam.optional[i]:
                return E_VALUE  # too few arguments; one written empty, F(1,), is omitted
            bound[p] = values[i] if i < len(values) else MISSING
        inner = Ctx(ctx.sheet, ctx.row, ctx.col, ctx.n, ctx.array, Scope(bound, lam.scope))
        return self.ev(lam.body, inner)

    def isomitted(self, node: Call, ctx: Ctx) -> Any:
        if len(node.args) != 1 or type(node.args[0]) is not Name or ctx.scope is None:
            return E_VALUE
        return ctx.scope.lookup(node.args[0].name) is MISSING

    def lambda_helper(self, node: Call, ctx: Ctx) -> Any:
        """MAP, REDUCE, SCAN, BYROW, BYCOL, MAKEARRAY: the LAMBDA is the last argument."""
        if ctx.n is not None:
            raise Fallback()  # cell by cell
        name, args = node.name, node.args
        if not args:
            return E_VALUE
        func = self.ev(args[-1], ctx)
        if type(func) is XLError:
            return func
        if type(func) is not Lambda:
            return E_VALUE
        actx = ctx.as_array()
        one = Ctx(ctx.sheet, ctx.row, ctx.col, None, True, ctx.scope)

        def value(v: Any) -> Any:
            """A LAMBDA's result where one value is expected (an array there: #CALC!)."""
            v = self.intersect(v, one) if type(v) in (Range, Areas) else v
            if type(v) is Grid:
                return v.cell(0, 0) if v.values.size == 1 else E_CALC
            if type(v) is Lambda:
                return E_CALC
            return scalar_of(v)

        if name == "MAKEARRAY":
            if len(args) != 3:
                return E_VALUE
            size = [self.operand(a, ctx) for a in args[:2]]

            def make(rows: Any, cols: Any) -> Any:
                for v in (rows, cols):
                    if type(v) is XLError:
                        return v
                    if type(v) is bool:
                        continue
                    if type(v) is not float or v != int(v) or v < 1:
                        return E_VALUE  # text (even "1"), a blank, a fraction: #VALUE! as Excel
                r, c = int(rows), int(cols)
                if r * c > MAX_LAMBDA_CELLS:
                    raise TooLarge(f"MAKEARRAY of {r * c:,} cells")
                out = [value(self.call_lambda(func, [float(i), float(j)], one)) for i in range(1, r + 1) for j in range(1, c + 1)]
                return Grid(_pack2(out, (r, c)))

            if not any(type(v) in (Range, Grid) for v in size):
                return make(*(scalar_of(v) for v in size))
            # an array of sizes: MAKEARRAY for each, giving its first element (formulas'
            # test.xlsx LOGICAL!R14:AF14, Excel-saved: MAKEARRAY(C14:Q14,1,...))
            paired = _elements(name, size)
            if type(paired) is XLError:
                return paired
            shape, pairs = paired
            out = []
            for r, c in pairs:
                res = make(*(None if (type(x) is float and x != x) else scalar_of(x) for x in (r, c)))
                out.append(res.cell(0, 0) if type(res) is Grid else res)
            return Grid(_pack2(out, shape))
        arrays = [self.ev(a, actx) for a in args[:-1]]
        if any(type(a) is Lambda for a in arrays):
            return E_VALUE  # only the last argument is the function
        if name in ("REDUCE", "SCAN"):
            if len(args) == 2:
                arrays.insert(0, None)  # initial value omitted
            if len(arrays) != 2:
                return E_VALUE
            acc = arrays[0]
            acc = 0.0 if acc is None or acc is MISSING else (self.intersect(acc, one) if type(acc) is Range and acc.size == 1 else acc)
            grid = _grid(arrays[1])
            if type(grid) is XLError:
                return grid
            _budget(name, grid.size)
            steps = []
            for v in grid.cells():
                acc = self.call_lambda(func, [acc, v], one)
                if name == "SCAN":
                    steps.append(value(acc))
            if name == "SCAN":
                return Grid(_pack2(steps, grid.shape))
            return acc
        if name in ("BYROW", "BYCOL"):
            if len(arrays) != 1:
                return E_VALUE
            grid = _grid(arrays[0])
            if type(grid) is XLError:
                return grid
            _budget(name, grid.size)
            vals = grid.values
            if name == "BYROW":
                out = [value(self.call_lambda(func, [Grid(vals[i : i + 1, :])], one)) for i in range(grid.rows)]
                return Grid(_pack2(out, (grid.rows, 1)))
            out = [value(self.call_lambda(func, [Grid(vals[:, j : j + 1])], one)) for j in range(grid.cols)]
            return Grid(_pack2(out, (1, grid.cols)))
        # MAP
        if not arrays:
            return E_VALUE
        paired = _elements(name, arrays)
        if type(paired) is XLError:
            return paired
        shape, elements = paired
        out = []
        for vals in elements:
            out.append(value(self.call_lambda(func, [None if (type(v) is float and v != v) else v for v in vals], one)))
        return Grid(_pack2(out, shape))


#: Most elements MAP, REDUCE, SCAN, BYROW, BYCOL and MAKEARRAY call their LAMBDA for (each
#: call costs microseconds in Python): beyond, the cell is #VALUE! with a warning.
MAX_LAMBDA_CELLS = 1_000_000


def _budget(name: str, cells: int) -> None:
    if cells > MAX_LAMBDA_CELLS:
        raise TooLarge(f"{name} over {cells:,} cells")


def _elements(name: str, values: list[Any]) -> tuple[tuple[int, int], Any] | XLError:
    """The arrays ``values`` broadcast to one shape as Excel pairs them: (shape, the tuples
    of their elements in row order); the first argument that is no array is the error."""
    grids = [_grid(v) for v in values]
    for g in grids:
        if type(g) is XLError:
            return g
    shape = excel_shape(*(g.shape for g in grids))
    _budget(name, shape[0] * shape[1])
    return shape, zip(*(to_object(expand(g.values, shape)).ravel().tolist() for g in grids), strict=True)


def _grid(v: Any) -> Grid | XLError:
    t = type(v)
    if t is Range or t is Grid:
        return v
    if t is Areas:
        return E_VALUE
    if t is Rows:
        raise Fallback()
    if t is XLError:
        return Grid(np.array([[v]], dtype=object))
    if t is Lambda:
        return E_CALC
    return Grid(np.array([[scalar_of(v)]], dtype=object))


def _pack2(out: list[Any], shape: tuple[int, int]) -> np.ndarray:
    if out and all(type(x) is float for x in out):
        return np.array(out, dtype=np.float64).reshape(shape)
    arr = np.empty(len(out), dtype=object)
    arr[:] = [0.0 if x is None else x for x in out]
    return arr.reshape(shape)
