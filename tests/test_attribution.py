"""SOCROI_ATTRIBUTE, SOCROI_ASSISTS, SOCROI_DECAY_WEIGHTS against hand computations.

Every expected number below is worked out by hand in the comment next to it, from the
model's definition (docs/attribution.md), never copied from the code's output.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from socroi_xl.core.attribution import (
    SHAPLEY_MAX_CHANNELS,
    assists,
    attribute,
    decay_weights,
    read_journeys,
    shapley_credits,
)
from socroi_xl.core.markov import removal_effects, transition_counts
from socroi_xl.errors import XLError
from socroi_xl.registry import REGISTRY

# The journeys most tests use (a column range, as Excel passes it):
#   J1  A > B > C        10 conversions
#   J2  B > A             4
#   J3  C                 2
#   J4  A > B > B > C     5   (B touched twice in a row)
#   J5  D > A             0   (3 nulls: D only ever appears in a journey that did not convert)
PATHS = [["A > B > C"], ["B > A"], ["C"], ["A > B > B > C"], ["D > A"]]
CONV = [[10], [4], [2], [5], [0]]
NULLS = [[0], [1], [0], [2], [3]]
TOTAL = 21.0


def table(result: object) -> dict[str, float]:
    assert isinstance(result, np.ndarray) and result.dtype == object, result
    assert result.ndim == 2 and result.shape[1] == 2
    return {str(c): float(v) for c, v in result}


def check(result: object, expected: dict[str, float]) -> None:
    got = table(result)
    assert list(got) == list(expected)  # order of first appearance
    for channel, value in expected.items():
        assert got[channel] == pytest.approx(value, abs=1e-12), channel


# ----------------------------------------------------------------------------- heuristics


def test_last_touch_is_the_default():
    # last touches: J1 C 10, J2 A 4, J3 C 2, J4 C 5, J5 A 0  ->  A 4, B 0, C 17, D 0
    expected = {"A": 4.0, "B": 0.0, "C": 17.0, "D": 0.0}
    check(attribute(PATHS, CONV), expected)
    check(attribute(PATHS, CONV, NULLS, "last"), expected)


def test_first_touch():
    # first touches: J1 A 10, J2 B 4, J3 C 2, J4 A 5, J5 D 0  ->  A 15, B 4, C 2, D 0
    check(attribute(PATHS, CONV, None, "first"), {"A": 15.0, "B": 4.0, "C": 2.0, "D": 0.0})


def test_linear_credits_every_touch_including_repeats():
    # J1 10/3 to each of A, B, C; J2 4/2 = 2 to B and A; J3 2 to C;
    # J4 5/4 = 1.25 per touch: A 1.25, B 2 x 1.25 = 2.5, C 1.25.
    # A = 10/3 + 2 + 1.25, B = 10/3 + 2 + 2.5, C = 10/3 + 2 + 1.25; sum 21.
    check(
        attribute(PATHS, CONV, None, "linear"),
        {"A": 10 / 3 + 3.25, "B": 10 / 3 + 4.5, "C": 10 / 3 + 3.25, "D": 0.0},
    )


def test_position_based_40_20_40():
    # J1 (3 touches): A 0.4x10 = 4, B 0.2x10 = 2, C 4.  J2 (2 touches): 50/50, B 2, A 2.
    # J3 (1 touch): C 2.  J4 (4 touches): A 0.4x5 = 2, the two middle B touches share
    # 0.2x5 = 1 (0.5 each), C 2.   A = 4 + 2 + 2 = 8, B = 2 + 2 + 1 = 5, C = 4 + 2 + 2 = 8.
    check(attribute(PATHS, CONV, None, "position"), {"A": 8.0, "B": 5.0, "C": 8.0, "D": 0.0})


def test_one_touch_journeys_credit_their_channel_fully_in_every_model():
    for model in ("last", "first", "linear", "position", "markov", "shapley"):
        check(attribute([["Email"], ["Email"]], [[3], [4]], [[1], [0]], model), {"Email": 7.0})


# ----------------------------------------------------------------------------- shapley


def test_shapley_by_the_definition_two_channels():
    # "A > B" 6 conversions, "A" 3. v(S) = conversions of journeys whose channel set lies
    # inside S: v({}) = 0, v({A}) = 3, v({B}) = 0, v({A,B}) = 9.
    # phi_A = 1/2 [v(A) - v({})] + 1/2 [v(AB) - v(B)] = 1/2 x 3 + 1/2 x 9 = 6
    # phi_B = 1/2 [v(B) - v({})] + 1/2 [v(AB) - v(A)] = 0 + 1/2 x 6 = 3
    check(attribute([["A > B"], ["A"]], [[6], [3]], model="shapley"), {"A": 6.0, "B": 3.0})


def test_shapley_on_the_shared_journeys():
    # Channel sets: J1 {A,B,C} 10, J2 {A,B} 4, J3 {C} 2, J4 {A,B,C} 5 (the repeat of B does
    # not count), J5 {D,A} 0. Each journey's conversions split equally among its set:
    # A = 10/3 + 2 + 5/3 = 7, B = 10/3 + 2 + 5/3 = 7, C = 10/3 + 2 + 5/3 = 7, D = 0.
    check(attribute(PATHS, CONV, NULLS, "shapley"), {"A": 7.0, "B": 7.0, "C": 7.0, "D": 0.0})


def _shapley_by_enumeration(paths: list[str], conv: list[float]) -> dict[str, float]:
    """Shapley values straight from the definition: all orderings' marginal contributions,
    summed over coalitions with the |S|!(n-|S|-1)!/n! weights."""
    sets = [frozenset(c.strip() for c in p.split(">")) for p in paths]
    players = sorted(set().union(*sets))
    n = len(players)

    def v(coalition: frozenset[str]) -> float:
        return sum(c for s, c in zip(sets, conv, strict=True) if s <= coalition)

    out = {}
    for i in players:
        others = [p for p in players if p != i]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for s in itertools.combinations(others, size):
                total += weight * (v(frozenset(s) | {i}) - v(frozenset(s)))
        out[i] = total
    return out


def test_shapley_matches_coalition_enumeration_on_random_journeys():
    rng = np.random.default_rng(3)
    channels = np.array(list("ABCDEF"))
    paths = [" > ".join(rng.choice(channels, size=rng.integers(1, 5))) for _ in range(40)]
    conv = rng.integers(0, 7, size=40).astype(float).tolist()
    expected = _shapley_by_enumeration(paths, conv)
    got = table(attribute([[p] for p in paths], [[c] for c in conv], model="shapley"))
    assert set(got) == set(expected)
    for c in expected:
        assert got[c] == pytest.approx(expected[c], rel=1e-12)


def test_shapley_refuses_beyond_the_documented_channel_count():
    n = SHAPLEY_MAX_CHANNELS
    ok = [[f"C{i} > Z"] for i in range(n - 1)]  # n channels: C0..C(n-2) and Z
    assert isinstance(attribute(ok, [[1]] * (n - 1), model="shapley"), np.ndarray)
    too_many = ok + [["extra"]]
    assert attribute(too_many, [[1]] * n, model="shapley") == "#NUM!"
    # the other models have no such limit
    assert isinstance(attribute(too_many, [[1]] * n, model="markov"), np.ndarray)


def test_shapley_credits_function_direct():
    j = read_journeys([["A > B"], ["A"]], [[6], [3]])
    assert shapley_credits(j).tolist() == [6.0, 3.0]


# ----------------------------------------------------------------------------- markov


def test_markov_classic_three_journey_example():
    # The worked example of many Markov-attribution tutorials (e.g. Anderl et al. 2016's
    # illustration, re-told in the ChannelAttribution docs and countless blog posts):
    #   C1 > C2 > C3 converted, C1 did not, C2 > C3 did not.
    # Steps: start->C1 2, start->C2 1; C1->C2 1, C1->null 1; C2->C3 2; C3->conv 1, C3->null 1.
    # P(conv) = 2/3 x 1/2 x 1 x 1/2 + 1/3 x 1 x 1/2 = 1/6 + 1/6 = 1/3.
    # Without C1: only start->C2->C3->conv = 1/3 x 1/2 = 1/6   -> RE = 1 - (1/6)/(1/3) = 0.5
    # Without C2 or C3: no route converts                      -> RE = 1
    # Credits of the 1 conversion: 0.5/2.5 = 0.2, 1/2.5 = 0.4, 0.4.
    out = attribute([["C1 > C2 > C3"], ["C1"], ["C2 > C3"]], [[1], [0], [0]], [[0], [1], [1]], "markov")
    check(out, {"C1": 0.2, "C2": 0.4, "C3": 0.4})


def test_markov_asymmetric_hand_example():
    # "A > B" 1 conv; "B" 1 conv; "A" 2 nulls.
    # Steps: start->A 3, start->B 1; A->B 1, A->null 2; B->conv 2.
    # P(conv) = 3/4 x 1/3 + 1/4 = 1/2.  Without A: 1/4 -> RE_A = 1/2.  Without B: 0 -> RE_B = 1.
    # 2 conversions: A = 2 x 0.5/1.5 = 2/3, B = 2 x 1/1.5 = 4/3.
    out = attribute([["A > B"], ["B"], ["A"]], [[1], [1], [0]], [[0], [0], [2]], "markov")
    check(out, {"A": 2 / 3, "B": 4 / 3})


def test_markov_repeated_touch_equals_collapsed():
    # "A > A > B" 1 conv, "A" 1 null. Steps: start->A 2; A->A 1, A->B 1, A->null 1; B->conv 1.
    # h_A = 1/3 h_A + 1/3  ->  h_A = 1/2 = P(conv). Collapsed ("A > B"): A->B 1/2, same 1/2.
    # Removing either channel leaves no conversion: RE 1 and 1 -> 0.5 each.
    kept = attribute([["A > A > B"], ["A"]], [[1], [0]], [[0], [1]], "markov")
    collapsed = attribute([["A > B"], ["A"]], [[1], [0]], [[0], [1]], "markov")
    check(kept, {"A": 0.5, "B": 0.5})
    check(collapsed, {"A": 0.5, "B": 0.5})


def test_markov_credits_a_channel_seen_only_in_a_null_journey():
    # "X > B" 1 null, "B" 1 conv. Steps: start->X 1, start->B 1; X->B 1; B->conv 1, B->null 1.
    # P(conv) = 1/2 x 1 x 1/2 + 1/2 x 1/2 = 1/2. Without X: 1/4 -> RE_X = 1/2; without B: RE 1.
    # X = 0.5/1.5 = 1/3, B = 2/3 (documented: first-order memory).
    out = attribute([["X > B"], ["B"]], [[0], [1]], [[1], [0]], "markov")
    check(out, {"X": 1 / 3, "B": 2 / 3})


def test_markov_ignores_nulls_only_through_the_chain():
    # Without nulls every journey converts: in "A > B" (1) + "B" (1) every route ends in
    # conversion, P(conv) = 1; removing A: start->B 1/2 -> RE_A 1/2; removing B: 0 -> 1.
    # A = 2 x 0.5/1.5 = 2/3, B = 4/3.
    check(attribute([["A > B"], ["B"]], [[1], [1]], model="markov"), {"A": 2 / 3, "B": 4 / 3})


def _removal_by_cutting_each_channel(counts: np.ndarray) -> tuple[float, np.ndarray]:
    """The definition, one chain per channel: steps into c go to null, solve again."""
    k = counts.shape[0] - 3
    probs = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1e-300)
    q, r = probs[: k + 1, : k + 1], probs[: k + 1, k + 1]
    p = np.linalg.solve(np.eye(k + 1) - q, r)[0]
    effects = []
    for c in range(1, k + 1):
        keep = [i for i in range(k + 1) if i != c]
        qc = q[np.ix_(keep, keep)]
        effects.append(1 - np.linalg.solve(np.eye(k) - qc, r[keep])[0] / p)
    return p, np.array(effects)


def test_markov_removal_effects_equal_cutting_each_channel_out():
    rng = np.random.default_rng(5)
    names = np.array([f"ch{i}" for i in range(9)])
    paths = [[" > ".join(rng.choice(names, size=rng.integers(1, 8)))] for _ in range(300)]
    conv = rng.integers(0, 3, size=(300, 1)).astype(float)
    nulls = rng.integers(0, 6, size=(300, 1)).astype(float)
    j = read_journeys(paths, conv, nulls)
    counts = transition_counts(len(j.names), j.path_id, j.code, j.first, j.last, j.conv, j.null)
    p_fast, re_fast = removal_effects(counts)
    p_def, re_def = _removal_by_cutting_each_channel(counts)
    assert p_fast == pytest.approx(p_def, rel=1e-12)
    assert re_fast == pytest.approx(re_def, rel=1e-9, abs=1e-12)


def test_markov_many_channels():
    # 600 channels, each journey "c > hub" converting once: every conversion passes
    # through "hub" (RE 1) and through its own c (RE of c: its share of start, 1/600).
    # credits: hub = 600 x 1 / (1 + 600 x 1/600) = 300; each c = 600 x (1/600) / 2 = 0.5.
    paths = [[f"c{i} > hub"] for i in range(600)]
    out = table(attribute(paths, [[1]] * 600, model="markov"))
    assert out["hub"] == pytest.approx(300.0)
    assert out["c0"] == pytest.approx(0.5) and out["c599"] == pytest.approx(0.5)


def test_markov_zero_conversions_is_div0_other_models_credit_zero():
    assert attribute([["A > B"], ["B"]], [[0], [0]], [[3], [1]], "markov") == "#DIV/0!"
    check(attribute([["A > B"], ["B"]], [[0], [0]], [[3], [1]], "linear"), {"A": 0.0, "B": 0.0})
    check(attribute([["A > B"], ["B"]], [[0], [0]], None, "shapley"), {"A": 0.0, "B": 0.0})


@pytest.mark.parametrize("model", ["last", "first", "linear", "position", "markov", "shapley"])
def test_credits_sum_to_total_conversions(model):
    rng = np.random.default_rng(11)
    channels = np.array(["Facebook", "Email", "LinkedIn", "Search", "Display", "Direct", "X"])
    paths = [[" > ".join(rng.choice(channels, size=rng.integers(1, 7)))] for _ in range(500)]
    conv = rng.integers(0, 5, size=(500, 1)).astype(float)
    nulls = rng.integers(0, 9, size=(500, 1)).astype(float)
    out = table(attribute(paths, conv, nulls, model))
    assert sum(out.values()) == pytest.approx(conv.sum(), rel=1e-12)
    assert all(v >= -1e-12 for v in out.values())


# ----------------------------------------------------------------------------- reading rules


def test_names_trimmed_case_insensitive_first_spelling_kept_and_empty_names_skipped():
    # "facebook " and "FACEBOOK" are Facebook; "Email >> Facebook" is "Email > Facebook".
    out = attribute([["Facebook > email"], [" EMAIL>> facebook "], ["FACEBOOK"]], [[1], [2], [4]])
    # last touch: email 1, Facebook 2 + 4
    check(out, {"Facebook": 6.0, "email": 1.0})


def test_custom_separator_and_one_cell_options():
    out = attribute([["A, B"], ["B"]], [[3], [1]], [[None]], [[" First "]], [[","]])
    check(out, {"A": 3.0, "B": 1.0})


def test_blank_path_rows_are_ignored_whatever_their_counts():
    paths = [["A > B"], [None], ["   "], ["B"]]
    # last touch: "A > B" 1 -> B, "B" 2 -> B; the blank rows' junk and -5 are never read
    check(attribute(paths, [[1], ["junk"], [-5], [2]]), {"A": 0.0, "B": 3.0})


def test_blank_counts_are_zero():
    check(attribute([["A"], ["B"]], [[None], [2]], [[None], [None]], "first"), {"A": 0.0, "B": 2.0})


def test_numeric_text_counts_read_as_excel_does():
    counts = np.array([["1,200"], [True]], dtype=object)  # a range as it arrives: objects
    check(attribute([["A"], ["B"]], counts, model="first"), {"A": 1200.0, "B": 1.0})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (([["A"], ["B"]], [[1], ["many"]]), "#VALUE!"),  # text in counts
        (([["A"], ["B"]], [[1], [-1]]), "#NUM!"),  # negative count
        (([["A"], ["B"]], [[1], [1]], [[0], [-2]]), "#NUM!"),  # negative null count
        (([["A"], ["B"]], [[1], [2], [3]]), "#VALUE!"),  # sizes differ
        (([["A"], ["B"]], [[1], [2]], [[0]]), "#VALUE!"),  # nulls size differs (a value)
        (([["A"], ["B"]], [[1], [2]], None, "lastest"), "#VALUE!"),  # unknown model
        (([["A"], ["B"]], [[1], [2]], None, 3), "#VALUE!"),  # a number is no model
        (([["A"], ["#N/A"]], [[1], [2]]), "#N/A"),  # error in a path
        (([["A"], ["B"]], [["#DIV/0!"], ["x"]]), "#DIV/0!"),  # first error in reading order
        (([["A"], ["B"]], [[1], ["x"]], [[0], ["#REF!"]]), "#VALUE!"),  # row 2: conv before nulls
        (([["A"], ["B"]], [[1], [2]], None, "#NAME?"), "#NAME?"),  # error as the model
        (([["A"], [" > "]], [[1], [2]]), "#VALUE!"),  # a path with no channel name
        (([[None], [""]], [[1], [2]]), "#N/A"),  # no journey at all
    ],
)
def test_bad_input(args, expected):
    out = attribute(*args)
    assert isinstance(out, XLError), out
    assert out == expected


def test_single_cell_journey_and_overflow():
    # one path of two touches, 5 conversions, linear: 2.5 each
    check(attribute("A > B", 5, model="linear"), {"A": 2.5, "B": 2.5})
    # 1e308 + 1e308 overflows a float: #NUM!, never an infinity
    assert attribute([["A"], ["A"]], [[1e308], [1e308]]) == "#NUM!"


def test_numpy_and_flat_list_inputs():
    paths = np.array(["A > B", "B"], dtype=object)
    check(attribute(paths, np.array([2.0, 1.0]), model="first"), {"A": 2.0, "B": 1.0})
    check(attribute(["A > B", "B"], [2, 1]), {"A": 0.0, "B": 3.0})


# ----------------------------------------------------------------------------- assists


def test_assists_hand_counted():
    # A appears in J1 (10, last C), J2 (4, last is A: not an assist), J4 (5), J5 (0): 15.
    # B appears in J1 (10), J2 (4, B first, A closes), J4 (5): 19.  C closes all its journeys: 0.
    assert assists(PATHS, CONV, "A") == 15.0
    assert assists(PATHS, CONV, " b ") == 19.0
    assert assists(PATHS, CONV, "C") == 0.0
    assert assists(PATHS, CONV, "Nowhere") == 0.0
    out = assists(PATHS, CONV, [["A"], ["B"], ["C"], ["D"]])
    assert out.tolist() == [[15.0], [19.0], [0.0], [0.0]]


def test_assists_plus_last_touch_is_every_journey_containing_the_channel():
    # A's journeys: 10 + 4 + 5 + 0 = 19 = 15 assists + 4 last-touch credits.
    assert assists(PATHS, CONV, "A") + table(attribute(PATHS, CONV))["A"] == 19.0


def test_assists_channel_touching_earlier_and_last_is_not_an_assist():
    assert assists([["A > B > A"], ["A > B"]], [[3], [2]], "A") == 2.0


def test_assists_errors():
    assert assists(PATHS, CONV, None) == "#VALUE!"
    assert assists(PATHS, CONV, "#N/A") == "#N/A"
    assert assists([["A"], ["B"]], [[1], [-1]], "A") == "#NUM!"
    assert assists([["A"], ["B"]], [[1]], "A") == "#VALUE!"
    out = assists(PATHS, CONV, [["A"], [None]])
    assert out[0, 0] == 15.0 and out[1, 0] == "#VALUE!"


# ----------------------------------------------------------------------------- decay weights


def test_decay_weights_hand_computed():
    # 0.5^(14/7) : 0.5^(7/7) : 0.5^0 = 1/4 : 1/2 : 1 = 1 : 2 : 4, over 7.
    assert decay_weights([14, 7, 0], 7).tolist() == pytest.approx([1 / 7, 2 / 7, 4 / 7])
    # half-life 2: days 3 and 1 -> 0.5^1.5 : 0.5^0.5 = 1 : 2 -> 1/3, 2/3
    out = decay_weights([[3], [1]], [[2]])
    assert out.shape == (2, 1)
    assert out.ravel().tolist() == pytest.approx([1 / 3, 2 / 3])


def test_decay_weights_same_touch_day_equal_and_scalar():
    assert decay_weights([5, 5, 5, 5], 7).tolist() == pytest.approx([0.25] * 4)
    assert decay_weights(30, 7) == 1.0
    # 2000 half-lives apart: the old touch weighs 2^-2000, i.e. 0, no 0/0.
    assert decay_weights([14000, 0], 7).tolist() == [0.0, 1.0]


def test_decay_weights_blank_is_no_touch():
    out = decay_weights([[7], [None], [0]], 7)
    assert out.ravel().tolist() == pytest.approx([1 / 3, 0.0, 2 / 3])


@pytest.mark.parametrize(
    ("days", "half", "expected"),
    [
        ([3, -1], 7, "#NUM!"),
        ([3, 1], 0, "#NUM!"),
        ([3, 1], -7, "#NUM!"),
        ([3, 1], None, "#NUM!"),
        ([3, "soon"], 7, "#VALUE!"),
        ([3, "#N/A"], 7, "#N/A"),
        ([3, 1], "#REF!", "#REF!"),
        ([3, 1], [7, 8], "#VALUE!"),
        ([None, None], 7, "#DIV/0!"),
    ],
)
def test_decay_weights_errors_fill_the_shape(days, half, expected):
    out = decay_weights(days, half)
    assert out.shape == (2,)
    assert list(out) == [expected, expected]
    assert all(isinstance(v, XLError) for v in out)


def test_decay_weights_scalar_error():
    assert decay_weights(-1, 7) == "#NUM!"
    assert isinstance(decay_weights(-1, 7), XLError)


# ----------------------------------------------------------------------------- registry


def test_registered_with_documented_arguments():
    expected = {
        "SOCROI_ATTRIBUTE": [
            ("paths", False),
            ("conversions", False),
            ("nulls", True),
            ("model", True),
            ("separator", True),
        ],
        "SOCROI_DECAY_WEIGHTS": [("days_before_conversion", False), ("half_life_days", False)],
        "SOCROI_ASSISTS": [("paths", False), ("conversions", False), ("channel", False)],
    }
    for name, args in expected.items():
        spec = REGISTRY[name]
        assert [(a.name, a.optional) for a in spec.args] == args
        assert all(a.doc for a in spec.args), name
        assert 0 < len(spec.description) <= 255
        out = spec.func(*spec.example)
        assert not isinstance(out, XLError), (name, out)
