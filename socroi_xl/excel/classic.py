"""The macro-enabled template for classic xlwings (Excel on Windows): ``socroi new BOOK.xlsm``.

The workbook is the template (the ``.xlsx`` bytes :mod:`socroi_xl.template` makes) turned
into a macro-enabled package by code:

* an ``xlwings.conf`` sheet, last, with ``UDF Modules = socroi_xl.udfs`` and the Python
  interpreter (``Interpreter_Win``: the one running this command when it runs on Windows);
* the workbook's content type for a macro-enabled workbook;
* a VBA project, written by pyOpenVBA (a maintained library for the compound-file and
  MS-OVBA formats), holding the document modules Excel makes for the workbook and its
  sheets, and three standard/class modules:

  - ``xlwings`` and ``Dictionary``: taken unchanged from the VBA project xlwings ships in its
    own standalone quickstart workbook (``xlwings/quickstart_standalone.xlsm``), so the
    workbook needs neither the xlwings add-in nor a VBA reference to it;
  - ``xlwings_udfs``: the SOCROI wrappers xlwings' ``generate_vba_wrapper`` writes
    (:mod:`socroi_xl.excel.wrappers`), so no "Import Functions" step is needed.

The xlwings VBA module carries the xlwings version it belongs to; it matches the xlwings
package installed beside socroi-xl, which is the one Excel will call.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from .wrappers import MODULE_NAME, wrapper_source

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET_REL = f"{REL}/worksheet"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
#: The workbook part's content type in an .xlsx and in an .xlsm.
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CONF_SHEET = "xlwings.conf"
UDF_MODULE = "socroi_xl.udfs"
#: The modules taken from xlwings' own standalone VBA project, by name.
XLWINGS_MODULES = ("xlwings", "Dictionary")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class ConfEntry:
    """One row of the ``xlwings.conf`` sheet: xlwings' key, its value, what it is for."""

    key: str
    value: str


def default_interpreter() -> str:
    """The Python that runs this command, as xlwings' ``Interpreter_Win`` wants it (Windows:
    ``pythonw.exe`` beside ``python.exe`` when there is one); empty elsewhere, where xlwings
    then uses ``pythonw`` from the PATH."""
    if not sys.platform.startswith("win"):
        return ""
    exe = Path(sys.executable)
    windowless = exe.with_name("pythonw.exe")
    return str(windowless if windowless.exists() else exe)


def conf_entries(interpreter: str | None = None) -> list[ConfEntry]:
    """The settings the workbook carries for xlwings."""
    return [
        ConfEntry("Interpreter_Win", default_interpreter() if interpreter is None else interpreter),
        ConfEntry("UDF Modules", UDF_MODULE),
    ]


def xlwings_modules() -> list[tuple[str, str, object]]:
    """(name, source, kind) of the modules of xlwings' own standalone VBA project that the
    workbook carries, read from the workbook xlwings ships."""
    import xlwings
    from pyopenvba import ExcelFile

    shipped = Path(xlwings.__file__).with_name("quickstart_standalone.xlsm")
    with ExcelFile(shipped) as wb:
        project = wb.vba_project()
        found = {m.name: m for m in project.modules}
    missing = [n for n in XLWINGS_MODULES if n not in found]
    if missing:
        raise RuntimeError(f"{shipped} has no VBA module {', '.join(missing)}: this xlwings version is not supported")
    return [(n, found[n].source, found[n].kind) for n in XLWINGS_MODULES]


def xlsm_bytes(xlsx: bytes, interpreter: str | None = None) -> bytes:
    """The macro-enabled workbook made from the ``.xlsx`` package ``xlsx``."""
    from pyopenvba import ExcelFile

    package = with_conf_sheet(xlsx, conf_entries(interpreter))
    with tempfile.TemporaryDirectory(prefix="socroi-xlsm-") as tmp:
        src, dst = Path(tmp) / "book.xlsm", Path(tmp) / "out.xlsm"
        src.write_bytes(package)
        with ExcelFile(src) as wb:
            project = wb.add_vba_project()
            for name, source, kind in xlwings_modules():
                project.add_module(name, source, kind=kind)
            project.add_module(MODULE_NAME, wrapper_source(UDF_MODULE, "book.xlsm"))
            wb.save(dst)
        return dst.read_bytes()


def write_xlsm(path: str | Path, xlsx: bytes, interpreter: str | None = None) -> Path:
    """Write the macro-enabled workbook made from ``xlsx`` to ``path`` (atomically)."""
    from ..atomic import write_bytes

    return write_bytes(path, xlsm_bytes(xlsx, interpreter))


# --- the package edits -----------------------------------------------------------------------


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def conf_sheet_xml(entries: list[ConfEntry]) -> bytes:
    """The ``xlwings.conf`` worksheet: keys in column A, values in column B, from row 1
    (xlwings reads A1 downwards to the first empty cell)."""
    ws = etree.Element(f"{{{MAIN}}}worksheet", nsmap={None: MAIN})
    cols = etree.SubElement(ws, f"{{{MAIN}}}cols")
    for i, width in ((1, "20"), (2, "60")):
        etree.SubElement(cols, f"{{{MAIN}}}col", min=str(i), max=str(i), width=width, customWidth="1")
    data = etree.SubElement(ws, f"{{{MAIN}}}sheetData")
    for r, entry in enumerate(entries, start=1):
        row = etree.SubElement(data, f"{{{MAIN}}}row", r=str(r))
        for col, text in (("A", entry.key), ("B", entry.value)):
            if not text:
                continue
            c = etree.SubElement(row, f"{{{MAIN}}}c", r=f"{col}{r}", t="inlineStr")
            t = etree.SubElement(etree.SubElement(c, f"{{{MAIN}}}is"), f"{{{MAIN}}}t")
            t.text = text
    return _bytes(ws)


def with_conf_sheet(xlsx: bytes, entries: list[ConfEntry]) -> bytes:
    """``xlsx`` with an ``xlwings.conf`` sheet appended and the macro-enabled content type."""
    with zipfile.ZipFile(_bytes_io(xlsx)) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
        order = [i.filename for i in zf.infolist()]
    workbook_part = "xl/workbook.xml"
    rels_part = "xl/_rels/workbook.xml.rels"
    workbook, rels, types = _xml(parts[workbook_part]), _xml(parts[rels_part]), _xml(parts["[Content_Types].xml"])
    sheets = workbook.find(f"{{{MAIN}}}sheets")
    if any(s.get("name", "").lower() == CONF_SHEET for s in sheets):
        raise ValueError(f"the workbook already has a sheet named {CONF_SHEET}")
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in parts:
        number += 1
    part = f"xl/worksheets/sheet{number}.xml"
    ids = {r.get("Id") for r in rels}
    rid = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
    etree.SubElement(rels, f"{{{PKG_REL}}}Relationship", Id=rid, Type=WORKSHEET_REL,
                     Target=str(PurePosixPath(part).relative_to("xl")))
    sheet_id = max((int(s.get("sheetId", "0")) for s in sheets), default=0) + 1
    etree.SubElement(sheets, f"{{{MAIN}}}sheet", {"name": CONF_SHEET, "sheetId": str(sheet_id), f"{{{REL}}}id": rid})
    etree.SubElement(types, f"{{{CT}}}Override", PartName=f"/{part}", ContentType=WORKSHEET_TYPE)
    for override in types.iter(f"{{{CT}}}Override"):
        if override.get("PartName") == f"/{workbook_part}":
            override.set("ContentType", XLSM_MAIN)
    parts.update({workbook_part: _bytes(workbook), rels_part: _bytes(rels),
                  "[Content_Types].xml": _bytes(types), part: conf_sheet_xml(entries)})
    out = _bytes_io()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in [*order, part]:
            zf.writestr(name, parts[name])
    return out.getvalue()


def _bytes_io(data: bytes = b""):  # noqa: ANN202
    import io

    return io.BytesIO(data)
