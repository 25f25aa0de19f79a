"""Formula text -> expression tree.

Tokens come from openpyxl's maintained tokenizer
(:class:`openpyxl.formula.tokenizer.Tokenizer`, MIT); a small precedence-climbing parser
builds the tree. References are resolved while parsing, relative to an anchor cell, so
one tree serves every cell of a filled-down column: a relative reference stores its
offset from the anchor, an absolute one its position.

Excel's operator precedence, tightest first: reference operators, unary minus, ``%``,
``^``, ``*`` ``/``, ``+`` ``-``, ``&``, comparisons. ``-2^2`` is 4 in Excel, and ``2^3^2``
is 64 (left to right); both hold here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..errors import CODE_OF, XLError
from .refs import col_index
from .tokenizer import Token, Tokenizer

PREFIXES = ("_xlfn._xlws.", "_xlfn.", "_xlws.", "_xldudf_", "_xll.")


class Node:
    """An expression node."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Const(Node):
    """A literal: float, str, bool, XLError, or None for an omitted argument."""

    value: object


@dataclass(frozen=True, slots=True)
class ArrayConst(Node):
    """An array constant ``{1,2;3,4}`` (2-D object/float array)."""

    value: np.ndarray


@dataclass(frozen=True, slots=True)
class Ref(Node):
    """A cell or area. Relative parts are offsets from the anchor cell.

    ``r2``/``c2`` None with ``whole_col``/``whole_row`` bound the area to the sheet's used range.
    """

    sheet: str | None
    r1: int
    c1: int
    r2: int
    c2: int
    r1_abs: bool
    c1_abs: bool
    r2_abs: bool
    c2_abs: bool
    area: bool  # written as an area (A1:B2, A:A, a table column) rather than one cell
    whole_col: bool = False
    whole_row: bool = False


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A defined name, resolved at evaluation time."""

    name: str
    sheet: str | None


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str
    arg: Node


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


class ParseError(ValueError):
    """A formula the parser cannot read."""


_BINARY_PREC = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}
_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$")
_COL = re.compile(r"^(\$?)([A-Za-z]{1,3})$")
_ROW = re.compile(r"^(\$?)([0-9]+)$")


class Resolver:
    """What the parser needs to know about the workbook: tables, for structured references."""

    def __init__(self, tables: dict | None = None) -> None:
        self.tables = tables or {}

    def table_at(self, sheet: str, row: int, col: int):
        for t in self.tables.values():
            if t.sheet.lower() == sheet.lower() and t.r1 <= row <= t.r2 and t.c1 <= col <= t.c2:
                return t
        return None


def strip_prefix(name: str) -> str:
    """Function name without Excel's storage prefixes, upper case."""
    up = name.upper()
    for p in PREFIXES:
        if up.startswith(p.upper()):
            return up[len(p) :]
    return up


def parse(formula: str, sheet: str, row: int, col: int, resolver: Resolver) -> Node:
    """Parse ``formula`` (with or without leading ``=``) written in cell (row, col) of ``sheet``."""
    text = formula if formula.startswith("=") else "=" + formula
    try:
        tokens = [t for t in Tokenizer(text).items if t.type != Token.WSPACE]
    except Exception as exc:  # the tokenizer raises TokenizerError and others
        raise ParseError(str(exc)) from exc
    p = _Parser(tokens, sheet, row, col, resolver)
    node = p.expr(0)
    if p.pos != len(tokens):
        raise ParseError(f"unexpected {tokens[p.pos].value!r}")
    return node


class _Parser:
    def __init__(self, tokens: list[Token], sheet: str, row: int, col: int, resolver: Resolver):
        self.t = tokens
        self.pos = 0
        self.sheet = sheet
        self.row = row
        self.col = col
        self.res = resolver

    def peek(self) -> Token | None:
        return self.t[self.pos] if self.pos < len(self.t) else None

    def next(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise ParseError("unexpected end of formula")
        self.pos += 1
        return tok

    def expr(self, min_prec: int) -> Node:
        left = self.unary()
        while True:
            tok = self.peek()
            if tok is None or tok.type != Token.OP_IN or tok.value not in _BINARY_PREC:
                if tok is not None and tok.type == Token.OP_IN and tok.value == ",":
                    raise ParseError("the union operator ',' is not supported")
                return left
            prec = _BINARY_PREC[tok.value]
            if prec < min_prec:
                return left
            self.pos += 1
            right = self.expr(prec + 1)
            left = Binary(tok.value, left, right)

    def unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.type == Token.OP_PRE:
            self.pos += 1
            arg = self.unary()
            return arg if tok.value == "+" else Unary("-", arg)
        node = self.primary()
        while (tok := self.peek()) is not None and (
            (tok.type == Token.OP_IN and tok.value == ":")
            or (tok.type == Token.FUNC and tok.subtype == Token.OPEN and tok.value.startswith(":"))
        ):
            self.pos += 1
            if tok.type == Token.FUNC:  # the tokenizer glues ":" to a following function name
                node = Binary(":", node, self.call(tok.value[1:-1]))
            else:
                node = Binary(":", node, self.primary())
        while (tok := self.peek()) is not None and tok.type == Token.OP_POST:
            self.pos += 1
            node = Unary("%", node)
        return node

    def primary(self) -> Node:
        tok = self.next()
        if tok.type == Token.OPERAND:
            return self.operand(tok)
        if tok.type == Token.FUNC and tok.subtype == Token.OPEN:
            return self.call(tok.value[:-1])
        if tok.type == Token.PAREN and tok.subtype == Token.OPEN:
            node = self.expr(0)
            close = self.next()
            if close.type != Token.PAREN:
                raise ParseError("expected )")
            return node
        if tok.type == Token.ARRAY and tok.subtype == Token.OPEN:
            return self.array()
        raise ParseError(f"unexpected {tok.value!r}")

    def call(self, name: str) -> Node:
        args: list[Node] = []
        tok = self.peek()
        if tok is not None and tok.type == Token.FUNC and tok.subtype == Token.CLOSE:
            self.pos += 1
            return Call(strip_prefix(name), ())
        while True:
            tok = self.peek()
            if tok is not None and (tok.type == Token.SEP or (tok.type == Token.FUNC and tok.subtype == Token.CLOSE)):
                args.append(Const(None))
            else:
                args.append(self.expr(0))
            tok = self.next()
            if tok.type == Token.SEP and tok.subtype == Token.ARG:
                continue
            if tok.type == Token.FUNC and tok.subtype == Token.CLOSE:
                return Call(strip_prefix(name), tuple(args))
            raise ParseError(f"unexpected {tok.value!r} in call of {name}")

    def array(self) -> Node:
        rows: list[list[object]] = [[]]
        while True:
            tok = self.next()
            if tok.type == Token.ARRAY and tok.subtype == Token.CLOSE:
                break
            if tok.type == Token.SEP:
                if tok.subtype == Token.ROW:
                    rows.append([])
                continue
            sign = 1.0
            if tok.type == Token.OP_PRE:
                sign = -1.0 if tok.value == "-" else 1.0
                tok = self.next()
            node = self.operand(tok)
            if not isinstance(node, Const):
                raise ParseError("array constants hold constants only")
            v = node.value
            rows[-1].append(v * sign if isinstance(v, float) else v)
        width = max(len(r) for r in rows)
        if any(len(r) != width for r in rows):
            raise ParseError("ragged array constant")
        arr = np.empty((len(rows), width), dtype=object)
        arr[:, :] = rows
        if all(isinstance(v, float) for v in arr.ravel()):
            arr = arr.astype(np.float64)
        return ArrayConst(arr)

    def operand(self, tok: Token) -> Node:
        v = tok.value
        if tok.subtype == Token.NUMBER:
            return Const(float(v))
        if tok.subtype == Token.TEXT:
            return Const(v[1:-1].replace('""', '"'))
        if tok.subtype == Token.LOGICAL:
            return Const(v.upper() == "TRUE")
        if tok.subtype == Token.ERROR:
            return Const(XLError(v.upper()) if v.upper() in CODE_OF else XLError("#VALUE!"))
        return self.reference(v)

    # --- references -------------------------------------------------------------------
    def reference(self, text: str) -> Node:
        if "[" in text:
            return self.structured(text)
        sheet = None
        ref = text
        if "!" in text:
            sheet_part, _, ref = text.rpartition("!")
            if sheet_part.startswith("'") and sheet_part.endswith("'"):
                sheet_part = sheet_part[1:-1].replace("''", "'")
            if ":" in sheet_part:
                raise ParseError(f"3-D reference {text!r} not supported")
            sheet = sheet_part
        if ref.upper() == "#REF!":
            return Const(XLError("#REF!"))
        first, colon, last = ref.partition(":")
        a = self.cell(first)
        if a is not None:
            if not colon:
                return self.make_ref(sheet, a, a, area=False)
            b = self.cell(last)
            if b is None:
                raise ParseError(f"bad reference {text!r}")
            return self.make_ref(sheet, a, b, area=True)
        if colon:
            ca, cb = _COL.match(first), _COL.match(last)
            if ca and cb:
                c1, c2 = col_index(ca.group(2)), col_index(cb.group(2))
                return Ref(sheet, 1, self._c(c1, ca.group(1)), 0, self._c(c2, cb.group(1)), True, bool(ca.group(1)), True, bool(cb.group(1)), True, whole_col=True)
            ra, rb = _ROW.match(first), _ROW.match(last)
            if ra and rb:
                r1, r2 = int(ra.group(2)), int(rb.group(2))
                return Ref(sheet, self._r(r1, ra.group(1)), 1, self._r(r2, rb.group(1)), 0, bool(ra.group(1)), True, bool(rb.group(1)), True, True, whole_row=True)
        if colon:
            raise ParseError(f"bad reference {text!r}")
        if sheet is None and ref.upper() in self.res.tables:
            return self.structured(ref + "[]")
        return Name(ref.upper(), sheet)

    def _r(self, r: int, dollar: str) -> int:
        return r if dollar else r - self.row

    def _c(self, c: int, dollar: str) -> int:
        return c if dollar else c - self.col

    def cell(self, text: str) -> tuple[int, int, bool, bool] | None:
        m = _CELL.match(text)
        if not m:
            return None
        return int(m.group(4)), col_index(m.group(2)), bool(m.group(3)), bool(m.group(1))

    def make_ref(self, sheet, a, b, area: bool) -> Ref:
        (r1, c1, r1a, c1a), (r2, c2, r2a, c2a) = a, b
        if (r1 > r2) or (c1 > c2):  # normalise B2:A1
            r1, r2, r1a, r2a = (r2, r1, r2a, r1a) if r1 > r2 else (r1, r2, r1a, r2a)
            c1, c2, c1a, c2a = (c2, c1, c2a, c1a) if c1 > c2 else (c1, c2, c1a, c2a)
        return Ref(
            sheet,
            r1 if r1a else r1 - self.row,
            c1 if c1a else c1 - self.col,
            r2 if r2a else r2 - self.row,
            c2 if c2a else c2 - self.col,
            r1a, c1a, r2a, c2a, area,
        )

    def structured(self, text: str) -> Node:
        name, _, spec = text.partition("[")
        spec = "[" + spec
        if name:
            table = self.res.tables.get(name.upper())
        else:
            table = self.res.table_at(self.sheet, self.row, self.col)
        if table is None:
            return Const(XLError("#REF!"))
        inner = spec[1:-1].strip()
        this_row = False
        if inner.startswith("@"):
            this_row = True
            inner = inner[1:].strip()
            items = [inner] if inner else []
        elif inner.startswith("["):
            items = _split_items(inner)
        else:
            items = [inner] if inner else []
        specials: set[str] = set()
        col_items: list[str] = []
        for item in items:
            if item.startswith("[") and item.endswith("]") and ":" not in _top_level(item):
                item = item[1:-1]
            if item.startswith("#"):
                specials.add(item.lower())
            else:
                col_items.append(item)
        if "#this row" in specials:
            this_row = True
        if col_items:
            first, _, last = _split_colon(col_items[0])
            c1 = table.column(_unescape_col(first))
            c2 = table.column(_unescape_col(last)) if last else c1
            if c1 is None or c2 is None:
                return Const(XLError("#REF!"))
        else:
            c1, c2 = table.c1, table.c2
        data1 = table.r1 + table.header_rows
        data2 = table.r2 - table.totals_rows
        if this_row:
            return Ref(table.sheet, 0, c1, 0, c2, False, True, False, True, area=(c1 != c2) or bool(name and False))
        if "#all" in specials:
            r1, r2 = table.r1, table.r2
        elif "#headers" in specials and "#data" in specials:
            r1, r2 = table.r1, data2
        elif "#data" in specials and "#totals" in specials:
            r1, r2 = data1, table.r2
        elif "#headers" in specials:
            if not table.header_rows:
                return Const(XLError("#REF!"))
            r1 = r2 = table.r1
        elif "#totals" in specials:
            if not table.totals_rows:
                return Const(XLError("#REF!"))
            r1 = r2 = table.r2
        else:
            r1, r2 = data1, data2
        return Ref(table.sheet, r1, c1, r2, c2, True, True, True, True, area=True)


def _top_level(item: str) -> str:
    """``item`` with bracketed parts removed."""
    depth, out = 0, []
    for ch in item:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _split_items(inner: str) -> list[str]:
    """Split ``[#Data],[Col1]:[Col2]`` at top-level commas (honouring ``'`` escapes)."""
    items, depth, cur, i = [], 0, [], 0
    while i < len(inner):
        ch = inner[i]
        if ch == "'" and i + 1 < len(inner):
            cur.append(inner[i : i + 2])
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    if cur:
        items.append("".join(cur).strip())
    return items


def _split_colon(item: str) -> tuple[str, str, str]:
    """``[A]:[B]`` -> ("A", ":", "B"); ``A`` -> ("A", "", "")."""
    if item.startswith("[") and "]:[" in item:
        a, _, b = item.partition("]:[")
        return a[1:], ":", b[:-1]
    return item.strip("[]") if item.startswith("[") else item, "", ""


def _unescape_col(name: str) -> str:
    return re.sub(r"'(.)", r"\1", name)
