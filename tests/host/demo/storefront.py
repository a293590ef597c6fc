"""DEMO ONLY, part of the test host: a stand-in for the shop's storefront checkout.

In a real shop the storefront completes the checkout with Saleor's ``checkoutComplete``;
here one page shows the checkout and completes it through the test host's
``complete_checkout``, which calls the plugin's ``preprocess_order_creation`` exactly as
Saleor does, so the demo shows a budget refusing an order.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from saleor.checkout.complete_checkout import complete_checkout
from saleor.checkout.models import Checkout
from saleor.plugins.manager import get_plugins_manager


def checkout_page(request):
    token = request.GET.get("checkout") or request.POST.get("checkout") or ""
    checkout = (
        Checkout.objects.filter(token=token).select_related("user").first() if token else None
    )
    context = {"checkout": checkout, "token": token}
    if checkout is not None:
        context["lines"] = list(checkout.lines.select_related("variant__product"))
    if request.method == "POST" and checkout is not None:
        try:
            context["order"] = complete_checkout(get_plugins_manager(), checkout)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    return render(request, "demo/checkout.html", context)


def set_password_page(request):
    """The storefront's "set your password" page: emailed links (storefront_url) land here;
    the demo hands them to the plugin's own page, query string and all."""
    from django.http import HttpResponseRedirect

    query = request.META.get("QUERY_STRING", "")
    target = "/plugins/global/saleor.customer_center/set-password/"
    return HttpResponseRedirect(f"{target}?{query}" if query else target)
