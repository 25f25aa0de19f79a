"""Engine: arithmetic reads date and time text by the one rule of ``socroi_xl.xl.dates``, the
rule VALUE and DATEVALUE use (it once had a second, shorter list of formats of its own).

Expected values are hand-computed: a serial counts days from 30 December 1899 (for days from
1 March 1900), a time is its fraction of 24 hours.
"""

from __future__ import annotations

import openpyxl

from socroi_xl.engine import evaluate

TEXTS = {
    "6 PM": 0.75,                                # 18 / 24
    "10:30": 0.4375,                             # 10.5 / 24
    "Jan-2024": 45292.0,                         # 1 January 2024: 45,292 days after 30 Dec 1899
    "Friday, January 5, 2024": 45296.0,          # four days later
    "1/5/2024 6:00 PM": 45296.75,
    "1899-12-31": "#VALUE!",                     # before the 1900 system's first day
}


def test_arithmetic_and_value_read_date_text_alike(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, text in enumerate(TEXTS, start=1):
        ws[f"A{r}"] = text
        ws[f"B{r}"] = f"=A{r}+0"
        ws[f"C{r}"] = f"=VALUE(A{r})"
    wb.save(tmp_path / "b.xlsx")
    df = evaluate(tmp_path / "b.xlsx")
    got = dict(zip(df["cell"], df["value"], strict=True))
    for r, (text, want) in enumerate(TEXTS.items(), start=1):
        assert got[f"B{r}"] == want, (text, got[f"B{r}"])
        assert got[f"C{r}"] == want, (text, got[f"C{r}"])
