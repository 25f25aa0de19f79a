"""The registry corpus: workbooks saved by Excel, taken from pinned packages of PyPI, npm and Debian.

The GitHub corpus (``build.py``) stays on the machine that fetched it: the workplace's rule
for what the search tool's ``fetch`` brings is that developers commit none of it. These
workbooks come instead the way any dependency comes: from the package registries this
machine and CI reach, through their ordinary clients, at an exact version whose archive
sha256 is pinned. ``tests/corpus/registry_manifest.json`` (in git) names each package
(registry, name, version, archive file, archive sha256, licence) and each workbook kept from
it (path inside the archive, sha256, licence, formula cells); no workbook is in git.

How each registry is reached (the hosts are the clients' own configuration, never named here):

- **PyPI**: the Simple API (PEP 691 JSON) of the index pip is configured with
  (``PIP_INDEX_URL``, else ``pip config get global.index-url``, else pip's default), the
  file of the pinned name; its published sha256 and the downloaded bytes must both equal
  the pin. ``pip download`` itself cannot be used: it builds an sdist's metadata, and a
  Rust (maturin) sdist such as ironcalc's cannot be built here;
- **npm**: ``npm pack NAME@VERSION``;
- **Debian**: ``apt-get download NAME=VERSION`` (as root, once ``apt-get update`` if the
  package lists do not know it yet).

The archives go to the cache (``$SOCROI_CORPUS_REGISTRY``, else
``$XDG_CACHE_HOME/socroi-corpus-registry``, else ``~/.cache/socroi-corpus-registry``),
``archives/``; the workbooks kept are extracted to ``files/<registry>+<name>-<version>/<path>``
and each one's sha256 is checked against the manifest. ``manifest.json`` there lists them
in the layout ``compare.py --cache`` reads, so the whole comparison (and LibreOffice's)
runs on the registry corpus as on the GitHub one.

Usage::

    python scripts/corpus/registry.py fetch            # download, extract, check; print the folder
    python scripts/corpus/registry.py select           # rescan the pinned packages, rewrite the manifest
    python scripts/corpus/registry.py expected         # rewrite the expected differences (review the diff)
    python scripts/corpus/compare.py --cache ~/.cache/socroi-corpus-registry --libreoffice
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "tests" / "corpus" / "registry_manifest.json"
EXPECTED = ROOT / "tests" / "corpus" / "registry_expected_differences.json"
CACHE_ENV = "SOCROI_CORPUS_REGISTRY"
#: Set (to anything but empty or 0) to skip the tests that need the registry corpus on a machine
#: with no registry in reach; without it those tests fail when a download fails.
OFFLINE_ENV = "SOCROI_CORPUS_OFFLINE"
EXTENSIONS = (".xlsx", ".xlsm")
TIMEOUT = 120.0


class RegistryError(RuntimeError):
    """A package could not be had from its registry, or is not the one pinned."""


@dataclass(frozen=True)
class Package:
    """One pinned package archive."""

    registry: str  # pypi, npm or debian
    name: str
    version: str
    archive: str  # the archive's file name as the registry serves it
    sha256: str
    licence: str
    note: str = ""

    @property
    def key(self) -> str:
        """``registry+name-version``: the folder of its workbooks in the cache."""
        return f"{self.registry}+{self.name.replace('/', '+').lstrip('@')}-{self.version}"

    @property
    def label(self) -> str:
        return f"{self.registry}:{self.name} {self.version}"


#: The packages scanned by ``select`` (their archives' sha256 checked at every download).
#: ``archive`` and ``sha256`` are what the registry published for that exact version.
PACKAGES: tuple[Package, ...] = (
    Package("pypi", "ironcalc", "0.9.1", "ironcalc-0.9.1.tar.gz",
            "1f6b641b9fb2cf262000c3e078338709c42ff6264f809605ade18ec27d891f94", "MIT OR Apache-2.0",
            "the sdist carries IronCalc's xlsx/tests calc_tests: one workbook per function, saved by Excel"),
    Package("pypi", "xlcalculator", "0.5.0", "xlcalculator-0.5.0.tar.gz",
            "5ea7337c3a86b0efcc1508d96345bf417387181344428be0a745e80a1fe9d1fc", "MIT",
            "tests/resources: formula engine test workbooks"),
    Package("pypi", "xlwings", "0.37.8", "xlwings-0.37.8.tar.gz",
            "ff23f1e62bdeb8256b56e11d54fca7c1efacfc227acb92d41b7d06d7f65a7e94", "BSD-3-Clause",
            "tests: workbooks calling xlwings functions (macros: not comparable)"),
    Package("pypi", "xlstream", "0.4.0", "xlstream-0.4.0.tar.gz",
            "ee70e9a9cc0d383ec9d3960bad41b54dc627b776d602976d28e9b06e2d4fea70", "MIT OR Apache-2.0",
            "formula evaluation test workbooks"),
    Package("pypi", "formualizer", "0.13.0", "formualizer-0.13.0.tar.gz",
            "16b664cb905c32f4d53ac13ad5bdbd4759f7d009543530255ffcaa9d3f1ff867", "MIT"),
    Package("pypi", "pyexcel-xlsx", "0.6.1", "pyexcel_xlsx-0.6.1.tar.gz",
            "80b7985d394b73abf5c52212027bbbc0c7f6090192bcbc76403f8672d74c7960", "BSD-3-Clause"),
    Package("pypi", "tablib", "3.10.0", "tablib-3.10.0.tar.gz",
            "781cfa9a42de8f33c52aff857fd0a04e483de4fd1c53eaaa9a6aeac62bad11de", "MIT"),
    Package("pypi", "xlsx2csv", "0.8.6", "xlsx2csv-0.8.6.tar.gz",
            "618fc502612860de8ab8e3d6195e99ef332fffc68337f6b89e59690aad0d20b5", "MIT",
            "22 test workbooks, none saved by Excel with a formula; its inline-string files serve the reader's tests"),
    Package("npm", "xlsx-populate", "1.21.0", "xlsx-populate-1.21.0.tgz",
            "7e7431c2b706062c8ea5460a574eeede2e65f8264d7be604af10d9f4e46d3eb4", "MIT"),
    Package("debian", "r-cran-openxlsx", "4.2.5.2-1", "r-cran-openxlsx_4.2.5.2-1_amd64.deb",
            "cc998ce373488a27ed2baab183268fafae7a44dcfd08ba5c1a5fd10e9b4e64a1", "MIT", "openxlsx's extdata"),
    Package("debian", "r-cran-readxl", "1.4.2-1", "r-cran-readxl_1.4.2-1_amd64.deb",
            "eb705525f906c968022162e8e58993a8b444ae900ff0487389769721bdcb4e67", "MIT", "readxl's extdata"),
)


#: Workbooks kept whatever wrote them, for the reader's tests (``tests/test_xlsx_corpus.py``):
#: (registry, package, path inside the archive).
FIXTURES: tuple[tuple[str, str, str], ...] = (
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/empty_row.xlsx"),  # no r on rows and cells, a BOM on every part
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/no_cell_ids.xlsx"),  # no r on cells
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/input-weird.xlsx"),  # BOM, inline strings
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/formatted_inline_string.xlsx"),  # rich inline strings
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/escape.xlsx"),
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/namespace.xlsx"),
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/twolettercolumns.xlsx"),
    ("pypi", "xlsx2csv", "xlsx2csv-0.8.6/test/junk-small.xlsx"),
    ("pypi", "ironcalc", "ironcalc-0.9.1/xlsx/tests/missing_r_on_row.xlsx"),
    ("pypi", "ironcalc", "ironcalc-0.9.1/xlsx/tests/openpyxl_example.xlsx"),  # openpyxl's inline strings with formulas
    ("pypi", "xlwings", "xlwings-0.37.8/tests/reports/template_with_links.xlsx"),  # an external link, Excel's cached value
    ("pypi", "xlcalculator", "xlcalculator-0.5.0/tests/resources/cross_sheet.xlsx"),  # LibreOffice 6.4's writing
    ("pypi", "xlstream", "xlstream-0.4.0/crates/xlstream-eval/tests/fixtures/lookup/table_references.xlsx"),  # LibreOffice 26.2's
    ("debian", "r-cran-openxlsx", "usr/lib/R/site-library/openxlsx/extdata/inlineStr.xlsx"),
)


# --------------------------------------------------------------------------- where


def cache_dir() -> Path:
    """``$SOCROI_CORPUS_REGISTRY``, else the user's cache folder's ``socroi-corpus-registry``."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "socroi-corpus-registry"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------- download


def _pip_index() -> str:
    """The index pip is configured with (its default when nothing is set)."""
    env = os.environ.get("PIP_INDEX_URL")
    if env:
        return env
    try:
        out = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        from pip._internal.models.index import PyPI
    except ImportError as exc:  # pragma: no cover - pip is in every venv the Makefile makes
        raise RegistryError("pip is not importable and PIP_INDEX_URL is not set: no PyPI index known") from exc
    return PyPI.simple_url


def _simple_files(page: str, body: bytes, content_type: str) -> list[dict[str, Any]]:
    """The files of a Simple API project page: PEP 691 JSON, or the PEP 503 HTML some indexes
    still serve (``<a href="URL#sha256=HEX">FILENAME</a>``)."""
    if "json" in content_type:
        return list(json.loads(body).get("files", []))
    files = []
    for href, name in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', body.decode("utf-8", "replace")):
        url, _, frag = html.unescape(href).partition("#")
        digest = frag.split("=", 1)[1] if frag.startswith("sha256=") else ""
        files.append({"filename": name.strip(), "url": url, "hashes": {"sha256": digest} if digest else {}})
    return files


def _download_pypi(pkg: Package, dest: Path) -> None:
    index = _pip_index().rstrip("/")
    page = f"{index}/{pkg.name}/"
    accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
    try:
        with urllib.request.urlopen(urllib.request.Request(page, headers={"Accept": accept}), timeout=TIMEOUT) as resp:
            files = _simple_files(page, resp.read(), resp.headers.get("Content-Type", ""))
    except Exception as exc:  # noqa: BLE001 - any failure is the registry's answer
        raise RegistryError(f"{pkg.label}: PyPI's index did not answer ({type(exc).__name__}: {exc})") from exc
    files = [f for f in files if f.get("filename") == pkg.archive]
    if not files:
        raise RegistryError(f"{pkg.label}: the index lists no file {pkg.archive}")
    published = files[0].get("hashes", {}).get("sha256")
    if pkg.sha256 and published and published != pkg.sha256:
        raise RegistryError(f"{pkg.label}: the index publishes sha256 {published}, the pin is {pkg.sha256}")
    url = urllib.parse.urljoin(page, files[0]["url"])
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as resp, dest.open("wb") as out:
            shutil.copyfileobj(resp, out)
    except Exception as exc:  # noqa: BLE001
        raise RegistryError(f"{pkg.label}: download failed ({type(exc).__name__}: {exc})") from exc


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    except FileNotFoundError as exc:
        raise RegistryError(f"{cmd[0]} is not installed: it is the client of that registry") from exc
    except subprocess.TimeoutExpired as exc:
        raise RegistryError(f"{' '.join(cmd)}: no answer within 600 s") from exc


def _download_npm(pkg: Package, dest: Path) -> None:
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        r = _run(["npm", "pack", f"{pkg.name}@{pkg.version}", "--silent", "--pack-destination", tmp], Path(tmp))
        got = Path(tmp) / pkg.archive
        if r.returncode != 0 or not got.exists():
            raise RegistryError(f"{pkg.label}: npm pack failed: {(r.stderr or r.stdout).strip()[-300:]}")
        shutil.move(got, dest)


def _download_debian(pkg: Package, dest: Path) -> None:
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        cmd = ["apt-get", "download", f"{pkg.name}={pkg.version}"]
        r = _run(cmd, Path(tmp))
        said = r.stderr + r.stdout
        if r.returncode != 0 and ("Unable to locate" in said or "was not found" in said):
            if hasattr(os, "geteuid") and os.geteuid() == 0:  # package lists not yet fetched on this machine
                _run(["apt-get", "update", "-qq"], Path(tmp))
                r = _run(cmd, Path(tmp))
        got = Path(tmp) / pkg.archive
        if r.returncode != 0 or not got.exists():
            raise RegistryError(f"{pkg.label}: apt-get download failed: {(r.stderr or r.stdout).strip()[-300:]}"
                                " (run apt-get update first?)")  # fmt: skip
        shutil.move(got, dest)


_DOWNLOADERS = {"pypi": _download_pypi, "npm": _download_npm, "debian": _download_debian}


def archive_path(pkg: Package, cache: Path | None = None) -> Path:
    """The package's archive in the cache, downloaded (and its sha256 checked) if missing."""
    folder = (cache or cache_dir()) / "archives"
    path = folder / pkg.archive
    if path.exists() and (not pkg.sha256 or _file_sha256(path) == pkg.sha256):
        return path
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / (pkg.archive + ".part")
    part.unlink(missing_ok=True)
    _DOWNLOADERS[pkg.registry](pkg, part)
    got = _file_sha256(part)
    if pkg.sha256 and got != pkg.sha256:
        part.unlink()
        raise RegistryError(f"{pkg.label}: the archive's sha256 is {got}, the pin is {pkg.sha256}")
    os.replace(part, path)
    return path


# --------------------------------------------------------------------------- archives


def _deb_data(path: Path) -> tarfile.TarFile:
    """The data tarball of a .deb (an ``ar`` archive holding control and data tarballs)."""
    raw = path.read_bytes()
    if not raw.startswith(b"!<arch>\n"):
        raise RegistryError(f"{path.name}: not a Debian package")
    pos = 8
    while pos + 60 <= len(raw):
        header = raw[pos : pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = raw[pos + 60 : pos + 60 + size]
        if name.startswith("data.tar"):
            return tarfile.open(fileobj=io.BytesIO(body))
        pos += 60 + size + (size % 2)
    raise RegistryError(f"{path.name}: no data.tar member")


def members(path: Path, extensions: tuple[str, ...] = EXTENSIONS) -> Iterator[tuple[str, bytes]]:
    """(path inside, bytes) of every .xlsx/.xlsm (or other ``extensions``) in an archive
    (.tar.gz, .tgz, .deb, .zip/.whl)."""
    name = path.name.lower()
    if name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(path) as zf:
            for n in zf.namelist():
                if n.lower().endswith(extensions):
                    yield n, zf.read(n)
        return
    tf = _deb_data(path) if name.endswith(".deb") else tarfile.open(path)
    with tf:
        for m in tf:
            if m.isfile() and m.name.lower().endswith(extensions):
                fh = tf.extractfile(m)
                if fh is not None:
                    yield m.name.removeprefix("./"), fh.read()


# --------------------------------------------------------------------------- the manifest


def load_manifest(path: Path = MANIFEST) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def packages_of(manifest: dict[str, Any]) -> list[Package]:
    keys = ("registry", "name", "version", "archive", "sha256", "licence")
    return [Package(**{k: p[k] for k in keys}) for p in manifest["packages"]]


def select(packages: tuple[Package, ...] = PACKAGES, cache: Path | None = None) -> dict[str, Any]:
    """Download ``packages``, keep their workbooks saved by Excel (``build.classify``: Excel's
    ``app.xml``, a calcChain, no namespace prefix, a formula with a saved value), the same
    bytes once; return the manifest (not written)."""
    from build import classify

    seen: dict[str, str] = {}
    out: dict[str, Any] = {"packages": [], "files": [], "fixtures": [], "modules": [], "skipped": {}}
    wanted = {(r, n, p) for r, n, p in FIXTURES}
    for pkg in packages:
        path = archive_path(pkg, cache)
        digest = _file_sha256(path)
        out["packages"].append({"registry": pkg.registry, "name": pkg.name, "version": pkg.version, "archive": pkg.archive,
                                "sha256": digest, "bytes": path.stat().st_size, "licence": pkg.licence, "note": pkg.note})  # fmt: skip
        skipped: Counter = Counter()
        for inner, data in members(path):
            keep, reason, facts = classify(data)
            if (pkg.registry, pkg.name, inner) in wanted:
                wanted.discard((pkg.registry, pkg.name, inner))
                out["fixtures"].append({"package": pkg.name, "registry": pkg.registry, "version": pkg.version,
                                        "archive_sha256": digest, "path": inner, "sha256": sha256_of(data),
                                        "bytes": len(data), "licence": pkg.licence,
                                        "application": facts.get("application", "")})  # fmt: skip
            if not keep:
                skipped["application not Excel" if reason.startswith("application") else reason] += 1
                continue
            h = sha256_of(data)
            if h in seen:
                skipped[f"same bytes as {seen[h]}"] += 1
                continue
            seen[h] = f"{pkg.label} {inner}"
            out["files"].append({"package": pkg.name, "registry": pkg.registry, "version": pkg.version,
                                 "archive_sha256": digest, "path": inner, "sha256": h, "bytes": len(data),
                                 "licence": pkg.licence, "application": facts["application"],
                                 "formula_cells": facts["formula_cells"], "saved_values": facts["saved_values"]})  # fmt: skip
        out["skipped"][pkg.label] = dict(skipped)
        out["modules"].extend(_udf_modules(pkg, path, digest, [f for f in out["files"] if f["package"] == pkg.name]))
    if wanted:
        raise RegistryError(f"fixtures not found in their packages: {sorted(wanted)}")
    return out


def _udf_modules(pkg: Package, path: Path, digest: str, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The xlwings modules the package ships beside its kept workbooks: for each workbook, the
    modules classic xlwings imports for it (``workbook_modules``: its ``xlwings.conf``, else
    the module named like it) found as ``.py`` files in its folder of the archive that
    import xlwings (a script merely named like a workbook is no UDF module). Excel
    computed those cells with them loaded, so the corpus is recalculated with them too."""
    from socroi_xl.engine.user_udfs import UserUdfError, workbook_modules

    sources = dict(members(path, (".py",)))
    if not sources:
        return []
    books = {inner: data for inner, data in members(path) if any(f["path"] == inner for f in files)}
    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for inner, data in books.items():
            copy = Path(tmp) / Path(inner).name
            copy.write_bytes(data)
            try:
                names = workbook_modules(copy, Path(inner).name)
            except UserUdfError:
                continue
            for name in names:
                module = f"{Path(inner).parent.as_posix()}/{name}.py"
                body = sources.get(module, b"")
                # named like the workbook but no xlwings module (xlcalculator's example script)
                if b"import xlwings" in body and module not in out:
                    out[module] = {"package": pkg.name, "registry": pkg.registry, "version": pkg.version,
                                   "archive_sha256": digest, "path": module, "sha256": sha256_of(body),
                                   "bytes": len(body), "licence": pkg.licence}  # fmt: skip
    return list(out.values())


def local_name(entry: dict[str, Any]) -> str:
    """Where a manifest file goes under ``CACHE/files`` (and its name in reports and the ratchet)."""
    inner = entry["path"]
    if inner.startswith("/") or ".." in Path(inner).parts:
        raise RegistryError(f"{inner!r}: a path inside an archive must stay inside it")
    pkg = f"{entry['registry']}+{entry['package'].lstrip('@').replace('/', '+')}-{entry['version']}"
    return f"{pkg}/{inner}"


def ensure(manifest: dict[str, Any] | None = None, cache: Path | None = None) -> Path:
    """Download what is missing, extract and check every workbook (and xlwings module) of the
    manifest; return the cache.

    Workbooks already extracted with the right sha256 are used as they are (no network).
    Writes ``CACHE/manifest.json`` in the layout ``compare.py`` reads.
    """
    manifest = manifest or load_manifest()
    cache = cache or cache_dir()
    files = cache / "files"
    pkgs = {(p.registry, p.name, p.version): p for p in packages_of(manifest)}
    todo: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for e in manifest["files"] + manifest.get("fixtures", []) + manifest.get("modules", []):
        dst = files / local_name(e)
        if dst.exists() and _file_sha256(dst) == e["sha256"]:
            continue
        todo.setdefault((e["registry"], e["package"], e["version"]), []).append(e)
    for key, entries in todo.items():
        pkg = pkgs[key]
        path = archive_path(pkg, cache)
        wanted = {e["path"]: e for e in entries}
        for inner, data in members(path, EXTENSIONS + (".py",)):
            e = wanted.pop(inner, None)
            if e is None:
                continue
            if sha256_of(data) != e["sha256"]:
                raise RegistryError(f"{pkg.label} {inner}: sha256 {sha256_of(data)}, the manifest says {e['sha256']}")
            dst = files / local_name(e)
            dst.parent.mkdir(parents=True, exist_ok=True)
            tmp = dst.with_name(dst.name + ".part")
            tmp.write_bytes(data)
            os.replace(tmp, dst)
        if wanted:
            raise RegistryError(f"{pkg.label}: not in the archive: {sorted(wanted)[:5]}")
    rows = [{"file": local_name(e), "repo": f"{e['registry']}:{e['package']} {e['version']}", "path": e["path"],
             "licence": e["licence"], "sha256": e["sha256"], "bytes": e["bytes"], "formula_cells": e["formula_cells"],
             "saved_values": e["saved_values"], "redistributable": True} for e in manifest["files"]]  # fmt: skip
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "manifest.json").write_text(json.dumps({"files": rows}, indent=1), encoding="utf-8")
    return cache


def offline() -> bool:
    """``$SOCROI_CORPUS_OFFLINE`` says no registry is in reach (the only case the tests skip)."""
    return os.environ.get(OFFLINE_ENV, "") not in ("", "0")


def for_tests() -> Path:
    """The cache with every workbook of the manifest, for a test: skipped only when
    ``$SOCROI_CORPUS_OFFLINE`` is set; a registry that fails otherwise fails the test."""
    if offline():
        import pytest

        pytest.skip(f"${OFFLINE_ENV} is set: the registry corpus is not downloaded")
    return ensure()


def path_of(package: str, inner: str, cache: Path | None = None, manifest: dict[str, Any] | None = None) -> Path:
    """The extracted workbook ``inner`` of ``package`` (a file or a fixture of the manifest)."""
    manifest = manifest or load_manifest()
    for e in manifest["files"] + manifest.get("fixtures", []):
        if e["package"] == package and e["path"] == inner:
            return (cache or cache_dir()) / "files" / local_name(e)
    raise KeyError(f"{package} {inner}: not in {MANIFEST.name}")


def expected(cache: Path | None = None) -> dict[str, Any]:
    """Recalculate the registry corpus and write today's differences to ``EXPECTED`` (the ratchet)."""
    from compare import compare_file, summarise, udf_modules_for
    from subset import differences_json

    cache = ensure(cache=cache)
    rows = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))["files"]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, e in enumerate(rows):
            work = Path(tmp) / str(i)
            work.mkdir()
            path = cache / "files" / e["file"]  # xlwings' workbooks with the modules Excel had loaded
            results.append(compare_file(path, work, None, e["file"], e["repo"], udf_modules_for(path, e["file"], [])))
    EXPECTED.write_text(json.dumps(differences_json(results), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")  # fmt: skip
    summary = summarise(results, "socroi")
    print(f"{summary['equal']:,} of {summary['formula_cells']:,} formula cells equal ({100 * summary['share_equal']:.2f}%)")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("fetch", help="download, extract and check the manifest's workbooks")
    sub.add_parser("select", help="scan the pinned packages and rewrite tests/corpus/registry_manifest.json")
    sub.add_parser("expected", help="recalculate and rewrite tests/corpus/registry_expected_differences.json")
    ap.add_argument("--cache", type=Path, default=None, help=f"default ${CACHE_ENV} or ~/.cache/socroi-corpus-registry")
    args = ap.parse_args(argv)
    if args.cmd == "select":
        m = select(cache=args.cache)
        MANIFEST.write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        by = Counter(f"{f['registry']}:{f['package']}" for f in m["files"])
        print(f"{len(m['files'])} workbooks, {sum(f['saved_values'] for f in m['files']):,} formula cells with a saved "
              f"value, from {len(by)} packages {dict(by)} -> {MANIFEST}")  # fmt: skip
    elif args.cmd == "expected":
        expected(args.cache)
    else:
        cache = ensure(cache=args.cache)
        print(cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
