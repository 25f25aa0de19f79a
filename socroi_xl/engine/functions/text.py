"""Text functions (Excel's "Text" category), and N and T.

Characters are counted as Excel counts them: in UTF-16 code units, so an emoji outside the
Basic Multilingual Plane (``👍``) is two characters to LEN, LEFT, MID, FIND...; a pair that
a cut would split leaves U+FFFD in its place. The byte versions (LENB, LEFTB, MIDB,
RIGHTB, FINDB, SEARCHB, REPLACEB) count as Excel does in a language without double-byte
characters (en-US): like their plain versions.

Number formats (TEXT, FIXED, DOLLAR) are :mod:`socroi_xl.xl.numfmt`'s; date and number text
(VALUE, NUMBERVALUE, DATEVALUE) :mod:`socroi_xl.xl.dates`' and
:func:`socroi_xl.xl.numtext.parse_number_text`'s.
"""

from __future__ import annotations

import math
import re
import unicodedata
import urllib.parse
from typing import Any

import numpy as np

from ...errors import XLError
from ...xl import dates, numfmt
from ...xl.numtext import number_text
from ..values import E_NA, E_VALUE, Err, Range, num, text
from .spec import MISSING, CallContext, Grid, function

#: Longest text a cell holds.
MAX_TEXT = 32767


# --------------------------------------------------------------------------- characters


def _wide(s: str) -> bool:
    """Whether ``s`` holds characters outside the BMP (two UTF-16 units each)."""
    return not s.isascii() and any(ord(c) > 0xFFFF for c in s)


def _units(s: str) -> list[str]:
    """``s`` as UTF-16 code units (a character outside the BMP as its surrogate pair)."""
    out: list[str] = []
    for c in s:
        o = ord(c)
        if o > 0xFFFF:
            o -= 0x10000
            out.append(chr(0xD800 + (o >> 10)))
            out.append(chr(0xDC00 + (o & 0x3FF)))
        else:
            out.append(c)
    return out


def _join(units: list[str]) -> str:
    """Code units back to text; a surrogate left without its partner becomes U+FFFD."""
    out: list[str] = []
    i = 0
    while i < len(units):
        u = units[i]
        o = ord(u)
        if 0xD800 <= o <= 0xDBFF and i + 1 < len(units) and 0xDC00 <= ord(units[i + 1]) <= 0xDFFF:
            out.append(chr(0x10000 + ((o - 0xD800) << 10) + (ord(units[i + 1]) - 0xDC00)))
            i += 2
            continue
        out.append("\ufffd" if 0xD800 <= o <= 0xDFFF else u)
        i += 1
    return "".join(out)


def xl_len(s: str) -> int:
    """Excel's length of a text (UTF-16 code units)."""
    return len(_units(s)) if _wide(s) else len(s)


def _slice(s: str, start: int, stop: int) -> str:
    """Characters ``start`` (0-based) up to ``stop`` of ``s``, Excel's way."""
    if not _wide(s):
        return s[start:stop]
    return _join(_units(s)[start:stop])


def _count(x: float) -> int:
    """A character count argument: negative is #VALUE!."""
    if x < 0:
        raise Err(E_VALUE)
    return int(x)


def _limit(s: str) -> str:
    if xl_len(s) > MAX_TEXT:
        raise Err(E_VALUE)
    return s


# --------------------------------------------------------------------------- pieces of text


@function("LEFT LEFTB", "text, number=1", category="text")
def LEFT(s: str, k: float) -> str:
    """Returns the first characters of a text."""
    return _slice(s, 0, _count(k))


@function("RIGHT RIGHTB", "text, number=1", category="text")
def RIGHT(s: str, k: float) -> str:
    """Returns the last characters of a text."""
    c = _count(k)
    n = xl_len(s)
    return _slice(s, max(n - c, 0), n) if c else ""


@function("MID MIDB", "text, number, number", category="text")
def MID(s: str, start: float, k: float) -> str:
    """Returns characters from the middle of a text, from a start position."""
    b, c = int(start), _count(k)
    if b < 1:
        raise Err(E_VALUE)
    return _slice(s, b - 1, b - 1 + c)


@function("LEN LENB", "text", category="text")
def LEN(s: str) -> float:
    """Returns the number of characters in a text."""
    return float(xl_len(s))


@function("REPLACE REPLACEB", "text, number, number, text", category="text")
def REPLACE(s: str, start: float, k: float, new: str) -> str:
    """Replaces characters of a text, from a start position, with another text."""
    b, c = int(start), _count(k)
    if b < 1:
        raise Err(E_VALUE)
    n = xl_len(s)
    return _limit(_slice(s, 0, b - 1) + new + _slice(s, min(b - 1 + c, n), n))


@function("SUBSTITUTE", "text, text, text, value?", category="text")
def SUBSTITUTE(s: str, old: str, new: str, instance: Any) -> str:
    """Replaces occurrences of a text (all, or only the n-th) with another text."""
    if instance is not MISSING:
        if type(instance) is bool:
            # a logical instance number is #VALUE! (formulas' test.xlsx CORE!AB14:AB19, as
            # Excel saved them: SUBSTITUTE(T14,-1,,TRUE))
            raise Err(E_VALUE)
        k = int(num(instance))
        if k < 1:
            raise Err(E_VALUE)
        if not old:
            return s
        pos = -1
        for _ in range(k):
            pos = s.find(old, pos + 1)
            if pos < 0:
                return s
        return _limit(s[:pos] + new + s[pos + len(old) :])
    if not old:
        return s
    return _limit(s.replace(old, new))


@function("REPT", "text, number", category="text")
def REPT(s: str, times: float) -> str:
    """Repeats a text a number of times."""
    k = _count(times)
    if xl_len(s) * k > MAX_TEXT:
        raise Err(E_VALUE)
    return s * k


@function("TRIM", "text", category="text")
def TRIM(s: str) -> str:
    """Removes spaces from text except single spaces between words (only the space, 32)."""
    return " ".join(p for p in s.split(" ") if p)


_CONTROL = {i: None for i in range(32)}


@function("CLEAN", "text", category="text")
def CLEAN(s: str) -> str:
    """Removes the non-printable characters 0-31 from a text."""
    return s.translate(_CONTROL)


def _case(s: str, upper: bool) -> str:
    """Upper or lower case, one character for one (``ß`` stays ``ß``, as in Excel)."""
    out = []
    for c in s:
        t = c.upper() if upper else c.lower()
        out.append(t if len(t) == 1 else c)
    return "".join(out)


@function("UPPER", "text", category="text")
def UPPER(s: str) -> str:
    """Converts text to upper case."""
    return _case(s, True)


@function("LOWER", "text", category="text")
def LOWER(s: str) -> str:
    """Converts text to lower case."""
    return _case(s, False)


@function("PROPER", "text", category="text")
def PROPER(s: str) -> str:
    """Capitalises every letter that follows a character which is not a letter, and puts
    the other letters in lower case (``76BudGet`` is ``76Budget``, ``don't`` ``Don'T``)."""
    out = []
    prev_letter = False
    for c in s:
        if c.isalpha():
            t = c.lower() if prev_letter else c.upper()
            out.append(t if len(t) == 1 else c)
            prev_letter = True
        else:
            out.append(c)
            prev_letter = False
    return "".join(out)


@function("EXACT", "text, text", category="text")
def EXACT(a: str, b: str) -> bool:
    """TRUE if two texts are exactly the same (case-sensitive)."""
    return a == b


# --------------------------------------------------------------------------- finding


def _start(start: float, within: str) -> int:
    b = int(start)
    if b < 1 or b > xl_len(within) + (0 if within else 1):
        raise Err(E_VALUE)
    return b


def _position(within: str, index: int) -> float:
    """A Python index in ``within`` as Excel's 1-based position (UTF-16 units)."""
    return float(xl_len(within[:index]) + 1)


def _py_index(s: str, units: int) -> int:
    """The Python index of UTF-16 position ``units`` (0-based) of ``s``."""
    if not _wide(s):
        return units
    count = 0
    for i, c in enumerate(s):
        if count >= units:
            return i
        count += 2 if ord(c) > 0xFFFF else 1
    return len(s)


@function("FIND FINDB", "text, text, number=1", category="text")
def FIND(needle: str, within: str, start: float) -> float:
    """Position of a text inside another (case-sensitive, no wildcards), or #VALUE!."""
    b = _start(start, within)
    i = within.find(needle, _py_index(within, b - 1))
    if i < 0:
        raise Err(E_VALUE)
    return _position(within, i)


def _search_pattern(pattern: str) -> re.Pattern[str]:
    """SEARCH's wildcards: ``?`` one character, ``*`` any run, ``~`` escapes the next
    character (a final ``~`` matches nothing)."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "~":
            if i + 1 < len(pattern):
                out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*?" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.I | re.S)


@function("SEARCH SEARCHB", "text, text, number=1", category="text")
def SEARCH(needle: str, within: str, start: float) -> float:
    """Position of a text inside another, ignoring case, with wildcards ``?`` ``*`` ``~``."""
    b = _start(start, within)
    m = _search_pattern(needle).search(within, _py_index(within, b - 1))
    if m is None:
        raise Err(E_VALUE)
    return _position(within, m.start())


# --------------------------------------------------------------------------- codes


def _code_page(codec: str) -> tuple[dict[int, str], dict[str, int]]:
    to_char = {}
    for n in range(1, 256):
        try:
            to_char[n] = bytes([n]).decode(codec)
        except UnicodeDecodeError:
            to_char[n] = chr(n)  # cp1252's 0x81, 0x8D, 0x8F, 0x90, 0x9D: Windows keeps the code
    return to_char, {c: n for n, c in to_char.items()}


#: CHAR's and CODE's tables by :attr:`Settings.charset`: Excel for Windows uses ANSI
#: (Windows-1252), Excel for Mac the Macintosh character set (Microsoft's CHAR page)
_CODE_PAGES = {"windows-1252": _code_page("cp1252"), "mac-roman": _code_page("mac_roman")}


def _tables(ctx: CallContext) -> tuple[dict[int, str], dict[str, int]]:
    return _CODE_PAGES.get(ctx.settings.charset, _CODE_PAGES["windows-1252"])


@function("CHAR", "number", category="text", context=True)
def CHAR(ctx: CallContext, n: float) -> str:
    """The character of a code 1-255 in the platform's character set (Windows-1252; Excel
    for Mac: Mac Roman)."""
    k = int(n)
    to_char = _tables(ctx)[0]
    if k not in to_char:
        raise Err(E_VALUE)
    return to_char[k]


@function("CODE", "text", category="text", context=True)
def CODE(ctx: CallContext, s: str) -> float:
    """The code of the first character of a text in the platform's character set
    (Windows-1252; Excel for Mac: Mac Roman); 63 (``?``) for a character that set does
    not have."""
    if not s:
        raise Err(E_VALUE)
    return float(_tables(ctx)[1].get(s[0], 63))


@function("UNICHAR", "number", category="text")
def UNICHAR(n: float) -> str:
    """The Unicode character of a number (1 to 1,114,111)."""
    k = int(n)
    if k < 1 or k > 0x10FFFF:
        raise Err(E_VALUE)
    if 0xD800 <= k <= 0xDFFF:
        raise Err(E_NA)
    return chr(k)


@function("UNICODE", "text", category="text")
def UNICODE(s: str) -> float:
    """The Unicode number of the first character of a text."""
    if not s:
        raise Err(E_VALUE)
    return float(ord(s[0]))


def _width_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Full-width to half-width and back: ASCII, the ideographic space, katakana."""
    to_half: dict[str, str] = {chr(0x3000): " "}
    for o in range(0xFF01, 0xFF5F):
        to_half[chr(o)] = chr(o - 0xFEE0)
    for o in range(0xFF61, 0xFFA0):  # half-width katakana and marks
        h = chr(o)
        full = unicodedata.normalize("NFKC", h)
        if len(full) == 1:
            to_half.setdefault(full, h)
    for base in range(0xFF66, 0xFF9E):
        for mark in ("\uff9e", "\uff9f"):
            full = unicodedata.normalize("NFKC", chr(base) + mark)
            if len(full) == 1:
                to_half.setdefault(full, chr(base) + mark)
    to_full = {h: f for f, h in to_half.items()}
    return to_half, to_full


_TO_HALF, _TO_FULL = _width_tables()
_TO_FULL_LONGEST = sorted(_TO_FULL, key=len, reverse=True)


@function("ASC", "text", category="text")
def ASC(s: str) -> str:
    """Changes full-width (double-byte) letters, digits, signs and katakana to half-width."""
    return "".join(_TO_HALF.get(c, c) for c in s)


@function("DBCS JIS", "text", category="text")
def DBCS(s: str) -> str:
    """Changes half-width (single-byte) letters, digits, signs and katakana to full-width."""
    out, i = [], 0
    while i < len(s):
        pair = s[i : i + 2]
        if len(pair) == 2 and pair in _TO_FULL:
            out.append(_TO_FULL[pair])
            i += 2
            continue
        out.append(_TO_FULL.get(s[i], s[i]))
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------- joining


def _texts(grids: tuple[Grid, ...]) -> list[str]:
    """Every cell of the arguments as text, ranges row by row (an error is the result)."""
    out = []
    for g in grids:
        for v in g.cells():
            out.append(text(v))
    return out


@function("CONCAT", "array...", category="text")
def CONCAT(*grids: Grid) -> str:
    """Joins texts (and every cell of ranges and arrays) into one text."""
    return _limit("".join(_texts(grids)))


@function("CONCATENATE", "text...", category="text")
def CONCATENATE(*parts: str) -> str:
    """Joins texts into one text (a range is read at the formula's row, as any single value)."""
    return _limit("".join(parts))


@function("TEXTJOIN", "array, logical, array...", category="text")
def TEXTJOIN(delims: Grid, skip_empty: bool, *grids: Grid) -> str:
    """Joins texts with a delimiter (a range of delimiters is used in turn), optionally
    skipping empty ones."""
    seps = _texts((delims,))
    parts = []
    for g in grids:
        for v in g.cells():
            t = text(v)
            if skip_empty and t == "":
                continue
            parts.append(t)
    if not parts:
        return ""
    if not seps:
        seps = [""]
    out = [parts[0]]
    for i, p in enumerate(parts[1:]):
        out.append(seps[i % len(seps)])
        out.append(p)
    return _limit("".join(out))


# --------------------------------------------------------------------------- T, N, values


def _t(v: Any) -> Any:
    if type(v) is XLError:
        return v
    return v if isinstance(v, str) else ""


@function("T", "array", category="text")
def T(g: Grid) -> Any:
    """The text itself when the value is text, else the empty text (a reference: its first
    cell, in any formula: POI's FormulaEvalTestData_Copy.xlsx and vinci1it2000/formulas'
    test.xlsx, values Excel saved)."""
    if isinstance(g, Range) or g.values.size == 1:
        return _t(g.cell(0, 0))
    return np.array([[_t(v) for v in row] for row in g.values.tolist()], dtype=object)


@function("N", "any", category="information")
def N(v: Any) -> Any:
    """A value as a number: numbers (and dates) as they are, TRUE 1, anything else 0."""
    if type(v) is XLError:
        return v
    if type(v) is bool:
        return 1.0 if v else 0.0
    if type(v) is float:
        return v
    return 0.0


def _year(ctx: CallContext) -> int:
    return ctx.settings.now().year


@function("VALUE", "value", category="text", context=True)
def VALUE(ctx: CallContext, v: Any) -> float:
    """Converts text that looks like a number, a percentage, a date or a time to a number."""
    if v is None:
        return 0.0
    if type(v) is float:
        return v
    if type(v) is bool or not isinstance(v, str):
        raise Err(E_VALUE)
    x = dates.text_number(v, date1904=ctx.settings.date1904, year=_year(ctx))
    if x is None:
        raise Err(E_VALUE)
    return x


_NUMBERVALUE = re.compile(r"^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?(%*)$")


@function("NUMBERVALUE", "text, text?, text?", category="text")
def NUMBERVALUE(s: str, decimal: Any, group: Any) -> float:
    """Converts text to a number with given decimal and group separators (``.`` and ``,``
    when omitted): spaces anywhere are ignored, trailing ``%`` signs divide by 100 each,
    parentheses around the number make it negative."""
    dec = "." if decimal is MISSING else decimal[:1]
    if group is MISSING:
        # the locale's separator, unless it is the decimal one given: then none (Excel's
        # NUMBERVALUE("(2500,27E+6%)%",",") is -250027, formulas' test.xlsx TEXT!W28)
        grp = "," if dec != "," else ""
    else:
        grp = group[:1]
        if not grp:  # NUMBERVALUE("1","2",blank): #VALUE! (same file, TEXT!AC28)
            raise Err(E_VALUE)
    if not dec or dec == grp:
        raise Err(E_VALUE)
    t = "".join(s.split())
    if not t:
        return 0.0
    negative = False
    if t.startswith("(") and dec != "(" and grp != "(":
        # "(2.500,27)" is -2500.27, "(2,500.27%)%" -0.250027; a sign inside is #VALUE!
        # (TEXT!R27, U27 and R28 of the same file)
        close = t.rfind(")")
        after = t[close + 1 :] if close > 0 else ""
        if close < 0 or after.strip("%") or t[1:2] in ("-", "+"):
            raise Err(E_VALUE)
        t, negative = t[1:close] + after, True
    if t.count(dec) > 1:
        raise Err(E_VALUE)
    head, sep, tail = t.partition(dec)
    if grp and grp in tail:
        raise Err(E_VALUE)
    if grp:
        head = head.replace(grp, "")
    m = _NUMBERVALUE.match(head + ("." if sep else "") + tail)
    if not m or not (m.group(2) or m.group(3)):
        raise Err(E_VALUE)
    x = float(f"{m.group(1)}{m.group(2) or '0'}.{m.group(3) or '0'}e{m.group(4) or '0'}")
    x /= 100.0 ** len(m.group(5))
    return -x if negative else x


@function("TEXT", "value, text", category="text", context=True)
def TEXT(ctx: CallContext, v: Any, fmt: str) -> Any:
    """Formats a number (or numeric or date text) with a number format code."""
    if isinstance(v, str):
        x = dates.text_number(v, date1904=ctx.settings.date1904, year=_year(ctx))
        if x is not None:
            v = x
    out = numfmt.render(v, fmt, date1904=ctx.settings.date1904)
    return out


def _rounded(x: float, decimals: float) -> tuple[float, int]:
    d = int(decimals)
    if d > 127:
        raise Err(E_VALUE)
    return numfmt.round_half_up(x, d), max(d, 0)


@function("FIXED", "number, number=2, logical=False", category="text")
def FIXED(x: float, decimals: float, no_commas: bool) -> str:
    """A number as text rounded to a number of decimals, with or without thousands commas."""
    r, d = _rounded(x, decimals)
    code = ("0" if no_commas else "#,##0") + ("." + "0" * d if d else "")
    return str(numfmt.render(r, code))


@function("DOLLAR USDOLLAR", "number, number=2", category="text")
def DOLLAR(x: float, decimals: float) -> str:
    """A number as currency text: ``$1,234.57``, negative amounts in parentheses."""
    r, d = _rounded(x, decimals)
    body = "$#,##0" + ("." + "0" * d if d else "")
    return str(numfmt.render(r, f"{body};({body})"))


def _value_text(v: Any, strict: bool) -> str:
    if v is None:
        return ""
    if type(v) is bool:
        return "TRUE" if v else "FALSE"
    if type(v) is float:
        return number_text(v)
    if type(v) is XLError:
        return str(v)
    s = str(v)
    return '"' + s.replace('"', '""') + '"' if strict else s


def _format_arg(f: float) -> bool:
    k = int(f)
    if k not in (0, 1):
        raise Err(E_VALUE)
    return k == 1


@function("VALUETOTEXT", "any, number=0", category="text")
def VALUETOTEXT(v: Any, fmt: float) -> str:
    """A value as text: 0 concise (text as it is), 1 strict (text in quotes)."""
    return _value_text(v, _format_arg(fmt))


@function("ARRAYTOTEXT", "array, number=0", category="text")
def ARRAYTOTEXT(g: Grid, fmt: float) -> str:
    """An array as text: 0 concise (``1, 2, a``), 1 strict (``{1,2;"a",3}``)."""
    strict = _format_arg(fmt)
    rows = [[_value_text(g.cell(i, j), strict) for j in range(g.cols)] for i in range(g.rows)]
    if strict:
        return _limit("{" + ";".join(",".join(r) for r in rows) + "}")
    return _limit(", ".join(v for r in rows for v in r))


# --------------------------------------------------------------------------- splitting


def _delimiters(g: Grid) -> list[str]:
    out = []
    for v in g.cells():
        if type(v) is XLError:
            raise Err(v)
        out.append(text(v))
    return out


def _find_all(s: str, delims: list[str], fold: bool) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping delimiter match, left to right (where two
    delimiters match at one position, the first listed wins)."""
    hay = s.lower() if fold else s
    keys = [d.lower() if fold else d for d in delims]
    out, i = [], 0
    while i <= len(hay):
        hit = None
        for k in keys:
            if hay.startswith(k, i):
                hit = (i, i + len(k))
                break
        if hit is not None:
            out.append(hit)
            i = hit[1] if hit[1] > i else i + 1
        else:
            i += 1
    return out


def _split_at(s: str, delims: list[str], instance: Any, mode: float, end: float) -> tuple[int, int] | None:
    """Where TEXTBEFORE/TEXTAFTER cut ``s``: (end of the text before, start of the text
    after) at the n-th delimiter (from the end when n < 0), or None when there is none."""
    n = 1 if instance is MISSING else math.floor(instance)
    m = int(mode)
    e = int(end)
    if n == 0 or m not in (0, 1) or e not in (0, 1):
        raise Err(E_VALUE)
    if any(d == "" for d in delims):  # the empty delimiter matches at every position
        k = n - 1 if n > 0 else len(s) + 1 + n
        return (k, k) if 0 <= k <= len(s) else None
    if instance is not MISSING and abs(n) > len(s) - min(len(d) for d in delims) + 1:
        raise Err(E_VALUE)
    hits = _find_all(s, delims, m == 1)
    if e == 1:  # the text's end (start, counting from the end) is a delimiter too
        hits = [(0, 0), *hits] if n < 0 else [*hits, (len(s), len(s))]
    if abs(n) > len(hits):
        return None
    return hits[n - 1] if n > 0 else hits[n]


def _before_after(after: bool, s: str, g: Grid, instance: Any, mode: float, end: float, if_not_found: Any) -> Any:
    delims = _delimiters(g)
    if not delims:
        raise Err(E_VALUE)
    cut = _split_at(s, delims, instance, mode, end)
    if cut is None:
        if if_not_found is MISSING:
            return E_NA
        return "" if if_not_found is None else if_not_found
    return s[cut[1] :] if after else s[: cut[0]]


@function("TEXTBEFORE", "text, array, number?, number=0, number=0, any?", category="text")
def TEXTBEFORE(s: str, delims: Grid, instance: Any, mode: float, end: float, if_not_found: Any) -> Any:
    """The text before the n-th occurrence of a delimiter (counted from the end when n < 0)."""
    return _before_after(False, s, delims, instance, mode, end, if_not_found)


@function("TEXTAFTER", "text, array, number?, number=0, number=0, any?", category="text")
def TEXTAFTER(s: str, delims: Grid, instance: Any, mode: float, end: float, if_not_found: Any) -> Any:
    """The text after the n-th occurrence of a delimiter (counted from the end when n < 0)."""
    return _before_after(True, s, delims, instance, mode, end, if_not_found)


def _optional_delims(g: Any) -> list[str]:
    if g is MISSING:
        return []
    return [d for d in _delimiters(g) if d != ""]


@function("TEXTSPLIT", "text, array?, array?, logical=False, number=0, any?", category="text", returns="array")
def TEXTSPLIT(s: str, col_delims: Any, row_delims: Any, ignore_empty: bool, mode: float, pad: Any) -> np.ndarray:
    """Splits a text into an array at column and row delimiters."""
    cols = _optional_delims(col_delims)
    rows = _optional_delims(row_delims)
    if not cols and not rows:
        raise Err(E_VALUE)
    m = int(mode)
    if m not in (0, 1):
        raise Err(E_VALUE)
    fold = m == 1

    def split(t: str, ds: list[str]) -> list[str]:
        if not ds:
            return [t]
        parts, last = [], 0
        for a, b in _find_all(t, ds, fold):
            parts.append(t[last:a])
            last = b
        parts.append(t[last:])
        return [p for p in parts if p] if ignore_empty else parts

    lines = split(s, rows)
    table = [split(line, cols) for line in lines]
    if ignore_empty:
        table = [r for r in table if r] or [[""]]
    width = max(len(r) for r in table)
    fill = E_NA if pad is MISSING else ("" if pad is None else pad)
    out = np.empty((len(table), width), dtype=object)
    for i, r in enumerate(table):
        for j in range(width):
            out[i, j] = r[j] if j < len(r) else fill
    return out


@function("ENCODEURL", "text", category="text")
def ENCODEURL(s: str) -> str:
    """A text percent-encoded for a URL (UTF-8; letters, digits and ``- _ . ~`` kept).
    Excel lists it under Web; it needs no network."""
    return _limit(urllib.parse.quote(s, safe=""))


# --------------------------------------------------------------------------- BAHTTEXT

_THAI_DIGITS = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_THAI_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")


def _thai_chunk(n: int, after_higher: bool) -> str:
    """Thai words for 1..999,999; a final one is "เอ็ด" after any higher digit."""
    digits = str(n)
    out = []
    for i, ch in enumerate(digits):
        d, place = int(ch), len(digits) - i - 1
        if d == 0:
            continue
        if place == 1:
            out.append("สิบ" if d == 1 else ("ยี่สิบ" if d == 2 else _THAI_DIGITS[d] + "สิบ"))
        elif place == 0 and d == 1 and (n > 1 or after_higher):
            out.append("เอ็ด")
        else:
            out.append(_THAI_DIGITS[d] + _THAI_PLACES[place])
    return "".join(out)


def _thai_number(n: int) -> str:
    """Thai words for a whole number (millions repeat: ล้านล้าน)."""
    if n < 1_000_000:
        return _thai_chunk(n, False)
    high, low = divmod(n, 1_000_000)
    return _thai_number(high) + "ล้าน" + (_thai_chunk(low, True) if low else "")


@function("BAHTTEXT", "number", category="text")
def BAHTTEXT(x: float) -> str:
    """A number as Thai text with the currency words baht and satang (``หนึ่งร้อยบาทถ้วน``)."""
    r = numfmt.round_half_up(abs(x), 2)
    baht = int(r)
    satang = int(numfmt.round_half_up((r - baht) * 100, 0))
    if not baht and not satang:
        return "ศูนย์บาทถ้วน"
    out = "ลบ" if x < 0 else ""
    if baht:
        out += _thai_number(baht) + "บาท"
    return out + (_thai_number(satang) + "สตางค์" if satang else "ถ้วน")


__all__ = ["MAX_TEXT", "xl_len"]
from . import text_regex  # noqa: E402, F401 - REGEXTEST, REGEXEXTRACT, REGEXREPLACE
