"""The package's layers point only down, and no module imports itself round a circle.

Every import of every module is read with `ast`, those inside functions and under `TYPE_CHECKING` too
(a lazy import is still a dependency). Each module has a layer (`LAYERS`, the most specific prefix
wins); a module may import its own layer or any below it. A failure names the importing file, the
line and the imported module. docs/reference/architecture.md shows the same table.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from xlsync.programme.model import RuleKind
from xlsync.vocabulary import layout

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("messages", ("xlsync.errors", "xlsync.catalogue", "xlsync.messages")),
    ("files and vocabulary", ("xlsync.files", "xlsync.vocabulary")),
    ("programme", ("xlsync.programme",)),
    ("scoring", ("xlsync.scoring",)),
    ("running LibreOffice", ("xlsync.libreoffice.soffice", "xlsync.libreoffice.odf")),
    ("workbooks", ("xlsync.workbook",)),
    ("partners and agency", ("xlsync.partners", "xlsync.agency")),
    ("application", ("xlsync", "xlsync.district", "xlsync.report", "xlsync.demo")),
    ("front ends", ("xlsync.__main__", "xlsync.cli", "xlsync.cli_group", "xlsync.cli_language", "xlsync.cli_office",
                    "xlsync.excel", "xlsync.libreoffice", "xlsync.libreoffice.extension", "xlsync.libreoffice.bundle")),
)


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of `package` under `root`, by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, imported module) for each import of a module of the package, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package upwards
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import xlsync.x.y` names a module; a name in one stops there
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((node.lineno, target))
    return list(dict.fromkeys(found))  # `from m import a, b` is one import of m


def layer_of(module: str, layers=LAYERS) -> int | None:
    best = None
    for index, (_, prefixes) in enumerate(layers):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[1])):
                best = (index, prefix)
    return None if best is None else best[0]


def graph(root: Path, package: str) -> tuple[dict[str, Path], dict[str, list[tuple[int, str]]]]:
    known = modules(root, package)
    return known, {name: imports(name, path, known) for name, path in known.items()}


def upward(root: Path, package: str, layers=LAYERS) -> list[str]:
    """Every import from a lower layer to a higher one, and every module without a layer."""
    known, edges = graph(root, package)
    found = [f"{path.relative_to(root)}: no layer in the table" for name, path in known.items()
             if layer_of(name, layers) is None]
    for name, targets in edges.items():
        low = layer_of(name, layers)
        for line, target in targets:
            high = layer_of(target, layers)
            if low is not None and high is not None and high > low:
                found.append(f"{known[name].relative_to(root)}:{line}: {name} ({layers[low][0]}) imports "
                             f"{target} ({layers[high][0]}), a higher layer")
    return found


def circles(root: Path, package: str) -> list[str]:
    """Each circle of imports, as the imports that make it (file, line, imported module)."""
    known, edges = graph(root, package)
    found, seen = [], set()
    for start in sorted(known):
        # The shortest way back to `start`, breadth first: one circle per module it passes through.
        paths = {start: []}
        queue = [start]
        while queue:
            here = queue.pop(0)
            for line, target in edges[here]:
                step = paths[here] + [(here, line, target)]
                if target == start:
                    circle = frozenset(module for module, _, _ in step)
                    if circle not in seen:
                        seen.add(circle)
                        found.append(" → ".join(f"{known[m].relative_to(root)}:{n} imports {t}" for m, n, t in step))
                    queue = []
                    break
                if target not in paths:
                    paths[target] = step
                    queue.append(target)
    return found


def test_every_import_points_to_its_own_layer_or_below():
    assert upward(ROOT, "xlsync") == []


def test_no_module_imports_itself_round_a_circle():
    assert circles(ROOT, "xlsync") == []


def test_every_module_name_says_one_thing():
    """A file name means one thing in the package: no two modules share one."""
    names = Counter(path.name for path in modules(ROOT, "xlsync").values()
                    if path.name not in ("__init__.py", "__main__.py"))
    assert [name for name, count in names.items() if count > 1] == []


def test_the_architecture_page_shows_the_same_layers():
    page = (ROOT / "docs" / "reference" / "architecture.md").read_text(encoding="utf-8")
    table = page.split("## Layers", 1)[1].split("\n\n")[2]
    rows = [line.split("|")[1].strip() for line in table.splitlines()[2:]]
    assert rows == [name for name, _ in LAYERS]


def test_the_vocabulary_names_every_rule_kind():
    """The workbook's words stand below the programme, yet name each of its rule kinds."""
    assert set(layout.KIND_LABELS) == {kind.value for kind in RuleKind}


@pytest.fixture
def tangled(tmp_path):
    """A package with an upward import inside a function, and a circle under `TYPE_CHECKING`."""
    package = tmp_path / "pkg"
    (package / "low").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "low" / "__init__.py").write_text("")
    (package / "high.py").write_text("from pkg.low import base\n")
    (package / "low" / "base.py").write_text("def f():\n    from pkg import high\n")
    (package / "low" / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.low.b import B\n")
    (package / "low" / "b.py").write_text("from . import a\n")
    return tmp_path


def test_the_checks_find_an_upward_import_and_a_circle(tangled):
    layers = (("low", ("pkg.low",)), ("high", ("pkg", "pkg.high")))
    assert upward(tangled, "pkg", layers) == [
        f"{Path('pkg/low/base.py')}:2: pkg.low.base (low) imports pkg.high (high), a higher layer"]
    assert circles(tangled, "pkg") == [
        f"{Path('pkg/high.py')}:1 imports pkg.low.base → {Path('pkg/low/base.py')}:2 imports pkg.high",
        f"{Path('pkg/low/a.py')}:3 imports pkg.low.b → {Path('pkg/low/b.py')}:1 imports pkg.low.a",
    ]


def test_a_module_missing_from_the_table_is_named(tangled):
    assert upward(tangled, "pkg", (("low", ("pkg.low",)),)) == [
        f"{Path('pkg/__init__.py')}: no layer in the table", f"{Path('pkg/high.py')}: no layer in the table"]
