"""Numbers as text, the way Excel reads and writes them in formulas.

* :func:`parse_number_text`: the number ``VALUE`` and arithmetic read from numeric text
  (``"1,200"``, ``"$1,200.50"``, ``"12%"``, ``"(40)"``, ``"1e3"``);
* :func:`number_text` and :func:`excel_text`: the text a number (or a logical value) becomes
  in ``=A1&""``: up to 15 significant digits, scientific from 1E+15 up and below 1E-9.

How a number is *shown* in a cell (the General format's 11 characters, format codes) is
:mod:`socroi_xl.xl.numfmt`; date and time text is :mod:`socroi_xl.xl.dates`.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

_NUMERIC_TEXT = re.compile(
    r"""^\s*(?P<neg1>-)?\s*(?P<open>\()?\s*(?P<neg2>-)?\s*(?P<cur1>[$€£¥])?\s*(?P<neg3>-)?
        (?P<num>(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)(?P<exp>[eE][+-]?\d+)?
        \s*(?P<cur2>[$€£¥])?\s*(?P<close>\))?\s*(?P<pct>%)?\s*$""",
    re.VERBOSE,
)

def parse_number_text(text: str) -> float | None:
    """The number Excel reads from numeric text, or ``None`` when the text is not one.

    >>> parse_number_text(" 1,200.5 "), parse_number_text("12%"), parse_number_text("(40)"), parse_number_text("12€")
    (1200.5, 0.12, -40.0, 12.0)
    >>> parse_number_text("twelve") is None
    True
    """
    m = _NUMERIC_TEXT.match(text)
    if not m or bool(m.group("open")) != bool(m.group("close")) or (m.group("cur1") and m.group("cur2")):
        return None
    if sum(bool(m.group(g)) for g in ("neg1", "neg2", "neg3", "open")) > 1:
        return None
    value = float(m.group("num").replace(",", "") + (m.group("exp") or ""))
    if m.group("neg1") or m.group("neg2") or m.group("neg3") or m.group("open"):
        value = -value
    if m.group("pct"):
        value /= 100.0
    return value


def number_text(x: float) -> str:
    """A number as text the way Excel's General format writes it in ``=A1&""``.

    Up to 15 significant digits; scientific notation (``1E+20``, ``9.00719925474099E+15``)
    from 1E+15 up and below 1E-9.

    >>> number_text(2024.0), number_text(0.1 + 0.2), number_text(1e20), number_text(0.000001)
    ('2024', '0.3', '1E+20', '0.000001')
    """
    if x == 0:
        return "0"
    a = abs(x)
    if 1e-9 <= a < 1e15:
        s = f"{float(f'{x:.15g}'):.15f}".rstrip("0").rstrip(".")
        digits = len(s.replace("-", "").replace(".", "").lstrip("0"))
        if digits > 15:
            s = f"{x:.15g}"
        return s
    mant, _, exp = f"{x:.14e}".partition("e")
    mant = mant.rstrip("0").rstrip(".")
    e = int(exp)
    return f"{mant}E{'+' if e >= 0 else '-'}{abs(e):02d}"


def excel_text(value: Any) -> str:
    """The text Excel gives a value in a formula such as ``=A1&""``.

    >>> excel_text(2024.0), excel_text(0.5), excel_text(True), excel_text(1e20)
    ('2024', '0.5', 'TRUE', '1E+20')
    """
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, np.number)):
        return number_text(float(value))
    return str(value)
