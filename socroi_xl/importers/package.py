"""The parts of an xlsx package the importer reads and patches, found by relationship.

The importer never loads the workbook into an object model: it reads the few XML parts
it needs (workbook, the sheet holding the ``Campaigns`` table, the table, shared strings),
patches the sheet and table, and copies every other member of the zip unchanged. Charts,
images, pivot caches, styles, names and macros are therefore kept exactly as they were.
"""

from __future__ import annotations

import os
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..engine.safety import WorkbookError, read_member

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
NS = {"m": MAIN, "r": REL, "pr": PKG_REL, "xm": XM}
TABLE_REL = REL + "/table"

#: No DTDs, no entities, no network: workbook XML is untrusted input.
PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_blank_text=False
)


def q(tag: str) -> str:
    """``{main namespace}tag``."""
    return f"{{{MAIN}}}{tag}"


def parse(zf: zipfile.ZipFile, name: str, path: str) -> etree._Element:
    """Parse member ``name`` of the package at ``path`` (a :class:`WorkbookError` if broken)."""
    data = read_member(zf, name)
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise WorkbookError(path, f"{name} is not well-formed XML ({exc})") from None


def serialize(root: etree._Element) -> bytes:
    """The XML text of a patched part, with the declaration Excel writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def relationships(zf: zipfile.ZipFile, part: str, path: str) -> list[tuple[str, str, str]]:
    """``(id, type, target part)`` of each internal relationship of ``part``."""
    name = _rels_name(part)
    if name not in zf.NameToInfo:
        return []
    root = parse(zf, name, path)
    out = []
    for rel in root.iterfind("pr:Relationship", NS):
        if rel.get("TargetMode") == "External":
            continue
        out.append((rel.get("Id", ""), rel.get("Type", ""), _resolve(part, rel.get("Target", ""))))
    return out


CALC_CHAIN_REL = REL + "/calcChain"


@dataclass
class TablePart:
    """Where the table is: its part, its sheet's part, name and id, the workbook settings
    and the calculation chain (``None`` if the package has none)."""

    table: str
    sheet: str
    sheet_name: str
    sheet_id: str
    date1904: bool
    other_tables: list[str]
    calc_chain: str | None = None


def find_table(zf: zipfile.ZipFile, path: str, name: str) -> TablePart:
    """Locate the table called ``name`` (case-insensitive, as Excel compares them)."""
    workbook = _workbook_part(zf, path)
    wb = parse(zf, workbook, path)
    pr = wb.find("m:workbookPr", NS)
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    wb_rels = relationships(zf, workbook, path)
    rels = {rid: target for rid, _, target in wb_rels}
    chain = next((t for _, kind, t in wb_rels if kind == CALC_CHAIN_REL and t in zf.NameToInfo),
                 None)
    for sheet in wb.iterfind("m:sheets/m:sheet", NS):
        part = rels.get(sheet.get(f"{{{REL}}}id", ""))
        if part is None or part not in zf.NameToInfo:
            continue
        tables = [t for _, kind, t in relationships(zf, part, path) if kind == TABLE_REL]
        for t in tables:
            if t not in zf.NameToInfo:
                continue
            root = parse(zf, t, path)
            display = root.get("displayName") or root.get("name") or ""
            if display.casefold() == name.casefold():
                others = [o for o in tables if o != t and o in zf.NameToInfo]
                return TablePart(t, part, sheet.get("name", ""), sheet.get("sheetId", ""),
                                 date1904, others, chain)
    raise WorkbookError(path, f"no Excel table named {name!r} (is this a socroi workbook?)")


def move_in_calc_chain(root: etree._Element, sheet_id: str, moves: dict[str, str]) -> bool:
    """Rename cells of sheet ``sheet_id`` in a calcChain part; True if any entry changed.

    Entries without ``i`` belong to the sheet of the entry before them.
    """
    changed = False
    current = ""
    for c in root.iterfind("m:c", NS):
        current = c.get("i", current)
        if current == sheet_id and c.get("r") in moves:
            c.set("r", moves[c.get("r")])
            changed = True
    return changed


def _workbook_part(zf: zipfile.ZipFile, path: str) -> str:
    for _, kind, target in relationships(zf, "", path):
        if kind.endswith("/officeDocument"):
            return target
    if "xl/workbook.xml" in zf.NameToInfo:
        return "xl/workbook.xml"
    raise WorkbookError(path, "no workbook part in the package")


def write_package(
    src: zipfile.ZipFile, dst_path: str | os.PathLike[str], replaced: dict[str, bytes]
) -> None:
    """Write a copy of ``src`` to ``dst_path`` with the members in ``replaced`` swapped.

    Members keep their order, names, dates and compression; the others are copied with
    their content unchanged.
    """
    with zipfile.ZipFile(dst_path, "w", allowZip64=True) as out:
        for info in src.infolist():
            data = replaced[info.filename] if info.filename in replaced else read_member(
                src, info.filename
            )
            clone = zipfile.ZipInfo(info.filename, info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            clone.create_system = info.create_system
            clone.comment = info.comment
            out.writestr(clone, data)
