"""Registration in the xlwings runtimes, checked with xlwings' own code.

Excel is not available here, so the classic (Windows) add-in is checked by running
xlwings' VBA wrapper generator with the Windows-only modules stubbed, and xlwings Lite by
building the Office.js metadata with xlwings' own ``custom_functions_meta``.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
import types
from unittest import mock

import pytest

from socroi_xl.registry import CATEGORY, REGISTRY


@pytest.fixture()
def classic_udfs(monkeypatch):
    """socroi_xl.udfs re-imported with xlwings' Windows decorators (win32 modules stubbed)."""
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        monkeypatch.setitem(sys.modules, name, mock.MagicMock(name=name))
    sys.modules["pywintypes"].com_error = Exception
    import xlwings

    xludfs = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xlwings, "func", xludfs.xlfunc)
    monkeypatch.setattr(xlwings, "arg", xludfs.xlarg)
    monkeypatch.delitem(sys.modules, "socroi_xl.udfs", raising=False)
    module = importlib.import_module("socroi_xl.udfs")
    yield xludfs, module
    sys.modules.pop("socroi_xl.udfs", None)
    sys.modules.pop("xlwings.udfs", None)


def test_vba_wrappers_generated_by_xlwings_cover_every_function_and_argument(classic_udfs):
    xludfs, module = classic_udfs
    out = io.StringIO()
    book = types.SimpleNamespace(Name="socroi_xl.xlam")
    xludfs.generate_vba_wrapper("socroi_xl.udfs", module, out, book)
    vba = out.getvalue()
    for name, spec in REGISTRY.items():
        params = ", ".join(("Optional " if a.optional else "") + a.name for a in spec.args)
        assert f"Function {name}({params})" in vba, name
        assert f'XLPy.CallUDF("socroi_xl.udfs", "{name}"' in vba
    assert vba.count("End Function") == len(REGISTRY)


def test_function_wizard_metadata_comes_from_the_registry(classic_udfs):
    _, module = classic_udfs
    for name, spec in REGISTRY.items():
        xlfunc = getattr(module, name).__xlfunc__
        # What xlwings' import_udfs hands to Application.MacroOptions:
        assert xlfunc["category"] == CATEGORY == "SocROI"
        assert xlfunc["ret"]["doc"][:255] == spec.description
        assert [a["doc"][:255] for a in xlfunc["args"]] == [a.doc for a in spec.args]
        # ranges arrive 2-D (a column stays a column), error cells as their text
        assert all(a["options"] == {"ndim": 2, "err_to_str": True} for a in xlfunc["args"])


def test_lite_metadata_lists_every_function_with_its_help(monkeypatch):
    # xlwings' noncommercial key (PolyForm Noncommercial): see tests/test_lite.py
    if "XLWINGS_LICENSE_KEY" not in os.environ:
        monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    try:
        officejs = importlib.import_module("xlwings.pro.udfs_officejs")
    except Exception as exc:  # xlwings PRO code refuses to load without a licence key
        pytest.skip(f"xlwings Lite metadata needs an xlwings licence key: {exc}")
    import xlwings

    monkeypatch.setattr(xlwings, "func", officejs.xlfunc)
    monkeypatch.setattr(xlwings, "arg", officejs.xlarg)
    monkeypatch.delitem(sys.modules, "socroi_xl.udfs", raising=False)
    module = importlib.import_module("socroi_xl.udfs")
    try:
        meta = officejs.custom_functions_meta(module)
    finally:
        sys.modules.pop("socroi_xl.udfs", None)
    by_name = {f["name"]: f for f in meta["functions"]}
    for name, spec in REGISTRY.items():
        assert by_name[name]["description"] == spec.description  # no namespace prefix
        assert [p["description"] for p in by_name[name]["parameters"]] == [a.doc for a in spec.args]
