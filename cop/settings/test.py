"""Test settings: SQLite in memory by default; PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403
from .database import database_from_env

SECRET_KEY = "test-only-insecure-key"  # noqa: S105 - test settings only
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = database_from_env(DATABASES)  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
ANONYMOUS_PAGE_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
