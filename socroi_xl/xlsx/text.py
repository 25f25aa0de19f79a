"""Cell text in SpreadsheetML: XML escapes, OOXML's ``_xHHHH_`` escapes, Excel's text limit.

OOXML writes characters XML cannot carry (control characters) as ``_xHHHH_``, and a
literal ``_x`` that would read as such an escape as ``_x005F_x``.

Text cut out of the XML by the byte readers is decoded as an XML parser would deliver
it (XML 1.0, sections 2.11 and 3.3.3): a line break written as CR LF, or a lone CR, is one
LF (a CR written as ``&#13;`` or ``_x000D_`` stays a CR); in an attribute value every
literal tab, line break or CR LF is one space. Character references are XML's, not
HTML's (``&#150;`` is U+0096).

>>> unescape(b"Tom &amp; Jerry_x000D__x000A_")
'Tom & Jerry\\r\\n'
>>> unescape(b"one\\r\\ntwo\\rthree&#13;&#10;")
'one\\ntwo\\nthree\\r\\n'
>>> unescape_attr(b"a\\r\\n\\tb&#10;")
'a  b\\n'
>>> escape("a<b\\x01_x0041_")
b'a&lt;b_x0001__x005F_x0041_'
>>> unescape(escape("a<b\\x01_x0041_"))
'a<b\\x01_x0041_'
>>> escape("a\\r\\nb")
b'a&#13;\\nb'
"""

from __future__ import annotations

import re

__all__ = ["MAX_TEXT", "escape", "needs_preserve", "unescape", "unescape_attr", "unescape_x"]

#: Excel's limit on the characters in one cell.
MAX_TEXT = 32_767

_ESC = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Characters that XML 1.0 cannot carry, and a literal escape-lookalike. (A carriage return,
#: which an XML parser would read as a line feed, is written ``&#13;`` by :func:`escape`.)
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)|[\ud800-\udfff]")


_REF = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));")
_ENTITY = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ATTR_SPACE = re.compile(r"\r\n|[\r\n\t]")


def _ref(m: re.Match[str]) -> str:
    if m.group(3):
        return _ENTITY[m.group(3)]
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code > 0x10FFFF:  # not well-formed: the well-formedness check refuses the part
        raise ValueError(f"character reference {m.group(0)[:20]} out of range")
    return chr(code)


def _references(text: str) -> str:
    """XML's character and predefined entity references (a well-formed part has no others)."""
    return _REF.sub(_ref, text) if "&" in text else text


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
        text = _references(text)
    return unescape_x(text) if "_x" in text else text


def unescape_attr(raw: bytes) -> str:
    """Decode an attribute value as XML reads it: literal tabs and line breaks are spaces."""
    text = raw.decode("utf-8")
    if "\r" in text or "\n" in text or "\t" in text:
        text = _ATTR_SPACE.sub(" ", text)
    if "&" in text:
        text = _references(text)
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
    """Text as XML content (UTF-8) that reads back as ``text`` through :func:`unescape`
    (and through any XML parser): a CR is written ``&#13;``, which line-end handling leaves
    alone. (Excel writes ``_x000D_``, which Excel reads the same way; a character reference
    also reads as a CR in readers that know no OOXML escapes in ``<v>``, such as openpyxl.)

    >>> escape("a\\r\\nb & c")
    b'a&#13;\\nb &amp; c'
    """
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_escape_char, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text.encode("utf-8")


def needs_preserve(text: str) -> bool:
    """True when ``text`` begins or ends with whitespace: Excel then writes its ``<v>`` (and
    ``<t>``) with ``xml:space="preserve"``, so that no reader trims it.

    >>> needs_preserve(" me"), needs_preserve("me "), needs_preserve("a b"), needs_preserve("")
    (True, True, False, False)
    """
    return bool(text) and (text[0] in _XML_SPACE or text[-1] in _XML_SPACE)


_XML_SPACE = " \t\n"  # a CR is written &#13;: Excel writes a lone CR without xml:space
