"""One error-code enum for the whole API, as Saleor keeps one per domain."""

from enum import Enum


class CustomerCenterErrorCode(Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    REQUIRED = "required"
    UNIQUE = "unique"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    INVALID_CREDENTIALS = "invalid_credentials"
    ACTIVATION_REFUSED = "activation_refused"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    PASSWORD_TOO_WEAK = "password_too_weak"
    OWNER_PROTECTED = "owner_protected"
    INACTIVE = "inactive"
    COMPANY_BLOCKED = "company_blocked"
    OVER_BUDGET = "over_budget"
    NEW_ORDERS_DISABLED = "new_orders_disabled"
    CANNOT_CANCEL_ORDER = "cannot_cancel_order"
    UNKNOWN_SKU = "unknown_sku"
    INSUFFICIENT_STOCK = "insufficient_stock"
    INVALID_TOKEN = "invalid_token"
    ALREADY_DECIDED = "already_decided"
