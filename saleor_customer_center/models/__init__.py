"""The plugin's own tables; it points at Saleor's User and Order and never alters them."""

from .audit import AuditEntry
from .billing import Invoice, OpenItem, Payment
from .budget import Budget, BudgetCharge, BudgetPeriodSpend
from .company import Company, ErpContact, Membership, UserPreference
from .erp import ErpPushReceipt, ErpRejectedRecord, ErpSyncRun
from .member_import import MemberImport
from .messaging import EmailLog
from .order import CompanyOrder, OrderLinkFailure
from .quote import Quotation, QuotationLine, Quote, QuoteLine, QuoteStatus
from .request import CompanyRequest, CompanyRequestEvent
from .security import ActionToken, ActivationAttempt, PageSession

__all__ = [
    "ActionToken",
    "ActivationAttempt",
    "AuditEntry",
    "Budget",
    "BudgetCharge",
    "BudgetPeriodSpend",
    "Company",
    "CompanyOrder",
    "CompanyRequest",
    "CompanyRequestEvent",
    "EmailLog",
    "ErpContact",
    "ErpPushReceipt",
    "ErpRejectedRecord",
    "ErpSyncRun",
    "Invoice",
    "MemberImport",
    "Membership",
    "OpenItem",
    "OrderLinkFailure",
    "PageSession",
    "Payment",
    "Quotation",
    "QuotationLine",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "UserPreference",
]
