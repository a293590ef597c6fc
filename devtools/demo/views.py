"""The demo's pages: the start page, and a storefront checkout that talks to Saleor's API.

In a shop, the storefront completes the checkout that quick order hands it with Saleor's
``checkoutComplete``. The demo storefront does the same over HTTP against this server's own
``/graphql/``, as an installed app allowed to act for the checkout's buyer (Saleor's
``IMPERSONATE_USER``): so the budget refusal a visitor reads is Saleor's own answer.
"""

from __future__ import annotations

import os
from typing import Any

import requests
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from graphql_relay import to_global_id

from .data import ACTIVATION_EXAMPLES, DEMO_LOGINS, DEMO_PASSWORD, STAFF_LOGIN

PLUGIN_URL = "/plugins/global/saleor.customer_center/"

CHECKOUT_QUERY = """
query($id: ID!) { checkout(id: $id) {
  id email metafield(key: "customer_center.po_number")
  lines { quantity variant { sku product { name } }
          totalPrice { gross { amount currency } } }
  shippingMethods { id name price { amount currency } }
  deliveryMethod { ... on ShippingMethod { id name } }
  shippingPrice { gross { amount currency } }
  totalPrice { gross { amount currency } }
} }"""
DELIVERY = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    errors { field code message } } }"""
# The buyer's purchase-order number: the plugin reads it from the checkout's metadata
# (README, "Quotes, purchase-order numbers and rights beside the role").
PO_NUMBER_KEY = "customer_center.po_number"
SET_PO_NUMBER = """
mutation($id: ID!, $input: [MetadataInput!]!) { updateMetadata(id: $id, input: $input) {
  errors { field code message } } }"""
COMPLETE = """
mutation($id: ID!) { checkoutComplete(id: $id) {
  order { id number status total { gross { amount currency } } }
  errors { field code message } } }"""


def start_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "demo/start.html",
        {
            "logins": DEMO_LOGINS,
            "staff": STAFF_LOGIN,
            "password": DEMO_PASSWORD,
            "activation": ACTIVATION_EXAMPLES,
            "plugin_url": PLUGIN_URL,
            "api_url": request.build_absolute_uri("/graphql/"),
            "outbox": os.environ.get("DEMO_OUTBOX", ".demo/outbox"),
        },
    )


def _saleor(request: HttpRequest, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """One call of Saleor's GraphQL API, over HTTP, as the demo storefront app."""
    response = requests.post(
        request.build_absolute_uri("/graphql/"),
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {os.environ.get('DEMO_STOREFRONT_APP_TOKEN', '')}"},
        timeout=60,
    )
    body = response.json()
    if body.get("errors"):
        raise RuntimeError("; ".join(error["message"] for error in body["errors"]))
    return body["data"]


def checkout_page(request: HttpRequest) -> HttpResponse:
    token = (request.POST.get("checkout") or request.GET.get("checkout") or "").strip()
    context: dict[str, Any] = {"token": token, "plugin_url": PLUGIN_URL}
    if not token:
        return render(request, "demo/checkout.html", context, status=400)
    checkout_id = to_global_id("Checkout", token)
    try:
        checkout = _saleor(request, CHECKOUT_QUERY, {"id": checkout_id})["checkout"]
        if checkout and not checkout["deliveryMethod"] and checkout["shippingMethods"]:
            method = checkout["shippingMethods"][0]["id"]
            _saleor(request, DELIVERY, {"id": checkout_id, "method": method})
            checkout = _saleor(request, CHECKOUT_QUERY, {"id": checkout_id})["checkout"]
        context["checkout"] = checkout
        if request.method == "POST" and checkout is not None:
            po_number = request.POST.get("po_number", "").strip()
            if po_number:
                entry = [{"key": PO_NUMBER_KEY, "value": po_number}]
                _saleor(request, SET_PO_NUMBER, {"id": checkout_id, "input": entry})
                checkout["metafield"] = po_number
            answer = _saleor(request, COMPLETE, {"id": checkout_id})["checkoutComplete"]
            context["order"] = answer["order"]
            context["errors"] = answer["errors"]
    except (requests.RequestException, RuntimeError, ValueError) as exc:
        context["failure"] = str(exc)
    status = 404 if context.get("checkout") is None and not context.get("order") else 200
    return render(request, "demo/checkout.html", context, status=status)


def set_password_page(request: HttpRequest) -> HttpResponse:
    """The storefront's "set your password" page: emailed links land here; the demo hands
    them to the plugin's own page, query string and all."""
    query = request.META.get("QUERY_STRING", "")
    target = PLUGIN_URL + "set-password/"
    return HttpResponseRedirect(f"{target}?{query}" if query else target)
