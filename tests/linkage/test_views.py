"""The registrar's review screens: side by side with differences marked, and deciding."""

from __future__ import annotations

from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.linkage.models import ReviewPair, ReviewStatus
from schakel.registry.models import PersonRecord
from tests.conftest import verified_client
from tests.linkage.url_fixtures import url_args


def test_registrar_sees_differences_and_confirms(db, police_org, make_user) -> None:
    (pk,) = url_args("linkage:review_pair", police_org)
    client = verified_client(make_user(Role.REGISTRAR))
    queue = client.get(reverse("linkage:review_queue"))
    assert reverse("linkage:review_pair", args=[pk]).encode() in queue.content
    page = client.get(reverse("linkage:review_pair", args=[pk]))
    html = page.content.decode()
    assert "<mark>Vries, de</mark>" in html  # the family names differ as written
    assert "schakel-differs" in html
    response = client.post(
        reverse("linkage:review_decide", args=[pk]), {"besluit": "zelfde", "toelichting": "ok"}
    )
    assert response.status_code == 302
    pair = ReviewPair.objects.get(pk=pk)
    assert pair.status == ReviewStatus.CONFIRMED
    first = PersonRecord.objects.get(pk=pair.record_a)
    second = PersonRecord.objects.get(pk=pair.record_b)
    assert first.person_id == second.person_id


def test_registrar_sees_possible_same_person_on_a_report(
    db, police_org, make_user, settings, tmp_path
) -> None:
    settings.LINKAGE_DIR = str(tmp_path)
    (pk,) = url_args("linkage:report_matches", police_org)
    client = verified_client(make_user(Role.REGISTRAR))
    page = client.get(reverse("linkage:report_matches", args=[pk]))
    assert page.status_code == 200
    # No run yet: the page says so instead of claiming there is no match.
    assert "nog geen koppelrun" in page.content.decode()
    detail = client.get(reverse("registry:report_detail", args=[pk]))
    assert reverse("linkage:report_matches", args=[pk]).encode() in detail.content
