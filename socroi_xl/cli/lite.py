"""``socroi lite``: the files to paste into xlwings Lite."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("lite")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace main.py and requirements.txt if they exist.")
def lite(folder: Path, force: bool) -> None:
    """Write the main.py and requirements.txt for xlwings Lite into FOLDER.

    In Excel, open the xlwings Lite task pane: paste requirements.txt into its
    requirements.txt tab and restart xlwings Lite (menu > Restart), then paste main.py
    into its main.py tab. Every SOCROI function is then an Excel function of the
    workbook. requirements.txt pins this version of socroi-xl. Step by step:
    docs/xlwings.md.

    Example:

        socroi lite lite_files/
    """
    from ..excel.lite import write_lite

    try:
        written = write_lite(folder, force)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}: already exists; use --force to replace it") from exc
    except OSError as exc:
        raise click.ClickException(f"{folder}: {exc.strerror or exc}") from exc
    for path in written:
        click.echo(f"wrote {path}")
