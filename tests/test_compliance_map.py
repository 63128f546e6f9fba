"""docs/compliance.md names, for each rule of law, the function that enforces it and the test
that proves it; these tests fail when a name in the map no longer exists, so that the map
cannot drift from the code."""

import ast
import importlib
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "docs" / "compliance.md"
_ROW = re.compile(
    r"^\| (?P<rule>[^|]+) \| (?P<sentence>[^|]+) \| `(?P<function>[^`]+)` \| `(?P<test>[^`]+)` \|$"
)


def map_rows() -> list[dict[str, str]]:
    rows = [
        found.groupdict() for line in MAP.read_text().splitlines() if (found := _ROW.match(line))
    ]
    assert rows, "docs/compliance.md has no rows"
    return rows


ROWS = map_rows()


def _id(row: dict[str, str]) -> str:
    return f"{row['rule']}: {row['function']}"


@cache
def _defined_in(path: Path) -> frozenset[str]:
    """Every test in a module, as "name" or "Class::name", read without importing it."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.update(
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef)
            )
    return frozenset(names)


def test_the_map_cites_a_rule_of_law_on_every_row():
    for row in ROWS:
        assert re.match(r"(45 CFR 16[04]\.|42 CFR 2\.|ORS 192\.)", row["rule"]), row["rule"]


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_each_function_named_in_the_map_exists(row):
    module_name, _, attribute_path = row["function"].partition(":")
    found = importlib.import_module(module_name)
    for attribute in attribute_path.split("."):
        found = getattr(found, attribute)
    assert found is not None


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_each_test_named_in_the_map_exists(row):
    path, _, name = row["test"].partition("::")
    assert name in _defined_in(ROOT / path), f"{row['test']} is not a test"
