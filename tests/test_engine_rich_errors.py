"""Excel 365's newer errors typed into cells are read as what they are.

Excel cannot store ``#CALC!`` or ``#SPILL!`` as a cell's error text (older versions know
only the first seven): it saves ``#VALUE!`` with ``vm="N"``, which points through
``xl/metadata.xml`` at an ``_error`` rich value holding the real one. IronCalc's
``xlsx/tests/calc_tests/INFORMATION/ERROR.TYPE.xlsx`` (ironcalc sdist 0.9.1, saved by
Excel) has two such cells: A8 (rich value errorType 13) and A14 (errorType 8), and Excel
saved ``=ERROR.TYPE(A8)`` as 14 (#CALC!) and ``=ERROR.TYPE(A14)`` as 9 (#SPILL!). The
metadata and rich-value parts below are that file's, byte for byte; the sheet is cut down.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from socroi_xl.engine import evaluate

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RD = "http://schemas.microsoft.com/office/2017/06/relationships"

METADATA = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"><metadataTypes count="1">'
    '<metadataType name="XLRICHVALUE" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" '
    'splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1"/></metadataTypes>'
    '<futureMetadata name="XLRICHVALUE" count="2"><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}">'
    '<xlrd:rvb i="0"/></ext></extLst></bk><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}">'
    '<xlrd:rvb i="1"/></ext></extLst></bk></futureMetadata><valueMetadata count="2"><bk><rc t="1" v="0"/></bk>'
    '<bk><rc t="1" v="1"/></bk></valueMetadata></metadata>'
)
RICH_VALUES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<rvData xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" count="2"><rv s="0"><v>13</v>'
    "<v>0</v></rv><rv s=\"0\"><v>8</v><v>0</v></rv></rvData>"
)
STRUCTURES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<rvStructures xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" count="1"><s t="_error">'
    '<k n="errorType" t="i"/><k n="subType" t="i"/></s></rvStructures>'
)


def _book(path: Path, with_rich_parts: bool = True) -> Path:
    rows = (
        '<row r="8"><c r="A8" t="e" vm="1"><v>#VALUE!</v></c><c r="B8"><f>ERROR.TYPE(A8)</f><v>0</v></c></row>'
        '<row r="9"><c r="A9" t="e"><v>#VALUE!</v></c><c r="B9"><f>ERROR.TYPE(A9)</f><v>0</v></c></row>'
        '<row r="14"><c r="A14" t="e" vm="2"><v>#VALUE!</v></c><c r="B14"><f>ERROR.TYPE(A14)</f><v>0</v></c>'
        '<c r="C14"><f>ISERROR(A14)</f><v>0</v></c></row>'
    )
    rels = f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
    if with_rich_parts:
        rels += (
            f'<Relationship Id="rId5" Type="{R}/sheetMetadata" Target="metadata.xml"/>'
            f'<Relationship Id="rId6" Type="{RD}/rdRichValue" Target="richData/rdrichvalue.xml"/>'
            f'<Relationship Id="rId7" Type="{RD}/rdRichValueStructure" Target="richData/rdrichvaluestructure.xml"/>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{R}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        zf.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>')
        if with_rich_parts:
            zf.writestr("xl/metadata.xml", METADATA)
            zf.writestr("xl/richData/rdrichvalue.xml", RICH_VALUES)
            zf.writestr("xl/richData/rdrichvaluestructure.xml", STRUCTURES)
    return path


def _values(path: Path) -> dict[str, object]:
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def test_error_cells_pointing_at_error_rich_values_are_those_errors(tmp_path):
    got = _values(_book(tmp_path / "rich.xlsx"))
    assert got["B8"] == 14  # Excel saved 14: #CALC!
    assert got["B14"] == 9  # Excel saved 9: #SPILL!
    assert got["B9"] == 3  # a plain #VALUE! stays #VALUE!
    assert got["C14"] is True


def test_without_the_rich_value_parts_the_saved_error_is_read(tmp_path):
    got = _values(_book(tmp_path / "plain.xlsx", with_rich_parts=False))
    assert got["B8"] == 3 and got["B14"] == 3  # #VALUE!, what the cell says
