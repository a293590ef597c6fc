"""The README's GraphQL examples are valid against the schema the plugin serves."""

import re
from pathlib import Path

import pytest
from graphql import parse, validate
from graphql.language import ast

from saleor_customer_center.graphql.schema import schema

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.S)


def test_the_readme_has_graphql_examples():
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example_{i}" for i in range(len(EXAMPLES))])
def test_readme_example_is_valid_against_the_schema(example):
    """A block may show several operations one after the other: each is checked alone."""
    document = parse(example)
    fragments = [d for d in document.definitions if isinstance(d, ast.FragmentDefinition)]
    operations = [d for d in document.definitions if isinstance(d, ast.OperationDefinition)]
    assert operations
    for operation in operations:
        errors = validate(schema, ast.Document(definitions=[operation, *fragments]))
        assert [error.message for error in errors] == []


def test_every_installer_setting_and_dashboard_field_is_documented():
    from saleor_customer_center.conf import DEFAULTS
    from saleor_customer_center.plugin import CustomerCenterPlugin

    text = README.read_text()
    names = [*DEFAULTS, *CustomerCenterPlugin.CONFIG_STRUCTURE]
    assert [name for name in names if f"`{name}`" not in text] == []
