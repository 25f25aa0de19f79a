"""The SOCROI functions, as the spec states them.

Every expected number is computed by hand in the comment beside it (or comes from the
published example named there); none was produced by running this library.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from socroi_xl import udfs
from socroi_xl.errors import XLError
from socroi_xl.registry import REGISTRY

F = {name: spec.func for name, spec in REGISTRY.items()}


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


# --- the formulas -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        # (12,000 − 8,000) / 8,000 = 0.5
        ("SOCROI", (12000, 8000), 0.5),
        # a loss: (6,000 − 8,000) / 8,000 = −0.25
        ("SOCROI", (6000, 8000), -0.25),
        # 18,000 / 4,000 = 4.5
        ("SOCROI_ROAS", (18000, 4000), 4.5),
        # 1,250 / 500,000 × 1,000 = 2.5
        ("SOCROI_CPM", (1250, 500000), 2.5),
        # 90 / 120 = 0.75
        ("SOCROI_CPC", (90, 120), 0.75),
        # 45 / 3,000 = 0.015
        ("SOCROI_CTR", (45, 3000), 0.015),
        # 2,400 / 60 = 40 (cost per lead with leads as the conversions)
        ("SOCROI_CPA", (2400, 60), 40.0),
        # 18 / 600 = 0.03
        ("SOCROI_CONV_RATE", (18, 600), 0.03),
        # 720 / 24,000 = 0.03
        ("SOCROI_ENGAGEMENT_RATE", (720, 24000), 0.03),
        # (11,500 − 10,000) / 10,000 = 0.15; a fall: (9,000 − 10,000) / 10,000 = −0.1
        ("SOCROI_GROWTH", (10000, 11500), 0.15),
        ("SOCROI_GROWTH", (10000, 9000), -0.1),
        # followers' average deal 6,000 vs others' 5,000: 6,000 / 5,000 − 1 = 0.2
        ("SOCROI_UPLIFT", (6000, 5000), 0.2),
        # time to close 40 days vs 50: 40 / 50 − 1 = −0.2 (faster)
        ("SOCROI_UPLIFT", (40, 50), -0.2),
        # 60 × 4 × 3 × 0.5 = 360; margin omitted means 1: 60 × 4 × 3 = 720
        ("SOCROI_CLV", (60, 4, 3, 0.5), 360.0),
        ("SOCROI_CLV", (60, 4, 3), 720.0),
        # Gupta & Lehmann (2003) with m = 100, r = 0.8, i = 0.12:
        # 100 × 0.8 / (1 + 0.12 − 0.8) = 80 / 0.32 = 250
        ("SOCROI_CLV_RETENTION", (100, 0.8, 0.12), 250.0),
        # 75 × 0.4 = 30
        ("SOCROI_BREAKEVEN_CPA", (75, 0.4), 30.0),
        # 1 / 0.25 = 4
        ("SOCROI_BREAKEVEN_ROAS", (0.25,), 4.0),
        # 75 × 0.4 × 0.02 = 0.6
        ("SOCROI_BREAKEVEN_CPC", (75, 0.4, 0.02), 0.6),
        # 240 / (40 × 0.5) = 12 months
        ("SOCROI_PAYBACK", (240, 40, 0.5), 12.0),
    ],
)
def test_formula_by_hand(name, args, expected):
    assert F[name](*args) == approx(expected)


def test_sum_functions_by_hand():
    # 800 visits × 2.10 + 150 × 0.80 + 50 × 5.00 = 1,680 + 120 + 250 = 2,050
    assert F["SOCROI_PPC_VALUE"]([[800], [150], [50]], [[2.1], [0.8], [5.0]]) == approx(2050.0)
    # one CPC for every row: (800 + 150 + 50) × 1.25 = 1,250
    assert F["SOCROI_PPC_VALUE"]([[800], [150], [50]], 1.25) == approx(1250.0)
    # 1,000 likes × 0.05 + 200 shares × 0.50 + 12 leads × 30 = 50 + 100 + 360 = 510
    assert F["SOCROI_ACTION_VALUE"]([1000, 200, 12], [0.05, 0.5, 30]) == approx(510.0)
    # staff 30 h × 50 + 10 h × 90 = 1,500 + 900; other 99 + 1,200 + 45 = 1,344 -> 3,744
    assert F["SOCROI_EFFORT_COST"]([[30], [10]], [[50], [90]], [[99], [1200], [45]]) == approx(3744.0)
    # without other costs: 2,400
    assert F["SOCROI_EFFORT_COST"]([[30], [10]], [[50], [90]]) == approx(2400.0)


def test_funnel_step_and_overall_keep_the_orientation():
    stages = [[20000], [800], [40], [8]]
    # step: 800/20000 = 0.04, 40/800 = 0.05, 8/40 = 0.2 — spilled down, one row fewer
    step = F["SOCROI_FUNNEL"](stages)
    assert step.shape == (3, 1)
    assert step.ravel().tolist() == approx([0.04, 0.05, 0.2])
    # overall: 800/20000 = 0.04, 40/20000 = 0.002, 8/20000 = 0.0004
    assert F["SOCROI_FUNNEL"](stages, "overall").ravel().tolist() == approx([0.04, 0.002, 0.0004])
    # a row of stages spills across
    across = F["SOCROI_FUNNEL"]([[20000, 800, 40, 8]], "Step")
    assert across.shape == (1, 3)
    # paid and organic side by side: one funnel per column
    # paid 1000 -> 100 -> 10: 0.1, 0.1; organic 4000 -> 200 -> 50: 0.05, 0.25
    both = F["SOCROI_FUNNEL"]([[1000, 4000], [100, 200], [10, 50]])
    assert both.tolist() == [approx([0.1, 0.05]), approx([0.1, 0.25])]


def test_funnel_bad_input():
    # a zero stage makes the following step rate #DIV/0!: 0/100 = 0, then 5/0 undefined
    assert F["SOCROI_FUNNEL"]([[100], [0], [5]]).ravel().tolist() == [0.0, "#DIV/0!"]
    assert F["SOCROI_FUNNEL"]([[100], [-1], [5]]).ravel().tolist() == ["#NUM!", "#NUM!"]
    assert F["SOCROI_FUNNEL"]([[100]]) == "#VALUE!"  # one stage: no transition
    assert F["SOCROI_FUNNEL"]([[100], [10]], "cumulative") == "#VALUE!"


def test_keyword_cpc_matches_ignoring_case_and_spaces():
    table_kw = [["running shoes"], ["Trail  Running"], ["yoga mat"], ["running shoes"]]
    table_cpc = [[1.2], [0.95], [0.6], [9.9]]
    got = F["SOCROI_KEYWORD_CPC"]([["  RUNNING   shoes "], ["trail running"], ["hiking"], [None]], table_kw, table_cpc)
    # first matching row wins (1.2, not the later 9.9); no match and blank give #N/A
    assert got.ravel().tolist() == [1.2, 0.95, "#N/A", "#N/A"]
    assert F["SOCROI_KEYWORD_CPC"]("yoga mat", table_kw, table_cpc) == 0.6
    assert F["SOCROI_KEYWORD_CPC"]("yoga mat", table_kw, [[1]]) == "#VALUE!"  # columns differ


def test_utm_builds_and_reads_tracked_links():
    url = F["SOCROI_UTM"]("https://shop.example/p?id=7#reviews", "linkedin", "paid_social", "Q3 B2B", "cmo", "ad 2")
    assert url == (
        "https://shop.example/p?id=7&utm_source=linkedin&utm_medium=paid_social"
        "&utm_campaign=Q3%20B2B&utm_term=cmo&utm_content=ad%202#reviews"
    )
    # an existing utm parameter is replaced, not repeated; numbers are written as Excel shows them
    again = F["SOCROI_UTM"]("https://a.example/?utm_source=old&x=1", "facebook", "social", 2024)
    assert again == "https://a.example/?x=1&utm_source=facebook&utm_medium=social&utm_campaign=2024"
    assert F["SOCROI_UTM_PARAM"](url, "utm_campaign") == "Q3 B2B"
    assert F["SOCROI_UTM_PARAM"](url, "UTM_Content") == "ad 2"
    assert F["SOCROI_UTM_PARAM"](url, "gclid") == "#N/A"
    assert F["SOCROI_UTM"]("https://a.example/", "facebook", None, "x") == "#VALUE!"


# --- shapes ---------------------------------------------------------------------------------


def test_scalar_in_scalar_out_and_arrays_elementwise():
    assert isinstance(F["SOCROI_CPC"](90, 120), float)
    # column against column: 10/5 = 2, 9/3 = 3
    out = F["SOCROI_CPC"]([[10], [9]], [[5], [3]])
    assert out.shape == (2, 1) and out.ravel().tolist() == [2.0, 3.0]
    # a single cell broadcasts: 10/5, 20/5
    assert F["SOCROI_CPC"](np.array([10.0, 20.0]), 5).tolist() == [2.0, 4.0]
    # lists, 2-D lists and numpy arrays are all accepted
    assert F["SOCROI_CPC"]([10, 20], [5, 4]).tolist() == [2.0, 5.0]


def test_incompatible_shapes_give_value_error():
    assert F["SOCROI_CPC"]([[1], [2], [3]], [[1], [2]]) == "#VALUE!"
    assert F["SOCROI_PPC_VALUE"]([[1, 2]], [[1], [2]]) == "#VALUE!"  # a row against a column


# --- Excel semantics of bad input ---------------------------------------------------------


def test_zero_or_blank_denominator_is_div0_only_for_that_element():
    out = F["SOCROI_CPM"]([[100], [100], [100]], [[50000], [0], [None]])
    # 100/50,000×1,000 = 2; zero and blank impressions are #DIV/0!
    assert out.ravel().tolist() == [2.0, "#DIV/0!", "#DIV/0!"]
    assert isinstance(out[1, 0], XLError)
    assert F["SOCROI"](5000, 0) == "#DIV/0!"
    assert F["SOCROI_BREAKEVEN_ROAS"](0) == "#DIV/0!"
    assert F["SOCROI_PAYBACK"](100, 0, 0.5) == "#DIV/0!"


def test_blank_numerator_counts_zero():
    # (blank − 1,000) / 1,000 = −1: a blank gain is 0, as in Excel arithmetic
    assert F["SOCROI"](None, 1000) == -1.0
    assert F["SOCROI_CPC"]([[None]], [[10]]).tolist() == [[0.0]]


def test_text_numbers_booleans_and_dates_are_read_as_excel_reads_them():
    assert F["SOCROI_CPC"]("90", " 120 ") == 0.75
    assert F["SOCROI_CPC"]("$1,200.00", "1,600") == 0.75  # 1,200 / 1,600
    assert F["SOCROI_BREAKEVEN_CPA"](75, "40%") == approx(30.0)  # 75 × 0.4
    assert F["SOCROI_CPC"](True, 4) == 0.25  # TRUE is 1
    # a date is its serial number: 2024-01-01 is 45,292; 45,292 / 45,292 = 1
    assert F["SOCROI_CPC"](dt.date(2024, 1, 1), 45292) == 1.0
    # a range mixing text, booleans and numbers keeps each cell's own type (TRUE is 1)
    assert F["SOCROI_CPC"]([["1,200"], [True]], [[1600], [4]]).ravel().tolist() == [0.75, 0.25]
    out = F["SOCROI_CPC"]([["ninety"], [""], [90]], [[120], [120], [120]])
    assert out.ravel().tolist() == ["#VALUE!", "#VALUE!", 0.75]


def test_impossible_values_are_num():
    assert F["SOCROI_CPM"](-5, 1000) == "#NUM!"  # negative spend
    assert F["SOCROI_CTR"](5, -1000) == "#NUM!"  # negative impressions
    assert F["SOCROI_CLV"](60, 4, 3, 1.2) == "#NUM!"  # margin above 100 %
    assert F["SOCROI_BREAKEVEN_ROAS"](-0.1) == "#NUM!"
    assert F["SOCROI_CLV_RETENTION"](100, 1.3, 0.1) == "#NUM!"  # retention above 1
    assert F["SOCROI_CLV_RETENTION"](100, 1.0, 0.0) == "#NUM!"  # retention ≥ 1 + discount
    assert F["SOCROI_ACTION_VALUE"]([10, -2], [1, 1]) == "#NUM!"


def test_errors_in_inputs_propagate_leftmost_first():
    assert F["SOCROI_CPC"]("#N/A", 10) == "#N/A"
    assert F["SOCROI_CPC"](XLError("#REF!"), "#N/A") == "#REF!"
    # only the element with the error fails; its neighbours are computed (10/5 = 2)
    out = F["SOCROI_CPC"]([["#DIV/0!"], [10]], [[5], [5]])
    assert out.ravel().tolist() == ["#DIV/0!", 2.0]
    # an error inside a summed range is the result (first in reading order)
    assert F["SOCROI_PPC_VALUE"]([[1], ["#VALUE!"], ["#N/A"]], 2) == "#VALUE!"
    # input errors win over the function's own domain checks
    assert F["SOCROI_CPM"]("#N/A", 0) == "#N/A"


def test_results_are_never_nan_or_infinite():
    out = F["SOCROI_CPC"](np.array([1e308, 1.0]), np.array([1e-308, 1.0]))
    assert out.tolist() == ["#NUM!", 1.0]  # overflow is #NUM!, as Excel shows


# --- the Excel layer ---------------------------------------------------------------------


def test_excel_layer_returns_2d_lists_that_spill():
    # xlwings passes ranges as 2-D lists (ndim=2) and blank cells as None
    assert udfs.SOCROI_CPC([[90], [None]], [[120], [120]]) == [[0.75], [0.0]]
    assert udfs.SOCROI_CPC(90, 120) == 0.75
    assert udfs.SOCROI_FUNNEL([[20000, 800, 40]]) == [[0.04, 0.05]]
    assert udfs.SOCROI_CPM([[1], [2]], [[0], [1000]]) == [["#DIV/0!"], [2.0]]
