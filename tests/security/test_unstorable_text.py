"""Text no column can store is refused before anything runs (issue 10; graphql/core/text.py).

A NUL character (PostgreSQL refuses it in text) or an unpaired surrogate (UTF-8 cannot
encode it) in any string of the variables or the document reached a service and failed
there with an internal error; ``test_malformed_arguments.py`` found the surrogate in
``companyActivate``'s password. Now either answers one GraphQL error, HTTP 400.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "variables", "where"),
    [
        ("query($v: String) { __type(name: $v) { name } }", {"v": "Qu\x00ery"}, "The variable $v"),
        ("query($v: String) { __type(name: $v) { name } }", {"v": "\ud800"}, "The variable $v"),
        (
            "mutation($i: CompanyActivateInput!) { companyActivate(input: $i) { token } }",
            {
                "i": {
                    "customerNumber": "C1",
                    "invoiceNumber": "I",
                    "email": "a@b.c",
                    "password": "x\x00",
                }
            },
            "The variable $i.password",
        ),
        ('{ __type(name: "Qu\\u0000ery") { name } }', {}, "A string of the query"),
        ('{ __type(name: "\\ud83d\\ude00") { name } }', {}, "A string of the query"),
    ],
    ids=[
        "nul_case",
        "surrogate_case",
        "nested_nul_case",
        "literal_nul_case",
        "literal_escaped_pair_case",
    ],
)
def test_text_no_column_can_store_is_refused_before_anything_runs(api, query, variables, where):
    response = api.post(query, variables, raw=True)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": f"{where} holds a NUL character or an unpaired surrogate, which no text may "
            "hold.",
            "extensions": {"code": "GRAPHQL_ERROR"},
        }
    ]
