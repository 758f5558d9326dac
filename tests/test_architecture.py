"""The import graph of the project's own modules: no cycles, counting imports inside functions,
and no import_module (a dependency hidden in a string fails late and quietly).

Run on SQLite in well under a second: it parses files, it imports nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("benchmarks", "casestudies", "cop", "tests", "scripts")
# The perf harness picks seed scripts named on its command line, before Django is set up.
IMPORT_MODULE_ALLOWED = {"tests.perf.run_perf"}


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imported_names(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, base] if base else package)
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports anywhere in its body (functions included).
    `from package import name` counts as importing package.name when that is a module."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _imported_names(module, path, node):
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    edges.add(name)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path):
    # Positive control: the checker itself must see a cycle closed inside a function.
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from .a import x\n")
    (package / "c.py").write_text("import pkg.a\n")
    modules = {"pkg": package / "__init__.py", **{f"pkg.{n}": package / f"{n}.py" for n in "abc"}}
    assert cycles(import_graph(modules)) == [["pkg.a", "pkg.b"]]


def test_the_project_import_graph_has_no_cycles():
    graph = import_graph(project_modules())
    assert len(graph) > 200  # the walk really found the project
    assert cycles(graph) == []


def _loads_a_migration(node: ast.AST) -> bool:
    """import_module("app.migrations.0002_x"): a migration's name starts with a digit, so no import
    statement can name it (tests reuse migrations' data functions this way)."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return False
    return ".migrations." in str(node.args[0].value)


def test_no_import_module_outside_settings_loading():
    offenders = []
    for module, path in project_modules().items():
        if module in IMPORT_MODULE_ALLOWED:
            continue
        tree = ast.parse(path.read_text(), str(path))
        allowed = {id(call.func) for call in ast.walk(tree) if _loads_a_migration(call)}
        for node in ast.walk(tree):
            if id(node) in allowed:
                continue
            if isinstance(node, ast.alias) and node.name == "import_module":
                offenders.append(module)
            elif isinstance(node, (ast.Name, ast.Attribute)) and "import_module" in (
                getattr(node, "id", None),
                getattr(node, "attr", None),
            ):
                offenders.append(f"{module}:{node.lineno}")
    assert offenders == []


# Which of the project's Django apps may import which: every dependency between apps points one way
# (issue 12). This is the one list; an import between apps that is not here fails the test below.
# Lower layers that need something from a higher one get it by registration in the higher app's
# AppConfig.ready() (benchmarks.practice, cop.members.extensions, the sitesearch registry).
# Modules outside these apps (settings, urls, tests, scripts) wire them together and may import any.
APP_DEPENDENCIES = {
    "cop.core": set(),
    "benchmarks.groups": {"cop.core"},
    "benchmarks": {"cop.core", "benchmarks.groups"},
    "cop.sitesearch": {"cop.core", "benchmarks"},
    "cop.members": {"cop.core", "benchmarks", "cop.sitesearch"},
    "benchmarks.submissions": {"cop.core", "benchmarks", "cop.members"},
    "benchmarks.count": {"cop.core", "benchmarks", "benchmarks.groups", "benchmarks.submissions", "cop.members"},
    "casestudies": {"cop.core", "benchmarks", "benchmarks.count", "cop.members", "cop.sitesearch"},
    "cop.communities": {"cop.core", "casestudies", "cop.members", "cop.sitesearch"},
    "cop.discussions": {"cop.core", "benchmarks", "cop.communities", "cop.members", "cop.sitesearch"},
    "cop.library": {"cop.core", "benchmarks", "casestudies", "cop.communities", "cop.sitesearch"},
    "cop.updates": {"cop.core", "cop.sitesearch"},
    "cop.events": {"cop.core", "cop.communities", "cop.discussions", "cop.library", "cop.members", "cop.sitesearch"},
    "cop.home": {
        "cop.core",
        "benchmarks",
        "benchmarks.submissions",
        "casestudies",
        "cop.communities",
        "cop.discussions",
        "cop.events",
        "cop.library",
        "cop.members",
        "cop.updates",
    },
}


def app_of(module: str, apps) -> str | None:
    """The app a module belongs to (the longest app name that prefixes it), or None."""
    owners = [app for app in apps if module == app or module.startswith(app + ".")]
    return max(owners, key=len) if owners else None


def app_graph(graph: dict[str, set[str]], apps) -> dict[str, dict[str, list[str]]]:
    """app -> {other app: the module imports that make it depend on it}."""
    edges: dict[str, dict[str, list[str]]] = {app: {} for app in apps}
    for module, imported in graph.items():
        source = app_of(module, apps)
        for name in imported:
            target = app_of(name, apps)
            if source and target and target != source:
                edges[source].setdefault(target, []).append(f"{module} -> {name}")
    return edges


def two_way(edges: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    return sorted((a, b) for a in edges for b in edges[a] if a < b and a in edges.get(b, {}))


def test_app_checker_finds_a_two_way_dependency():
    # Positive control: a.x imports b.y and b.z imports a.w, each direction through a different module.
    graph = {"a.x": {"b.y"}, "b.y": set(), "b.z": {"a.w"}, "a.w": set(), "c.v": {"a.x"}}
    assert two_way(app_graph(graph, ["a", "b", "c"])) == [("a", "b")]


def test_the_allowed_app_dependencies_point_one_way():
    allowed = {app: set(deps) for app, deps in APP_DEPENDENCIES.items()}
    assert cycles(allowed) == []


def test_apps_import_each_other_only_in_the_allowed_direction():
    edges = app_graph(import_graph(project_modules()), APP_DEPENDENCIES)
    assert edges["cop.home"]  # the walk really found imports between apps
    unexpected = {
        f"{app} -> {other}": why[:3]
        for app, targets in edges.items()
        for other, why in targets.items()
        if other not in APP_DEPENDENCIES[app]
    }
    assert unexpected == {}
    assert two_way(edges) == []
