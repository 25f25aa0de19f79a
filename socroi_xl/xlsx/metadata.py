"""Cell metadata (``xl/metadata.xml``): which cells hold dynamic-array formulas, and which
hold one of Excel 365's newer errors.

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

__all__ = ["RICH_ERROR_TYPES", "dynamic_array_cms", "rich_errors"]

#: Excel 365's errors that older files cannot hold, by the ``errorType`` of an ``_error``
#: rich value: Excel saves such a cell as ``#VALUE!`` with ``vm="N"`` pointing at that rich
#: value (IronCalc's ERROR.TYPE.xlsx, saved by Excel, holds errorType 13 in a cell whose
#: ERROR.TYPE Excel saved as 14, #CALC!, and 8 where it saved 9, #SPILL!).
RICH_ERROR_TYPES = {8: "#SPILL!", 9: "#CONNECT!", 10: "#BLOCKED!", 11: "#UNKNOWN!", 12: "#FIELD!", 13: "#CALC!"}


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


def rich_errors(metadata: bytes, values: bytes, structures: bytes, part: str) -> dict[int, str]:
    """``vm`` value (1-based) → the error its ``_error`` rich value holds.

    ``metadata`` is ``xl/metadata.xml`` (``valueMetadata`` → ``XLRICHVALUE`` future
    metadata → rich value index), ``values`` the rich values (``rdrichvalue.xml``),
    ``structures`` their structures (``rdrichvaluestructure.xml``: ``_error`` with an
    ``errorType`` key). A ``vm`` pointing at anything else is left out.
    """
    meta = parse(metadata, part)
    types_el = ns.main_child(meta, "metadataTypes")
    types = [t.get("name", "") for t in ns.main_children(types_el, "metadataType")] if types_el is not None else []
    rvb: list[int | None] = []
    for future in ns.main_children(meta, "futureMetadata"):
        if future.get("name") == "XLRICHVALUE":
            for bk in ns.main_children(future, "bk"):
                found = [el.get("i") for el in bk.iter() if ns.local(el.tag) == "rvb"]
                rvb.append(int(found[0]) if found and (found[0] or "").isdigit() else None)
    structs = [el for el in parse(structures, part) if ns.local(el.tag) == "s"]
    keys = [[k.get("n") for k in st if ns.local(k.tag) == "k"] for st in structs]
    rvs = [el for el in parse(values, part) if ns.local(el.tag) == "rv"]
    out: dict[int, str] = {}
    vm_el = ns.main_child(meta, "valueMetadata")
    for n, bk in enumerate(ns.main_children(vm_el, "bk") if vm_el is not None else [], start=1):
        for rc in ns.main_children(bk, "rc")[:1]:
            t = _int(rc.get("t"), part, "metadata type")
            v = _int(rc.get("v"), part, "metadata index")
            if not (1 <= t <= len(types) and types[t - 1] == "XLRICHVALUE" and 0 <= v < len(rvb)):
                continue
            i = rvb[v]
            if i is None or i >= len(rvs):
                continue
            s = rvs[i].get("s", "")
            si = int(s) if s.isdigit() else -1
            if not (0 <= si < len(structs)) or structs[si].get("t") != "_error" or "errorType" not in keys[si]:
                continue
            vals = [x.text or "" for x in rvs[i] if ns.local(x.tag) == "v"]
            k = keys[si].index("errorType")
            err = RICH_ERROR_TYPES.get(int(vals[k])) if k < len(vals) and vals[k].strip().isdigit() else None
            if err:
                out[n] = err
    return out
