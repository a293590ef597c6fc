"""TEST HOST stand-in for saleor/warehouse/availability.py: ``get_available_quantity``.

Saleor sums the channel's warehouse stocks minus allocations (and reservations); the host
keeps one ``Stock`` row per variant.
"""


def get_available_quantity(
    variant,
    country_code: str,
    channel_slug: str,
    *,
    calculate_stocks_with_shipping_zones: bool,
    checkout_lines=None,
    check_reservations: bool = False,
) -> int:
    stock = getattr(variant, "stock", None)
    if stock is None:
        return 0
    return max(stock.quantity - stock.quantity_allocated, 0)
