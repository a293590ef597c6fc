"""TEST HOST: warehouse functions the plugin calls (no models; stock lives on the variant)."""
