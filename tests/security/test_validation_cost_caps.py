"""Caps that keep graphql-core's own validation and parsing cheap for anyone, anonymous
callers included (limits.py says why: the pairwise comparison of merged fields grows with
the square of the selections; 500 anonymous ``myCompanies { role }`` took 2.6 s).
Each cap is checked at its edge: the limit itself passes, one more is refused."""

from __future__ import annotations

import pytest

from saleor_customer_center.graphql.core.limits import (
    MAX_QUERY_LENGTH,
    MAX_SAME_NAME,
    MAX_SELECTIONS,
)

pytestmark = pytest.mark.django_db


def _refusal(api, query: str, variables: dict | None = None) -> dict:
    response = api.post(query, variables, raw=True)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    return error


def _selections(count: int) -> str:
    """A document of ``count`` selections within every other limit (no name merged more
    than 10 times, no alias, depth 3): 1 + 4 x 31 + (count - 125) leaves."""
    leaves = "name " * 10 + "kind " * 10 + "description " * 10
    values = "name " * 10 + "description " * 10 + "isDeprecated " * 10
    sets = f"ofType {{ {leaves}}} interfaces {{ {leaves}}} possibleTypes {{ {leaves}}} "
    sets += f"enumValues {{ {values}}} "
    top = ("name " * 10 + "kind " * 10 + "description " * 10).split()[: count - 125]
    return '{ __type(name: "Query") { ' + sets + " ".join(top) + " } }"


def test_selections_up_to_the_cap_pass_one_more_is_refused(api):
    assert MAX_SELECTIONS == 150  # _selections() is laid out for it
    assert "errors" not in api.post(_selections(MAX_SELECTIONS))
    error = _refusal(api, _selections(MAX_SELECTIONS + 1))
    assert error["message"] == f"The query holds more than {MAX_SELECTIONS} selections."


@pytest.mark.parametrize(
    "spelling",
    ["fields_case", "fragment_case", "inline_fragment_case"],
)
def test_more_fields_merged_under_one_name_than_the_cap_are_refused(api, spelling):
    copies = MAX_SAME_NAME + 1
    query = {
        "fields_case": "{ " + "myCompanies { role } " * copies + "}",
        "fragment_case": "{ " + "...M " * copies + "} fragment M on Query { myCompanies { role } }",
        "inline_fragment_case": "{ " + "... { myCompanies { role } } " * copies + "}",
    }[spelling]
    error = _refusal(api, query)
    assert error == {
        "message": f'The query merges more than {MAX_SAME_NAME} fields named "myCompanies" '
        "in one selection.",
        "extensions": {"code": "QUERY_TOO_EXPENSIVE"},
    }


def test_a_document_longer_than_the_cap_is_refused_before_parsing(api):
    assert "errors" not in api.post("{ __typename }" + " " * (MAX_QUERY_LENGTH - 14))
    error = _refusal(api, "{ __typename }" + " " * (MAX_QUERY_LENGTH - 13))
    assert error["message"] == f"The query is longer than {MAX_QUERY_LENGTH} characters."
