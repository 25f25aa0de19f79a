"""Evaluating an expression tree at a place: one cell, or a whole column run at once.

:class:`Interpreter` holds the expression semantics; :class:`~.evaluator.Evaluator` adds the
workbook-level driving (order, storing results, spills, warnings). Where a formula is being
evaluated is a :class:`Ctx`.

**Implicit intersection.** In an ordinary (non-array) formula, a multi-cell range used where
one value is expected — an operand of an operator, a scalar argument of a function, IF's
condition, the formula's result — is reduced to the cell in the formula's own row (a
one-column range) or column (a one-row range); no such cell is ``#VALUE!``. In an array
formula (legacy ``{=...}`` or a dynamic array) and inside arguments that take arrays, ranges
are taken whole and operators work element by element.

**Evaluator constructs.** Besides the declared functions (:mod:`.functions`), the evaluator
itself evaluates: IF, IFS, IFERROR, IFNA, CHOOSE (only the branch taken: :mod:`.conditionals`),
LET, LAMBDA (and a LAMBDA kept in a defined name, called by that name), ISOMITTED, MAP,
REDUCE, SCAN, BYROW, BYCOL, MAKEARRAY (:mod:`.lambdas`), ANCHORARRAY (``A1#``), SINGLE
(``@``), and the reference operators (range ``:``, intersection, union). :data:`CONSTRUCTS`
lists them with a description (for the docs).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CALC, NULL, XLError, error
from . import ops
from .conditionals import LAZY, Conditionals
from .context import _UNBOUND, Circular, Ctx
from .functions import ARRAY_ARGS, SPECS, Settings
from .functions.dispatch import call as call_spec
from .functions.legacy import AREA_ARGS, VALUE_ARGS
from .lambdas import LAMBDA_HELPERS, Lambdas
from .package import Book, Sheet
from .parser import (
    MAX_COL,
    MAX_ROW,
    ArrayConst,
    Binary,
    Call,
    Const,
    Invoke,
    Name,
    Node,
    Ref,
    Resolver,
    Unary,
    parse,
)
from .values import (
    E_VALUE,
    Areas,
    Err,
    Fallback,
    Grid,
    Lambda,
    Range,
    Rows,
    TooLarge,
    intersect,
    scalar_of,
    to_object,
)

E_NAME = XLError("#NAME?")
E_REF = XLError("#REF!")
E_CALC = error(CALC)
E_NULL = error(NULL)

#: Functions whose one-cell references stay references (a cell, not its value): SUBTOTAL and
#: AGGREGATE skip a cell that is itself a subtotal, or that is in a hidden row
#: (``SUBTOTAL(9,A1,A2)`` with A2 ``=SUBTOTAL(9,A1)`` is A1 alone: POI's 59736.xlsx).
_ONE_CELL_REFERENCES = frozenset(("SUBTOTAL", "AGGREGATE"))

#: The constructs the evaluator evaluates itself (not declared functions), for the docs.
CONSTRUCTS: dict[str, str] = {
    "IF": "Returns one value if a condition is TRUE and another if FALSE (only the branch taken is evaluated).",
    "IFS": "Returns the value of the first condition that is TRUE.",
    "IFERROR": "Returns a value if the expression is an error, the expression otherwise.",
    "IFNA": "Returns a value if the expression is #N/A, the expression otherwise.",
    "CHOOSE": "Returns the value at a position in a list of values.",
    "LET": "Names the results of calculations inside a formula.",
    "LAMBDA": "Makes a function of parameters; called directly, through LET, or by a defined name.",
    "ISOMITTED": "TRUE if an optional LAMBDA parameter was left out.",
    "MAP": "Applies a LAMBDA to each element of arrays.",
    "REDUCE": "Reduces an array to one value by applying a LAMBDA to an accumulator and each element.",
    "SCAN": "Like REDUCE, returning every intermediate value.",
    "BYROW": "Applies a LAMBDA to each row of an array.",
    "BYCOL": "Applies a LAMBDA to each column of an array.",
    "MAKEARRAY": "Builds an array of a size by calling a LAMBDA with each row and column number.",
    "ANCHORARRAY": "The whole spilled range of a dynamic-array formula (written A1#).",
    "SINGLE": "Implicit intersection (written @A1:A9): one value from a range, even in a dynamic-array formula.",
}


class Interpreter(Conditionals, Lambdas):
    """Expression semantics over a workbook (see the module docstring)."""

    #: the user's xlwings functions the run may call (:class:`.user_udfs.UserFunctions`), or None
    user_functions: Any = None

    def __init__(self, book: Book, settings: Settings) -> None:
        self.book = book
        self.settings = settings
        self.resolver = Resolver(book.tables)
        self.unknown: dict[str, dict[str, int]] = {}  # function -> {cell or range: cells}
        self.internal: dict[str, str] = {}
        self.too_large: dict[str, str] = {}
        self._names: dict[tuple[int | None, str], Node | XLError] = {}
        self._name_values: dict[tuple, Any] = {}
        self._sheets = {s.name.lower(): s for s in book.sheets}
        self._sheet_pos = {s.name.lower(): i for i, s in enumerate(book.sheets)}
        self._externals: dict = {}  # linked sheets read (externals.ExternalSheet)
        #: set while a formula is evaluated: it used something the engine cannot evaluate
        #: (``read_taint``: it read, through a reference built while evaluating, a cell that
        #: could not be evaluated)
        self.tainted = False
        self.read_taint = False
        #: (rows, cols) of the legacy array formula whose top function is about to be called:
        #: its arguments taken element by element are first sized to the formula's range,
        #: #N/A beyond their edge (see :func:`.functions.dispatch.call`)
        self.array_target: tuple[int, int] | None = None
        #: set while cells are read that may not be computed yet (cycles, dynamic references)
        self.guarding = False
        #: cells whose value the engine could not compute faithfully: (sheet, col) -> rows
        self.taint: dict[tuple[str, int], set[int]] = {}
        #: spilled ranges of dynamic-array formulas: (sheet name, row, col) -> (r1, c1, r2, c2)
        self.spills: dict[tuple[str, int, int], tuple[int, int, int, int] | None] = {}

    # --- hooks the evaluator provides ----------------------------------------------------------
    def guard(self, rng: Range) -> None:
        """Compute, first, the formula cells of ``rng`` not computed yet."""

    def demand_cell(self, sheet: Sheet, row: int, col: int) -> None:
        """Compute, first, the formula cell at (row, col) if it is not computed yet."""

    def spill_extent(self, sheet: Sheet, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The range a dynamic-array formula at (row, col) spilled into, or None."""
        return self.spills.get((sheet.name, row, col))

    def make_range(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int) -> Range:
        """A range built at evaluation time (OFFSET, INDIRECT, a spill): its cells are
        computed on demand before they are read."""
        return Range(sheet, r1, c1, r2, c2, self.guard)

    # --- values ----------------------------------------------------------------------------------
    def sheet_of(self, name: str | None, ctx: Ctx) -> Sheet | None:
        return ctx.sheet if name is None else self._sheets.get(name.lower())

    def sheet_named(self, name: str) -> Sheet | None:
        return self._sheets.get(name.lower())

    def ev(self, node: Node, ctx: Ctx) -> Any:
        t = type(node)
        if t is Const:
            return node.value
        if t is Ref:
            return self.ref(node, ctx)
        if t is Binary:
            return self.binary(node, ctx)
        if t is Call:
            return self.call(node, ctx)
        if t is Name:
            return self.name(node, ctx)
        if t is Unary:
            arg = self.operand(node.arg, ctx)
            if node.op == "+":  # no conversion (+"a" is "a"), but a range becomes an array
                return Grid(arg.values) if type(arg) is Range else arg
            return ops.negate(ctx.n, arg) if node.op == "-" else ops.percent(ctx.n, arg)
        if t is ArrayConst:
            return Grid(node.value)
        if t is Invoke:
            return self.invoke(node, ctx)
        return E_VALUE

    def operand(self, node: Node, ctx: Ctx) -> Any:
        """A node evaluated where one value is expected (implicit intersection of ranges in
        an ordinary formula)."""
        return self.intersect(self.ev(node, ctx), ctx)

    def intersect(self, v: Any, ctx: Ctx) -> Any:
        t = type(v)
        if t is Range:
            if v.r1 == v.r2 and v.c1 == v.c2:
                if v.guard is not None:
                    v.guard(v)
                return self.cell_value(v.sheet, v.r1, v.c1)
            return v if ctx.array else intersect(v, ctx)
        if t is Areas:
            if len(v.ranges) == 1:
                return self.intersect(v.ranges[0], ctx)
            return E_VALUE
        if t is Lambda:
            return E_CALC
        return v

    def cell_value(self, sheet: Sheet, row: int, col: int) -> Any:
        if self.guarding:
            self.demand_cell(sheet, row, col)
        if self.taint:
            self.note_read(sheet, row, col, row, col)
        if row > sheet.nrows:
            return None
        return sheet.value(col, row)

    def note_read(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int) -> None:
        """A formula reads these cells: if one could not be evaluated, so cannot it."""

    def watch(self) -> Any:
        """The guard for a range made now: reads are checked (on demand evaluation while
        guarding, taint once any cell is tainted), else none."""
        return self.guard if (self.guarding or self.taint) else None

    def binary(self, node: Binary, ctx: Ctx) -> Any:
        op = node.op
        if op == ":":
            return _span(self.reference(node.left, ctx), self.reference(node.right, ctx))
        if op == " ":
            return _intersection(self.reference(node.left, ctx), self.reference(node.right, ctx))
        if op == ",":
            return _union(self.reference(node.left, ctx), self.reference(node.right, ctx))
        # a left-deep chain (A1+A2+...+A1000) is evaluated iteratively, not recursively
        chain = [node]
        left = node.left
        while type(left) is Binary and left.op not in (":", " ", ","):
            chain.append(left)
            left = left.left
        acc = self.operand(left, ctx)
        n = ctx.n
        for b in reversed(chain):
            acc = ops.binary(n, b.op, acc, self.operand(b.right, ctx))
        return acc

    # --- references --------------------------------------------------------------------------------
    def ref(self, node: Ref, ctx: Ctx) -> Any:
        if node.book is not None:
            return self.external(node, ctx)
        if node.sheet2 is not None:
            return self.ref3d(node, ctx)
        sheet = self.sheet_of(node.sheet, ctx)
        if sheet is None:
            return E_REF
        col = node.col(ctx.col)
        if not node.area:
            if col < 1:
                return E_REF
            if node.r1_abs or ctx.n is None:
                row = node.row(ctx.row)
                if row < 1:
                    return E_REF
                return self.cell_value(sheet, row, col)
            start = ctx.row + node.r1
            n = ctx.n
            if start < 1 or self.guarding or node.wrap:
                raise Fallback()
            if self.taint:
                self.note_read(sheet, start, col, start + n - 1, col)
            part = sheet.slice(col, start, min(start + n - 1, sheet.nrows)) if start <= sheet.nrows else None
            if part is None:
                return Rows(np.full(n, np.nan))
            if len(part) == n:
                return Rows(part)
            out = np.full(n, np.nan) if part.dtype != object else np.full(n, None, dtype=object)
            out[: len(part)] = part
            return Rows(out)
        if ctx.n is not None and not (node.r1_abs and node.r2_abs):
            if node.r1_abs or node.r2_abs or node.r1 != node.r2 or node.whole_col or node.whole_row or self.guarding or node.wrap:
                raise Fallback()
            return self.row_block(sheet, node, ctx)
        r1, c1, r2, c2 = self.area(node, ctx, sheet)
        if r1 < 1 or c1 < 1:
            return E_REF
        full = None
        if node.whole_col or node.whole_row:
            full = (MAX_ROW - r1 + 1 if node.whole_col else r2 - r1 + 1, MAX_COL - c1 + 1 if node.whole_row else c2 - c1 + 1)
        return Range(sheet, r1, c1, r2, c2, self.watch(), full)

    def area(self, node: Ref, ctx: Ctx, sheet: Sheet) -> tuple[int, int, int, int]:
        """(r1, c1, r2, c2) of an area reference at ``ctx`` (whole columns and rows bounded
        by the sheet's used area)."""
        if node.whole_col:
            r1, r2 = 1, max(sheet.nrows, 1)
        else:
            r1 = node.row(ctx.row, 1)
            r2 = node.row(ctx.row, 2)
        if node.whole_row:
            c1, c2 = 1, max(sheet.ncols, 1)
        else:
            c1 = node.col(ctx.col, 1)
            c2 = node.col(ctx.col, 2)
        return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)

    def ref3d(self, node: Ref, ctx: Ctx) -> Any:
        """``Sheet1:Sheet3!A1``: the same area on every sheet from the first to the last."""
        a = self._sheet_pos.get((node.sheet or "").lower())
        b = self._sheet_pos.get((node.sheet2 or "").lower())
        if a is None or b is None:
            return E_REF
        if a > b:
            a, b = b, a
        if ctx.n is not None and not (node.r1_abs and node.r2_abs):
            raise Fallback()
        ranges = []
        for sheet in self.book.sheets[a : b + 1]:
            r1, c1, r2, c2 = self.area(node, ctx, sheet)
            if not node.area:
                r1 = r2 = node.row(ctx.row)
                c1 = c2 = node.col(ctx.col)
            if r1 < 1 or c1 < 1:
                return E_REF
            ranges.append(Range(sheet, r1, c1, r2, c2, self.watch()))
        return Areas(tuple(ranges))

    def external(self, node: Ref, ctx: Ctx) -> Any:
        """A reference into another workbook: the values Excel saved in the link part."""
        from .externals import external_sheet

        if ctx.n is not None and not (node.r1_abs and node.r2_abs):
            raise Fallback()
        sheet = external_sheet(self.book, node.book or "", node.sheet, self._externals)
        if sheet is None:
            self.record_gap(f"external reference [{node.book}]{node.sheet}!: no saved values in the file", ctx)
            return E_REF
        local = Ref(node.sheet, node.r1, node.c1, node.r2, node.c2, node.r1_abs, node.c1_abs, node.r2_abs, node.c2_abs, node.area, node.whole_col, node.whole_row)
        r1, c1, r2, c2 = self.area(local, ctx, sheet)  # type: ignore[arg-type]
        if r1 < 1 or c1 < 1:
            return E_REF
        if not node.area:
            return sheet.value(c1, r1)
        return Range(sheet, r1, c1, r2, c2)

    def reference(self, node: Node, ctx: Ctx) -> Any:
        """An argument evaluated as a reference (a :class:`Range`, even for one cell)."""
        t = type(node)
        if t is Name:
            bound = ctx.scope.lookup(node.name) if ctx.scope is not None else _UNBOUND
            if bound is not _UNBOUND:
                return bound
            target = self.name_node(node, ctx)
            if isinstance(target, XLError):
                return self.callable_name(node, ctx, target)
            return self.reference(target, ctx)
        if t is Ref and not node.area and node.book is None and node.sheet2 is None:
            sheet = self.sheet_of(node.sheet, ctx)
            if sheet is None:
                return E_REF
            if ctx.n is not None and not node.r1_abs:
                raise Fallback()
            row = node.row(ctx.row)
            col = node.col(ctx.col)
            if row < 1 or col < 1:
                return E_REF
            return Range(sheet, row, col, row, col, self.watch())
        if t is Call and node.name in LAZY and (ctx.scope is None or ctx.scope.lookup(node.name) is _UNBOUND):
            chosen = self.branch(node.name, node.args, ctx)
            if isinstance(chosen, XLError):
                return chosen
            if chosen is not None and not (type(chosen) is Const and chosen.value is None):
                return self.reference(chosen, ctx)
        return self.ev(node, ctx)

    def row_block(self, sheet: Sheet, node: Ref, ctx: Ctx) -> Rows:
        """A one-row range moving with the row, for every row of the run at once."""
        c1 = node.c1 if node.c1_abs else ctx.col + node.c1
        c2 = node.c2 if node.c2_abs else ctx.col + node.c2
        start = ctx.row + node.r1
        if start < 1 or c1 < 1 or c2 - c1 > 255:
            raise Fallback()
        cols = []
        for c in range(min(c1, c2), max(c1, c2) + 1):
            part = self.ref(Ref(node.sheet, node.r1, c, node.r1, c, False, True, False, True, False), ctx)
            cols.append(part.values if isinstance(part, Rows) else np.full(ctx.n, np.nan))
        if all(p.dtype == np.float64 for p in cols):
            return Rows(np.column_stack(cols))
        return Rows(np.column_stack([to_object(p) for p in cols]))

    # --- names ---------------------------------------------------------------------------------------
    def name(self, node: Name, ctx: Ctx) -> Any:
        if ctx.scope is not None:
            bound = ctx.scope.lookup(node.name)
            if bound is not _UNBOUND:
                return bound
        if node.name.startswith("_XLETA."):  # a function passed by name: BYROW(A1:C3, SUM)
            return Lambda((), (), None, None, node.name[len("_XLETA.") :])
        if node.book is not None:
            return self.external_name(node, ctx)
        key = self.name_key(node, ctx)
        if key is None:
            if node.name in SPECS:
                return E_NAME
            self.record_unknown(node.name, ctx, "name")
            return E_NAME
        return self.name_value(key, ctx)

    def external_name(self, node: Name, ctx: Ctx) -> Any:
        """A defined name of a linked workbook, read against that workbook's saved values."""
        from .externals import external_name_text, link_of

        text = external_name_text(self.book, node.book or "", node.name)
        if text is None:
            if link_of(self.book, node.book or "") is not None:
                return E_NAME  # the linked workbook has no such name: Excel shows #NAME?
            self.record_gap(f"external name [{node.book}]!{node.name}: the link is not in the file", ctx)
            return E_NAME
        try:
            tree = parse(text, ctx.sheet.name, 1, 1, self.resolver)
        except Exception:  # noqa: BLE001
            self.record_gap(f"external name [{node.book}]!{node.name}: cannot read ={text}", ctx)
            return E_REF
        if type(tree) is Ref and tree.book is None:
            tree = Ref(tree.sheet, tree.r1, tree.c1, tree.r2, tree.c2, tree.r1_abs, tree.c1_abs, tree.r2_abs, tree.c2_abs, tree.area, tree.whole_col, tree.whole_row, None, node.book)
            return self.external(tree, ctx)
        if type(tree) is Const:
            return tree.value
        self.record_gap(f"external name [{node.book}]!{node.name}: ={text} is not a reference or a constant", ctx)
        return E_REF

    def name_key(self, node: Name, ctx: Ctx | None) -> tuple[int | None, str] | None:
        sheet = self.sheet_of(node.sheet, ctx) if ctx is not None else (self._sheets.get(node.sheet.lower()) if node.sheet else None)
        local = sheet.index if sheet is not None else None
        for key in ((local, node.name), (None, node.name)):
            if key in self._names or key in self.book.names:
                return key
        return None

    def name_tree(self, key: tuple[int | None, str]) -> Node | XLError:
        hit = self._names.get(key)
        if hit is not None:
            return hit
        text = self.book.names[key]
        scope = self.book.sheets[key[0]] if key[0] is not None else (self.book.sheets[0] if self.book.sheets else None)
        try:
            parsed: Node | XLError = parse(text, scope.name if scope else "", 1, 1, self.resolver, wrap=True)
        except Exception:  # noqa: BLE001 - an unreadable name is #NAME? where used, with a warning
            parsed = E_NAME
            self.internal.setdefault(f"defined name {key[1]}: cannot read ={text}", "")
        self._names[key] = parsed
        return parsed

    def name_node(self, node: Name, ctx: Ctx | None) -> Node | XLError:
        key = self.name_key(node, ctx)
        return E_NAME if key is None else self.name_tree(key)

    def name_value(self, key: tuple[int | None, str], ctx: Ctx) -> Any:
        """A defined name's value at ``ctx``. Names are evaluated where they are used; the
        names a name refers to are evaluated first, deepest first, so that a chain of a
        thousand names needs no deep recursion. Values are kept while one formula is
        evaluated (:meth:`forget_names`)."""
        ck = (key, ctx.array)
        hit = self._name_values.get(ck, _UNBOUND)
        if hit is not _UNBOUND:
            return hit
        base = ctx.with_scope(None) if ctx.scope is not None else ctx
        # post-order over the names this one uses, with an explicit stack
        order: list[tuple[int | None, str]] = []
        state: dict[tuple[int | None, str], int] = {key: 1}
        stack = [(key, iter(self._names_in(key, base)))]
        while stack:
            k, it = stack[-1]
            for child in it:
                if (child, ctx.array) in self._name_values:
                    continue
                st = state.get(child)
                if st == 1:  # a name that refers to itself
                    self._name_values[(child, ctx.array)] = E_VALUE
                    self.record_gap(f"circular defined name {child[1]}", ctx)
                    continue
                if st is None:
                    state[child] = 1
                    stack.append((child, iter(self._names_in(child, base))))
                    break
            else:
                stack.pop()
                state[k] = 2
                order.append(k)
        value: Any = E_VALUE
        for k in order:
            tree = self.name_tree(k)
            value = tree if isinstance(tree, XLError) else self.ev(tree, base)
            self._name_values[(k, ctx.array)] = value
        return value

    def _names_in(self, key: tuple[int | None, str], ctx: Ctx) -> list[tuple[int | None, str]]:
        tree = self.name_tree(key)
        if isinstance(tree, XLError):
            return []
        out = []
        stack: list[Node] = [tree]
        while stack:
            x = stack.pop()
            t = type(x)
            if t is Name:
                k = self.name_key(x, ctx)
                if k is not None and x.book is None:
                    out.append(k)
            elif t is Binary:
                stack.extend((x.right, x.left))
            elif t is Unary:
                stack.append(x.arg)
            elif t is Call:
                if x.name in ("LET", "LAMBDA"):
                    continue  # names there may be local
                stack.extend(reversed(x.args))
            elif t is Invoke:
                stack.extend(reversed(x.args))
        return out

    def forget_names(self) -> None:
        if self._name_values:
            self._name_values.clear()

    def callable_name(self, node: Name, ctx: Ctx, err: XLError) -> Any:
        return err

    # --- calls ------------------------------------------------------------------------------------------
    def call(self, node: Call, ctx: Ctx) -> Any:
        name = node.name
        pad = self.array_target
        if pad is not None:  # only the formula's top function; its arguments are evaluated as usual
            self.array_target = None
        if ctx.scope is not None:
            bound = ctx.scope.lookup(name)
            if bound is not _UNBOUND:
                return self.apply(bound, node.args, ctx)
        if name in LAZY:
            return self.lazy(name, node.args, ctx)
        special = _SPECIAL.get(name)
        if special is not None:
            return special(self, node, ctx)
        declared = SPECS.get(name)
        if declared is None:
            key = self.name_key(Name(name, None), ctx)
            if key is not None:  # a LAMBDA kept in a defined name
                return self.apply(self.name_value(key, ctx), node.args, ctx)
            udf = _registry().get(name)
            if udf is None:
                user = None if self.user_functions is None else self.user_functions.get(name, self.book)
                if user is not None:  # the user's own xlwings function (opt-in: .user_udfs)
                    return self.user_functions.call(self, user, node.args, ctx)
                self.record_unknown(name, ctx)
                return E_NAME
            return self.call_udf(udf.func, node, ctx)
        if declared.raw is None:
            return self.call_declared(declared, node, ctx, pad)
        return self.call_raw(declared, node, ctx)

    def call_raw(self, spec: Any, node: Call, ctx: Ctx) -> Any:
        """A hand-vectorised implementation (see :mod:`.functions.legacy`)."""
        name, impl, kind = spec.name, spec.func, spec.raw
        whole = ARRAY_ARGS.get(name, frozenset())
        if whole is None:
            actx = ctx.as_array()
            args = [self.ev(a, actx) for a in node.args]
        else:
            args = [self.ev(a, ctx.as_array() if i in whole else ctx) for i, a in enumerate(node.args)]
        one_value = VALUE_ARGS.get(name)
        for i, a in enumerate(node.args):
            if one_value is not None and one_value(i):
                if type(args[i]) in (Range, Areas):  # a criterion or lookup value: a range is
                    # intersected in an ordinary formula, taken as an array in an array formula
                    args[i] = self.intersect(args[i], ctx) if not ctx.array else (args[i].values if type(args[i]) is Range else args[i])
            elif spec.params and spec.param(i).kind == "array" and type(a) is Ref and not a.area and (ctx.n is None or a.r1_abs):
                args[i] = self.reference(a, ctx)  # a one-cell range stays one: SUMIF(A:A,"x",B1)
        refs = _references(node.args, args, ctx)
        try:
            args, refs = _legacy_args(args, refs, kind, name in AREA_ARGS)
            if kind == "rowwise" and ctx.n is not None:
                out = self.rowwise(lambda a: impl(None, a, refs), args, ctx)
            else:
                out = impl(ctx.n, args, refs)
        except Err as e:
            return e.err
        except (Fallback, RecursionError, MemoryError, Circular, TooLarge):
            raise
        except Exception as exc:  # noqa: BLE001 - an engine gap is #VALUE! in the cell, plus a warning
            self.internal.setdefault(f"{name}: {type(exc).__name__}: {exc}", ctx.where())
            self.tainted = True
            return E_VALUE
        return _from_legacy(out)

    def call_declared(self, spec: Any, node: Call, ctx: Ctx, pad: tuple[int, int] | None = None) -> Any:
        """A function declared in :mod:`.functions` (see :mod:`.functions.spec`); ``pad``: the
        range of the legacy array formula it is the top of."""
        args = []
        for i, a in enumerate(node.args):
            if spec.takes_reference(i) or (spec.name in _ONE_CELL_REFERENCES and type(a) is Ref and not a.area):
                args.append(self.reference(a, ctx))
            elif spec.array_argument(i):
                args.append(self.ev(a, ctx.as_array()))
            else:
                args.append(self.ev(a, ctx))
        missing = tuple(type(a) is Const and a.value is None for a in node.args)
        refs = _references(node.args, args, ctx)
        try:
            return call_spec(spec, args, ctx, missing=missing, refs=refs, settings=self.settings, book=self.book, evaluator=self, pad=pad)
        except (Fallback, RecursionError, MemoryError, Circular, TooLarge):
            raise
        except Exception as exc:  # noqa: BLE001 - an engine gap is #VALUE! in the cell, plus a warning
            self.internal.setdefault(f"{node.name}: {type(exc).__name__}: {exc}", ctx.where())
            self.tainted = True
            return E_VALUE

    def call_udf(self, func: Any, node: Call, ctx: Ctx) -> Any:
        """A SOCROI function of the library (:mod:`socroi_xl.registry`), called once per run
        with whole columns (its implementation is vectorised)."""
        args = [self.ev(a, ctx) for a in node.args]
        while args and isinstance(node.args[len(args) - 1], Const) and node.args[len(args) - 1].value is None:
            args.pop()
        if any(type(a) is Rows and a.values.ndim == 2 for a in args):
            raise Fallback()
        vals = []
        for a in args:
            if type(a) is Areas:
                return E_VALUE
            vals.append(a.values if isinstance(a, (Grid, Rows)) else a)

        def one(vs: list[Any]) -> Any:
            try:
                out = func(*vs)
            except Exception:  # noqa: BLE001 - a failing function is #VALUE! in its cell
                return E_VALUE
            if isinstance(out, np.ndarray) and out.ndim == 0:
                out = out.item()
            if isinstance(out, float) and out != out:
                return E_VALUE
            return out

        if ctx.n is not None:
            has_row = any(isinstance(v, np.ndarray) and v.ndim == 1 for v in vals)
            has_area = any(isinstance(v, np.ndarray) and v.ndim == 2 for v in vals)
            if has_row and has_area:
                return _from_legacy(self.rowwise(one, vals, ctx))
            out = one(vals)
            if isinstance(out, np.ndarray) and out.size == ctx.n and out.ndim == 2 and has_row:
                out = out.reshape(-1)
            return _from_legacy(out)
        return _from_legacy(one(vals))

    def rowwise(self, impl: Any, args: list[Any], ctx: Ctx) -> Any:
        """Call a one-cell implementation once per distinct combination of per-row values."""
        idx = [i for i, a in enumerate(args) if isinstance(a, np.ndarray) and a.ndim == 1]
        if not idx:
            return impl(args)
        lists = [to_object(args[i]).tolist() for i in idx]
        cache: dict[tuple, Any] = {}
        results = []
        a2 = list(args)
        one = Ctx(ctx.sheet, ctx.row, ctx.col, None)
        for combo in zip(*lists, strict=True):
            key = tuple((type(v), v) for v in combo)
            hit = cache.get(key, cache)
            if hit is cache:
                for i, v in zip(idx, combo, strict=True):
                    a2[i] = v
                try:
                    hit = impl(a2)
                except Err as e:
                    hit = e.err
                hit = self.top(_from_legacy(hit), one)
                cache[key] = hit
            results.append(hit)
        return _obj(results)

    def record_unknown(self, name: str, ctx: Ctx, what: str = "function") -> None:
        """An unknown function (Excel may know it: the cell is tainted) or a name the
        workbook does not define (#NAME? in Excel too: named in a warning, not tainted)."""
        label = name if what == "function" else f"{name} (a name)"
        self.unknown.setdefault(label, {})[ctx.where()] = ctx.n or 1
        if what == "function":
            self.tainted = True

    def record_gap(self, problem: str, ctx: Ctx) -> None:
        self.internal.setdefault(problem, ctx.where())
        self.tainted = True

    def top(self, value: Any, ctx: Ctx) -> Any:
        """The value an ordinary (non-array) formula cell shows: implicit intersection of
        ranges, the first element of an array."""
        t = type(value)
        if t is Range or t is Areas or t is Lambda:
            value = self.intersect(value, ctx)
            t = type(value)
        if t is Grid:
            return value.cell(0, 0) if value.values.size else E_VALUE
        if t is Rows:
            if value.values.ndim == 2:
                raise Fallback()
            return value.values
        if isinstance(value, np.ndarray):
            if value.ndim == 2:
                return scalar_of(value[0, 0]) if value.size else E_VALUE
            return value
        return value

    # --- lazy functions ---------------------------------------------------------------------------------
    def single(self, node: Call, ctx: Ctx) -> Any:
        """``@x`` (stored ``SINGLE(x)``): the implicit intersection of ``x`` with the cell, in
        any formula; an array gives its first element."""
        if len(node.args) != 1:
            return E_VALUE
        one = Ctx(ctx.sheet, ctx.row, ctx.col, ctx.n, False, ctx.scope)
        v = self.intersect(self.ev(node.args[0], one), one)
        if type(v) is Grid:
            return v.cell(0, 0)
        return v

    def anchorarray(self, node: Call, ctx: Ctx) -> Any:
        """``A1#``: the range the dynamic-array formula in A1 spilled into."""
        if len(node.args) != 1:
            return E_VALUE
        ref = self.reference(node.args[0], ctx)
        if type(ref) is XLError:
            return ref
        if type(ref) is not Range or ref.size != 1:
            return E_REF
        if ctx.n is not None:
            raise Fallback()
        self.demand_cell(ref.sheet, ref.r1, ref.c1)
        extent = self.spill_extent(ref.sheet, ref.r1, ref.c1)
        if extent is None:
            return E_REF
        return self.make_range(ref.sheet, *extent)


_SPECIAL = {
    "LET": Interpreter.let,
    "LAMBDA": Interpreter.make_lambda,
    "ISOMITTED": Interpreter.isomitted,
    "ANCHORARRAY": Interpreter.anchorarray,
    "SINGLE": Interpreter.single,
    **{n: Interpreter.lambda_helper for n in LAMBDA_HELPERS},
}


def _span(a: Any, b: Any) -> Any:
    """The range operator ``a:b`` between two references (e.g. ``INDEX(..):INDEX(..)``)."""
    if type(a) is XLError:
        return a
    if type(b) is XLError:
        return b
    if type(a) is Areas and len(a.ranges) == 1:
        a = a.ranges[0]
    if type(b) is Areas and len(b.ranges) == 1:
        b = b.ranges[0]
    if type(a) is not Range or type(b) is not Range or a.sheet is not b.sheet:
        return E_VALUE
    return Range(a.sheet, min(a.r1, b.r1), min(a.c1, b.c1), max(a.r2, b.r2), max(a.c2, b.c2), a.guard or b.guard)


def _areas(v: Any) -> tuple[Range, ...] | XLError:
    if type(v) is Range:
        return (v,)
    if type(v) is Areas:
        return v.ranges
    if type(v) is XLError:
        return v
    return E_VALUE


def _intersection(a: Any, b: Any) -> Any:
    """The intersection operator (a space): the cells common to two references; none: #NULL!."""
    ra, rb = _areas(a), _areas(b)
    if type(ra) is XLError:
        return ra
    if type(rb) is XLError:
        return rb
    out = []
    for x in ra:  # type: ignore[union-attr]
        for y in rb:  # type: ignore[union-attr]
            if x.sheet is not y.sheet:
                continue
            r1, c1, r2, c2 = max(x.r1, y.r1), max(x.c1, y.c1), min(x.r2, y.r2), min(x.c2, y.c2)
            if r1 <= r2 and c1 <= c2:
                out.append(Range(x.sheet, r1, c1, r2, c2, x.guard or y.guard))
    if not out:
        return E_NULL
    return out[0] if len(out) == 1 else Areas(tuple(out))


def _union(a: Any, b: Any) -> Any:
    """The union operator ``(A1:B2,D4)``: both references, as several areas."""
    ra, rb = _areas(a), _areas(b)
    if type(ra) is XLError:
        return ra
    if type(rb) is XLError:
        return rb
    return Areas(ra + rb)  # type: ignore[operator]


def _references(nodes: tuple[Node, ...], args: list[Any], ctx: Ctx) -> tuple[bool, ...]:
    """Which arguments are references: written as one (``A1``, a defined name) or computed as
    one (``INDIRECT("A2")``, ``OFFSET(...)``) — SUM and its kind skip the text and logical
    values of a reference but count typed ones (IronCalc's PRODUCT_SUM.xlsx, saved by Excel:
    ``SUM(INDIRECT("A2"))`` with A2 = ``="7"`` is 0). A LET or LAMBDA name bound to a value
    is a value: ``LAMBDA(x,MAX(x))("h")`` is #VALUE! (IronCalc's MAX_MIN.xlsx, Excel-saved)."""

    def written(a: Node) -> bool:
        if type(a) is Ref:
            return True
        if type(a) is Name:
            bound = ctx.scope.lookup(a.name) if ctx.scope is not None and a.sheet is None else _UNBOUND
            return bound is _UNBOUND or type(bound) in (Range, Areas)
        return False

    return tuple(written(a) or type(v) in (Range, Areas) for a, v in zip(nodes, args, strict=False))


def _legacy_args(args: list[Any], refs: tuple[bool, ...], kind: str, areas: bool = False) -> tuple[list[Any], tuple[bool, ...]]:
    """Arguments in the forms the hand-vectorised table (:mod:`.functions.legacy`) reads:
    computed grids as 2-D arrays, per-row columns as 1-D arrays; several areas as separate
    arguments for the aggregates (``SUM((A1,B1))``, ``SUM(Sheet1:Sheet3!A1)``), kept whole
    for the functions of :data:`.functions.legacy.AREA_ARGS` (``areas``)."""
    out: list[Any] = []
    out_refs: list[bool] = []
    for a, r in zip(args, refs + (False,) * (len(args) - len(refs)), strict=True):
        t = type(a)
        if t is Grid:
            out.append(a.values)
        elif t is Rows:
            out.append(a.values if a.values.ndim == 1 else a)
        elif t is Areas and areas:
            out.append(a.ranges[0] if len(a.ranges) == 1 else a)
        elif t is Areas:
            if kind != "vector":
                raise Err(E_VALUE)
            out.extend(a.ranges)
            out_refs.extend([True] * (len(a.ranges) - 1))
        elif t is Lambda:
            raise Err(E_CALC)
        else:
            out.append(a)
        out_refs.append(r)
    return out, tuple(out_refs)


def _from_legacy(v: Any) -> Any:
    """A legacy implementation's result as a value (arrays become grids or per-row columns)."""
    if isinstance(v, np.ndarray):
        if v.ndim == 2:
            return Grid(v)
        if v.ndim == 1:
            return Rows(v)
        return scalar_of(v.item())
    return v


def _obj(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_REG: dict | None = None


def _registry() -> dict:
    global _REG
    if _REG is None:
        try:
            from ..registry import REGISTRY

            _REG = REGISTRY
        except Exception:  # noqa: BLE001 - without the library, SOCROI names are unknown
            return {}
    return _REG
