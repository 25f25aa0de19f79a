"""ECMA.CEILING: the CEILING of ECMA-376, which Excel evaluates as CEILING.

Expected values: the examples of Microsoft's "CEILING function" page, and SheetJS/test_files
``formula_stress_test.xlsx`` sheet Math, B17 ``=ECMA.CEILING(B2,2)`` with B2 = 2, saved by
Excel as 2.
"""

from __future__ import annotations

from .book import run


def test_ecma_ceiling_is_ceiling(tmp_path):
    v = run(tmp_path, {
        "A1": "=ECMA.CEILING(2.5,1)",      # 3
        "A2": "=ECMA.CEILING(-2.5,-2)",    # -4: negative with negative, away from zero
        "A3": "=ECMA.CEILING(-2.5,2)",     # -2: negative with positive, toward zero
        "A4": "=ECMA.CEILING(1.5,0.1)",    # 1.5
        "A5": "=ECMA.CEILING(0.234,0.01)", # 0.24
        "A6": "=ECMA.CEILING(2,2)",        # 2 (Excel's saved value in formula_stress_test.xlsx)
        "A7": "=ECMA.CEILING(2.5,-1)",     # #NUM!: a positive number, a negative significance
    })
    assert [v[f"A{i}"] for i in range(1, 7)] == [3, -4, -2, 1.5, 0.24, 2]
    assert v["A7"] == "#NUM!"
