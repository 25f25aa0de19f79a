"""Benchmark: SOCROI_ATTRIBUTE, Markov model, 100,000 journeys over 12 channels.

Prints the time of one full call (reading the ranges as Excel hands them over, adding up
identical paths, building the transition matrix, solving all removal effects) and, as a
yardstick measured in the same run on the same machine, the time numpy takes to sort
one million random floats: the ratio is comparable between machines, the seconds are not.

The issue's target: under 2 s. Run with ``.venv/bin/python benchmarks/bench_attribution.py``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from socroi_xl.core.attribution import attribute

CHANNELS = (
    "Facebook", "Instagram", "LinkedIn", "X", "TikTok", "YouTube",
    "Pinterest", "Email", "Search", "Display", "Direct", "Referral",
)


def journeys(
    n: int, seed: int = 7, mean_length: float = 3.0, max_length: int = 12
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` journeys as Excel ranges: paths (object column), conversions, nulls.

    Lengths are geometric (mean ``mean_length`` touches, at most ``max_length``),
    channels drawn with skewed popularity. The default gives realistic data with many
    repeated paths but tens of thousands of distinct ones; long journeys make almost
    every path distinct (the worst case for the aggregation step).
    """
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, len(CHANNELS) + 1)
    popularity /= popularity.sum()
    lengths = np.minimum(rng.geometric(1.0 / mean_length, size=n), max_length)
    touches = rng.choice(len(CHANNELS), size=int(lengths.sum()), p=popularity)
    names = np.array(CHANNELS, dtype=object)[touches]
    ends = np.cumsum(lengths)
    paths = np.empty((n, 1), dtype=object)
    for i, (a, b) in enumerate(zip(ends - lengths, ends, strict=True)):
        paths[i, 0] = " > ".join(names[a:b])
    conversions = rng.integers(0, 3, size=(n, 1)).astype(np.float64)
    nulls = rng.integers(0, 10, size=(n, 1)).astype(np.float64)
    return paths, conversions, nulls


def best_of(repeats: int, fn, *args) -> float:
    """The fastest of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="journeys (default 100000)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    paths, conversions, nulls = journeys(args.n)
    distinct = len(set(paths[:, 0]))
    table = attribute(paths, conversions, nulls, "markov")
    assert abs(sum(table[:, 1]) - conversions.sum()) < 1e-6 * conversions.sum()
    markov = best_of(args.repeats, attribute, paths, conversions, nulls, "markov")
    linear = best_of(args.repeats, attribute, paths, conversions, nulls, "linear")
    long_paths, long_conv, long_nulls = journeys(args.n, mean_length=10.0, max_length=40)
    long_distinct = len(set(long_paths[:, 0]))
    worst = best_of(args.repeats, attribute, long_paths, long_conv, long_nulls, "markov")
    ref_data = np.random.default_rng(0).random(1_000_000)
    reference = best_of(args.repeats, np.sort, ref_data)
    print(f"journeys: {args.n:,} ({distinct:,} distinct paths) over {len(table)} channels")
    print(f"markov : {markov:.3f} s  (target < 2 s: {'met' if markov < 2 else 'NOT met'})")
    print(f"linear : {linear:.3f} s")
    print(f"long journeys (mean 10 touches, {long_distinct:,} distinct paths), markov: {worst:.3f} s")
    print(f"reference np.sort(1e6 floats): {reference * 1000:.1f} ms")
    print(f"ratio markov / reference: {markov / reference:.1f}")
    print(f"ratio long-journey markov / reference: {worst / reference:.1f}")


if __name__ == "__main__":
    main()
