"""The module map: Excel's rules that are not functions live once, in ``socroi_xl/xl/``, and
the floors import downwards only (docs/engine.md, "Where each Excel rule lives").

Read from the source with :mod:`ast` (every import, lazy ones inside functions too), so a
second copy of a rule or an import up the floors fails here, whoever writes it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "socroi_xl"

#: Each rule's one home: the names below may be defined at the top of that module only.
HOMES = {
    "xl/refs.py": {"col_index", "col_letters", "cell_ref", "parse_cell", "parse_range", "MAX_ROW", "MAX_COL"},
    "xl/shift.py": {"shift", "relative_key", "RowTemplate"},
    "xl/dates.py": {"serial", "serials", "iso_serial", "read_datetime", "text_number", "date_serial", "to_datetime"},
    "xl/numtext.py": {"parse_number_text", "number_text", "excel_text"},
    "xl/numfmt.py": {"render", "compile_format", "is_date_format"},
}
#: What stands in for a rule of ``xl/`` elsewhere: another library's copy of it.
FOREIGN_COPIES = {
    "openpyxl.formula.translate": "formula shifting is socroi_xl.xl.shift",
    "openpyxl.utils.cell.get_column_letter": "column letters are socroi_xl.xl.refs.col_letters",
    "openpyxl.utils.cell.column_index_from_string": "column numbers are socroi_xl.xl.refs.col_index",
    "openpyxl.utils.get_column_letter": "column letters are socroi_xl.xl.refs.col_letters",
}


def modules() -> dict[str, ast.Module]:
    return {p.relative_to(PACKAGE).as_posix(): ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}


def top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def imported(path: str, tree: ast.Module) -> set[str]:
    """Every module (and ``module.name``) ``path`` imports, relative imports made absolute."""
    here = ["socroi_xl", *Path(path).with_suffix("").parts]
    if here[-1] == "__init__":
        here = here[:-1] + ["_"]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here[: len(here) - node.level] + ([node.module] if node.module else [])) if node.level else node.module
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return out


def test_each_excel_rule_is_defined_once_in_xl():
    trees = modules()
    for home, names in HOMES.items():
        missing = names - top_level_names(trees[home])
        assert not missing, f"{home} no longer defines {sorted(missing)}: update HOMES and docs/engine.md"
    owner = {name: home for home, names in HOMES.items() for name in names}
    copies = sorted(
        f"{path} defines {name} (its home is {owner[name]})"
        for path, tree in trees.items()
        for name in top_level_names(tree) & owner.keys()
        if path != owner[name]
    )
    assert not copies, "a second copy of an Excel rule:\n" + "\n".join(copies)


def test_no_other_library_stands_in_for_a_rule_of_xl():
    found = sorted(
        f"{path} imports {name}: {why}"
        for path, tree in modules().items()
        for name in imported(path, tree)
        for foreign, why in FOREIGN_COPIES.items()
        if name == foreign or name.startswith(foreign + ".")
    )
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("floor", "may_not_import"),
    [
        ("xl/", ("socroi_xl.xlsx", "socroi_xl.engine", "socroi_xl.importers", "socroi_xl.template", "socroi_xl.core", "socroi_xl.registry", "pandas", "lxml", "openpyxl")),
        ("core/", ("socroi_xl.xlsx", "socroi_xl.engine", "socroi_xl.importers", "socroi_xl.template", "pandas", "lxml", "openpyxl")),
        ("xlsx/", ("socroi_xl.engine", "socroi_xl.importers", "socroi_xl.template")),
        ("engine/", ("socroi_xl.importers", "socroi_xl.template", "socroi_xl.cli")),
        ("importers/", ("socroi_xl.engine", "socroi_xl.template", "socroi_xl.cli")),
        ("template/", ("socroi_xl.engine", "socroi_xl.importers", "socroi_xl.cli")),
    ],
)
def test_floors_import_downwards_only(floor, may_not_import):
    up = sorted(
        f"{path} imports {name}"
        for path, tree in modules().items()
        if path.startswith(floor)
        for name in imported(path, tree)
        if any(name == m or name.startswith(m + ".") for m in may_not_import)
    )
    assert not up, "\n".join(up)
