"""Settings shared by every environment.

The embedded default (dev/test) needs nothing but Python: SQLite, Wagtail's database
search backend, local-memory cache and tasks that run immediately. Production swaps each
of these for a real service through environment variables (see production.py).

Every setting is declared here with its default. Those an operator may change read the
environment through cop/settings/env.py (the one way; the README lists every variable).
"""

from pathlib import Path

import dj_email_url

from .env import env, env_float, env_int

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cop"

SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS: list[str] = []
CSRF_TRUSTED_ORIGINS: list[str] = []
# How many proxies of ours append to X-Forwarded-For (nginx in deploy/: 1). 0 ignores the header;
# cop.core.client_ip reads it for throttling, rate limits and logs, and allauth reads the same count.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
RATELIMIT_IP_META_KEY = "cop.core.client_ip.client_ip"
# A django-ratelimit block (block=True) answers with the site's 429 page (RatelimitMiddleware).
RATELIMIT_VIEW = "cop.core.ratelimits.ratelimited"

# Where the official data files are read from (never committed to the repository).
# An empty DATA_DIR means "not set"; a relative one is taken from the repository root.
DATA_DIR = (BASE_DIR / (env("DATA_DIR") or BASE_DIR.parent / "shared" / "data")).resolve()

INSTALLED_APPS = [
    # Our apps first so that their templates override third-party ones.
    "cop.core",
    "cop.home",
    "cop.members",
    "cop.communities",
    "cop.discussions",
    "cop.library",
    "cop.updates",
    "cop.events",
    "cop.sitesearch",
    "casestudies",
    "benchmarks",
    "benchmarks.submissions",
    "benchmarks.groups",
    "benchmarks.count",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    # Accounts
    "allauth",
    "allauth.account",
    # API
    "rest_framework",
    "drf_spectacular",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: a cached page for an anonymous visitor skips everything below (see its docstring).
    "cop.core.middleware.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (strict on the public site, looser in the admin) and Permissions-Policy.
    "cop.core.security.SecurityHeadersMiddleware",
    # A NUL byte or invalid UTF-8 in the path, query or form is refused (400) before any view or query.
    "cop.core.input_guard.BadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cop.members.middleware.LastSeenMiddleware",
    "cop.members.admin_access.AdminAccessMiddleware",
    # Ordinary members get the case study, thread, council profile and search pages from a cached
    # shell with their own parts filled in (cop/core/member_pages.py); the view runs on a miss.
    "cop.core.member_pages.MemberPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A service's refusal (cop.core.errors) that no view caught becomes the 403 or 400 page.
    "cop.core.errors.DomainErrorMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # A page rendered for a rate-limited request goes out as a 429 with Retry-After.
    "cop.core.ratelimits.RetryAfterMiddleware",
]

ROOT_URLCONF = "cop.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cop.core.context_processors.site_context",
                "cop.members.context_processors.member_context",
            ],
        },
    },
]

WSGI_APPLICATION = "cop.wsgi.application"
# cop/wsgi.py checks the database when the application starts, unless this is "1" (e.g. image builds).
SKIP_DATABASE_PROBE = env("SKIP_DATABASE_PROBE") == "1"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: refuse anything larger than this before it reaches a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "place-exchange",
    }
}
# Redis for the cache (production and `make test-postgres`); empty means the in-memory cache above.
REDIS_URL = env("REDIS_URL")
# Whole-page cache for anonymous visitors (cop.core.middleware); purged on publish.
ANONYMOUS_PAGE_CACHE_SECONDS = env_int("ANONYMOUS_PAGE_CACHE_SECONDS", 300)
# Seconds each process also keeps its hottest anonymous pages in memory (0: not at all; see production.py).
ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS = env_float("ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS", 0.0)

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Place Exchange"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "pptx", "odt", "ods", "txt"]
# Library documents carry catalogue details; uploads are checked by content and size (cop.library).
WAGTAILDOCS_DOCUMENT_MODEL = "library.LibraryDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cop.library.forms.LibraryDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# Every uploaded image is re-encoded (metadata and appended bytes dropped): cop/core/uploads.py.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cop.core.uploads.ReencodedImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No Gravatar: the admin policy allows images from our own origin only, and editors' email hashes stay here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

TAGGIT_CASE_INSENSITIVE = True

# Elasticsearch 8 (optional): used only when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "placeexchange")

# Site search: a search never waits for the spelling vocabulary; it is rebuilt at most this often (seconds).
SITESEARCH_VOCABULARY_MIN_AGE = env_int("SITESEARCH_VOCABULARY_MIN_AGE", 60)

# Discussions: posting limits (cop.discussions.services).
DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = env_int("DISCUSSIONS_MIN_POST_INTERVAL_SECONDS", 15)
DISCUSSIONS_NEW_MEMBER_DAYS = env_int("DISCUSSIONS_NEW_MEMBER_DAYS", 7)
DISCUSSIONS_NEW_MEMBER_THREADS_PER_DAY = env_int("DISCUSSIONS_NEW_MEMBER_THREADS_PER_DAY", 3)
# A new member's first N posts wait for a moderator (0: none do).
DISCUSSIONS_APPROVE_FIRST_POSTS = env_int("DISCUSSIONS_APPROVE_FIRST_POSTS", 0)
# A flag hides a post only from members whose account is this many days old with this many visible posts.
DISCUSSIONS_FLAG_TRUST_DAYS = env_int("DISCUSSIONS_FLAG_TRUST_DAYS", 14)
DISCUSSIONS_FLAG_TRUST_POSTS = env_int("DISCUSSIONS_FLAG_TRUST_POSTS", 3)

# Accounts (django-allauth): email is the identity; verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer alike for known and unknown addresses; the owner gets an email.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed sign-ins: 5 per account, and a higher ceiling per IP address so that one officer's
# mistakes behind a council's shared proxy never lock out every officer behind it.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key,50/5m/ip",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/h/ip,3/h/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Place Exchange] "
ACCOUNT_SIGNUP_FORM_CLASS = "cop.members.forms.SignupForm"
# Links in account emails from the site's address; refusals that say when to try again.
ACCOUNT_ADAPTER = "cop.members.accounts.AccountAdapter"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Place Exchange <no-reply@placeexchange.example>")

# Outgoing email: one URL, read by dj-email-url: smtp://user:password@host:587 (STARTTLS, the
# default), smtp://...:465?ssl=True (TLS from the start), console:// or dummy://. Percent-encode
# reserved characters in the password. Development and tests replace the backend.
_email = dj_email_url.parse(env("EMAIL_URL", "smtp://localhost:587"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"] or 587
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_USE_TLS = not EMAIL_USE_SSL  # never plain text to a relay
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": [
        "cop.core.client_ip.ClientIPAnonRateThrottle",
        "cop.core.client_ip.ClientIPUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "600/min", "user": "1200/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Place Exchange benchmarking API",
    "DESCRIPTION": "Read-only council cost benchmarking data, keyed on GSS codes and RO line codes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is exercised by schemathesis in the test suite; generating it during
    # `check --deploy` would also walk Wagtail's admin API and need a migrated database.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cop.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The public site's policy (django-csp); the admin's looser one is in cop/core/security.py.
# No inline script or style: templates load static files only. Embeds may frame the video hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_ip": {"()": "cop.core.client_ip.ClientIPLogFilter"}},
    "formatters": {"client_ip": {"format": "%(levelname)s %(name)s [%(client_ip)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_ip"], "formatter": "client_ip"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
