"""The release files: version in one place, a pure-Python wheel whose core install is what
Excel runs, the extras for the rest, and a wheel that works in a clean virtual environment.

The clean-environment test builds the wheel, installs it into a new venv (core only), checks
that importing ``socroi_xl.udfs`` pulls in nothing outside the core requirements and that every
function answers, then adds the ``[cli]`` extra and runs ``socroi new`` and ``socroi recalc``.
It installs from the package index pip is configured with, as ``make test`` does.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import socroi_xl

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CORE = {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}


def test_version_is_written_in_one_place_and_has_a_changelog_section():
    assert "version" not in PROJECT and "version" in PROJECT["dynamic"]
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["dynamic"]["version"] == {"attr": "socroi_xl.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", socroi_xl.__version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## [{socroi_xl.__version__}]\n" in changelog
    assert PROJECT["urls"]["Homepage"] == socroi_xl.HOMEPAGE


def test_core_is_what_excel_runs_and_the_rest_is_in_extras():
    assert CORE == {"numpy", "xlwings"}
    extras = PROJECT["optional-dependencies"]
    cli = {canonicalize_name(Requirement(r).name) for r in extras["cli"]}
    assert {"click", "openpyxl", "lxml", "defusedxml", "tqdm", "pyopenvba"} <= cli
    assert [Requirement(r).name for r in extras["cluster"]] == ["dask"]
    assert "distributed" in Requirement(extras["cluster"][0]).extras


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_is_pure_python_and_holds_the_package_only(wheel):
    assert wheel.name == f"socroi_xl-{socroi_xl.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = Parser().parsestr(z.read(f"socroi_xl-{socroi_xl.__version__}.dist-info/METADATA").decode())
    assert all(n.startswith(("socroi_xl/", "socroi_xl-")) for n in names)
    assert "socroi_xl/py.typed" in names
    required = [Requirement(r) for r in meta.get_all("Requires-Dist")]
    assert {canonicalize_name(r.name) for r in required if r.marker is None} == CORE
    assert set(meta.get_all("Provides-Extra")) >= {"cli", "cluster", "dev"}


# What the clean environment runs after the core install: import the Excel layer, list the
# third-party modules that came with it, call every function (its documented example, and a
# range holding a blank, text and an error, as Excel passes them).
PROBE = r"""
import json, sys
before = set(sys.modules)
import socroi_xl.udfs as udfs
imported = sorted({m.split(".")[0] for m in set(sys.modules) - before} - set(sys.stdlib_module_names))
from importlib.metadata import packages_distributions
owners = packages_distributions()
# Modules no distribution owns: the ones Cython-compiled extensions and sysconfig create.
unowned = [m for m in imported if m not in owners]
dists = sorted({d for m in imported for d in owners.get(m, [])})
from socroi_xl.registry import REGISTRY
results = {}
for name, spec in REGISTRY.items():
    f = getattr(udfs, name)
    results[name] = repr(f(*spec.example))
mixed = udfs.SOCROI_CPM([[500], [None], ["12"], ["#N/A"]], [[250000], [1000], [0], [10]])
lookup = udfs.SOCROI_KEYWORD_CPC([["Yoga Mat"], [None]], [["yoga mat"]], [[0.9]])
print(json.dumps({"imported": imported, "dists": dists, "unowned": unowned,
                  "results": results, "mixed": mixed, "lookup": lookup}))
"""


@pytest.fixture(scope="module")
def clean_env(wheel, tmp_path_factory) -> Path:
    """A new virtual environment without pip: this suite's pip installs into it (--python)."""
    where = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(where)
    return where


def pip_install(env: Path, *what: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "-q",
                           *map(str, what)], capture_output=True, text=True, timeout=900)


def requirement_closure(env: Path, top: str) -> set[str]:
    """``top`` and every distribution it requires (no extras), as installed in ``env``."""
    (site,) = (env / "lib").glob("python*/site-packages")
    installed = {canonicalize_name(d.metadata["Name"]): d for d in metadata.distributions(path=[str(site)])}
    closure, queue = set(), [canonicalize_name(top)]
    while queue:
        name = queue.pop()
        if name in closure or name not in installed:
            continue
        closure.add(name)
        for line in installed[name].requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                queue.append(canonicalize_name(req.name))
    return closure


def run(env: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=900,
                          env={"PATH": f"{env / 'bin'}:/usr/bin:/bin", "HOME": str(env)})


def test_core_install_in_a_clean_environment(wheel, clean_env):
    py = clean_env / "bin" / "python"
    done = pip_install(clean_env, wheel)
    assert done.returncode == 0, done.stderr
    closure = requirement_closure(clean_env, "socroi-xl")
    (site,) = (clean_env / "lib").glob("python*/site-packages")
    installed = {canonicalize_name(d.metadata["Name"]) for d in metadata.distributions(path=[str(site)])}
    assert installed == closure  # nothing installed beyond the core requirements' closure
    assert {"numpy", "xlwings"} <= installed
    assert not installed & {"pandas", "click", "openpyxl", "lxml", "dask", "distributed", "psutil", "tornado"}

    probe = run(clean_env, py, "-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    out = json.loads(probe.stdout)
    # importing the Excel layer brings numpy and xlwings and nothing outside the core
    # requirements and what they require; every function runs without pandas
    assert {"numpy", "xlwings", "socroi_xl"} <= set(out["imported"])
    assert {canonicalize_name(d) for d in out["dists"]} <= closure, (out["dists"], closure)
    assert all(m.startswith(("_cython", "cython_runtime", "_cyutility", "_sysconfigdata")) for m in out["unowned"]), out["unowned"]
    assert "Traceback" not in json.dumps(out["results"])
    # SOCROI_CPM = cost / impressions * 1000: 500/250000*1000 = 2; blank cost with 1000
    # impressions is 0 (a blank cell reads 0); "12" over 0 impressions is #DIV/0!; an error
    # cell passes through as its text.
    assert out["mixed"] == [[2.0], [0.0], ["#DIV/0!"], ["#N/A"]]
    # case and spacing ignored: "Yoga Mat" finds "yoga mat" (0.9); a blank keyword is #N/A
    assert out["lookup"] == [[0.9], ["#N/A"]]

    hint = run(clean_env, clean_env / "bin" / "socroi", "--help")
    assert hint.returncode == 1 and 'pip install "socroi-xl[cli]"' in hint.stderr
    assert "Traceback" not in hint.stderr


def test_cli_extra_in_the_clean_environment_makes_and_recalculates_a_workbook(wheel, clean_env, tmp_path):
    done = pip_install(clean_env, f"{wheel}[cli]")
    assert done.returncode == 0, done.stderr
    socroi = clean_env / "bin" / "socroi"
    new = run(clean_env, socroi, "new", "book.xlsx", cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    recalc = run(clean_env, socroi, "recalc", "book.xlsx", "--in-place", cwd=tmp_path)
    assert recalc.returncode == 0, recalc.stderr + recalc.stdout
    macro = run(clean_env, socroi, "new", "book.xlsm", cwd=tmp_path)
    assert macro.returncode == 0, macro.stderr
    assert zipfile.ZipFile(tmp_path / "book.xlsm").read("xl/vbaProject.bin")[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    shared = run(clean_env, socroi, "share", "book.xlsx", "-o", "client.xlsx", cwd=tmp_path)
    assert shared.returncode == 0, shared.stderr
