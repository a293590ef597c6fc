"""Activity: the company's audit log in sentences, for its administrators (L80 and up)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ..roles import Section
from ..services import activity as activity_service
from ..services import audit_sentences
from .pages import PageContext, customer_page, render


@customer_page(Section.USERS)
def activity_page(request: HttpRequest, page: PageContext) -> HttpResponse:
    filters, errors = activity_service.as_filters(request.GET)
    shown = activity_service.activity(page.member, filters, cursor=request.GET.get("after", ""))
    return render(
        page,
        "activity.html",
        {
            "active": "activity",
            "entries": shown.entries,
            "next_cursor": shown.next_cursor,
            "is_first": shown.is_first,
            "people": activity_service.people(page.company),
            "kinds": [(key, label) for key, (label, _) in audit_sentences.KINDS.items()],
            "filters": filters,
            "invalid": errors,
        },
        status=400 if errors else 200,
    )
