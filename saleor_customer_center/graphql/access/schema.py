"""Access area: activation, multi-company login, users management, requests."""

from __future__ import annotations

import graphene

from ...services import companies
from .mutations.company_activate import CompanyActivate
from .mutations.company_budget_set import CompanyBudgetSet
from .mutations.company_member_activate import CompanyMemberActivate
from .mutations.company_member_add_from_contact import CompanyMemberAddFromContact
from .mutations.company_member_create import CompanyMemberCreate
from .mutations.company_member_deactivate import CompanyMemberDeactivate
from .mutations.company_member_import import CompanyMemberImport
from .mutations.company_member_update import CompanyMemberUpdate
from .mutations.company_ownership_transfer import CompanyOwnershipTransfer
from .mutations.company_request_approve import CompanyRequestApprove
from .mutations.company_request_create import CompanyRequestCreate
from .mutations.company_request_reject import CompanyRequestReject
from .mutations.company_settings_update import CompanySettingsUpdate
from .mutations.company_switch import CompanySwitch
from .mutations.set_password_with_token import SetPasswordWithToken
from .types import MyCompany


class AccessQueries:
    my_companies = graphene.List(
        graphene.NonNull(MyCompany),
        required=True,
        description="The caller's active memberships; one is current (asked once, remembered).",
    )

    @staticmethod
    def resolve_my_companies(root, info):
        memberships = companies.my_memberships(info.context.user)
        current = companies.current_membership(info.context.user, memberships)
        for membership in memberships:
            info.context.remember(membership)
        return [
            MyCompany(
                company=membership.company,
                role=membership.role,
                is_current=current is not None and membership.pk == current.pk,
            )
            for membership in memberships
        ]


class AccessMutations:
    company_activate = CompanyActivate.Field()
    set_password_with_token = SetPasswordWithToken.Field()
    company_switch = CompanySwitch.Field()
    company_member_create = CompanyMemberCreate.Field()
    company_member_add_from_contact = CompanyMemberAddFromContact.Field()
    company_member_update = CompanyMemberUpdate.Field()
    company_member_deactivate = CompanyMemberDeactivate.Field()
    company_member_activate = CompanyMemberActivate.Field()
    company_member_import = CompanyMemberImport.Field()
    company_budget_set = CompanyBudgetSet.Field()
    company_ownership_transfer = CompanyOwnershipTransfer.Field()
    company_request_create = CompanyRequestCreate.Field()
    company_request_approve = CompanyRequestApprove.Field()
    company_request_reject = CompanyRequestReject.Field()
    company_settings_update = CompanySettingsUpdate.Field()
