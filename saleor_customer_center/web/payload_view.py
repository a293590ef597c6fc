"""A rejected ERP record's payload as the console shows it: pretty-printed JSON, one line
per key, the key the reason names marked (issue 17 item 3)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PayloadLine:
    text: str
    at_fault: bool


def field_at_fault(payload: dict, reason: str) -> str | None:
    """The top-level key a reason names: ``"grossAmount: not a decimal"`` names
    ``grossAmount`` (erp/records.py writes field errors as ``key: message``); otherwise a
    key the reason mentions as a word; otherwise none."""
    head = reason.split(":", 1)[0].strip()
    if head in payload:
        return head
    for key in payload:
        if re.search(rf"\b{re.escape(str(key))}\b", reason):
            return str(key)
    return None


def payload_lines(raw: str, reason: str) -> tuple[list[PayloadLine], str | None]:
    """(lines, the field at fault); a payload that is not a JSON object is one plain line."""
    try:
        payload = json.loads(raw)
    except ValueError:
        return [PayloadLine(raw, False)], None
    if not isinstance(payload, dict):
        return [PayloadLine(json.dumps(payload, indent=2, ensure_ascii=False), False)], None
    fault = field_at_fault(payload, reason)
    lines = [PayloadLine("{", False)]
    keys = list(payload)
    for index, key in enumerate(keys):
        value = json.dumps(payload[key], indent=2, ensure_ascii=False).replace("\n", "\n  ")
        comma = "," if index < len(keys) - 1 else ""
        lines.append(
            PayloadLine(f"  {json.dumps(key, ensure_ascii=False)}: {value}{comma}", key == fault)
        )
    lines.append(PayloadLine("}", False))
    return lines, fault
