"""Cell metadata (``xl/metadata.xml``): which cells hold dynamic-array formulas.

Excel 365 stores a formula that spills as an array formula (``<f t="array" ref="A1:A5">``)
whose cell carries ``cm="N"``: the N-th ``<bk>`` of ``<cellMetadata>``, whose ``<rc t v>``
names metadata type ``t`` (1-based) — ``XLDAPR``, the dynamic-array properties — and the
``v``-th (0-based) block of ``<futureMetadata name="XLDAPR">``, holding
``<xda:dynamicArrayProperties fDynamic="1">``.

>>> xml = (b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
...     b'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
...     b'<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000"/></metadataTypes>'
...     b'<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
...     b'<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>'
...     b'<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>')
>>> dynamic_array_cms(xml, "xl/metadata.xml")
{1}
"""

from __future__ import annotations

from . import ns
from .xmlsafe import XMLError, parse

__all__ = ["dynamic_array_cms"]


def _int(text: str | None, part: str, what: str) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise XMLError(part, f"{what} {str(text)[:20]!r} is not a number") from None


def dynamic_array_cms(data: bytes, part: str) -> set[int]:
    """The ``cm`` values (1-based) that mark a cell's formula as a dynamic array."""
    root = parse(data, part)
    types_el = ns.main_child(root, "metadataTypes")
    types = [t.get("name", "") for t in ns.main_children(types_el, "metadataType")] if types_el is not None else []
    dynamic_blocks: list[bool] = []
    for future in ns.main_children(root, "futureMetadata"):
        if future.get("name") != "XLDAPR":
            continue
        for bk in ns.main_children(future, "bk"):
            flag = False
            for el in bk.iter():
                if ns.local(el.tag) == "dynamicArrayProperties":
                    flag = (el.get("fDynamic") or "0").strip().lower() in ("1", "true")
            dynamic_blocks.append(flag)
    out: set[int] = set()
    cells = ns.main_child(root, "cellMetadata")
    for i, bk in enumerate(ns.main_children(cells, "bk") if cells is not None else [], start=1):
        for rc in ns.main_children(bk, "rc"):
            t = _int(rc.get("t"), part, "metadata type")
            v = _int(rc.get("v"), part, "metadata index")
            if 1 <= t <= len(types) and types[t - 1] == "XLDAPR" and 0 <= v < len(dynamic_blocks) and dynamic_blocks[v]:
                out.add(i)
    return out
