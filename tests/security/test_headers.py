"""Security headers, cookies and templates without inline script or style (issue 9, 7c).

The Content Security Policy forbids inline script and style, so no template may contain a
<script> without src, a <style> element, a style attribute or an on* event handler. The four
print templates below are rendered only by WeasyPrint into PDFs (never sent to a browser,
where the policy would apply) and keep their page CSS with translated running footers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from schakel.accounts.roles import Role
from tests.conftest import PASSWORD

TEMPLATE_DIRS = [Path("src/schakel/templates"), *Path("src/schakel").glob("*/templates")]
PDF_ONLY_TEMPLATES = {
    "residence/monitor_print.html",
    "registry/feedback_print.html",
    "programme/report_print.html",
    "sharing/person_export_print.html",
}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"<style\b", re.IGNORECASE), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "inline event handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def _templates() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(directory).as_posix(), path)
        for directory in TEMPLATE_DIRS
        for path in sorted(directory.rglob("*.html"))
    ]


def test_templates_are_found() -> None:
    assert len(_templates()) > 20


@pytest.mark.parametrize(("name", "path"), _templates(), ids=[n for n, _p in _templates()])
def test_no_inline_script_or_style_in_templates(name: str, path: Path) -> None:
    if name in PDF_ONLY_TEMPLATES:
        pytest.skip("rendered only by WeasyPrint into a PDF")
    text = path.read_text(encoding="utf-8")
    problems = [f"{label}: {m.group(0)!r}" for rx, label in INLINE for m in rx.finditer(text)]
    assert problems == []


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_headers_on_the_login_page() -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    csp = _csp_directives(response["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "style-src"):
        assert csp[directive] == ["'self'"], directive
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "csrftoken" in response.cookies
    assert response.cookies["csrftoken"]["httponly"]
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


@pytest.mark.django_db
def test_session_cookie_is_http_only(make_user) -> None:
    make_user(Role.REGISTRAR, username="henk")
    client = Client()
    response = client.post("/accounts/login/", {"username": "henk", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_forms_refuse_a_post_without_csrf_token(make_user) -> None:
    make_user(Role.REGISTRAR, username="joke")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "joke", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.django_db
def test_api_docs_have_no_inline_script() -> None:
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


@pytest.mark.django_db
def test_pages_for_a_signed_in_user_are_not_cached(make_user, verified_client_for) -> None:
    client = verified_client_for(make_user(Role.REGISTRAR))
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
