"""The company's request queue and audit log cost the same whatever their length."""

import pytest
from graphql_relay import to_global_id

from saleor_customer_center.models import AuditEntry, CompanyRequest
from saleor_customer_center.roles import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

LISTS = """query($id: ID!) { company(id: $id) {
  requests(first: 100) { totalCount edges { node { id kind status createdAt payload } } }
  auditLog(first: 100) { totalCount edges { node { id action actorEmail before after } } }
} }"""


@pytest.mark.parametrize("rows", [2, 20])
def test_requests_and_audit_log_query_count_is_constant(api, django_assert_num_queries, rows):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    for index in range(rows):
        CompanyRequest.objects.create(
            company=admin.company,
            kind="other",
            requested_by=admin.user,
            payload={"message": str(index)},
        )
        AuditEntry.objects.create(
            company=admin.company,
            actor=admin.user,
            actor_email=admin.user.email,
            action="member_updated",
        )
    admin_api = api.as_user(admin.user)
    admin_api.post("{ __typename }")  # Saleor caches its Site per process
    # user, membership, plugin configuration, 2 x (count + page)
    with django_assert_num_queries(7):
        body = admin_api.post(LISTS, {"id": to_global_id("Company", admin.company.pk)})
    company = body["data"]["company"]
    assert company["requests"]["totalCount"] == rows
    assert company["auditLog"]["totalCount"] == rows
