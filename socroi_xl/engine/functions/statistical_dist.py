"""Probability distributions of Excel's Statistical category (NORM.*, BINOM.*, T.*, F.*,
CHISQ.*, GAMMA.*, BETA.*...), their compatibility names (NORMDIST, TDIST...) and the tests
built on them (T.TEST, CHISQ.TEST, F.TEST, Z.TEST).

scipy is imported on first use (start-up stays fast). Integer arguments (counts, degrees of
freedom) are truncated as Excel does; out-of-domain arguments are ``#NUM!``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..values import E_NA, E_NUM, Err, numeric_cells
from .math_trig import paired, samples_error
from .spec import Grid, function
from .statistical import mean, variance


def _st() -> Any:
    import scipy.stats

    return scipy.stats


def _sp() -> Any:
    import scipy.special

    return scipy.special


def _require(ok: bool) -> None:
    if not ok:
        raise Err(E_NUM)


def _prob(p: float, open_low: bool = True, open_high: bool = True) -> None:
    _require((p > 0 if open_low else p >= 0) and (p < 1 if open_high else p <= 1))


def _df(x: float, top: float = 1e10) -> int:
    d = int(x)
    _require(1 <= d <= top)
    return d


# --- normal ------------------------------------------------------------------------------------
@function("NORM.DIST NORMDIST", "number, number, number, logical", category="statistical")
def NORM_DIST(x: float, m: float, sd: float, cumulative: bool) -> float:
    """Returns the normal distribution (density or cumulative) for a mean and deviation."""
    _require(sd > 0)
    z = (x - m) / sd
    if cumulative:
        return 0.5 * math.erfc(-z / math.sqrt(2))
    return math.exp(-0.5 * z * z) / (sd * math.sqrt(2 * math.pi))


@function("NORM.INV NORMINV", "number, number, number", category="statistical")
def NORM_INV(p: float, m: float, sd: float) -> float:
    """Returns the inverse of the normal cumulative distribution."""
    _prob(p)
    _require(sd > 0)
    return m + sd * float(_sp().ndtri(p))


@function("NORM.S.DIST", "number, logical", category="statistical")
def NORM_S_DIST(z: float, cumulative: bool) -> float:
    """Returns the standard normal distribution (density or cumulative)."""
    return NORM_DIST(z, 0.0, 1.0, cumulative)


@function("NORMSDIST", "number", category="statistical")
def NORMSDIST(z: float) -> float:
    """Returns the standard normal cumulative distribution."""
    return NORM_DIST(z, 0.0, 1.0, True)


@function("NORM.S.INV NORMSINV", "number", category="statistical")
def NORM_S_INV(p: float) -> float:
    """Returns the inverse of the standard normal cumulative distribution."""
    return NORM_INV(p, 0.0, 1.0)


@function("PHI", "number", category="statistical")
def PHI(x: float) -> float:
    """Returns the density of the standard normal distribution."""
    return NORM_DIST(x, 0.0, 1.0, False)


@function("GAUSS", "number", category="statistical")
def GAUSS(x: float) -> float:
    """Returns 0.5 less than the standard normal cumulative distribution."""
    return 0.5 * math.erf(x / math.sqrt(2))


@function("LOGNORM.DIST", "number, number, number, logical", category="statistical")
def LOGNORM_DIST(x: float, m: float, sd: float, cumulative: bool) -> float:
    """Returns the lognormal distribution of x (density or cumulative)."""
    _require(x > 0 and sd > 0)
    z = (math.log(x) - m) / sd
    if cumulative:
        return 0.5 * math.erfc(-z / math.sqrt(2))
    return math.exp(-0.5 * z * z) / (x * sd * math.sqrt(2 * math.pi))


@function("LOGNORMDIST", "number, number, number", category="statistical")
def LOGNORMDIST(x: float, m: float, sd: float) -> float:
    """Returns the cumulative lognormal distribution."""
    return LOGNORM_DIST(x, m, sd, True)


@function("LOGNORM.INV LOGINV", "number, number, number", category="statistical")
def LOGNORM_INV(p: float, m: float, sd: float) -> float:
    """Returns the inverse of the lognormal cumulative distribution."""
    return math.exp(NORM_INV(p, m, sd))


# --- discrete ----------------------------------------------------------------------------------
@function("BINOM.DIST BINOMDIST", "number, number, number, logical", category="statistical")
def BINOM_DIST(s: float, n: float, p: float, cumulative: bool) -> float:
    """Returns the binomial distribution probability (individual or cumulative)."""
    k, nn = int(s), int(n)
    # trials past 2^53 are #NUM!: BINOM.DIST(1E10,1E30,0.3,TRUE) (IronCalc's BINOM.xlsx)
    _require(0 <= k <= nn < 2**53 and 0 <= p <= 1)
    b = _st().binom
    return float(b.cdf(k, nn, p) if cumulative else b.pmf(k, nn, p))


@function("BINOM.DIST.RANGE", "number, number, number, number?", category="statistical")
def BINOM_DIST_RANGE(n: float, p: float, s: float, s2: Any) -> float:
    """Returns the probability of a number of successes (or a range of them) in trials."""
    nn, k1 = int(n), int(s)
    k2 = k1 if s2 is None or _missing(s2) else int(s2)
    _require(nn >= 0 and 0 <= p <= 1 and 0 <= k1 <= nn and k1 <= k2 <= nn)
    b = _st().binom
    ks = np.arange(k1, k2 + 1)
    return float(np.sum(b.pmf(ks, nn, p)))


def _missing(v: Any) -> bool:
    from .spec import MISSING

    return v is MISSING


@function("BINOM.INV CRITBINOM", "number, number, number", category="statistical")
def BINOM_INV(n: float, p: float, alpha: float) -> float:
    """Returns the smallest number of successes whose cumulative binomial probability is at
    least alpha."""
    nn = int(n)
    # alpha 0 or 1 and p 1 are #NUM! (IronCalc's BINOM.xlsx, values Excel saved)
    _require(0 <= nn < 2**53 and 0 <= p < 1 and 0 < alpha < 1)
    cdf = _st().binom.cdf(np.arange(nn + 1), nn, p)
    k = int(np.searchsorted(cdf, alpha * (1 - 1e-15), side="left"))
    return float(min(k, nn))


@function("NEGBINOM.DIST", "number, number, number, logical", category="statistical")
def NEGBINOM_DIST(f: float, s: float, p: float, cumulative: bool) -> float:
    """Returns the negative binomial distribution: f failures before the s-th success."""
    ff, ss = int(f), int(s)
    _require(ff >= 0 and ss >= 1 and 0 < p < 1)  # p 0 or 1: #NUM! (BINOM.xlsx)
    nb = _st().nbinom
    return float(nb.cdf(ff, ss, p) if cumulative else nb.pmf(ff, ss, p))


@function("NEGBINOMDIST", "number, number, number", category="statistical")
def NEGBINOMDIST(f: float, s: float, p: float) -> float:
    """Returns the negative binomial probability of f failures before the s-th success."""
    return NEGBINOM_DIST(f, s, p, False)


@function("HYPGEOM.DIST", "number, number, number, number, logical", category="statistical")
def HYPGEOM_DIST(s: float, n: float, big_s: float, big_n: float, cumulative: bool) -> float:
    """Returns the hypergeometric distribution (sample successes out of a population)."""
    k, nn, mm, pop = int(s), int(n), int(big_s), int(big_n)
    _require(0 <= nn <= pop and 0 <= mm <= pop and k >= 0)
    least, most = max(0, nn - pop + mm), min(nn, mm)
    if cumulative and not least <= k <= most:
        # the cumulative distribution past the possible counts is 0 below them and 1 above
        # (formulas' test.xlsx STATISTICAL!AG54 and AH54:AO54 as Excel saved them:
        # HYPGEOM.DIST(0,2,3,3,TRUE) is 0, HYPGEOM.DIST(5,3,2,30,TRUE) is 1); the probability
        # of one impossible count stays #NUM! as documented
        return 0.0 if k < least else 1.0
    _require(least <= k <= most)
    if nn == 0 or mm == 0:
        # no draw or no success in the population: 0 successes for certain (HYPGEOM.DIST(0,0,0,0,
        # FALSE) and HYPGEOM.DIST(0,0,4,4,TRUE) are 1 in formulas' test.xlsx STATISTICAL!R54 and
        # W54, as Excel saved them)
        return 1.0
    h = _st().hypergeom
    return float(h.cdf(k, pop, mm, nn) if cumulative else h.pmf(k, pop, mm, nn))


@function("HYPGEOMDIST", "number, number, number, number", category="statistical")
def HYPGEOMDIST(s: float, n: float, big_s: float, big_n: float) -> float:
    """Returns the hypergeometric probability of a number of sample successes."""
    return HYPGEOM_DIST(s, n, big_s, big_n, False)


@function("POISSON.DIST POISSON", "number, number, logical", category="statistical")
def POISSON_DIST(x: float, m: float, cumulative: bool) -> float:
    """Returns the Poisson distribution (individual or cumulative)."""
    _require(x >= 0 and m >= 0)  # POISSON.DIST(-1E-6,5,TRUE) is #NUM! (POISSON.xlsx)
    k = int(x)
    po = _st().poisson
    return float(po.cdf(k, m) if cumulative else po.pmf(k, m))


@function("PERMUT", "number, number", category="statistical")
def PERMUT(n: float, k: float) -> float:
    """Returns the number of permutations of k objects chosen from n."""
    nn, kk = int(n), int(k)
    _require(nn >= 0 and kk >= 0 and nn >= kk)
    return float(math.perm(nn, kk))


@function("PERMUTATIONA", "number, number", category="statistical")
def PERMUTATIONA(n: float, k: float) -> float:
    """Returns the number of permutations of k objects from n, repetitions allowed."""
    nn, kk = int(n), int(k)
    _require(nn >= 0 and kk >= 0)
    return float(nn**kk)


@function("PROB", "array, array, number, number?", category="statistical")
def PROB(gx: Grid, gp: Grid, lower: float, upper: Any) -> float:
    """Returns the probability that values of a range lie between two limits."""
    if gx.values.size != gp.values.size:
        raise Err(E_NA)
    x, p = paired(gx, gp)
    if not p.size:
        raise ZeroDivisionError  # no number pairs: #DIV/0! (IronCalc's PROB.xlsx)
    _require(bool(((p >= 0) & (p <= 1)).all()) and abs(float(p.sum()) - 1) < 1e-7)
    hi = lower if _missing(upper) or upper is None else upper
    return float(p[(x >= lower) & (x <= hi)].sum())


# --- continuous --------------------------------------------------------------------------------
@function("EXPON.DIST EXPONDIST", "number, number, logical", category="statistical")
def EXPON_DIST(x: float, lam: float, cumulative: bool) -> float:
    """Returns the exponential distribution (density or cumulative)."""
    _require(x >= 0 and lam > 0)
    return -math.expm1(-lam * x) if cumulative else lam * math.exp(-lam * x)


@function("WEIBULL.DIST WEIBULL", "number, number, number, logical", category="statistical")
def WEIBULL_DIST(x: float, alpha: float, beta: float, cumulative: bool) -> float:
    """Returns the Weibull distribution (density or cumulative)."""
    _require(x >= 0 and alpha > 0 and beta > 0)
    t = (x / beta) ** alpha
    if cumulative:
        return -math.expm1(-t)
    return alpha / beta**alpha * x ** (alpha - 1) * math.exp(-t)


@function("GAMMA", "number", category="statistical")
def GAMMA(x: float) -> float:
    """Returns the gamma function value (``#NUM!`` at 0 and negative integers)."""
    _require(not (x <= 0 and x == math.floor(x)))
    return math.gamma(x)


@function("GAMMALN GAMMALN.PRECISE", "number", category="statistical")
def GAMMALN(x: float) -> float:
    """Returns the natural logarithm of the gamma function (x above 0)."""
    _require(x > 0)
    return math.lgamma(x)


@function("GAMMA.DIST GAMMADIST", "number, number, number, logical", category="statistical")
def GAMMA_DIST(x: float, a: float, b: float, cumulative: bool) -> float:
    """Returns the gamma distribution (density or cumulative)."""
    _require(x >= 0 and a > 0 and b > 0)
    g = _st().gamma
    return float(g.cdf(x, a, scale=b) if cumulative else g.pdf(x, a, scale=b))


@function("GAMMA.INV GAMMAINV", "number, number, number", category="statistical")
def GAMMA_INV(p: float, a: float, b: float) -> float:
    """Returns the inverse of the gamma cumulative distribution."""
    _prob(p, open_low=False, open_high=False)
    _require(a > 0 and b > 0)
    if p == 1:
        raise Err(E_NUM)
    return float(_st().gamma.ppf(p, a, scale=b))


def _beta_bounds(x: float, lo: Any, hi: Any) -> tuple[float, float]:
    a = 0.0 if _missing(lo) or lo is None else float(lo)
    b = 1.0 if _missing(hi) or hi is None else float(hi)
    _require(a < b)
    return a, b


@function("BETA.DIST", "number, number, number, logical, number?, number?", category="statistical")
def BETA_DIST(x: float, alpha: float, beta: float, cumulative: bool, lo: Any, hi: Any) -> float:
    """Returns the beta distribution (density or cumulative) on [A, B]."""
    a, b = _beta_bounds(x, lo, hi)
    _require(alpha > 0 and beta > 0 and a <= x <= b)
    t = (x - a) / (b - a)
    d = _st().beta
    return float(d.cdf(t, alpha, beta) if cumulative else d.pdf(t, alpha, beta) / (b - a))


@function("BETADIST", "number, number, number, number?, number?", category="statistical")
def BETADIST(x: float, alpha: float, beta: float, lo: Any, hi: Any) -> float:
    """Returns the cumulative beta distribution on [A, B]."""
    return BETA_DIST(x, alpha, beta, True, lo, hi)


@function("BETA.INV BETAINV", "number, number, number, number?, number?", category="statistical")
def BETA_INV(p: float, alpha: float, beta: float, lo: Any, hi: Any) -> float:
    """Returns the inverse of the cumulative beta distribution on [A, B]."""
    a, b = _beta_bounds(p, lo, hi)
    _require(0 < p < 1 and alpha > 0 and beta > 0)  # p 1: #NUM! (BETADIST_BETAINV.xlsx)
    return a + (b - a) * float(_st().beta.ppf(p, alpha, beta))


@function("CHISQ.DIST", "number, number, logical", category="statistical")
def CHISQ_DIST(x: float, df: float, cumulative: bool) -> float:
    """Returns the left-tailed chi-squared distribution (density or cumulative)."""
    d = _df(df)
    _require(x >= 0)
    c = _st().chi2
    return float(c.cdf(x, d) if cumulative else c.pdf(x, d))


@function("CHISQ.DIST.RT CHIDIST", "number, number", category="statistical")
def CHISQ_DIST_RT(x: float, df: float) -> float:
    """Returns the right-tailed probability of the chi-squared distribution."""
    d = _df(df)
    _require(x >= 0)
    return float(_st().chi2.sf(x, d))


@function("CHISQ.INV", "number, number", category="statistical")
def CHISQ_INV(p: float, df: float) -> float:
    """Returns the inverse of the left-tailed chi-squared distribution."""
    d = _df(df)
    _prob(p, open_low=False)
    return float(_st().chi2.ppf(p, d))


@function("CHISQ.INV.RT CHIINV", "number, number", category="statistical")
def CHISQ_INV_RT(p: float, df: float) -> float:
    """Returns the inverse of the right-tailed chi-squared distribution."""
    d = _df(df)
    _prob(p, open_high=False)
    return float(_st().chi2.isf(p, d))


@function("CHISQ.TEST CHITEST", "array, array", category="statistical")
def CHISQ_TEST(actual: Grid, expected: Grid) -> float:
    """Returns the chi-squared test of independence (the p-value)."""
    # same size, any shape: the degrees of freedom come from the actual range's shape
    # (formulas' test.xlsx STATISTICAL!R17: CHISQ.TEST(C16:D17,E14:E17) 9.66041305483331E-58, df 1)
    if actual.values.size != expected.values.size:
        raise Err(E_NA)
    err = samples_error(actual.values, expected.values)
    if err is not None:
        raise Err(err)
    va, ma = numeric_cells(actual.values)
    ve, me = numeric_cells(expected.values)
    keep = ma.ravel() & me.ravel()
    a, e = va.ravel()[keep], ve.ravel()[keep]
    r, c = actual.shape
    df = (r - 1) * (c - 1) if r > 1 and c > 1 else max(r, c) - 1
    if df < 1:  # CHISQ.TEST(D17,F17): #N/A (same file, U17)
        raise Err(E_NA)
    if not a.size:  # no pair of numbers: #DIV/0! (V17)
        raise ZeroDivisionError
    if (e <= 0).any():
        raise ZeroDivisionError if (e == 0).any() else Err(E_NUM)
    chi = float(np.sum((a - e) ** 2 / e))
    return float(_st().chi2.sf(chi, df))


@function("T.DIST", "number, number, logical", category="statistical")
def T_DIST(x: float, df: float, cumulative: bool) -> float:
    """Returns the left-tailed Student's t-distribution (density or cumulative)."""
    if int(df) == 0 and not cumulative:
        # the density with 0 degrees of freedom: T.DIST(0,,) is #DIV/0! (formulas' test.xlsx
        # STATISTICAL!R102, as Excel saved it); the cumulative one is #NUM! (T.DIST(1,0,TRUE)
        # in IronCalc's T_DIST.xlsx D24)
        raise ZeroDivisionError
    d = _df(df)
    t = _st().t
    return float(t.cdf(x, d) if cumulative else t.pdf(x, d))


@function("T.DIST.2T", "number, number", category="statistical")
def T_DIST_2T(x: float, df: float) -> float:
    """Returns the two-tailed Student's t-distribution."""
    d = _df(df)
    _require(x >= 0)
    return float(2 * _st().t.sf(x, d))


@function("T.DIST.RT", "number, number", category="statistical")
def T_DIST_RT(x: float, df: float) -> float:
    """Returns the right-tailed Student's t-distribution."""
    d = _df(df)
    return float(_st().t.sf(x, d))


@function("TDIST", "number, number, number", category="statistical")
def TDIST(x: float, df: float, tails: float) -> float:
    """Returns the Student's t-distribution, one- or two-tailed (x at least 0)."""
    d = _df(df)
    k = int(tails)
    _require(x >= 0 and k in (1, 2))
    return float(k * _st().t.sf(x, d))


@function("T.INV", "number, number", category="statistical")
def T_INV(p: float, df: float) -> float:
    """Returns the left-tailed inverse of the Student's t-distribution."""
    d = _df(df)
    _prob(p, open_high=False)
    if p == 1:
        raise Err(E_NUM)
    return float(_st().t.ppf(p, d))


@function("T.INV.2T TINV", "number, number", category="statistical")
def T_INV_2T(p: float, df: float) -> float:
    """Returns the two-tailed inverse of the Student's t-distribution."""
    d = _df(df)
    _prob(p, open_high=False)
    return float(_st().t.isf(p / 2, d))


def _two_samples(g1: Grid, g2: Grid) -> tuple[np.ndarray, np.ndarray]:
    """The numbers of two independent samples (errors: :func:`~.math_trig.samples_error`)."""
    err = samples_error(g1.values, g2.values)
    if err is not None:
        raise Err(err)
    return g1.numbers(), g2.numbers()


@function("T.TEST TTEST", "array, array, number, number", category="statistical")
def T_TEST(g1: Grid, g2: Grid, tails: float, kind: float) -> float:
    """Returns the probability of a Student's t-test (paired, equal or unequal variance)."""
    k, typ = int(tails), int(kind)
    _require(k in (1, 2) and typ in (1, 2, 3))
    t = _st().t
    if typ == 1:
        if g1.values.size != g2.values.size:
            raise Err(E_NA)
        x, y = paired(g1, g2)
        d = x - y
        n = d.size
        if n < 2:
            raise ZeroDivisionError
        sd = math.sqrt(variance(d, 1))
        if sd == 0:
            raise ZeroDivisionError
        stat, df = abs(float(d.mean())) / (sd / math.sqrt(n)), n - 1.0
    else:
        x, y = _two_samples(g1, g2)
        n1, n2 = x.size, y.size
        if n1 < 2 or n2 < 2:
            raise ZeroDivisionError
        v1, v2 = variance(x, 1), variance(y, 1)
        diff = abs(float(x.mean() - y.mean()))
        if typ == 2:
            sp = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2)
            se = math.sqrt(sp * (1 / n1 + 1 / n2))
            df = n1 + n2 - 2.0
        else:
            a, b = v1 / n1, v2 / n2
            se = math.sqrt(a + b)
            df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1)) if a + b else 1.0
        if se == 0:
            raise ZeroDivisionError
        stat = diff / se
    return float(k * t.sf(stat, df))


@function("F.DIST", "number, number, number, logical", category="statistical")
def F_DIST(x: float, d1: float, d2: float, cumulative: bool) -> float:
    """Returns the left-tailed F probability distribution (density or cumulative)."""
    a, b = _df(d1), _df(d2)
    _require(x >= 0)
    f = _st().f
    return float(f.cdf(x, a, b) if cumulative else f.pdf(x, a, b))


@function("F.DIST.RT FDIST", "number, number, number", category="statistical")
def F_DIST_RT(x: float, d1: float, d2: float) -> float:
    """Returns the right-tailed F probability distribution."""
    a, b = _df(d1), _df(d2)
    _require(x >= 0)
    return float(_st().f.sf(x, a, b))


@function("F.INV", "number, number, number", category="statistical")
def F_INV(p: float, d1: float, d2: float) -> float:
    """Returns the inverse of the left-tailed F probability distribution."""
    a, b = _df(d1), _df(d2)
    _prob(p, open_low=False, open_high=False)
    return float(_st().f.ppf(p, a, b))


@function("F.INV.RT FINV", "number, number, number", category="statistical")
def F_INV_RT(p: float, d1: float, d2: float) -> float:
    """Returns the inverse of the right-tailed F probability distribution."""
    a, b = _df(d1), _df(d2)
    _prob(p, open_low=False, open_high=False)
    return float(_st().f.isf(p, a, b))


@function("F.TEST FTEST", "array, array", category="statistical")
def F_TEST(g1: Grid, g2: Grid) -> float:
    """Returns the two-tailed probability that the variances of two samples do not differ."""
    x, y = _two_samples(g1, g2)
    if x.size < 2 or y.size < 2:
        raise ZeroDivisionError
    v1, v2 = variance(x, 1), variance(y, 1)
    if v1 == 0 or v2 == 0:
        raise ZeroDivisionError
    f = _st().f
    p = f.cdf(v1 / v2, x.size - 1, y.size - 1)
    return float(2 * min(p, 1 - p))


@function("CONFIDENCE.NORM CONFIDENCE", "number, number, number", category="statistical")
def CONFIDENCE_NORM(alpha: float, sd: float, size: float) -> float:
    """Returns the confidence interval half-width for a population mean (normal)."""
    n = int(size)
    _require(0 < alpha < 1 and sd > 0 and n >= 1)
    return float(-_sp().ndtri(alpha / 2)) * sd / math.sqrt(n)


@function("CONFIDENCE.T", "number, number, number", category="statistical")
def CONFIDENCE_T(alpha: float, sd: float, size: float) -> float:
    """Returns the confidence interval half-width for a population mean (Student's t)."""
    n = int(size)
    _require(0 < alpha < 1 and sd > 0 and n >= 1)
    if n == 1:
        raise ZeroDivisionError
    return float(_st().t.isf(alpha / 2, n - 1)) * sd / math.sqrt(n)


@function("Z.TEST ZTEST", "numbers, number, number?", category="statistical")
def Z_TEST(xs: np.ndarray, x: float, sigma: Any) -> float:
    """Returns the one-tailed p-value of a z-test."""
    n = xs.size
    if n == 0:
        raise Err(E_NA)
    # formulas' test.xlsx STATISTICAL, values Excel saved: Z.TEST(D121:E121,F121,0) is #NUM!
    # (sigma 0), Z.TEST(G121:I121,H121,2) #DIV/0! (one number, even with sigma given)
    if n < 2:
        raise ZeroDivisionError
    if _missing(sigma) or sigma is None:
        s = math.sqrt(variance(xs, 1))
    else:
        s = float(sigma)
        if s <= 0:
            raise Err(E_NUM)
    if s == 0:
        raise ZeroDivisionError
    z = (mean(xs) - x) / (s / math.sqrt(n))
    return 0.5 * math.erfc(z / math.sqrt(2))


@function("FISHER", "number", category="statistical")
def FISHER(x: float) -> float:
    """Returns the Fisher transformation of x (between -1 and 1)."""
    _require(-1 < x < 1)
    return math.atanh(x)


@function("FISHERINV", "number", category="statistical")
def FISHERINV(y: float) -> float:
    """Returns the inverse of the Fisher transformation."""
    return math.tanh(y)

