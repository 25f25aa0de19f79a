"""socroi recalc end to end with the real engine: values written, inputs kept, bad files named.

Expected values are hand computations from the inputs written in each test.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.defined_name import DefinedName

from socroi_xl.batch import recalc_many
from socroi_xl.cli.recalc import recalc
from socroi_xl.xlsx.safety import OLE_MAGIC

engine = pytest.importorskip("socroi_xl.engine")
if not hasattr(engine, "recalc_path"):
    pytest.skip("socroi_xl.engine.recalc_path not written yet", allow_module_level=True)


def _client(path: Path, spend: float, revenue: float) -> Path:
    """A small client workbook: spend, revenue, clicks; ROI and CPC; two headline names."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws["A1"], ws["B1"] = "Spend", spend
    ws["A2"], ws["B2"] = "Revenue", revenue
    ws["A3"], ws["B3"] = "Clicks", 40
    ws["A4"], ws["B4"] = "ROI", "=SOCROI(B2,B1)"
    ws["A5"], ws["B5"] = "CPC", "=IFERROR(B1/B3,\"\")"
    ws["A6"], ws["B6"] = "Label", '="ROI "&ROUND(B4*100,1)&"%"'
    wb.defined_names["Headline_TotalCost"] = DefinedName("Headline_TotalCost", attr_text="Summary!$B$1")
    wb.defined_names["Headline_SocialROI"] = DefinedName("Headline_SocialROI", attr_text="Summary!$B$4")
    wb.save(path)
    return path


def _values(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path, data_only=True)["Summary"]
    return {a: ws[a].value for a in ("B4", "B5", "B6")}


@pytest.fixture
def clients(tmp_path):
    d = tmp_path / "clients"
    d.mkdir()
    # acme: (300-120)/120 = 1.5, CPC 120/40 = 3, label "ROI 150%"
    # zen: spend 0 -> SOCROI gives #DIV/0! (zero cost), CPC 0/40 = 0
    return [_client(d / "acme.xlsx", 120, 300), _client(d / "zen.xlsx", 0, 50)]


def test_out_dir_values_and_inputs_untouched(clients, tmp_path):
    before = [p.read_bytes() for p in clients]
    out = tmp_path / "out"
    summary = tmp_path / "summary.json"
    res = CliRunner().invoke(recalc, [*map(str, clients), "-o", str(out), "--summary", str(summary)])
    assert res.exit_code == 0, res.output
    assert [p.read_bytes() for p in clients] == before
    acme = _values(out / "acme.xlsx")
    assert acme["B4"] == pytest.approx(1.5) and acme["B5"] == pytest.approx(3.0)
    assert acme["B6"] == "ROI 150%"
    zen = openpyxl.load_workbook(out / "zen.xlsx", data_only=True)["Summary"]
    assert zen["B4"].value == "#DIV/0!" and zen["B4"].data_type == "e"
    assert zen["B5"].value == 0
    # formulas are still there for Excel
    assert openpyxl.load_workbook(out / "acme.xlsx")["Summary"]["B4"].value == "=SOCROI(B2,B1)"
    rows = json.loads(summary.read_text())
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert rows[0]["TotalCost"] == 120 and rows[0]["SocialROI"] == pytest.approx(1.5)
    assert rows[1]["SocialROI"] == "#DIV/0!"
    assert rows[0]["formulas"] == 3 and rows[1]["errors"] >= 1


def test_in_place_parallel(clients):
    outcomes = recalc_many(clients, in_place=True, jobs=2)
    assert all(o.ok for o in outcomes), [o.message for o in outcomes]
    assert _values(clients[0])["B4"] == pytest.approx(1.5)
    assert outcomes[0].headline == {"TotalCost": 120.0, "SocialROI": pytest.approx(1.5)}
    assert sorted(os.listdir(clients[0].parent)) == ["acme.xlsx", "zen.xlsx"]


def _bad_files(d: Path, good: Path) -> dict[str, Path]:
    data = good.read_bytes()
    files = {
        "missing": d / "missing.xlsx",
        "text": d / "notes.xlsx",
        "truncated": d / "cut.xlsx",
        "password": d / "secret.xlsx",
        "bomb": d / "bomb.xlsx",
    }
    files["text"].write_text("Date,Spend\n")
    files["truncated"].write_bytes(data[: len(data) // 2])
    enc = ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
    files["password"].write_bytes(
        OLE_MAGIC + b"\0" * 504 + b"".join(n.encode("utf-16-le").ljust(128, b"\0") for n in enc)
    )
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(files["bomb"], "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info))
        z.writestr("xl/media/big.bin", bytes(40 << 20))  # 40 MiB of zeros, ~1000:1
    return files


def test_bad_inputs_one_line_each_and_untouched(clients, tmp_path):
    bad = _bad_files(clients[0].parent, clients[0])
    before = {k: p.read_bytes() for k, p in bad.items() if p.exists()}
    args = [str(clients[0]), *map(str, bad.values()), "--in-place", "--jobs", "2"]
    res = CliRunner().invoke(recalc, args)
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == len(bad), lines
    expect = {
        "missing": "no such file",
        "text": "not an xlsx",
        "truncated": "corrupt or truncated zip",
        "password": "password-protected workbook",
        "bomb": "decompression bomb",
    }
    for key, path in bad.items():
        (line,) = [ln for ln in lines if ln.startswith(f"socroi recalc: {path}: ")]
        assert expect[key] in line
    assert "Traceback" not in res.output
    assert {k: p.read_bytes() for k, p in bad.items() if p.exists()} == before
    assert _values(clients[0])["B4"] == pytest.approx(1.5)  # the good one was still done


def test_dask_with_real_engine(clients, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
        host="127.0.0.1", dashboard_address=None,
    ) as cluster:
        outcomes = recalc_many([*clients, tmp_path / "nope.xlsx"], out_dir=tmp_path / "out",
                               scheduler=cluster.scheduler_address)
    assert [o.ok for o in outcomes] == [True, True, False]
    assert outcomes[2].error == "no such file"
    assert outcomes[0].headline["SocialROI"] == pytest.approx(1.5)
    assert _values(tmp_path / "out" / "acme.xlsx")["B4"] == pytest.approx(1.5)
