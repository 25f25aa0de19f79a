"""The workbook part: sheets, defined names, date system, calculation settings, links.

>>> import io, zipfile
>>> from socroi_xl.xlsx.package import Package
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("[Content_Types].xml", "<Types/>")
...     z.writestr("xl/workbook.xml", '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" '
...         'xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><workbookPr date1904="1"/>'
...         '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
...     z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
...         '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
...         '</Relationships>')
...     z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
>>> info = read_workbook(Package(zipfile.ZipFile(buf), "book.xlsx"))
>>> [(s.name, s.part, s.kind) for s in info.sheets], info.date1904, info.strict
([('Data', 'xl/worksheets/sheet1.xml', 'worksheet')], True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ns
from .package import Package
from .safety import WorkbookError

__all__ = ["DefinedName", "SheetRef", "WorkbookInfo", "read_workbook"]


@dataclass
class SheetRef:
    """One sheet of the workbook, in tab order.

    Attributes
    ----------
    name : str
        The tab name.
    part : str
        Its part, or ``""`` when the relationship is missing or points nowhere.
    kind : str
        ``worksheet``, ``chartsheet``, ``dialogsheet``, ``macrosheet`` or ``""`` (unknown).
    state : str
        ``visible``, ``hidden`` or ``veryHidden``.
    sheet_id : str
        The ``sheetId`` attribute.
    """

    name: str
    part: str
    kind: str
    state: str = "visible"
    sheet_id: str = ""


@dataclass
class DefinedName:
    """A defined name: ``local_sheet`` is the 0-based sheet index of a sheet-scoped name."""

    name: str
    text: str
    local_sheet: int | None = None
    hidden: bool = False


@dataclass
class WorkbookInfo:
    """What the workbook part says.

    Attributes
    ----------
    part : str
        The workbook part name.
    sheets : list of SheetRef
    names : list of DefinedName
    date1904 : bool
        ``<workbookPr date1904="1"/>``: serial 0 is 1 January 1904 (Excel for Mac's old default).
    calc : dict
        The attributes of ``<calcPr>``.
    external_links : list of str
        The external-link parts in ``<externalReferences>`` order: ``[1]`` in a formula
        is the first (``""`` where the relationship is missing).
    shared_strings, styles, metadata : str or None
        Parts related to the workbook (``sheetMetadata`` is ``xl/metadata.xml``).
    strict : bool
        The workbook uses the Strict OOXML namespaces.
    """

    part: str
    sheets: list[SheetRef] = field(default_factory=list)
    names: list[DefinedName] = field(default_factory=list)
    date1904: bool = False
    calc: dict[str, str] = field(default_factory=dict)
    external_links: list[str] = field(default_factory=list)
    shared_strings: str | None = None
    styles: str | None = None
    metadata: str | None = None
    strict: bool = False


def xsd_bool(text: str | None, default: bool = False) -> bool:
    """An ``xsd:boolean`` attribute (``1``/``true``/``0``/``false``)."""
    if text is None:
        return default
    return text.strip().lower() in ("1", "true")


def read_workbook(pkg: Package) -> WorkbookInfo:
    """Read the workbook part of ``pkg``.

    Raises
    ------
    WorkbookError
        The part is missing or not a SpreadsheetML workbook, or a sheet-scoped name
        points at a sheet that does not exist.
    """
    part = pkg.workbook_part
    root = pkg.xml(part)
    uri = ns.namespace(root.tag)
    if ns.local(root.tag) != "workbook" or not ns.is_main(uri):
        raise WorkbookError(pkg.path, f"{part}: not a SpreadsheetML workbook (root element {root.tag!r})")
    info = WorkbookInfo(part=part, strict=uri == ns.MAIN_STRICT)
    rels = {r.id: r for r in pkg.rels(part)}
    pr = ns.main_child(root, "workbookPr")
    if pr is not None:
        info.date1904 = xsd_bool(pr.get("date1904"))  # type: ignore[attr-defined]
    calc = ns.main_child(root, "calcPr")
    if calc is not None:
        info.calc = dict(calc.attrib)  # type: ignore[attr-defined]
    sheets = ns.main_child(root, "sheets")
    for i, el in enumerate(ns.main_children(sheets, "sheet") if sheets is not None else []):
        rel = rels.get(ns.rel_id(el))
        target = rel.target if rel is not None and not rel.external and pkg.has(rel.target) else ""
        kind = ns.SHEET_KINDS.get(rel.kind, "") if rel is not None else ""
        info.sheets.append(
            SheetRef(
                name=el.get("name") or f"Sheet{i + 1}",
                part=(pkg.name(target) or target) if target else "",
                kind=kind,
                state=el.get("state") or "visible",
                sheet_id=el.get("sheetId") or "",
            )
        )
    names = ns.main_child(root, "definedNames")
    for el in ns.main_children(names, "definedName") if names is not None else []:
        local = el.get("localSheetId")
        index = None
        if local is not None:
            try:
                index = int(local)
            except ValueError:
                raise WorkbookError(pkg.path, f"{part}: defined name {el.get('name')!r} has localSheetId {local!r}") from None
            if not 0 <= index < len(info.sheets):
                raise WorkbookError(
                    pkg.path, f"{part}: defined name {el.get('name')!r} belongs to sheet {index}, which does not exist"
                )
        info.names.append(DefinedName(el.get("name") or "", el.text or "", index, xsd_bool(el.get("hidden"))))
    refs = ns.main_child(root, "externalReferences")
    for el in ns.main_children(refs, "externalReference") if refs is not None else []:
        rel = rels.get(ns.rel_id(el))
        ok = rel is not None and not rel.external and pkg.has(rel.target)
        info.external_links.append((pkg.name(rel.target) or "") if ok and rel is not None else "")
    for r in rels.values():
        if r.external or not pkg.has(r.target):
            continue
        name = pkg.name(r.target)
        if r.kind == "sharedStrings" and info.shared_strings is None:
            info.shared_strings = name
        elif r.kind == "styles" and info.styles is None:
            info.styles = name
        elif r.kind == "sheetMetadata" and info.metadata is None:
            info.metadata = name
    return info
