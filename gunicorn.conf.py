"""gunicorn settings for production: `gunicorn` run in this folder reads them (`make serve`).

Every value can be changed from the environment, so one file serves every host:
WEB_CONCURRENCY (workers), BIND (address:port, or unix:/path), GUNICORN_TIMEOUT,
TRUSTED_PROXIES and FORWARDED_ALLOW_IPS. docs/deploy.md explains them.
"""

import logging
import multiprocessing
import os
import sys

wsgi_app = "app:app"

bind = [os.environ.get("BIND", "127.0.0.1:8000")]

# Sync workers: each request holds one database connection for its short transaction.
# (2 x cores) + 1 keeps the cores busy while some workers wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request that takes longer than this is stuck (an export streams within it); its worker
# is killed and replaced. On SIGTERM, workers get graceful_timeout to finish what they hold.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# The reverse proxy keeps connections open to us; a little longer than a request's gap.
keepalive = 5
# A worker is replaced after about this many requests, so slow leaks never build up.
max_requests = 2000
max_requests_jitter = 200

# The app believes X-Forwarded-* only from as many proxies as TRUSTED_PROXIES says (ProxyFix
# in records_app/__init__.py); gunicorn must not believe more. With no trusted proxy it
# trusts no one for the scheme either; with one, only the proxy's addresses.
if int(os.environ.get("TRUSTED_PROXIES", "0")) > 0:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""

# Access log on standard output, without query strings or referrers (either could carry a
# tracking code someone typed into an address): the path alone (%(U)s), never %(r)s.
accesslog = "-"
access_log_format = (
    '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def on_starting(server):
    """The app's own log lines (request ids, errors without values) go to standard error
    beside gunicorn's, in every worker forked after this."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(name)s %(message)s"))
    logging.getLogger("records_app").addHandler(handler)
