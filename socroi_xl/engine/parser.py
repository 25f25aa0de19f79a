"""Formula text -> expression tree.

Tokens come from openpyxl's maintained tokenizer
(:class:`openpyxl.formula.tokenizer.Tokenizer`, MIT); a small precedence-climbing parser
builds the tree. References are resolved while parsing, relative to an anchor cell, so
one tree serves every cell of a filled-down column: a relative reference stores its
offset from the anchor, an absolute one its position.

Excel's operator precedence, tightest first: the reference operators (range ``:``,
intersection — a space —, union ``,`` inside parentheses), unary minus, ``%``, ``^``,
``*`` ``/``, ``+`` ``-``, ``&``, comparisons. ``-2^2`` is 4 in Excel, and ``2^3^2`` is 64
(left to right); both hold here.

References: ``A1``, ``$A$1:B2``, ``A:A``, ``1:1``, ``Sheet!A1``, ``'My Sheet'!A1``, 3-D
``Sheet1:Sheet3!A1``, external ``[1]Sheet1!A1`` (the values saved in the link part), the
spill reference ``A1#`` (stored in files as ``ANCHORARRAY(A1)``), structured references to
tables, defined names (and the names of ``LET`` and ``LAMBDA``, stored with ``_xlpm.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..errors import CODE_OF, XLError
from ..xl.refs import MAX_COL, MAX_ROW, col_index
from .tokenizer import Token, Tokenizer

PREFIXES = ("_xlfn._xlws.", "_xlfn.", "_xlws.", "_xldudf_", "_xludf.", "_xll.", "_xlpm.")


class Node:
    """An expression node."""

    __slots__ = ()


@dataclass(frozen=True, slots=True, eq=False)
class Const(Node):
    """A literal: float, str, bool, XLError, or None for an omitted argument."""

    value: object


@dataclass(frozen=True, slots=True, eq=False)
class ArrayConst(Node):
    """An array constant ``{1,2;3,4}`` (2-D object/float array)."""

    value: np.ndarray


@dataclass(frozen=True, slots=True, eq=False)
class Ref(Node):
    """A cell or area. Relative parts are offsets from the anchor cell.

    ``whole_col``/``whole_row``: ``A:A`` / ``1:1`` (bounded to the sheet's used area).
    ``sheet2``: the last sheet of a 3-D reference (``sheet`` is the first). ``book``: the
    external workbook (``"1"`` for ``[1]``), whose saved values are read.
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
    sheet2: str | None = None
    book: str | None = None
    #: a relative reference of a defined name: Excel stores it relative to A1 and it wraps
    #: around the grid (XFD1048576 in a name is one row up and one column left)
    wrap: bool = False

    def row(self, anchor: int, which: int = 1) -> int:
        """Row ``which`` (1 or 2) of the reference for a formula at row ``anchor``."""
        r, absolute = (self.r1, self.r1_abs) if which == 1 else (self.r2, self.r2_abs)
        if absolute:
            return r
        return (anchor + r - 1) % MAX_ROW + 1 if self.wrap else anchor + r

    def col(self, anchor: int, which: int = 1) -> int:
        """Column ``which`` (1 or 2) of the reference for a formula at column ``anchor``."""
        c, absolute = (self.c1, self.c1_abs) if which == 1 else (self.c2, self.c2_abs)
        if absolute:
            return c
        return (anchor + c - 1) % MAX_COL + 1 if self.wrap else anchor + c


@dataclass(frozen=True, slots=True, eq=False)
class Name(Node):
    """A defined name (or a LET/LAMBDA name), resolved at evaluation time."""

    name: str
    sheet: str | None
    book: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Param(Node):
    """A parameter of ``LAMBDA``: ``x``, or ``[x]`` (optional)."""

    name: str
    optional: bool


@dataclass(frozen=True, slots=True, eq=False)
class Unary(Node):
    op: str
    arg: Node


@dataclass(frozen=True, slots=True, eq=False)
class Binary(Node):
    """``left op right``; ``op`` is an operator, ``":"`` (range), ``" "`` (intersection)
    or ``","`` (union)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True, eq=False)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Invoke(Node):
    """A call of a function value: ``LAMBDA(x, x+1)(5)``."""

    func: Node
    args: tuple[Node, ...]


class ParseError(ValueError):
    """A formula the parser cannot read."""


_BINARY_PREC = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}
_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$")
_COL = re.compile(r"^(\$?)([A-Za-z]{1,3})$")
_ROW = re.compile(r"^(\$?)([0-9]+)$")
# a spill reference ``A1#`` (outside strings), written in files as ANCHORARRAY(A1)
_SPILL = re.compile(r"""("(?:[^"]|"")*")|((?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Za-z]{1,3}\$?[0-9]+)#""")
_BOOK = re.compile(r"^\[([^\]]+)\](.*)$", re.S)
#: A trim reference typed in a formula (``A1.:.E10``, ``A1.:E10``, ``A:.A``...): Excel stores it
#: as ``_xlfn._TRO_ALL(A1:E10)``, ``_TRO_LEADING``, ``_TRO_TRAILING`` (strings, brackets kept)
_TRIM_REF = re.compile(
    r"""("(?:[^"]|"")*"|\[[^\]]*\])|(?<![\w.$])((?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?"""
    r"""\$?(?:[A-Za-z]{1,3}\$?[0-9]+|[A-Za-z]{1,3}|[0-9]+))(\.?):(\.?)(\$?(?:[A-Za-z]{1,3}\$?[0-9]+|[A-Za-z]{1,3}|[0-9]+))(?![\w(])"""
)
_TRIM_KIND = {(".", "."): "_TRO_ALL", (".", ""): "_TRO_LEADING", ("", "."): "_TRO_TRAILING"}


def _trim_refs(text: str) -> str:
    def one(m: re.Match) -> str:
        if m.group(1) or (not m.group(3) and not m.group(4)):
            return m.group(0)
        return f"_xlfn.{_TRIM_KIND[(m.group(3), m.group(4))]}({m.group(2)}:{m.group(5)})"

    return _TRIM_REF.sub(one, text)
_LINE_BREAKS = re.compile(r'("(?:[^"]|"")*"|\[[^\]]*\])|[\r\n\t]')
_DEAD_RANGE = re.compile(r"(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?#REF!(?::(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?#REF!)+", re.I)
#: Stand-ins for ``'[`` and ``']`` inside a structured reference while the tokenizer reads
#: the formula (it counts brackets and does not know the escape).
_OPEN, _CLOSE = "\ue000", "\ue001"


def _hide_escaped_brackets(text: str) -> str:
    """``T[Price '[USD']]`` with the escaped brackets replaced by stand-ins (outside strings,
    inside brackets only: ``'[1]Sheet'!A1`` is an external reference)."""
    out, depth, i, quoted = [], 0, 0, False
    while i < len(text):
        ch = text[i]
        if ch == '"' and depth == 0:
            quoted = not quoted
        elif not quoted:
            if ch == "'" and depth > 0 and i + 1 < len(text):
                nxt = text[i + 1]
                out.append({"[": _OPEN, "]": _CLOSE}.get(nxt, ch + nxt))
                i += 2
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth = max(depth - 1, 0)
        out.append(ch)
        i += 1
    return "".join(out)


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
    changed = True
    while changed:
        changed = False
        for p in PREFIXES:
            if up.startswith(p.upper()):
                up = up[len(p) :]
                changed = True
    return up


def parse(formula: str, sheet: str, row: int, col: int, resolver: Resolver, wrap: bool = False) -> Node:
    """Parse ``formula`` (with or without leading ``=``) written in cell (row, col) of ``sheet``
    (``wrap``: a defined name's formula, whose relative references wrap around the grid)."""
    text = formula if formula.startswith("=") else "=" + formula
    if "#" in text:
        text = _SPILL.sub(lambda m: m.group(1) or f"_xlfn.ANCHORARRAY({m.group(2)})", text)
    if "'" in text and "[" in text:
        text = _hide_escaped_brackets(text)
    if ".:" in text or ":." in text:
        text = _trim_refs(text)
    if "\n" in text or "\r" in text or "\t" in text:  # line breaks typed in a formula (Alt+Enter)
        text = _LINE_BREAKS.sub(lambda m: m.group(1) or " ", text)
    try:
        raw = Tokenizer(text).items
    except Exception as exc:  # the tokenizer raises TokenizerError and others
        if "#REF!" not in text.upper():
            raise ParseError(str(exc)) from exc
        try:  # a deleted range: SUM(#REF!:#REF!), Sheet1!#REF!:#REF!
            raw = Tokenizer(_DEAD_RANGE.sub("#REF!", text)).items
        except Exception:  # noqa: BLE001
            raise ParseError(str(exc)) from exc
    tokens = _spaces(raw)
    p = _Parser(tokens, sheet, row, col, resolver)
    p.wrap = wrap
    try:
        node = p.expr(0)
    except RecursionError:
        raise ParseError("formula nested too deeply") from None
    if p.pos != len(tokens):
        raise ParseError(f"unexpected {tokens[p.pos].value!r}")
    return node


def _ends_operand(tok: Token) -> bool:
    return (tok.type == Token.OPERAND and tok.subtype == Token.RANGE) or (
        tok.type in (Token.PAREN, Token.FUNC) and tok.subtype == Token.CLOSE
    )


def _starts_operand(tok: Token) -> bool:
    return (tok.type == Token.OPERAND and tok.subtype == Token.RANGE) or (
        tok.type in (Token.PAREN, Token.FUNC) and tok.subtype == Token.OPEN
    )


def _spaces(tokens: list[Token]) -> list[Token]:
    """Drop white space, except between two references: there it is the intersection operator."""
    out: list[Token] = []
    for i, tok in enumerate(tokens):
        if tok.type != Token.WSPACE:
            out.append(tok)
            continue
        nxt = next((t for t in tokens[i + 1 :] if t.type != Token.WSPACE), None)
        if out and nxt is not None and _ends_operand(out[-1]) and _starts_operand(nxt):
            out.append(Token(" ", Token.OP_IN))
    return out


class _Parser:
    def __init__(self, tokens: list[Token], sheet: str, row: int, col: int, resolver: Resolver):
        self.t = tokens
        self.pos = 0
        self.sheet = sheet
        self.row = row
        self.col = col
        self.res = resolver
        self.union_ok = True  # False inside the arguments of an invocation f(1,2)
        self.wrap = False

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
            if tok.value == "+":  # a value stays itself; a reference becomes its value(s)
                return arg if type(arg) is Const else Unary("+", arg)
            return Unary("-", arg)
        node = self.union()
        while (tok := self.peek()) is not None and tok.type == Token.OP_POST:
            self.pos += 1
            node = Unary("%", node)
        return node

    def _op(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.type == Token.OP_IN and tok.value == value

    def union(self) -> Node:
        node = self.intersection()
        while self.union_ok and self._op(","):
            self.pos += 1
            node = Binary(",", node, self.intersection())
        return node

    def intersection(self) -> Node:
        node = self.span()
        while self._op(" "):
            self.pos += 1
            node = Binary(" ", node, self.span())
        return node

    def span(self) -> Node:
        node = self.postfix()
        while (tok := self.peek()) is not None:
            if tok.type == Token.OP_IN and tok.value == ":":
                self.pos += 1
                node = Binary(":", node, self.postfix())
            elif tok.type == Token.FUNC and tok.subtype == Token.OPEN and tok.value.startswith(":"):
                self.pos += 1  # the tokenizer glues ":" to a following function name
                node = Binary(":", node, self.call(tok.value[1:-1]))
            elif tok.type == Token.OPERAND and tok.subtype == Token.RANGE and tok.value.startswith(":") and len(tok.value) > 1:
                self.pos += 1  # ... and to a following reference: INDEX(...):B3
                node = Binary(":", node, self.reference(tok.value[1:]))
            else:
                return node
        return node

    def postfix(self) -> Node:
        node = self.primary()
        while (tok := self.peek()) is not None and tok.type == Token.PAREN and tok.subtype == Token.OPEN and isinstance(node, (Call, Name, Invoke)):
            self.pos += 1  # LAMBDA(x, x+1)(5): the value is a function, called here
            saved, self.union_ok = self.union_ok, False
            node = Invoke(node, tuple(self.arguments(close=Token.PAREN)))
            self.union_ok = saved
        return node

    def primary(self) -> Node:
        tok = self.next()
        if tok.type == Token.OPERAND:
            return self.operand(tok)
        if tok.type == Token.FUNC and tok.subtype == Token.OPEN:
            parts = _split_top(tok.value[:-1], ":")
            if len(parts) > 1:  # the tokenizer glues a reference and ":" to a function name:
                # A1:OFFSET(A1,4,0), INPUT:OFFSET(...) (IronCalc's range_operator.xlsx)
                return Binary(":", self.reference(":".join(parts[:-1])), self.call(parts[-1]))
            return self.call(tok.value[:-1])
        if tok.type == Token.PAREN and tok.subtype == Token.OPEN:
            saved, self.union_ok = self.union_ok, True
            node = self.expr(0)
            self.union_ok = saved
            close = self.next()
            if close.type != Token.PAREN:
                raise ParseError("expected )")
            return node
        if tok.type == Token.ARRAY and tok.subtype == Token.OPEN:
            return self.array()
        raise ParseError(f"unexpected {tok.value!r}")

    def arguments(self, close: str = Token.FUNC, lam: bool = False) -> list[Node]:
        args: list[Node] = []
        tok = self.peek()
        if tok is not None and tok.type == close and tok.subtype == Token.CLOSE:
            self.pos += 1
            return args
        while True:
            tok = self.peek()
            if tok is not None and (tok.type == Token.SEP or (tok.type == close and tok.subtype == Token.CLOSE) or (close == Token.PAREN and tok.type == Token.OP_IN and tok.value == ",")):
                args.append(Const(None))
            elif lam and tok is not None and tok.type == Token.OPERAND and tok.subtype == Token.RANGE and _PARAM.match(tok.value):
                nxt = self.t[self.pos + 1] if self.pos + 1 < len(self.t) else None
                if nxt is not None and nxt.type == Token.SEP:  # a parameter, not the body
                    self.pos += 1
                    m = _PARAM.match(tok.value)
                    name, optional = m.group(2), bool(m.group(1))
                    if name[:6].lower() == "_xlop.":  # an optional parameter as files store it
                        name, optional = name[6:], True
                    args.append(Param(strip_prefix(name), optional))
                else:
                    args.append(self.expr(0))
            else:
                args.append(self.expr(0))
            tok = self.next()
            if (tok.type == Token.SEP and tok.subtype == Token.ARG) or (close == Token.PAREN and tok.type == Token.OP_IN and tok.value == ","):
                continue
            if tok.type == close and tok.subtype == Token.CLOSE:
                return args
            raise ParseError(f"unexpected {tok.value!r} in a call")

    def call(self, name: str) -> Node:
        fname = strip_prefix(name)
        return Call(fname, tuple(self.arguments(lam=fname == "LAMBDA")))

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
            if tok.type != Token.OPERAND or tok.subtype == Token.RANGE:
                raise ParseError("array constants hold constants only")
            node = self.operand(tok)
            v = node.value  # type: ignore[attr-defined]
            rows[-1].append(v * sign if isinstance(v, float) else v)
        width = max(len(r) for r in rows)
        if not width or any(len(r) != width for r in rows):
            raise ParseError("ragged array constant")
        arr = np.empty((len(rows), width), dtype=object)
        arr[:, :] = rows
        if all(isinstance(v, float) for v in arr.ravel()):
            arr = arr.astype(np.float64)
        return ArrayConst(arr)

    def operand(self, tok: Token) -> Node:
        v = tok.value
        if tok.subtype == Token.NUMBER:
            try:
                return Const(float(v))
            except ValueError:
                raise ParseError(f"bad number {v!r}") from None
        if tok.subtype == Token.TEXT:
            return Const(v[1:-1].replace('""', '"'))
        if tok.subtype == Token.LOGICAL:
            return Const(v.upper() == "TRUE")
        if tok.subtype == Token.ERROR:
            return Const(XLError(v.upper()) if v.upper() in CODE_OF else XLError("#VALUE!"))
        return self.reference(v)

    # --- references -------------------------------------------------------------------
    def reference(self, text: str) -> Node:
        if text.upper().endswith("#REF!"):  # a reference to deleted cells (Sheet1!#REF!)
            return Const(XLError("#REF!"))
        parts = _split_top(text, ":")
        if len(parts) > 1 and sum("!" in _outside_quotes(p) for p in parts) > 1:
            node = self.reference(parts[0])  # Sheet1!A1:Sheet1!B2: a range between references
            for p in parts[1:]:
                node = Binary(":", node, self.reference(p))
            return node
        book, sheet, sheet2, ref = _split_sheet(text)
        if "[" in ref:
            if book is not None:  # a table of another workbook: its link part keeps no table,
                # and Excel gives #REF! while that workbook is closed (EPPlus' ExtRef.xlsx, F10,
                # as Excel saved it) — never this workbook's table of the same name
                return Const(XLError("#REF!"))
            return self.structured(ref, sheet)
        if ref.upper() == "#REF!":
            return Const(XLError("#REF!"))
        if not ref:
            raise ParseError(f"bad reference {text!r}")
        pieces = _split_top(ref, ":")
        if len(pieces) > 2:  # A1:B2:C3
            node = self.reference(_join_sheet(book, sheet, sheet2, pieces[0] + ":" + pieces[1]))
            for p in pieces[2:]:
                node = Binary(":", node, self.reference(_join_sheet(book, sheet, sheet2, p)))
            return node
        first, colon, last = ref.partition(":")
        a = self.cell(first)
        if a is not None:
            if not colon:
                return self.make_ref(sheet, a, a, False, sheet2, book)
            b = self.cell(last)
            if b is None:
                raise ParseError(f"bad reference {text!r}")
            return self.make_ref(sheet, a, b, True, sheet2, book)
        if colon:
            ca, cb = _COL.match(first), _COL.match(last)
            if ca and cb:
                c1, c2 = col_index(ca.group(2)), col_index(cb.group(2))
                if c1 > c2:
                    c1, c2, ca, cb = c2, c1, cb, ca
                return Ref(sheet, 1, self._c(c1, ca.group(1)), 0, self._c(c2, cb.group(1)), True, bool(ca.group(1)), True, bool(cb.group(1)), True, True, False, sheet2, book,
                           self.wrap and not (ca.group(1) and cb.group(1)))
            ra, rb = _ROW.match(first), _ROW.match(last)
            if ra and rb:
                r1, r2 = int(ra.group(2)), int(rb.group(2))
                if r1 > r2:
                    r1, r2, ra, rb = r2, r1, rb, ra
                return Ref(sheet, self._r(r1, ra.group(1)), 1, self._r(r2, rb.group(1)), 0, bool(ra.group(1)), True, bool(rb.group(1)), True, True, False, True, sheet2, book,
                           self.wrap and not (ra.group(1) and rb.group(1)))
            raise ParseError(f"bad reference {text!r}")
        if sheet2 is not None:
            raise ParseError(f"3-D reference to a name {text!r}")
        if sheet is None and book is None and ref.upper() in self.res.tables:
            return self.structured(ref + "[]", None)
        return Name(strip_prefix(ref), sheet, book)

    def _r(self, r: int, dollar: str) -> int:
        return r if dollar else r - self.row

    def _c(self, c: int, dollar: str) -> int:
        return c if dollar else c - self.col

    def cell(self, text: str) -> tuple[int, int, bool, bool] | None:
        m = _CELL.match(text)
        if not m:
            return None
        row, col = int(m.group(4)), col_index(m.group(2))
        if not (1 <= row <= MAX_ROW and col <= MAX_COL):
            return None
        return row, col, bool(m.group(3)), bool(m.group(1))

    def make_ref(self, sheet, a, b, area: bool, sheet2=None, book=None) -> Ref:
        (r1, c1, r1a, c1a), (r2, c2, r2a, c2a) = a, b
        if r1 > r2:  # normalise B2:A1
            r1, r2, r1a, r2a = r2, r1, r2a, r1a
        if c1 > c2:
            c1, c2, c1a, c2a = c2, c1, c2a, c1a
        return Ref(
            sheet,
            r1 if r1a else r1 - self.row,
            c1 if c1a else c1 - self.col,
            r2 if r2a else r2 - self.row,
            c2 if c2a else c2 - self.col,
            r1a, c1a, r2a, c2a, area, False, False, sheet2, book,
            self.wrap and not (r1a and c1a and r2a and c2a),
        )

    def structured(self, text: str, sheet: str | None = None) -> Node:
        cut = _first_bracket(text)
        name, spec = text[:cut], text[cut:]
        if name:
            table = self.res.tables.get(name.upper())
        else:
            table = self.res.table_at(self.sheet, self.row, self.col)
        if table is None or not spec.endswith("]"):
            return Const(XLError("#REF!"))
        inner = spec[1:-1]
        this_row = False
        if inner.strip().startswith("@"):
            this_row = True
            inner = inner.strip()[1:].strip()
            items = _split_items(inner) if inner.startswith("[") else ([inner] if inner else [])
        elif inner.strip().startswith("["):
            items = _split_items(inner.strip())
        else:
            items = [inner] if inner.strip() else []
        specials: set[str] = set()
        col_items: list[str] = []
        for item in items:
            if item.startswith("[") and item.endswith("]") and ":" not in _top_level(item):
                item = item[1:-1]
            if item.strip().startswith("#") and not item.startswith("'"):
                specials.add(item.strip().lower())
            else:
                col_items.append(item)
        if "#this row" in specials:
            this_row = True
        if col_items:
            first, _, last = _split_colon(col_items[0])
            c1 = _table_column(table, _unescape_col(first))
            c2 = _table_column(table, _unescape_col(last)) if last else c1
            if c1 is None or c2 is None:
                return Const(XLError("#REF!"))
            if c1 > c2:
                c1, c2 = c2, c1
        else:
            c1, c2 = table.c1, table.c2
        data1 = table.r1 + table.header_rows
        data2 = table.r2 - table.totals_rows
        if this_row:
            return Ref(table.sheet, 0, c1, 0, c2, False, True, False, True, area=(c1 != c2))
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


_PARAM = re.compile(r"^(\[)?((?:_xlpm\.)?[A-Za-z_\\][\w.]*)(?(1)\])$", re.I)


def _outside_quotes(text: str) -> str:
    """``text`` without its single-quoted parts (sheet names)."""
    return re.sub(r"'(?:[^']|'')*'", "", text)


def _split_top(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside single quotes and brackets."""
    out, cur, depth, quote, i = [], [], 0, False, 0
    while i < len(text):
        ch = text[i]
        if quote:
            cur.append(ch)
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    cur.append("'")
                    i += 1
                else:
                    quote = False
        elif ch == "'" and depth == 0:
            quote = True
            cur.append(ch)
        elif ch == "[":
            depth += 1
            cur.append(ch)
        elif ch == "]":
            depth = max(depth - 1, 0)
            cur.append(ch)
        elif ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _unquote(name: str) -> str:
    if len(name) >= 2 and name.startswith("'") and name.endswith("'"):
        return name[1:-1].replace("''", "'")
    return name


def _split_sheet(text: str) -> tuple[str | None, str | None, str | None, str]:
    """``(book, sheet, last sheet of a 3-D reference, rest)`` of a reference's text."""
    bang = _last_bang(text)
    if bang < 0:
        return None, None, None, text
    sheet_part, ref = text[:bang], text[bang + 1 :]
    parts = [_unquote(p) for p in _split_top(sheet_part, ":")]  # S:T3, 'S:T 3', 'T 3':S
    if len(parts) == 1 and ":" in parts[0] and sheet_part.startswith("'"):
        parts = parts[0].split(":")
    book = None
    m = _BOOK.match(parts[0])
    if m:
        book, parts[0] = m.group(1), m.group(2)
        if book == "0":  # [0] is the workbook itself
            book = None
    if len(parts) == 2:
        return book, parts[0], parts[1], ref
    if len(parts) != 1:
        raise ParseError(f"bad sheet name in {text!r}")
    return book, parts[0] or None, None, ref


def _last_bang(text: str) -> int:
    """Position of the ``!`` ending the sheet part (outside quotes and brackets), or -1."""
    quote, depth = False, 0
    pos = -1
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    i += 1
                else:
                    quote = False
        elif ch == "'":
            quote = True
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif ch == "!" and depth == 0:
            pos = i
        i += 1
    return pos


def _join_sheet(book: str | None, sheet: str | None, sheet2: str | None, ref: str) -> str:
    if sheet is None and book is None:
        return ref
    name = (f"[{book}]" if book else "") + (sheet or "") + (f":{sheet2}" if sheet2 else "")
    return "'" + name.replace("'", "''") + "'!" + ref


def _first_bracket(text: str) -> int:
    i = text.find("[")
    return i if i >= 0 else len(text)


def _table_column(table, name: str) -> int | None:
    """Sheet column of a table column: exact name first (case-insensitive), then without
    surrounding white space on either side (``[Spend ]`` and a header ``Spend ``)."""
    low = name.lower()
    for i, col in enumerate(table.columns):
        if col.lower() == low:
            return table.c1 + i
    low = low.strip()
    for i, col in enumerate(table.columns):
        if col.strip().lower() == low:
            return table.c1 + i
    return None


def _top_level(item: str) -> str:
    """``item`` with bracketed parts removed (``'`` escapes honoured)."""
    depth, out, i = 0, [], 0
    while i < len(item):
        ch = item[i]
        if ch == "'" and i + 1 < len(item):
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
        i += 1
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
    if item.startswith("["):
        # find the end of the first bracketed name (escapes honoured)
        i, depth = 0, 0
        while i < len(item):
            ch = item[i]
            if ch == "'" and i + 1 < len(item):
                i += 2
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        first, rest = item[1:i], item[i + 1 :].strip()
        if rest.startswith(":") and rest[1:].strip().startswith("["):
            second = rest[1:].strip()
            return first, ":", second[1:-1]
        return first, "", ""
    return item, "", ""


def _unescape_col(name: str) -> str:
    """A column name as written in a structured reference, its ``'`` escapes removed
    (``'[``, ``']``, ``'#``, ``''``)."""
    return re.sub(r"'(.)", r"\1", name, flags=re.S).replace(_OPEN, "[").replace(_CLOSE, "]")
