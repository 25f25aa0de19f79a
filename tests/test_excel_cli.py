"""Command-line polish: plain text in a terminal, shell completion that works."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from socroi_xl import docgen
from socroi_xl.cli import main
from socroi_xl.registry import REGISTRY

MARKUP = re.compile(r"\\[a-z]+|\$\$|\*\*|``|\.\. math::|\{\}|\\frac")


@pytest.mark.parametrize("name", list(REGISTRY))
def test_functions_name_prints_plain_text(name):
    out = CliRunner().invoke(main, ["functions", name.lower()])
    assert out.exit_code == 0
    assert not MARKUP.search(out.output), MARKUP.search(out.output)
    assert out.output.rstrip().endswith(REGISTRY[name].help_url)


def test_formulas_read_as_a_person_writes_them():
    out = CliRunner().invoke(main, ["functions", "SOCROI"]).output
    assert "    ROI = (gain - cost) / cost\n" in out
    cpm = CliRunner().invoke(main, ["functions", "SOCROI_CPM"]).output
    assert "    CPM = cost / impressions × 1000\n" in cpm


@pytest.mark.skipif(shutil.which("socroi") is None and not os.path.exists(".venv/bin/socroi"), reason="socroi not installed")
def test_shell_completion_completes_commands():
    exe = shutil.which("socroi") or ".venv/bin/socroi"
    env = {**os.environ, "COMP_WORDS": "socroi sh", "COMP_CWORD": "1", "_SOCROI_COMPLETE": "bash_complete"}
    done = subprocess.run([exe], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.split() == ["plain,share"]
    source = subprocess.run([exe], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "_SOCROI_COMPLETE": "bash_source"})
    assert "_socroi_completion()" in source.stdout
    assert '_SOCROI_COMPLETE=bash_source socroi' in docgen.cli_md()
