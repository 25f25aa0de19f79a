"""``socroi functions``: the function library, read from the registry."""

from __future__ import annotations

import click


@click.command("functions")
@click.argument("name", required=False)
def functions(name: str | None) -> None:
    """List the SOCROI Excel functions, or show one in full.

    Without NAME, prints one line per function: its call and what it gives. With NAME
    (case does not matter), prints its arguments, formula and rules as plain text, and
    the link to its section of the reference (docs/functions.md).

    Examples:

        socroi functions

        socroi functions socroi_cpm
    """
    from ..docgen import plain_text, unmarked
    from ..registry import REGISTRY

    if name is None:
        width = max(len(s.signature) for s in REGISTRY.values())
        for spec in REGISTRY.values():
            click.echo(f"{spec.signature:<{width}}  {spec.description}")
        return
    spec = REGISTRY.get(name.strip().upper())
    if spec is None:
        raise click.ClickException(f"no function named {name!r}; `socroi functions` lists them")
    click.echo(f"{spec.signature}\n\n{unmarked(spec.description)}\n")
    for arg in spec.args:
        click.echo(f"  {arg.name}{' (optional)' if arg.optional else ''}: {unmarked(arg.doc)}")
    click.echo("\n" + plain_text(spec.doc))
    click.echo(f"\nReference: {spec.help_url}")
