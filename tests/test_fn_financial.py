"""Financial functions: the examples of Microsoft's documentation (support.microsoft.com,
"<NAME> function", the example table of each: the values as the page shows them, to its
rounding), Excel's documented error rules, and hand computations in the comments. The broad
cross-check against LibreOffice 7.4 is tests/golden/fn_fin.json."""

from __future__ import annotations

import math

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate


def run(tmp_path, cells: dict[str, object]) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def near(got: object, want: float, places: int) -> bool:
    """``got`` shown to ``places`` decimals is ``want`` (the documentation's rounding)."""
    return isinstance(got, float) and abs(got - want) <= 0.5 * 10.0**-places + 1e-12


def check(v: dict[str, object], expected: dict[str, tuple[float, int]]) -> None:
    for cell, (want, places) in expected.items():
        assert near(v[cell], want, places), (cell, v[cell], want)


def test_annuity_documented_examples(tmp_path):
    v = run(tmp_path, {
        "A1": "=PV(0.08/12,12*20,500,,0)",           # ($59,777.15)
        "A2": "=FV(0.06/12,10,-200,-500,1)",         # $2,581.40
        "A3": "=FV(0.12/12,12,-1000)",               # $12,682.50
        "A4": "=FV(0.11/12,35,-2000,,1)",            # $82,846.25
        "A5": "=PMT(0.08/12,10,10000)",              # ($1,037.03)
        "A6": "=PMT(0.08/12,10,10000,0,1)",          # ($1,030.16)
        "A7": "=PMT(0.06/12,18*12,0,50000)",         # ($129.08)
        "A8": "=IPMT(0.1/12,1,3*12,8000)",           # ($66.67)
        "A9": "=IPMT(0.1,3,3,8000)",                 # ($292.45)
        "A10": "=PPMT(0.1/12,1,2*12,2000)",          # ($75.62)
        "A11": "=PPMT(0.08,10,10,200000)",           # ($27,598.05)
        "A12": "=NPER(0.12/12,-100,-1000,10000,1)",  # 59.6738657
        "A13": "=NPER(0.12/12,-100,-1000,10000)",    # 60.0821229
        "A14": "=NPER(0.12/12,-100,-1000)",          # -9.5785940
        "A15": "=RATE(4*12,-200,8000)*12",           # 9.24%
        "A16": "=ISPMT(0.1/12,1,3*12,8000000)",      # -64814.8
        "A17": "=ISPMT(0.1,1,3,8000000)",            # -533333
        "A18": "=CUMIPMT(0.09/12,30*12,125000,13,24,0)",  # -11135.23
        "A19": "=CUMIPMT(0.09/12,30*12,125000,1,1,0)",    # -937.50
        "A20": "=CUMPRINC(0.09/12,30*12,125000,13,24,0)",  # -934.1071234
        "A21": "=CUMPRINC(0.09/12,30*12,125000,1,1,0)",    # -68.27827118
        "A22": "=_xlfn.PDURATION(2.5%,2000,2200)",   # 3.86
        "A23": "=_xlfn.PDURATION(0.025/12,1000,1200)",  # 87.6
        "A24": "=_xlfn.RRI(96,10000,11000)",         # 0.0009933
    })
    check(v, {
        "A1": (-59777.15, 2), "A2": (2581.40, 2), "A3": (12682.50, 2), "A4": (82846.25, 2),
        "A5": (-1037.03, 2), "A6": (-1030.16, 2), "A7": (-129.08, 2), "A8": (-66.67, 2),
        "A9": (-292.45, 2), "A10": (-75.62, 2), "A11": (-27598.05, 2), "A12": (59.6738657, 7),
        "A13": (60.0821229, 7), "A14": (-9.5785940, 7), "A15": (0.0924, 4), "A16": (-64814.8, 1),
        "A17": (-533333, 0), "A18": (-11135.23, 2), "A19": (-937.50, 2), "A20": (-934.1071234, 7),
        "A21": (-68.27827118, 8), "A22": (3.86, 2), "A23": (87.6, 1), "A24": (0.0009933, 7),
    })


def test_annuity_identities(tmp_path):
    # rate 0: PV(0, 10, -100, 50) = -(50 - 1000) = 950; PMT(0, 10, 1000) = -100;
    # NPER(0, -100, 1000) = 10; the future value of the present value of -1000 is 1000 paid
    # back with the opposite sign: FV(r, n, 0, PV(r, n, 0, -1000)) = -1000
    v = run(tmp_path, {
        "A1": "=PV(0,10,-100,50)", "A2": "=PMT(0,10,1000)", "A3": "=NPER(0,-100,1000)",
        "A4": "=FV(0.05,10,0,PV(0.05,10,0,-1000))",  # -1000
        "A5": "=PMT(0.1,0,1000)",  # no periods: #NUM!
        "A6": "=IPMT(0.1,4,3,8000)",  # a period beyond nper: #NUM!
        "A7": "=NPER(0.1,-100,2000)",  # payments of 100 never cover interest of 200: #NUM!
    })
    assert (v["A1"], v["A2"], v["A3"]) == (950.0, -100.0, 10.0)
    assert math.isclose(v["A4"], -1000.0, rel_tol=1e-12)
    assert (v["A5"], v["A6"], v["A7"]) == ("#NUM!", "#NUM!", "#NUM!")


def test_cash_flow_documented_examples(tmp_path):
    v = run(tmp_path, {
        **{f"A{i}": x for i, x in enumerate([-70000, 12000, 15000, 18000, 21000, 26000], start=2)},
        **{f"B{i}": x for i, x in enumerate([-10000, 2750, 4250, 3250, 2750], start=2)},
        "C2": "=DATE(2008,1,1)", "C3": "=DATE(2008,3,1)", "C4": "=DATE(2008,10,30)",
        "C5": "=DATE(2009,2,15)", "C6": "=DATE(2009,4,1)",
        **{f"D{i}": x for i, x in enumerate([-120000, 39000, 30000, 21000, 37000, 46000], start=2)},
        **{f"E{i}": x for i, x in enumerate([-40000, 8000, 9200, 10000, 12000, 14500], start=2)},
        "F1": "=IRR(A2:A6)",                 # -2.1%
        "F2": "=IRR(A2:A7)",                 # 8.7%
        "F3": "=IRR(A2:A4,-10%)",            # -44.4%
        "F4": "=NPV(0.1,-10000,3000,4200,6800)",  # $1,188.44
        "F5": "=NPV(8%,E3:E7)+E2",           # $1,922.06
        "F6": "=NPV(8%,E3:E7,-9000)+E2",     # ($3,749.47)
        "F7": "=XNPV(.09,B2:B6,C2:C6)",      # $2,086.65
        "F8": "=XIRR(B2:B6,C2:C6,0.1)",      # 0.373362535 (37.34%); Excel stops within 1e-8
        "F9": "=MIRR(D2:D7,10%,12%)",        # 13%
        "F10": "=MIRR(D2:D5,10%,12%)",       # -5%
        "F11": "=MIRR(D2:D7,10%,14%)",       # 13%
        "F12": "=FVSCHEDULE(1,{0.09,0.11,0.1})",  # 1.33089
    })
    check(v, {"F1": (-0.021, 3), "F2": (0.087, 3), "F3": (-0.444, 3), "F4": (1188.44, 2), "F5": (1922.06, 2),
              "F6": (-3749.47, 2), "F7": (2086.65, 2), "F8": (0.373362535, 8), "F9": (0.13, 2), "F10": (-0.05, 2),
              "F11": (0.13, 2), "F12": (1.33089, 5)})


def test_iterative_solvers_give_num_when_they_do_not_settle(tmp_path):
    # Excel: IRR and RATE: #NUM! when 20 tries do not settle; no sign change: no rate at all
    v = run(tmp_path, {
        "A1": "=IRR({1,2,3})",                 # all positive: #NUM!
        "A2": "=IRR({-1,-2})",                 # all negative: #NUM!
        "A3": "=XIRR({100,200},{1,2})",        # all positive: #NUM!
        "A4": "=XIRR({-100,110},{1,366})",     # one year, 10% more: 0.1
        "A5": "=RATE(10,-100,1000)",           # 10 payments of 100 repay 1000: 0 (to 1e-7)
        "A6": "=RATE(0,-100,1000)",            # no periods: #NUM!
        "A7": "=XIRR({-100,110},{366,1})",     # a date before the first: #NUM!
        "A8": "=XNPV(0.1,{-100,110},{1,366,400})",  # sizes differ: #NUM!
        "A9": "=IRR({-7,2,-1,4,-3;7,2,-1,4,#N/A})",  # an error among the values: #VALUE!
    })                                              # (formulas' test.xlsx, Excel-saved)
    assert v["A9"] == "#VALUE!"
    assert (v["A1"], v["A2"], v["A3"]) == ("#NUM!", "#NUM!", "#NUM!")
    assert abs(v["A4"] - 0.1) < 1e-9 and abs(v["A5"]) < 1e-7
    assert (v["A6"], v["A7"], v["A8"]) == ("#NUM!", "#NUM!", "#NUM!")


def test_xirr_reads_its_cells_as_excel_saved_them(tmp_path):
    # IronCalc's FINANCIAL/XIRR.xlsx and formulas' test.xlsx (Excel's saved values): XIRR
    # reads a blank flow as 0, skips a flow blank with its date, reads numeric text, and
    # gives #VALUE! for other text and logical values; XNPV gives #NUM! for all of these
    v = run(tmp_path, {
        "A1": -100, "A2": None, "A3": 110, "A4": None, "A5": "x", "A6": True,
        "B1": 1, "B2": 100, "B3": 366, "B4": None, "B5": 200, "B6": 200,
        "C1": "=XIRR(A1:A3,B1:B3)",         # the blank flow is 0: 0.1
        "C2": "=XIRR(A1:A4,B1:B4)",         # ... a blank row skipped: 0.1
        "C3": "=XIRR(A1:A5,B1:B5)",         # text: #VALUE!
        "C4": "=XIRR(A1:A6,B1:B6)",         # a logical value: #VALUE!
        "C5": "=XNPV(0.1,A1:A3,B1:B3)",     # a blank flow: #NUM!
    })
    assert abs(v["C1"] - 0.1) < 1e-9 and abs(v["C2"] - 0.1) < 1e-9
    assert (v["C3"], v["C4"], v["C5"]) == ("#VALUE!", "#VALUE!", "#NUM!")


def test_vdb_from_a_fractional_start_as_excel_saved_it(tmp_path):
    # xlcalculator's VDB.xlsx (Excel's saved values; cost 1, life 14, factor 1.25): from a
    # start of 2.5 Excel counts whole years 2.5-3.5, 3.5-4.5, ... (0-0.5 the first, half a
    # year's depreciation), declining balance until straight line over the life left is more
    v = run(tmp_path, {
        "A1": "=VDB(1,0,14,0,0.5,1.25)", "A2": "=VDB(1,0,14,0.5,1.5,1.25)", "A3": "=VDB(1,0,14,2.5,3.5,1.25)",
        "A4": "=VDB(1,0,14,3.5,4.5,1.25)", "A5": "=VDB(1,0,14,12.5,13.5,1.25)", "A6": "=VDB(1,0,14,13.5,14,1.25)",
        "A7": "=VDB(1,0,14,13,14,1.25)", "A8": "=VDB(575000,5000,10,4,5,1.5)",
    })
    want = [0.044642857142857144, 0.08529974489795919, 0.07074765193864536, 0.06872629045468406,
            0.06872629045468406, 0.03436314522734203, 0.06866789938377948, 49192.265625]
    for i, w in enumerate(want, start=1):
        assert math.isclose(v[f"A{i}"], w, rel_tol=1e-12), (i, v[f"A{i}"], w)


def test_oddlprice_long_last_period_as_excel_saved_it(tmp_path):
    # IronCalc's PRICE_YIELD.xlsx (Excel's saved values): a last period of ten years sums its
    # quasi-coupon periods; actual/360 measures them in actual days
    base = "DATE(2020,3,1),DATE(2030,3,1),DATE(2020,1,15)"
    cases = {
        "A1": (f"=ODDLPRICE({base},0.075,0.06,120,2,1)", 121.51937811334447),
        "A2": (f"=ODDLPRICE({base},0.075,0.0589,120,2,2)", 122.36705839417525),
        "A3": (f"=ODDLPRICE({base},0.08,0.0711,120,2,3)", 116.47102012136368),
        "A4": (f"=ODDLPRICE({base},0.075,0.02,120,2,4)", 162.34027777777777),
        "A5": (f"=ODDLPRICE({base},0.075,0.06,120,1,1)", 121.52128858401393),
        "A6": (f"=ODDLPRICE({base},0.075,0.0589,120,1,2)", 122.3689285685928),
        "A7": (f"=ODDLYIELD({base},0.075,121.51937811334447,120,2,1)", 0.06),
    }
    v = run(tmp_path, {k: f for k, (f, _) in cases.items()})
    for cell, (_, want) in cases.items():
        assert math.isclose(v[cell], want, rel_tol=1e-12), (cell, v[cell], want)


def test_depreciation_documented_examples(tmp_path):
    v = run(tmp_path, {
        "A1": "=SLN(30000,7500,10)",          # $2,250
        "A2": "=SYD(30000,7500,10,1)",        # $4,090.91
        "A3": "=SYD(30000,7500,10,10)",       # $409.09
        **{f"B{p}": f"=DB(1000000,100000,6,{p},7)" for p in range(1, 8)},
        "C1": "=DDB(2400,300,10*365,1)",      # $1.32
        "C2": "=DDB(2400,300,10*12,1,2)",     # $40.00
        "C3": "=DDB(2400,300,10,1,2)",        # $480.00
        "C4": "=DDB(2400,300,10,2,1.5)",      # $306.00
        "C5": "=DDB(2400,300,10,10)",         # $22.12
        "D1": "=VDB(2400,300,10*365,0,1)",    # $1.32
        "D2": "=VDB(2400,300,10*12,0,1)",     # $40.00
        "D3": "=VDB(2400,300,10,0,1)",        # $480.00
        "D4": "=VDB(2400,300,10*12,6,18)",    # $396.31
        "D5": "=VDB(2400,300,10*12,6,18,1.5)",  # $311.81
        "D6": "=VDB(2400,300,10,0,0.875,1.5)",  # $315.00
    })
    check(v, {"A1": (2250, 0), "A2": (4090.91, 2), "A3": (409.09, 2),
              # DB: $186,083.33, $259,639.42, $176,814.44, $120,410.64, $81,999.64, $55,841.76, $15,845.10
              "B1": (186083.33, 2), "B2": (259639.42, 2), "B3": (176814.44, 2), "B4": (120410.64, 2),
              "B5": (81999.64, 2), "B6": (55841.76, 2), "B7": (15845.10, 2),
              "C1": (1.32, 2), "C2": (40.00, 2), "C3": (480.00, 2), "C4": (306.00, 2), "C5": (22.12, 2),
              "D1": (1.32, 2), "D2": (40.00, 2), "D3": (480.00, 2), "D4": (396.31, 2), "D5": (311.81, 2), "D6": (315.00, 2)})


def test_rates_and_fractional_prices_documented_examples(tmp_path):
    v = run(tmp_path, {"A1": "=EFFECT(0.0525,4)", "A2": "=NOMINAL(0.053543,4)", "A3": "=DOLLARDE(1.02,16)",
                       "A4": "=DOLLARDE(1.1,32)", "A5": "=DOLLARFR(1.125,16)", "A6": "=DOLLARFR(1.125,32)",
                       "A7": "=DOLLARDE(1.1,0)", "A8": "=DOLLARDE(1.1,-1)", "A9": "=EFFECT(0.05,0.5)"})
    check(v, {"A1": (0.0535427, 7), "A2": (0.05250032, 8), "A3": (1.125, 3), "A4": (1.3125, 4), "A5": (1.02, 2), "A6": (1.04, 2)})
    # fraction 0: #DIV/0!; negative: #NUM!; npery < 1: #NUM! (documented)
    assert (v["A7"], v["A8"], v["A9"]) == ("#DIV/0!", "#NUM!", "#NUM!")


def test_coupon_functions_documented_examples(tmp_path):
    s, m = "DATE(2011,1,25)", "DATE(2011,11,15)"
    v = run(tmp_path, {
        "A1": f"=COUPDAYBS({s},{m},2,1)",   # 71
        "A2": f"=COUPDAYS({s},{m},2,1)",    # 181
        "A3": f"=COUPDAYSNC({s},{m},2,1)",  # 110
        "A4": f"=COUPNCD({s},{m},2,1)",     # 15-May-2011: 40678
        "A5": "=COUPNUM(DATE(2007,1,25),DATE(2008,11,15),2,1)",  # 4
        "A6": f"=COUPPCD({s},{m},2,1)",     # 15-Nov-2010: 40497
        "A7": f"=COUPNUM({s},{m},3,1)",     # frequency 3: #NUM!
        "A8": f"=COUPNUM({m},{s},2,1)",     # settlement after maturity: #NUM!
        "A9": f"=COUPDAYS({s},{m},2,5)",    # basis 5: #NUM!
        "A10": f'=COUPDAYS("x",{m},2,1)',   # not a date: #VALUE!
    })
    assert [v[f"A{i}"] for i in range(1, 7)] == [71.0, 181.0, 110.0, 40678.0, 4.0, 40497.0]
    assert (v["A7"], v["A8"], v["A9"], v["A10"]) == ("#NUM!", "#NUM!", "#NUM!", "#VALUE!")


def test_bond_documented_examples(tmp_path):
    v = run(tmp_path, {
        "A1": "=PRICE(DATE(2008,2,15),DATE(2017,11,15),5.75%,6.5%,100,2,0)",      # $94.63
        "A2": "=YIELD(DATE(2008,2,15),DATE(2016,11,15),5.75%,95.04287,100,2,0)",  # 6.5%
        "A3": "=DURATION(DATE(2018,7,1),DATE(2048,1,1),8%,9%,2,1)",               # 10.9191453
        "A4": "=DURATION(DATE(2008,1,1),DATE(2016,1,1),8%,9%,2,1)",               # 5.993775 (the earlier page)
        "A5": "=MDURATION(DATE(2008,1,1),DATE(2016,1,1),8%,9%,2,1)",              # 5.73567
        "A6": "=ACCRINT(DATE(2008,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0)",  # 16.666667
        "A7": "=ACCRINT(DATE(2008,3,5),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0,FALSE)",  # 15.555556
        "A8": "=ACCRINT(DATE(2008,4,5),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0,TRUE)",  # 7.2222222
        "A9": "=ACCRINTM(DATE(2008,4,1),DATE(2008,6,15),0.1,1000,3)",             # 20.54794521
        "A10": "=ODDLPRICE(DATE(2008,2,7),DATE(2008,6,15),DATE(2007,10,15),0.0375,0.0405,100,2,0)",  # 99.87829
        "A11": "=ODDLYIELD(DATE(2008,4,20),DATE(2008,6,15),DATE(2007,12,24),0.0375,99.875,100,2,0)",  # 0.045192
    })
    check(v, {"A1": (94.63, 2), "A2": (0.065, 3), "A3": (10.9191453, 7), "A4": (5.993775, 6), "A5": (5.73567, 5),
              "A6": (16.666667, 6), "A7": (15.555556, 6), "A8": (7.2222222, 7), "A9": (20.54794521, 8),
              "A10": (99.87829, 5), "A11": (0.045192, 6)})


def test_yield_with_one_coupon_period_left_is_excels_closed_form(tmp_path):
    # settlement 15 Feb 2008, maturity 15 May 2008, 5.75% semi-annual, price 99.8, basis 0:
    # A = 90 days (from 15 Nov), E = 180, DSR = 90; Excel's formula:
    # ((100/100 + 0.02875) - (99.8/100 + 90/180*0.02875)) / (0.998 + 0.014375) * (2*180/90)
    # = 0.016375 / 1.012375 * 4 = 0.0646993456
    v = run(tmp_path, {"A1": "=YIELD(DATE(2008,2,15),DATE(2008,5,15),0.0575,99.8,100,2,0)"})
    assert abs(v["A1"] - 0.016375 / 1.012375 * 4) < 1e-12


def test_discount_securities_documented_examples(tmp_path):
    v = run(tmp_path, {
        "A1": "=PRICEDISC(DATE(2008,2,16),DATE(2008,3,1),5.25%,100,2)",    # $99.80
        "A2": "=YIELDDISC(DATE(2008,2,16),DATE(2008,3,1),99.795,100,2)",   # 0.052823
        "A3": "=DISC(DATE(2018,1,25),DATE(2018,6,15),97.975,100,1)",        # 0.052420213
        "A4": "=INTRATE(DATE(2008,2,15),DATE(2008,5,15),1000000,1014420,2)",  # 5.77%
        "A5": "=RECEIVED(DATE(2008,2,15),DATE(2008,5,15),1000000,5.75%,2)",   # $1,014,584.65
        "A6": "=PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2007,11,11),6.1%,6.1%,0)",  # $99.98
        "A7": "=YIELDMAT(DATE(2008,3,15),DATE(2008,11,3),DATE(2007,11,8),6.25%,100.0123,0)",  # 6.10%
        "A8": "=TBILLEQ(DATE(2008,3,31),DATE(2008,6,1),9.14%)",   # 9.42%
        "A9": "=TBILLPRICE(DATE(2008,3,31),DATE(2008,6,1),9%)",   # $98.45
        "A10": "=TBILLYIELD(DATE(2008,3,31),DATE(2008,6,1),98.45)",  # 9.14%
        "A11": "=TBILLPRICE(DATE(2008,3,31),DATE(2009,6,1),9%)",  # more than a year: #NUM!
        "A12": "=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.15,1)",  # 776
        "A13": "=AMORLINC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.15,1)",   # 360
    })
    check(v, {"A1": (99.80, 2), "A2": (0.052823, 6), "A3": (0.052420213, 9), "A4": (0.0577, 4), "A5": (1014584.65, 2), "A6": (99.98, 2),
              "A7": (0.0610, 4), "A8": (0.0942, 4), "A9": (98.45, 2), "A10": (0.0914, 4), "A12": (776, 0), "A13": (360, 0)})
    assert v["A11"] == "#NUM!"


def test_actual_actual_year_fraction_over_many_years(tmp_path):
    # basis 1 over more than a year: the days over the average length of the years spanned.
    # 7 Jan 2018 to 1 Jan 2048: 30*365 + 7 leap days - 6 = 10951 days; 2018-2048 are 31 years
    # of 11323 days: DISC = (1 - 97.975/100) / (10951 / (11323/31))
    v = run(tmp_path, {"A1": "=DISC(DATE(2018,1,7),DATE(2048,1,1),97.975,100,1)"})
    assert near(v["A1"], 0.02025 / (10951 / (11323 / 31)), 12)


def test_tbilleq_beyond_half_a_year_is_a_one_coupon_bond_yield(tmp_path):
    # Values Excel saved (IronCalc's TBILLs.xlsx, MIT): up to 182 days the page's formula,
    # 365 x 0.5 / (360 - 0.5 x 182) = 0.678438662; beyond, the yield of a bond paying one
    # coupon: 360 days at 80% is 2.5066048253748145 (the page's formula would give 4.0556),
    # 365 days at 50% 0.8482759796652481; 366 days after 26 Sep 1902 is over a year: #NUM!
    v = run(tmp_path, {"A1": "=TBILLEQ(20000,20182,0.5)", "A2": "=TBILLEQ(2040,2400,0.8)",
                       "A3": "=TBILLEQ(14640,15005,0.5)", "A4": "=TBILLEQ(1000,1366,0.5)",
                       "A5": "=TBILLEQ(TRUE,45731,0.5)", "A6": "=TBILLPRICE(45366,45731,TRUE)"})
    assert near(v["A1"], 365 * 0.5 / (360 - 0.5 * 182), 12)
    assert math.isclose(v["A2"], 2.5066048253748145, rel_tol=1e-12)
    assert math.isclose(v["A3"], 0.8482759796652481, rel_tol=1e-12)
    # logical values are not dates or rates here: #VALUE! (saved values)
    assert (v["A4"], v["A5"], v["A6"]) == ("#NUM!", "#VALUE!", "#VALUE!")


def test_accrint_sums_quasi_coupon_periods_as_excel_does(tmp_path):
    # Values Excel saved (IronCalc's ACCRINT.xlsx, MIT)
    v = run(tmp_path, {
        "A1": "=ACCRINT(DATE(2007,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0)",        # 116.944444
        "A2": "=ACCRINT(DATE(2007,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0,FALSE)",  # 66.944444
        "A3": "=ACCRINT(DATE(2017,1,1),DATE(2017,12,1),DATE(2017,4,1),0.33,3000,4,1)",       # 241.123626
    })
    assert math.isclose(v["A1"], 116.94444444444446, rel_tol=1e-12)
    assert math.isclose(v["A2"], 66.94444444444446, rel_tol=1e-12)
    assert math.isclose(v["A3"], 241.12362637362637, rel_tol=1e-12)


def test_annuity_functions_filled_down_and_lifted(tmp_path):
    # a loan table filled down (the numpy path) equals the cell-by-cell definition, and an
    # array of rates gives an array of payments
    cells = {}
    for r in range(1, 41):
        cells[f"A{r}"] = 0.01 * (r % 7)  # includes rate 0
        cells[f"B{r}"] = f"=PMT(A{r}/12,36,10000)"
        cells[f"C{r}"] = f"=FV(A{r}/12,36,-100,-1000,1)"
    cells["D1"] = ArrayFormula("D1:D3", "=PMT({0;0.12;0.24}/12,12,1200)")
    v = run(tmp_path, cells)
    for r in range(1, 41):
        rate = 0.01 * (r % 7) / 12
        pmt = -10000 / 36 if rate == 0 else -10000 * (1 + rate) ** 36 * rate / ((1 + rate) ** 36 - 1)
        assert math.isclose(v[f"B{r}"], pmt, rel_tol=1e-12), r
        g = (1 + rate) ** 36
        fv = 100 * 36 + 1000 if rate == 0 else 1000 * g + 100 * (1 + rate) * (g - 1) / rate
        assert math.isclose(v[f"C{r}"], fv, rel_tol=1e-12), r
    assert v["D1"] == -100.0 and math.isclose(v["D2"], -1200 * 0.01 * 1.01**12 / (1.01**12 - 1), rel_tol=1e-12)


@pytest.mark.parametrize(("formula", "error"), [
    ("=PV(\"x\",1,1)", "#VALUE!"),
    ("=NPV(0.1,1/0)", "#DIV/0!"),
    ("=CUMIPMT(0,360,125000,1,12,0)", "#NUM!"),  # rate <= 0
    ("=CUMIPMT(0.01,360,125000,1,12,2)", "#NUM!"),  # type not 0 or 1
    ("=SYD(1000,100,0,1)", "#NUM!"),
    ("=DDB(2400,300,10,11)", "#NUM!"),  # period > life
    ("=VDB(2400,300,10,5,2)", "#NUM!"),  # start > end
    ("=PRICE(DATE(2008,2,15),DATE(2017,11,15),-1%,6.5%,100,2,0)", "#NUM!"),  # rate < 0
    ("=YIELD(DATE(2008,2,15),DATE(2016,11,15),5.75%,0,100,2,0)", "#NUM!"),  # pr <= 0
])
def test_documented_error_codes(tmp_path, formula, error):
    assert run(tmp_path, {"A1": formula})["A1"] == error


def test_solvers_and_edge_rules_match_excels_saved_values(tmp_path):
    # Values Excel saved in IronCalc's test books (MIT, xlsx/tests/calc_tests/FINANCIAL/):
    # IRR and RATE find rates 20 Newton steps from the guess do not reach; a guess of -100%
    # is #VALUE!; MIRR finances at -100% (only the first payment counts) and is -1 with no
    # receipt; CUMIPMT/CUMPRINC start at the first whole period from start_period; IPMT takes
    # a period up to (not including) nper + 1; a rate of -100% or less, or a negative base to
    # a fractional power: #NUM!.
    cells = {f"{c}1": x for c, x in zip("ABCEF", [-20, 5, 5, -10, 5], strict=True)}  # D1 blank
    cases = {
        "H1": ("=IRR(A1:F1)", -0.44892834955312866),
        "H2": ("=RATE(300,-200,8000,0,1)", 0.025627751816686105),
        "H3": ("=RATE(300,-200,8000)", 0.024984769422422157),
        "H4": ("=IRR(A1:F1,-1)", "#VALUE!"),
        "H5": ("=-MIRR({-5,4},-1,0.2)", 0.19999999999999996),
        "H6": ("=MIRR({-6,-1,-2},0.1,0.2)", -1.0),
        "H7": ("=MIRR({-50,25,30},0.5,-12)", "#NUM!"),
        "H8": ("=CUMPRINC(0.01,36,8000,1.2,8.53,1)", -1339.6579298169904),
        "H9": ("=CUMIPMT(0.8,36,18000,2.7,9.667,1)", -55999.99877582575),
        "H10": ("=RATE(10,-1200,2000,0,1)", "#NUM!"),
        "H11": ("=IPMT(0.1,3.9,3,8000,10,1)", -26.866364667656377),
        "H12": ("=PMT(-3,5,100,300,1)", "#NUM!"),
        "H13": ("=FV(-3,-3.5,1)", "#NUM!"),
        "H14": ("=IRR({2,-3})", 0.4999999999999998),
        "H15": ("=IRR({-5,1})", -0.8),
        "H16": ("=CUMIPMT(0.3,12,8000,5.1,5,1)", "#NUM!"),     # start rounds up past end
        "H17": ("=CUMIPMT(0.01,36,8000,TRUE,10,0)", "#VALUE!"),  # a logical period
        "H18": ("=NOMINAL(10,TRUE)", "#VALUE!"),
        "H19": ("=EFFECT(FALSE,2.9)", "#VALUE!"),
    }
    v = run(tmp_path, {**cells, **{k: f for k, (f, _) in cases.items()}})
    for cell, (formula, want) in cases.items():
        got = v[cell]
        if isinstance(want, float):
            assert isinstance(got, float) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), (formula, got, want)
        else:
            assert got == want, (formula, got, want)


def test_odd_first_period_documented_examples_and_saved_values(tmp_path):
    s, m, i, f = "DATE(2008,11,11)", "DATE(2021,3,1)", "DATE(2008,10,15)", "DATE(2009,3,1)"
    long_ = "DATE(2020,3,1),DATE(2030,3,1),DATE(2020,1,15),DATE(2021,3,1)"  # a long first period
    v = run(tmp_path, {
        "A1": f"=ODDFPRICE({s},{m},{i},{f},7.85%,6.25%,100,2,1)",   # documented: $113.60 (113.597717474079)
        "A2": f"=ODDFYIELD({s},{m},{i},{f},5.75%,84.50,100,2,0)",   # documented: 7.72% (0.0772455)
        # values Excel saved in IronCalc's PRICE_YIELD.xlsx (MIT), every basis
        "B1": f"=ODDFPRICE({long_},0.075,0.05,120,1,1)", "B2": f"=ODDFPRICE({long_},0.075,0.067,120,1,2)",
        "B3": f"=ODDFPRICE({long_},0.08,0.06,120,1,3)", "B4": f"=ODDFPRICE({long_},0.075,0.03,120,1,4)",
        "B5": f"=ODDFPRICE({long_},0.075,0.05,120,2,1)", "B6": f"=ODDFPRICE({long_},0.075,0.05,30,2,1)",
        "B7": f"=ODDFPRICE({long_},0.075,0.06,120,1,5)",  # basis 5: #NUM!
        "C1": f"=ODDFYIELD({long_},0.075,B1,120,1,1)",   # back to 0.05
        "C2": f"=ODDFYIELD({s},{i},{m},{f},5.75%,84.50,100,2,0)",  # dates out of order: #NUM!
    })
    assert math.isclose(v["A1"], 113.597717474079, rel_tol=1e-12)
    assert near(v["A2"], 0.0772455, 7)
    saved = {"B1": 131.5377155865953, "B2": 115.98854775223758, "B3": 125.83100063105158, "B4": 153.2398784420665,
             "B5": 131.55696869340122, "B6": 76.63258383610646}
    for cell, want in saved.items():
        assert math.isclose(v[cell], want, rel_tol=1e-12), (cell, v[cell], want)
    assert v["B7"] == "#NUM!" and v["C2"] == "#NUM!"
    assert math.isclose(v["C1"], 0.05, rel_tol=1e-9)
