"""Settings of the demo: Saleor's own settings module, plus the demo's pages.

Everything Saleor needs comes from the environment, as in a shop (``devtools/demo/run.py``
sets it). The plugin is not named here: Saleor finds it through its entry point.
"""

from saleor.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "devtools.demo"]  # noqa: F405
ROOT_URLCONF = "devtools.demo.urls"
