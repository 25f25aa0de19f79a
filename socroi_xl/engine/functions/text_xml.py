"""FILTERXML: data picked out of XML text with an XPath (Excel files it under Web, but it reads
no web: the XML is an argument, often WEBSERVICE's result).

Excel evaluates it with Windows' MSXML: the XPath must select nodes (``//b``, ``//b/@id``,
``/a/b[2]/text()``); an expression that gives a number, text or a logical instead
(``count(//b)``) is ``#VALUE!``, as are XML that is not well-formed, an unknown namespace
prefix, an XPath longer than 1,024 characters and a selection of no node. Each node gives its
text (an element: the text of all it holds, without the surrounding white space); text that
reads as a number is that number, as when typed in a cell. Several nodes are a column.

The XML is parsed as untrusted package parts are (:mod:`socroi_xl.xlsx.xmlsafe`): no DTD, no
entity expansion, no network.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from lxml import etree

from ...xlsx.xmlsafe import XMLError, parse
from ..values import E_VALUE, Err, Grid, num
from .spec import function

#: Longest XPath Excel takes (Microsoft's WorksheetFunction.FilterXML reference).
MAX_XPATH = 1024


def _node_text(node: Any) -> str:
    if isinstance(node, etree._Element):
        return "".join(node.itertext()).strip()
    return str(node)  # an attribute value or a text node (lxml "smart strings")


def _cell(text: str) -> Any:
    try:
        return num(text) if text.strip() else text
    except Err:
        return text


@function("FILTERXML", "text, text", category="text")
def FILTERXML(xml: str, xpath: str) -> Any:
    """Returns the data an XPath selects in XML text (a column when it selects several nodes)."""
    if len(xpath) > MAX_XPATH:
        raise Err(E_VALUE)
    try:
        root = parse(xml.encode("utf-8"), "FILTERXML")
        found = root.getroottree().xpath(xpath)
    except (XMLError, etree.XPathError, ValueError):
        raise Err(E_VALUE) from None
    if not isinstance(found, list) or not found:
        raise Err(E_VALUE)  # not a node set (a number, text, a logical), or no node
    cells = [_cell(_node_text(n)) for n in found]
    if len(cells) == 1:
        return cells[0]
    arr = np.empty((len(cells), 1), dtype=object)
    arr[:, 0] = cells
    return Grid(arr)
