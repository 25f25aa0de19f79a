"""Where a worksheet's cells are in its XML, and whether byte scanning reads them exactly.

A worksheet part is ``<worksheet>`` with children in a fixed order; the cells are the
``<row>``/``<c>`` elements of its one ``<sheetData>``. The fast readers of
:mod:`socroi_xl.xlsx.cells` cut the sheet XML with regular expressions instead of building
a tree (a tree of a 100,000-row sheet takes 25 times its size in memory and seconds to
build). That is exact only for XML in the *regular* layout every mainstream writer (Excel,
LibreOffice, openpyxl, XlsxWriter, Apache POI, the Open XML SDK) produces:

* one prefix for the SpreadsheetML elements, bound on the root (``<c>`` or ``<x:c>``),
  Transitional or Strict namespace alike;
* inside ``<sheetData>``: no comment, CDATA section or processing instruction, no namespace
  declaration, no ``mc:AlternateContent``;
* every ``<c>`` starts ``<c r="A1"`` (the reference first, upper case, double quotes),
  every ``<row>`` starts ``<row r="1"``; no attribute value holds ``>``;
* inside a cell, ``<f>``, ``<v>``, ``<is>`` follow one another without whitespace.

:func:`locate` finds the ``<sheetData>`` element exactly (comments, CDATA and processing
instructions in the rest of the part are skipped token by token, never matched into);
:func:`layout_problem` checks the first four properties over the whole of
``<sheetData>``. The last one is checked cell by cell by the readers themselves: every
cell they read must end where the regular layout says (``</c>``), and the number of
formula cells they find must equal the number of ``<f>`` elements in the part.

Everything else — pretty-printed XML, cells or rows without ``r``, attributes in another
order or quoted with ``'``, comments, CDATA, unusual element order — is valid too, and is
rewritten into the regular layout by :func:`~socroi_xl.xlsx.normalise.normalise` (a real
XML parser, row by row) before it is read. Cells inside ``mc:AlternateContent`` in
``<sheetData>`` are refused with a reason.

All of this presumes well-formed XML, which :func:`~socroi_xl.xlsx.xmlsafe.check_well_formed`
establishes (in C) before any result is used. One residual case is accepted knowingly: a
cell wrapped, inside ``<sheetData>``, in an element of another namespace that the root
marks ignorable (``mc:Ignorable``) is read as a cell, where a strict markup-compatibility
reader would skip it; no writer produces that.

>>> lay = locate(b'<?xml version="1.0"?><!-- <sheetData> --><x:worksheet '
...     b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
...     b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>', "s.xml")
>>> lay.prefix, lay.problem
(b'x:', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..xl.refs import col_letters
from . import ns
from .xmlsafe import XMLError

__all__ = ["Layout", "columns_up_to", "layout_problem", "locate", "to_utf8"]

#: Tokens before the root element: declaration, processing instructions, comments,
#: whitespace, a DOCTYPE (refused by the well-formedness check, skipped here).
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S)
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_XMLNS = re.compile(rb"xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
#: Tokens of the part: comments, CDATA, processing instructions (skipped), sheetData tags.
_LEX = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    rb"|<(/?)(?:([A-Za-z_][\w.-]*):)?sheetData\b((?:\s+[^\s=>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>",
    re.S,
)


@dataclass
class Layout:
    """Where ``<sheetData>`` lies in a worksheet's XML.

    Attributes
    ----------
    prefix : bytes
        The prefix of the SpreadsheetML elements with its colon (``b""`` or ``b"x:"``).
    uri : str
        The main namespace URI (Transitional or Strict).
    start : int
        Offset of ``<sheetData``.
    body : int
        Offset just past the ``<sheetData …>`` start tag (the first row).
    end : int
        Offset of ``</sheetData>`` (equal to ``body`` for ``<sheetData/>``).
    stop : int
        Offset just past ``</sheetData>`` (or past ``<sheetData/>``).
    root_tag : bytes
        The root element's start tag as written (its namespace declarations).
    root_name : bytes
        The root element's qualified name (for closing a fragment).
    root_at : int
        Offset of the root element's start tag.
    problem : str or None
        Why the part is not in the regular layout (then it must be normalised), or None.
    """

    prefix: bytes
    uri: str
    start: int
    body: int
    end: int
    stop: int
    root_tag: bytes
    root_name: bytes
    root_at: int = 0
    problem: str | None = None


def to_utf8(data: bytes) -> bytes:
    """The part in UTF-8 (OPC allows UTF-16 parts; the readers work on UTF-8 bytes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        text = re.sub(r"^(<\?xml[^>]*?encoding\s*=\s*[\"'])[^\"']*([\"'])", r"\g<1>UTF-8\2", text)
        return text.encode("utf-8")
    return data


def _namespaces(tag: bytes) -> dict[bytes, str]:
    out = {}
    for m in _XMLNS.finditer(tag):
        out[m.group(1) or b""] = (m.group(2) if m.group(2) is not None else m.group(3) or b"").decode("utf-8", "replace")
    return out


def locate(data: bytes, part: str, need_end: bool = True, exact: bool = False, end_hint: int | None = None) -> Layout:
    """Find ``<sheetData>`` in the worksheet XML ``data`` (UTF-8).

    ``</sheetData>`` is the first one after the start tag, which is exact when no comment,
    CDATA section or processing instruction comes between them — what
    :func:`layout_problem` checks; with ``exact`` (for parts that are not in the regular
    layout) those are skipped token by token instead. Without ``need_end``, ``data`` may
    be the beginning of the part only; ``end`` and ``stop`` are then -1 when
    ``</sheetData>`` is not in it. ``end_hint`` is where a caller found ``</sheetData>``
    already (used when it is there, saving a search).

    Raises
    ------
    XMLError
        Not a SpreadsheetML worksheet, or no (closed) ``<sheetData>`` element.
    """
    pos = _PROLOG.match(data).end()  # type: ignore[union-attr]
    root = _ROOT.match(data, pos)
    if root is None:
        raise XMLError(part, "no root element")
    root_prefix = root.group(1) or b""
    spaces = _namespaces(root.group(3))
    uri = spaces.get(root_prefix, "")
    if root.group(2) != b"worksheet" or not ns.is_main(uri):
        kind = root.group(2).decode("utf-8", "replace")
        raise XMLError(part, f"not a SpreadsheetML worksheet (root element {kind!r} in namespace {uri or 'none'!r})")
    prefix = root_prefix + b":" if root_prefix else b""
    root_name = prefix + root.group(2)
    if root.group(4):
        raise XMLError(part, "empty worksheet element (no <sheetData>)")
    problem = None
    start = body = end = stop = -1
    for m in _LEX.finditer(data, root.end()):
        if m.group(0).startswith((b"<!", b"<?")):
            continue
        if m.group(1):  # an end tag before any start tag
            raise XMLError(part, "</sheetData> without <sheetData>")
        sd_prefix = (m.group(2) + b":") if m.group(2) else b""
        if sd_prefix != prefix or b"xmlns" in m.group(3):
            problem = "sheetData written with another namespace prefix than the root"
        start, body = m.start(), m.end()
        if m.group(4):
            end, stop = body, body
        break
    if start < 0:
        raise XMLError(part, "no <sheetData> element")
    if b"xmlns" in data[root.end() : start]:
        problem = problem or "namespace declared between the root and <sheetData>"
    if end < 0:
        close = b"</" + prefix + b"sheetData>"
        if end_hint is not None and not exact and end_hint >= body and data.startswith(close, end_hint):
            end = end_hint
        else:
            end = data.find(close, body)
        if end < 0 and not need_end:
            return Layout(prefix, uri, start, body, -1, -1, root.group(0), root_name, root.start(), problem)
        if end < 0 or exact:
            end = -1
            for m in _LEX.finditer(data, body):  # exact: skip comments, CDATA, PIs
                if m.group(0).startswith((b"<!", b"<?")):
                    continue
                if m.group(1):
                    end = m.start()
                    stop = m.end()
                    break
            if end < 0:
                raise XMLError(part, "<sheetData> is never closed")
        else:
            stop = end + len(close)
    return Layout(prefix, uri, start, body, end, stop, root.group(0), root_name, root.start(), problem)


def _count(data: bytes, needle: bytes, lay: Layout) -> int:
    return data.count(needle, lay.body, lay.end)


def layout_problem(data: bytes, lay: Layout, extent: tuple[int, int] | None = None) -> str | None:
    """Why the cells of ``data`` are not in the regular layout, or None when they are.

    Looks at the whole of ``<sheetData>``: about a dozen C-speed searches (0.1-0.3 s for
    60 MB). The readers' own per-cell checks complete it (see the module docstring).

    With ``extent`` (last row, last column: what a sheet read on trust takes from its
    last ``<row>`` and its ``<dimension>``; 0 for no bound) a ``<row>`` numbered past the
    last row, or a cell right of the last column, is a problem too, found in the same pass.
    """
    if lay.problem:
        return lay.problem
    if lay.end <= lay.body:
        return None
    p = lay.prefix
    last_row, last_col = extent or (0, 0)
    if _irregular_tag(p, last_row, last_col).search(data, lay.body, lay.end) is None:  # the usual answer, in one pass
        for needle, what in (
            (b"xmlns", "a namespace declared inside <sheetData>"),
            (b"AlternateContent", "mc:AlternateContent inside <sheetData>"),
        ):
            if data.find(needle, lay.body, lay.end) >= 0:
                return what
        # no comment, CDATA or PI here: each "<" opens a tag that one ">" closes, so as many
        # ">" as "<" leaves none for an attribute value (nor for text: Excel writes &gt;)
        if data.count(b">", lay.body, lay.end) == data.count(b"<", lay.body, lay.end):
            return None
        return "an attribute value holding '>'" if ATTRIBUTE_GT.search(data, lay.body, lay.end) else None
    # something is irregular: the checks one by one, for the reason
    for needle, what in (
        (b"<!", "a comment or CDATA section inside <sheetData>"),
        (b"<?", "a processing instruction inside <sheetData>"),
        (b"xmlns", "a namespace declared inside <sheetData>"),
        (b"AlternateContent", "mc:AlternateContent inside <sheetData>"),
    ):
        if data.find(needle, lay.body, lay.end) >= 0:
            return what
    cells = _count(data, b"<" + p + b"c", lay) - _count(data, b"<" + p + b"co", lay) - _count(data, b"<" + p + b"ch", lay)
    if cells != _count(data, b"<" + p + b'c r="', lay):
        return "a cell whose reference is not its first attribute (or is missing)"
    if re.compile(rb"<" + re.escape(p) + rb'c r="(?![A-Z]{1,3}[1-9][0-9]{0,6}")').search(data, lay.body, lay.end):
        return "a cell reference not written as upper-case A1"
    if _count(data, b"<" + p + b"row", lay) != _count(data, b"<" + p + b'row r="', lay):
        return "a row whose number is not its first attribute (or is missing)"
    if re.compile(rb"<" + re.escape(p) + rb'row r="(?![1-9][0-9]{0,6}")').search(data, lay.body, lay.end):
        return "a row number that is not a plain number"
    if ATTRIBUTE_GT.search(data, lay.body, lay.end):
        return "an attribute value holding '>'"
    if last_row or last_col:  # the one thing left that the tag expression looks for
        return "a row numbered past the last <row>, or a cell right of <dimension>"
    return None


@lru_cache(maxsize=16)
def _irregular_tag(prefix: bytes, last_row: int = 0, last_col: int = 0) -> re.Pattern[bytes]:
    """What any of :func:`layout_problem`'s tag checks would find: a comment, CDATA section
    or processing instruction; a ``<c`` (not ``<co…``/``<ch…``) that does not start with an
    upper-case A1 ``r`` (of a column up to ``last_col``, if given); a ``<row`` that does not
    start with a plain number ``r`` (up to ``last_row``, if given).

    >>> [bool(_irregular_tag(b"").search(x)) for x in (b'<c r="B12" s="1">', b'<c s="1" r="B12">',
    ...     b'<c r="b12">', b'<row r="7">', b'<row spans="1:2" r="7">', b"<!-- -->", b"<cols>")]
    [False, True, True, False, True, True, False]
    >>> [bool(_irregular_tag(b"", 120, 28).search(x)) for x in (b'<c r="AB120">', b'<c r="AC1">',
    ...     b'<c r="BA1">', b'<c r="Z99">', b'<row r="120">', b'<row r="121">', b'<row r="99">')]
    [False, True, True, False, False, True, False]
    """
    p = re.escape(prefix)
    letters = columns_up_to(last_col) if last_col else rb"[A-Z]{1,3}"
    number = _up_to(str(last_row), "1", "0", "9") if last_row else rb"[1-9][0-9]{0,6}"
    return re.compile(
        rb"<(?:!|\?|" + p + rb'c(?!o|h| r="' + letters + rb'[1-9][0-9]{0,6}")|' + p + rb'row(?! r="' + number + rb'"))'
    )


def columns_up_to(n: int) -> bytes:
    """An expression for the letters of columns 1 to ``n`` (``n`` at least 1).

    >>> import re; [bool(re.fullmatch(columns_up_to(28), x)) for x in (b"Z", b"AB", b"AC", b"BA")]
    [True, True, False, False]
    """
    return _up_to(col_letters(n), "A", "A", "Z")


def _up_to(last: str, first_low: str, low: str, high: str) -> bytes:
    """An expression for the strings over ``low``-``high`` (the first character from
    ``first_low``) that come up to ``last`` in its order: shorter ones, or as long and not
    after it (column letters up to ``AB``, row numbers up to ``120``).

    >>> _up_to("AB", "A", "A", "Z"), _up_to("120", "1", "0", "9")
    (b'(?:[A-Z]{1,1}|A[A-A]|AB)', b'(?:[1-9][0-9]{0,1}|1[0-1][0-9]{1}|120)')
    """
    k = len(last)
    alts = [f"[{first_low}-{high}][{low}-{high}]{{0,{k - 2}}}" if first_low != low else f"[{low}-{high}]{{1,{k - 1}}}"] if k > 1 else []
    for i, ch in enumerate(last):
        lo = first_low if i == 0 else low
        if ch > lo:
            rest = f"[{low}-{high}]{{{k - i - 1}}}" if k - i - 1 else ""
            alts.append(re.escape(last[:i]) + f"[{lo}-{chr(ord(ch) - 1)}]" + rest)
    alts.append(re.escape(last))
    return ("(?:" + "|".join(alts) + ")").encode()


#: An attribute value holding ``>`` (legal XML the readers' ``[^>]*`` would cut short). It
#: may also match text such as ``="x>`` in a formula: then the part is only read the slow way.
ATTRIBUTE_GT = re.compile(rb"""=[ \t\r\n]*(?:"[^"<]*>|'[^'<]*>)""")
