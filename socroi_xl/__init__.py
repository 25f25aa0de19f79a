"""socroi_xl: measure the return on social-media marketing in Excel and from Python."""

#: The version, written here only (pyproject.toml reads it; CHANGELOG.md has its section).
__version__ = "0.1.0"

#: The project's home; pyproject.toml's Homepage says the same (a test checks).
HOMEPAGE = "https://github.com/socroi-xl/socroi-xl"

#: This version's documentation: the help links Excel shows point into it.
DOCS_URL = f"{HOMEPAGE}/blob/v{__version__}/docs"

#: The third-party modules the command line needs beyond the core (the ``[cli]`` extra).
CLI_MODULES = frozenset({"click", "openpyxl", "lxml", "defusedxml", "tqdm", "pyopenvba"})

#: What ``socroi`` says when one of them is missing.
CLI_HINT = 'socroi: the command line needs the [cli] extra ({} is not installed): pip install "socroi-xl[cli]"'
