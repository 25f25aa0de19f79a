"""SOCROI_ATTRIBUTE checked against a peer: the ChannelAttribution package (PyPI, GPL-3).

ChannelAttribution (Altomare & Loris) computes first-, last- and linear-touch credits
exactly and Markov credits by simulating journeys through the estimated chain. On a
generated data set of 5,000 journeys:

* the heuristic models must agree to rounding;
* its estimated transition matrix must equal ours (it drops self-transitions, so ours is
  compared with the diagonal taken out and the rows renormalised);
* its simulated Markov credits must agree with our exact ones within its sampling error:
  the mean of 20 independent seeded runs, within 4 standard errors of that mean. (Its run
  with seed ``s`` draws its 10 folds from generators ``s … s+9``, so seeds 0, 1, 2 … share
  most of their draws and understate the spread: the seeds here are 1000 apart. Walks are
  allowed 200 steps, so truncating long simulated walks biases nothing measurable.)

The package is in the ``dev`` extra; if it is absent (it compiles C++ on install and
imports matplotlib) the whole module is skipped.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
ca = pytest.importorskip("ChannelAttribution")

from socroi_xl.core.attribution import attribute, read_journeys  # noqa: E402
from socroi_xl.core.markov import transition_counts  # noqa: E402

CHANNELS = np.array(["Facebook", "Instagram", "LinkedIn", "Email", "Search", "Display", "Direct"])
N = 5000


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rng = np.random.default_rng(2026)
    popularity = np.array([0.25, 0.15, 0.15, 0.15, 0.12, 0.1, 0.08])
    lengths = np.minimum(rng.geometric(0.4, size=N), 10)
    paths = [" > ".join(rng.choice(CHANNELS, size=n, p=popularity)) for n in lengths]
    conv = rng.integers(0, 4, size=N)
    null = rng.integers(0, 8, size=N)
    return pd.DataFrame({"path": paths, "conv": conv, "null": null})


def ours(data: pd.DataFrame, model: str, with_nulls: bool = True) -> pd.Series:
    out = attribute(
        data[["path"]].to_numpy(dtype=object),
        data[["conv"]].to_numpy(dtype=float),
        data[["null"]].to_numpy(dtype=float) if with_nulls else None,
        model,
    )
    assert isinstance(out, np.ndarray), out
    return pd.Series(out[:, 1].astype(float), index=out[:, 0])


@pytest.mark.parametrize(
    ("model", "column"),
    [("first", "first_touch"), ("last", "last_touch"), ("linear", "linear_touch")],
)
def test_heuristic_models_equal_channelattribution(data, model, column):
    theirs = ca.heuristic_models(data, "path", "conv", flg_pro=False)
    theirs = theirs.set_index("channel_name")[column]
    mine = ours(data, model, with_nulls=False)
    assert set(mine.index) == set(theirs.index)
    for channel in theirs.index:
        assert mine[channel] == pytest.approx(theirs[channel], rel=1e-9, abs=1e-9), channel


def test_transition_matrix_equals_channelattribution(data):
    got = ca.transition_matrix(data, "path", "conv", var_null="null", flg_equal=False, flg_pro=False)
    ids = dict(zip(got["channels"]["id_channel"].astype(str), got["channels"]["channel_name"], strict=True))
    names = {"(start)": "(start)", "(conversion)": "(conversion)", "(null)": "(null)", **ids}
    theirs = {
        (names[str(f)], names[str(t)]): p
        for f, t, p in got["transition_matrix"].itertuples(index=False)
    }
    j = read_journeys(data[["path"]].to_numpy(dtype=object), data[["conv"]], data[["null"]])
    counts = transition_counts(len(j.names), j.path_id, j.code, j.first, j.last, j.conv, j.null)
    np.fill_diagonal(counts, 0.0)  # ChannelAttribution collapses A > A
    probs = counts / counts.sum(axis=1, keepdims=True).clip(min=1e-300)
    labels = ["(start)", *j.names, "(conversion)", "(null)"]
    mine = {
        (labels[f], labels[t]): probs[f, t] for f, t in zip(*np.nonzero(probs), strict=True)
    }
    assert set(mine) == set(theirs)
    for key, p in theirs.items():
        assert mine[key] == pytest.approx(p, rel=1e-6), key


def test_markov_within_channelattribution_sampling_error(data):
    runs = []
    for seed in range(0, 20_000, 1000):
        res = ca.markov_model(
            data, "path", "conv", var_null="null", seed=seed, nsim_start=100_000,
            max_step=200, verbose=False, flg_pro=False,
        )
        runs.append(res.set_index("channel_name")["total_conversions"])
    theirs = pd.concat(runs, axis=1)
    mean = theirs.mean(axis=1)
    standard_error = theirs.std(axis=1, ddof=1) / np.sqrt(theirs.shape[1])
    mine = ours(data, "markov")
    total = data["conv"].sum()
    assert mine.sum() == pytest.approx(total, rel=1e-12)
    assert set(mine.index) == set(mean.index)
    for channel in mean.index:
        allowed = 4 * standard_error[channel]
        assert abs(mine[channel] - mean[channel]) <= allowed, (
            channel, mine[channel], mean[channel], standard_error[channel]
        )
