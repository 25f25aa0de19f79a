"""``socroi demo``: the quick start on the bundled example."""

from __future__ import annotations

from pathlib import Path

import click


def run_demo(out_dir: Path) -> tuple[Path, object]:
    """Write the template (with its example data) into ``out_dir`` and recalculate it."""
    from .engine import recalc_path
    from .template import build_template

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "social_media_roi.xlsx"
    build_template(path)
    return path, recalc_path(path, path)


@click.command("demo")
@click.option(
    "-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/demo"),
    show_default=True, help="Folder for the recalculated example workbook.",
)
def demo(out_dir: Path) -> None:
    """Build the example workbook and recalculate it: the whole job on bundled data.

    Writes OUT_DIR/social_media_roi.xlsx, a fresh copy of the template with its example
    data (a small brand's quarter of paid and organic social), recalculates every formula
    with the engine and prints the headline figures.

    Example:

        socroi demo -o build/demo
    """
    from .engine import WorkbookError

    try:
        path, result = run_demo(out_dir)
    except WorkbookError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"recalculated {result.formulas} formulas into {path} ({result.errors} error cells)")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    width = max((len(k) for k in result.headline), default=0)
    for key, value in result.headline.items():
        shown = f"{value:,.4f}" if isinstance(value, float) else str(value)
        click.echo(f"  {key:<{width}}  {shown}")
