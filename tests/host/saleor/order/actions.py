from django.db import transaction

from . import OrderStatus
from .models import Order


def cancel_order(order: Order, user, app, manager, site_settings=None, webhook_event_map=None):
    """Saleor's cancel action, as far as the plugin sees it: status and the hook."""
    with transaction.atomic():
        order.status = OrderStatus.CANCELED
        order.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: manager.order_cancelled(order))
