"""What a formula's text says: the functions it calls, the features it uses, the cells it reads.

Used to give each difference between a recalculated value and Excel's saved one a reason.
Tokens come from openpyxl's formula tokenizer (MIT); a formula it cannot tokenize falls back
to a regular expression for function names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from openpyxl.formula.tokenizer import Tokenizer, TokenizerError
from openpyxl.utils.formulas import FORMULAE
from xlsxcells import Book, col_index, parse_cell

MAX_ROW, MAX_COL = 1048576, 16384

_PREFIXES = ("_XLFN._XLWS.", "_XLFN.", "_XLWS.", "_XLUDF.", "_XLDUDF_", "_XLL.")
_FUNC_RE = re.compile(r"((?:_xl\w+\.)*[A-Za-z][A-Za-z0-9._]*)\(")
_STRINGS_RE = re.compile(r'"(?:[^"]|"")*"')
_SHEET_RE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$")
_AREA_RE = re.compile(
    r"^\$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>[0-9]+)(?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>[0-9]+))?$"
    r"|^\$?(?P<cc1>[A-Za-z]{1,3}):\$?(?P<cc2>[A-Za-z]{1,3})$"
    r"|^\$?(?P<rr1>[0-9]+):\$?(?P<rr2>[0-9]+)$"
)

#: Functions whose value depends on the clock, chance or the machine: never comparable.
VOLATILE = frozenset({"NOW", "TODAY", "RAND", "RANDBETWEEN", "RANDARRAY", "INFO", "CELL"})
#: Functions whose value comes from outside the workbook (an OLAP cube, a web service, an RTD
#: server): Excel saved what the outside world said then; never comparable either.
OUTSIDE = frozenset({"CUBEVALUE", "CUBEMEMBER", "CUBEMEMBERPROPERTY", "CUBESET", "CUBESETCOUNT",
                     "CUBERANKEDMEMBER", "CUBEKPIMEMBER", "WEBSERVICE", "RTD", "STOCKHISTORY",
                     "IMAGE", "TRANSLATE", "DETECTLANGUAGE", "COPILOT"})  # fmt: skip


def bare(name: str) -> str:
    """Function name without Excel's storage prefixes (``_xlfn.XLOOKUP`` -> ``XLOOKUP``)."""
    name = name.upper()
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if name.startswith(p):
                name = name[len(p) :]
                changed = True
    return name


@lru_cache(maxsize=100_000)
def tokens(formula: str) -> tuple[tuple[str, str, str], ...] | None:
    """(value, type, subtype) of each token, or None when the tokenizer refuses the text."""
    if not formula.startswith("="):
        return None
    try:
        return tuple((t.value, t.type, t.subtype) for t in Tokenizer(formula).items)
    except (TokenizerError, IndexError, ValueError):
        return None


#: Excel functions written without a prefix that openpyxl's list of Excel's functions lacks.
_EXCEL_EXTRA = frozenset({"USDOLLAR", "EUROCONVERT", "CALL", "REGISTER.ID", "SQL.REQUEST", "DBCS"})


@lru_cache(maxsize=100_000)
def raw_functions(formula: str) -> tuple[str, ...]:
    """Function names as written (prefixes kept), in order, each once; a name glued to a
    range (``A1:OFFSET(``) loses the range. A data table's ``{=TABLE()}`` calls none."""
    if formula == "{=TABLE()}":
        return ()
    toks = tokens(formula)
    if toks is None:
        names = [m.group(1) for m in _FUNC_RE.finditer(_STRINGS_RE.sub('""', formula))]
    else:
        names = [v[:-1] for v, t, s in toks if t == "FUNC" and s == "OPEN" and v.endswith("(")]
    out: list[str] = []
    for n in names:
        if ":" in n and "!" not in n:
            n = n.rsplit(":", 1)[-1]
        if n and n not in out:
            out.append(n)
    return tuple(out)


@lru_cache(maxsize=100_000)
def functions(formula: str) -> tuple[str, ...]:
    """Functions called, in order of appearance, prefixes removed, each once."""
    out: list[str] = []
    for n in raw_functions(formula):
        b = bare(n)
        if b and b not in out:
            out.append(b)
    return tuple(out)


def macro_functions(formula: str, book: Book) -> tuple[str, ...]:
    """Functions that are neither Excel's nor a LAMBDA the workbook names: VBA, XLL or
    xlwings functions (``_xludf.`` or an unprefixed name Excel does not have), whose code
    is not in the file."""
    out = []
    names = {k.rsplit("!", 1)[-1] for k in book.names}
    for raw in raw_functions(formula):
        up = raw.upper()
        if up.startswith(("_XLFN.", "_XLWS.", "_XLETA.", "_XLPM.")):
            continue
        b = bare(raw)
        if not up.startswith("_XLUDF.") and (b in FORMULAE or b in _EXCEL_EXTRA):
            continue
        if b in names:
            continue
        out.append(b)
    return tuple(out)


@lru_cache(maxsize=100_000)
def features(formula: str) -> tuple[str, ...]:
    """Features of the formula text the engine may lack (names as shown in the report)."""
    out = []
    toks = tokens(formula)
    if formula == "{=TABLE()}":
        return ("data table (what-if)",)
    if toks is None:
        if re.search(r"[A-Za-z]\$?[0-9]+#", _STRINGS_RE.sub('""', formula)):
            out.append("spill reference (A1#)")
        else:
            out.append("formula the tokenizer cannot read")
        return tuple(out)
    prev_type = ""
    for i, (v, t, s) in enumerate(toks):
        if t == "OPERAND" and s == "RANGE":
            if re.match(r"^'?\[[0-9]+\]", v) or v.startswith("'[") or v.startswith("["):
                if re.match(r"^'?\[[0-9]+\]", v):
                    out.append("external workbook reference")
            m = _SHEET_RE.match(v)
            if m and ":" in (m.group(1) or m.group(2) or "").replace("''", ""):
                out.append("3-D reference (Sheet1:Sheet3!A1)")
        elif t == "OPERATOR-INFIX" and v == ",":
            out.append("union operator (A1,B2)")
        elif t == "WHITE-SPACE" and prev_type in ("OPERAND", "CLOSE") and i + 1 < len(toks):
            nv, nt, ns = toks[i + 1]
            if nt == "OPERAND" and ns == "RANGE" or (nt in ("FUNC", "PAREN") and ns == "OPEN"):
                out.append("intersection operator (A1:B3 B2:C4)")
        if t != "WHITE-SPACE":
            prev_type = "CLOSE" if s == "CLOSE" else t
    if "_xlpm." in formula.lower():
        out.append("LET/LAMBDA parameters")
    seen: list[str] = []
    for f in out:
        if f not in seen:
            seen.append(f)
    return tuple(seen)


def _area(text: str) -> tuple[int, int, int, int] | None:
    m = _AREA_RE.match(text)
    if not m:
        return None
    if m.group("c1"):
        r1, c1 = int(m.group("r1")), col_index(m.group("c1"))
        if m.group("c2"):
            r2, c2 = int(m.group("r2")), col_index(m.group("c2"))
        else:
            r2, c2 = r1, c1
    elif m.group("cc1"):
        r1, r2 = 1, MAX_ROW
        c1, c2 = col_index(m.group("cc1")), col_index(m.group("cc2"))
    else:
        r1, r2 = int(m.group("rr1")), int(m.group("rr2"))
        c1, c2 = 1, MAX_COL
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def references(formula: str, sheet: str, cell: str, book: Book, depth: int = 0) -> list[tuple[str, int, int, int, int]]:
    """Areas the formula reads: (sheet, r1, c1, r2, c2); defined names and tables resolved.

    Structured references give their whole table; a name that is not a plain reference
    gives the areas of its own formula. OFFSET/INDIRECT targets are not known.
    """
    toks = tokens(formula)
    if toks is None or depth > 5:
        return []
    out: list[tuple[str, int, int, int, int]] = []
    for v, t, s in toks:
        if t != "OPERAND" or s != "RANGE":
            continue
        target_sheet, text = sheet, v
        m = _SHEET_RE.match(v)
        if m:
            target_sheet = (m.group(1) or m.group(2)).replace("''", "'")
            text = m.group(3)
        area = _area(text)
        if area is not None:
            out.append((target_sheet, *area))
            continue
        if "[" in text:  # structured reference: the whole table
            tname = text.split("[", 1)[0].upper()
            if tname in book.tables:
                tsheet, ref = book.tables[tname]
                a = _area(ref)
                if a:
                    out.append((tsheet, *a))
            elif not tname:
                row, col = parse_cell(cell)
                for tsheet, ref in book.tables.values():
                    a = _area(ref)
                    if tsheet == sheet and a and a[0] <= row <= a[2] and a[1] <= col <= a[3]:
                        out.append((tsheet, *a))
            continue
        key = text.upper()
        idx = book.sheets.index(target_sheet) if target_sheet in book.sheets else -1
        name = book.names.get(f"{idx}!{key}", book.names.get(key))
        if name:
            out.extend(references("=" + name, target_sheet, cell, book, depth + 1))
    return out
