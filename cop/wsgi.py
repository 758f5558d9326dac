import os
import sys

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.production")
application = get_wsgi_application()

if not settings.SKIP_DATABASE_PROBE:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        sys.exit(f"Database error: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}")
    finally:
        connection.close()
