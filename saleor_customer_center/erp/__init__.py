"""The ERP sync, one part: record formats (records.py), connectors (connectors/, handing
over source.py's records and lines), parsing a batch (parsing.py) in a worker process
(worker.py) fed by a reader thread (pipeline.py), bulk writes (bulk.py) on one connection
or two (second_writer.py), the sync itself (sync.py: runs, batches, resume, locks),
rejected records (rejects.py), pushes (pushes.py), effects on Saleor users (effects.py)
and the operator's view (health.py).

It never imports ``services/`` and ``services/`` never imports it (issue 13 item 6); it
reaches Saleor only through the adapter, ``saleor.py``.
"""
