"""Imports run one way, down the pipeline: no cycles, no back-imports, pure-data results.

Every import statement of the package is read from its source with `ast`,
function-level and ``TYPE_CHECKING`` imports included, so a cycle cannot hide
behind a late import. The checker is tested on a small package built in a
temporary folder, where a back-import is added on purpose.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import coopeval

PACKAGE = Path(coopeval.__file__).resolve().parent

#: Each part of the package and its place in the pipeline. A module may import
#: modules of its own place or of lower ones, never of higher ones.
LAYERS: Mapping[str, int] = {
    "coopeval.errors": 0,
    "coopeval.messages": 0,
    "coopeval.files": 0,
    "coopeval.suggest": 0,
    "coopeval.version": 0,
    "coopeval.expr": 1,
    "coopeval.records": 2,
    "coopeval.ruleset": 3,
    "coopeval.engine": 4,
    "coopeval.pipeline": 5,
    "coopeval.report": 6,
    "coopeval.formats": 7,
    "coopeval.cli": 8,
    "coopeval.deprecated": 8,
    "coopeval.testing": 8,
    "coopeval.serve": 8,
    "coopeval": 9,
    "coopeval.__main__": 10,
}

#: Modules that may import each part; a part not listed may be imported by any
#: module whose layer allows it.
ONLY_FROM: Mapping[str, frozenset[str]] = {
    "coopeval.cli": frozenset({"coopeval.__main__"}),
    "coopeval.deprecated": frozenset({"coopeval"}),
    "coopeval.testing": frozenset(),
}

#: What results (pure data) may import: no compiled rules, no engine but its tables.
RESULTS = "coopeval.engine.results"
RESULTS_MAY_IMPORT = ("coopeval.engine.tables", "coopeval.records", "coopeval.ruleset.")

#: The engine reads no files and consults no catalogue.
ENGINE_MAY_NOT_IMPORT = ("coopeval.ruleset.load", "coopeval.ruleset.catalogue")


def modules(root: Path, name: str) -> dict[str, Path]:
    """Every module of the package at ``root`` (named ``name``) → its file."""
    found = {}
    for file in sorted(root.rglob("*.py")):
        parts = file.relative_to(root).with_suffix("").parts
        dotted = ".".join((name, *parts))
        found[dotted.removesuffix(".__init__")] = file
    return found


def imports(root: Path, name: str) -> dict[str, set[str]]:
    """Module → the package's modules it imports, anywhere in its source."""
    known = modules(root, name)
    graph: dict[str, set[str]] = {}
    for module, file in known.items():
        package = module if file.name == "__init__.py" else module.rpartition(".")[0]
        graph[module] = {
            target
            for target in _targets(ast.parse(file.read_text("utf-8")), package, known)
            if target in known and target != module
        }
    return graph


def _targets(tree: ast.Module, package: str, known: Mapping[str, Path]) -> Iterator[str]:
    """The modules each import names: ``from a.b import c`` names ``a.b.c`` if that is a
    module, else ``a.b``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base


def layer(module: str, layers: Mapping[str, int]) -> int:
    """The layer of the longest listed prefix of ``module``."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in layers:
            return layers[prefix]
    msg = f"{module} is in no layer; add its package to LAYERS"
    raise AssertionError(msg)


def back_imports(graph: Mapping[str, set[str]], layers: Mapping[str, int]) -> list[str]:
    """``a → b`` for every import of a higher layer."""
    return sorted(
        f"{source} → {target}"
        for source, targets in graph.items()
        for target in targets
        if layer(target, layers) > layer(source, layers)
    )


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The import cycles: strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


GRAPH = imports(PACKAGE, "coopeval")


class TestLayers:
    def test_every_import_is_seen(self) -> None:
        """The walk finds function-level imports too (the facade's deprecated names)."""
        assert "coopeval.deprecated" in GRAPH["coopeval"]
        assert "coopeval.engine.compile" in GRAPH["coopeval.engine.values"]

    def test_no_cycles(self) -> None:
        """No group of modules imports itself round, at any depth."""
        assert [] == cycles(GRAPH)

    def test_no_back_imports(self) -> None:
        """Every import goes to the same layer or a lower one."""
        assert [] == back_imports(GRAPH, LAYERS)

    def test_restricted_parts(self) -> None:
        """Only __main__ imports cli/, only the facade the deprecated names, nothing testing/."""
        wrong = [
            f"{source} → {target}"
            for source, targets in GRAPH.items()
            for target in targets
            for part, allowed in ONLY_FROM.items()
            if (target == part or target.startswith(part + "."))
            and not (source == part or source.startswith(part + "."))
            and source not in allowed
        ]

        assert [] == wrong

    def test_results_are_pure_data(self) -> None:
        """Results import no compiled rules and no engine module but the band tables."""
        assert [] == sorted(
            t for t in GRAPH[RESULTS] if not t.startswith(RESULTS_MAY_IMPORT) and t != "coopeval"
        )

    def test_engine_reads_no_files(self) -> None:
        """The engine neither loads rule files nor consults the catalogue."""
        engine = {m: t for m, t in GRAPH.items() if m.startswith("coopeval.engine")}

        assert [] == sorted(
            f"{m} → {t}" for m, ts in engine.items() for t in ts if t in ENGINE_MAY_NOT_IMPORT
        )


class TestChecker:
    """The checker itself, on a small package with a deliberate back-import."""

    @pytest.fixture
    def package(self, tmp_path: Path) -> Path:
        root = tmp_path / "pkg"
        (root / "low").mkdir(parents=True)
        (root / "high").mkdir()
        (root / "__init__.py").write_text("")
        (root / "low" / "__init__.py").write_text("")
        (root / "high" / "__init__.py").write_text("from pkg.low import base\n")
        (root / "low" / "base.py").write_text('"""A low module."""\n')
        return root

    def test_a_clean_package_passes(self, package: Path) -> None:
        """Imports going down only: no back-import, no cycle."""
        graph = imports(package, "pkg")
        layers = {"pkg": 9, "pkg.low": 0, "pkg.high": 1}

        assert [] == back_imports(graph, layers)
        assert [] == cycles(graph)

    def test_a_function_level_back_import_is_found(self, package: Path) -> None:
        """A back-import hidden inside a function is reported, and makes a cycle."""
        (package / "low" / "base.py").write_text(
            "def late():\n    from pkg.high import thing\n    return thing\n"
        )
        graph = imports(package, "pkg")
        layers = {"pkg": 9, "pkg.low": 0, "pkg.high": 1}

        assert ["pkg.low.base → pkg.high"] == back_imports(graph, layers)
        assert [["pkg.high", "pkg.low.base"]] == cycles(graph)

    def test_a_relative_back_import_is_found(self, package: Path) -> None:
        """``from ..high import x`` is resolved like an absolute import."""
        (package / "low" / "base.py").write_text("from ..high import thing\n")
        graph = imports(package, "pkg")

        assert ["pkg.low.base → pkg.high"] == back_imports(
            graph, {"pkg": 9, "pkg.low": 0, "pkg.high": 1}
        )
