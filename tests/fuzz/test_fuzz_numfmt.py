"""Fuzzing the number-format renderer: whatever the code and the value, ``render`` returns
text or ``#VALUE!`` and never raises (TEXT must never turn into a traceback)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from socroi_xl.errors import XLError
from socroi_xl.xl.numfmt import compile_format, render

#: Pieces format codes are made of, so that the fuzzer builds plausible codes, not only noise.
_PIECES = st.sampled_from([
    "0", "#", "?", ".", ",", "%", "E+", "E-", "e+", "/", "@", ";", "General", '"x"', "\\", "_", "*",
    "[", "]", "[Red]", "[>=100]", "[<0]", "[$€-407]", "[h]", "[mm]", "[ss]", "y", "yy", "yyyy", "m",
    "mm", "mmm", "mmmmm", "d", "ddd", "dddd", "h", "hh", "s", "ss", ".0", ".000", "AM/PM", "A/P",
    " ", "-", "(", ")", "$", "e", "g", "b", "B2", "[DBNum1]", "[$-F800]", "\"", "1", "8",
])
_CODES = st.one_of(st.lists(_PIECES, max_size=12).map("".join), st.text(max_size=30))
_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-3e6, max_value=3e6),
    st.integers(min_value=-10**20, max_value=10**20).map(float),
    st.text(max_size=10),
    st.booleans(),
    st.none(),
)


@given(_CODES, _VALUES, st.booleans())
@example("0.00E+", 1.0, False)
@example("# ??/??", 1e300, False)
@example("[h]:mm", 2958465.9999999, True)
@example("0" * 40 + "." + "0" * 40, -1.7976931348623157e308, False)
def test_render_returns_text_or_value_error(code, value, date1904):
    out = render(value, code, date1904=date1904)
    assert isinstance(out, str)
    if isinstance(out, XLError):
        assert out == "#VALUE!"


@given(_CODES)
def test_compile_never_raises(code):
    compile_format(code)
