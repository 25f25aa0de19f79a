"""LibreOffice headless: the independent engine socroi's native results are checked against.

Used by ``scripts/make_golden.py`` (golden values), ``scripts/render_template_images.py``
(pictures for the docs) and ``benchmarks/bench_recalc.py`` (the speed reference). Never
needed at run time, and the test suite skips what needs it on machines without it
(``scripts/install-libreoffice.sh`` installs Debian's ``libreoffice-calc-nogui``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

#: LibreOffice's "Recalculation on file load" settings: 0 always, 1 never.
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
</oor:items>
"""

XLSX = "xlsx:Calc MS Excel 2007 XML"


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``), or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def version(soffice: str) -> str:
    """What ``soffice --version`` says."""
    out = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=120)
    return out.stdout.strip()


def make_profile(folder: Path, recalc_on_load: bool) -> Path:
    """A throw-away user profile in ``folder`` that always (or never) recalculates on load.

    Always: LibreOffice computes every formula itself (golden values, the benchmark).
    Never: it shows the values a file carries (pictures of our engine's results; it does
    not know the SOCROI functions).
    """
    user = Path(folder) / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        _SETTINGS.format(mode=0 if recalc_on_load else 1), encoding="utf-8"
    )
    return Path(folder)


def convert(
    books: Iterable[Path], out_dir: Path, to: str, profile: Path, soffice: str | None = None, timeout: float = 900
) -> None:
    """``soffice --headless --convert-to TO`` of ``books`` into ``out_dir`` with ``profile``."""
    exe = soffice or find_soffice()
    if exe is None:
        raise FileNotFoundError("soffice not found: run scripts/install-libreoffice.sh")
    subprocess.run(
        [exe, f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--headless", "--norestore",
         "--nolockcheck", "--convert-to", to, "--outdir", str(out_dir), *map(str, books)],
        check=True, capture_output=True, timeout=timeout,
    )  # fmt: skip
