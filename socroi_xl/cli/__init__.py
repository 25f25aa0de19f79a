"""The ``socroi`` command line: one module per command, each parsing its arguments,
calling one library function and turning library errors into a one-line message and a
non-zero exit code.

====================  ===============================================================
module                command
====================  ===============================================================
:mod:`.new`           ``socroi new``: a fresh template workbook (:mod:`socroi_xl.template`)
:mod:`.import_`       ``socroi import``: exports into the Campaigns table (:mod:`socroi_xl.importers`)
:mod:`.recalc`        ``socroi recalc``: recalculate workbooks (:mod:`socroi_xl.batch`)
:mod:`.share`         ``socroi share``: the copy for a client (:mod:`socroi_xl.share`)
:mod:`.lite`          ``socroi lite``: the xlwings Lite kit (:mod:`socroi_xl.excel.lite`)
:mod:`.functions`     ``socroi functions``: the function library (:mod:`socroi_xl.registry`)
:mod:`.demo`          ``socroi demo``: the quick start on the bundled example
====================  ===============================================================

A command's module is imported only when that command runs or its help is shown (click's
lazy-loading pattern), and a command module imports its library only inside the command,
so ``socroi --help`` and ``socroi recalc`` do not pay for pandas, openpyxl or the template.
The reference (``docs/cli.md``) is generated from these commands by :mod:`socroi_xl.docgen`.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from .. import CLI_HINT, CLI_MODULES, __version__
from ..atomic import exiting_on_signals

# --- commands: one line each, name -> "module:attribute" ---------------------------------
COMMANDS = {
    "demo": "socroi_xl.cli.demo:demo",
    "functions": "socroi_xl.cli.functions:functions",
    "import": "socroi_xl.cli.import_:import_",
    "lite": "socroi_xl.cli.lite:lite",
    "new": "socroi_xl.cli.new:new",
    "recalc": "socroi_xl.cli.recalc:recalc",
    "share": "socroi_xl.cli.share:share",
}


def _load(where: str) -> Any:
    """The object named ``"module:attribute"``; a module of the ``[cli]`` extra that is
    missing becomes the one-line hint."""
    module, attribute = where.split(":")
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name not in CLI_MODULES:
            raise
        raise click.ClickException(CLI_HINT.format(exc.name).removeprefix("socroi: ")) from exc
    return getattr(loaded, attribute)


class LazyGroup(click.Group):
    """A group whose subcommands are imported when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.add_command(_load(COMMANDS[cmd_name]), cmd_name)
        return super().get_command(ctx, cmd_name)


class LibraryChoice(click.Choice):
    """A :class:`click.Choice` whose choices a library module holds (``"module:attribute"``),
    read the first time they are needed: when the option is given or its help shown, not
    when ``socroi --help`` lists the commands."""

    def __init__(self, where: str) -> None:  # click.Choice.__init__ would read the choices
        self.where = where
        self.case_sensitive = True
        self._choices: tuple[str, ...] | None = None

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        if self._choices is None:
            self._choices = tuple(_load(self.where))
        return self._choices


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="socroi")
def main() -> None:
    """Social-media ROI for Excel: functions, template, recalculation, import.

    Example:

        socroi new my_roi.xlsx && socroi recalc my_roi.xlsx --in-place
    """
    # Ctrl-C, SIGTERM or SIGHUP in any command: temporary files removed, one line, exit 130/143/129
    click.get_current_context().with_resource(exiting_on_signals("socroi"))
