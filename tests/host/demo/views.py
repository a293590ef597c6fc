from django.shortcuts import render

from .data import DEMO_LOGINS, DEMO_PASSWORD


def start_page(request):
    return render(
        request,
        "demo/start.html",
        {
            "logins": DEMO_LOGINS,
            "password": DEMO_PASSWORD,
            "plugin_url": "/plugins/global/saleor.customer_center/",
        },
    )
