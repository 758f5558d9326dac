"""gunicorn behind nginx (deploy/nginx.conf.template): `gunicorn -c deploy/gunicorn.conf.py cop.wsgi`.

gthread workers: each worker serves several requests at once on threads, so a request that waits
on PostgreSQL or Redis does not hold the whole worker. nginx buffers every request and answer,
so threads never wait on a slow client. Every value can be overridden from the environment.
"""

import os
import tempfile
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Longer than nginx's upstream keepalive_timeout (4 s), so nginx always closes first.
keepalive = 5
# No max_requests: a recycled worker boots Django for seconds while requests queue behind it
# (a 5.8 s /healthz in make perf); there is no known leak to recycle for.
# Heartbeat files in memory, not on a (possibly slow) disk.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir()  # noqa: S108
# nginx sets X-Forwarded-Proto; only it may.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # nginx's access log names the client
errorlog = "-"
