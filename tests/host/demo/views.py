from django.shortcuts import render

from .data import ACTIVATION_EXAMPLES, DEMO_LOGINS, DEMO_PASSWORD


def start_page(request):
    return render(
        request,
        "demo/start.html",
        {
            "logins": DEMO_LOGINS,
            "password": DEMO_PASSWORD,
            "activation": ACTIVATION_EXAMPLES,
            "plugin_url": "/plugins/global/saleor.customer_center/",
        },
    )
