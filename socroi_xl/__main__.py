"""``socroi`` and ``python -m socroi_xl``: the command line, or a one-line hint when the
``[cli]`` extra is not installed (the core install holds only what Excel runs)."""

from __future__ import annotations

import sys

from . import CLI_HINT, CLI_MODULES


def main() -> None:
    """Run the ``socroi`` command line."""
    try:
        from .cli import main as cli

        cli()
    except ModuleNotFoundError as exc:  # also a command's own import of an extra's module
        if exc.name not in CLI_MODULES:
            raise
        sys.exit(CLI_HINT.format(exc.name))


if __name__ == "__main__":
    main()
