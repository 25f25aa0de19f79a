"""The core install resolves in Pyodide, the Python of xlwings Lite.

xlwings Lite installs ``requirements.txt`` with micropip: a package must be built into
Pyodide (listed in its ``pyodide-lock.json``) or have a pure-Python wheel on the index.
``tests/data/pyodide/`` holds the lock file of the ``pyodide`` npm package, with its version
(``make pyodide-lock`` refreshes it). Pure-Python wheels are looked up with ``pip download
--platform any --abi none`` (the index pip is configured with, as CI has it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "pyodide"
LOCK = json.loads((DATA / "pyodide-lock.json").read_text(encoding="utf-8"))
PYODIDE_VERSION = (DATA / "VERSION").read_text(encoding="utf-8").strip()
PYTHON = LOCK["info"]["python"]  # e.g. "3.14.2"
#: The marker environment of Pyodide (PEP 508 names).
ENVIRONMENT = {
    "python_version": ".".join(PYTHON.split(".")[:2]),
    "python_full_version": PYTHON,
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}
BUILT_IN = {canonicalize_name(name): info for name, info in LOCK["packages"].items()}


def core_requirements() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def pure_wheel(requirement: Requirement, folder: Path) -> Path | None:
    """A pure-Python wheel (``py3-none-any``) for ``requirement``, or None if the index has none."""
    spec = f"{requirement.name}{requirement.specifier}"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "--platform", "any", "--abi", "none", "--implementation", "py",
         "--python-version", ENVIRONMENT["python_version"], "-d", str(folder), spec],
        capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0:
        return None
    wheels = [p for p in folder.glob("*.whl") if canonicalize_name(p.name.split("-")[0]) == canonicalize_name(requirement.name)]
    return wheels[0] if wheels else None


def wheel_requirements(wheel: Path, extras: set[str]) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        headers = Parser().parsestr(z.read(meta).decode("utf-8"))
    out = []
    for line in headers.get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.marker is None or any(req.marker.evaluate({**ENVIRONMENT, "extra": e}) for e in extras | {""}):
            out.append(req)
    return out


def resolve(requirements: list[str], folder: Path) -> tuple[dict[str, str], list[str]]:
    """How each requirement (and what it pulls in) reaches Pyodide: name -> "built-in X" or
    "pure wheel F"; and the names that reach it in neither way."""
    how: dict[str, str] = {}
    missing: list[str] = []
    queue = [Requirement(r) for r in requirements]
    while queue:
        req = queue.pop(0)
        if req.marker is not None and not req.marker.evaluate({**ENVIRONMENT, "extra": ""}):
            continue
        name = canonicalize_name(req.name)
        if name in how or name in missing:
            continue
        if name in BUILT_IN:
            version = BUILT_IN[name]["version"]
            if req.specifier and not req.specifier.contains(version, prereleases=True):
                missing.append(f"{name} (Pyodide has {version}, {req.specifier} wanted)")
                continue
            how[name] = f"built into Pyodide {PYODIDE_VERSION} ({version})"
            continue  # its own dependencies are in the lock and load with it
        wheel = pure_wheel(req, folder)
        if wheel is None:
            missing.append(name)
            continue
        how[name] = f"pure-Python wheel {wheel.name}"
        queue += wheel_requirements(wheel, set(req.extras))
    return how, missing


def test_the_stored_lock_file_is_pyodides():
    assert PYODIDE_VERSION and LOCK["info"]["platform"].startswith("emscripten")
    assert "numpy" in BUILT_IN and "micropip" in BUILT_IN


def test_core_requirements_resolve_in_pyodide(tmp_path):
    how, missing = resolve(core_requirements(), tmp_path)
    print("\n".join(f"{k}: {v}" for k, v in how.items()))
    assert missing == [], f"not installable in xlwings Lite (Pyodide {PYODIDE_VERSION}): {missing}"
    # each core requirement is accounted for, one way or the other
    assert {canonicalize_name(Requirement(r).name) for r in core_requirements()} <= set(how)


def test_the_check_catches_what_kept_socroi_out_of_lite(tmp_path):
    # psutil and tornado (pulled in by dask[distributed]) are neither built into Pyodide nor
    # pure Python: this is why Dask is the [cluster] extra, not a core requirement.
    _, missing = resolve(["psutil", "tornado"], tmp_path)
    assert missing == ["psutil", "tornado"]


@pytest.mark.parametrize("extra", ["cli", "cluster"])
def test_extras_are_not_core(extra):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    extra_names = {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"][extra]}
    assert not core & extra_names
