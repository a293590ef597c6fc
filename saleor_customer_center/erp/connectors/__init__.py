"""Where ERP records come from: HTTP pull, signed push, files. See ``base.Connector``."""
