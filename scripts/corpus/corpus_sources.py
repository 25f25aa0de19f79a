"""The repositories the corpus is drawn from, with their licences.

``redistributable`` says whether the licence lets us ship the files (MIT, BSD, Apache-2.0);
GPL and EUPL sources are measured locally only. Each entry names the repository as
``owner/name`` on GitHub; ``build.py`` reads a bare or normal git copy of it from the mirror
folder (``MIRROR/owner+name/repo``, the layout the search tool's ``fetch`` leaves).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A repository whose workbooks go into the corpus."""

    repo: str
    licence: str
    redistributable: bool
    note: str = ""


SOURCES: tuple[Source, ...] = (
    Source("vinci1it2000/formulas", "EUPL-1.1", False, "formula engine test workbooks"),
    Source("dgorissen/pycel", "GPL-3.0", False, "formula engine test workbooks"),
    Source("bradbase/xlcalculator", "MIT", True, "formula engine test workbooks"),
    Source("apache/poi", "Apache-2.0", True, "test-data/spreadsheet"),
    Source("PHPOffice/PhpSpreadsheet", "MIT", True, "reader and calculation tests"),
    Source("ClosedXML/ClosedXML", "MIT", True, "reader and formula tests"),
    Source("jmcnamara/XlsxWriter", "BSD-2-Clause", True, "comparison files saved by Excel"),
    Source("jmcnamara/rust_xlsxwriter", "MIT OR Apache-2.0", True, "comparison files saved by Excel"),
    Source("theorchard/openpyxl", "MIT", True, "a mirror of openpyxl's test data"),
    Source("ironcalc/IronCalc", "MIT OR Apache-2.0", True, "formula engine test workbooks"),
    Source("tafia/calamine", "MIT", True, "reader tests"),
    Source("qax-os/excelize", "BSD-3-Clause", True, "reader tests"),
    Source("exceljs/exceljs", "MIT", True, "reader tests"),
    Source("ExcelDataReader/ExcelDataReader", "MIT", True, "reader tests"),
    Source("nissl-lab/npoi", "Apache-2.0", True, "a port of POI's test data"),
    Source("python-excel/xlrd", "BSD-3-Clause", True, "reader tests"),
    Source("dotnet/Open-XML-SDK", "MIT", True, "SDK tests"),
    Source("xlwings/xlwings", "BSD-3-Clause", True, "tests driven through Excel itself"),
    Source("anthill/koala", "GPL-3.0", False, "formula engine test workbooks"),
    Source("EPPlusSoftware/EPPlus", "PolyForm-Noncommercial-1.0.0", False, "formula engine tests"),
    Source("GNOME/gnumeric", "GPL-2.0 OR GPL-3.0", False, "import tests"),
    Source("SheetJS/test_files", "Apache-2.0", False, "files gathered from many places: the repository licence may not cover each"),
)

BY_REPO = {s.repo: s for s in SOURCES}
