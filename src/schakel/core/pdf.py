"""HTML to PDF with WeasyPrint, reading the project's own static files and nothing else.

Pages that are also shown in a browser link their CSS (the Content Security Policy forbids
inline styles); WeasyPrint gets those files from the static-file finders. Any other URL is
refused, so a value in a document can never make the server fetch something (SSRF).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

# Relative URLs such as /static/... need a base; this host never resolves.
_BASE_URL = "https://schakel.invalid/"
_MIME_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


def static_file_for(url: str) -> Path:
    """The file behind a /static/ URL; ValueError for anything else."""
    path = urlparse(url).path
    static_prefix = settings.STATIC_URL
    if not path.startswith(static_prefix):
        raise ValueError(f"only static files are fetched for PDFs, not {url}")
    found = finders.find(path[len(static_prefix) :])
    if not found:
        raise ValueError(f"static file not found: {path}")
    return Path(found if isinstance(found, str) else found[0])


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it takes seconds to load
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            file = static_file_for(url)
            content_type = _MIME_TYPES.get(file.suffix, "application/octet-stream")
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": content_type})

    document = HTML(string=html, base_url=_BASE_URL, url_fetcher=StaticOnlyFetcher())
    return bytes(document.write_pdf())
