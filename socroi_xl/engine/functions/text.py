"""Text functions."""

from __future__ import annotations

import re
from typing import Any

from ...coerce import parse_number_text
from ..values import E_VALUE, Err, num, text
from .date_time import to_date
from .math_trig import _round_scalar
from .spec import Grid, function


def _count(x: float) -> int:
    """A character count argument: negative is #VALUE!."""
    if x < 0:
        raise Err(E_VALUE)
    return int(x)


@function("VALUE", "value", category="text")
def VALUE(v: Any) -> float:
    """Converts text that looks like a number (or a date) to a number."""
    if isinstance(v, str) and not v.strip():
        raise Err(E_VALUE)
    return num(v)


@function("LEFT", "text, number=1", category="text")
def LEFT(s: str, k: float) -> str:
    """Returns the first characters of a text."""
    return s[: _count(k)]


@function("RIGHT", "text, number=1", category="text")
def RIGHT(s: str, k: float) -> str:
    """Returns the last characters of a text."""
    c = _count(k)
    return s[len(s) - c :] if c else ""


@function("MID", "text, number, number", category="text")
def MID(s: str, start: float, k: float) -> str:
    """Returns characters from the middle of a text, from a start position."""
    b, c = int(start), _count(k)
    if b < 1:
        raise Err(E_VALUE)
    return s[b - 1 : b - 1 + c]


@function("LEN", "text", category="text")
def LEN(s: str) -> float:
    """Returns the number of characters in a text."""
    return float(len(s))


@function("TRIM", "text", category="text")
def TRIM(s: str) -> str:
    """Removes spaces from text except single spaces between words."""
    return " ".join(p for p in s.split(" ") if p)


@function("UPPER", "text", category="text")
def UPPER(s: str) -> str:
    """Converts text to upper case."""
    return s.upper()


@function("LOWER", "text", category="text")
def LOWER(s: str) -> str:
    """Converts text to lower case."""
    return s.lower()


@function("PROPER", "text", category="text")
def PROPER(s: str) -> str:
    """Capitalises the first letter of each word."""
    return s.title()


@function("EXACT", "text, text", category="text")
def EXACT(a: str, b: str) -> bool:
    """TRUE if two texts are exactly the same (case-sensitive)."""
    return a == b


def _texts(grids: tuple[Grid, ...]) -> list[str]:
    """Every cell of the arguments as text, ranges row by row (an error is the result)."""
    out = []
    for g in grids:
        for v in g.cells():
            out.append(text(v))
    return out


@function("CONCAT CONCATENATE", "array...", category="text")
def CONCAT(*grids: Grid) -> str:
    """Joins texts (and the cells of ranges) into one text."""
    return "".join(_texts(grids))


@function("TEXTJOIN", "text, logical, array...", category="text")
def TEXTJOIN(delim: str, skip_empty: bool, *grids: Grid) -> str:
    """Joins texts with a delimiter, optionally skipping empty ones."""
    parts = _texts(grids)
    if skip_empty:
        parts = [t for t in parts if t != ""]
    return delim.join(parts)


@function("TEXT", "value, text", category="text")
def TEXT(v: Any, fmt: str) -> str:
    """Formats a number with a number format: 0, 0.00, #,##0(.00), 0%, 0.0%, date codes."""
    f = fmt
    if isinstance(v, str) and parse_number_text(v) is None:
        return v
    x = num(v)
    low = f.lower()
    if any(t in low for t in ("yy", "dd", "mmm")) or low in ("m/d/yyyy", "d/m/yyyy"):
        d = to_date(x)
        out = low.replace("yyyy", "%Y").replace("yy", "%y").replace("mmmm", "%B").replace("mmm", "%b")
        out = out.replace("mm", "%m").replace("dd", "%d")
        return d.strftime(out)
    m = re.fullmatch(r"(#,##)?0(\.(0+))?(%?)", f)
    if not m:
        raise Err(E_VALUE)
    decimals = len(m.group(3) or "")
    if m.group(4):
        x *= 100
    r = _round_scalar("round", x, float(decimals))
    s = f"{r:,.{decimals}f}" if m.group(1) else f"{r:.{decimals}f}"
    return s + ("%" if m.group(4) else "")
