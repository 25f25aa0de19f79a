"""xlwings Lite: the ``main.py`` that ``socroi lite`` writes, run through xlwings' own code.

A child process plays xlwings Lite's Python side: ``XLWINGS_ON_SERVER=true`` makes
``import xlwings`` hand out the Office.js decorators (``xlwings.server.func``/``arg``), as in
Lite; the generated ``main.py`` is imported as Lite imports it; xlwings' own
``custom_functions_meta`` builds the metadata Excel registers and ``custom_functions_call``
runs calls the way Excel sends them (ranges as 2-D lists, error cells as Office.js error
objects), returning what Excel receives.

That code is in ``xlwings.pro`` (PolyForm Noncommercial licence, free for noncommercial
use): the child uses the ``noncommercial`` key xlwings provides for that, unless a key is
set already. Testing this open-source project is noncommercial use; a commercial user
running the suite sets their own ``XLWINGS_LICENSE_KEY`` (or ``SOCROI_SKIP_XLWINGS_PRO=1``).
xlwings Lite itself needs no key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from socroi_xl import __version__
from socroi_xl.cli import main
from socroi_xl.excel.lite import lite_files
from socroi_xl.registry import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
DIV0 = {"type": "Error", "errorType": "Div0"}
NA = {"type": "Error", "errorType": "NotAvailable"}
VALUE = {"type": "Error", "errorType": "Value"}

# Each call: name, arguments as Office.js passes them (a cell is [[v]], a column [[a], [b]]).
CALLS = {
    # SOCROI = (gain - cost) / cost: (15000 - 10000) / 10000 = 0.5
    "roi": ("SOCROI", [[[15000]], [[10000]]]),
    # cost 0 is an undefined ROI: a real #DIV/0! error, not its text
    "roi_div0": ("SOCROI", [[[500]], [[0]]]),
    # an error cell in the input passes through as that error
    "roi_na": ("SOCROI", [[[{"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}]], [[100]]]),
    # CPM = cost / impressions * 1000: 500/250000*1000 = 2; the second row has no impressions
    "cpm_column": ("SOCROI_CPM", [[[500], [90]], [[250000], [0]]]),
    # step rates of 50000, 1000, 50, 10: 1000/50000 = 0.02, 50/1000 = 0.05, 10/50 = 0.2 (spills)
    "funnel": ("SOCROI_FUNNEL", [[[50000], [1000], [50], [10]], None]),
    # any mode other than step/overall is #VALUE!
    "funnel_bad_mode": ("SOCROI_FUNNEL", [[[50000], [1000]], [["sideways"]]]),
    # the utm_source of a link
    "utm_param": ("SOCROI_UTM_PARAM", [[["https://shop.example/?utm_source=facebook&utm_medium=social"]], [["utm_source"]]]),
}

CHILD = r"""
import asyncio, importlib.util, json, sys
import xlwings
from xlwings.server import custom_functions_call, custom_functions_meta

spec = importlib.util.spec_from_file_location("main", sys.argv[1])
main = importlib.util.module_from_spec(spec)
spec.loader.exec_module(main)
calls = json.loads(sys.argv[2])
out = {"meta": custom_functions_meta(main), "results": {}}
for key, (name, args) in calls.items():
    data = {"func_name": name, "args": args, "version": xlwings.__version__, "client": "Office.js", "runtime": "1.4"}
    out["results"][key] = asyncio.run(custom_functions_call(data, main))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def lite(tmp_path_factory) -> dict:
    if os.environ.get("SOCROI_SKIP_XLWINGS_PRO") == "1":
        pytest.skip("SOCROI_SKIP_XLWINGS_PRO=1: xlwings' Office.js code (xlwings.pro) not run")
    folder = tmp_path_factory.mktemp("lite")
    done = CliRunner().invoke(main, ["lite", str(folder)])
    assert done.exit_code == 0, done.output
    env = {**os.environ, "XLWINGS_ON_SERVER": "true"}
    env.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    child = subprocess.run([sys.executable, "-c", CHILD, str(folder / "main.py"), json.dumps(CALLS)],
                           capture_output=True, text=True, env=env, cwd=folder, timeout=300)
    assert child.returncode == 0, child.stderr
    return {"folder": folder, **json.loads(child.stdout)}


def test_files_are_written_and_pinned(lite):
    folder = lite["folder"]
    assert (folder / "requirements.txt").read_text() == f"socroi-xl=={__version__}\n"
    assert (folder / "main.py").read_text() == lite_files()["main.py"]
    again = CliRunner().invoke(main, ["lite", str(folder)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_every_function_is_registered_with_its_help(lite):
    meta = {f["name"]: f for f in lite["meta"]["functions"]}
    assert set(meta) == set(REGISTRY)  # no namespace prefix, nothing else
    assert lite["meta"]["allowErrorForDataTypeAny"] is True  # real error values reach Excel
    for name, spec in REGISTRY.items():
        f = meta[name]
        assert f["id"] == name and f["description"] == spec.description
        assert f["helpUrl"] == spec.help_url and f["helpUrl"].endswith(f"/docs/functions.md#{name.lower()}")
        assert [p["name"] for p in f["parameters"]] == [a.name for a in spec.args]
        assert [p["description"] for p in f["parameters"]] == [a.doc for a in spec.args]
        assert [p.get("optional", False) for p in f["parameters"]] == [a.optional for a in spec.args]
        # ranges in, ranges out: every argument and result may be a matrix (results spill)
        assert all(p["dimensionality"] == "matrix" for p in f["parameters"])
        assert f["result"] == {"dimensionality": "matrix", "type": "any"}


def test_calls_return_numbers_spills_and_real_errors(lite):
    r = lite["results"]
    assert r["roi"] == [[0.5]]
    assert r["roi_div0"] == [[DIV0]]
    assert r["roi_na"] == [[NA]]
    assert r["cpm_column"] == [[2.0], [DIV0]]
    assert [[round(v, 12) for v in row] for row in r["funnel"]] == [[0.02], [0.05], [0.2]]
    assert r["funnel_bad_mode"] == [[VALUE]]
    assert r["utm_param"] == [["facebook"]]


def test_docs_show_the_files_socroi_lite_writes():
    text = (ROOT / "docs" / "xlwings.md").read_text(encoding="utf-8")
    for content in lite_files().values():
        assert content in text
