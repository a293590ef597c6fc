"""mypy with django-stubs over saleor_customer_center/ (``bin/typecheck``; ``bin/test`` runs it).

The django-stubs plugin imports Saleor's settings module, which wants the environment a shop
gives Saleor; this sets the same defaults as the tests (devtools/saleor_env.py) without a
database, then runs mypy with the configuration in pyproject.toml.
"""

from __future__ import annotations

import os
import sys

from mypy import api

from devtools.keys import rsa_private_key

ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "saleor.settings",
    "DATABASE_URL": "postgres://typecheck@localhost:5432/typecheck",
    "SECRET_KEY": "customer-center-typecheck-not-secret",
    "DEBUG": "False",
    "ALLOWED_HOSTS": "localhost",
    "ALLOWED_CLIENT_HOSTS": "localhost",
    "SEND_USAGE_TELEMETRY": "False",
}


def main(args: list[str]) -> int:
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("RSA_PRIVATE_KEY", rsa_private_key())
    out, err, status = api.run(args)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
