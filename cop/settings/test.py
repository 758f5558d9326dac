"""Test settings: SQLite in memory by default; PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403
from .database import database_from_env
from .env import env

SECRET_KEY = "test-only-insecure-key"  # noqa: S105 - test settings only
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = database_from_env(DATABASES)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
MEDIA_ROOT = BASE_DIR / "media-test"
ANONYMOUS_PAGE_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True

# With REDIS_URL set (make test-postgres), the cache is the real Redis. Each xdist worker
# gets its own Redis database, because tests clear the cache between them.
if REDIS_URL:
    _worker = env("PYTEST_XDIST_WORKER", "gw0")  # set by pytest-xdist
    _db = 15 - int("".join(ch for ch in _worker if ch.isdigit()) or 0)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{REDIS_URL.rsplit('/', 1)[0]}/{_db}",
            "KEY_PREFIX": "cop-test",
        }
    }
