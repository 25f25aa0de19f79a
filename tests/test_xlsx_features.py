"""What the reader tells the evaluator besides cells, and how the writer stores spills.

date1904, hidden rows and columns, dynamic-array marks, external links' cached values, and
:meth:`Sheet.declare_spill` written as Excel 365 stores a dynamic array (``ref`` set, cells
added, cells of the old extent cleared). Packages are hand-made; expected values are
worked out in the comments.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
from lxml import etree

from socroi_xl.engine.package import read_book
from socroi_xl.engine.writer import write_package
from socroi_xl.xlsx.package import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def book_file(path: Path, sheet_xml: str, *, workbook_extra: str = "", wb_rels: str = "", parts: dict[str, str] | None = None) -> Path:
    wb = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_extra}'
        '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets><calcPr/></workbook>'
    )
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{wb_rels}'
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": wb,
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{sheet_xml}</worksheet>',
        **(parts or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def read(path: Path):
    with Package.open(path) as pkg:
        return read_book(pkg)


def test_date1904_and_iso_date_cells(tmp_path):
    # 1904 system: serial 0 is 1 January 1904, so 1904-01-02 is 1 and 1904-01-02 12:00 is 1.5
    sheet = '<sheetData><row r="1"><c r="A1" t="d"><v>1904-01-02T12:00:00</v></c><c r="B1"><f>A1</f></c></row></sheetData>'
    book = read(book_file(tmp_path / "b.xlsx", sheet, workbook_extra='<workbookPr date1904="1"/>'))
    assert book.date1904 is True
    assert book.sheets[0].value(1, 1) == 1.5
    # 1900 system: 2024-01-01 is serial 45292 (Excel's own figure); a time alone is a fraction
    sheet = '<sheetData><row r="1"><c r="A1" t="d"><v>2024-01-01</v></c><c r="B1" t="d"><v>T18:00:00</v></c></row></sheetData>'
    book = read(book_file(tmp_path / "c.xlsx", sheet, workbook_extra='<workbookPr date1904="false"/>'))
    assert book.date1904 is False
    assert book.sheets[0].value(1, 1) == 45292.0 and book.sheets[0].value(2, 1) == 0.75


def test_hidden_rows_columns_and_filter(tmp_path):
    sheet = (
        '<sheetFormatPr defaultRowHeight="15"/><cols><col min="2" max="3" width="9" hidden="1"/><col min="5" max="5" hidden="0"/></cols>'
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2" hidden="1"><c r="A2"><v>2</v></c></row>'
        '<row r="3" hidden="true" ht="0"><c r="A3"><v>3</v></c></row><row r="4" hidden="0"><c r="A4"><v>4</v></c></row></sheetData>'
        '<autoFilter ref="A1:A4"><filterColumn colId="0"><filters><filter val="1"/></filters></filterColumn></autoFilter>'
    )
    s = read(book_file(tmp_path / "h.xlsx", sheet)).sheets[0]
    assert s.hidden_rows.tolist() == [2, 3] and s.hidden_cols.tolist() == [2, 3]
    assert s.rows_hidden_by_default is False and s.autofilter == "A1:A4"
    sheet = '<sheetFormatPr defaultRowHeight="15" zeroHeight="1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    s = read(book_file(tmp_path / "z.xlsx", sheet)).sheets[0]
    assert s.rows_hidden_by_default is True and s.hidden_rows.tolist() == []


METADATA = (
    f'<metadata xmlns="{MAIN}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="2"><metadataType name="XLRICH" minSupportedVersion="120000"/>'
    '<metadataType name="XLDAPR" minSupportedVersion="120000"/></metadataTypes>'
    '<futureMetadata name="XLDAPR" count="2"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
    '<xda:dynamicArrayProperties fDynamic="0" fCollapsed="0"/></ext></extLst></bk>'
    '<bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>'
    "</ext></extLst></bk></futureMetadata>"
    '<cellMetadata count="3"><bk><rc t="2" v="1"/></bk><bk><rc t="2" v="0"/></bk><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>'
)
META_REL = f'<Relationship Id="rIdM" Type="{REL}/sheetMetadata" Target="metadata.xml"/>'


def test_dynamic_array_marks(tmp_path):
    # cm="1" -> type 2 (XLDAPR), block 1: fDynamic="1"; cm="2" -> block 0: fDynamic="0";
    # cm="3" -> type 1 (XLRICH): not a dynamic array; no cm: not one either.
    sheet = (
        '<sheetData><row r="1"><c r="A1" cm="1"><f t="array" ref="A1:A3">SEQUENCE(3)</f><v>1</v></c>'
        '<c r="B1" cm="2"><f t="array" ref="B1">A1</f><v>1</v></c><c r="C1" cm="3"><f>A1</f></c><c r="D1"><f>A1</f></c></row>'
        '<row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row></sheetData>'
    )
    book = read(book_file(tmp_path / "d.xlsx", sheet, wb_rels=META_REL, parts={"xl/metadata.xml": METADATA}))
    fc = book.sheets[0].formulas
    assert fc.dynamic.tolist() == [True, False, False, False]


def test_external_link_cached_values(tmp_path):
    link = (
        f'<externalLink xmlns="{MAIN}" xmlns:r="{REL}"><externalBook r:id="rId1">'
        '<sheetNames><sheetName val="Prices"/><sheetName val="Rates"/></sheetNames>'
        '<sheetDataSet><sheetData sheetId="1"><row r="2"><cell r="B2"><v>1.25</v></cell>'
        '<cell r="C2" t="str"><v>EUR</v></cell><cell r="D2" t="b"><v>1</v></cell><cell r="E2" t="e"><v>#N/A</v></cell></row>'
        "</sheetData></sheetDataSet></externalBook></externalLink>"
    )
    link_rels = f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/externalLinkPath" Target="file:///C:/fx/rates.xlsx" TargetMode="External"/></Relationships>'
    # the workbook part must list the link in <externalReferences> for [1] to mean it
    path = book_file(
        tmp_path / "e.xlsx",
        '<sheetData><row r="1"><c r="A1"><f>[1]Rates!B2*2</f></c></row></sheetData>',
        wb_rels=f'<Relationship Id="rIdE" Type="{REL}/externalLink" Target="externalLinks/externalLink1.xml"/>',
        parts={"xl/externalLinks/externalLink1.xml": link, "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels},
    )
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"<calcPr/>", b'<externalReferences><externalReference r:id="rIdE"/></externalReferences><calcPr/>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    book = read(path)
    ext = book.externals[1]
    assert ext.target == "file:///C:/fx/rates.xlsx" and ext.sheets == ["Prices", "Rates"]
    assert [ext.value("rates", 2, c) for c in (2, 3, 4, 5)] == [1.25, "EUR", True, "#N/A"]
    assert ext.value("Prices", 2, 2) is None


def test_links_without_their_relationships_part_read(tmp_path):
    # as EPPlus's dde.xlsx (Excel-saved): a DDE link and an OLE link whose parts have no
    # _rels part at all, and a linked workbook whose r:id points into a missing _rels part
    ns = f'xmlns="{MAIN}" xmlns:r="{REL}"'
    dde = (f'<externalLink {ns}><ddeLink ddeService="WINROS" ddeTopic="LAST"><ddeItems>'
           '<ddeItem name="ES #F" advise="1"/></ddeItems></ddeLink></externalLink>')
    ole = (f'<externalLink {ns}><oleLink r:id="rId1" progId="Excel.Sheet.12"><oleItems>'
           '<oleItem name="!Quotes!A5" advise="1"/></oleItems></oleLink></externalLink>')
    wbk = (f'<externalLink {ns}><externalBook r:id="rId1"><sheetNames><sheetName val="Rates"/></sheetNames>'
           '<sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>1.25</v></cell></row>'
           "</sheetData></sheetDataSet></externalBook></externalLink>")
    sheet = ('<sheetData><row r="1"><c r="A1"><f>[3]Rates!B2*2</f><v>0</v></c></row>'
             "<row r=\"2\"><c r=\"A2\" t=\"e\"><f>[1]!'ES #F'</f><v>#REF!</v></c></row></sheetData>")
    path = book_file(
        tmp_path / "links.xlsx", sheet,
        workbook_extra="",
        wb_rels="".join(f'<Relationship Id="rIdL{i}" Type="{REL}/externalLink" Target="externalLinks/externalLink{i}.xml"/>' for i in (1, 2, 3)),
        parts={f"xl/externalLinks/externalLink{i}.xml": x for i, x in ((1, dde), (2, ole), (3, wbk))},
    )  # fmt: skip
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    refs = "".join(f'<externalReference r:id="rIdL{i}"/>' for i in (1, 2, 3))
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b"<calcPr/>", f"<externalReferences>{refs}</externalReferences><calcPr/>".encode())
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    book = read(path)
    assert [book.externals[i].kind for i in (1, 2, 3)] == ["ddeLink", "oleLink", "externalBook"]
    assert book.externals[3].target == "" and book.externals[3].value("Rates", 2, 2) == 1.25
    from socroi_xl.engine import recalc_path

    result = recalc_path(path, tmp_path / "out.xlsx")
    got = read(tmp_path / "out.xlsx").sheets[0]
    assert got.value(1, 1) == 2.5  # the cached 1.25 of the linked book, times 2
    # a DDE item is not evaluated: an error in the cell, and a warning that names it
    assert isinstance(got.value(1, 2), str) and got.value(1, 2).startswith("#")
    assert any("A2" in w for w in result.warnings)


SPILL_SHEET = (
    '<sheetData><row r="1"><c r="A1" cm="1"><f t="array" ref="A1:A3">SEQUENCE(N)</f><v>1</v></c><c r="C1"><v>7</v></c></row>'
    '<row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3" s="4"><v>3</v></c></row>'
    '<row r="6"><c r="A6"><v>99</v></c></row></sheetData>'
)


def _write(tmp_path: Path, name: str, declare) -> bytes:
    src = book_file(tmp_path / f"{name}.xlsx", SPILL_SHEET, wb_rels=META_REL, parts={"xl/metadata.xml": METADATA})
    with Package.open(src) as pkg:
        book = read_book(pkg)
        declare(book.sheets[0])
        write_package(pkg.zf, book, {}, tmp_path / f"{name}-out.xlsx")
    with zipfile.ZipFile(tmp_path / f"{name}-out.xlsx") as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    etree.fromstring(xml)
    return xml


def test_a_spill_that_shrinks_clears_the_cells_it_left(tmp_path):
    def declare(sheet):  # the array result is now {10; 20}: A1:A2
        sheet.put(1, 1, np.array([10.0, 20.0]))
        sheet.declare_spill(1, 1, 2, 1)

    xml = _write(tmp_path, "shrink", declare)
    assert b'<c r="A1" cm="1"><f t="array" ref="A1:A2">SEQUENCE(N)</f><v>10</v></c>' in xml
    assert b'<c r="A2"><v>20</v></c>' in xml
    assert b'<c r="A3" s="4"/>' in xml  # left by the spill: value cleared, style kept
    assert b'<c r="A6"><v>99</v></c>' in xml and b'<c r="C1"><v>7</v></c>' in xml


def test_a_spill_that_grows_adds_cells_and_rows(tmp_path):
    def declare(sheet):  # now a 4 x 2 array: A1:B4, values 1..8 row by row
        sheet.put(1, 1, np.array([1.0, 3.0, 5.0, 7.0]))
        sheet.put(2, 1, np.array([2.0, 4.0, 6.0, 8.0]))
        sheet.declare_spill(1, 1, 4, 2)

    xml = _write(tmp_path, "grow", declare)
    assert b'<f t="array" ref="A1:B4">SEQUENCE(N)</f><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>7</v></c>' in xml
    assert b'<row r="3"><c r="A3" s="4"><v>5</v></c><c r="B3"><v>6</v></c></row>' in xml
    assert b'<row r="4"><c r="A4"><v>7</v></c><c r="B4"><v>8</v></c></row><row r="6">' in xml


def test_a_blocked_spill_is_one_cell(tmp_path):
    def declare(sheet):  # #SPILL!: the formula cell alone holds the error, its old cells clear
        sheet.put(1, 1, ["#SPILL!"])
        sheet.declare_spill(1, 1, 1, 1)

    xml = _write(tmp_path, "blocked", declare)
    assert b'<f t="array" ref="A1">SEQUENCE(N)</f><v>#SPILL!</v>' in xml
    assert b'<c r="A2">' not in xml and b'<c r="A3" s="4"/>' in xml


def _registry_workbook(package: str, inner: str) -> Path:
    """A workbook of the registry corpus (scripts/corpus/registry.py: a pinned package, downloaded
    once into the user's cache and sha256-checked; skipped only when SOCROI_CORPUS_OFFLINE is set)."""
    import importlib.util
    import sys

    scripts = Path(__file__).resolve().parents[1] / "scripts" / "corpus"
    if str(scripts) not in sys.path:
        sys.path.insert(0, str(scripts))
    if "socroi_corpus_registry" not in sys.modules:
        spec = importlib.util.spec_from_file_location("socroi_corpus_registry", scripts / "registry.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["socroi_corpus_registry"] = module
        spec.loader.exec_module(module)
    registry = sys.modules["socroi_corpus_registry"]
    return registry.path_of(package, inner, registry.for_tests())


def test_excel_saved_spill_rewritten_in_place(tmp_path):
    """IronCalc's dynamic_arrays.xlsx (Excel 365, from the ironcalc 0.9.1 sdist): D1 ``=A1:A5``
    spilled into D1:D5 (A1:A4 = 1, 2, 3, 4; A5 empty, so 0). Declaring the same extent again with
    those values writes them where Excel had them, and nothing else changes."""
    src = _registry_workbook("ironcalc", "ironcalc-0.9.1/xlsx/tests/dynamic_arrays.xlsx")
    with Package.open(src) as pkg:
        book = read_book(pkg)
        sheet = book.sheets[0]
        sheet.put(4, 1, [1.0, 2.0, 3.0, 4.0, 0.0])
        sheet.declare_spill(1, 4, 5, 4)
        write_package(pkg.zf, book, {}, tmp_path / "out.xlsx")
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(tmp_path / "out.xlsx") as b:
        old, new = a.read("xl/worksheets/sheet1.xml"), b.read("xl/worksheets/sheet1.xml")
    assert new == old
