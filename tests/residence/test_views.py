"""Screens: the due-soon list, a step through the form, the information sheet, the monitor."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from schakel.accounts.roles import Role
from schakel.core.models import AuditEvent
from schakel.residence import clock, services
from schakel.residence.choices import ProcedureStatus as S
from schakel.residence.info_sheet import available_languages
from schakel.residence.monitoring import ProcedureFacts, monitoring_point, shown
from tests.residence.helpers import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def reflecting(make_procedure, case_worker):
    procedure = make_procedure()
    return services.procedure_transition(
        actor=case_worker,
        procedure=procedure,
        to_status=S.REFLECTION,
        on=date(2024, 1, 12),
        values={"offered_by": "AVIM Utrecht"},
        today=TODAY,
    )


def test_due_soon_list_per_organisation_and_user(
    reflecting, case_worker, make_user, verified_client_for
) -> None:
    assert reflecting.reflection_ends_on == date(2024, 4, 12)
    client = verified_client_for(case_worker)
    with clock.frozen(date(2024, 3, 29)):
        page = client.get("/verblijf/").content.decode()
    assert reflecting.reference in page
    assert "14" in page
    colleague = make_user(Role.CASE_WORKER)
    with clock.frozen(date(2024, 3, 29)):
        own = verified_client_for(colleague).get("/verblijf/?wie=mij").content.decode()
        team = verified_client_for(colleague).get("/verblijf/").content.decode()
    assert "Geen termijnen die naderen." in own
    assert reflecting.reference in team
    with clock.frozen(date(2024, 3, 28)):  # 15 days before: not yet due
        early = client.get("/verblijf/").content.decode()
    assert "Geen termijnen die naderen." in early
    assert AuditEvent.objects.filter(action="list", object_type="residence.procedure").exists()


def test_step_through_the_form_and_refusal_named(
    reflecting, case_worker, verified_client_for
) -> None:
    client = verified_client_for(case_worker)
    url = f"/verblijf/{reflecting.pk}/stap/"
    refused = client.post(
        url,
        {
            "step": "cooperating",
            "cooperating-on": "2024-01-05",
            "cooperating-cooperation_kind": "report",
        },
    )
    assert refused.status_code == 400
    assert "voor het begin van de procedure" in refused.content.decode()
    done = client.post(
        url,
        {
            "step": "cooperating",
            "cooperating-on": "2024-02-01",
            "cooperating-cooperation_kind": "report",
        },
    )
    assert done.status_code == 302
    reflecting.refresh_from_db()
    assert reflecting.status == S.COOPERATING
    out_of_order = client.post(url, {"step": "permit_granted", "permit_granted-on": "2024-02-02"})
    assert out_of_order.status_code == 400
    assert "pas over een vergunning beslissen" in out_of_order.content.decode()


def test_correction_through_the_form(reflecting, case_worker, verified_client_for) -> None:
    client = verified_client_for(case_worker)
    url = f"/verblijf/{reflecting.pk}/correctie/"
    data = {"correction-field": "offered_by", "correction-value": "AVIM Den Haag"}
    assert client.post(url, {**data, "correction-reason": ""}).status_code == 400
    assert client.post(url, {**data, "correction-reason": "Verkeerde eenheid"}).status_code == 302
    detail = client.get(f"/verblijf/{reflecting.pk}/").content.decode()
    assert "AVIM Utrecht" in detail
    assert "Verkeerde eenheid" in detail


def test_information_sheet_in_dutch_and_english_with_own_dates(
    reflecting, case_worker, verified_client_for
) -> None:
    assert [code for code, _name in available_languages()][:2] == ["nl", "en"]
    client = verified_client_for(case_worker)
    dutch = client.get(f"/verblijf/{reflecting.pk}/informatieblad/nl/").content.decode()
    english = client.get(f"/verblijf/{reflecting.pk}/informatieblad/en/").content.decode()
    assert 'lang="nl"' in dutch
    assert "12 april 2024" in dutch
    assert "bedenktijd" in dutch
    assert 'lang="en"' in english
    assert "12 April 2024" in english
    assert "reflection period" in english
    assert client.get(f"/verblijf/{reflecting.pk}/informatieblad/xx/").status_code == 404
    pdf = client.get(f"/verblijf/{reflecting.pk}/informatieblad/en/pdf/")
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", details__document="info_sheet").exists()


def test_other_organisations_and_analysts_see_no_procedure(
    reflecting, make_user, shelter_org, verified_client_for, ind_worker
) -> None:
    other = make_user(Role.CASE_WORKER, organisation=shelter_org)
    assert verified_client_for(other).get(f"/verblijf/{reflecting.pk}/").status_code == 404
    analyst = make_user(Role.ANALYST)
    assert verified_client_for(analyst).get(f"/verblijf/{reflecting.pk}/").status_code == 403
    # the IND sees a procedure only once a permit was applied for
    assert verified_client_for(ind_worker).get(f"/verblijf/{reflecting.pk}/").status_code == 404


def test_monitoring_point_pure() -> None:
    rows = [
        ProcedureFacts(1, date(2024, 1, 5), date(2024, 1, 8), date(2024, 1, 8)),
        ProcedureFacts(1, date(2024, 3, 1), date(2024, 3, 11)),
        ProcedureFacts(1, date(2024, 5, 1), None, None, "overlooked"),
        ProcedureFacts(2, date(2024, 6, 1)),
        ProcedureFacts(2, date(2023, 6, 1), date(2023, 6, 2)),
    ]
    first, second, total = monitoring_point(rows, year=2024)
    assert (first.eligible, first.offered, first.accepted, first.declined) == (3, 2, 1, 1)
    assert (first.not_offered, first.not_offered_by_reason) == (1, {"overlooked": 1})
    assert first.median_days_to_offer == 6.5
    assert (second.eligible, second.undecided, second.median_days_to_offer) == (1, 1, None)
    assert (total.organisation_id, total.eligible) == (None, 4)
    assert [shown(n, exact=False) for n in (0, 1, 4, 5)] == ["0", "<5", "<5", "5"]


def test_monitor_page_csv_and_pdf(reflecting, make_user, verified_client_for, police_org) -> None:
    registrar = make_user(Role.REGISTRAR)
    client = verified_client_for(registrar)
    page = client.get("/verblijf/monitor/?jaar=2024").content.decode()
    assert police_org.name in page
    assert "Alle organisaties" in page
    rows = list(
        csv.reader(io.StringIO(client.get("/verblijf/monitor/csv/?jaar=2024").content.decode()))
    )
    assert rows[0][:3] == ["jaar", "organisatie", "eligible"]
    assert rows[1][:5] == ["2024", police_org.name, "1", "1", "1"]
    assert client.get("/verblijf/monitor/pdf/?jaar=2024").content.startswith(b"%PDF")
    analyst = make_user(Role.ANALYST)
    hidden = verified_client_for(analyst).get("/verblijf/monitor/csv/?jaar=2024").content.decode()
    assert "<5" in hidden
    assert client.get("/verblijf/monitor/?jaar=abc").status_code == 400
    exports = AuditEvent.objects.filter(object_type="residence.monitor", action="export")
    assert exports.count() == 3


def test_follow_up_provider_counts_reflection_periods(reflecting, make_procedure) -> None:
    from schakel.residence.follow_up import TOPIC_KEY

    feedback = pytest.importorskip("schakel.registry.feedback")
    make_procedure()  # identified, not offered yet
    results = {
        r.topic.key: r
        for r in feedback.follow_ups_for(
            frozenset({reflecting.report_id, reflecting.report_id + 1000})
        )
    }
    lines = {line.code: line.count for line in results[TOPIC_KEY].lines}
    assert lines == {"offered": 1, "started": 1}
