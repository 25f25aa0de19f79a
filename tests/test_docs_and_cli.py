"""Docs are generated from the code and kept current; every command is documented."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from socroi_xl import docgen
from socroi_xl.cli import main
from socroi_xl.registry import EXCEL_DESCRIPTION_LIMIT, REGISTRY

COMMANDS = sorted(main.list_commands(click.Context(main)))


@pytest.mark.parametrize("name", sorted(docgen.GENERATED))
def test_generated_docs_are_up_to_date(name):
    on_disk = (docgen.DOCS / name).read_text(encoding="utf-8")
    assert on_disk == docgen.GENERATED[name](), f"docs/{name} is stale: run `make docs`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example_and_is_in_the_docs(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"`socroi {name} --help` shows no example"
    assert f"## socroi {name}\n" in (docgen.DOCS / "cli.md").read_text(encoding="utf-8")


def test_every_function_is_documented_within_excels_limits():
    text = (docgen.DOCS / "functions.md").read_text(encoding="utf-8")
    for name, spec in REGISTRY.items():
        assert name == "SOCROI" or name.startswith("SOCROI_") and name.isupper()
        assert f"\n## {name}\n" in text
        assert 0 < len(spec.description) <= EXCEL_DESCRIPTION_LIMIT
        for arg in spec.args:
            assert 0 < len(arg.doc) <= EXCEL_DESCRIPTION_LIMIT, f"{name}({arg.name}) has no help"


def test_udfs_signatures_are_the_registrys():
    import inspect

    from socroi_xl import udfs

    for name, spec in REGISTRY.items():
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        assert [(p.name, p.default is not inspect.Parameter.empty) for p in params] == [
            (a.name, a.optional) for a in spec.args
        ]


def test_functions_command_lists_and_explains():
    runner = CliRunner()
    listing = runner.invoke(main, ["functions"])
    assert listing.exit_code == 0
    assert len(listing.output.splitlines()) == len(REGISTRY)
    assert listing.output.startswith("SOCROI(gain, cost)")
    one = runner.invoke(main, ["functions", "socroi_cpc"])
    assert one.exit_code == 0 and "zero or blank gives #DIV/0!" in one.output
    missing = runner.invoke(main, ["functions", "SOCROI_NOPE"])
    assert missing.exit_code == 1 and "no function named" in missing.output
    assert "Traceback" not in missing.output
