"""The xlsx layer reads every valid layout of a worksheet the same way, and refuses the rest.

Each package here is written by hand, byte by byte, in one of the ways a valid file can
be laid out (prefixes, Strict, pretty-printing, missing references, comments, CDATA,
UTF-16, attribute order and quoting…). Whatever the layout, the same cells must be read
and the same formulas recalculated; the expected values are computed by hand in the
comments. Broken files must be refused with a one-line :class:`WorkbookError`, never
read halfway.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from socroi_xl.engine import WorkbookError, evaluate, recalc_path
from socroi_xl.engine.package import read_book
from socroi_xl.xlsx.package import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def package(
    path: Path,
    sheets: list[bytes],
    *,
    sst: list[str] | bytes | None = None,
    strict: bool = False,
    workbook_extra: bytes = b"",
    parts: dict[str, bytes] | None = None,
    names: dict[str, str] | None = None,
    rename: dict[str, str] | None = None,
) -> Path:
    """A minimal xlsx: sheets ``Sheet1``… with the given worksheet XML."""
    main, rel = (STRICT, REL_STRICT) if strict else (MAIN, REL)
    sheet_list = "".join(f'<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
    wb = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'.encode()
    wb += workbook_extra + f"<sheets>{sheet_list}</sheets>".encode() + b"<calcPr/></workbook>"
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1)
    )
    if sst is not None:
        rels += f'<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
    overrides += "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    if sst is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
    members = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + overrides.encode() + b"</Types>",
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'.encode(),
        "xl/workbook.xml": wb,
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>'.encode(),
    }
    for i, xml in enumerate(sheets, start=1):
        members[f"xl/worksheets/sheet{i}.xml"] = xml
    if isinstance(sst, list):
        items = "".join(f"<si><t>{s}</t></si>" for s in sst)
        members["xl/sharedStrings.xml"] = f'<sst xmlns="{main}">{items}</sst>'.encode()
    elif isinstance(sst, bytes):
        members["xl/sharedStrings.xml"] = sst
    members.update(parts or {})
    for old, new in (rename or {}).items():
        members[new] = members.pop(old)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def sheet(body: str, ns: str = MAIN, prefix: str = "", head: str = "", tail: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    decl = f'xmlns:{prefix}="{ns}"' if prefix else f'xmlns="{ns}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {decl}>{head}'
        f"<{p}sheetData>{body}</{p}sheetData>{tail}</{p}worksheet>"
    ).encode()


def values(path: Path) -> dict[str, object]:
    """Formula cell → value computed by the engine."""
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def well_formed(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))


# The same little sheet in every layout. A1 = 2, A2 = 3 (numbers); B1 = shared string 0
# "alpha"; B2 = inline string "be&ta". C1 = A1*10 = 20, C2 = A2*10 = 30,
# D2 = B1&B2 = "alphabe&ta", E2 = SUM(A1:A2) = 5.
EXPECTED = {"C1": 20.0, "C2": 30.0, "D2": "alphabe&ta", "E2": 5.0}
REGULAR = (
    '<row r="1"><c r="A1"><v>2</v></c><c r="B1" t="s"><v>0</v></c><c r="C1"><f>A1*10</f><v>0</v></c></row>'
    '<row r="2"><c r="A2"><v>3</v></c><c r="B2" t="inlineStr"><is><t>be&amp;ta</t></is></c>'
    '<c r="C2"><f>A2*10</f><v>0</v></c><c r="D2" t="str"><f>B1&amp;B2</f><v></v></c><c r="E2"><f>SUM(A1:A2)</f></c></row>'
)

LAYOUTS = {
    "regular": sheet(REGULAR),
    "prefixed": sheet(re.sub(r"<(/?)(row|c|v|f|is|t)\b", r"<\1x:\2", REGULAR), prefix="x"),
    "pretty-printed": sheet(
        "\n    " + REGULAR.replace("<row", "\n  <row").replace("<c ", "\n      <c ").replace("<v>", "\n        <v>")
        .replace("<f>", "\n        <f>").replace("</c>", "\n      </c>").replace("</row>", "\n  </row>") + "\n  "
    ),
    "no references": sheet(re.sub(r' r="[A-Z]*[0-9]+"', "", REGULAR)),
    "attributes reordered and single-quoted": sheet(
        REGULAR.replace('<c r="B1" t="s">', "<c t='s' r='B1'>").replace('<c r="A2">', "<c s = '0' r = 'A2' >")
    ),
    "value before formula": sheet(REGULAR.replace("<f>A1*10</f><v>0</v>", "<v>0</v><f>A1*10</f>")),
    "comments, instructions and a cell inside a comment": sheet(
        "<!-- <row r=\"1\"><c r=\"A1\"><v>99</v></c></row> -->"
        + REGULAR.replace('<c r="A2">', '<?pi x?><c r="A2"><!-- <v>98</v> -->')
    ),
    "CDATA": sheet(REGULAR.replace("<v>2</v>", "<v><![CDATA[2]]></v>").replace("<t>be&amp;ta</t>", "<t><![CDATA[be&ta]]></t>")),
    "character references": sheet(REGULAR.replace("<v>2</v>", "<v>&#50;</v>").replace("<v>3</v>", "<v> 3 </v>")),
    "rows out of order": sheet(
        REGULAR.split("</row>")[1] + "</row>" + REGULAR.split("</row>")[0] + "</row>"
    ),
    "UTF-16": sheet(REGULAR).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
    "UTF-8 byte-order mark": b"\xef\xbb\xbf" + sheet(REGULAR),
    "namespace declared on a row": sheet(
        REGULAR.replace('<row r="2">', f'<y:row xmlns:y="{MAIN}" r="2">').replace("</c></row>", "</c></y:row>").replace(
            "</c></y:row><y:row", "</c></row><y:row"
        )
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_reads_the_same_cells_and_recalculates(tmp_path, layout):
    src = package(tmp_path / "in.xlsx", [LAYOUTS[layout]], sst=["alpha"])
    assert values(src) == EXPECTED
    out = tmp_path / "out.xlsx"
    result = recalc_path(src, out)
    assert result.formulas == 4 and result.errors == 0 and result.warnings == []
    well_formed(out)
    ws = openpyxl.load_workbook(out, data_only=True).active
    assert [ws["C1"].value, ws["C2"].value, ws["D2"].value, ws["E2"].value] == [20, 30, "alphabe&ta", 5]
    assert openpyxl.load_workbook(out).active["D2"].value == "=B1&B2"  # formulas kept
    assert values(out) == EXPECTED  # and our own output reads back the same


def test_prefixed_output_keeps_its_prefix_and_regular_output_is_untouched_elsewhere(tmp_path):
    src = package(tmp_path / "in.xlsx", [LAYOUTS["prefixed"]], sst=["alpha"])
    recalc_path(src, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    assert b"<x:c r=\"C1\"><x:f>A1*10</x:f><x:v>20</x:v></x:c>" in xml
    assert b"<c " not in xml and b"<v>" not in xml


def test_strict_workbook(tmp_path):
    """Strict OOXML: every part in the purl.oclc.org namespaces, read and written back so."""
    src = package(tmp_path / "in.xlsx", [sheet(REGULAR, ns=STRICT)], sst=["alpha"], strict=True)
    assert values(src) == EXPECTED
    recalc_path(src, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
        wb = zf.read("xl/workbook.xml")
    assert STRICT.encode() in xml and MAIN.encode() not in xml
    assert b'<c r="C2"><f>A2*10</f><v>30</v></c>' in xml and b'fullCalcOnLoad="1"' in wb


def test_a_normalised_sheet_keeps_everything_outside_its_cells(tmp_path):
    head = '<sheetPr><tabColor rgb="FF00FF00"/></sheetPr><dimension ref="A1:E2"/><cols><col min="1" max="2" width="30" customWidth="1"/></cols>'
    tail = '<!-- a note --><mergeCells count="1"><mergeCell ref="F1:G1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    xml = sheet(LAYOUTS["no references"].decode().split("<sheetData>")[1].split("</sheetData>")[0], head=head, tail=tail)
    src = package(tmp_path / "in.xlsx", [xml], sst=["alpha"])
    recalc_path(src, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as zf:
        out = zf.read("xl/worksheets/sheet1.xml").decode()
    assert out.split("<sheetData>")[0] == xml.decode().split("<sheetData>")[0]
    assert out.split("</sheetData>")[1] == xml.decode().split("</sheetData>")[1]
    assert '<c r="C1"><f>A1*10</f><v>20</v></c>' in out


def test_rich_text_and_phonetic_runs(tmp_path):
    """Rich-text runs are joined; phonetic (rPh) runs are not part of the text, as Excel shows it."""
    body = (
        '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/><family val="2"/></rPr><t>Bold</t></r>'
        '<r><t xml:space="preserve"> and _x0041_</t></r><rPh sb="0" eb="1"><t>ボ</t></rPh></is></c>'
        '<c r="B1" t="s"><v>0</v></c><c r="C1" t="str"><f>A1&amp;"|"&amp;B1</f><v></v></c></row>'
    )
    sst = f'<sst xmlns="{MAIN}"><si><r><t>shared </t></r><r><t>rich</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si></sst>'.encode()
    src = package(tmp_path / "in.xlsx", [sheet(body)], sst=sst)
    # "Bold" + " and " + _x0041_ ("A") | "shared " + "rich"
    assert values(src) == {"C1": "Bold and A|shared rich"}


def test_output_escapes_what_xml_cannot_carry(tmp_path):
    """A result holding a control character or a literal "_x0041_" must be written so that
    it reads back as itself, and the sheet must stay well-formed XML."""
    body = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x0001_b</t></is></c>'
        '<c r="A2" t="inlineStr"><is><t>_x005F_x0041_</t></is></c>'
        '<c r="B1" t="str"><f>A1</f></c><c r="B2" t="str"><f>A2</f></c></row>'
    )
    src = package(tmp_path / "in.xlsx", [sheet(body)])
    assert values(src) == {"B1": "a\x01b", "B2": "_x0041_"}
    recalc_path(src, tmp_path / "out.xlsx")
    well_formed(tmp_path / "out.xlsx")
    assert values(tmp_path / "out.xlsx") == {"B1": "a\x01b", "B2": "_x0041_"}


def test_line_ends_read_as_an_xml_parser_delivers_them(tmp_path):
    """XML 1.0 (2.11): a line break written CR LF, or a lone CR, reaches the application as
    one LF; a CR written as a character reference (``&#13;``) or as OOXML's ``_x000D_``
    stays a CR. Shared strings, inline strings and string literals in formulas alike."""
    sst = (
        f'<sst xmlns="{MAIN}"><si><t>one\r\ntwo</t></si><si><t>three\rfour</t></si>'
        "<si><t>five&#13;&#10;six</t></si><si><t>seven_x000D__x000A_eight</t></si></sst>"
    ).encode()
    body = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="A2" t="s"><v>1</v></c><c r="A3" t="s"><v>2</v></c>'
        '<c r="A4" t="s"><v>3</v></c><c r="A5" t="inlineStr"><is><t>in\r\nline</t></is></c>'
        '<c r="B1" t="str"><f>A1</f></c><c r="B2" t="str"><f>A2</f></c><c r="B3" t="str"><f>A3</f></c>'
        '<c r="B4" t="str"><f>A4</f></c><c r="B5" t="str"><f>A5</f></c>'
        '<c r="B6"><f>LEN("x\r\ny")</f></c></row>'
    )
    src = package(tmp_path / "in.xlsx", [sheet(body)], sst=sst)
    expected = {"B1": "one\ntwo", "B2": "three\nfour", "B3": "five\r\nsix", "B4": "seven\r\neight", "B5": "in\nline",
                "B6": 3.0}  # "x", LF, "y"
    assert values(src) == expected
    # openpyxl, another reader, sees the same line ends in the input (it leaves _x000D_ as is)
    ws = openpyxl.load_workbook(src).active
    assert [ws[f"A{r}"].value for r in (1, 2, 3, 5)] == [expected[f"B{r}"] for r in (1, 2, 3, 5)]


def test_texts_written_read_back_as_themselves(tmp_path):
    """A computed text with a CR, or beginning or ending with a space, reads back unchanged
    through any XML reader: the CR written ``&#13;`` (a literal one would read as a LF),
    the value marked ``xml:space="preserve"`` as Excel marks it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = '=" lead"'
    ws["A2"] = '="trail "'
    ws["A3"] = '="a"&CHAR(13)&CHAR(10)&"b"'  # a, CR, LF, b
    src = tmp_path / "in.xlsx"
    wb.save(src)
    out = tmp_path / "out.xlsx"
    recalc_path(src, out)
    well_formed(out)
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert '<v xml:space="preserve"> lead</v>' in xml and '<v xml:space="preserve">trail </v>' in xml
    assert "<v>a&#13;\nb</v>" in xml  # a CR kept from line-end handling (Excel writes _x000D_; both read as CR)
    got = openpyxl.load_workbook(out, data_only=True).active
    assert [got["A1"].value, got["A2"].value, got["A3"].value] == [" lead", "trail ", "a\r\nb"]
    assert values(out) == {"A1": " lead", "A2": "trail ", "A3": "a\r\nb"}


def test_stored_number_that_overflows_a_double_is_num_error_with_a_warning(tmp_path):
    """Excel cannot hold 1e999 or NaN; reading them as infinity made =A2+A3 show 0."""
    body = (
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1e999</v></c></row>'
        '<row r="3"><c r="A3"><v>NaN</v></c><c r="B3"><f>A2+A3</f></c><c r="C3"><f>A1+1</f></c></row>'
    )
    src = package(tmp_path / "in.xlsx", [sheet(body)])
    out = tmp_path / "out.xlsx"
    result = recalc_path(src, out)
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    assert b'<c r="B3" t="e"><f>A2+A3</f><v>#NUM!</v></c>' in xml
    assert b'<c r="C3"><f>A1+1</f><v>2</v></c>' in xml  # 1 + 1
    assert any("A2" in w and "#NUM!" in w for w in result.warnings)
    assert any("A3" in w for w in result.warnings)


def test_text_over_excels_cell_limit_is_value_error(tmp_path):
    """Excel gives #VALUE! for text results over 32,767 characters; they are never stored."""
    long = "x" * 20_000
    body = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{long}</t></is></c><c r="B1" t="str"><f>A1&amp;A1</f></c><c r="C1" t="str"><f>A1&amp;"y"</f></c></row>'
    src = package(tmp_path / "in.xlsx", [sheet(body)])
    result = recalc_path(src, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True).active
    assert ws["B1"].value == "#VALUE!"  # 40,000 characters
    assert ws["C1"].value == long + "y"  # 20,001 characters: fine
    assert result.errors == 1


def test_dimension_that_lies_does_not_hide_columns(tmp_path):
    """Some writers leave <dimension ref="A1"/> whatever the sheet holds: a whole-row
    reference must still see every cell (SUM(1:1) = 1 + 2 + 4 = 7)."""
    body = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="AB1"><v>4</v></c></row><row r="2"><c r="A2"><f>SUM(1:1)</f></c></row>'
    src = package(tmp_path / "in.xlsx", [sheet(body, head='<dimension ref="A1"/>')])
    assert values(src) == {"A2": 7.0}


def test_member_names_with_backslashes_and_other_case(tmp_path):
    """Some Windows tools wrote zip names with "\\" and another case; Excel opens them."""
    src = package(
        tmp_path / "in.xlsx",
        [sheet(REGULAR)],
        sst=["alpha"],
        rename={"xl/worksheets/sheet1.xml": "xl\\Worksheets\\Sheet1.xml", "xl/sharedStrings.xml": "XL/sharedstrings.XML"},
    )
    assert values(src) == EXPECTED
    recalc_path(src, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as zf:
        assert b"<v>20</v>" in zf.read("xl\\Worksheets\\Sheet1.xml")


def test_workbook_part_found_by_relationship(tmp_path):
    src = package(tmp_path / "in.xlsx", [sheet(REGULAR)], sst=["alpha"], rename={"xl/workbook.xml": "xl/main.xml"})
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"xl/workbook.xml", b"xl/main.xml")
    members["xl/_rels/main.xml.rels"] = members.pop("xl/_rels/workbook.xml.rels")
    with zipfile.ZipFile(src, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    assert values(src) == EXPECTED


# -- refused, with a reason, never half-read ---------------------------------------------------
REFUSED = {
    "no </sheetData>": (sheet(REGULAR).replace(b"</sheetData>", b""), None, "never closed|not well-formed"),
    "unclosed <si>": (sheet(REGULAR), f'<sst xmlns="{MAIN}"><si><t>alpha</t></sst>'.encode(), "not well-formed"),
    "entity declaration": (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        + sheet(REGULAR.replace("<v>2</v>", "<v>&b;</v>")).split(b"?>", 1)[1],
        None,
        "DTD",
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + sheet(REGULAR.replace("<v>2</v>", "<v>&x;</v>")).split(b"?>", 1)[1],
        None,
        "DTD",
    ),
    "cells inside mc:AlternateContent": (
        sheet(
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:Choice Requires="x14"><row r="1"><c r="A1"><v>1</v></c></row></mc:Choice>'
            '<mc:Fallback><row r="1"><c r="A1"><v>2</v></c></row></mc:Fallback></mc:AlternateContent>'
        ),
        None,
        "AlternateContent",
    ),
    "shared-string index out of range": (sheet(REGULAR.replace('t="s"><v>0</v>', 't="s"><v>7</v>')), None, "B1"),
    "a cell written twice": (sheet(REGULAR.replace('<c r="A2">', '<c r="A1"><v>5</v></c><c r="A2">')), None, "twice"),
    "a cell outside the grid": (sheet(REGULAR.replace('<c r="A1">', '<c r="XFE1">')), None, "grid"),
    "unknown cell type": (sheet(REGULAR.replace('<c r="A2">', '<c r="A2" t="q">')), None, "type"),
    "a logical that is not one": (sheet(REGULAR.replace('<c r="A2"><v>3</v>', '<c r="A2" t="b"><v>yes</v>')), None, "logical"),
    "not well-formed": (sheet(REGULAR).replace(b"<v>2</v>", b"<v>2</w>"), None, "well-formed"),
    "a cell reference that is not A1": (sheet(REGULAR.replace('<c r="A2">', '<c r="R2C1">')), None, "A1"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_broken_sheets_are_refused_with_a_reason(tmp_path, case):
    xml, sst, reason = REFUSED[case]
    src = package(tmp_path / "in.xlsx", [xml], sst=sst if sst is not None else ["alpha"])
    with pytest.raises(WorkbookError, match=reason) as info:
        recalc_path(src, tmp_path / "out.xlsx")
    assert "\n" not in str(info.value) and str(info.value).startswith(str(src))
    assert not (tmp_path / "out.xlsx").exists()
    with pytest.raises(WorkbookError):
        evaluate(src)


def test_duplicate_zip_members_are_refused(tmp_path):
    src = package(tmp_path / "in.xlsx", [sheet(REGULAR)], sst=["alpha"])
    with zipfile.ZipFile(src, "a") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("xl/worksheets/sheet1.xml", sheet(REGULAR.replace("<v>2</v>", "<v>9</v>")))
    with pytest.raises(WorkbookError, match="duplicate zip member"):
        recalc_path(src, tmp_path / "out.xlsx")


def test_table_whose_ref_is_garbage_is_refused(tmp_path):
    table = f'<table xmlns="{MAIN}" id="1" name="Campaigns" displayName="Campaigns" ref="garbage"><tableColumns count="1"><tableColumn id="1" name="A"/></tableColumns></table>'
    src = package(
        tmp_path / "in.xlsx",
        [sheet(REGULAR, tail='<tableParts count="1"><tablePart r:id="rIdT"/></tableParts>').replace(b"<worksheet ", f'<worksheet xmlns:r="{REL}" '.encode())],
        sst=["alpha"],
        parts={
            "xl/tables/table1.xml": table.encode(),
            "xl/worksheets/_rels/sheet1.xml.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rIdT" Type="{REL}/table" Target="../tables/table1.xml"/></Relationships>'.encode(),
        },
    )
    with pytest.raises(WorkbookError, match="Campaigns.*garbage"):
        recalc_path(src, tmp_path / "out.xlsx")


def test_a_formula_the_fast_reader_cannot_see_is_never_lost(tmp_path):
    """A formula cell the regular expressions would miss (whitespace inside it) makes the
    sheet normalised, not silently skipped: every <f> of the XML is counted."""
    body = REGULAR.replace('<c r="C2"><f>A2*10</f>', '<c r="C2">\n<f>A2*10</f>')
    src = package(tmp_path / "in.xlsx", [sheet(body)], sst=["alpha"])
    with Package.open(src) as pkg:
        book = read_book(pkg)
    assert len(book.sheets[0].formulas.rows) == 4 and book.sheets[0].xml.normalised
    assert values(src) == EXPECTED


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('<row r="1"><c r="A1" s="2"><f>B1</f><v>1</v></c><c r="B1" t="inlineStr"><is><t>a</t></is></c></row>', None),
        ('<row r="1"><!-- c --><c r="A1"><v>1</v></c></row>', "a comment or CDATA section inside <sheetData>"),
        ('<row r="1"><?pi x?><c r="A1"><v>1</v></c></row>', "a processing instruction inside <sheetData>"),
        ('<row r="1"><c s="1" r="A1"><v>1</v></c></row>', "a cell whose reference is not its first attribute (or is missing)"),
        ('<row r="1"><c><v>1</v></c></row>', "a cell whose reference is not its first attribute (or is missing)"),
        ('<row r="1"><c r="a1"><v>1</v></c></row>', "a cell reference not written as upper-case A1"),
        ('<row r="1"><c r="A01"><v>1</v></c></row>', "a cell reference not written as upper-case A1"),
        ('<row spans="1:1" r="1"><c r="A1"><v>1</v></c></row>', "a row whose number is not its first attribute (or is missing)"),
        ('<row r="+1"><c r="A1"><v>1</v></c></row>', "a row number that is not a plain number"),
        ('<row r="1"><c r="A1" xmlns:q="urn:q"><v>1</v></c></row>', "a namespace declared inside <sheetData>"),
        ('<row r="1"><c r="A1" s="1" cm="a>b"><v>1</v></c></row>', "an attribute value holding '>'"),
        ('<row r="1"><c r="A1"><f>IF(B1>0,1,2)</f><v>1</v></c></row>', None),  # ">" in text is legal XML
    ],
)
def test_layout_problem_names_what_is_irregular(body, reason):
    from socroi_xl.xlsx.layout import layout_problem, locate

    for prefix in ("", "x"):
        tags = re.sub(r"<(/?)(row|c|v|f|is|t)\b", rf"<\1{prefix}:\2", body) if prefix else body
        xml = sheet(tags, prefix=prefix)
        assert layout_problem(xml, locate(xml, "s.xml")) == reason, (prefix, body)
