from django.db import models

# Saleor's DEFAULT_MAX_DIGITS / DEFAULT_DECIMAL_PLACES.
MAX_DIGITS = 12
DECIMAL_PLACES = 3


def money_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, **kwargs)


def currency_field(**kwargs) -> models.CharField:
    return models.CharField(max_length=3, **kwargs)
