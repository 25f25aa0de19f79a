"""``socroi new BOOK.xlsm``: every file-level fact of the classic xlwings workbook that can be
checked without Excel.

The VBA project is read back with oletools' ``olevba`` (an independent reader of the MS-OVBA
format, not the library that wrote it) and compared with what xlwings itself ships and
generates: its ``xlwings.bas`` text file, the modules of its own standalone quickstart
workbook, and ``generate_vba_wrapper``'s output for ``socroi_xl.udfs``.
"""

from __future__ import annotations

import importlib
import inspect
import io
import re
import sys
import types
import warnings
import zipfile
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
import xlwings
from click.testing import CliRunner
from lxml import etree

from socroi_xl import libreoffice
from socroi_xl.cli import main
from socroi_xl.engine import recalc_path
from socroi_xl.excel import classic, wrappers
from socroi_xl.registry import REGISTRY
from socroi_xl.template import SHEETS

XLWINGS = Path(xlwings.__file__).parent
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("classic") / "my_roi.xlsm"
    result = CliRunner().invoke(main, ["new", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _olevba(path: Path) -> dict[str, str]:
    with warnings.catch_warnings():  # oletools uses pyparsing's old names
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


@pytest.fixture(scope="module")
def modules(book) -> dict[str, str]:
    return _olevba(book)


def test_the_vba_project_holds_xlwings_and_the_socroi_wrappers(modules):
    documents = {n for n in modules if n == "ThisWorkbook" or re.fullmatch(r"Sheet\d+", n)}
    assert len(documents) == 1 + len(SHEETS) + 1  # the workbook, each sheet, xlwings.conf
    assert set(modules) - documents == {"xlwings", "Dictionary", "xlwings_udfs"}


def test_the_xlwings_module_is_xlwings_own_and_matches_the_installed_package(modules):
    # the text file xlwings ships as its standalone VBA module, byte for byte (line ends aside)
    assert _lf(modules["xlwings"]) == _lf((XLWINGS / "xlwings.bas").read_text(encoding="utf-8"))
    # the DLL the module loads and the version it checks are the installed package's
    assert f'Public Const XLWINGS_VERSION As String = "{xlwings.__version__}"' in modules["xlwings"]
    assert f"xlwings64-{xlwings.__version__}.dll" in modules["xlwings"]
    # the Dictionary class (used on Mac) as xlwings' own standalone workbook holds it
    shipped = _olevba(XLWINGS / "quickstart_standalone.xlsm")
    assert modules["Dictionary"] == shipped["Dictionary"]


@pytest.fixture()
def xlwings_generator(monkeypatch):
    """xlwings.udfs with the Windows-only modules stubbed (it only writes text here)."""
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        monkeypatch.setitem(sys.modules, name, mock.MagicMock(name=name))
    sys.modules["pywintypes"].com_error = Exception
    xludfs = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xlwings, "func", xludfs.xlfunc)
    monkeypatch.setattr(xlwings, "arg", xludfs.xlarg)
    monkeypatch.delitem(sys.modules, "socroi_xl.udfs", raising=False)
    module = importlib.import_module("socroi_xl.udfs")
    yield xludfs, module
    sys.modules.pop("socroi_xl.udfs", None)
    sys.modules.pop("xlwings.udfs", None)


def test_the_wrapper_module_is_what_xlwings_import_functions_writes(modules, xlwings_generator):
    xludfs, module = xlwings_generator
    out = io.StringIO()
    xludfs.generate_vba_wrapper("socroi_xl.udfs", module, out, types.SimpleNamespace(Name="my_roi.xlsm"))
    stored = _lf(modules["xlwings_udfs"]).splitlines()
    descriptions = [line for line in stored if re.match(r"Attribute \w+\.VB_Description = ", line)]
    code = [line for line in stored if line not in descriptions]
    # the three lines import_udfs writes first, then generate_vba_wrapper's text unchanged
    source = inspect.getsource(xludfs.import_udfs)
    assert all(line in source for line in wrappers.HEADER[1:])
    assert 'Attribute VB_Name = "xlwings_udfs"' in source
    assert code == [*wrappers.HEADER, *out.getvalue().splitlines()]
    # every function, with its registry description (Windows-1252, at most 255 characters)
    assert len(descriptions) == len(REGISTRY)
    for name, spec in REGISTRY.items():
        line = next(d for d in descriptions if d.startswith(f"Attribute {name}.VB_Description = "))
        text = line.split(" = ", 1)[1][1:-1].replace('""', '"')
        assert text == spec.description.replace("−", "-").replace("Σ", "sum of")[:255]
        assert f'XLPy.CallUDF("socroi_xl.udfs", "{name}"' in modules["xlwings_udfs"]
    assert "ThisWorkbook, Application.Caller" in modules["xlwings_udfs"]  # a workbook, not an add-in


def test_the_conf_sheet_names_the_udf_module(book):
    wb = openpyxl.load_workbook(book, keep_vba=True)
    assert wb.sheetnames == [*SHEETS, "xlwings.conf"]
    conf = wb["xlwings.conf"]
    rows = {conf.cell(r, 1).value: conf.cell(r, 2).value for r in range(1, conf.max_row + 1)}
    assert rows["UDF Modules"] == "socroi_xl.udfs"
    assert "Interpreter_Win" in rows  # this machine is not Windows: empty, xlwings uses pythonw
    assert conf.cell(conf.max_row + 1, 1).value is None  # xlwings reads A1 down to a blank


def test_interpreter_is_written_when_given():
    xml = classic.conf_sheet_xml(classic.conf_entries(r"C:\Users\ana\roi\.venv\Scripts\pythonw.exe"))
    cells = [t.text for t in etree.fromstring(xml).iter(f"{MAIN}t")]
    assert cells == ["Interpreter_Win", r"C:\Users\ana\roi\.venv\Scripts\pythonw.exe", "UDF Modules", "socroi_xl.udfs"]


def test_content_types_relationships_and_code_names(book, modules):
    with zipfile.ZipFile(book) as z:
        types_ = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        assert z.read("xl/vbaProject.bin")[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # a compound file
        sheet_parts = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        code_names = []
        for part in sheet_parts:
            pr = etree.fromstring(z.read(part)).find(f"{MAIN}sheetPr")
            code_names.append(pr.get("codeName"))
    assert f'PartName="/xl/workbook.xml" ContentType="{classic.XLSM_MAIN}"' in types_
    assert classic.XLSX_MAIN not in types_
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types_
    assert 'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"' in rels
    assert workbook.find(f"{MAIN}workbookPr").get("codeName") == "ThisWorkbook"
    # each sheet's code name has its document module in the VBA project
    assert len(code_names) == len(SHEETS) + 1 and set(code_names) <= set(modules)


def test_the_engine_recalculates_it_and_keeps_the_project(book, tmp_path):
    out = recalc_path(book, tmp_path / "recalculated.xlsm")
    assert out.formulas > 3000
    with zipfile.ZipFile(book) as a, zipfile.ZipFile(out.path) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")


@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_it(book, tmp_path):
    profile = libreoffice.make_profile(tmp_path / "profile", recalc_on_load=False)
    libreoffice.convert([book], tmp_path, libreoffice.XLSX, profile)
    converted = openpyxl.load_workbook(tmp_path / "my_roi.xlsx")
    assert converted.sheetnames == [*SHEETS, "xlwings.conf"]


def test_new_refuses_to_replace_and_never_leaves_debris(book, tmp_path):
    before = book.read_bytes()
    again = CliRunner().invoke(main, ["new", str(book)])
    assert again.exit_code == 1 and book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir()) == ["my_roi.xlsm"]
