from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from ...permissions import NotFound, PermissionDenied
from .errors import CustomerCenterError, errors_from_exception, report_refusal


class BaseMutation(graphene.Mutation):
    """Saleor's mutation shape: ``perform_mutation`` does the work through a service and
    any refusal becomes ``errors { field code message }`` with nothing written."""

    errors = graphene.List(graphene.NonNull(CustomerCenterError), required=True)

    class Meta:
        abstract = True

    @classmethod
    def perform_mutation(cls, root, info, **data) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            with transaction.atomic():
                result = cls.perform_mutation(root, info, **data)
        except (ValidationError, PermissionDenied, NotFound) as exc:
            report_refusal(info, exc)
            return cls(errors=errors_from_exception(exc))
        return cls(errors=[], **result)
