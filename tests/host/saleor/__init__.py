"""TEST HOST, NOT SALEOR.

A deliberately small stand-in for the parts of Saleor 3.24 that saleor-customer-center
touches, written from ``shared/saleor-facts.md``: the same module paths, app labels,
model and field names, order statuses, plugin-manager call shapes and JWT functions.
It exists so that the plugin's own test suite and demo can run without Saleor (which is
not on the package index); it is never part of the wheel.  Real Saleor behaviour that
the plugin does not rely on is simply absent.
"""

from .celeryconf import app as celery_app  # noqa: E402  (as Saleor's own package does)

__all__ = ["celery_app"]
