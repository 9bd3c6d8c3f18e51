"""Imports between packages run one way (docs/architecture.md, "Packages and their layers").

Every module outside tests and migrations is parsed, and every import counts, including those
inside functions: an import moved into a function still ties the two packages together. Each
import runs down the rows the document draws, and the document's graph is the code's: a new
edge is drawn there (the failure prints the graph to paste) or it is not made.
"""

import ast
import itertools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
TOP_PACKAGES = ("config", "cms", "accounts")


def package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] in TOP_PACKAGES:
        return parts[0]
    if parts[0] == "consult" and len(parts) > 1:
        return f"consult.{parts[1]}"
    return None


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0].startswith(".") or {"tests", "migrations"} & set(relative.parts):
            continue
        parts = list(relative.with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        if parts and package_of(".".join(parts)):
            yield path, parts, is_package


def imported_names(tree: ast.AST, parts: list[str], is_package: bool):
    """Every module name an import statement anywhere in `tree` may reach."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module
            yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def package_edges() -> dict[tuple[str, str], list[str]]:
    """(importing package, imported package) -> where, for every import between packages."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path, parts, is_package in project_modules():
        source = package_of(".".join(parts))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in imported_names(tree, parts, is_package):
            target = package_of(name)
            if target and target != source:
                where = f"{path.relative_to(ROOT)}:{line}"
                places = edges.setdefault((source, target), [])
                if where not in places:
                    places.append(where)
    return edges


def find_cycle(edges) -> list[str] | None:
    """One cycle in the graph, as the list of its packages, or None."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for target in sorted(graph.get(node, ())):
            cycle = visit(target, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node, [])
        if cycle:
            return cycle
    return None


def short(package: str) -> str:
    return package.removeprefix("consult.")


def documented_section() -> str:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    start = text.index("## Packages and their layers")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def documented_rows() -> list[set[str]]:
    """The rows of the document's layers block, top first: the leading names of each line."""
    block = documented_section().split("```\n", 2)[1]
    packages = {
        short(package)
        for _path, parts, _p in project_modules()
        for package in [package_of(".".join(parts))]
    }
    rows = []
    for line in block.splitlines():
        names = set(itertools.takewhile(lambda word: word in packages, line.split()))
        if names:
            rows.append(names)
    return rows


def documented_edges() -> set[tuple[str, str]]:
    """The arrows of the document's mermaid graph."""
    block = documented_section().split("```mermaid\n", 1)[1].split("```", 1)[0]
    return {
        (match[1], match[2])
        for match in re.finditer(r"^\s*([\w]+) --> ([\w]+)\s*$", block, re.MULTILINE)
    }


def mermaid(edges) -> str:
    lines = ["```mermaid", "flowchart TD"]
    for source, target in sorted(edges):
        lines.append(f"  {short(source)} --> {short(target)}")
    return "\n".join([*lines, "```"])


def test_the_parser_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from ..discussion import models\n")
    names = {name for _line, name in imported_names(tree, ["consult", "moderation", "x"], False)}
    assert "consult.discussion.models" in names


def test_the_cycle_finder_sees_a_cycle_through_three_packages():
    edges = {("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): []}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({("a", "b"): [], ("b", "c"): []}) is None


def test_no_import_cycle_between_packages():
    edges = package_edges()
    cycle = find_cycle(edges)
    if cycle:
        steps = [
            f"{source} -> {target}: {', '.join(edges[source, target][:3])}"
            for source, target in itertools.pairwise(cycle)
        ]
        raise AssertionError("import cycle between packages:\n" + "\n".join(steps))


def test_every_import_runs_down_the_documented_rows():
    """A package imports only packages on rows below its own: an edge on its row or upward is
    the first half of a cycle, refused before the second half is written."""
    rows = documented_rows()
    row_of = {name: index for index, names in enumerate(rows) for name in names}
    edges = package_edges()
    unplaced = sorted({short(package) for edge in edges for package in edge} - set(row_of))
    assert not unplaced, f"place these packages on a row of docs/architecture.md: {unplaced}"
    wrong = [
        f"{source} -> {target}: {', '.join(places[:3])}"
        for (source, target), places in sorted(edges.items())
        if row_of[short(source)] >= row_of[short(target)]
    ]
    assert not wrong, "imports that do not run down the rows:\n" + "\n".join(wrong)


def test_the_documented_graph_is_the_code_graph():
    edges = package_edges()
    drawn = {(short(source), short(target)) for source, target in edges}
    assert documented_edges() == drawn, (
        "docs/architecture.md's package graph differs from the imports; draw this one:\n"
        + mermaid(edges)
    )


def test_a_new_import_back_up_would_close_a_cycle():
    """The consultation page once imported the discussion's cache: that import, made again,
    is a cycle the test above refuses."""
    edges = {**package_edges(), ("consult.consultations", "consult.discussion"): []}
    assert find_cycle(edges)
