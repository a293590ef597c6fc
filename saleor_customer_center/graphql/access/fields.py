"""Company fields of the access area (a mixin listed in Company's bases): users
management, the request queue and the audit log, for L80 and up (and staff)."""

from __future__ import annotations

from ...roles import Section
from ...services import audit, audit_sentences, members, requests
from ..companies.membership import company_membership
from ..core.pagination import paginate
from .types import AUDIT_LOG, ERP_CONTACTS, MEMBERS, REQUESTS, attach_budget_statuses


class CompanyAccessFields:
    members = MEMBERS
    erp_contacts = ERP_CONTACTS
    requests = REQUESTS
    audit_log = AUDIT_LOG

    @staticmethod
    def resolve_members(root, info, search=None, **page):
        company_membership(root, info, Section.USERS)
        connection = paginate(members.members_of(root, search), info, **page)
        attach_budget_statuses([edge.node for edge in connection.edges])
        return connection

    @staticmethod
    def resolve_erp_contacts(root, info, unlinked_only=False, search=None, **page):
        company_membership(root, info, Section.USERS)
        return paginate(members.contacts_of(root, unlinked_only, search), info, **page)

    @staticmethod
    def resolve_requests(root, info, **page):
        company_membership(root, info, Section.USERS)
        return paginate(requests.requests_of(root), info, **page)

    @staticmethod
    def resolve_audit_log(root, info, **page):
        company_membership(root, info, Section.USERS)
        connection = paginate(audit.entries_of(root), info, **page)
        # The first summary asked for writes the whole page's, names read once (types.py).
        audit_sentences.share_page([edge.node for edge in connection.edges])
        return connection
