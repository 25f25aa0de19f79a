"""``socroi new``: write a fresh copy of the template workbook."""

from __future__ import annotations

import re
from pathlib import Path

import click


def _iso_code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise click.BadParameter(f"{value!r} is not an ISO 4217 currency code (three letters, e.g. EUR)")
    return code


@click.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--blank", is_flag=True, help="No example: every input cell empty, no example rows or text.")
@click.option("--currency", callback=_iso_code, metavar="CODE",
              help="Book currency, an ISO code (EUR, GBP…); money cells are formatted in it. "
                   "Default: USD with the example, none when --blank.")  # fmt: skip
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
def new(path: Path, blank: bool, currency: str | None, force: bool) -> None:
    """Write a fresh template workbook to PATH, with its example data or blank.

    The workbook has the sheets Start, Summary, Inputs, Costs, Values, Campaigns, Funnel,
    Channels, Periods and Pipeline. Without --blank it is filled with a labelled example
    (a small brand's quarter); with --blank every input is empty, ready for your own
    period, costs and `socroi import`. An existing file is never replaced unless --force
    is given; the file is written to a temporary file first and moved into place, so PATH
    is never left half-written.

    A PATH ending in .xlsm is the macro-enabled workbook for classic xlwings (Excel on
    Windows): its VBA project already holds the SOCROI functions (docs/xlwings.md).

    Example:

        socroi new client.xlsx --blank --currency EUR && socroi import meta.csv --into client.xlsx
    """
    from ..template import build_template, template_bytes

    if path.exists() and not force:
        raise click.ClickException(f"{path}: already exists; use --force to replace it")
    if not path.parent.is_dir():
        raise click.ClickException(f"{path}: folder {path.parent} does not exist")
    try:
        if path.suffix.lower() == ".xlsm":
            from ..excel.classic import write_xlsm

            write_xlsm(path, template_bytes(blank=blank, currency=currency))
        else:
            build_template(path, blank=blank, currency=currency)
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {path}")
