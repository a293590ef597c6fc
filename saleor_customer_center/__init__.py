"""saleor-customer-center: a B2B customer center for Saleor 3.x, installed as a plugin."""

__version__ = "0.1.0"
