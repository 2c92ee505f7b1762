import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings.local")
application = get_wsgi_application()
# Import every view module now rather than on the first request: with gunicorn --preload the
# workers fork with it loaded (scipy, weasyprint, ...), so no first request waits seconds.
get_resolver().url_patterns  # noqa: B018 -- evaluated for its import side effect
