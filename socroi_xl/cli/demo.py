"""``socroi demo``: the quick start on the bundled example."""

from __future__ import annotations

from pathlib import Path

import click

PREVIOUS = "Previous"


def run_demo(out_dir: Path) -> tuple[Path, object]:
    """Write the template (with its example data) into ``out_dir`` and recalculate it."""
    from ..engine import recalc_path
    from ..template import build_template

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "social_media_roi.xlsx"
    build_template(path)
    return path, recalc_path(path, path)


def headline_table(headline: dict[str, object]) -> list[str]:
    """The headline figures as lines: name, this period, and the previous period where the
    book has one (``Headline_Previous<Name>``); figures that do not apply (blank) are left out."""

    def shown(value: object) -> str:
        return f"{value:,.4f}" if isinstance(value, float) else str(value)

    names = [k for k in headline if not (k.startswith(PREVIOUS) and k[len(PREVIOUS):] in headline)]
    rows = [(k, shown(headline[k]), shown(headline.get(PREVIOUS + k, ""))) for k in names if headline[k] != ""]
    width = max((len(k) for k, _, _ in rows), default=0)
    value_width = max((len(v) for _, v, _ in rows), default=0)
    out = [f"  {'':<{width}}  {'this period':>{value_width}}  previous period"]
    out += [f"  {k:<{width}}  {v:>{value_width}}  {p}".rstrip() for k, v, p in rows]
    return out


@click.command("demo")
@click.option(
    "-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/demo"),
    show_default=True, help="Folder for the recalculated example workbook.",
)
def demo(out_dir: Path) -> None:
    """Build the example workbook and recalculate it: the whole job on bundled data.

    Writes OUT_DIR/social_media_roi.xlsx, a fresh copy of the template with its example
    data (a small brand's quarter of paid and organic social), recalculates every formula
    with the engine and prints the headline figures, beside the previous period's where
    the book has them ("–": not computable from this book).

    Example:

        socroi demo -o build/demo
    """
    from ..engine import WorkbookError

    try:
        path, result = run_demo(out_dir)
    except WorkbookError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"recalculated {result.formulas} formulas into {path} ({result.errors} error cells)")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for line in headline_table(result.headline):
        click.echo(line)
