"""The quotes area's GraphQL documents, shared by its tests and the permission tables."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests import shop

ERRORS = "errors { field code message }"
QUOTE_FIELDS = """id number status poNumber wantedBy note channel requestedByEmail
  lines { sku productName quantity }
  quotations { version validUntil expired message discountPercent total { amount currency }
    lines { sku quantity listPrice { amount } unitPrice { amount currency } total { amount } } }
  currentQuotation { version } acceptedVersion checkoutToken orderId"""

QUOTES = (
    "query($company: ID!) { companyQuotes(companyId: $company, first: 50) { totalCount "
    "edges { node { " + QUOTE_FIELDS + " } } } }"
)
QUOTE = "query($id: ID!) { companyQuote(id: $id) { " + QUOTE_FIELDS + " } }"
REQUEST_CREATE = (
    "mutation($company: ID!, $input: CompanyQuoteRequestCreateInput!) { "
    "companyQuoteRequestCreate(companyId: $company, input: $input) { "
    + ERRORS
    + " quote { "
    + QUOTE_FIELDS
    + " } } }"
)
ACCEPT = (
    "mutation($id: ID!, $po: String) { companyQuoteAccept(id: $id, poNumber: $po) { "
    + ERRORS
    + " quote { id status acceptedVersion } checkout { id token } } }"
)
DECLINE = (
    'mutation($id: ID!) { companyQuoteDecline(id: $id, reason: "No") { '
    + ERRORS
    + " quote { id status } } }"
)
QUOTATION_SEND = (
    "mutation($id: ID!, $input: QuotationInput!) { quotationSend(quoteId: $id, input: $input) { "
    + ERRORS
    + " quote { id status quotations { version } } } }"
)
QUOTATION_REVISE = (
    "mutation($id: ID!, $input: QuotationInput!) { quotationRevise(quoteId: $id, input: $input)"
    " { " + ERRORS + " quote { id status quotations { version } } } }"
)
SETTINGS_UPDATE = (
    "mutation($company: ID!, $input: CompanySettingsInput!) { companySettingsUpdate("
    "companyId: $company, input: $input) { " + ERRORS + " company { id poNumberRequired } } }"
)


def later(days: int = 10) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def request_input(**extra) -> dict:
    return {
        "channel": shop.CHANNEL,
        "lines": [{"sku": "QTE-1", "quantity": 2}],
        "note": "Please quote",
        **extra,
    }


def quotation_input(**extra) -> dict:
    return {
        "validUntil": later(),
        "message": "Our best price",
        "prices": [{"sku": "QTE-1", "unitPrice": "7.50"}],
        **extra,
    }
