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
itself evaluates: IF, IFS, IFERROR, IFNA, CHOOSE (only the branch taken), LET, LAMBDA (and a
LAMBDA kept in a defined name, called by that name), ISOMITTED, MAP, REDUCE, SCAN, BYROW,
BYCOL, MAKEARRAY, ANCHORARRAY (``A1#``), and the reference operators (range ``:``,
intersection, union). :data:`CONSTRUCTS` lists them with a description (for the docs).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CALC, NULL, XLError, error
from . import ops
from .functions import ARRAY_ARGS, SCALAR_ARGS, SPECS, Settings
from .functions.dispatch import call as call_spec
from .functions.spec import MISSING
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
    Param,
    Ref,
    Resolver,
    Unary,
    parse,
)
from .refs import col_letters
from .values import (
    E_NA,
    E_VALUE,
    Areas,
    Err,
    Fallback,
    Grid,
    Lambda,
    Range,
    Rows,
    TooLarge,
    as_array,
    boolean,
    check_mix,
    errors_mask,
    excel_shape,
    expand,
    intersect,
    num,
    scalar_of,
    to_object,
)

E_NAME = XLError("#NAME?")
E_REF = XLError("#REF!")
E_CALC = error(CALC)
E_NULL = error(NULL)
LAZY = frozenset(("IF", "IFS", "IFERROR", "IFNA", "CHOOSE"))

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
_LAMBDA_HELPERS = frozenset(("MAP", "REDUCE", "SCAN", "BYROW", "BYCOL", "MAKEARRAY"))


class Ctx:
    """Where a formula is being evaluated: one cell (``n`` None) or a column run of ``n``
    rows; ``array`` when ranges are taken whole (an array formula, or an argument that takes
    an array) rather than implicitly intersected with the formula's cell; ``scope``: the
    names bound by LET and LAMBDA around the expression."""

    __slots__ = ("sheet", "row", "col", "n", "array", "scope")

    def __init__(self, sheet: Sheet, row: int, col: int, n: int | None, array: bool = False, scope: Scope | None = None) -> None:
        self.sheet, self.row, self.col, self.n, self.array, self.scope = sheet, row, col, n, array, scope

    def as_array(self) -> Ctx:
        """The same place, evaluating ranges whole."""
        return self if self.array else Ctx(self.sheet, self.row, self.col, self.n, True, self.scope)

    def with_scope(self, scope: Scope | None) -> Ctx:
        return Ctx(self.sheet, self.row, self.col, self.n, self.array, scope)

    def where(self) -> str:
        cell = f"{self.sheet.name}!{col_letters(self.col)}{self.row}"
        if self.n is not None and self.n > 1:
            cell += f":{col_letters(self.col)}{self.row + self.n - 1}"
        return cell


class Scope:
    """Names bound by LET or a LAMBDA call (upper case), inside an enclosing scope."""

    __slots__ = ("names", "parent")

    def __init__(self, names: dict[str, Any], parent: Scope | None) -> None:
        self.names, self.parent = names, parent

    def lookup(self, name: str) -> Any:
        s: Scope | None = self
        while s is not None:
            if name in s.names:
                return s.names[name]
            s = s.parent
        return _UNBOUND


_UNBOUND = object()


class Circular(BaseException):
    """A cell's value was needed while that cell was being computed."""

    def __init__(self, key: Any) -> None:
        super().__init__(str(key))
        self.key = key


class Interpreter:
    """Expression semantics over a workbook (see the module docstring)."""

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
        #: set while cells are read that may not be computed yet (cycles, dynamic references)
        self.guarding = False
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
        if row > sheet.nrows:
            return None
        return sheet.value(col, row)

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
        return Range(sheet, r1, c1, r2, c2, self.guard if self.guarding else None, full)

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
            ranges.append(Range(sheet, r1, c1, r2, c2, self.guard if self.guarding else None))
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
            return Range(sheet, row, col, row, col, self.guard if self.guarding else None)
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
            return E_REF
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
                self.record_unknown(name, ctx)
                return E_NAME
            return self.call_udf(udf.func, node, ctx)
        if declared.raw is None:
            return self.call_declared(declared, node, ctx)
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
        for i in SCALAR_ARGS.get(name, ()) if not ctx.array else ():  # implicit intersection
            if i < len(args):
                args[i] = self.intersect(args[i], ctx)
        for i, a in enumerate(node.args):  # a one-cell reference where a range is declared stays
            if type(a) is Ref and not a.area and spec.params and spec.param(i).kind == "array" and (ctx.n is None or a.r1_abs):
                args[i] = self.reference(a, ctx)  # one: SUMIF(A:A,"x",B1) sums B1 resized
        refs = tuple(isinstance(a, (Ref, Name)) for a in node.args)
        try:
            args, refs = _legacy_args(args, refs, kind)
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

    def call_declared(self, spec: Any, node: Call, ctx: Ctx) -> Any:
        """A function declared in :mod:`.functions` (see :mod:`.functions.spec`)."""
        args = []
        for i, a in enumerate(node.args):
            if spec.takes_reference(i):
                args.append(self.reference(a, ctx))
            elif spec.array_argument(i):
                args.append(self.ev(a, ctx.as_array()))
            else:
                args.append(self.ev(a, ctx))
        missing = tuple(type(a) is Const and a.value is None for a in node.args)
        refs = tuple(isinstance(a, (Ref, Name)) for a in node.args)
        try:
            return call_spec(spec, args, ctx, missing=missing, refs=refs, settings=self.settings, book=self.book, evaluator=self)
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
        label = name if what == "function" else f"{name} (a name)"
        self.unknown.setdefault(label, {})[ctx.where()] = ctx.n or 1
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
            if not 1 <= len(args) <= 3:
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
            names[target.name] = self.ev(args[i + 1], inner)
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
        values = [MISSING if (type(a) is Const and a.value is None) else self.ev(a, ctx) for a in arg_nodes]
        return self.call_lambda(func, values, ctx)

    def call_lambda(self, lam: Lambda, values: list[Any], ctx: Ctx) -> Any:
        """Call a LAMBDA with evaluated argument values (an omitted optional one: MISSING)."""
        if lam.body is None:  # a function passed by its name (an "eta" LAMBDA)
            return self.call(Call(lam.name, tuple(Const(v) if v is not None else Const(0.0) for v in values)), ctx)
        if len(values) > len(lam.params):
            return E_VALUE
        bound: dict[str, Any] = {}
        for i, p in enumerate(lam.params):
            v = values[i] if i < len(values) else MISSING
            if v is MISSING and not lam.optional[i]:
                return E_VALUE
            bound[p] = v
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
            try:
                rows, cols = int(num(scalar_of(self.operand(args[0], ctx)))), int(num(scalar_of(self.operand(args[1], ctx))))
            except Err as e:
                return e.err
            if rows < 1 or cols < 1:
                return E_CALC
            if rows * cols > MAX_LAMBDA_CELLS:
                raise TooLarge(f"MAKEARRAY of {rows * cols:,} cells")
            out = [value(self.call_lambda(func, [float(r), float(c)], one)) for r in range(1, rows + 1) for c in range(1, cols + 1)]
            return Grid(_pack2(out, (rows, cols)))
        arrays = [self.ev(a, actx) for a in args[:-1]]
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
        grids = [_grid(a) for a in arrays]
        for g in grids:
            if type(g) is XLError:
                return g
        shape = excel_shape(*(g.shape for g in grids))
        _budget(name, shape[0] * shape[1])
        cols = [to_object(expand(g.values, shape)).ravel().tolist() for g in grids]
        out = []
        for vals in zip(*cols, strict=True):
            out.append(value(self.call_lambda(func, [None if (type(v) is float and v != v) else v for v in vals], one)))
        return Grid(_pack2(out, shape))

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


#: Most elements MAP, REDUCE, SCAN, BYROW, BYCOL and MAKEARRAY call their LAMBDA for (each
#: call costs microseconds in Python): beyond, the cell is #VALUE! with a warning.
MAX_LAMBDA_CELLS = 1_000_000


def _budget(name: str, cells: int) -> None:
    if cells > MAX_LAMBDA_CELLS:
        raise TooLarge(f"{name} over {cells:,} cells")

_SPECIAL = {
    "LET": Interpreter.let,
    "LAMBDA": Interpreter.make_lambda,
    "ISOMITTED": Interpreter.isomitted,
    "ANCHORARRAY": Interpreter.anchorarray,
    "SINGLE": Interpreter.single,
    **{n: Interpreter.lambda_helper for n in _LAMBDA_HELPERS},
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


def _legacy_args(args: list[Any], refs: tuple[bool, ...], kind: str) -> tuple[list[Any], tuple[bool, ...]]:
    """Arguments in the forms the hand-vectorised table (:mod:`.functions.legacy`) reads:
    computed grids as 2-D arrays, per-row columns as 1-D arrays; several areas as separate
    arguments for the aggregates (``SUM((A1,B1))``, ``SUM(Sheet1:Sheet3!A1)``)."""
    out: list[Any] = []
    out_refs: list[bool] = []
    for a, r in zip(args, refs + (False,) * (len(args) - len(refs)), strict=True):
        t = type(a)
        if t is Grid:
            out.append(a.values)
        elif t is Rows:
            out.append(a.values if a.values.ndim == 1 else a)
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
