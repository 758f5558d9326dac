"""Production settings: everything comes from the environment.

Refuses to start without SECRET_KEY; PostgreSQL via DATABASE_URL, Redis via REDIS_URL,
Elasticsearch 8 via ELASTICSEARCH_URL (optional), email via EMAIL_URL. Every variable is read
through cop/settings/env.py and listed in the README.
"""

import sys

from .base import *  # noqa: F403
from .database import database_from_env
from .env import env, env_bool, env_float, env_int, env_list

if not SECRET_KEY:
    sys.exit("Configuration error: SECRET_KEY is not set. Production refuses to start without it.")
if len(SECRET_KEY) < 50:
    sys.exit("Configuration error: SECRET_KEY must be at least 50 characters long.")

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    sys.exit("Configuration error: ALLOWED_HOSTS is not set (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not env("DATABASE_URL"):
    sys.exit("Configuration error: DATABASE_URL is not set (postgres://user@host:5432/name).")
DATABASES = database_from_env(DATABASES)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cop",
        }
    }
    # Sessions are read from Redis (no database query per signed-in request) and written to
    # both, so an evicted or flushed cache signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Each gunicorn worker also keeps its hottest anonymous pages in memory for this long (seconds),
# so most cache hits need no Redis round trip; purges reach other workers within this time.
ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS = env_float("ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS", 2.0)

# The API rate limits can be raised by operators (and the perf harness) without a release.
# (DRF's UserRateThrottle also counts anonymous requests, by address.)
_api_rates = {scope: env(f"API_{scope.upper()}_RATE") for scope in ("anon", "user") if env(f"API_{scope.upper()}_RATE")}
if _api_rates:
    REST_FRAMEWORK = {
        **REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **_api_rates},
    }

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": ELASTICSEARCH_INDEX_PREFIX + "_wagtail",
            "TIMEOUT": 5,
        }
    }

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's compressed manifest storage that also hashes the modules our scripts import.
    "staticfiles": {"BACKEND": "cop.core.storage.HashedModulesStaticFilesStorage"},
}

# Email is configured by EMAIL_URL alone (base.py); the separate variables of old would be ignored.
_old_email = [name for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD") if env(name)]
if _old_email:
    sys.exit(
        f"Configuration error: {', '.join(_old_email)} are no longer read. "
        "Set EMAIL_URL=smtp://user:password@host:587 instead."
    )

# HTTPS hardening (check --deploy clean). SECURE_SSL_REDIRECT can be turned off behind a
# proxy that already redirects, via SECURE_SSL_REDIRECT=false.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": env("LOG_LEVEL", "INFO")}}
