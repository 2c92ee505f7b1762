from django.apps import apps

from schakel.registry.categories import FIELD_CATEGORIES

# Keys, relations and bookkeeping fields carry no personal data of their own.
NOT_PERSONAL = {"id", "report", "person", "person_record", "search_text", "decision_due_on"}


def test_every_personal_field_has_a_data_category() -> None:
    for label in FIELD_CATEGORIES:
        model = apps.get_model(label)
        fields = {f.name for f in model._meta.concrete_fields} - NOT_PERSONAL
        assert fields == set(FIELD_CATEGORIES[label]), label
