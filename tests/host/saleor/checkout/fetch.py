from dataclasses import dataclass, field
from typing import Any

from .models import Checkout, CheckoutLine


@dataclass
class CheckoutLineInfo:
    line: CheckoutLine
    variant: Any


@dataclass
class CheckoutInfo:
    checkout: Checkout
    user: Any
    channel: Any
    billing_address: Any
    shipping_address: Any
    lines: list[CheckoutLineInfo] = field(default_factory=list)
    manager: Any = None


def fetch_checkout_info(checkout: Checkout, manager) -> CheckoutInfo:
    lines = [
        CheckoutLineInfo(line=line, variant=line.variant)
        for line in checkout.lines.select_related("variant")
    ]
    return CheckoutInfo(
        checkout=checkout,
        user=checkout.user,
        channel=checkout.channel,
        billing_address=checkout.billing_address,
        shipping_address=checkout.shipping_address,
        lines=lines,
        manager=manager,
    )
