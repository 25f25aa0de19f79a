"""The ``socroi`` command line: each command parses, calls one library function and
turns library errors into a one-line message and a non-zero exit code.

Commands live beside the library code they call and are attached here, one line each.
A command's module is imported only when that command runs (click's lazy-loading
pattern), so ``socroi recalc`` does not pay for importing the importers or the template.
"""

from __future__ import annotations

import importlib

import click

from . import __version__
from .__main__ import CLI_MODULES, HINT
from .atomic import exiting_on_signals

# --- commands: one line each, name -> "module:attribute" ---------------------------------
COMMANDS = {
    "demo": "socroi_xl.demo:demo",
    "functions": "socroi_xl.functions_cli:functions",
    "import": "socroi_xl.importers.cli:import_",
    "lite": "socroi_xl.excel.lite_cli:lite",
    "new": "socroi_xl.template.cli:new",
    "recalc": "socroi_xl.batch_cli:recalc",
    "share": "socroi_xl.share_cli:share",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, attribute = COMMANDS[cmd_name].split(":")
            try:
                loaded = importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name not in CLI_MODULES:
                    raise
                raise click.ClickException(HINT.format(exc.name).removeprefix("socroi: ")) from exc
            self.add_command(getattr(loaded, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="socroi")
def main() -> None:
    """Social-media ROI for Excel: functions, template, recalculation, import.

    Example:

        socroi new my_roi.xlsx && socroi recalc my_roi.xlsx --in-place
    """
    # Ctrl-C, SIGTERM or SIGHUP in any command: temporary files removed, one line, exit 130/143/129
    click.get_current_context().with_resource(exiting_on_signals("socroi"))
