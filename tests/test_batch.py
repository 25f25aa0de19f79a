"""Batch mechanics of socroi recalc: order, failures, parallelism, summaries, the CLI.

The recalculation itself is replaced by ``fake_recalc`` below (a copy plus a made-up
result), so these tests check only what batch.py adds: planning destinations, isolating
failures, the process pool and Dask runners, the summary files and the command's exit
codes and messages. End-to-end runs with the real engine are in test_batch_engine.py.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from click.testing import CliRunner

from socroi_xl import batch
from socroi_xl.batch import Outcome, recalc_many, summary_frame, write_summary
from socroi_xl.cli.recalc import recalc
from socroi_xl.errors import XLError
from socroi_xl.xlsx.safety import open_package


def fake_recalc(src: str, dst: str):
    """Stand-in engine: checks the package like the engine must, copies it, invents figures."""
    name = os.path.basename(src)
    if "boom" in name:
        raise RuntimeError("engine exploded\non two lines")
    if "crash" in name:
        os._exit(3)  # a worker process dying (as if killed for memory)
    open_package(src).close()
    shutil.copyfile(src, dst)
    cost = float(len(name))  # something that differs per file
    return SimpleNamespace(
        path=dst, formulas=7, errors=1, warnings=["unknown function FOO in Sheet!A1"],
        headline={"TotalCost": cost, "SocialROI": XLError("#DIV/0!"), "Extra": "x"},
    )


def _book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 2
    wb.active["A2"] = "=A1*3"
    wb.save(path)
    return path


@pytest.fixture
def books(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good1 = _book(src / "alpha.xlsx")
    missing = src / "missing.xlsx"
    text = src / "notes.xlsx"
    text.write_text("not a workbook")
    good2 = _book(src / "beta.xlsx")
    return [str(good1), str(missing), str(text), str(good2)]


def _check(outcomes, books, out_dir):
    assert [o.path for o in outcomes] == books  # input order, whatever the completion order
    assert [o.ok for o in outcomes] == [True, False, False, True]
    assert outcomes[1].error == "no such file"
    assert outcomes[1].message == f"{books[1]}: no such file"
    assert outcomes[2].error == "not an xlsx (not a zip archive)"
    for o in (outcomes[0], outcomes[3]):
        assert o.output == os.path.join(out_dir, os.path.basename(o.path))
        assert Path(o.output).read_bytes() == Path(o.path).read_bytes()
        assert (o.formulas, o.errors) == (7, 1)
        assert o.headline["TotalCost"] == float(len(os.path.basename(o.path)))
        assert o.headline["SocialROI"] == "#DIV/0!"
        assert o.seconds >= 0
    assert sorted(os.listdir(out_dir)) == ["alpha.xlsx", "beta.xlsx"]  # no temp files left


def test_serial(books, tmp_path):
    out = tmp_path / "out" / "nested"
    seen = []
    outcomes = recalc_many(books, out_dir=out, func=fake_recalc, progress=seen.append)
    _check(outcomes, books, str(out))
    assert sorted(o.path for o in seen) == sorted(books)


def test_process_pool(books, tmp_path):
    out = tmp_path / "out"
    _check(recalc_many(books, out_dir=out, jobs=2, func=fake_recalc), books, str(out))


def test_engine_exception_is_one_line_and_others_continue(tmp_path):
    a = _book(tmp_path / "a.xlsx")
    boom = _book(tmp_path / "boom.xlsx")
    outcomes = recalc_many([boom, a], out_dir=tmp_path / "o", func=fake_recalc)
    assert outcomes[0].error == "internal error: RuntimeError: engine exploded on two lines"
    assert outcomes[1].ok


def test_dead_worker_fails_alone(tmp_path):
    books = [_book(tmp_path / n) for n in ("a.xlsx", "crash.xlsx", "b.xlsx", "c.xlsx")]
    outcomes = recalc_many(books, out_dir=tmp_path / "o", jobs=2, func=fake_recalc)
    assert [o.ok for o in outcomes] == [True, False, True, True]
    assert outcomes[1].error.startswith("worker process died")
    # the dying worker could not remove its temporary file: the parent swept it
    assert sorted(os.listdir(tmp_path / "o")) == ["a.xlsx", "b.xlsx", "c.xlsx"]


def test_refuses_to_write_onto_input(tmp_path):
    a = _book(tmp_path / "a.xlsx")
    before = a.read_bytes()
    (o,) = recalc_many([a], out_dir=tmp_path, func=fake_recalc)
    assert not o.ok and "overwrite the input" in o.error
    assert a.read_bytes() == before


def test_same_name_twice(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    a = _book(tmp_path / "x" / "a.xlsx")
    b = _book(tmp_path / "y" / "a.xlsx")
    outcomes = recalc_many([a, b], out_dir=tmp_path / "o", func=fake_recalc)
    assert outcomes[0].ok and not outcomes[1].ok
    assert "same file name" in outcomes[1].error


def test_in_place_keeps_mode_and_input_on_failure(tmp_path):
    a = _book(tmp_path / "a.xlsx")
    os.chmod(a, 0o640)
    bad = tmp_path / "boom.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    before = bad.read_bytes()
    outcomes = recalc_many([a, bad], in_place=True, func=fake_recalc)
    assert outcomes[0].ok and outcomes[0].output == os.path.realpath(a)
    assert stat.S_IMODE(os.stat(a).st_mode) == 0o640
    assert not outcomes[1].ok and bad.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["a.xlsx", "boom.xlsx"]


def test_in_place_through_symlink_replaces_target(tmp_path):
    a = _book(tmp_path / "real.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(a)
    (o,) = recalc_many([link], in_place=True, func=fake_recalc)
    assert o.ok and link.is_symlink() and o.output == str(a)


def test_argument_checks(tmp_path):
    with pytest.raises(ValueError):
        recalc_many([], out_dir=tmp_path, in_place=True)
    with pytest.raises(ValueError):
        recalc_many([])
    with pytest.raises(ValueError):
        recalc_many([], in_place=True, jobs=-1)


# --------------------------------------------------------------------------- summaries

OUTCOMES = [
    Outcome("a.xlsx", True, output="o/a.xlsx", formulas=10, errors=0, seconds=0.5,
            headline={"Extra": 1.5, "SocialROI": 0.25, "TotalCost": 200.0}),
    Outcome("b.xlsx", False, error="no such file"),
    Outcome("c.xlsx", True, output="o/c.xlsx", formulas=3, errors=1, warnings=["w1"],
            headline={"TotalCost": 0.0, "SocialROI": XLError("#DIV/0!")}),
]


def test_summary_frame_columns():
    frame = summary_frame(OUTCOMES)
    # known headline figures first, in HEADLINE_ORDER; others after, as first seen
    assert list(frame.columns) == ["file", "status", "error", "output", "formulas", "errors",
                                   "warnings", "seconds", "TotalCost", "SocialROI", "Extra"]
    assert list(frame["status"]) == ["ok", "failed", "ok"]
    assert list(frame["warnings"]) == [0, 0, 1]


def test_summary_csv(tmp_path):
    import pandas as pd

    write_summary(OUTCOMES, tmp_path / "s.csv")
    back = pd.read_csv(tmp_path / "s.csv")
    assert list(back["file"]) == ["a.xlsx", "b.xlsx", "c.xlsx"]
    assert back.loc[1, "error"] == "no such file"
    assert back.loc[0, "TotalCost"] == 200.0 and back.loc[2, "SocialROI"] == "#DIV/0!"


def test_summary_csv_is_utf8_with_a_byte_order_mark_for_excel(tmp_path):
    # Excel opens a .csv as UTF-8 only when it starts with the BOM EF BB BF; a book named
    # Café.xlsx must then read back as Café, not CafÃ©
    outcomes = [dataclasses.replace(OUTCOMES[0], path="Café.xlsx")]
    write_summary(outcomes, tmp_path / "s.csv")
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf\"file\"")
    assert "Café.xlsx" in raw.decode("utf-8-sig") and "CafÃ©" not in raw.decode("utf-8-sig")


def test_summary_json(tmp_path):
    write_summary(OUTCOMES, tmp_path / "s.json")
    rows = json.loads((tmp_path / "s.json").read_text())
    assert rows[0]["SocialROI"] == 0.25 and rows[0]["formulas"] == 10
    assert rows[1]["status"] == "failed" and rows[1]["TotalCost"] is None
    assert rows[1]["formulas"] is None
    assert rows[2]["SocialROI"] == "#DIV/0!" and rows[2]["warnings"] == ["w1"]


def test_summary_xlsx(tmp_path):
    write_summary(OUTCOMES, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    header = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(header)}
    rows = [[c for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows[0][col["TotalCost"]].value == 200
    err = rows[2][col["SocialROI"]]
    assert err.value == "#DIV/0!" and err.data_type == "e"  # a real error cell, not text
    assert stat.S_IMODE(os.stat(tmp_path / "s.xlsx").st_mode) != 0o600


def test_summary_bad_suffix(tmp_path):
    with pytest.raises(ValueError):
        write_summary(OUTCOMES, tmp_path / "s.txt")


# --------------------------------------------------------------------------- the command


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(batch, "_default_recalc", lambda: fake_recalc)


def test_cli_exit_codes_and_messages(books, tmp_path, fake_engine):
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(recalc, [*books, "-o", str(out), "--summary", str(tmp_path / "s.csv")])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    fails = [ln for ln in lines if "warning" not in ln]
    assert fails == [
        f"socroi recalc: {books[1]}: no such file",
        f"socroi recalc: {books[2]}: not an xlsx (not a zip archive)",
    ]
    assert "Traceback" not in res.output
    assert res.stdout == ""  # quiet when not on a terminal
    assert (tmp_path / "s.csv").exists()

    res = runner.invoke(recalc, [books[0], books[3], "-o", str(out)])
    assert res.exit_code == 0


def test_cli_usage_errors(books, tmp_path, fake_engine):
    runner = CliRunner()
    both = runner.invoke(recalc, [books[0], "-o", str(tmp_path), "--in-place"])
    neither = runner.invoke(recalc, [books[0]])
    nobooks = runner.invoke(recalc, ["--in-place"])
    badsum = runner.invoke(recalc, [books[0], "--in-place", "--summary", "s.txt"])
    jobs = runner.invoke(recalc, [books[0], "--in-place", "--jobs", "-1"])
    for res in (both, neither, nobooks, badsum, jobs):
        assert res.exit_code == 2, res.output
    assert "exactly one of" in both.stderr


def test_cli_out_dir_is_a_file(books, tmp_path, fake_engine):
    f = tmp_path / "file"
    f.write_text("x")
    res = CliRunner().invoke(recalc, [books[0], "-o", str(f)])
    assert res.exit_code == 2


def test_cli_via_main_group(books, tmp_path, fake_engine):
    from socroi_xl.cli import main

    res = CliRunner().invoke(main, ["recalc", books[0], "-o", str(tmp_path / "o")])
    assert res.exit_code == 0 and (tmp_path / "o" / "alpha.xlsx").exists()
