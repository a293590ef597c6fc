"""Settings of the test host project (see saleor/__init__.py: a stand-in, not Saleor)."""

import os
from datetime import timedelta
from importlib.metadata import entry_points
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEBUG = os.environ.get("DEBUG", "") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "test-host-secret-key-not-for-production")
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
LANGUAGE_CODE = "en"
USE_I18N = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
ROOT_URLCONF = "saleor.urls"
STATIC_URL = "/static/"
AUTH_USER_MODEL = "account.User"
DEFAULT_MAX_DIGITS = 12
DEFAULT_DECIMAL_PLACES = 3
DEFAULT_CURRENCY = "USD"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.com")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDATABASE", "customer_center"),
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5432"),
        "USER": os.environ.get("PGUSER", "postgres"),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
    }
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "saleor.account",
    "saleor.channel",
    "saleor.product",
    "saleor.checkout",
    "saleor.order",
    "saleor.plugins",
    "django_celery_beat",
]

# Saleor's only middleware: no sessions, no CSRF, no request.user from Django auth.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if os.environ.get("FAST_PASSWORD_HASHER") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

JWT_TTL_ACCESS = timedelta(seconds=int(os.environ.get("JWT_TTL_ACCESS", 300)))
JWT_TTL_REFRESH = timedelta(days=30)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "anymail.backends.test.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "outbox"))

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "1") == "1"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "loggers": {
        "saleor_customer_center": {"handlers": ["console"], "level": "WARNING"},
        # As in Saleor's settings: resolver errors are answered, not logged as tracebacks.
        "graphql.execution.utils": {"propagate": False, "handlers": ["null"]},
    },
}

BUILTIN_PLUGINS: list[str] = []
EXTERNAL_PLUGINS: list[str] = []
# Plugin discovery exactly as Saleor's settings.py does it: the entry point's name is
# the Django app, its value the plugin class.
for entry_point in entry_points(group="saleor.plugins"):
    EXTERNAL_PLUGINS.append(f"{entry_point.module}.{entry_point.attr}")
    if entry_point.name not in INSTALLED_APPS:
        INSTALLED_APPS.append(entry_point.name)
PLUGINS = BUILTIN_PLUGINS + EXTERNAL_PLUGINS

if os.environ.get("CUSTOMER_CENTER_DEMO") == "1":
    INSTALLED_APPS.append("demo")
