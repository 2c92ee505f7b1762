"""Every role against every URL: one table of expected outcomes.

A new URL without a row here fails `test_every_url_is_in_the_table`, so authorization is
decided for each endpoint when it is added, not afterwards.

Apps may keep their rows beside their own tests, in `tests/<app>/authorization_rows.py`,
with `ROWS` (same shape as TABLE) and `url_args(name, police_org) -> list`; they are merged
into TABLE here. Rows and arguments in one place per app keep parallel work apart.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.accounts.services import backup_codes_issue

ANON = "anonymous"
UNVERIFIED = "registrar without second factor"
ROLES = [ANON, UNVERIFIED, *[r.value for r in Role]]


def expect(default: int, anonymous: int, unverified: int, **by_role: int) -> dict[str, int]:
    table = {ANON: anonymous, UNVERIFIED: unverified}
    for role in Role:
        table[role.value] = by_role.get(role.value, default)
    return table


LOGIN_REDIRECT, FORBIDDEN, OK = 302, 403, 200

# (url name, method, args) -> expected status per role
TABLE: dict[tuple[str, str], dict[str, int]] = {
    ("core:home", "get"): expect(OK, LOGIN_REDIRECT, LOGIN_REDIRECT),
    ("core:audit_list", "get"): expect(FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, system_admin=OK),
    ("accounts:login", "get"): expect(LOGIN_REDIRECT, OK, LOGIN_REDIRECT),
    ("accounts:logout", "post"): expect(LOGIN_REDIRECT, LOGIN_REDIRECT, LOGIN_REDIRECT),
    ("accounts:second_factor", "get"): expect(OK, LOGIN_REDIRECT, OK),
    ("accounts:second_factor_setup", "get"): expect(OK, LOGIN_REDIRECT, OK),
    ("accounts:user_list", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, organisation_admin=OK, system_admin=OK
    ),
    ("accounts:user_create", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, organisation_admin=OK, system_admin=OK
    ),
    ("accounts:user_edit", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, organisation_admin=OK, system_admin=OK
    ),
    ("set_language", "post"): expect(LOGIN_REDIRECT, LOGIN_REDIRECT, LOGIN_REDIRECT),
    ("api:token", "post"): expect(400, 400, 400),
    ("api:me", "get"): expect(OK, FORBIDDEN, FORBIDDEN),
    ("api:users", "get"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, organisation_admin=OK, system_admin=OK
    ),
    ("api:organisations", "get"): expect(OK, FORBIDDEN, FORBIDDEN),
    ("api:audit_events", "get"): expect(FORBIDDEN, FORBIDDEN, FORBIDDEN, system_admin=OK),
    ("schema", "get"): expect(OK, OK, OK),
    ("api_docs", "get"): expect(OK, OK, OK),
    # monthly feedback (action 65): reporters and case workers their own organisation,
    # the registrar any, analysts national totals with small numbers hidden; others nothing.
    ("registry:feedback", "get"): expect(
        FORBIDDEN,
        LOGIN_REDIRECT,
        LOGIN_REDIRECT,
        reporter=OK,
        case_worker=OK,
        registrar=OK,
        analyst=OK,
    ),
    ("registry:feedback_csv", "get"): expect(
        FORBIDDEN,
        LOGIN_REDIRECT,
        LOGIN_REDIRECT,
        reporter=OK,
        case_worker=OK,
        registrar=OK,
        analyst=OK,
    ),
    ("registry:feedback_pdf", "get"): expect(
        FORBIDDEN,
        LOGIN_REDIRECT,
        LOGIN_REDIRECT,
        reporter=OK,
        case_worker=OK,
        registrar=OK,
        analyst=OK,
    ),
    # residence (B8/3): case workers of the following organisation (the police here) and the
    # registrar see procedures; only the following case workers take steps (empty POST: 400);
    # the monitoring point (aggregates) is for the registrar and analysts.
    ("residence:overview", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
    ("residence:procedure_open", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
    ("residence:procedure_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
    ("residence:procedure_step", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=400
    ),
    ("residence:procedure_correct", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=400
    ),
    ("residence:info_sheet", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
    ("residence:info_sheet_pdf", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
    ("residence:monitor", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK, analyst=OK
    ),
    ("residence:monitor_csv", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK, analyst=OK
    ),
    ("residence:monitor_pdf", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK, analyst=OK
    ),
    # programme monitor: readers are programme officers, analysts and system admins; the
    # programme officer in the test speaks for JenV (tests/programme/fixtures.url_args).
    ("programme:plan_list", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:plan_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:action_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:progress_create", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK
    ),
    ("programme:deadlines", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:indicator_list", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:indicator_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:indicator_value_create", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK
    ),
    ("programme:report", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:report_pdf", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:report_xlsx", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:report_csv", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("programme:ministry_list", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, system_admin=OK
    ),
    ("programme:ministry_unlink", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, system_admin=LOGIN_REDIRECT
    ),
    ("api:programme_actions", "get"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    ("api:programme_progress", "post"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, programme_officer=400
    ),
    ("api:programme_indicators", "get"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, programme_officer=OK, analyst=OK, system_admin=OK
    ),
    # reports API and file exchange: reporting roles and the registrar; the test report was
    # submitted by the police, the organisation of the reporter and case worker in this table.
    ("api:reports", "get"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("api:reports", "post"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, reporter=400, case_worker=400, registrar=400
    ),
    ("api:report_detail", "get"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("api:report_transitions", "post"): expect(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, reporter=400, case_worker=400, registrar=400
    ),
    ("registry:import", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("registry:export_htcds", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    # registry screens: reporting roles see their organisation's reports (the test report was
    # submitted by the police, the organisation of the reporter and case worker here); the
    # registrar sees every submitted report and alone works the queue and the person view.
    # Out-of-scope objects are 404 (tests/registry/test_views_*); an empty POST is bad input.
    ("registry:report_list", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("registry:report_create", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("registry:report_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    # A submitted report is no longer the reporter's to edit; the registrar may correct it.
    ("registry:report_edit", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    ("registry:report_transition", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=400, case_worker=400, registrar=400
    ),
    ("registry:queue", "get"): expect(FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK),
    ("registry:search", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("registry:person_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    ("registry:person_link", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=400
    ),
    ("registry:person_unlink", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=400
    ),
    # identification (issue 4): lists are read by the roles that meet victims and the
    # registrar, who alone drafts and publishes; assessments follow the report's visibility
    # (tests/identification/url_fixtures: a police report); MDT: case workers and registrar.
    # The checklist without a chosen list redirects back to the report's assessments; the diff
    # without two versions is bad input; drafting and publishing redirect when done.
    ("identification:list_index", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("identification:list_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("identification:list_diff", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=400, case_worker=400, registrar=400
    ),
    ("identification:list_draft", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=LOGIN_REDIRECT
    ),
    ("identification:list_edit", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    ("identification:list_publish", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=LOGIN_REDIRECT
    ),
    ("identification:report_assessments", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("identification:assessment_create", "get"): expect(
        FORBIDDEN,
        LOGIN_REDIRECT,
        LOGIN_REDIRECT,
        reporter=LOGIN_REDIRECT,
        case_worker=LOGIN_REDIRECT,
        registrar=LOGIN_REDIRECT,
    ),
    ("identification:assessment_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, reporter=OK, case_worker=OK, registrar=OK
    ),
    ("identification:mdt_create", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
}


def _app_row_modules() -> dict[str, object]:
    """tests/<app>/authorization_rows.py modules, by the URL namespace prefixes they cover."""
    modules: dict[str, object] = {}
    for path in sorted(Path(__file__).parent.glob("*/authorization_rows.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.authorization_rows")
        for name, method in module.ROWS:  # type: ignore[attr-defined]
            if (name, method) in TABLE:
                raise AssertionError(f"{name} {method} is in the table twice ({path})")
            TABLE[(name, method)] = module.ROWS[(name, method)]  # type: ignore[attr-defined]
            modules[name] = module
    return modules


APP_ROW_MODULES = _app_row_modules()


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_is_in_the_table() -> None:
    assert _all_url_names() == {name for name, _method in TABLE}


@pytest.fixture
def client_for(
    make_user: Callable[..., User], verified_client_for: Callable[[User], Client], police_org
) -> Callable[[str], tuple[Client, User | None]]:
    def factory(role: str) -> tuple[Client, User | None]:
        if role == ANON:
            return Client(), None
        if role == UNVERIFIED:
            user = make_user(Role.REGISTRAR)
            backup_codes_issue(user=user)  # has a second factor, has not confirmed it
            client = Client()
            client.force_login(user)
            return client, user
        user = make_user(Role(role))
        return verified_client_for(user), user

    return factory


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), list(TABLE))
def test_role_gets_expected_status(  # noqa: PLR0917 -- pytest fixtures and parameters
    client_for, make_user, police_org, name: str, method: str, role: str
) -> None:
    client, _user = client_for(role)
    args: list[object] = []
    if name == "accounts:user_edit":
        # A colleague in the same organisation as the organisation admin.
        args = [make_user(Role.REPORTER, organisation=police_org).pk]
    if name.startswith(("programme:", "api:programme_")):
        from tests.programme.fixtures import url_args

        args = url_args(name, police_org)
    if name in {"api:report_detail", "api:report_transitions"}:
        from schakel.registry.services import report_create
        from tests.registry.factories import report_input

        reporter = make_user(Role.REPORTER, organisation=police_org)
        args = [report_create(actor=reporter, data=report_input(), submit=True).pk]
    if name.startswith("registry:"):
        from tests.registry.url_fixtures import url_args as registry_url_args

        args = registry_url_args(name, police_org) or args
    if name.startswith("identification:"):
        from tests.identification.url_fixtures import url_args as identification_url_args

        args = identification_url_args(name, police_org)
    if name.startswith("residence:"):
        from tests.residence.url_fixtures import url_args as residence_url_args

        args = residence_url_args(name, police_org) or args
    if name in APP_ROW_MODULES:
        args = APP_ROW_MODULES[name].url_args(name, police_org)  # type: ignore[attr-defined]
    url = reverse(name, args=args)
    data = {"language": "en", "next": "/accounts/login/"} if name == "set_language" else {}
    response = getattr(client, method)(url, data)
    assert response.status_code == TABLE[(name, method)][role], (
        f"{role} {method.upper()} {url}: got {response.status_code}"
    )


# -- generated IDOR check: objects of another organisation --------------------------------


def _object_url_names() -> list[str]:
    """Every named URL that takes an argument (an object id, a slug), from the URLconf."""
    names: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif pattern.name and pattern.pattern.regex.groupindex:
                names.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return sorted(names)


def _idor_modules() -> list[object]:
    return [
        importlib.import_module(f"tests.{path.parent.name}.authorization_rows")
        for path in sorted(Path(__file__).parent.glob("*/authorization_rows.py"))
    ]


def test_object_urls_are_found() -> None:
    assert "registry:report_detail" in _object_url_names()


@pytest.mark.django_db
@pytest.mark.parametrize("name", _object_url_names())
def test_object_of_another_organisation_is_not_found(client_for, name: str) -> None:
    from schakel.accounts.roles import OrganisationKind
    from schakel.accounts.services import organisation_create
    from tests.authorization_hooks import NotOrganisationScoped

    other_org = organisation_create(actor=None, name="Politie Elders", kind=OrganisationKind.POLICE)
    answers = [
        (module, answer)
        for module in _idor_modules()
        if hasattr(module, "other_org_args")
        and (answer := module.other_org_args(name, other_org)) is not None  # type: ignore[attr-defined]
    ]
    assert len(answers) == 1, (
        f"{name} takes an object id: declare other_org_args for it in exactly one "
        f"tests/<app>/authorization_rows.py (tests/authorization_hooks.py); got {len(answers)}"
    )
    module, args = answers[0]
    if isinstance(args, NotOrganisationScoped):
        assert args.reason
        return
    methods = [method for (row_name, method) in TABLE if row_name == name]
    allowed = {Role.REGISTRAR.value} | set(
        getattr(module, "CROSS_ORGANISATION_ROLES", {}).get(name, ())
    )
    url = reverse(name, args=args)
    failures = []
    for role in Role:
        if role.value in allowed:
            continue
        client, _user = client_for(role.value)
        for method in methods:
            status = getattr(client, method)(url, {}).status_code
            if status not in {403, 404}:
                failures.append(f"{role.value} {method.upper()} {url}: {status}")
    assert failures == [], "an object of another organisation was reachable"
