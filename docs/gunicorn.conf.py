"""Sample gunicorn settings for the portal behind nginx (docs/deploy.md).

    gunicorn portal.wsgi -c /srv/fulei/docs/gunicorn.conf.py

portal.wsgi reads /srv/fulei/.env (if any) and runs the production checks at start: a
configuration that would not deliver e-mails or SMS stops gunicorn with the reason.

Sync workers: every request holds one worker, and nginx buffers slow clients, so a worker is
never tied up by a phone on a slow rural connection. Size the pool by cores, not by visitors.
"""

import multiprocessing

bind = "unix:/run/fulei/gunicorn.sock"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "sync"
timeout = (
    30  # longer than SEARCH_ENGINE_TIMEOUT, so a hung engine costs one slow answer, not a kill
)
graceful_timeout = 30
# Recycle workers now and then (a leak stays small); the jitter keeps them from restarting together.
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = "127.0.0.1"  # only nginx on this host may set X-Forwarded-*
accesslog = "-"
errorlog = "-"
# gunicorn 27 opens a control socket for `gunicornc`, by default in $HOME/.gunicorn/ (the
# project folder for the fulei user): not wanted, nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Build this worker's in-memory map cluster index (search/clusters.py) and the database
    search backend's id map before its first request, so no visitor waits for them (about
    0.2 s for the demo network, seconds at 700k)."""
    from django.db import connections

    from search import clusters, service

    clusters.get_index()
    service.warm_up()
    connections.close_all()
