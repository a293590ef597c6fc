from decimal import Decimal

from django import template
from django.utils.formats import number_format

from .. import links

register = template.Library()


@register.simple_tag
def url_of(name: str, *args) -> str:
    """Path of a customer-center page under the plugin endpoint."""
    return links.path(name, *args)


@register.filter
def money(amount, currency: str = "") -> str:
    if amount is None:
        return ""
    value = number_format(Decimal(amount).quantize(Decimal("0.01")), decimal_pos=2)
    return f"{value} {currency}".strip()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, None when absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None
