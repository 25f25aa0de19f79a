"""Golden workbooks for the Math & Trig, Statistical and Engineering functions, recalculated
by LibreOffice (the independent engine), compared with ours cell by cell by
``tests/test_faithful.py``.

Each workbook has a data block (columns A:C) and one case per row: a label in column E, its
formula in F. Array formulas (MMULT, LINEST...) sit in column H onwards. The recalculation and
the golden JSON are ``scripts/make_golden.py``'s; this script adds two lists of its own:

* :data:`EXCEL_VALUES`: cases where Excel's documented value differs from LibreOffice's; the
  JSON holds Excel's (``excel_overrides`` says why, ``libreoffice`` keeps LibreOffice's);
* :data:`LEFT_OUT`: cases whose Excel value no source here settles (LibreOffice differs from
  our reading of Excel's rules and no documented example decides); they stay in the workbook
  but out of the comparison, with the reason in ``excluded``.

Usage::

    .venv/bin/python scripts/make_golden_functions.py            # fn_math, fn_stat, fn_eng
    .venv/bin/python scripts/make_golden_functions.py --only fn_eng
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

ROOT = Path(__file__).resolve().parents[1]


def _make_golden():
    spec = importlib.util.spec_from_file_location("socroi_make_golden", ROOT / "scripts" / "make_golden.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


#: scripts/make_golden.py: the recalculation, the golden records and the helpers shared by
#: the function corpora.
MG = _make_golden()


DATA_A = [3, 4, 5, 8, 9, 1, 2, 4, 5, 7]
DATA_B = [6, 19, 3, 2, 14, 4, 5, 17, 1, 10]
DATA_C = [1, "text", True, None, 4, "5", 2.5, False, -3, 0]


#: Functions Excel stores with the ``_xlfn.`` prefix (added in Excel 2007 and later) that have
#: no dot in their names; every dotted name (STDEV.S, CEILING.MATH...) is prefixed too.
MODERN = {
    "ACOT", "ACOTH", "AGGREGATE", "ARABIC", "BASE", "BITAND", "BITLSHIFT", "BITOR", "BITRSHIFT",
    "BITXOR", "COMBINA", "COT", "COTH", "CSC", "CSCH", "DECIMAL", "GAMMA", "GAUSS", "MAXIFS",
    "MINIFS", "MUNIT", "PERMUTATIONA", "PHI", "SEC", "SECH",
}
#: Modern names LibreOffice 7.4 reads only without the prefix (with it: #NAME?); the engine
#: reads both, so these are written bare.
BARE = {"ISO.CEILING"}


def stored(formula: str) -> str:
    """A formula as Excel stores it: modern function names carry ``_xlfn.``."""
    return MG.stored(formula, MODERN, BARE)


def _sheet(title: str, cases: list[tuple[str, str]], arrays: list[tuple[str, str, str]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for i, (a, b, c) in enumerate(zip(DATA_A, DATA_B, DATA_C, strict=True), start=1):
        ws.cell(i, 1, a)
        ws.cell(i, 2, b)
        if c is not None:
            ws.cell(i, 3, c)
    ws.cell(1, 5, "case")
    ws.cell(1, 6, "formula")
    for r, (label, formula) in enumerate(cases, start=2):
        ws.cell(r, 5, label)
        ws.cell(r, 6, stored(formula))
    row = 1
    for label, ref_size, formula in arrays:  # label in H, array formula from I
        rows, cols = (int(x) for x in ref_size.split("x"))
        ws.cell(row, 8, label)
        top = f"I{row}"
        last = f"{openpyxl.utils.get_column_letter(8 + cols)}{row + rows - 1}"
        ws[top] = ArrayFormula(f"{top}:{last}", stored(formula))
        row += rows + 1
    return wb


MATH_CASES = [
    ("trunc", "=TRUNC(8.9)"), ("trunc neg", "=TRUNC(-8.9)"), ("trunc digits", "=TRUNC(PI(),3)"),
    ("trunc neg digits", "=TRUNC(1234.5,-2)"),
    ("power", "=POWER(5,2)"), ("power frac", "=POWER(98.6,3.2)"), ("power root", "=POWER(4,5/4)"),
    ("power 0 0", "=POWER(0,0)"), ("power 0 neg", "=POWER(0,-1)"), ("power neg frac", "=POWER(-4,0.5)"),
    ("power neg int", "=POWER(-2,3)"),
    ("floor", "=FLOOR(3.7,2)"), ("floor negneg", "=FLOOR(-2.5,-2)"), ("floor posneg", "=FLOOR(2.5,-2)"),
    ("floor dec", "=FLOOR(1.58,0.1)"), ("floor small", "=FLOOR(0.234,0.01)"), ("floor negpos", "=FLOOR(-2.5,2)"),
    ("floor zero sig", "=FLOOR(2.5,0)"), ("floor zero", "=FLOOR(0,2)"),
    ("ceiling", "=CEILING(2.5,1)"), ("ceiling negneg", "=CEILING(-2.5,-2)"), ("ceiling negpos", "=CEILING(-2.5,2)"),
    ("ceiling dec", "=CEILING(1.5,0.1)"), ("ceiling small", "=CEILING(0.234,0.01)"), ("ceiling posneg", "=CEILING(2.5,-2)"),
    ("ceiling zero", "=CEILING(2.5,0)"),
    ("ceiling.math", "=CEILING.MATH(24.3,5)"), ("ceiling.math 1", "=CEILING.MATH(6.7)"),
    ("ceiling.math neg", "=CEILING.MATH(-8.1,2)"), ("ceiling.math mode", "=CEILING.MATH(-5.5,2,-1)"),
    ("floor.math", "=FLOOR.MATH(24.3,5)"), ("floor.math 1", "=FLOOR.MATH(6.7)"),
    ("floor.math neg", "=FLOOR.MATH(-8.1,2)"), ("floor.math mode", "=FLOOR.MATH(-5.5,2,-1)"),
    ("ceiling.precise", "=CEILING.PRECISE(4.3)"), ("ceiling.precise neg", "=CEILING.PRECISE(-4.3)"),
    ("ceiling.precise sig", "=CEILING.PRECISE(4.3,2)"), ("ceiling.precise negsig", "=CEILING.PRECISE(4.3,-2)"),
    ("ceiling.precise negneg", "=CEILING.PRECISE(-4.3,-2)"), ("iso.ceiling", "=ISO.CEILING(-4.3,2)"),
    ("floor.precise", "=FLOOR.PRECISE(-3.2,-1)"), ("floor.precise 2", "=FLOOR.PRECISE(3.2,1)"),
    ("floor.precise 3", "=FLOOR.PRECISE(-3.2,1)"), ("floor.precise 4", "=FLOOR.PRECISE(3.2)"),
    ("mround", "=MROUND(10,3)"), ("mround neg", "=MROUND(-10,-3)"), ("mround dec", "=MROUND(1.3,0.2)"),
    ("mround signs", "=MROUND(5,-2)"), ("mround half", "=MROUND(7.5,5)"),
    ("even", "=EVEN(1.5)"), ("even 3", "=EVEN(3)"), ("even 2", "=EVEN(2)"), ("even neg", "=EVEN(-1)"), ("even 0", "=EVEN(0)"),
    ("odd", "=ODD(1.5)"), ("odd 3", "=ODD(3)"), ("odd 2", "=ODD(2)"), ("odd neg", "=ODD(-1)"), ("odd neg2", "=ODD(-2)"), ("odd 0", "=ODD(0)"),
    ("pi", "=PI()"), ("exp", "=EXP(2)"), ("ln", "=LN(86)"), ("ln 0", "=LN(0)"), ("ln neg", "=LN(-1)"),
    ("log", "=LOG(8,2)"), ("log 10", "=LOG(10)"), ("log base 1", "=LOG(10,1)"), ("log10", "=LOG10(1E+5)"),
    ("log10 neg", "=LOG10(-1)"),
    ("fact", "=FACT(5)"), ("fact trunc", "=FACT(1.9)"), ("fact 0", "=FACT(0)"), ("fact neg", "=FACT(-1)"),
    ("fact 170", "=FACT(170)"), ("fact 171", "=FACT(171)"),
    ("factdouble", "=FACTDOUBLE(6)"), ("factdouble odd", "=FACTDOUBLE(7)"), ("factdouble neg", "=FACTDOUBLE(-2)"),
    ("combin", "=COMBIN(8,2)"), ("combin bad", "=COMBIN(2,8)"), ("combin trunc", "=COMBIN(8.9,2.9)"),
    ("combina", "=COMBINA(4,3)"), ("combina 2", "=COMBINA(10,3)"),
    ("multinomial", "=MULTINOMIAL(2,3,4)"), ("multinomial neg", "=MULTINOMIAL(2,-1)"),
    ("product", "=PRODUCT(A1:A3)"), ("product mix", "=PRODUCT(C1:C10)"), ("product args", "=PRODUCT(A1:A3,2)"),
    ("product none", "=PRODUCT(C2)"),
    ("quotient", "=QUOTIENT(5,2)"), ("quotient dec", "=QUOTIENT(4.5,3.1)"), ("quotient neg", "=QUOTIENT(-10,3)"),
    ("quotient zero", "=QUOTIENT(1,0)"),
    ("gcd", "=GCD(5,2)"), ("gcd 2", "=GCD(24,36)"), ("gcd 3", "=GCD(7,1)"), ("gcd 0", "=GCD(5,0)"),
    ("gcd range", "=GCD(A1:A5)"), ("gcd neg", "=GCD(-4,2)"),
    ("lcm", "=LCM(5,2)"), ("lcm 2", "=LCM(24,36)"), ("lcm 0", "=LCM(0,3)"), ("lcm range", "=LCM(A1:A4)"),
    ("sumsq", "=SUMSQ(3,4)"), ("sumsq range", "=SUMSQ(C1:C10)"),
    ("sumx2my2", "=SUMX2MY2(A1:A7,B1:B7)"), ("sumx2py2", "=SUMX2PY2(A1:A7,B1:B7)"),
    ("sumxmy2", "=SUMXMY2(A1:A7,B1:B7)"), ("sumxmy2 sizes", "=SUMXMY2(A1:A7,B1:B6)"),
    ("sumxmy2 mix", "=SUMXMY2(A1:A10,C1:C10)"),
    ("sin", "=SIN(PI()/6)"), ("cos", "=COS(1.047)"), ("tan", "=TAN(0.785)"),
    ("asin", "=ASIN(-0.5)"), ("asin bad", "=ASIN(2)"), ("acos", "=ACOS(-0.5)"), ("atan", "=ATAN(1)"),
    ("atan2", "=ATAN2(1,1)"), ("atan2 neg", "=ATAN2(-1,-1)"), ("atan2 zero", "=ATAN2(0,0)"),
    ("sinh", "=SINH(1)"), ("cosh", "=COSH(4)"), ("tanh", "=TANH(-2)"),
    ("asinh", "=ASINH(-2.5)"), ("acosh", "=ACOSH(10)"), ("acosh bad", "=ACOSH(0.5)"),
    ("atanh", "=ATANH(0.76159416)"), ("atanh bad", "=ATANH(1)"),
    ("cot", "=COT(30)"), ("cot 0", "=COT(0)"), ("coth", "=COTH(2)"), ("csc", "=CSC(15)"),
    ("csch", "=CSCH(1.5)"), ("sec", "=SEC(45)"), ("sech", "=SECH(45)"),
    ("acot", "=ACOT(2)"), ("acoth", "=ACOTH(6)"), ("acoth bad", "=ACOTH(0.5)"),
    ("degrees", "=DEGREES(PI())"), ("radians", "=RADIANS(270)"),
    ("roman", "=ROMAN(499,0)"), ("roman 1", "=ROMAN(499,1)"), ("roman 2", "=ROMAN(499,2)"),
    ("roman 3", "=ROMAN(499,3)"), ("roman 4", "=ROMAN(499,4)"), ("roman 1999 1", "=ROMAN(1999,1)"),
    ("roman 3999", "=ROMAN(3999)"), ("roman big", "=ROMAN(4000)"), ("roman 0", "=ROMAN(0)"),
    ("roman 1995 3", "=ROMAN(1995,3)"), ("roman 45 2", "=ROMAN(45,2)"),
    ("arabic", '=ARABIC("LVII")'), ("arabic lower", '=ARABIC("mcmxii")'), ("arabic bad", '=ARABIC("ABC")'),
    ("arabic empty", '=ARABIC("")'), ("arabic neg", '=ARABIC("-XIV")'),
    ("base", "=BASE(7,2)"), ("base 16", "=BASE(100,16)"), ("base pad", "=BASE(15,2,10)"),
    ("base bad radix", "=BASE(7,1)"),
    ("decimal", '=DECIMAL("FF",16)'), ("decimal 2", "=DECIMAL(111,2)"), ("decimal 36", '=DECIMAL("zap",36)'),
    ("decimal bad", '=DECIMAL("2",2)'),
    ("sqrtpi", "=SQRTPI(1)"), ("sqrtpi 2", "=SQRTPI(2)"), ("sqrtpi neg", "=SQRTPI(-1)"),
    ("seriessum", "=SERIESSUM(PI()/4,0,2,{1,-0.5,0.041666667,-0.001388889})"),
    ("mdeterm", "=MDETERM({3,6,1;1,1,0;3,10,2})"), ("mdeterm 2", "=MDETERM({3,6;1,1})"),
    ("mdeterm 4", "=MDETERM({1,3,8,5;1,3,6,1;1,1,1,0;7,3,10,2})"), ("mdeterm bad", "=MDETERM({1,2,3;4,5,6})"),
    ("subtotal sum", "=SUBTOTAL(9,A1:A10)"), ("subtotal avg", "=SUBTOTAL(1,A1:A10)"),
    ("subtotal count", "=SUBTOTAL(2,C1:C10)"), ("subtotal counta", "=SUBTOTAL(3,C1:C10)"),
    ("subtotal max", "=SUBTOTAL(4,A1:B10)"), ("subtotal min", "=SUBTOTAL(5,A1:A10)"),
    ("subtotal product", "=SUBTOTAL(6,A1:A4)"), ("subtotal stdev", "=SUBTOTAL(7,A1:A10)"),
    ("subtotal stdevp", "=SUBTOTAL(8,A1:A10)"), ("subtotal var", "=SUBTOTAL(10,A1:A10)"),
    ("subtotal varp", "=SUBTOTAL(11,A1:A10)"), ("subtotal 109", "=SUBTOTAL(109,A1:A10,B1:B2)"),
    ("subtotal bad", "=SUBTOTAL(12,A1:A10)"),
    ("aggregate sum", "=AGGREGATE(9,4,A1:A10)"), ("aggregate median", "=AGGREGATE(12,6,A1:A10)"),
    ("aggregate large", "=AGGREGATE(14,6,A1:A10,2)"), ("aggregate small", "=AGGREGATE(15,6,B1:B10,3)"),
    ("aggregate pct", "=AGGREGATE(16,6,A1:A10,0.3)"), ("aggregate quart", "=AGGREGATE(17,6,A1:A10,1)"),
    ("aggregate pct exc", "=AGGREGATE(18,6,A1:A10,0.3)"), ("aggregate quart exc", "=AGGREGATE(19,6,A1:A10,3)"),
    ("aggregate mode", "=AGGREGATE(13,6,A1:A10)"), ("aggregate bad", "=AGGREGATE(20,6,A1:A10)"),
]
MATH_ARRAYS = [
    ("mmult", "2x2", "=MMULT({1,3;7,2},{2,0;0,2})"),
    ("mmult range", "1x1", "=MMULT({1,2,3},B1:B3)"),
    ("mmult bad", "1x1", "=MMULT({1,2},{1,2})"),
    ("minverse", "2x2", "=MINVERSE({4,-1;2,0})"),
    ("minverse 3", "3x3", "=MINVERSE({1,2,1;3,4,-1;0,2,0})"),
    ("minverse singular", "1x1", "=MINVERSE({1,2;2,4})"),
    ("munit", "3x3", "=MUNIT(3)"),
    ("sin lifted", "3x1", "=SIN(A1:A3)"),
    ("round lifted", "3x1", "=ROUND(A1:A3/7,2)"),
]

STAT_CASES = [
    ("median", "=MEDIAN(A1:A6)"), ("median odd", "=MEDIAN(A1:A5)"), ("median mix", "=MEDIAN(C1:C10)"),
    ("median empty", "=MEDIAN(C2)"),
    ("mode", "=MODE(A1:A10)"), ("mode.sngl", "=MODE.SNGL(B1:B10)"), ("mode none", "=MODE(1,2,3)"),
    ("large", "=LARGE(A1:A10,3)"), ("large k big", "=LARGE(A1:A10,11)"), ("large k 0", "=LARGE(A1:A10,0)"),
    ("large k frac", "=LARGE(A1:A10,2.5)"),
    ("small", "=SMALL(B1:B10,4)"), ("small mix", "=SMALL(C1:C10,2)"),
    ("rank", "=RANK(4,A1:A10)"), ("rank asc", "=RANK(4,A1:A10,1)"), ("rank.eq", "=RANK.EQ(5,A1:A10)"),
    ("rank.avg", "=RANK.AVG(4,A1:A10)"), ("rank.avg asc", "=RANK.AVG(5,A1:A10,1)"), ("rank missing", "=RANK(6,A1:A10)"),
    ("percentile", "=PERCENTILE(A1:A10,0.3)"), ("percentile.inc", "=PERCENTILE.INC(B1:B10,0.75)"),
    ("percentile.exc", "=PERCENTILE.EXC(A1:A10,0.25)"), ("percentile.exc low", "=PERCENTILE.EXC(A1:A10,0.05)"),
    ("percentile bad", "=PERCENTILE(A1:A10,1.5)"),
    ("quartile", "=QUARTILE(A1:A10,1)"), ("quartile.inc", "=QUARTILE.INC(B1:B10,3)"),
    ("quartile.exc", "=QUARTILE.EXC(A1:A10,1)"), ("quartile.exc bad", "=QUARTILE.EXC(A1:A10,4)"),
    ("quartile bad", "=QUARTILE(A1:A10,5)"),
    ("percentrank", "=PERCENTRANK(A1:A10,4)"), ("percentrank interp", "=PERCENTRANK(A1:A10,6)"),
    ("percentrank.inc sig", "=PERCENTRANK.INC(B1:B10,8,2)"), ("percentrank.exc", "=PERCENTRANK.EXC(A1:A10,4)"),
    ("percentrank out", "=PERCENTRANK(A1:A10,20)"),
    ("stdev", "=STDEV(A1:A10)"), ("stdev.s", "=STDEV.S(B1:B10)"), ("stdev.p", "=STDEV.P(A1:A10)"),
    ("stdevp", "=STDEVP(B1:B10)"), ("stdev one", "=STDEV(5)"), ("stdev mix", "=STDEV(C1:C10)"),
    ("stdeva", "=STDEVA(C1:C10)"), ("stdevpa", "=STDEVPA(C1:C10)"),
    ("var", "=VAR(A1:A10)"), ("var.s", "=VAR.S(B1:B10)"), ("var.p", "=VAR.P(A1:A10)"), ("varp", "=VARP(B1:B10)"),
    ("vara", "=VARA(C1:C10)"), ("varpa", "=VARPA(C1:C10)"),
    ("averagea", "=AVERAGEA(C1:C10)"), ("maxa", "=MAXA(C1:C10)"), ("mina", "=MINA(C1:C10)"),
    ("maxa bool", "=MAXA(C3,0.5)"),
    ("geomean", "=GEOMEAN(A1:A10)"), ("harmean", "=HARMEAN(A1:A10)"), ("geomean neg", "=GEOMEAN(C1:C10)"),
    ("trimmean", "=TRIMMEAN(B1:B10,0.2)"), ("trimmean 0.3", "=TRIMMEAN(A1:A10,0.3)"),
    ("avedev", "=AVEDEV(A1:A10)"), ("devsq", "=DEVSQ(A1:A10)"),
    ("kurt", "=KURT(A1:A10)"), ("skew", "=SKEW(B1:B10)"), ("skew.p", "=SKEW.P(B1:B10)"),
    ("kurt few", "=KURT(1,2,3)"),
    ("standardize", "=STANDARDIZE(42,40,1.5)"), ("standardize bad", "=STANDARDIZE(42,40,0)"),
    ("maxifs", '=MAXIFS(B1:B10,A1:A10,">4")'), ("minifs", '=MINIFS(B1:B10,A1:A10,">4",B1:B10,"<15")'),
    ("maxifs none", '=MAXIFS(B1:B10,A1:A10,">40")'),
    ("correl", "=CORREL(A1:A10,B1:B10)"), ("pearson", "=PEARSON(A1:A10,B1:B10)"), ("rsq", "=RSQ(B1:B10,A1:A10)"),
    ("covar", "=COVAR(A1:A10,B1:B10)"), ("covariance.p", "=COVARIANCE.P(A1:A10,B1:B10)"),
    ("covariance.s", "=COVARIANCE.S(A1:A10,B1:B10)"), ("correl sizes", "=CORREL(A1:A10,B1:B9)"),
    ("slope", "=SLOPE(B1:B10,A1:A10)"), ("intercept", "=INTERCEPT(B1:B10,A1:A10)"),
    ("steyx", "=STEYX(B1:B10,A1:A10)"), ("forecast", "=FORECAST(6,B1:B10,A1:A10)"),
    ("forecast.linear", "=FORECAST.LINEAR(30,B1:B10,A1:A10)"), ("slope mix", "=SLOPE(A1:A10,C1:C10)"),
    ("norm.dist", "=NORM.DIST(42,40,1.5,TRUE)"), ("norm.dist pdf", "=NORM.DIST(42,40,1.5,FALSE)"),
    ("normdist", "=NORMDIST(42,40,1.5,TRUE)"), ("norm.inv", "=NORM.INV(0.908789,40,1.5)"),
    ("norminv", "=NORMINV(0.908789,40,1.5)"), ("norm.s.dist", "=NORM.S.DIST(1.333333,TRUE)"),
    ("norm.s.dist pdf", "=NORM.S.DIST(1.333333,FALSE)"), ("normsdist", "=NORMSDIST(1.333333)"),
    ("norm.s.inv", "=NORM.S.INV(0.908789)"), ("normsinv", "=NORMSINV(0.908789)"),
    ("norm.inv bad", "=NORM.INV(0,40,1.5)"), ("norm.dist bad", "=NORM.DIST(42,40,0,TRUE)"),
    ("lognorm.dist", "=LOGNORM.DIST(4,3.5,1.2,TRUE)"), ("lognorm.dist pdf", "=LOGNORM.DIST(4,3.5,1.2,FALSE)"),
    ("lognormdist", "=LOGNORMDIST(4,3.5,1.2)"), ("lognorm.inv", "=LOGNORM.INV(0.039084,3.5,1.2)"),
    ("loginv", "=LOGINV(0.039084,3.5,1.2)"),
    ("phi", "=PHI(0.75)"), ("gauss", "=GAUSS(2)"),
    ("binom.dist", "=BINOM.DIST(6,10,0.5,FALSE)"), ("binomdist cum", "=BINOMDIST(6,10,0.5,TRUE)"),
    ("binom.dist bad", "=BINOM.DIST(11,10,0.5,FALSE)"), ("binom.inv", "=BINOM.INV(6,0.5,0.75)"),
    ("critbinom", "=CRITBINOM(6,0.5,0.75)"),     ("negbinom.dist", "=NEGBINOM.DIST(10,5,0.25,FALSE)"), ("negbinom.dist cum", "=NEGBINOM.DIST(10,5,0.25,TRUE)"),
    ("negbinomdist", "=NEGBINOMDIST(10,5,0.25)"),
    ("hypgeom.dist", "=HYPGEOM.DIST(1,4,8,20,TRUE)"), ("hypgeom.dist pdf", "=HYPGEOM.DIST(1,4,8,20,FALSE)"),
    ("hypgeomdist", "=HYPGEOMDIST(1,4,8,20)"),
    ("poisson.dist", "=POISSON.DIST(2,5,TRUE)"), ("poisson pdf", "=POISSON(2,5,FALSE)"), ("poisson bad", "=POISSON(-1,5,TRUE)"),
    ("expon.dist", "=EXPON.DIST(0.2,10,TRUE)"), ("expondist pdf", "=EXPONDIST(0.2,10,FALSE)"),
    ("weibull.dist", "=WEIBULL.DIST(105,20,100,TRUE)"), ("weibull pdf", "=WEIBULL(105,20,100,FALSE)"),
    ("gamma", "=GAMMA(2.5)"), ("gamma neg int", "=GAMMA(-1)"), ("gamma neg", "=GAMMA(-3.75)"),
    ("gammaln", "=GAMMALN(4)"), ("gammaln.precise", "=GAMMALN.PRECISE(4.5)"),
    ("gamma.dist", "=GAMMA.DIST(10.00001131,9,2,TRUE)"), ("gamma.dist pdf", "=GAMMA.DIST(10.00001131,9,2,FALSE)"),
    ("gammadist", "=GAMMADIST(10.00001131,9,2,TRUE)"), ("gamma.inv", "=GAMMA.INV(0.068094,9,2)"),
    ("gammainv", "=GAMMAINV(0.068094,9,2)"),
    ("beta.dist", "=BETA.DIST(2,8,10,TRUE,1,3)"), ("beta.dist pdf", "=BETA.DIST(2,8,10,FALSE,1,3)"),
    ("betadist", "=BETADIST(2,8,10,1,3)"), ("beta.inv", "=BETA.INV(0.685470581,8,10,1,3)"),
    ("betainv", "=BETAINV(0.685470581,8,10,1,3)"), ("beta.dist bad", "=BETA.DIST(4,8,10,TRUE,1,3)"),
    ("chisq.dist", "=CHISQ.DIST(0.5,1,TRUE)"), ("chisq.dist pdf", "=CHISQ.DIST(2,3,FALSE)"),
    ("chisq.dist.rt", "=CHISQ.DIST.RT(18.307,10)"), ("chidist", "=CHIDIST(18.307,10)"),
    ("chisq.inv", "=CHISQ.INV(0.93,1)"), ("chisq.inv.rt", "=CHISQ.INV.RT(0.050001,10)"),
    ("chiinv", "=CHIINV(0.050001,10)"),
    ("chisq.test", "=CHISQ.TEST({58,35;11,25;10,23},{45.35,47.65;17.56,18.44;16.09,16.91})"),
    ("chitest", "=CHITEST(A1:A5,B1:B5)"),
    ("t.dist", "=T.DIST(60,1,TRUE)"), ("t.dist pdf", "=T.DIST(8,3,FALSE)"), ("t.dist.2t", "=T.DIST.2T(1.959999998,60)"),
    ("t.dist.rt", "=T.DIST.RT(1.959999998,60)"), ("tdist", "=TDIST(1.959999998,60,2)"),
    ("tdist 1", "=TDIST(1.959999998,60,1)"), ("tdist neg", "=TDIST(-1,60,1)"),
    ("t.inv", "=T.INV(0.75,2)"), ("t.inv.2t", "=T.INV.2T(0.546449,60)"), ("tinv", "=TINV(0.546449,60)"),
    ("t.test paired", "=T.TEST(A1:A9,B1:B9,2,1)"), ("t.test equal", "=TTEST(A1:A10,B1:B10,2,2)"),
    ("t.test unequal", "=T.TEST(A1:A10,B1:B10,1,3)"),
    ("f.dist", "=F.DIST(15.2069,6,4,TRUE)"), ("f.dist pdf", "=F.DIST(15.2069,6,4,FALSE)"),
    ("f.dist.rt", "=F.DIST.RT(15.2069,6,4)"), ("fdist", "=FDIST(15.2069,6,4)"),
    ("f.inv", "=F.INV(0.01,6,4)"), ("f.inv.rt", "=F.INV.RT(0.01,6,4)"), ("finv", "=FINV(0.01,6,4)"),
    ("f.test", "=F.TEST(A1:A10,B1:B10)"), ("ftest", "=FTEST(A1:A5,B1:B5)"),
    ("confidence", "=CONFIDENCE(0.05,2.5,50)"), ("confidence.norm", "=CONFIDENCE.NORM(0.05,2.5,50)"),
    ("confidence.t", "=CONFIDENCE.T(0.05,1,50)"), ("confidence.t 1", "=CONFIDENCE.T(0.05,1,1)"),
    ("z.test", "=Z.TEST(A1:A10,4)"), ("ztest sigma", "=ZTEST(A1:A10,6,2)"),
    ("fisher", "=FISHER(0.75)"), ("fisherinv", "=FISHERINV(0.972955)"), ("fisher bad", "=FISHER(1)"),
    ("permut", "=PERMUT(100,3)"), ("permut 2", "=PERMUT(3,2)"), ("permutationa", "=PERMUTATIONA(3,2)"),
    ("permutationa 2", "=PERMUTATIONA(2,2)"),
    ("prob", "=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},2)"), ("prob range", "=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},1,3)"),
    ("prob bad", "=PROB({0,1},{0.2,0.3},1)"),
]
STAT_ARRAYS = [
    ("linest", "1x2", "=LINEST(B1:B10,A1:A10)"),
    ("linest stats", "5x2", "=LINEST(B1:B10,A1:A10,TRUE,TRUE)"),
    ("linest noconst", "5x2", "=LINEST(B1:B10,A1:A10,FALSE,TRUE)"),
    ("linest multi", "5x3", "=LINEST(B1:B10,A1:A10^{1,2},TRUE,TRUE)"),
    ("logest", "1x2", "=LOGEST(B1:B10,A1:A10)"),
    ("trend", "3x1", "=TREND(B1:B10,A1:A10,{11;12;13})"),
    ("trend default", "3x1", "=TREND(B1:B3)"),
    ("growth", "3x1", "=GROWTH(B1:B10,A1:A10,{11;12;13})"),
    ("frequency", "4x1", "=FREQUENCY(A1:A10,{2;5;8})"),
    ("mode.mult", "2x1", "=MODE.MULT(1,2,2,3,3,4)"),
    ("large lifted", "1x3", "=LARGE(A1:A10,{1,2,3})"),
]

ENG_CASES = [
    ("bin2dec", "=BIN2DEC(1100100)"), ("bin2dec neg", "=BIN2DEC(1111111111)"), ("bin2dec bad", "=BIN2DEC(102)"),
    ("bin2hex", "=BIN2HEX(11111011,4)"), ("bin2hex 2", "=BIN2HEX(1110)"), ("bin2hex neg", "=BIN2HEX(1111111111)"),
    ("bin2oct", "=BIN2OCT(1001,3)"), ("bin2oct neg", "=BIN2OCT(1111111111)"),
    ("dec2bin", "=DEC2BIN(9,4)"), ("dec2bin neg", "=DEC2BIN(-100)"), ("dec2bin big", "=DEC2BIN(512)"),
    ("dec2bin places", "=DEC2BIN(9,2)"), ("dec2bin frac", "=DEC2BIN(9.9)"),
    ("dec2hex", "=DEC2HEX(100,4)"), ("dec2hex neg", "=DEC2HEX(-54)"), ("dec2hex 28", "=DEC2HEX(28)"),
    ("dec2hex places", "=DEC2HEX(64,1)"),
    ("dec2oct", "=DEC2OCT(58,3)"), ("dec2oct neg", "=DEC2OCT(-100)"),
    ("hex2bin", '=HEX2BIN("F",8)'), ("hex2bin 2", '=HEX2BIN("B7")'), ("hex2bin neg", '=HEX2BIN("FFFFFFFFFF")'),
    ("hex2dec", '=HEX2DEC("A5")'), ("hex2dec neg", '=HEX2DEC("FFFFFFFF5B")'), ("hex2dec 3", '=HEX2DEC("3DA408B9")'),
    ("hex2oct", '=HEX2OCT("F",3)'), ("hex2oct 2", '=HEX2OCT("3B4E")'), ("hex2oct neg", '=HEX2OCT("FFFFFFFF00")'),
    ("oct2bin", "=OCT2BIN(3,3)"), ("oct2bin neg", "=OCT2BIN(7777777000)"),
    ("oct2dec", "=OCT2DEC(54)"), ("oct2dec neg", "=OCT2DEC(7777777533)"),
    ("oct2hex", "=OCT2HEX(100,4)"), ("oct2hex neg", "=OCT2HEX(7777777533)"),
    ("bitand", "=BITAND(1,5)"), ("bitand 2", "=BITAND(13,25)"), ("bitor", "=BITOR(23,10)"),
    ("bitxor", "=BITXOR(5,3)"), ("bitlshift", "=BITLSHIFT(4,2)"), ("bitrshift", "=BITRSHIFT(13,2)"),
    ("bitand frac", "=BITAND(1.5,1)"), ("bitand neg", "=BITAND(-1,1)"),
    ("delta", "=DELTA(5,4)"), ("delta eq", "=DELTA(5,5)"), ("delta 0", "=DELTA(0.5)"),
    ("gestep", "=GESTEP(5,4)"), ("gestep eq", "=GESTEP(5,5)"), ("gestep neg", "=GESTEP(-4,-5)"), ("gestep 0", "=GESTEP(-1)"),
    ("erf", "=ERF(0.745)"), ("erf 2", "=ERF(1)"), ("erf range", "=ERF(0,1.5)"), ("erf neg", "=ERF(-1)"),
    ("erf.precise", "=ERF.PRECISE(0.745)"), ("erfc", "=ERFC(1)"), ("erfc.precise", "=ERFC.PRECISE(1)"),
    ("besseli", "=BESSELI(1.5,1)"), ("besselj", "=BESSELJ(1.9,2)"), ("besselk", "=BESSELK(1.5,1)"),
    ("bessely", "=BESSELY(2.5,1)"), ("bessely bad", "=BESSELY(-1,1)"), ("besselj neg order", "=BESSELJ(1,-1)"),
    ("besselj 0", "=BESSELJ(10,0)"), ("besseli 3", "=BESSELI(3,3)"),
    ("convert lbm", '=CONVERT(1,"lbm","kg")'), ("convert F", '=CONVERT(68,"F","C")'),
    ("convert bad", '=CONVERT(2.5,"ft","sec")'), ("convert area", '=CONVERT(CONVERT(100,"ft","m"),"ft","m")'),
    ("convert km", '=CONVERT(1,"km","mi")'), ("convert in", '=CONVERT(1,"in","cm")'),
    ("convert yd", '=CONVERT(1,"yd","ft")'), ("convert Nmi", '=CONVERT(1,"Nmi","m")'),
    ("convert ang", '=CONVERT(1,"ang","nm")'), ("convert ell", '=CONVERT(1,"ell","in")'),
    ("convert ly", '=CONVERT(1,"ly","m")'), ("convert pica", '=CONVERT(1,"pica","Pica")'),
    ("convert yr", '=CONVERT(1,"yr","day")'), ("convert hr", '=CONVERT(1,"hr","mn")'),
    ("convert ms", '=CONVERT(1,"ms","sec")'), ("convert atm", '=CONVERT(1,"atm","Pa")'),
    ("convert mmHg", '=CONVERT(1,"mmHg","Pa")'), ("convert psi", '=CONVERT(1,"psi","Pa")'),
    ("convert Torr", '=CONVERT(1,"Torr","Pa")'), ("convert lbf", '=CONVERT(1,"lbf","N")'),
    ("convert dyn", '=CONVERT(1,"N","dyn")'), ("convert cal", '=CONVERT(1,"cal","J")'),
    ("convert c", '=CONVERT(1,"c","J")'), ("convert BTU", '=CONVERT(1,"BTU","J")'),
    ("convert Wh", '=CONVERT(1,"kWh","J")'), ("convert flb", '=CONVERT(1,"flb","J")'),
    ("convert HPh", '=CONVERT(1,"HPh","J")'), ("convert e", '=CONVERT(1,"J","e")'),
    ("convert HP", '=CONVERT(1,"HP","W")'), ("convert PS", '=CONVERT(1,"PS","W")'),
    ("convert T", '=CONVERT(1,"T","ga")'), ("convert K", '=CONVERT(0,"C","K")'),
    ("convert Rank", '=CONVERT(100,"F","Rank")'), ("convert Reau", '=CONVERT(100,"C","Reau")'),
    ("convert tsp", '=CONVERT(1,"tsp","ml")'), ("convert tbs", '=CONVERT(1,"tbs","tsp")'),
    ("convert oz", '=CONVERT(1,"oz","l")'), ("convert cup", '=CONVERT(1,"cup","oz")'),
    ("convert pt", '=CONVERT(1,"pt","l")'), ("convert uk_pt", '=CONVERT(1,"uk_pt","l")'),
    ("convert qt", '=CONVERT(1,"qt","l")'), ("convert gal", '=CONVERT(1,"gal","l")'),
    ("convert uk_gal", '=CONVERT(1,"uk_gal","l")'), ("convert m3", '=CONVERT(1,"m3","l")'),
    ("convert ft3", '=CONVERT(1,"ft3","l")'), ("convert in3", '=CONVERT(1,"in3","l")'),
    ("convert barrel", '=CONVERT(1,"barrel","gal")'), ("convert m^3", '=CONVERT(1,"m^3","ft^3")'),
    ("convert ha", '=CONVERT(1,"ha","m2")'), ("convert ar", '=CONVERT(1,"ar","m2")'),
    ("convert ft2", '=CONVERT(1,"ft2","m2")'), ("convert uk_acre", '=CONVERT(1,"uk_acre","m2")'),
    ("convert Morgen", '=CONVERT(1,"Morgen","m2")'), ("convert mi2", '=CONVERT(1,"mi2","km2")'),
    ("convert byte", '=CONVERT(1,"byte","bit")'), ("convert kbyte", '=CONVERT(1,"kbyte","byte")'),
    ("convert kibyte", '=CONVERT(1,"kibyte","byte")'), ("convert mph", '=CONVERT(1,"mph","m/s")'),
    ("convert kn", '=CONVERT(1,"kn","m/h")'), ("convert admkn", '=CONVERT(1,"admkn","kn")'),
    ("convert kg", '=CONVERT(1,"kg","g")'), ("convert ozm", '=CONVERT(1,"ozm","g")'),
    ("convert stone", '=CONVERT(1,"stone","lbm")'), ("convert ton", '=CONVERT(1,"ton","lbm")'),
    ("convert uk_ton", '=CONVERT(1,"uk_ton","lbm")'), ("convert grain", '=CONVERT(1,"grain","g")'),
    ("convert cwt", '=CONVERT(1,"cwt","lbm")'), ("convert uk_cwt", '=CONVERT(1,"uk_cwt","lbm")'),
    ("convert sg", '=CONVERT(1,"sg","kg")'), ("convert mi", '=CONVERT(1,"mi","ft")'),
    ("convert survey_mi", '=CONVERT(1,"survey_mi","m")'), ("convert unknown", '=CONVERT(1,"foo","m")'),
    ("convert cm3", '=CONVERT(1,"cm3","l")'), ("convert dam", '=CONVERT(1,"dam","m")'),
    ("complex", "=COMPLEX(3,4)"), ("complex j", '=COMPLEX(3,4,"j")'), ("complex 0 1", "=COMPLEX(0,1)"),
    ("complex 0 -1", "=COMPLEX(0,-1)"), ("complex real", "=COMPLEX(1.5,0)"), ("complex bad", '=COMPLEX(1,1,"k")'),
    ("imabs", '=IMABS("5+12i")'), ("imaginary", '=IMAGINARY("3+4i")'), ("imaginary j", '=IMAGINARY("0-j")'),
    ("imaginary real", "=IMAGINARY(4)"), ("imreal", '=IMREAL("6-9i")'), ("imargument", '=IMARGUMENT("3+4i")'),
    ("imconjugate", '=IMCONJUGATE("3+4i")'), ("imcos", '=IMCOS("1+i")'), ("imcosh", '=IMCOSH("4+3i")'),
    ("imcot", '=IMCOT("4+3i")'), ("imcsc", '=IMCSC("4+3i")'), ("imcsch", '=IMCSCH("4+3i")'),
    ("imdiv", '=IMDIV("-238+240i","10+24i")'), ("imexp", '=IMEXP("1+i")'), ("imln", '=IMLN("3+4i")'),
    ("imlog10", '=IMLOG10("3+4i")'), ("imlog2", '=IMLOG2("3+4i")'), ("impower", '=IMPOWER("2+3i",3)'),
    ("improduct", '=IMPRODUCT("3+4i","5-3i")'), ("improduct num", '=IMPRODUCT("1+2i",30)'),
    ("imsec", '=IMSEC("4+3i")'), ("imsech", '=IMSECH("4+3i")'), ("imsin", '=IMSIN("4+3i")'),
    ("imsinh", '=IMSINH("4+3i")'), ("imsqrt", '=IMSQRT("1+i")'), ("imsub", '=IMSUB("13+4i","5+3i")'),
    ("imsum", '=IMSUM("3+4i","5-3i")'), ("imtan", '=IMTAN("4+3i")'), ("imsum bad", '=IMSUM("3+4i","x")'),
    ("imsum mixed", '=IMSUM("1+i","1+j")'), ("imln 0", '=IMLN("0")'),
]


def build_fn_math() -> openpyxl.Workbook:
    return _sheet("Math", MATH_CASES, MATH_ARRAYS)


def build_fn_stat() -> openpyxl.Workbook:
    return _sheet("Stat", STAT_CASES, STAT_ARRAYS)


def build_fn_eng() -> openpyxl.Workbook:
    return _sheet("Eng", ENG_CASES, [])


CORPUS = {"fn_math": build_fn_math, "fn_stat": build_fn_stat, "fn_eng": build_fn_eng}

_MS = "support.microsoft.com, "
_LO_ERR = "; LibreOffice's invalid-argument error (Err:502) is saved as #VALUE!"
_NUM = {"error": "#NUM!"}
_NA = {"error": "#N/A"}
_DIV0 = {"error": "#DIV/0!"}
_LOGICAL = "LibreOffice has no logical type: TRUE/FALSE in the range count as 1/0"


def _doc(function: str, rule: str) -> str:
    return f"{_MS}'{function} function': {rule}{_LO_ERR}"


#: {(book, case label): (Excel's value, why)} — Excel's documented value where LibreOffice differs.
EXCEL_VALUES: dict[tuple[str, str], tuple[object, str]] = {
    ("fn_eng", "bin2dec bad"): (_NUM, _doc("BIN2DEC", "not a valid binary number: #NUM!")),
    ("fn_eng", "dec2bin big"): (_NUM, _doc("DEC2BIN", "number > 511: #NUM!")),
    ("fn_eng", "dec2bin places"): (_NUM, _doc("DEC2BIN", "more than places characters needed: #NUM!")),
    ("fn_eng", "dec2hex places"): (_NUM, _doc("DEC2HEX", "more than places characters needed: #NUM!")),
    ("fn_eng", "bitand frac"): (_NUM, f"{_MS}'BITAND function': a non-integer argument is #NUM!; "
                                "LibreOffice truncates it"),
    ("fn_eng", "bitand neg"): (_NUM, _doc("BITAND", "an argument < 0 is #NUM!")),
    ("fn_eng", "besselj neg order"): (_NUM, _doc("BESSELJ", "n < 0: #NUM!")),
    ("fn_eng", "convert bad"): (_NA, f"{_MS}'CONVERT function' example: CONVERT(2.5,\"ft\",\"sec\") "
                                "is #N/A (different dimensions); LibreOffice: #VALUE!"),
    ("fn_eng", "convert unknown"): (_NA, f"{_MS}'CONVERT function': a unit that does not exist is "
                                    "#N/A; LibreOffice: #VALUE!"),
    ("fn_eng", "imsum bad"): (_NUM, _doc("IMSUM", "an inumber not of the form x+yi: #NUM!")),
    ("fn_math", "floor posneg"): (_NUM, _doc("FLOOR", "positive number, negative significance: #NUM!")),
    ("fn_math", "ceiling posneg"): (_NUM, _doc("CEILING", "positive number, negative significance: #NUM!")),
    ("fn_math", "minverse singular"): (_NUM, _doc("MINVERSE", "a matrix that cannot be inverted: #NUM!")),
    ("fn_math", "mround signs"): (_NUM, f"{_MS}'MROUND function' example: MROUND(5,-2) is #NUM! "
                                  "(different signs); LibreOffice gives 6"),
    ("fn_math", "fact neg"): (_NUM, _doc("FACT", "a negative number: #NUM!")),
    ("fn_math", "factdouble neg"): (_NUM, _doc("FACTDOUBLE", "a negative number: #NUM!")),
    ("fn_math", "combin bad"): (_NUM, _doc("COMBIN", "number < number_chosen: #NUM!")),
    ("fn_math", "multinomial neg"): (_NUM, _doc("MULTINOMIAL", "a value < 0: #NUM!")),
    ("fn_math", "gcd neg"): (_NUM, _doc("GCD", "a value < 0: #NUM!")),
    ("fn_math", "sumsq range"): (32.25, f"{_MS}'SUMSQ function': logical values and text in a "
                                 f"reference are ignored: 1+16+6.25+9+0; {_LOGICAL}"),
    ("fn_math", "sumxmy2 sizes"): (_NA, f"{_MS}'SUMXMY2 function': arrays with different numbers "
                                   "of values: #N/A; LibreOffice: #VALUE!"),
    ("fn_math", "sumxmy2 mix"): (142.25, f"{_MS}'SUMXMY2 function': text, logicals and blanks are "
                                 "ignored (the pair drops): (3-1)^2+(9-4)^2+(2-2.5)^2+(5+3)^2+(7-0)^2; "
                                 "LibreOffice: #VALUE!"),
    ("fn_math", "atan2 zero"): (_DIV0, f"{_MS}'ATAN2 function': x_num and y_num both 0: #DIV/0!; "
                                "LibreOffice gives 0"),
    ("fn_math", "cot 0"): (_DIV0, f"{_MS}'COT function': COT(0) is #DIV/0!; LibreOffice: #NUM!"),
    ("fn_math", "acoth bad"): (_NUM, _doc("ACOTH", "absolute value less than 1: #NUM!")),
    ("fn_math", "arabic neg"): (-14.0, f"{_MS}'ARABIC function': a negative Roman number (leading "
                                "minus) gives a negative result; LibreOffice: #VALUE!"),
    ("fn_math", "base bad radix"): (_NUM, _doc("BASE", "radix below 2: #NUM!")),
    ("fn_math", "decimal bad"): (_NUM, _doc("DECIMAL", "a digit not valid in the radix: #NUM!")),
    ("fn_math", "sqrtpi neg"): (_NUM, _doc("SQRTPI", "number < 0: #NUM!")),
    ("fn_math", "subtotal count"): (5.0, f"{_MS}'COUNT function': logicals and text in a reference "
                                    f"are not counted: 1, 4, 2.5, -3, 0; {_LOGICAL}"),
    ("fn_stat", "mode.sngl"): (_NA, _doc("MODE.SNGL", "no duplicate data points: #N/A")),
    ("fn_stat", "mode none"): (_NA, _doc("MODE", "no duplicate data points: #N/A")),
    ("fn_stat", "large k big"): (_NUM, _doc("LARGE", "k greater than the number of data points: #NUM!")),
    ("fn_stat", "large k 0"): (_NUM, _doc("LARGE", "k <= 0: #NUM!")),
    ("fn_stat", "percentile.exc low"): (_NUM, _doc("PERCENTILE.EXC", "k outside what the data can "
                                        "interpolate (rank below the first point): #NUM!")),
    ("fn_stat", "percentile bad"): (_NUM, _doc("PERCENTILE", "k > 1: #NUM!")),
    ("fn_stat", "quartile.exc bad"): (_NUM, _doc("QUARTILE.EXC", "quart >= 4: #NUM!")),
    ("fn_stat", "quartile bad"): (_NUM, _doc("QUARTILE", "quart > 4: #NUM!")),
    ("fn_stat", "percentrank.exc"): (0.363, f"{_MS}'PERCENTRANK.EXC function' example: "
                                     "PERCENTRANK.EXC(A2:A10,5.43,1) = 0.3 (0.381 cut, not rounded): "
                                     "(3+1)/11 = 0.3636 -> 0.363; LibreOffice rounds, 0.364"),
    ("fn_stat", "stdev mix"): (2.6551836094703507, f"{_MS}'STDEV function': logicals and text in a "
                               "reference are ignored: 1, 4, 2.5, -3, 0, mean 0.9, squares 28.2, "
                               f"sqrt(28.2/4); {_LOGICAL}"),
    ("fn_stat", "maxa bool"): (1.0, f"{_MS}'MAXA function': TRUE counts 1, a number; LibreOffice "
                               "shows the result as a logical"),
    ("fn_stat", "geomean neg"): (_NUM, f"{_MS}'GEOMEAN function': a data point <= 0 is #NUM! "
                                 f"(-3 and 0 here); {_LOGICAL} and skips the rest"),
    ("fn_stat", "standardize bad"): (_NUM, f"{_MS}'STANDARDIZE function': standard_dev <= 0 is "
                                     "#NUM!; LibreOffice: #DIV/0!"),
    ("fn_stat", "correl sizes"): (_NA, f"{_MS}'CORREL function': different numbers of data points: "
                                  "#N/A; LibreOffice: #VALUE!"),
    ("fn_stat", "slope mix"): (0.19858156028368795, f"{_MS}'SLOPE function': text, logicals and "
                               "blanks are ignored (the pair drops): pairs (1,3) (4,9) (2.5,2) (-3,5) "
                               f"(0,7), Sxy 5.6 / Sxx 28.2; {_LOGICAL}"),
    ("fn_stat", "norm.inv bad"): (_NUM, _doc("NORM.INV", "probability <= 0: #NUM!")),
    ("fn_stat", "norm.dist bad"): (_NUM, _doc("NORM.DIST", "standard_dev <= 0: #NUM!")),
    ("fn_stat", "binom.dist bad"): (_NUM, _doc("BINOM.DIST", "number_s > trials: #NUM!")),
    ("fn_stat", "poisson bad"): (_NUM, _doc("POISSON", "x < 0: #NUM!")),
    ("fn_stat", "gamma neg int"): (_NUM, _doc("GAMMA", "a negative integer or 0: #NUM!")),
    ("fn_stat", "beta.dist bad"): (_NUM, _doc("BETA.DIST", "x > B: #NUM!")),
    ("fn_stat", "tdist neg"): (_NUM, _doc("TDIST", "x < 0: #NUM!")),
    ("fn_stat", "fisher bad"): (_NUM, _doc("FISHER", "x >= 1: #NUM!")),
    ("fn_stat", "prob bad"): (_NUM, _doc("PROB", "the probabilities do not add up to 1: #NUM!")),
}

_APPROX = ("LibreOffice 7.4's factor for this unit is an old approximation (7-9 digits) and "
           "Excel's documentation gives the result to 7 digits only; the engine uses the unit's "
           "definition (tested by hand in tests/engine_functions/test_engineering.py)")

#: {(book, case label): why} — left out of the comparison.
LEFT_OUT: dict[tuple[str, str], str] = {
    **{("fn_eng", f"convert {u}"): _APPROX for u in (
        "lbm", "ell", "ly", "atm", "mmHg", "psi", "Torr", "lbf", "cal", "c", "BTU", "flb", "HPh",
        "HP", "PS", "ozm", "stone", "ton", "uk_ton", "grain", "cwt", "uk_cwt", "sg")},
    ("fn_eng", "convert admkn"): "LibreOffice's admiralty knot is 0.99999991 kn; by definition it "
                                 "is 6080 ft/h = 1.00064 kn; Excel's value is not documented",
    **{("fn_eng", case): "Excel's Bessel functions are Numerical Recipes' approximations (they "
                         "differ from the exact values LibreOffice gives from the 8th digit); the "
                         "values Excel saves are tested in tests/engine_functions/test_engineering.py"
       for case in ("besselj", "bessely", "besseli 3")},
    ("fn_eng", "bessely bad"): "Excel documents #NUM! for n < 0 only; x <= 0 is #NUM! in the "
                               "engine (no real value), LibreOffice says #VALUE!",
    ("fn_eng", "imsum mixed"): "mixing i and j suffixes: #VALUE! in the engine (COMPLEX's rule), "
                               "LibreOffice accepts it; Excel's documentation is silent",
    ("fn_eng", "imsec"): "the 15th significant digit of the real part differs (engine ...470, "
                         "Excel's documentation and LibreOffice ...471): the two sides round a "
                         "value ending in ...4705 differently",
    ("fn_eng", "imln 0"): "the logarithm of 0: #NUM! in the engine, LibreOffice #VALUE!; not documented",
    ("fn_math", "floor zero sig"): "FLOOR(x,0): #DIV/0! in the engine (Excel 2010+), LibreOffice "
                                   "#VALUE!; not in Excel's documentation",
    ("fn_math", "ln 0"): "LN(0): #NUM! in the engine, LibreOffice #VALUE! (Err:502); not documented",
    ("fn_math", "ln neg"): "LN(-1): #NUM! in the engine, LibreOffice #VALUE! (Err:502); not documented",
    ("fn_math", "log10 neg"): "LOG10(-1): #NUM! in the engine, LibreOffice #VALUE!; not documented",
    ("fn_math", "log base 1"): "LOG(10,1) divides by ln 1 = 0: #DIV/0! in the engine, LibreOffice "
                               "#VALUE!; not documented",
    ("fn_math", "fact 171"): "FACT(171) overflows: #NUM! in the engine, LibreOffice #VALUE!; not documented",
    ("fn_math", "quotient zero"): "QUOTIENT(1,0): #DIV/0! in the engine, LibreOffice #VALUE!; not documented",
    ("fn_math", "acosh bad"): "ACOSH(0.5): #NUM! in the engine, LibreOffice #VALUE!; not documented",
    ("fn_math", "atanh bad"): "ATANH(1): #NUM! in the engine, LibreOffice #VALUE!; not documented",
    ("fn_math", "power 0 0"): "0^0: the engine follows its ^ operator (1, as LibreOffice); Excel "
                              "gives #NUM!, undocumented: see the report",
    ("fn_math", "power 0 neg"): "0^-1: the engine follows its ^ operator (#DIV/0!, Excel's "
                                "behaviour), LibreOffice #NUM!; not documented",
    ("fn_stat", "median empty"): "MEDIAN of no numbers: #NUM! in the engine, LibreOffice #VALUE!; "
                                 "not documented",
    ("fn_stat", "rank missing"): "a number not in ref: #N/A in the engine (Excel's behaviour), "
                                 "LibreOffice ranks it (4); not in Excel's documentation",
    ("fn_stat", "percentrank out"): "x outside the data: #N/A in the engine, LibreOffice #VALUE!; "
                                    "not documented",
    ("fn_stat", "z.test"): "LibreOffice's value differs from the engine's in the 10th digit "
                           "(its normal distribution); Excel's documentation example is tested in "
                           "tests/engine_functions/test_statistical.py",
}


def apply_lists(name: str, record: dict, wb: openpyxl.Workbook) -> dict:
    """Put Excel's values and the left-out cases into a golden record."""
    return MG.apply_lists(name, record, MG._labels(wb, record["formulas"]), EXCEL_VALUES, LEFT_OUT)


def main(argv: list[str] | None = None) -> int:
    return MG.corpus_main("make_golden_functions", __doc__, CORPUS, "socroi-golden-fn-", apply_lists, argv)


if __name__ == "__main__":
    raise SystemExit(main())
