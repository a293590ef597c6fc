#!/usr/bin/env python
"""manage.py of the test host project (a stand-in for Saleor, see saleor/__init__.py)."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent.parent)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
