"""gunicorn's settings for serving Verksam (docs/operations.md, "Serving"):

    gunicorn -c python:verksam.gunicorn_conf verksam.wsgi:application

Everything can be changed by the environment: GUNICORN_BIND (127.0.0.1:8001),
WEB_WORKERS (3), WEB_THREADS (4), WEB_TIMEOUT (120 seconds), or by gunicorn's own
options after -c, which win over this file.

After start-up every worker freezes its heap (``gc.freeze()``): Django, the
URLconf, the templates and translations loaded at start-up never become garbage,
and a full garbage collection that walks them on every large request cost a
quarter of the time of the item trace and the county overview. Frozen objects
are left out of every collection, so only what a request makes is scanned.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_WORKERS", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
# Load Django once in the master process: the workers share its pages until they write.
preload_app = True
# Without a control socket nothing is written beside the checkout (gunicorn 27).
control_socket_disable = True


def when_ready(server) -> None:
    """In the master, once the application is loaded: collect, then keep it out of
    collections, so the workers forked from it do not copy its pages to mark them."""
    gc.collect()
    gc.freeze()


def post_worker_init(worker) -> None:
    """In each worker, once it has loaded what it needs: freeze that too."""
    gc.collect()
    gc.freeze()
