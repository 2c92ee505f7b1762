import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings.local")
application = get_wsgi_application()
# Import every view module now rather than on the first request: with gunicorn --preload the
# workers fork with it loaded (scipy, weasyprint, ...), so no first request waits seconds.
get_resolver().url_patterns  # noqa: B018 -- evaluated for its import side effect
# Everything loaded so far lives as long as the process: move it out of the garbage
# collector's sight. Otherwise every full collection walks these ~220,000 objects (about
# 65 ms, inside some request), and forked workers copy the pages the collector touches.
# Python's documentation recommends this for pre-fork servers (gc.freeze).
gc.collect()
gc.freeze()
