"""Rewrite a worksheet's ``<sheetData>`` into the regular layout, with a real XML parser.

For sheet XML the byte readers cannot read exactly (see :mod:`socroi_xl.xlsx.layout`):
pretty-printed or unusually ordered XML, cells or rows without ``r``, comments, CDATA,
processing instructions, namespace declarations below the root, attributes quoted with
``'``. lxml parses ``<sheetData>`` row by row (comments and processing instructions
dropped, CDATA read as text, entities never expanded, memory bounded by one row at a
time), and each row is written back as Excel would write it: the root's prefix,
``r`` first on every row and cell, ``<f>``, ``<v>``, ``<is>``, ``<extLst>`` in the
schema's order, no whitespace between elements (whitespace inside ``<t>`` kept). The
rest of the part — everything before and after ``<sheetData>`` — is kept byte for byte.

A cell's missing reference is the column after the previous cell of its row (the first
column for the first cell); a row's missing number is the row after the previous row,
as ECMA-376 says. Refused, with the reason: ``mc:AlternateContent`` or another element
Excel does not put there inside ``<sheetData>``, a cell reference that is not A1 or lies
outside Excel's grid, two ``<f>``/``<v>``/``<is>`` in one cell.

>>> xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\\n'
...        b'  <sheetData>\\n    <row>\\n      <c t="s"><v>0</v></c>\\n      <c s=\\'1\\'>\\n'
...        b'        <v>2</v><!-- note --><f>A1</f>\\n      </c>\\n    </row>\\n  </sheetData>\\n</worksheet>')
>>> print(normalise(xml, "sheet1.xml").decode())
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><f>A1</f><v>2</v></c></row></sheetData>
</worksheet>
"""

from __future__ import annotations

import io
import re

from lxml import etree

from ..xl.refs import MAX_COL, MAX_ROW, col_index, col_letters
from . import ns
from .layout import layout_problem, locate, to_utf8
from .sheetprops import head_tree
from .xmlsafe import XMLError, parse

__all__ = ["normalise"]

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_CELL_ORDER = {"f": 0, "v": 1, "is": 2, "extLst": 3}


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        .replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    )


class _Writer:
    """Serialises elements with the root's prefixes. A namespace the root does not bind is
    collected in :attr:`extra` and declared on the root element afterwards, so that no
    declaration is left inside ``<sheetData>``."""

    def __init__(self, prefix: str, root_ns: dict[str | None, str], part: str) -> None:
        self.prefix = prefix
        self.part = part
        self.by_uri: dict[str, str] = {}
        for pre, uri in root_ns.items():
            if pre is not None and uri not in self.by_uri:
                self.by_uri[uri] = pre
        self.default = root_ns.get(None)
        self.taken = {pre for pre in root_ns if pre}
        self.extra: dict[str, str] = {}

    def _prefix_of(self, uri: str) -> str:
        pre = self.by_uri.get(uri) or self.extra.get(uri)
        if pre is None:
            k = len(self.extra)
            while f"sx{k}" in self.taken:
                k += 1
            pre = self.extra[uri] = f"sx{k}"
            self.taken.add(pre)
        return pre

    def qname(self, tag: str) -> str:
        uri = ns.namespace(tag)
        name = ns.local(tag)
        if uri is None:
            if self.default is not None:  # an element in no namespace under a default one
                raise XMLError(self.part, f"element <{name}> in no namespace inside <sheetData>")
            return name
        if ns.is_main(uri):
            return self.prefix + name
        if uri == ns.XML:
            return "xml:" + name
        if uri == self.default:
            return name
        return f"{self._prefix_of(uri)}:{name}"

    def attrs(self, el: etree._Element, skip: str | None = None) -> str:
        out = []
        for key, value in el.attrib.items():
            if key == skip:
                continue
            if key.startswith("{"):
                uri = ns.namespace(key) or ""
                name = ns.local(key)
                key = "xml:" + name if uri == ns.XML else f"{self._prefix_of(uri)}:{name}"
            out.append(f' {key}="{_escape_attr(value)}"')
        return "".join(out)

    def element(self, el: etree._Element, keep_text: bool = False) -> str:
        """An element and its subtree; whitespace-only text between elements dropped."""
        name = self.qname(el.tag)
        attrs = self.attrs(el)
        inner = []
        text = el.text or ""
        if text and (keep_text or text.strip()):
            inner.append(_escape_text(text))
        for child in el:
            inner.append(self.element(child, keep_text=ns.local(child.tag) == "t"))
            tail = child.tail or ""
            if tail.strip():
                inner.append(_escape_text(tail))
        if not inner:
            return f"<{name}{attrs}/>"
        return f"<{name}{attrs}>{''.join(inner)}</{name}>"

    def declarations(self) -> bytes:
        return "".join(f' xmlns:{pre}="{_escape_attr(uri)}"' for uri, pre in self.extra.items()).encode()


def normalise(data: bytes, part: str) -> bytes:
    """The worksheet XML with ``<sheetData>`` in the regular layout.

    Raises
    ------
    XMLError
        Not well-formed, or cells the module docstring says are refused.
    """
    data = to_utf8(data)
    lay = locate(data, part, exact=True)
    head_tree(data, lay, part)
    fragment = lay.root_tag + data[lay.start : lay.stop] + b"</" + lay.root_name + b">"
    prefix = lay.prefix.decode()
    try:
        root_ns = parse(lay.root_tag + b"</" + lay.root_name + b">", part).nsmap
    except XMLError:
        raise XMLError(part, "the root element's start tag cannot be read") from None
    writer = _Writer(prefix, dict(root_ns), part)
    out: list[str] = []
    tags = [f"{{{uri}}}{name}" for uri in ns.MAINS for name in ("row", "sheetData")]
    events = etree.iterparse(
        io.BytesIO(fragment),
        events=("end",),
        tag=tags,
        remove_comments=True,
        remove_pis=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        strip_cdata=True,
    )
    last_row = 0
    try:
        for _event, el in events:
            parent = el.getparent()
            if ns.local(el.tag) == "sheetData":
                if parent is None or parent.getparent() is not None:
                    raise XMLError(part, "<sheetData> could not be read")
                for child in el:  # what is left after the last row: elements other than rows
                    if "cleared" not in child.attrib:
                        _check_known(child, "row", part)
                continue
            if parent is None or ns.local(parent.tag) != "sheetData" or not ns.is_main(ns.namespace(parent.tag)):
                for up in el.iterancestors():
                    if ns.local(up.tag) == "AlternateContent":
                        _check_known(up, "row", part)  # refused, naming mc:AlternateContent
                raise XMLError(part, "<row> outside <sheetData>")
            prev = el.getprevious()
            while prev is not None:  # rows already written (cleared), or something else
                if "cleared" not in prev.attrib:
                    _check_known(prev, "row", part)
                del parent[0]
                prev = el.getprevious()
            last_row = _row(writer, el, last_row, out, part)
            el.clear()
            el.attrib["cleared"] = ""  # a marker: written already

    except etree.XMLSyntaxError as exc:
        raise XMLError(part, f"not well-formed XML ({exc})") from None
    body = "".join(out).encode("utf-8")
    head = data[: lay.start]
    if writer.extra:  # declare on the root the namespaces of attributes the root did not bind
        at = lay.root_at + len(lay.root_tag) - 1
        head = head[:at] + writer.declarations() + head[at:]
    result = head + b"<" + lay.prefix + b"sheetData>" + body + b"</" + lay.prefix + b"sheetData>" + data[lay.stop :]
    problem = layout_problem(result, locate(result, part))
    if problem:  # a bug here, never the input's fault
        raise AssertionError(f"{part}: normalised sheet XML still irregular: {problem}")
    return result


def _check_known(el: etree._Element, expected: str, part: str) -> None:
    name = ns.local(el.tag)
    if name == "AlternateContent" and ns.namespace(el.tag) == ns.MC:
        raise XMLError(part, "cells inside mc:AlternateContent in <sheetData> are not supported")
    if name != expected or not ns.is_main(ns.namespace(el.tag)):
        raise XMLError(part, f"unexpected element <{name}> inside <sheetData>")


def _row(writer: _Writer, row: etree._Element, last_row: int, out: list[str], part: str) -> int:
    r_text = row.get("r")
    if r_text is None:
        r = last_row + 1
    else:
        try:
            r = int(r_text.strip())
        except ValueError:
            raise XMLError(part, f"row number {r_text[:20]!r} is not a number") from None
    if not 1 <= r <= MAX_ROW:
        raise XMLError(part, f"row {r} lies outside Excel's grid")
    attrs = writer.attrs(row, "r")
    cells = []
    tail = []
    last_col = 0
    for child in row:
        name = ns.local(child.tag)
        if name == "extLst" and ns.is_main(ns.namespace(child.tag)):
            tail.append(writer.element(child))
            continue
        _check_known(child, "c", part)
        last_col = _cell(writer, child, r, last_col, cells, part)
    p = writer.prefix
    if not cells and not tail:
        out.append(f'<{p}row r="{r}"{attrs}/>')
    else:
        out.append(f'<{p}row r="{r}"{attrs}>{"".join(cells)}{"".join(tail)}</{p}row>')
    return r


def _cell(writer: _Writer, c: etree._Element, row: int, last_col: int, out: list[str], part: str) -> int:
    ref = c.get("r")
    if ref is None:
        col = last_col + 1
    else:
        m = _REF.match(ref.strip())
        if m is None:
            raise XMLError(part, f"cell reference {ref[:20]!r} is not an A1 reference")
        col = col_index(m.group(1).upper())
        row = int(m.group(2))  # the cell's own reference wins, as the byte readers read it
    if not 1 <= col <= MAX_COL:
        raise XMLError(part, f"cell in column {col} of row {row} lies outside Excel's grid")
    where = f"{col_letters(col)}{row}"
    attrs = writer.attrs(c, "r")
    children: dict[str, str] = {}
    for child in c:
        name = ns.local(child.tag)
        if name not in _CELL_ORDER or not ns.is_main(ns.namespace(child.tag)):
            if name == "AlternateContent":
                raise XMLError(part, f"cell {where}: mc:AlternateContent inside a cell is not supported")
            raise XMLError(part, f"cell {where}: unexpected element <{name}>")
        if name in children:
            raise XMLError(part, f"cell {where} has two <{name}> elements")
        if name in ("f", "v"):
            text = child.text or ""
            if len(child):
                raise XMLError(part, f"cell {where}: <{name}> holds elements, not text")
            fa = writer.attrs(child)
            tag = writer.prefix + name
            children[name] = f"<{tag}{fa}>{_escape_text(text)}</{tag}>" if text else f"<{tag}{fa}/>"
        else:
            children[name] = writer.element(child)
    p = writer.prefix
    body = "".join(children[k] for k in sorted(children, key=_CELL_ORDER.__getitem__))
    if body:
        out.append(f'<{p}c r="{where}"{attrs}>{body}</{p}c>')
    else:
        out.append(f'<{p}c r="{where}"{attrs}/>')
    return col
