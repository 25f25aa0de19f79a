"""docs/engine.md lists the functions the engine evaluates, generated from the code."""

from __future__ import annotations

import re
from pathlib import Path

from socroi_xl.engine import catalog

DOC = Path(__file__).resolve().parents[1] / "docs" / "engine.md"


def test_function_list_in_docs_is_current():
    text = DOC.read_text(encoding="utf-8")
    found = re.search(re.escape(catalog.START) + r".*?" + re.escape(catalog.END), text, flags=re.S)
    assert found, "docs/engine.md has no generated function list"
    assert found.group(0) == catalog.section(), "docs/engine.md is stale: run `make docs`"


def test_every_supported_name_is_an_excel_function():
    # the catalogue's universe is Excel's functions (openpyxl's Excel 2007 list and the
    # _xlfn. ones since): a name outside it is a typo in a declaration
    assert catalog.supported() <= catalog._excel_functions()


def test_out_of_scope_functions_are_never_counted_as_missing():
    assert not set(catalog.OUT_OF_SCOPE) & set(catalog.missing())
    assert "WEBSERVICE" in catalog.OUT_OF_SCOPE and "OFFSET" in catalog.supported()
