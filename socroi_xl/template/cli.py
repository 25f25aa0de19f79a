"""``socroi new``: write a fresh copy of the template workbook."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
def new(path: Path, force: bool) -> None:
    """Write a fresh template workbook (with its example data) to PATH.

    The workbook has the sheets Start, Inputs, Costs, Values, Campaigns, Funnel,
    Channels, Periods, Pipeline and Summary, filled with a labelled example. An existing
    file is never replaced unless --force is given; the file is written to a temporary
    file first and moved into place, so PATH is never left half-written.

    A PATH ending in .xlsm is the macro-enabled workbook for classic xlwings (Excel on
    Windows): its VBA project already holds the SOCROI functions (docs/xlwings.md).

    Example:

        socroi new my_roi.xlsx && socroi recalc my_roi.xlsx --in-place
    """
    from . import build_template, template_bytes

    if path.exists() and not force:
        raise click.ClickException(f"{path}: already exists; use --force to replace it")
    if not path.parent.is_dir():
        raise click.ClickException(f"{path}: folder {path.parent} does not exist")
    try:
        if path.suffix.lower() == ".xlsm":
            from ..excel.classic import write_xlsm

            write_xlsm(path, template_bytes())
        else:
            build_template(path)
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {path}")
