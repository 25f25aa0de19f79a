"""The ``socroi`` command line: each command parses, calls one library function and
turns library errors into a one-line message and a non-zero exit code.

Commands live beside the library code they call and are attached here, one line each.
"""

from __future__ import annotations

import click

from . import __version__
from .batch_cli import recalc
from .demo import demo
from .functions_cli import functions
from .importers.cli import import_
from .template.cli import new


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="socroi")
def main() -> None:
    """Social-media ROI for Excel: functions, template, recalculation, import.

    Example:

        socroi new my_roi.xlsx && socroi recalc my_roi.xlsx --in-place
    """


# --- commands: one line each -------------------------------------------------------------
main.add_command(demo)
main.add_command(functions)
main.add_command(recalc)
main.add_command(new)
main.add_command(import_)
