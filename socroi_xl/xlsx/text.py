"""Cell text in SpreadsheetML: XML escapes, OOXML's ``_xHHHH_`` escapes, Excel's text limit.

OOXML writes characters XML cannot carry (control characters) as ``_xHHHH_``, and a
literal ``_x`` that would read as such an escape as ``_x005F_x``.

>>> unescape(b"Tom &amp; Jerry_x000D__x000A_")
'Tom & Jerry\\r\\n'
>>> escape("a<b\\x01_x0041_")
b'a&lt;b_x0001__x005F_x0041_'
>>> unescape(escape("a<b\\x01_x0041_"))
'a<b\\x01_x0041_'
>>> escape("a\\r\\nb")
b'a_x000D_\\nb'
"""

from __future__ import annotations

import html
import re

__all__ = ["MAX_TEXT", "escape", "unescape", "unescape_x"]

#: Excel's limit on the characters in one cell.
MAX_TEXT = 32_767

_ESC = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Characters that XML 1.0 cannot carry, a carriage return (an XML parser reads it as a line
#: feed; Excel writes it ``_x000D_``), and a literal escape-lookalike.
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)|[\ud800-\udfff]")


def unescape(raw: bytes) -> str:
    """Decode XML text: line ends as an XML parser reads them (a raw CR LF or CR is a line
    feed), character and entity references, then ``_xHHHH_`` escapes.

    >>> unescape(b"a\\t\\r\\nb\\rc&#13;_x000D_")
    'a\\t\\nb\\nc\\r\\r'
    """
    text = raw.decode("utf-8")
    if "\r" in text:  # XML 1.0 section 2.11 (formulas' test.xlsx, TEXT!I8, has a raw CR LF)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = html.unescape(text)
    return unescape_x(text) if "_x" in text else text


def unescape_x(text: str) -> str:
    """Decode OOXML's ``_xHHHH_`` escapes (in text an XML parser has already decoded)."""
    if "_x" not in text:
        return text
    return _ESC.sub(lambda m: chr(int(m.group(1), 16)), text)


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == "_":
        return "_x005F_"
    return f"_x{ord(ch):04X}_"


def escape(text: str) -> bytes:
    """Text as XML content (UTF-8) that reads back as ``text`` through :func:`unescape`."""
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_escape_char, text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")
