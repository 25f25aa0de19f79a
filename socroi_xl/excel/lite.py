"""The xlwings Lite kit: the ``main.py`` and ``requirements.txt`` a Lite user pastes.

xlwings Lite (Excel on Windows, macOS and the web) runs Python in Pyodide. Its editor has a
``main.py`` tab, whose functions decorated with ``@func`` become Excel functions, and a
``requirements.txt`` tab, installed with micropip. ``main.py`` here imports the SOCROI
functions from ``socroi_xl.udfs`` (decorated there with xlwings' own ``func`` and ``arg``,
which Lite provides), and ``requirements.txt`` pins this version of socroi-xl.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..registry import REGISTRY

PACKAGE = "socroi-xl"


def requirements_txt(version: str = __version__) -> str:
    """The line xlwings Lite needs to install the functions (numpy comes with
    Pyodide; xlwings is Lite's own)."""
    return f"{PACKAGE}=={version}\n"


def main_py(version: str = __version__) -> str:
    """The ``main.py`` that registers every SOCROI function in xlwings Lite."""
    names = "".join(f"    {name},\n" for name in REGISTRY)
    return (
        f'"""The SOCROI Excel functions (socroi-xl {version}), for xlwings Lite.\n\n'
        "Written by `socroi lite`. requirements.txt needs the line\n"
        f"{requirements_txt(version).strip()}\n"
        'Reference: docs/functions.md of socroi-xl."""\n\n'
        "from socroi_xl.udfs import (  # noqa: F401  each name is an Excel function\n"
        f"{names})\n"
    )


def lite_files(version: str = __version__) -> dict[str, str]:
    """File name -> content of the Lite kit."""
    return {"main.py": main_py(version), "requirements.txt": requirements_txt(version)}


def write_lite(folder: str | Path, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` into ``folder`` (created if needed).

    Raises
    ------
    FileExistsError
        One of the files exists and ``force`` is false (nothing is written then).
    """
    from ..atomic import write_bytes

    folder = Path(folder)
    files = lite_files()
    existing = [folder / n for n in files if (folder / n).exists()]
    if existing and not force:
        raise FileExistsError(existing[0])
    folder.mkdir(parents=True, exist_ok=True)
    return [write_bytes(folder / name, text.encode("utf-8")) for name, text in files.items()]
