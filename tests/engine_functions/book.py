"""Evaluate a few cells in a fresh workbook (shared by the function tests)."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl

from socroi_xl.engine import evaluate


def run(tmp_path: Path, cells: dict[str, object], sheet: str = "S", hidden_rows: tuple[int, ...] = ()) -> dict[str, object]:
    """Write ``cells`` into a workbook (rows in ``hidden_rows`` hidden), evaluate it,
    return {cell: value}."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for ref, value in cells.items():
        ws[ref] = value
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def close(a: object, b: float, rel: float = 1e-9) -> bool:
    return isinstance(a, float) and math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def formulas(tmp_path: Path, data: dict[str, object], cases: dict[str, str]) -> dict[str, object]:
    """Evaluate ``cases`` ({name: formula}) beside ``data``; {name: value}."""
    cells = dict(data)
    names = {}
    for i, (name, f) in enumerate(cases.items(), start=1):
        cells[f"Z{i}"] = f
        names[name] = f"Z{i}"
    v = run(tmp_path, cells)
    return {name: v[ref] for name, ref in names.items()}
