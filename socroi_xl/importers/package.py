"""The parts of an xlsx package the importer reads and patches, found by relationship.

The importer never loads the workbook into an object model: it reads the few XML parts
it needs (workbook, the sheet holding the ``Campaigns`` table, the table, shared strings),
patches the sheet and table, and copies every other member of the zip unchanged. Charts,
images, pivot caches, styles, names and macros are therefore kept exactly as they were.
"""

from __future__ import annotations

import os
import posixpath
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from ..xl.refs import col_index
from ..xlsx.ns import MAIN, PKG_REL, REL, XM
from ..xlsx.safety import (  # noqa: F401 - re-exported for the importer's modules
    WorkbookError,
    open_package,
    read_member,
    zip_errors,
)

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
class SheetInfo:
    """A worksheet of the workbook: its name, ``sheetId`` and part."""

    name: str
    sheet_id: str
    part: str


@dataclass
class WorkbookInfo:
    """What the importer needs from the workbook part: sheets, global defined names, the
    date system, the calculation chain."""

    part: str
    sheets: list[SheetInfo]
    names: dict[str, str]  # casefolded name -> formula text (global names only)
    date1904: bool
    calc_chain: str | None

    def sheet(self, name: str) -> SheetInfo | None:
        for s in self.sheets:
            if s.name.casefold() == name.casefold():
                return s
        return None


def workbook_info(zf: zipfile.ZipFile, path: str) -> WorkbookInfo:
    """Read the workbook part (sheets, names, settings)."""
    workbook = _workbook_part(zf, path)
    wb = parse(zf, workbook, path)
    pr = wb.find("m:workbookPr", NS)
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    wb_rels = relationships(zf, workbook, path)
    rels = {rid: target for rid, _, target in wb_rels}
    chain = next((t for _, kind, t in wb_rels if kind == CALC_CHAIN_REL and t in zf.NameToInfo),
                 None)
    sheets = []
    for sheet in wb.iterfind("m:sheets/m:sheet", NS):
        part = rels.get(sheet.get(f"{{{REL}}}id", ""))
        if part is not None and part in zf.NameToInfo:
            sheets.append(SheetInfo(sheet.get("name", ""), sheet.get("sheetId", ""), part))
    names = {}
    for dn in wb.iterfind("m:definedNames/m:definedName", NS):
        if dn.get("localSheetId") is None and dn.get("name"):
            names[dn.get("name").casefold()] = (dn.text or "").strip()
    return WorkbookInfo(workbook, sheets, names, date1904, chain)


_CELL_NAME = re.compile(r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!:]+))!"
                        r"\$?(?P<col>[A-Za-z]{1,3})\$?(?P<row>\d+)$")


def named_cell(info: WorkbookInfo, name: str) -> tuple[SheetInfo, int, int] | None:
    """The sheet, row and column of the single cell a global defined name refers to
    (``None`` if the name is missing or is not one cell)."""
    text = info.names.get(name.casefold())
    if not text:
        return None
    m = _CELL_NAME.match(text.lstrip("="))
    if m is None:
        return None
    sheet_name = m.group("quoted").replace("''", "'") if m.group("quoted") else m.group("plain")
    sheet = info.sheet(sheet_name)
    if sheet is None:
        return None
    return sheet, int(m.group("row")), col_index(m.group("col"))


@dataclass
class TablePart:
    """Where a table is: its part, its sheet (part, name, id), the other tables of that
    sheet, and the workbook's date system and calculation chain."""

    table: str
    sheet: str
    sheet_name: str
    sheet_id: str
    date1904: bool
    other_tables: list[str]
    calc_chain: str | None = None


def find_table(zf: zipfile.ZipFile, path: str, name: str, info: WorkbookInfo | None = None,
               *, required: bool = True) -> TablePart | None:
    """Locate the table called ``name`` (case-insensitive, as Excel compares them).

    Raises :class:`WorkbookError` when it is missing and ``required``; else ``None``.
    """
    info = info or workbook_info(zf, path)
    for sheet in info.sheets:
        tables = [t for _, kind, t in relationships(zf, sheet.part, path) if kind == TABLE_REL]
        for t in tables:
            if t not in zf.NameToInfo:
                continue
            root = parse(zf, t, path)
            display = root.get("displayName") or root.get("name") or ""
            if display.casefold() == name.casefold():
                others = [o for o in tables if o != t and o in zf.NameToInfo]
                return TablePart(t, sheet.part, sheet.name, sheet.sheet_id, info.date1904,
                                 others, info.calc_chain)
    if required:
        raise WorkbookError(path, f"no Excel table named {name!r} (is this a socroi workbook?)")
    return None


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


#: A replaced member: its bytes, or a function returning its content block by block.
Content = bytes | Callable[[], Iterator[bytes]]
#: Deflate level of streamed members (large sheets): the engine's trade-off, much faster
#: than the default level for a slightly larger file.
STREAM_LEVEL = 1


def write_package(
    src: zipfile.ZipFile, dst_path: str | os.PathLike[str], replaced: dict[str, Content]
) -> None:
    """Write a copy of ``src`` to ``dst_path`` with the members in ``replaced`` swapped.

    Members keep their order, names, dates and compression; the others are copied with
    their content unchanged. A member given as a function is written as it produces its
    blocks (never held whole), compressed in a second thread while the next block is made.
    """
    with zipfile.ZipFile(dst_path, "w", allowZip64=True) as out:
        for info in src.infolist():
            clone = zipfile.ZipInfo(info.filename, info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            clone.create_system = info.create_system
            clone.comment = info.comment
            content = replaced.get(info.filename)
            if callable(content):
                # zipfile has no public per-member level; ``_compresslevel`` is read by
                # ZipFile.open on Python 3.7-3.13 (3.13 also names it compress_level)
                clone._compresslevel = STREAM_LEVEL
                with out.open(clone, "w", force_zip64=True) as fh:
                    _pipe(content(), fh)
            else:
                data = content if content is not None else read_member(src, info.filename)
                out.writestr(clone, data)


def _pipe(blocks: Iterator[bytes], fh) -> None:
    """Write ``blocks`` to ``fh`` from a second thread (zlib releases the GIL while it
    deflates, so making the next block and compressing this one overlap)."""
    q: queue.Queue = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def drain() -> None:
        while True:
            item = q.get()
            if item is None:
                return
            if failed:
                continue
            try:
                fh.write(item)
            except BaseException as exc:  # handed back to the caller
                failed.append(exc)

    worker = threading.Thread(target=drain, name="socroi-import-deflate", daemon=True)
    worker.start()
    try:
        for block in blocks:
            if failed:
                break
            q.put(block)
    finally:
        q.put(None)
        worker.join()
    if failed:
        raise failed[0]
