"""Template tags of the plugin's pages, PDFs and emails: links and the formatting layer."""

from __future__ import annotations

from django import template

from .. import formatting, languages, links

register = template.Library()


@register.simple_tag
def url_of(name: str, *args) -> str:
    """Path of a customer-center page under the plugin endpoint."""
    return links.path(name, *args)


@register.filter
def money(amount, currency: str = "") -> str:
    return formatting.money(amount, currency)


@register.filter
def number(value, decimals=None) -> str:
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def day(value) -> str:
    return formatting.date(value)


@register.filter
def moment(value) -> str:
    return formatting.datetime(value)


@register.filter
def duration(value) -> str:
    return formatting.duration(value)


@register.filter
def order_status(value) -> str:
    return formatting.order_status(value)


@register.filter
def period(value) -> str:
    return formatting.period(value)


@register.filter
def percent(value) -> str:
    return formatting.percent(value)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, None when absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def spoken_languages() -> list[tuple[str, str]]:
    """(code, name) of every language of the header's switch (languages.py)."""
    return list(languages.LANGUAGES.items())


@register.filter
def month(value) -> str:
    return formatting.month(value)
