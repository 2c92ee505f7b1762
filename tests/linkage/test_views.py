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
