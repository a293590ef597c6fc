"""TEST HOST stand-in for saleor/core/utils/metadata_manager.py (the two types the plugin uses)."""

from dataclasses import dataclass


@dataclass
class MetadataItem:
    key: str
    value: str


@dataclass
class MetadataItemCollection:
    items: list[MetadataItem]
