"""Grid control: each list's columns, chosen and ordered by the user, saved per user.

Columns that carry money are offered only to roles that see prices, so a saved choice
can never bring a hidden column back.
"""

from __future__ import annotations

from ..columns import GRIDS, Column
from ..models import UserPreference

__all__ = ["GRIDS", "Column", "available", "columns_for", "save"]


def available(grid: str, sees_prices: bool) -> list[Column]:
    return [c for c in GRIDS[grid] if sees_prices or not c.money]


def columns_for(user, grid: str, sees_prices: bool) -> list[Column]:
    offered = {c.key: c for c in available(grid, sees_prices)}
    preference = UserPreference.objects.filter(user=user).only("grid_columns").first()
    saved = (preference.grid_columns or {}).get(grid) if preference else None
    if not saved:
        return list(offered.values())
    chosen = [offered[key] for key in saved if key in offered]
    return chosen or list(offered.values())


def save(user, grid: str, keys: list[str]) -> None:
    if grid not in GRIDS:
        return
    known = {c.key for c in GRIDS[grid]}
    keys = [key for key in dict.fromkeys(keys) if key in known]
    preference, _created = UserPreference.objects.get_or_create(user=user)
    preference.grid_columns = {**(preference.grid_columns or {}), grid: keys}
    preference.save(update_fields=["grid_columns", "updated_at"])
