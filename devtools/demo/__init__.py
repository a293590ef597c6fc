"""The demo: the customer center inside a real Saleor shop (``bin/demo``).

A Django app beside Saleor's own: the start page with the demo logins, a small storefront
checkout page that completes checkouts through Saleor's ``checkoutComplete``, and the seed
of the demo data. Not part of the plugin's wheel.
"""
