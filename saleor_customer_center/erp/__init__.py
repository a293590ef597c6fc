"""The ERP side: record formats (records.py), connectors (connectors/) and bulk writes (bulk.py).

The sync's rules (resume, rejects, locks, runs) live in ``services/erp_sync.py``.
"""
