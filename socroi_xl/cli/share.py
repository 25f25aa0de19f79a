"""``socroi share``: the copy of a workbook to send to a client."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("share")
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the shared copy (never the same file as BOOK).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it already exists.")
def share(book: Path, output: Path, force: bool) -> None:
    """Write a recalculated copy of BOOK that opens anywhere without the add-in.

    Every cell that calls a SOCROI function, and every formula that depends on one, holds
    its computed value instead of its formula; all other formulas stay live; charts,
    tables, styles and names stay. Excel, Google Sheets, LibreOffice, Numbers and mail
    previews show the figures, never #NAME?. The copy is an .xlsx: a macro-enabled BOOK
    loses its VBA project and its xlwings.conf sheet there. BOOK itself is not changed.

    Use `socroi recalc` for the working copy you keep editing (formulas stay, the add-in
    computes them); use `socroi share` for the copy you send.

    Example:

        socroi share my_roi.xlsx -o client_q3.xlsx
    """
    from ..engine import WorkbookError
    from ..share import share_path

    if output.suffix.lower() != ".xlsx":
        raise click.ClickException(f"{output}: the shared copy is an .xlsx workbook; name it with .xlsx")
    if output.resolve() == book.resolve():
        raise click.ClickException(f"{output}: the shared copy must not replace BOOK")
    if output.exists() and not force:
        raise click.ClickException(f"{output}: already exists; use --force to replace it")
    if not output.parent.is_dir():
        raise click.ClickException(f"{output}: folder {output.parent} does not exist")
    try:
        result = share_path(book, output)
    except WorkbookError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror or exc}") from exc
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {output}: {result.frozen} cells hold their values, {result.live} formulas stay live")
