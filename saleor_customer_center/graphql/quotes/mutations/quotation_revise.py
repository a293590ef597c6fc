from __future__ import annotations

from .quotation_send import QuotationSend


class QuotationRevise(QuotationSend):
    """Staff: a new version of a quotation already sent (refused when none was)."""

    revision = True

    class Meta:
        description = "Revise a sent quotation: a new version; every version is kept."
