"""Production settings: everything comes from the environment.

Refuses to start without SECRET_KEY; PostgreSQL via DATABASE_URL, Redis via REDIS_URL,
Elasticsearch 8 via ELASTICSEARCH_URL (optional), email via EMAIL_URL or EMAIL_HOST.
"""

import os
import sys

import dj_database_url

from .base import *  # noqa: F403
from .database import database_from_env

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    sys.exit("Configuration error: SECRET_KEY is not set. Production refuses to start without it.")
if len(SECRET_KEY) < 50:
    sys.exit("Configuration error: SECRET_KEY must be at least 50 characters long.")

DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    sys.exit("Configuration error: ALLOWED_HOSTS is not set (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

if not os.environ.get("DATABASE_URL"):
    sys.exit("Configuration error: DATABASE_URL is not set (postgres://user@host:5432/name).")
DATABASES = database_from_env(DATABASES)  # noqa: F405

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cop",
        }
    }

# Each gunicorn worker also keeps its hottest anonymous pages in memory for this long (seconds),
# so most cache hits need no Redis round trip; purges reach other workers within this time.
ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS", "2"))

# The API rate limits can be raised by operators (and the perf harness) without a release.
# (DRF's UserRateThrottle also counts anonymous requests, by address.)
_api_rates = {
    scope: os.environ[f"API_{scope.upper()}_RATE"]
    for scope in ("anon", "user")
    if os.environ.get(f"API_{scope.upper()}_RATE")
}
if _api_rates:
    REST_FRAMEWORK = {  # noqa: F405
        **REST_FRAMEWORK,  # noqa: F405
        "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **_api_rates},  # noqa: F405
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

if ELASTICSEARCH_URL:  # noqa: F405
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],  # noqa: F405
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "placeexchange") + "_wagtail",
            "TIMEOUT": 5,
        }
    }

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's compressed manifest storage that also hashes the modules our scripts import.
    "staticfiles": {"BACKEND": "cop.core.storage.HashedModulesStaticFilesStorage"},
}

if os.environ.get("EMAIL_URL"):
    _email = dj_database_url.parse(os.environ["EMAIL_URL"].replace("smtp", "postgres", 1))
    EMAIL_HOST = _email["HOST"]
    EMAIL_PORT = int(_email["PORT"] or 587)
    EMAIL_HOST_USER = _email["USER"]
    EMAIL_HOST_PASSWORD = _email["PASSWORD"]
    EMAIL_USE_TLS = True
else:
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

# HTTPS hardening (check --deploy clean). SECURE_SSL_REDIRECT can be turned off behind a
# proxy that already redirects, via SECURE_SSL_REDIRECT=false.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "true").lower() == "true"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
