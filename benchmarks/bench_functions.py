"""Each SOCROI function over a 1,000,000-cell column against the bare numpy expression.

Run: ``.venv/bin/python benchmarks/bench_functions.py [--cells N] [--repeat R]``

Both sides are timed in the same run, alternating, best of R; the ratio (ours / numpy) is
what counts: absolute times are not comparable between machines or runs. The goal is
every ratio ≤ 3.0 including SOCROI's error handling (input checks, #DIV/0!/#NUM! masks,
the finite check). Inputs are realistic columns of campaign data (floats, no blanks), the
case a recalculation of a Campaigns table hits; the text functions (UTM) are excluded,
as there is no array form of URL parsing to compare with.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from socroi_xl.registry import REGISTRY


def columns(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    impressions = rng.integers(1_000, 500_000, n).astype(float)
    clicks = np.floor(impressions * rng.uniform(0.002, 0.03, n)) + 1
    conversions = np.floor(clicks * rng.uniform(0.01, 0.1, n)) + 1
    spend = rng.uniform(5, 5_000, n)
    return {
        "spend": spend,
        "revenue": spend * rng.uniform(0, 6, n),
        "impressions": impressions,
        "clicks": clicks,
        "conversions": conversions,
        "margin": rng.uniform(0.2, 0.8, n),
        "aov": rng.uniform(20, 200, n),
        "rate": rng.uniform(0.01, 0.2, n),
        "retention": rng.uniform(0.3, 0.9, n),
        "stages": np.sort(impressions)[::-1].copy(),
    }


def cases(c: dict[str, np.ndarray]) -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    s, r, i, k, v = c["spend"], c["revenue"], c["impressions"], c["clicks"], c["conversions"]
    m, a, q, t, st = c["margin"], c["aov"], c["rate"], c["retention"], c["stages"]
    f = {name: spec.func for name, spec in REGISTRY.items()}
    col = st[:, None]
    return [
        ("SOCROI", lambda: f["SOCROI"](r, s), lambda: (r - s) / s),
        ("SOCROI_ROAS", lambda: f["SOCROI_ROAS"](r, s), lambda: r / s),
        ("SOCROI_CPM", lambda: f["SOCROI_CPM"](s, i), lambda: s / i * 1000),
        ("SOCROI_CPC", lambda: f["SOCROI_CPC"](s, k), lambda: s / k),
        ("SOCROI_CTR", lambda: f["SOCROI_CTR"](k, i), lambda: k / i),
        ("SOCROI_CPA", lambda: f["SOCROI_CPA"](s, v), lambda: s / v),
        ("SOCROI_CONV_RATE", lambda: f["SOCROI_CONV_RATE"](v, k), lambda: v / k),
        ("SOCROI_ENGAGEMENT_RATE", lambda: f["SOCROI_ENGAGEMENT_RATE"](k, i), lambda: k / i),
        ("SOCROI_GROWTH", lambda: f["SOCROI_GROWTH"](k, i), lambda: (i - k) / k),
        ("SOCROI_UPLIFT", lambda: f["SOCROI_UPLIFT"](v, k), lambda: v / k - 1),
        ("SOCROI_FUNNEL", lambda: f["SOCROI_FUNNEL"](col), lambda: col[1:] / col[:-1]),
        ("SOCROI_PPC_VALUE", lambda: f["SOCROI_PPC_VALUE"](k, a), lambda: np.sum(k * a)),
        ("SOCROI_ACTION_VALUE", lambda: f["SOCROI_ACTION_VALUE"](v, a), lambda: np.sum(v * a)),
        ("SOCROI_EFFORT_COST", lambda: f["SOCROI_EFFORT_COST"](k, a, s), lambda: np.sum(k * a) + np.sum(s)),
        ("SOCROI_CLV", lambda: f["SOCROI_CLV"](a, q, i, m), lambda: a * q * i * m),
        ("SOCROI_CLV_RETENTION", lambda: f["SOCROI_CLV_RETENTION"](a, t, q), lambda: a * t / (1 + q - t)),
        ("SOCROI_BREAKEVEN_CPA", lambda: f["SOCROI_BREAKEVEN_CPA"](a, m), lambda: a * m),
        ("SOCROI_BREAKEVEN_ROAS", lambda: f["SOCROI_BREAKEVEN_ROAS"](m), lambda: 1 / m),
        ("SOCROI_BREAKEVEN_CPC", lambda: f["SOCROI_BREAKEVEN_CPC"](a, m, q), lambda: a * m * q),
        ("SOCROI_PAYBACK", lambda: f["SOCROI_PAYBACK"](s, a, m), lambda: s / (a * m)),
    ]


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cells", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--limit", type=float, default=3.0)
    args = p.parse_args()
    c = columns(args.cells)
    print(f"{'function':<24}{'ours ms':>10}{'numpy ms':>10}{'ratio':>8}")
    worst = 0.0
    for name, ours, bare in cases(c):
        ours(), bare()  # warm up
        t_ours, t_bare = [], []
        for _ in range(3):  # interleave rounds so both sides see the same machine load
            t_ours.append(best(ours, args.repeat // 3 or 1))
            t_bare.append(best(bare, args.repeat // 3 or 1))
        ratio = min(t_ours) / min(t_bare)
        worst = max(worst, ratio)
        flag = "" if ratio <= args.limit else "  > limit"
        print(f"{name:<24}{min(t_ours) * 1e3:>10.2f}{min(t_bare) * 1e3:>10.2f}{ratio:>8.2f}{flag}")
    print(f"worst ratio {worst:.2f} (limit {args.limit})")
    return 0 if worst <= args.limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
