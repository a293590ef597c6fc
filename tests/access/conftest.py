import saleor.celeryconf  # noqa: F401  (as Saleor's own package __init__ does: the celery app)
