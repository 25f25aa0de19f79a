"""CONVERT's units: every unit of Excel's CONVERT documentation, each by its exact
definition in SI (kilogram, metre, second...), the decimal prefixes (``k``, ``m``, ``da``...)
on the metric units and the binary prefixes (``ki``, ``Mi``...) on ``bit`` and ``byte``.

Where Excel's factor is not the exact one, Excel's is used (the values Excel saved in
vinci1it2000/formulas' test.xlsx, sheet EXTRA, and IronCalc's CONVERT.xlsx): the atomic mass
unit and the electronvolt of CODATA 2006, the mmHg as 133.322 Pa, ``flb`` the foot-pound;
``mph`` and ``uk_pt`` take prefixes. A name read two ways (``pc``: parsec, or pico-calorie)
means the one that matches the other unit's quantity."""

from __future__ import annotations

_LB = 0.45359237  # kg (international pound)
_IN = 0.0254  # m
_FT = 0.3048
_MI = 1609.344
_NMI = 1852.0
_G0 = 9.80665  # standard gravity
_GAL = 3.785411784e-3  # m3 (US gallon, 231 in3)
_UKGAL = 4.54609e-3
_LY = 9460730472580800.0  # light-year (Julian year at c)
_PC = 3.0856775814913673e16  # parsec (IAU 2015: 648000/pi au)
_SURVEY_FT = 1200 / 3937

#: name -> (quantity, factor to the SI unit, prefixes allowed)
UNITS: dict[str, tuple[str, float, bool]] = {}


def _u(quantity: str, factor: float, *names: str, prefix: bool = False) -> None:
    for n in names:
        UNITS[n] = (quantity, factor, prefix)


# mass (kilogram)
_u("mass", 1e-3, "g", prefix=True)
_u("mass", _LB * _G0 / _FT, "sg")
_u("mass", _LB, "lbm")
_u("mass", 1.660538782e-27, "u", prefix=True)  # Excel's (CODATA 2006), not 1.66053906660e-27
_u("mass", _LB / 16, "ozm")
_u("mass", 64.79891e-6, "grain")
_u("mass", 100 * _LB, "cwt", "shweight")
_u("mass", 112 * _LB, "uk_cwt", "lcwt", "hweight")
_u("mass", 14 * _LB, "stone")
_u("mass", 2000 * _LB, "ton")
_u("mass", 2240 * _LB, "uk_ton", "LTON", "brton")
# distance (metre)
_u("distance", 1.0, "m", prefix=True)
_u("distance", _MI, "mi")
_u("distance", _NMI, "Nmi")
_u("distance", _IN, "in")
_u("distance", _FT, "ft")
_u("distance", 3 * _FT, "yd")
_u("distance", 1e-10, "ang", prefix=True)
_u("distance", 45 * _IN, "ell")
_u("distance", _LY, "ly", prefix=True)
_u("distance", _PC, "parsec", "pc", prefix=True)
_u("distance", _IN / 72, "Picapt", "Pica")
_u("distance", _IN / 6, "pica")
_u("distance", 5280 * _SURVEY_FT, "survey_mi")
# time (second)
_u("time", 365.25 * 86400, "yr")
_u("time", 86400.0, "day", "d")
_u("time", 3600.0, "hr")
_u("time", 60.0, "mn", "min")
_u("time", 1.0, "sec", "s", prefix=True)
# pressure (pascal)
_u("pressure", 1.0, "Pa", "p", prefix=True)
_u("pressure", 101325.0, "atm", "at", prefix=True)
_u("pressure", 133.322, "mmHg", prefix=True)  # Excel's rounded value, not 133.322387415
_u("pressure", _LB * _G0 / _IN**2, "psi")
_u("pressure", 101325.0 / 760, "Torr")
# force (newton)
_u("force", 1.0, "N", prefix=True)
_u("force", 1e-5, "dyn", "dy", prefix=True)
_u("force", _LB * _G0, "lbf")
_u("force", 1e-3 * _G0, "pond", prefix=True)
# energy (joule)
_u("energy", 1.0, "J", prefix=True)
_u("energy", 1e-7, "e", prefix=True)
_u("energy", 4.184, "c", prefix=True)
_u("energy", 4.1868, "cal", prefix=True)
_u("energy", 1.602176487e-19, "eV", "ev", prefix=True)  # Excel's (CODATA 2006)
_u("energy", 550 * _FT * _LB * _G0 * 3600, "HPh", "hh")
_u("energy", 3600.0, "Wh", "wh", prefix=True)
_u("energy", _FT * _LB * _G0, "flb")  # the foot-pound (LibreOffice: the foot-poundal)
_u("energy", 1055.05585262, "BTU", "btu")
# power (watt)
_u("power", 550 * _FT * _LB * _G0, "HP", "h")
_u("power", 75 * _G0, "PS")
_u("power", 1.0, "W", "w", prefix=True)
# magnetism (tesla)
_u("magnetism", 1.0, "T", prefix=True)
_u("magnetism", 1e-4, "ga", prefix=True)
# volume (cubic metre)
_u("volume", _GAL / 768, "tsp")
_u("volume", 5e-6, "tspm")
_u("volume", _GAL / 256, "tbs")
_u("volume", _GAL / 128, "oz")
_u("volume", _GAL / 16, "cup")
_u("volume", _GAL / 8, "pt", "us_pt")
_u("volume", _UKGAL / 8, "uk_pt", prefix=True)
_u("volume", _GAL / 4, "qt")
_u("volume", _UKGAL / 4, "uk_qt")
_u("volume", _GAL, "gal")
_u("volume", _UKGAL, "uk_gal")
_u("volume", 1e-3, "l", "L", "lt", prefix=True)
_u("volume", 1e-30, "ang3", "ang^3", prefix=True)
_u("volume", 42 * _GAL, "barrel")
_u("volume", 2150.42 * _IN**3, "bushel")
_u("volume", _FT**3, "ft3", "ft^3")
_u("volume", _IN**3, "in3", "in^3")
_u("volume", _LY**3, "ly3", "ly^3")
_u("volume", 1.0, "m3", "m^3", prefix=True)
_u("volume", _MI**3, "mi3", "mi^3")
_u("volume", (3 * _FT) ** 3, "yd3", "yd^3")
_u("volume", _NMI**3, "Nmi3", "Nmi^3")
_u("volume", (_IN / 72) ** 3, "Picapt3", "Picapt^3", "Pica3", "Pica^3")
_u("volume", 100 * _FT**3, "GRT", "regton")
_u("volume", 40 * _FT**3, "MTON")
# area (square metre)
_u("area", 4046.8564224, "uk_acre")
_u("area", 43560 * _SURVEY_FT**2, "us_acre")
_u("area", 1e-20, "ang2", "ang^2", prefix=True)
_u("area", 100.0, "ar", prefix=True)
_u("area", _FT**2, "ft2", "ft^2")
_u("area", 1e4, "ha")
_u("area", _IN**2, "in2", "in^2")
_u("area", _LY**2, "ly2", "ly^2")
_u("area", 1.0, "m2", "m^2", prefix=True)
_u("area", 2500.0, "Morgen")
_u("area", _MI**2, "mi2", "mi^2")
_u("area", _NMI**2, "Nmi2", "Nmi^2")
_u("area", (_IN / 72) ** 2, "Picapt2", "Pica2", "Pica^2", "Picapt^2")
_u("area", (3 * _FT) ** 2, "yd2", "yd^2")
# information (bit)
_u("information", 1.0, "bit", prefix=True)
_u("information", 8.0, "byte", prefix=True)
# speed (metre per second)
_u("speed", 6080 * _FT / 3600, "admkn")
_u("speed", _NMI / 3600, "kn")
_u("speed", 1 / 3600, "m/h", "m/hr", prefix=True)
_u("speed", 1.0, "m/s", "m/sec", prefix=True)
_u("speed", _MI / 3600, "mph", prefix=True)

#: Decimal prefixes as powers of ten.
PREFIXES = {
    "Y": 24, "Z": 21, "E": 18, "P": 15, "T": 12, "G": 9, "M": 6, "k": 3, "h": 2, "da": 1,
    "e": 1, "d": -1, "c": -2, "m": -3, "u": -6, "n": -9, "p": -12, "f": -15, "a": -18,
    "z": -21, "y": -24,
}
BINARY = {"ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50, "Ei": 2.0**60, "Zi": 2.0**70, "Yi": 2.0**80}


def readings(name: str) -> list[tuple[str, float]]:
    """Every (quantity, factor to SI) a unit name can mean: itself, then prefixed forms."""
    out: list[tuple[str, float]] = []
    hit = UNITS.get(name)
    if hit is not None:
        out.append((hit[0], hit[1]))
    for plen in (2, 1):
        pre, rest = name[:plen], name[plen:]
        base = UNITS.get(rest)
        if base is None or not base[2]:
            continue
        q, f, _ = base
        if pre in BINARY and q == "information":
            out.append((q, f * BINARY[pre]))
            continue
        exp = PREFIXES.get(pre)
        if exp is None:
            continue
        power = 3 if rest[-1] == "3" else 2 if rest[-1] == "2" else 1
        out.append((q, f * 10.0 ** (exp * power)))
    return out


def unit(name: str) -> tuple[str, float] | None:
    """(quantity, factor to SI) of a unit name, prefixed or not; ``None`` if unknown."""
    found = readings(name)
    return found[0] if found else None


def _kelvin(name: str) -> tuple[float, float] | None:
    """(scale, offset) with kelvin = value * scale + offset, for temperature units (the
    kelvin takes prefixes)."""
    table = {"C": (1.0, 273.15), "cel": (1.0, 273.15), "F": (5 / 9, 273.15 - 32 * 5 / 9),
             "fah": (5 / 9, 273.15 - 32 * 5 / 9), "K": (1.0, 0.0), "kel": (1.0, 0.0),
             "Rank": (5 / 9, 0.0), "Reau": (1.25, 273.15)}
    if name in table:
        return table[name]
    for plen in (2, 1):
        pre, rest = name[:plen], name[plen:]
        if rest in ("K", "kel") and pre in PREFIXES:
            return 10.0 ** PREFIXES[pre], 0.0
    return None


def convert(x: float, src: str, dst: str) -> float | None:
    """``x`` in unit ``src`` expressed in ``dst``; ``None`` when a unit is unknown or the two
    measure different quantities (Excel's ``#N/A``)."""
    ta, tb = _kelvin(src), _kelvin(dst)
    if ta is not None or tb is not None:
        if ta is None or tb is None:
            return None
        k = x * ta[0] + ta[1]
        return (k - tb[1]) / tb[0]
    pairs = [(a, b) for a in readings(src) for b in readings(dst) if a[0] == b[0]]
    if not pairs:
        return None
    if src == dst:
        return x
    a, b = pairs[0]
    return x * a[1] / b[1]
