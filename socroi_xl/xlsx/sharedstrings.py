"""The shared-string table (``xl/sharedStrings.xml``) as an array of text.

The part is first checked by a real XML parser (well-formed, no DTD). When it is laid out
as Excel, LibreOffice and openpyxl write it (no comments, CDATA or processing
instructions, no namespace declared below the root), the strings are cut out with
regular expressions, which is three times faster than building a tree; otherwise the tree
is walked. Either way rich-text runs are joined and phonetic runs (``rPh``) left out, as
Excel shows the text.

>>> read_shared_strings(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
...     b'<si><t>a &amp; b</t></si><si><r><t>bold</t></r><r><t xml:space="preserve"> run</t></r>'
...     b'<rPh sb="0" eb="1"><t>ignored</t></rPh></si><si/></sst>', "sst.xml").tolist()
['a & b', 'bold run', '']
"""

from __future__ import annotations

import re

import numpy as np
from lxml import etree

from . import ns
from .layout import ATTRIBUTE_GT
from .text import unescape, unescape_x
from .xmlsafe import XMLError, check_well_formed, parse

__all__ = ["read_shared_strings"]

_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sst\b([^>]*)>")


def _regexes(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    p = re.escape(prefix)
    si = re.compile(rb"<" + p + rb"si>(.*?)</" + p + rb"si>|<" + p + rb"si/>", re.S)
    t = re.compile(rb"<" + p + rb"t(?:\s[^>]*)?>([^<]*)</" + p + rb"t>|<" + p + rb"t\s*/>")
    rph = re.compile(rb"<" + p + rb"rPh\b.*?</" + p + rb"rPh>|<" + p + rb"rPh\b[^>]*/>", re.S)
    return si, t, rph


def _by_regex(data: bytes) -> list[str] | None:
    """The strings, or None when the layout is not one the expressions read exactly."""
    m = _ROOT.search(data)
    if m is None:
        return None
    body = data[m.end() :]
    if b"<!" in body or b"<?" in body or b"xmlns" in body or ATTRIBUTE_GT.search(body):
        return None
    prefix = (m.group(1) + b":") if m.group(1) else b""
    declared = re.search(rb"xmlns" + (b":" + m.group(1) if m.group(1) else b"") + rb"\s*=\s*[\"']([^\"']*)[\"']", m.group(2))
    if declared is None or declared.group(1).decode() not in ns.MAINS:
        return None
    si, t_re, rph = _regexes(prefix)
    out: list[str] = []
    found = 0
    for hit in si.finditer(body):
        found += 1
        inner = hit.group(1)
        if not inner:
            out.append("")
            continue
        if b"<" + prefix + b"rPh" in inner:
            inner = rph.sub(b"", inner)
        parts = t_re.findall(inner)
        out.append(unescape(parts[0]) if len(parts) == 1 else "".join(unescape(x) for x in parts if x))
    # every <si> element must have been matched (an "<si >" with a space would not be)
    if found != body.count(b"<" + prefix + b"si>") + body.count(b"<" + prefix + b"si/>") or body.count(b"<" + prefix + b"si") != found:
        return None
    return out


def _by_tree(root: etree._Element) -> list[str]:
    out = []
    for si in root:
        if ns.local(si.tag) != "si" or not ns.is_main(ns.namespace(si.tag)):
            continue
        parts = []
        for el in si.iter():
            if ns.local(el.tag) == "t" and ns.is_main(ns.namespace(el.tag)):
                parent = el.getparent()
                if parent is not None and ns.local(parent.tag) == "rPh":
                    continue
                parts.append(el.text or "")
        out.append(unescape_x("".join(parts)))
    return out


def read_shared_strings(data: bytes, part: str) -> np.ndarray:
    """The shared strings of ``data`` (the bytes of ``part``) as an object array of ``str``.

    Raises
    ------
    XMLError
        Not well-formed, a DTD, or not a shared-string table.
    """
    check_well_formed(data, part)
    strings = _by_regex(data)
    if strings is None:
        root = parse(data, part)
        if ns.local(root.tag) != "sst" or not ns.is_main(ns.namespace(root.tag)):
            raise XMLError(part, f"not a shared-string table (root element {root.tag!r})")
        strings = _by_tree(root)
    arr = np.empty(len(strings), dtype=object)
    arr[:] = strings
    return arr
