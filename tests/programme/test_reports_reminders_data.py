"""The yearly progress report, reminders, and the 2020 programme data file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from schakel.accounts.roles import Role
from schakel.core.models import AuditAction, AuditEvent
from schakel.programme import reports, services
from schakel.programme.datafile import programme_data_load
from schakel.programme.forecast import Colour
from schakel.programme.models import Action, Plan, ReminderLog
from schakel.programme.reminders import reminders_send
from schakel.programme.selectors import deadlines_per_ministry, indicators_overview
from schakel.programme.workflow import ProgressStatus
from tests.programme.fixtures import link, make_action, make_plan

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def officer(make_user, police_org):
    link("JenV", police_org)
    user = make_user(Role.PROGRAMME_OFFICER)
    user.email = "lotte@example.invalid"
    user.save()
    return user


@pytest.fixture
def history(officer) -> Plan:
    """Action 1 on track in 2020, delayed in 2021; action 2 untouched; 3 completed in 2021."""
    plan = make_plan()
    a1, _a2, a3 = (make_action(plan, n) for n in (1, 2, 3))
    record = services.progress_update_record
    today = D(2022, 1, 1)
    record(
        action=a1,
        reported_on=D(2020, 3, 1),
        status=ProgressStatus.ON_TRACK,
        text="Loopt.",
        actor=officer,
        today=today,
    )
    record(
        action=a1,
        reported_on=D(2021, 2, 1),
        status=ProgressStatus.DELAYED,
        new_end_date=D(2021, 12, 1),
        text="Later.",
        actor=officer,
        today=today,
    )
    record(
        action=a3,
        reported_on=D(2021, 4, 1),
        status=ProgressStatus.COMPLETED,
        text="Klaar.",
        actor=officer,
        today=today,
    )
    return plan


def test_report_shows_status_on_the_period_end_overdue_and_changes(history: Plan) -> None:
    report = reports.report_build(
        plans=[history], period_start=D(2021, 1, 1), period_end=D(2021, 12, 31)
    )
    section = report.sections[0]
    rows = {r.action.number: r for r in section.rows}
    assert [
        (n, r.state.status, r.state.due_date, r.overdue, r.changed) for n, r in sorted(rows.items())
    ] == [
        (1, ProgressStatus.DELAYED, D(2021, 12, 1), True, True),
        (2, ProgressStatus.NOT_STARTED, D(2020, 6, 1), True, False),
        (3, ProgressStatus.COMPLETED, D(2020, 6, 1), False, True),
    ]
    assert rows[1].explanation == "Later."
    assert rows[2].explanation == ""
    assert [c.action.number for c in section.changes] == [1, 3]
    change = section.changes[0]
    assert (change.before.status, change.after.status) == (
        ProgressStatus.ON_TRACK,
        ProgressStatus.DELAYED,
    )
    # the report for 2020 shows what was known then
    earlier = reports.report_build(
        plans=[history], period_start=D(2020, 1, 1), period_end=D(2020, 12, 31)
    ).sections[0]
    assert [r.state.status for r in earlier.rows] == [
        ProgressStatus.ON_TRACK,
        ProgressStatus.NOT_STARTED,
        ProgressStatus.NOT_STARTED,
    ]


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_exports_are_dutch_files_and_audited(history: Plan, make_user, fmt: str) -> None:
    analyst = make_user(Role.ANALYST)
    export = reports.report_export(
        plans=[history],
        period_start=D(2021, 1, 1),
        period_end=D(2021, 12, 31),
        fmt=fmt,
        actor=analyst,
    )
    assert export.filename == f"voortgangsrapportage-testplan-20210101-20211231.{fmt}"
    if fmt == "pdf":
        assert export.content.startswith(b"%PDF")
    elif fmt == "xlsx":
        book = load_workbook(io.BytesIO(export.content))
        assert book.sheetnames == [
            "Samenvatting",
            "Status per actie",
            "Over tijd",
            "Wijzigingen",
            "Indicatoren",
            "Regel statuskleur",
        ]
        assert book["Status per actie"].max_row == 4
    else:
        text = export.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Plan;Nr.;Actie;Thema;Initiatief")
        assert "Vertraagd" in text
        assert "Afgerond" in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor_id, event.details["format"], event.object_type) == (
        analyst.pk,
        fmt,
        "programme.report",
    )


def test_reminders_are_sent_once_and_again_after_a_postponement(
    officer, django_capture_on_commit_callbacks
) -> None:
    plan = make_plan()
    soon = make_action(plan, 1, end=D(2021, 1, 20))
    make_action(plan, 2, end=D(2020, 12, 1))  # overdue
    make_action(plan, 3, end=D(2021, 6, 1))  # far away
    make_action(plan, 4, end=D(2020, 11, 1), codes=("VWS",))  # nobody speaks for VWS
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(today=D(2021, 1, 1), days_ahead=30)
    assert sorted((r.action.number, r.kind, bool(r.recipients)) for r in sent) == [
        (1, "due_soon", True),
        (2, "overdue", True),
        (4, "overdue", False),
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert "actie 1" in mail.outbox[0].body
    assert "actie 2" in mail.outbox[0].body
    assert ReminderLog.objects.count() == 2
    event = AuditEvent.objects.get(object_type="", details__reminders=2)
    assert event.details["without_recipient"] == 1
    assert [r.action.number for r in reminders_send(today=D(2021, 1, 2))] == [4]
    services.progress_update_record(
        action=soon,
        reported_on=D(2021, 1, 2),
        status=ProgressStatus.DELAYED,
        new_end_date=D(2021, 1, 25),
        text="Iets later.",
        actor=officer,
        today=D(2021, 1, 2),
    )
    again = reminders_send(today=D(2021, 1, 3))
    assert [(r.action.number, r.due_date) for r in again if r.recipients] == [(1, D(2021, 1, 25))]


def test_overdue_list_per_ministry(officer) -> None:
    plan = make_plan()
    make_action(plan, 1, end=D(2020, 12, 1), codes=("JenV", "SZW"))
    make_action(plan, 2, end=D(2021, 1, 10), codes=("SZW",))
    groups = deadlines_per_ministry(today=D(2021, 1, 1), within_days=30)
    assert [
        (g.ministry.code, [a.number for a in g.overdue], [a.number for a in g.due_soon])
        for g in groups
    ] == [("JenV", [1], []), ("SZW", [1], [2])]
    assert [
        g.ministry.code for g in deadlines_per_ministry(today=D(2021, 1, 1), ministry="SZW")
    ] == ["SZW"]


def test_the_2020_programme_loads_once_with_its_indicators() -> None:
    plan = programme_data_load(actor=None)
    assert plan is not None
    assert programme_data_load(actor=None) is None
    assert plan.actions.count() == 20
    assert plan.indicators.count() == 5
    assert Action.objects.get(plan=plan, number=8).status == ProgressStatus.COMPLETED
    overview = {o.indicator.slug: o for o in indicators_overview(plan=plan)}
    om = {y.year: y for y in overview["om-verdachten"].years}
    assert om[2019].actual.value == 145
    assert om[2019].colour is Colour.GREY
    assert (round(om[2020].forecast.point), om[2020].forecast.low, om[2020].forecast.high) == (
        166,
        156,
        176,
    )
    assert om[2020].stated_forecast.low == 160
    assert om[2020].stated_forecast.high == 170
    assert om[2020].colour is Colour.RED
    victims = {y.year: y.actual.value for y in overview["comensha-registraties"].years}
    assert victims == {2018: 780, 2019: 1372}
    assert overview["dekking-zorgcoordinatie"].years[0].colour is Colour.AMBER
    assert overview["opvangplaatsen-complex"].years[0].colour is Colour.GREEN


def test_demo_load_imports_the_plan_links_the_demo_ministry_and_is_idempotent(
    plan_text: str,
) -> None:
    from schakel.core.demo import demo_load
    from schakel.programme.models import MinistryOrganisation

    demo_load(codes_per_user=1)
    demo_load(codes_per_user=1)
    assert Plan.objects.count() == 2
    assert Action.objects.filter(plan__slug="nationaal-actieplan-mensenhandel-2004").count() == 68
    assert sorted(MinistryOrganisation.objects.values_list("ministry__code", flat=True)) == [
        "JenV",
        "VenI",
    ]
