"""The plugin's own template engine: pages, PDFs and emails render alike in every shop.

Saleor's ``TEMPLATES`` have no ``request`` context processor and, with ``DEBUG`` on, print
``<< MISSING VARIABLE "..." >>`` for every absent variable (saleor/settings.py). A plugin
may not edit the shop's settings (docs/architecture.md), so it renders with an engine of
its own: the shop's template folders first, so a shop overrides any of the plugin's
templates by putting a file at the same path in its own templates folder, then the
package's ``templates/``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.template import Engine
from django.template.backends.django import get_installed_libraries

from . import branding

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def engine() -> Engine:
    shop_dirs = [d for backend in settings.TEMPLATES for d in backend.get("DIRS", [])]
    return Engine(
        dirs=[*shop_dirs, str(PACKAGE_TEMPLATES)],
        context_processors=[
            "django.template.context_processors.request",
            "django.template.context_processors.i18n",
        ],
        libraries=get_installed_libraries(),
        debug=False,
        autoescape=True,
    )


def render_to_string(name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
    template = engine().get_template(name)
    context = {"brand": branding.current(), **context}  # the shop's brand (branding.py)
    from django.template import Context, RequestContext

    if request is not None:
        # The view's values above the context processors' (as Django's own backend does):
        # the builtin csrf processor must not replace the pages' own token (web/csrf.py).
        request_context = RequestContext(request)
        request_context.push(context)
        return template.render(request_context)
    return template.render(Context(context, autoescape=True))


def render(
    request: HttpRequest, name: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return HttpResponse(render_to_string(name, context, request), status=status)


def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "TEMPLATES":
        engine.cache_clear()


setting_changed.connect(_reset, dispatch_uid="customer_center_templating_reset")
