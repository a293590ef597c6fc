"""TEST HOST stand-in for saleor/graphql/checkout/mutations/utils.py: ``CheckoutLineData``."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class CheckoutLineData:
    variant_id: str | None = None
    line_id: str | None = None
    quantity: int = 0
    quantity_to_update: bool = False
    custom_price: Decimal | None = None
    custom_price_to_update: bool = False
    custom_price_reason: str | None = None
    custom_price_reason_to_update: bool = False
    metadata_list: list = field(default_factory=list)
