"""The access area's GraphQL documents, shared by its tests."""

from graphql_relay import to_global_id

ACTIVATE = """mutation($input: CompanyActivateInput!) { companyActivate(input: $input) {
  errors { field code message }
  user { id email } company { id customerNumber } token refreshToken csrfToken businessUser } }"""

MY_COMPANIES = """{ myCompanies { company { id name } role isCurrent } }"""

SWITCH = """mutation($id: ID!) { companySwitch(companyId: $id) {
  errors { field code message } company { id } } }"""

MEMBER_FIELDS = """id email firstName lastName salutation role isActive
  budget { amount currency period spent remaining }"""

MEMBERS = (
    """query($id: ID!) { company(id: $id) { members(first: 100) { totalCount edges { node { """
    + MEMBER_FIELDS
    + """ } } } erpContacts(first: 100) { totalCount edges { node { id contactNumber email
  firstName lastName isMainContact member { id } } } } } }"""
)

ERP_CONTACTS_UNLINKED = """query($id: ID!) { company(id: $id) {
  erpContacts(unlinkedOnly: true, first: 100) { edges { node { id contactNumber } } } } }"""

REQUESTS = """query($id: ID!) { company(id: $id) { requests(first: 20) {
  totalCount edges { node { id kind status createdAt } } } } }"""

AUDIT_LOG = """query($id: ID!) { company(id: $id) { auditLog(first: 50) {
  totalCount edges { node { action actorEmail targetType before after createdAt } } } } }"""

MEMBER_CREATE = (
    """mutation($company: ID!, $input: CompanyMemberInput!) {
  companyMemberCreate(companyId: $company, input: $input) {
  errors { field code message } request { id kind status } member { """
    + MEMBER_FIELDS
    + " } } }"
)

ADD_FROM_CONTACT = (
    """mutation($company: ID!, $contact: ID!, $input: CompanyMemberAddFromContactInput!) {
  companyMemberAddFromContact(companyId: $company, contactId: $contact, input: $input) {
  errors { field code message } member { """
    + MEMBER_FIELDS
    + " } } }"
)

MEMBER_UPDATE = (
    """mutation($id: ID!, $input: CompanyMemberInput!) {
  companyMemberUpdate(id: $id, input: $input) { errors { field code message } member { """
    + MEMBER_FIELDS
    + " } } }"
)

DEACTIVATE = """mutation($id: ID!) { companyMemberDeactivate(id: $id) {
  errors { field code message } member { id isActive } } }"""

ACTIVATE_MEMBER = """mutation($id: ID!) { companyMemberActivate(id: $id) {
  errors { field code message } member { id isActive } } }"""

BUDGET_SET = """mutation($id: ID!, $input: CompanyBudgetInput!) {
  companyBudgetSet(memberId: $id, input: $input) { errors { field code message }
  member { id budget { amount currency period spent remaining } } } }"""

TRANSFER = """mutation($company: ID!, $member: ID!) {
  companyOwnershipTransfer(companyId: $company, memberId: $member) {
  errors { field code message } member { id role } } }"""

REQUEST_CREATE = """mutation($company: ID!, $input: CompanyRequestCreateInput!) {
  companyRequestCreate(companyId: $company, input: $input) {
  errors { field code message } request { id kind status } } }"""

REQUEST_APPROVE = """mutation($id: ID!) { companyRequestApprove(id: $id) {
  errors { field code message } request { id status } } }"""

REQUEST_REJECT = """mutation($id: ID!, $reason: String!) {
  companyRequestReject(id: $id, reason: $reason) {
  errors { field code message } request { id status } } }"""

SET_PASSWORD = """mutation($token: String!, $email: String!, $password: String!) {
  setPasswordWithToken(token: $token, email: $email, password: $password) {
  errors { field code message } ok } }"""


def company_id(company) -> str:
    return to_global_id("Company", company.pk)


def member_id(membership) -> str:
    return to_global_id("CompanyMember", membership.pk)


def contact_id(contact) -> str:
    return to_global_id("ErpContact", contact.pk)


def request_id(request) -> str:
    return to_global_id("CompanyRequest", request.pk)


def person(email: str = "new.person@example.com", role: str = "L20_ORDERS", **extra) -> dict:
    return {
        "salutation": "Ms",
        "firstName": "Nora",
        "lastName": "New",
        "email": email,
        "role": role,
        **extra,
    }
