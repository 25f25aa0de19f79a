"""Multi-touch attribution: which channels get the credit for conversions.

A *journey* is a path of touches such as ``"Facebook > Email > LinkedIn"``, with a count
of journeys of that path that converted and (optionally) a count that did not (*nulls*).
:func:`attribute` shares the conversions among the channels under one of six models,
:func:`assists` counts the conversions a channel helped but did not close, and
:func:`decay_weights` gives the time-decay weights of one journey's touches.

Reading the journeys (the same for every function here):

* Channel names are trimmed and matched case-insensitively (``"facebook "`` is
  ``"Facebook"``); the table shows the first spelling met. Empty names between two
  separators are skipped (``"A >> B"`` is ``"A > B"``).
* A blank path cell (or a cell of spaces) is not a journey: the row is ignored, whatever
  its counts hold. A non-blank path with no channel name at all (``" > "``) is ``#VALUE!``.
* Counts: blank counts 0; numbers, numeric text and booleans as Excel reads them; other
  text ``#VALUE!``; negative ``#NUM!``; an error value in any used row is the result (the
  first in reading order; in one row the path's error, then the conversions', then the
  nulls').
* ``paths``, ``conversions`` and ``nulls`` are read in reading order (row by row) and must
  hold the same number of cells, or the result is ``#VALUE!``.

Identical paths are added up first (one dictionary pass), touches are exploded into flat numpy
arrays, and every model is one ``numpy.bincount`` or one batched linear solve: no Python
loop over journeys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import CODE_OF, DIV0, NA, NUM, VALUE, XLError, error, first_error
from ..xl.coerce import as_array, merge_codes, numbers, result, texts
from .kernel import quiet
from .markov import removal_effects, transition_counts

MODELS = ("last", "first", "linear", "position", "markov", "shapley")
DEFAULT_SEPARATOR = ">"
#: The most distinct channels the Shapley model accepts (more gives ``#NUM!``).
SHAPLEY_MAX_CHANNELS = 15
#: Position-based shares: first touch, last touch; the middle touches share the rest.
POSITION_FIRST = 0.4
POSITION_LAST = 0.4


@dataclass(frozen=True)
class Journeys:
    """Journeys with identical paths added up, exploded to one row per touch.

    ``names[c]`` is channel ``c``'s display name (first spelling met, in order of first
    appearance). Per journey ``j``: ``conv[j]``, ``null[j]``, ``length[j]`` (touches).
    Per touch ``t`` in journey order: ``path_id[t]``, ``code[t]``, ``pos[t]`` (0-based
    position in its journey).
    """

    names: list[str]
    conv: np.ndarray
    null: np.ndarray
    length: np.ndarray
    path_id: np.ndarray
    code: np.ndarray
    pos: np.ndarray

    @property
    def first(self) -> np.ndarray:
        """Mask of first touches."""
        return self.pos == 0

    @property
    def last(self) -> np.ndarray:
        """Mask of last touches."""
        return self.pos == self.length[self.path_id] - 1

    def keys(self) -> list[str]:
        """The channels' matching keys (trimmed, case-folded), in table order."""
        return [n.casefold() for n in self.names]


def _single(value: Any) -> Any:
    """The one value of a cell, a one-cell range or an omitted argument (``None``)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        arr = np.asarray(value, dtype=object)
        if arr.size != 1:
            return error(VALUE)
        value = arr.ravel()[0]
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def _option(value: Any, default: str) -> str | XLError:
    """A text option (trimmed, case-folded); blank or omitted is ``default``."""
    value = _single(value)
    if isinstance(value, XLError) or (isinstance(value, str) and value in CODE_OF):
        return XLError(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if not isinstance(value, str):
        return error(VALUE)
    return value.strip().casefold()


def _separator(value: Any) -> str | XLError:
    """The separator text (not trimmed: ``" "`` is a valid separator); blank is ``">"``."""
    value = _single(value)
    if isinstance(value, str) and value in CODE_OF:
        return XLError(value)
    if value is None or value == "":
        return DEFAULT_SEPARATOR
    if not isinstance(value, str):
        return error(VALUE)
    return value


def read_journeys(
    paths: Any, conversions: Any, nulls: Any = None, separator: str = DEFAULT_SEPARATOR
) -> Journeys | XLError:
    """Read journeys the way every attribution function does (see the module notes).

    Parameters
    ----------
    paths : range
        One journey per cell, channels joined by ``separator``.
    conversions : range
        Journeys of that path that converted (same number of cells as paths).
    nulls : range, optional
        Journeys of that path that did not convert; omitted means 0 for every path.
    separator : str
        The text between two channels of a path.

    Returns
    -------
    Journeys or XLError
        The journeys, or the error value the inputs give.

    Examples
    --------
    >>> j = read_journeys([["Facebook > Email"], ["email"], [None]], [[3], [1], ["x"]])
    >>> j.names, j.conv.tolist(), j.code.tolist(), j.pos.tolist()
    (['Facebook', 'Email'], [3.0, 1.0], [0, 1, 1], [0, 1, 0])
    """
    text, pcodes = texts(paths)
    text = text.ravel()
    conv, ccodes = numbers(conversions)
    if conv.size != text.size:
        return error(VALUE)
    conv = conv.ravel()
    if nulls is None:
        null, ncodes = np.zeros(text.size), None
    else:
        null, ncodes = numbers(nulls)
        if null.size != text.size:
            return error(VALUE)
        null = null.ravel()
    flat = (text.size,)
    codes = merge_codes(
        flat,
        None if pcodes is None else pcodes.ravel(),
        None if ccodes is None else ccodes.ravel(),
        None if ncodes is None else ncodes.ravel(),
    )
    codes = np.zeros(flat, dtype=np.int8) if codes is None else codes
    first_error(codes, (conv < 0) | (null < 0), NUM)
    used = np.fromiter((isinstance(t, str) and t.strip() != "" for t in text.tolist()), bool, text.size)
    bad = np.flatnonzero(used & (codes != 0))
    if bad.size:
        return error(int(codes[bad[0]]))
    if not used.any():
        return Journeys([], np.zeros(0), np.zeros(0), np.zeros(0, np.int64), *(np.zeros(0, np.int64),) * 3)
    # identical paths added up, in order of first appearance
    group: dict[str, int] = {}
    gid = np.fromiter((group.setdefault(t, len(group)) for t in text[used].tolist()), np.int64, int(used.sum()))
    conv_sum = np.bincount(gid, weights=np.nan_to_num(conv[used]), minlength=len(group))
    null_sum = np.bincount(gid, weights=np.nan_to_num(null[used]), minlength=len(group))
    # each distinct token trimmed and case-folded once; channels in order of first appearance
    token_key: dict[str, int] = {}  # raw token -> channel code (-1: empty)
    key_of: dict[str, int] = {}  # case-folded name -> channel code
    display: list[str] = []
    codes_list: list[int] = []
    path_list: list[int] = []
    for j, path in enumerate(group):
        for raw in path.split(separator):
            c = token_key.get(raw)
            if c is None:
                trimmed = raw.strip()
                if trimmed:
                    c = key_of.setdefault(trimmed.casefold(), len(key_of))
                    if c == len(display):
                        display.append(trimmed)
                else:
                    c = -1
                token_key[raw] = c
            if c >= 0:
                codes_list.append(c)
                path_list.append(j)
    code = np.asarray(codes_list, dtype=np.int64)
    path_id = np.asarray(path_list, dtype=np.int64)
    length = np.bincount(path_id, minlength=len(group))
    if (length == 0).any():
        return error(VALUE)
    starts = np.concatenate([[0], np.cumsum(length)[:-1]])
    pos = np.arange(code.size) - starts[path_id]
    return Journeys(
        display,
        conv_sum.astype(np.float64),
        null_sum.astype(np.float64),
        length,
        path_id,
        code,
        pos,
    )


def touch_weights(j: Journeys, model: str) -> np.ndarray:
    """Each touch's share of its journey's conversions under a heuristic model.

    The shares of one journey's touches add up to 1: ``last`` and ``first`` give 1 to one
    touch; ``linear`` gives ``1/n`` to each of the ``n`` touches (a channel touched twice
    gets two shares); ``position`` gives 0.4 to the first and 0.4 to the last touch and
    shares 0.2 equally among the middle ones (0.5/0.5 with two touches, 1 with one).
    """
    n = j.length[j.path_id].astype(np.float64)
    if model == "last":
        return j.last.astype(np.float64)
    if model == "first":
        return j.first.astype(np.float64)
    if model == "linear":
        return 1.0 / n
    # position
    middle = (1.0 - POSITION_FIRST - POSITION_LAST) / np.maximum(n - 2.0, 1.0)
    w = np.where(j.first, POSITION_FIRST, np.where(j.last, POSITION_LAST, middle))
    w = np.where(n == 2, 0.5, w)
    return np.where(n == 1, 1.0, w)


def shapley_credits(j: Journeys) -> np.ndarray:
    """Exact Shapley values of the game ``v(S)`` = conversions of journeys whose channel set
    is a subset of ``S``.

    This ``v`` is a sum of unanimity games, one per journey, with dividend = the
    journey's conversions on its channel set ``T``; the Shapley value of a unanimity game
    gives ``1/|T|`` to each member. So channel ``c`` receives
    ``Σ over journeys containing c of conversions / |T|``: the journey's distinct
    channels share its conversions equally, repeats ignored.
    """
    k = len(j.names)
    pair = np.unique(j.path_id * k + j.code)
    pid, code = pair // k, pair % k
    distinct = np.bincount(pid, minlength=j.conv.size)
    return np.bincount(code, weights=j.conv[pid] / distinct[pid], minlength=k)


def _credits(j: Journeys, model: str) -> np.ndarray | XLError:
    """Credited conversions per channel code, or the model's error."""
    k = len(j.names)
    if model == "markov":
        counts = transition_counts(k, j.path_id, j.code, j.first, j.last, j.conv, j.null)
        try:
            p_conv, effects = removal_effects(counts)
        except np.linalg.LinAlgError:
            return error(NUM)
        total_effect = float(np.sum(effects)) if p_conv > 0 else 0.0
        if p_conv <= 0 or total_effect <= 0:
            return error(DIV0)
        return j.conv.sum() * effects / total_effect
    if model == "shapley":
        if k > SHAPLEY_MAX_CHANNELS:
            return error(NUM)
        return shapley_credits(j)
    w = touch_weights(j, model)
    return np.bincount(j.code, weights=w * j.conv[j.path_id], minlength=k)


def attribute(
    paths: Any, conversions: Any, nulls: Any = None, model: Any = None, separator: Any = None
) -> Any:
    """Conversions credited to each channel of multi-touch journeys; spills a 2-column table (channel, credit) under model last, first, linear, position, markov or shapley.

    Every model shares out exactly the total conversions (the credits add up to it).

    | model    | credit of one journey's conversions ``C`` (touches ``t1 … tn``) |
    |----------|------------------------------------------------------------------|
    | last     | all of ``C`` to ``tn`` (the default) |
    | first    | all of ``C`` to ``t1`` |
    | linear   | ``C/n`` to every touch; a channel touched twice gets ``2C/n`` |
    | position | ``0.4C`` to ``t1``, ``0.4C`` to ``tn``, ``0.2C`` shared equally by ``t2 … t(n-1)``; ``C/2`` each with two touches; all of ``C`` with one |
    | markov   | first-order Markov chain over all journeys (conversions *and* nulls): ``credit_c = total × RE_c / Σ RE``, removal effect ``RE_c = 1 − P(conv without c) / P(conv)``, solved exactly |
    | shapley  | Shapley value of ``v(S)`` = conversions of journeys whose set of channels lies inside ``S``: works out to ``C/m`` to each of the ``m`` *distinct* channels of the journey (repeats ignored) |

    Parameters
    ----------
    paths : range
        Journeys, one per cell, e.g. "Facebook > Email > LinkedIn"; channel names are
        trimmed and matched case-insensitively; blank cells are skipped.
    conversions : range
        How many journeys of each path converted (same number of cells as paths);
        blank counts 0, negative gives #NUM!, text gives #VALUE!.
    nulls : range, optional
        How many journeys of each path did not convert; only the markov model uses
        them; blank or omitted counts 0.
    model : text, optional
        "last" (default), "first", "linear", "position", "markov" or "shapley"; any other
        text gives #VALUE!.
    separator : text, optional
        The text between two channels of a path; default ">".

    Returns
    -------
    array
        One row per channel, in order of first appearance (reading the paths top to
        bottom, each left to right): the channel's name, then its credited conversions.

    Notes
    -----
    Repeated touches: ``linear`` and ``position`` credit every touch where it stands
    (``"A > A > B"`` under linear gives A 2/3, B 1/3); ``first``/``last`` look only at the
    end touches; ``shapley`` uses the set of channels; ``markov`` keeps ``A > A`` as a
    self-transition, which gives exactly the same result as collapsing it to ``A``.
    Channels met only in journeys with no conversions are listed too: with 0 under every
    model but markov. The Markov chain remembers one step only, so a channel seen only in
    ``"X > B"`` (no conversion) still gets credit when ``B`` converts elsewhere: from ``X``
    the chain can reach a conversion.

    Errors: mismatched range sizes, text counts, an unknown model or a path with no
    channel name give ``#VALUE!``; a negative count ``#NUM!``; no journey at all
    ``#N/A``; markov with zero total conversions ``#DIV/0!`` (there is no conversion
    probability to remove); shapley over more than 15 distinct channels ``#NUM!``;
    counts so large their sums overflow ``#NUM!``. With zero total conversions the
    other models credit 0 to every channel.

    Examples
    --------
    >>> paths = [["Facebook > Email"], ["Email"], ["LinkedIn > Facebook > Email"]]
    >>> attribute(paths, [[10], [5], [4]], model="first").tolist()
    [['Facebook', 10.0], ['Email', 5.0], ['LinkedIn', 4.0]]
    >>> [(c, round(v, 4)) for c, v in attribute(paths, [[10], [5], [4]], model="linear")]
    [('Facebook', 6.3333), ('Email', 11.3333), ('LinkedIn', 1.3333)]
    """
    how = _option(model, "last")
    if isinstance(how, XLError):
        return how
    if how not in MODELS:
        return error(VALUE)
    sep = _separator(separator)
    if isinstance(sep, XLError):
        return sep
    if nulls is not None and as_array(nulls).size == 1 and _single(nulls) is None:
        nulls = None  # an omitted argument may arrive as one blank cell
    with quiet():
        j = read_journeys(paths, conversions, nulls, sep)
        if isinstance(j, XLError):
            return j
        if not j.names:
            return error(NA)
        credits = _credits(j, how)
    if isinstance(credits, XLError):
        return credits
    if not np.isfinite(credits).all():
        return error(NUM)  # counts so large the sums overflow: Excel shows no infinity
    table = np.empty((len(j.names), 2), dtype=object)
    table[:, 0] = j.names
    table[:, 1] = credits.tolist()
    return table


def assists(paths: Any, conversions: Any, channel: Any) -> Any:
    """Assisted conversions: conversions of journeys where the channel appears but is not the last touch (another channel closed them).

    .. math:: \\mathrm{assists}_c = \\sum_{j:\\ c \\in j,\\ \\mathrm{last}(j) \\ne c} C_j

    Parameters
    ----------
    paths : range
        Journeys, one per cell, channels joined by ">", e.g. "Facebook > Email";
        blank cells are skipped.
    conversions : range
        How many journeys of each path converted (same number of cells as paths);
        blank counts 0, negative gives #NUM!, text gives #VALUE!.
    channel : text or range
        The channel (or a range of channels: one result each); trimmed and matched
        case-insensitively; blank gives #VALUE!.

    Returns
    -------
    float or array
        The assisted conversions; a channel met nowhere assisted 0.

    Notes
    -----
    A journey whose last touch is the channel is not an assist even if the channel also
    touched earlier (``"A > B > A"`` is A's last-touch conversion): so a channel's assists
    plus its last-touch credit are the conversions of every journey it appears in.
    The path and count rules are those of SOCROI_ATTRIBUTE (separator ">").

    Examples
    --------
    >>> paths = [["Facebook > Email"], ["Email"], ["LinkedIn > Facebook > Email"]]
    >>> assists(paths, [[10], [5], [4]], "facebook")
    14.0
    >>> assists(paths, [[10], [5], [4]], [["Email"], ["LinkedIn"]]).tolist()
    [[0.0], [4.0]]
    """
    j = read_journeys(paths, conversions)
    if isinstance(j, XLError):
        return j
    scalar = not isinstance(channel, (list, tuple, np.ndarray))
    wanted, wcodes = texts(channel)
    k = len(j.names)
    if k:
        pair = np.unique(j.path_id * k + j.code)
        contains = np.bincount(pair % k, weights=j.conv[pair // k], minlength=k)
        closed = np.bincount(j.code[j.last], weights=j.conv[j.path_id[j.last]], minlength=k)
        per_channel = contains - closed
    else:
        per_channel = np.zeros(0)
    index = {key: c for c, key in enumerate(j.keys())}
    flat = wanted.ravel()
    values = np.zeros(flat.size)
    codes = np.zeros(flat.size, dtype=np.int8) if wcodes is None else wcodes.ravel().copy()
    for i, name in enumerate(flat):
        key = name.strip().casefold() if isinstance(name, str) else ""
        if not key:
            first_error(codes, np.arange(flat.size) == i, VALUE)
        elif key in index:
            values[i] = per_channel[index[key]]
    return result(values.reshape(wanted.shape), codes.reshape(wanted.shape), scalar)


def decay_weights(days_before_conversion: Any, half_life_days: Any) -> Any:
    """Time-decay weights of a journey's touches: 0.5^(days/half_life), normalised to sum 1 (a touch one half-life earlier weighs half as much).

    .. math:: w_i = \\frac{0.5^{d_i / h}}{\\sum_k 0.5^{d_k / h}}

    Parameters
    ----------
    days_before_conversion : number or range
        For each touch of one journey, how many days before the conversion it happened;
        negative gives #NUM!, text gives #VALUE!; a blank cell is not a touch.
    half_life_days : number
        Days after which a touch's weight halves; zero, blank or negative gives #NUM!.

    Returns
    -------
    float or array
        The weights, same shape as ``days_before_conversion``; they add up to 1 (blank
        cells get 0; all cells blank gives #DIV/0!).

    Notes
    -----
    The weights are normalised over the journey, so an error in any touch (an error
    value, text, a negative day count) is the result in every cell: the others' shares
    are undefined without it. The first such error in reading order is reported, an
    error in ``half_life_days`` before any. A range of half-lives gives #VALUE!.
    Computed as ``0.5^((d − min d)/h)`` before normalising, so very old touches never
    underflow to a 0/0.

    Examples
    --------
    Touches 14, 7 and 0 days before converting, half-life 7 days: weights 1:2:4.

    >>> decay_weights([14, 7, 0], 7).tolist()
    [0.14285714285714285, 0.2857142857142857, 0.5714285714285714]
    >>> decay_weights(3, 7)
    1.0
    """
    scalar = not isinstance(days_before_conversion, (list, tuple, np.ndarray))
    days, dcodes = numbers(days_before_conversion)
    shape = days.shape

    def fail(code: int) -> Any:
        return error(code) if scalar else result(np.zeros(shape), np.full(shape, code, np.int8), False)

    half = _single(half_life_days)
    if isinstance(half, XLError):
        return fail(half.code)
    hvalue, hcodes = numbers([half])
    if hcodes is not None:
        return fail(int(hcodes[0]))
    h = float(hvalue[0])
    if not h > 0:
        return fail(NUM)
    codes = np.zeros(shape, dtype=np.int8) if dcodes is None else dcodes.copy()
    first_error(codes, days < 0, NUM)
    if codes.any():
        return fail(int(codes.ravel()[np.flatnonzero(codes.ravel())[0]]))
    touch = ~np.isnan(days)
    if not touch.any():
        return fail(DIV0)
    raw = np.where(touch, np.exp2(-(np.where(touch, days, 0.0) - np.nanmin(days)) / h), 0.0)
    return result(raw / raw.sum(), None, scalar)
