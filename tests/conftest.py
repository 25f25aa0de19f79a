"""Fixtures shared by the test modules (``tests`` is not a package: shared helpers live here)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts" / "corpus"


def _load_corpus_script(name: str) -> ModuleType:
    if str(SCRIPTS) not in sys.path:  # the scripts import one another by name
        sys.path.insert(0, str(SCRIPTS))
    key = f"socroi_corpus_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus_script() -> Callable[[str], ModuleType]:
    """``corpus_script("compare")``: a script of ``scripts/corpus`` (compare, registry,
    subset, xlsxcells...) loaded as a module, once, under a name of its own."""
    return _load_corpus_script
