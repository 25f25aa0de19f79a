"""`socroi recalc --today/--seed/--strict`: the engine's pinned clock, seed and strict mode
reach the command line."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from socroi_xl.cli import main


def _book(path, cells):
    wb = openpyxl.Workbook()
    ws = wb.active
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def _values(path, *refs):
    ws = openpyxl.load_workbook(path, data_only=True).active
    return [ws[r].value for r in refs]


def test_today_pins_the_clock(tmp_path):
    # 2026-12-01 as a 1900-system serial: 2025-01-01 is 45658, 2026-01-01 is 45658 + 365 =
    # 46023, and January-November 2026 have 334 days: 46023 + 334 = 46357. NOW() at midnight.
    src = _book(tmp_path / "b.xlsx", {"A1": "=TODAY()", "A2": "=NOW()", "A3": "=YEAR(TODAY())"})
    res = CliRunner().invoke(main, ["recalc", str(src), "-o", str(tmp_path / "out"), "--today", "2026-12-01"])
    assert res.exit_code == 0, res.output
    assert _values(tmp_path / "out" / "b.xlsx", "A1", "A2", "A3") == [46357, 46357, 2026]


def test_seed_makes_random_functions_repeatable(tmp_path):
    src = _book(tmp_path / "b.xlsx", {"A1": "=RAND()", "A2": "=RANDBETWEEN(1,1000000)"})
    runs = []
    for name, seed in (("one", "7"), ("two", "7"), ("three", "8")):
        res = CliRunner().invoke(main, ["recalc", str(src), "-o", str(tmp_path / name), "--seed", seed])
        assert res.exit_code == 0, res.output
        runs.append(_values(tmp_path / name / "b.xlsx", "A1", "A2"))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert 0 <= runs[0][0] < 1 and 1 <= runs[0][1] <= 1000000


def test_strict_fails_a_book_with_a_formula_it_cannot_evaluate(tmp_path):
    src = _book(tmp_path / "b.xlsx", {"A1": "=NOSUCHFUNCTION(1)", "A2": "=1+1"})
    res = CliRunner().invoke(main, ["recalc", str(src), "-o", str(tmp_path / "out"), "--strict"])
    assert res.exit_code == 1
    assert "NOSUCHFUNCTION" in res.output and "strict" in res.output
    assert not (tmp_path / "out" / "b.xlsx").exists()
    # without --strict the book is written, the cell is #NAME? and a warning names it
    res = CliRunner().invoke(main, ["recalc", str(src), "-o", str(tmp_path / "lax")])
    assert res.exit_code == 0 and "NOSUCHFUNCTION" in res.output
    assert _values(tmp_path / "lax" / "b.xlsx", "A1", "A2") == ["#NAME?", 2]


def test_a_bad_day_is_a_usage_error(tmp_path):
    src = _book(tmp_path / "b.xlsx", {"A1": "=TODAY()"})
    res = CliRunner().invoke(main, ["recalc", str(src), "-o", str(tmp_path / "out"), "--today", "2026-13-01"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
