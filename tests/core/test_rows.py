"""core.rows: inserts as bulk_create would write them, and the hot path's plain statements."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext

from schakel.core import rows
from schakel.registry.models import Person
from tests.crypto_app.models import Secret

pytestmark = pytest.mark.django_db


def test_insert_sets_keys_in_order_and_encrypts_like_the_orm() -> None:
    secrets = [Secret(narrative=f"verhaal {i}", health=None if i else "gezond") for i in range(3)]
    rows.insert(secrets)
    assert all(s.pk is not None and not s._state.adding for s in secrets)
    stored = {s.pk: (s.narrative, s.health) for s in Secret.objects.all()}
    assert stored == {s.pk: (s.narrative, s.health) for s in secrets}
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM crypto_app_secret")
        assert not any("verhaal" in raw for (raw,) in cursor.fetchall())  # encrypted at rest


def test_insert_runs_pre_save_and_defaults_in_one_statement() -> None:
    people = [Person(), Person()]
    with CaptureQueriesContext(connection) as queries:
        rows.insert(people)
    assert len(queries) == 1
    stored = Person.objects.get(pk=people[1].pk)
    assert stored.created_at == people[1].created_at is not None  # auto_now_add
    assert stored.pseudonym == people[1].pseudonym != people[0].pseudonym  # field default


def test_insert_refuses_saved_or_mixed_objects() -> None:
    saved = Secret.objects.create(narrative="x")
    with pytest.raises(ValueError, match="new objects of one model"):
        rows.insert([saved])
    assert rows.insert([]) is None


def test_execute_returns_rows_and_passes_execute_wrappers() -> None:
    Secret.objects.create(narrative="x")
    with CaptureQueriesContext(connection) as queries:
        found = rows.execute("SELECT COUNT(*) FROM crypto_app_secret WHERE id > %s", [0])
        nothing = rows.execute("UPDATE crypto_app_secret SET health = NULL WHERE id < %s", [0])
    assert found == [(1,)]
    assert nothing == []
    assert len(queries) == 2


def test_insert_sends_the_signals_save_sends() -> None:
    seen: list[tuple[str, bool, int | None]] = []

    def before(sender: type, instance: Secret, **kwargs: object) -> None:
        seen.append(("pre", kwargs["raw"] is False, instance.pk))

    def after(sender: type, instance: Secret, **kwargs: object) -> None:
        seen.append(("post", bool(kwargs["created"]), instance.pk))

    pre_save.connect(before, sender=Secret)
    post_save.connect(after, sender=Secret)
    try:
        secret = Secret(narrative="x")
        rows.insert([secret])
    finally:
        pre_save.disconnect(before, sender=Secret)
        post_save.disconnect(after, sender=Secret)
    assert seen == [("pre", True, None), ("post", True, secret.pk)]
