"""Excel number formats: a format code and a value rendered as the text Excel shows.

One renderer serves the TEXT function and the display of a cell. :func:`render` never
raises: it returns the text, or ``#VALUE!`` (an :class:`~socroi_xl.errors.XLError`) for a
code Excel would refuse or a date it cannot show.

**Sections.** Up to four, separated by ``;``: positive, negative, zero, text. With one
section every number uses it (a negative one gets a ``-`` unless it shows as zero); with
two the second is for negative numbers, shown without their sign; with three the third is
for zero. A section holding ``@`` is a text section wherever it stands (so is the fourth);
without one, text is shown as it is. Conditions (``[>=100]``, ``[<0]``...) pick a section
instead: the first whose condition holds, else the next section; a section whose own
condition selects negative numbers (``[<0]``) shows them without their sign. Colours
(``[Red]``, ``[Color12]``) are accepted and not shown.

**Numbers.** ``0`` (a digit, or 0), ``#`` (a digit, or nothing), ``?`` (a digit, or a
space); ``.``; ``,`` between digit placeholders groups thousands, after the last one scales
by 1,000 (``0.0,,`` shows millions), after a placeholder elsewhere it is dropped, after
anything else it is shown; ``%`` multiplies by 100; ``E+``/``E-`` scientific (``##0.0E+0``
engineering: the exponent a multiple of the integer placeholders, the sign just before the
exponent's digits, no scaling by ``,`` or ``%``); fractions ``# ?/?``, ``# ??/??``, ``?/8``,
``#_#/#`` (the closest fraction whose denominator fits the placeholders; text may stand
between the parts); ``General`` (up to 11 characters, then scientific: ``1.23457E+11``).
A section without placeholders still shows a negative number's ``-``. These rules follow
the values Excel saved in POI's NumberFormatTests.xlsx and NumberFormatApproxTests.xlsx.
Digits are Excel's: the value's 15 significant digits, rounded half away from zero.

**Text and spacing.** ``"quoted"``, ``\\x``, characters Excel shows as they are
(``$ - + / ( ) : ! ^ & ' ~ { } < > =`` and space, and other letters that are not codes);
``_x`` is a space (the width of ``x``); ``*x`` (repeat to fill the cell) shows nothing,
there is no cell width; ``[$€-407]`` shows ``€``, ``[$-409]`` nothing; ``[$-F800]`` and
``[$-F400]`` are the system's long date and time (en-US: ``dddd, mmmm d, yyyy`` and
``h:mm:ss AM/PM``).

**Dates and times** (1900 or 1904 system): ``d dd ddd dddd``, ``m mm mmm mmmm mmmmm``
(``m``/``mm`` are minutes right after an hour or right before seconds), ``yy yyyy`` (``y``
as ``yy``, ``yyy`` as ``yyyy``), ``e`` (the year), ``h hh``, ``s ss`` with ``.0`` to
``.000``, ``AM/PM am/pm A/P a/p`` (12-hour clock, written in the code's case), elapsed
``[h] [hh] [m] [mm] [s] [ss]`` (alone in a section: any number, negative too). The time is rounded to the smallest unit shown (the second,
or its fraction) before it is split. A negative value or one past 31 December 9999 is
``#VALUE!``, as is a section mixing date codes with digit placeholders.

Not supported (``#VALUE!``, never a guess): other bracket codes (``[DBNum1]``,
``[NatNum1]``, calendars ``B1``/``B2``, ``[$-x-...]`` other than the system date/time).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

from ..errors import VALUE, XLError, error
from . import dates

E_VALUE: XLError = error(VALUE)
_CTX = Context(prec=420, rounding=ROUND_HALF_UP, Emax=1000, Emin=-1000)

#: Excel's built-in number formats by ``numFmtId`` (en-US), for cells that name one.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm",
    17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yyyy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss",
    47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

_COLORS = {"black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"}
_SYSTEM = {"$-f800": "dddd, mmmm d, yyyy", "$-x-sysdate": "dddd, mmmm d, yyyy",
           "$-f400": "h:mm:ss AM/PM", "$-x-systime": "h:mm:ss AM/PM"}
_SYSTEM_TAG = re.compile(r"\[(\$-(?:f800|f400|x-sysdate|x-systime))\]", re.I)
_COND = re.compile(r"^(<=|>=|<>|<|>|=)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$")
_DATE_LETTERS = frozenset("ymdhse")


class _Invalid(Exception):
    """A format code Excel refuses."""


# --------------------------------------------------------------------------- compiling


@dataclass
class Section:
    """One section of a format code: its tokens, kind and condition."""

    tokens: list[tuple[str, Any]]
    kind: str = "number"  # number, date, text, general
    condition: tuple[str, float] | None = None

    def holds(self, x: float) -> bool:
        op, limit = self.condition  # type: ignore[misc]
        return {"<": x < limit, "<=": x <= limit, ">": x > limit, ">=": x >= limit,
                "=": x == limit, "<>": x != limit}[op]



@dataclass
class Format:
    """A compiled format code: its number sections and its text section."""

    numbers: list[Section] = field(default_factory=list)
    text: Section | None = None

    @property
    def conditional(self) -> bool:
        return any(s.condition is not None for s in self.numbers[:2])


def _split_sections(code: str) -> list[str]:
    out, cur, i, n = [], [], 0, len(code)
    while i < n:
        c = code[i]
        if c == '"':
            j = code.find('"', i + 1)
            if j < 0:
                raise _Invalid("unterminated quote")
            cur.append(code[i : j + 1])
            i = j + 1
            continue
        if c in "\\_*":
            cur.append(code[i : i + 2])
            i += 2
            continue
        if c == "[":
            j = code.find("]", i + 1)
            if j < 0:
                raise _Invalid("unterminated bracket")
            cur.append(code[i : j + 1])
            i = j + 1
            continue
        if c == ";":
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def _bracket(body: str, section: Section, tokens: list[tuple[str, Any]]) -> None:
    low = body.lower().strip()
    if low in _COLORS or re.fullmatch(r"color\s*(\d{1,2})", low) and 1 <= int(low[5:].strip()) <= 56:
        return
    m = _COND.match(body.strip())
    if m:
        if section.condition is not None:
            raise _Invalid("two conditions in one section")
        section.condition = (m.group(1), float(m.group(2)))
        return
    if re.fullmatch(r"h+|m+|s+", low):
        tokens.append(("elapsed", (low[0], len(low))))
        return
    if low in _SYSTEM:
        tokens.extend(_tokens(_SYSTEM[low], Section([])))
        return
    if low.startswith("$"):
        sym = body.strip()[1:]
        if "-" in sym:
            sym, _, tag = sym.partition("-")
            if not re.fullmatch(r"[0-9a-fA-F]{1,8}", tag):
                raise _Invalid(f"locale tag {body!r}")
        if sym:
            tokens.append(("lit", sym))
        return
    raise _Invalid(f"bracket code {body!r}")


def _tokens(text: str, section: Section) -> list[tuple[str, Any]]:
    """The tokens of one section's text (conditions and colours recorded on ``section``)."""
    toks: list[tuple[str, Any]] = []
    i, n = 0, len(text)
    low = text.lower()
    while i < n:
        c = text[i]
        lc = c.lower()
        if c == '"':
            j = text.index('"', i + 1)
            toks.append(("lit", text[i + 1 : j]))
            i = j + 1
        elif c == "\\":
            toks.append(("lit", text[i + 1 : i + 2]))
            i += 2
        elif c == "_":
            toks.append(("lit", " " if i + 1 < n else ""))
            i += 2
        elif c == "*":
            i += 2  # repeat-to-fill: no cell width here
        elif c == "[":
            j = text.index("]", i + 1)
            _bracket(text[i + 1 : j], section, toks)
            i = j + 1
        elif c in "0#?":
            toks.append(("digit", c))
            i += 1
        elif c == ".":
            toks.append(("point", None))
            i += 1
        elif c == ",":
            toks.append(("comma", None))
            i += 1
        elif c == "%":
            toks.append(("percent", None))
            i += 1
        elif c == "@":
            toks.append(("at", None))
            i += 1
        elif c == "/":
            m = re.match(r"[1-9]\d*", text[i + 1 :])
            if m:
                toks.append(("slashfix", m.group(0)))
                i += 1 + m.end()
            else:
                toks.append(("slash", None))
                i += 1
        elif lc == "e" and i + 1 < n and text[i + 1] in "+-":
            toks.append(("exp", text[i : i + 2]))
            i += 2
        elif low.startswith("general", i):
            toks.append(("general", None))
            i += 7
        elif low.startswith("am/pm", i):
            toks.append(("ampm", text[i : i + 5]))
            i += 5
        elif low.startswith("a/p", i):
            toks.append(("ampm", text[i : i + 3]))
            i += 3
        elif lc in _DATE_LETTERS:
            j = i
            while j < n and text[j].lower() == lc:
                j += 1
            toks.append(("date", (lc, j - i)))
            i = j
        else:
            toks.append(("lit", c))
            i += 1
    return toks


def _classify(section: Section) -> None:
    kinds = {t[0] for t in section.tokens}
    digits = "digit" in kinds
    if "general" in kinds:
        if digits or "at" in kinds:
            raise _Invalid("General mixed with placeholders")
        section.kind = "general"
    elif kinds & {"date", "elapsed", "ampm"}:
        _date_section(section)
    elif "at" in kinds:
        if digits:
            raise _Invalid("@ mixed with digit placeholders")
        section.kind = "text"
    else:
        section.kind = "number"


def _date_section(section: Section) -> None:
    """Resolve ``m`` (month or minute), sub-second digits and the 12-hour clock."""
    toks = section.tokens
    out: list[tuple[str, Any]] = []
    i = 0
    while i < len(toks):
        kind, val = toks[i]
        if kind == "point" and i + 1 < len(toks) and toks[i + 1] == ("digit", "0"):
            j = i + 1
            while j < len(toks) and toks[j] == ("digit", "0"):
                j += 1
            if j - i - 1 > 3:
                raise _Invalid("more than 3 sub-second digits")
            out.append(("subsec", j - i - 1))
            i = j
            continue
        if kind in ("digit", "percent", "exp", "general", "at"):
            raise _Invalid("date codes mixed with number codes")
        if kind == "point":
            out.append(("lit", "."))
        elif kind == "comma":
            out.append(("lit", ","))
        elif kind == "slash":
            out.append(("lit", "/"))
        elif kind == "slashfix":
            out.append(("lit", "/" + val))
        else:
            out.append((kind, val))
        i += 1
    elapsed = {t[1][0] for t in out if t[0] == "elapsed"}
    for k, t in enumerate(out):
        # beside [h], a plain h is the elapsed hours too ("[h] [yes, h]" shows 75 twice; the
        # same for [s] and ss: POI's ElapsedFormatTests.xlsx)
        if t[0] == "date" and t[1][0] in elapsed and t[1][0] in "hs" and t[1][1] <= 2:
            out[k] = ("elapsed", t[1])
    codes = [k for k, t in enumerate(out) if t[0] in ("date", "elapsed")]
    letters = [out[k][1][0] for k in codes]
    for pos, k in enumerate(codes):
        kind, (letter, width) = out[k]
        if kind != "date" or letter != "m" or width > 2:
            continue
        after_hour = pos > 0 and letters[pos - 1] in "hs"  # "s:m" is seconds and minutes too
        before_second = pos + 1 < len(codes) and letters[pos + 1] == "s"
        if after_hour or before_second:
            out[k] = ("minute", width)
    section.tokens = out
    section.kind = "date"


@functools.lru_cache(maxsize=2048)
def compile_format(code: str) -> Format | None:
    """The compiled format, or ``None`` when Excel would refuse the code.

    >>> f = compile_format('#,##0.00;[Red](#,##0.00);"zero";@')
    >>> [s.kind for s in f.numbers], f.text.kind
    (['number', 'number', 'number'], 'text')
    >>> compile_format('"unterminated') is None, compile_format("0;0;0;0;0") is None
    (True, True)
    """
    try:
        texts = _split_sections(code)
        if len(texts) > 4:
            return None
        fmt = Format()
        for k, t in enumerate(texts):
            system = _SYSTEM_TAG.search(t)
            if system:  # the system's long date or time replaces the rest of the section
                t = _SYSTEM[system.group(1).lower()]
            sec = Section([])
            sec.tokens = _tokens(t, sec)
            _classify(sec)
            if sec.kind == "text" and k < 3 and len(texts) == 4:
                return None  # with four sections only the fourth may hold "@"
            if sec.kind == "text" or (k == 3 and len(texts) == 4):
                if fmt.text is None:
                    fmt.text = sec
                continue
            fmt.numbers.append(sec)
        return fmt
    except (_Invalid, ValueError, IndexError, TypeError):
        return None


def is_date_format(code: str) -> bool:
    """Whether a format code shows numbers as dates or times (its first section).

    >>> is_date_format("yyyy-mm-dd"), is_date_format("[h]:mm"), is_date_format("0.00"), is_date_format('"d"0')
    (True, True, False, False)
    """
    fmt = compile_format(code)
    return bool(fmt and fmt.numbers and fmt.numbers[0].kind == "date")


# --------------------------------------------------------------------------- numbers


def _dec(x: float) -> Decimal:
    """A float as Excel holds it: 15 significant decimal digits."""
    return Decimal(format(x, ".15g"))


def _strip(s: str) -> str:
    return s.rstrip("0").rstrip(".") if "." in s else s


def round_half_up(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` decimals (negative: tens, hundreds...) as Excel shows it:
    its 15 significant digits, halves away from zero.

    >>> round_half_up(2.675, 2), round_half_up(-1234.567, -1), round_half_up(1.005, 2)
    (2.68, -1230.0, 1.01)
    """
    if x == 0 or not math.isfinite(x) or digits > 340:
        return x
    if digits < -308:  # to a power of ten beyond any double: FIXED(1E+20,-128000) is "0"
        return 0.0
    with localcontext(_CTX):
        d = _dec(x)
        q = d.scaleb(digits).quantize(Decimal(1)).scaleb(-digits)
        return float(q)


def general(x: float) -> str:
    """A number in Excel's General format: up to 11 characters (the sign not counted),
    else scientific with six significant digits.

    >>> general(1/3), general(12345.6789), general(123456789012), general(-2.5e-9), general(1e-8)
    ('0.333333333', '12345.6789', '1.23457E+11', '-2.5E-09', '0.00000001')
    """
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else E_VALUE
    sign = "-" if x < 0 else ""
    d = _dec(abs(x))
    e = d.adjusted()
    with localcontext(_CTX):
        if -4 <= e <= -1:
            s = _strip(format(d.quantize(Decimal("1e-9")), "f"))
            return sign + s
        if -9 <= e <= 9:
            s = _strip(format(d.quantize(Decimal("1e-12")), "f"))
            if len(s) <= 11:
                return sign + s
            if e >= 0:
                s = _strip(format(d.quantize(Decimal(1).scaleb(e - 9)), "f"))
                if len(s) <= 11:
                    return sign + s
        elif e == 10:
            s = format(d.quantize(Decimal(1)), "f")
            if len(s) <= 11:
                return sign + s
        m = d.scaleb(-e).quantize(Decimal("1e-5"))
        if m >= 10:
            m, e = (m / 10).quantize(Decimal("1e-5")), e + 1
        mant = _strip(format(m, "f"))
        return f"{sign}{mant}E{'-' if e < 0 else '+'}{abs(e):02d}"


def _fill_integer(digits: str, phs: list[str], grouping: bool) -> list[str]:
    """Texts for the integer placeholders (left to right): ``digits`` right-aligned, the
    leftmost placeholder taking any extra digits, pads by placeholder kind."""
    n = len(phs)
    cells: list[str] = []  # right to left
    for k in range(max(n, len(digits))):
        if k < len(digits):
            cells.append(digits[-1 - k])
        else:
            ph = phs[n - 1 - k]
            cells.append("0" if ph == "0" else (" " if ph == "?" else ""))
    if grouping:
        for k in range(3, len(cells), 3):
            if cells[k] and cells[k] != " ":
                cells[k] += ","
            elif cells[k] == " ":
                cells[k] += " "
    out = cells[:n][::-1] if n else []
    if n and len(cells) > n:
        out[0] = "".join(reversed(cells[n - 1 :]))
    return out


def _fill_decimals(digits: str, phs: list[str]) -> list[str]:
    """Texts for the decimal placeholders: trailing zeros dropped for ``#``, spaced for ``?``,
    kept for ``0`` (a ``#`` before a ``0`` is dropped too: ``#.#####00#0`` shows
    890123.456789 as 890123.45678900 in Excel)."""
    out = list(digits[: len(phs)])
    for k in range(len(phs) - 1, -1, -1):
        if out[k] != "0":
            break
        if phs[k] != "0":
            out[k] = "" if phs[k] == "#" else " "
    return out


@dataclass
class _Layout:
    """Where the parts of a number section are."""

    tokens: list[tuple[str, Any]]
    percent: int = 0
    scale: int = 0  # powers of 1000
    grouping: bool = False
    point: int | None = None
    exp: int | None = None
    slash: int | None = None
    roles: dict[int, str] = field(default_factory=dict)  # comma roles: "group", "scale", "drop"


@functools.lru_cache(maxsize=2048)
def _layout_of(key: tuple) -> _Layout:
    toks = list(key)
    lay = _Layout(toks)
    lay.percent = sum(1 for t in toks if t[0] == "percent")
    lay.exp = next((k for k, t in enumerate(toks) if t[0] == "exp"), None)
    end = lay.exp if lay.exp is not None else len(toks)
    lay.point = next((k for k in range(end) if toks[k][0] == "point"), None)
    if lay.exp is None and lay.point is None:
        for k, t in enumerate(toks):
            if t[0] not in ("slash", "slashfix"):
                continue
            before = k - 1
            while before >= 0 and toks[before][0] == "lit":  # "# ?=/=?": literals around "/"
                before -= 1
            after = k + 1
            while after < len(toks) and toks[after][0] == "lit":
                after += 1
            if before >= 0 and toks[before][0] == "digit" and (
                    t[0] == "slashfix" or (after < len(toks) and toks[after][0] == "digit")):
                lay.slash = k
                break
    int_end = lay.point if lay.point is not None else end
    digit_at = [k for k in range(end) if toks[k][0] == "digit"]
    # A comma right after a digit placeholder (or after such a scaling comma) is a code:
    # between two placeholders of the integer it groups thousands, with no placeholder after
    # it in its part of the number it scales by 1,000, else it is dropped ("0,x#"). A comma
    # after anything else is shown as it is (",#", "#x,0"): pycel's text.xlsx and
    # vinci1it2000/formulas' test.xlsx, values Excel saved.
    for k in range(end):
        if toks[k][0] != "comma":
            continue
        zone_end = int_end if k < int_end else end
        after = any(k < d < zone_end for d in digit_at)
        j = k - 1
        while j >= 0 and toks[j][0] == "comma" and lay.roles.get(j) == "scale":
            j -= 1
        if j < 0 or toks[j][0] != "digit":
            continue
        if k < int_end and k + 1 < len(toks) and toks[k + 1][0] == "digit":
            lay.roles[k] = "group"
            lay.grouping = True
        elif not after:
            lay.roles[k] = "scale"
            lay.scale += 1
        else:
            lay.roles[k] = "drop"
    return lay


def _num_body(lay: _Layout, x: float, show_sign: bool) -> str:
    """A number section's text for ``x`` (``show_sign``: prefix ``-`` when negative)."""
    toks = lay.tokens
    neg = x < 0
    with localcontext(_CTX):
        d = _dec(abs(x)).scaleb(2 * lay.percent - 3 * lay.scale)
        if lay.slash is not None:
            body, nonzero = _fraction(lay, d)
        elif lay.exp is not None:
            body, nonzero = _scientific(lay, d)
        else:
            body, nonzero = _plain(lay, d, toks, len(toks))
    if not any(t[0] == "digit" for t in toks):
        nonzero = True  # a section without placeholders ("w", ""): a negative number is "-w"
    return ("-" if (neg and show_sign and nonzero) else "") + body


def _render_tokens(toks: list[tuple[str, Any]], start: int, end: int, fills: dict[int, str], roles: dict[int, str]) -> str:
    out = []
    for k in range(start, end):
        kind, val = toks[k]
        if k in fills:
            out.append(fills[k])
        elif kind == "comma":
            if k not in roles:  # a comma that is not a code is shown
                out.append(",")
        elif kind == "point":
            out.append(".")
        elif kind == "slash":
            out.append("/")
        elif kind == "slashfix":
            out.append("/" + val)
        elif kind == "exp":
            out.append(val[0])
        elif kind == "percent":
            out.append("%")
        elif kind == "lit":
            out.append(val)
    return "".join(out)


def _plain(lay: _Layout, d: Decimal, toks: list[tuple[str, Any]], end: int) -> tuple[str, bool]:
    point = lay.point
    int_end = point if point is not None else end
    int_idx = [k for k in range(int_end) if toks[k][0] == "digit"]
    dec_idx = [k for k in range(int_end, end) if toks[k][0] == "digit"]
    q = d.quantize(Decimal(1).scaleb(-len(dec_idx)))
    s = format(q, "f")
    int_str, _, frac = s.partition(".")
    if int_str == "0":
        int_str = ""
    fills: dict[int, str] = {}
    if int_idx:
        for k, text in zip(int_idx, _fill_integer(int_str, [toks[k][1] for k in int_idx], lay.grouping), strict=True):
            fills[k] = text
    elif int_str and point is not None:
        fills[point] = int_str + "."
    elif int_str and dec_idx:
        fills[dec_idx[0]] = int_str
    if dec_idx:
        for k, text in zip(dec_idx, _fill_decimals(frac, [toks[k][1] for k in dec_idx]), strict=True):
            fills[k] = fills.get(k, "") + text
    shown = bool(int_idx or dec_idx or (int_str and point is not None))
    return _render_tokens(toks, 0, end, fills, lay.roles), shown and q != 0


def _scientific(lay: _Layout, d: Decimal) -> tuple[str, bool]:
    """A scientific section (POI's NumberFormatApproxTests.xlsx, values Excel saved, show
    the rules): the exponent is a multiple of the integer placeholders when there are
    several (``####.##E+0``, ``0000.00E+0``: 123456.789 is 12.3457E+4, 0012.3457E+4); ``,``
    between them groups thousands and after them is ignored, as is ``%`` (no scaling);
    the exponent's sign stands just before its digits, after any literal text following
    the ``E``; zero shows a 0 in every integer placeholder (``#.#E+0``: ``0.E+0``)."""
    toks = lay.tokens
    e_at = lay.exp
    assert e_at is not None
    point = lay.point if lay.point is not None else e_at
    int_idx = [k for k in range(point) if toks[k][0] == "digit"]
    dec_idx = [k for k in range(point, e_at) if toks[k][0] == "digit"]
    exp_idx = [k for k in range(e_at + 1, len(toks)) if toks[k][0] == "digit"]
    if not exp_idx:
        raise _Invalid("exponent without digits")
    d = d.scaleb(3 * lay.scale - 2 * lay.percent)  # neither scales a scientific number
    ni = len(int_idx)
    step = ni if ni > 1 else 1
    if d == 0:
        exponent, mant = 0, Decimal(0).quantize(Decimal(1).scaleb(-len(dec_idx)))
    else:
        e10 = d.adjusted()
        exponent = (e10 // step) * step if ni else e10 + 1
        mant = d.scaleb(-exponent).quantize(Decimal(1).scaleb(-len(dec_idx)))
        if mant >= (Decimal(10) ** step if ni else Decimal(1)):
            exponent += step
            mant = d.scaleb(-exponent).quantize(Decimal(1).scaleb(-len(dec_idx)))
    int_str, _, frac = format(mant, "f").partition(".")
    fills: dict[int, str] = {}
    if int_idx:
        digits = "0" * ni if mant == 0 else int_str
        fills.update(zip(int_idx, _fill_integer(digits, [toks[k][1] for k in int_idx], lay.grouping), strict=True))
    if dec_idx:
        fills.update(zip(dec_idx, _fill_decimals(frac, [toks[k][1] for k in dec_idx]), strict=True))
    mantissa = _render_tokens(toks, 0, e_at, fills, lay.roles)
    sign = "-" if exponent < 0 else ("+" if toks[e_at][1][1] == "+" else "")
    digits = str(abs(exponent))
    texts = _fill_integer(digits, [toks[k][1] for k in exp_idx], False)
    texts[0] = sign + texts[0]
    fills = dict(zip(exp_idx, texts, strict=True))
    tail = "".join("" if toks[k][0] == "comma" else _render_tokens(toks, k, k + 1, fills, {})
                   for k in range(e_at + 1, len(toks)))
    return mantissa + toks[e_at][1][0] + tail, mant != 0


def _fraction(lay: _Layout, d: Decimal) -> tuple[str, bool]:
    """A fraction section. Its parts: the integer placeholders (any text between them
    shown), the separator text, the numerator (the digit run before the ``/``, literal
    text allowed around the ``/``), the denominator (digits or a fixed number). Rules from
    values Excel saved (POI's NumberFormatTests.xlsx, "Fractions" and "Improper
    Fractions"): without integer placeholders the fraction is improper (0 is ``0/1``); a
    whole number drops the fraction and its separator (spaces instead when the code has a
    ``?``; ``0/1`` when the numerator has a ``0``); an empty integer drops the separator
    (spaces after a ``?``); ``0`` placeholders pad a denominator in front, ``?`` behind."""
    toks = lay.tokens
    s_at = lay.slash
    assert s_at is not None
    k = s_at - 1
    while toks[k][0] == "lit":
        k -= 1
    num_end = k + 1
    while k >= 0 and toks[k][0] == "digit":
        k -= 1
    num_idx = list(range(k + 1, num_end))
    int_idx = [j for j in range(k + 1) if toks[j][0] == "digit"]
    sep_start = int_idx[-1] + 1 if int_idx else num_idx[0]
    fixed = toks[s_at][1] if toks[s_at][0] == "slashfix" else None
    den_idx: list[int] = []
    j = s_at + 1
    if fixed is None:
        while toks[j][0] == "lit":
            j += 1
        while j < len(toks) and toks[j][0] == "digit":
            den_idx.append(j)
            j += 1
    end = den_idx[-1] + 1 if den_idx else s_at + 1
    whole = int(d) if int_idx else 0
    frac = d - whole
    if fixed is not None:
        den = int(fixed)
        num = int((frac * den).quantize(Decimal(1)))
    else:
        f = Fraction(frac).limit_denominator(10 ** len(den_idx) - 1)
        num, den = f.numerator, f.denominator
    if int_idx and num == den:
        whole, num = whole + 1, 0
    int_phs = [toks[j][1] for j in int_idx]
    num_phs = [toks[j][1] for j in num_idx]
    fills: dict[int, str] = {}
    show_sep = True
    if int_idx and num == 0 and "0" not in num_phs:
        # a whole number: the fraction goes, its place kept with spaces if the code has a "?"
        fills.update(zip(int_idx, _fill_integer(str(whole), int_phs, lay.grouping), strict=True))
        head = _render_tokens(toks, 0, sep_start, fills, lay.roles)
        if "?" in int_phs + num_phs + [toks[j][1] for j in den_idx]:
            width = len(_render_tokens(toks, sep_start, end, {j: "0" for j in num_idx + den_idx}, {}))
            head += " " * width
        return head + _render_tokens(toks, end, len(toks), {}, lay.roles), whole != 0
    if int_idx:
        if whole:
            int_str = str(whole)
        elif num == 0:  # 0 shown as 0/1: an integer "#" stays empty, "?" and "0" show 0
            int_str = "" if int_phs[-1] == "#" else "0"
        else:
            int_str = ""
        texts = _fill_integer(int_str, int_phs, lay.grouping)
        fills.update(zip(int_idx, texts, strict=True))
        if not int_str and int_phs[-1] != "0":
            show_sep = False
            blank = int_phs[-1] == "?" or (num != 0 and num_phs[0] == "?")
            sep = _render_tokens(toks, sep_start, num_idx[0], {}, {})
            fills[sep_start] = " " * len(sep) if blank else ""
    if num == 0 and not int_idx:
        den = den if fixed is not None else 1
    fills.update(zip(num_idx, _fill_integer(str(num), num_phs, False), strict=True))
    if den_idx:
        dtext = str(den)
        phs = [toks[j][1] for j in den_idx]
        cells = list(dtext[: len(phs)])
        if len(dtext) > len(phs):
            cells[-1] = dtext[len(phs) - 1 :]
        pads = phs[len(dtext):]
        zeros = "0" * pads.count("0")
        cells[0] = zeros + cells[0]
        cells += [" " if p == "?" else "" for p in pads]
        fills.update(zip(den_idx, cells, strict=True))
    out = []
    for j in range(len(toks)):
        if not show_sep and sep_start < j < num_idx[0]:
            continue
        out.append(_render_tokens(toks, j, j + 1, fills, lay.roles))
    return "".join(out), bool(whole or num)


# --------------------------------------------------------------------------- dates


_MONTHS = dates.MONTH_NAMES
_DAYS = dates.DAY_NAMES


def _date_body(sec: Section, x: float, date1904: bool) -> str | XLError:
    toks = sec.tokens
    codes = [t for t in toks if t[0] != "lit"]
    if len(codes) == 1 and codes[0][0] == "elapsed":
        # a lone elapsed count is a number, any size and sign: TEXT(-1,"[h]") is "-24",
        # TEXT(2958466,"[h]") 71003184 (pycel's text.xlsx, values Excel saved)
        if x < 0:
            body = _date_body(sec, -x, date1904)
            return body if isinstance(body, XLError) else "-" + body
        if x >= dates.MAX_DAY + 1:
            letter, width = codes[0][1]
            with localcontext(_CTX):
                secs = int((Decimal(repr(x)) * 86400).quantize(Decimal(1)))
            v = secs // {"h": 3600, "m": 60, "s": 1}[letter]
            return "".join(val if t == "lit" else f"{v:0{width}d}" for t, val in toks)
    last = dates.MAX_DAY - (dates.SHIFT_1904 if date1904 else 0)
    if not (0 <= x < last + 1):
        return E_VALUE
    k = max((v for t, v in toks if t == "subsec"), default=0)
    unit = 10**k
    with localcontext(_CTX):
        total = int((Decimal(repr(x)) * 86400 * unit).quantize(Decimal(1)))
    day, rem = divmod(total, 86400 * unit)
    secs, sub = divmod(rem, unit)
    if day > last:
        return E_VALUE
    twelve = any(t == "ampm" for t, _ in toks)
    hour, minute, second = secs // 3600, (secs // 60) % 60, secs % 60
    ymd: tuple[int, int, int] | None = None
    out = []
    for kind, val in toks:
        if kind == "lit":
            out.append(val)
        elif kind == "date":
            letter, width = val
            if letter in "ymde" and ymd is None:
                ymd = dates.civil(day + (dates.SHIFT_1904 if date1904 else 0))
            if letter == "y":
                out.append(f"{ymd[0] % 100:02d}" if width <= 2 else f"{ymd[0]:04d}")
            elif letter == "e":
                out.append(str(ymd[0]))
            elif letter == "m":
                mo = ymd[1]
                out.append(str(mo) if width == 1 else f"{mo:02d}" if width == 2 else _MONTHS[mo - 1][:3]
                           if width == 3 else _MONTHS[mo - 1][0] if width == 5 else _MONTHS[mo - 1])
            elif letter == "d":
                if width <= 2:
                    out.append(str(ymd[2]) if width == 1 else f"{ymd[2]:02d}")
                else:
                    name = _DAYS[dates.weekday(day + (dates.SHIFT_1904 if date1904 else 0))]
                    out.append(name[:3] if width == 3 else name)
            elif letter == "h":
                h = hour
                if twelve:
                    h = (h % 12) or 12
                out.append(str(h) if width == 1 else f"{h:02d}")
            elif letter == "s":
                out.append(str(second) if width == 1 else f"{second:02d}")
        elif kind == "minute":
            out.append(str(minute) if val == 1 else f"{minute:02d}")
        elif kind == "subsec":
            out.append("." + f"{sub:0{k}d}"[:val])
        elif kind == "ampm":
            pm = hour >= 12
            if len(val) == 5:
                out.append("PM" if pm else "AM")
            else:
                out.append(val[2] if pm else val[0])
        elif kind == "elapsed":
            letter, width = val
            whole_seconds = day * 86400 + secs
            if letter == "h":
                v = whole_seconds // 3600
            elif letter == "m":
                v = whole_seconds // 60
            else:
                v = whole_seconds
            out.append(f"{v:0{width}d}")
    return "".join(out)


# --------------------------------------------------------------------------- rendering


def _section_for(fmt: Format, x: float) -> tuple[Section | None, float, bool]:
    """The section for number ``x``, the value it shows and whether it shows the sign."""
    secs = fmt.numbers
    if not secs:
        return None, x, True
    if fmt.conditional:
        first = secs[0]
        chosen: Section | None = None
        if first.condition is not None and first.holds(x):
            chosen = first
        elif len(secs) > 1:
            second = secs[1]
            if second.condition is None or second.holds(x):
                chosen = second
            elif len(secs) > 2:
                chosen = secs[2]
        elif first.condition is None:
            chosen = first
        if chosen is None:
            return None, x, True
        c0 = first.condition
        c1 = secs[1].condition if len(secs) > 1 else None
        negative_section = (chosen is first and c0 in (("<", 0.0), ("<=", 0.0))) or (
            len(secs) > 1 and chosen is secs[1] and (c0, c1) in (((">=", 0.0), None), ((">", 0.0), ("<", 0.0))))
        if negative_section:
            return chosen, abs(x), False
        return chosen, x, True
    if len(secs) == 1 or x > 0 or (x == 0 and len(secs) == 2):
        return secs[0], x, True
    if x < 0:
        return secs[1], -x, False
    return secs[2], x, True


def _number(fmt: Format, x: float, date1904: bool) -> str | XLError:
    sec, v, show_sign = _section_for(fmt, x)
    if sec is None:
        if len(fmt.numbers) == 1:
            # a lone conditional section that does not hold: General ("[<10]#"" Wow""" shows
            # 10 as "10": POI's FormatConditionTests.xlsx, values Excel saved)
            return general(x)
        if fmt.numbers:
            return E_VALUE  # no section's condition holds
        return general(x)
    if sec.kind == "date":
        if v < 0 and date1904 and show_sign:
            # the 1904 system shows a negative date or time with a minus sign (POI's
            # ElapsedFormatTests.xlsx, a 1904 workbook: -0.0854... as [h]:m:s is -2:3:4)
            body = _date_body(sec, -v, date1904)
            return body if isinstance(body, XLError) else "-" + body
        return _date_body(sec, v, date1904)
    if sec.kind == "general":
        g = general(v if show_sign else abs(v))
        return "".join(g if t == "general" else (val if t == "lit" else "") for t, val in sec.tokens)
    lay = _layout_of(tuple(sec.tokens))
    return _num_body(lay, v, show_sign)


def _text(fmt: Format, s: str) -> str:
    if fmt.text is None:
        return s
    out = []
    for kind, val in fmt.text.tokens:
        if kind in ("at", "general"):
            out.append(s)
        elif kind == "lit":
            out.append(val)
        else:
            out.append(_render_tokens([(kind, val)], 0, 1, {}, {}))
    return "".join(out)


def render(value: Any, code: str, *, date1904: bool = False) -> str | XLError:
    """``value`` (a number or text) shown with the format ``code``; ``#VALUE!`` for a code
    Excel refuses or a date it cannot show. Never raises.

    >>> render(45000.75, "dddd"), render(1234.567, "$#,##0.00"), render(0.285, "0.0%")
    ('Wednesday', '$1,234.57', '28.5%')
    >>> render(4.34, "# ?/?"), render(12200000, "0.00E+00"), render("abc", ';;;"hi"')
    ('4 1/3', '1.22E+07', 'hi')
    """
    try:
        fmt = compile_format(code)
        if fmt is None:
            return E_VALUE
        if isinstance(value, bool):
            return _text(fmt, "TRUE" if value else "FALSE")
        if isinstance(value, str):
            return _text(fmt, value)
        if value is None:
            value = 0.0
        x = float(value)
        if not math.isfinite(x):
            return E_VALUE
        return _number(fmt, x, date1904)
    except (_Invalid, ValueError, ArithmeticError, IndexError, KeyError, TypeError, OverflowError):
        return E_VALUE


__all__ = ["BUILTIN_FORMATS", "Format", "Section", "compile_format", "general", "is_date_format", "render", "round_half_up"]
