"""Every test must be able to fail: each test function asserts, expects an exception
(pytest.raises, pytest.fail, pytest.warns), or calls a helper that does (directly or through other
helpers). A test that only runs code passes whatever the code does.

It parses the test files; it imports nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
EXPECTING = {"raises", "fail", "warns", "deprecated_call"}
# Library calls that fail the test themselves: schemathesis checks a response against the schema.
LIBRARY_CHECKS = {"call_and_validate"}


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


def _checks_directly(node: ast.AST) -> bool:
    if any(isinstance(child, ast.Assert) for child in ast.walk(node)):
        return True
    # pytest.raises/fail/warns, unittest's self.assertX, Django's assertContains, the
    # django_assert_num_queries fixtures: all fail the test themselves.
    return any(
        name in EXPECTING or name in LIBRARY_CHECKS or name.startswith(("assert", "django_assert"))
        for name in _called_names(node)
    )


def functions(paths) -> dict[str, list[ast.FunctionDef]]:
    """Every function and method in these files, by name (test helpers are looked up by name)."""
    found: dict[str, list] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.setdefault(node.name, []).append((path, node))
    return found


def asserting_helpers(found) -> set[str]:
    """Names of functions that check something, directly or by calling another that does."""
    checking = {name for name, defs in found.items() if any(_checks_directly(node) for _path, node in defs)}
    changed = True
    while changed:
        changed = False
        for name, defs in found.items():
            if name not in checking and any(_called_names(node) & checking for _path, node in defs):
                checking.add(name)
                changed = True
    return checking


def unchecked_tests(paths) -> list[str]:
    found = functions(paths)
    checking = asserting_helpers(found)
    return sorted(
        f"{path.relative_to(TESTS.parent) if path.is_relative_to(TESTS.parent) else path.name}::{name}"
        for name, defs in found.items()
        if name.startswith("test_")
        for path, node in defs
        if path.name.startswith("test_") and not (_checks_directly(node) or _called_names(node) & checking)
    )


def test_a_test_without_any_check_is_caught(tmp_path):
    # Positive control: the checker must flag a test that only runs code, and accept the other kinds.
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n"
        "def check(x):\n    assert x\n"
        "def via(x):\n    check(x)\n"
        "def test_runs_only():\n    sorted([2, 1])\n"
        "def test_asserts():\n    assert sorted([2, 1]) == [1, 2]\n"
        "def test_raises():\n    with pytest.raises(ValueError):\n        int('x')\n"
        "def test_helper():\n    via(1)\n"
    )
    assert unchecked_tests([tmp_path / "test_sample.py"]) == ["test_sample.py::test_runs_only"]


def test_every_test_can_fail():
    paths = [p for p in TESTS.rglob("*.py") if "perf" not in p.parts]
    assert len([p for p in paths if p.name.startswith("test_")]) > 50  # the walk found the suite
    assert unchecked_tests(paths) == []
