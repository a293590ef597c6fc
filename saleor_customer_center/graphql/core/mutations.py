from __future__ import annotations

from contextlib import nullcontext
from typing import Any, ClassVar

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from ...permissions import NotFound, PermissionDenied
from .errors import CustomerCenterError, errors_from_exception, report_refusal


class BaseMutation(graphene.Mutation):
    """Saleor's mutation shape: ``perform_mutation`` does the work through a service and
    any refusal becomes ``errors { field code message }`` with nothing written."""

    errors = graphene.List(graphene.NonNull(CustomerCenterError), required=True)
    # False for a mutation that commits as it goes (the ERP retry): no surrounding transaction.
    atomic: ClassVar[bool] = True
    # Required list fields of the answer: empty, not null, when the mutation is refused.
    lists: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @classmethod
    def perform_mutation(cls, root, info, **data) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            with transaction.atomic() if cls.atomic else nullcontext():
                result = cls.perform_mutation(root, info, **data)
        except (ValidationError, PermissionDenied, NotFound) as exc:
            report_refusal(info, exc)
            return cls(errors=errors_from_exception(exc), **dict.fromkeys(cls.lists, []))
        return cls(errors=[], **result)
