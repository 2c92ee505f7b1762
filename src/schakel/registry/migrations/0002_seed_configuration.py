"""Initial configuration: the decision term and the reasons for not registering."""

from datetime import date

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

SOURCE = ("Nationaal Actieplan Mensenhandel (2004), actie 66: uniforme criteria voor "
          "registratie; termijn vastgesteld door de centrale registratie")

REASONS = [
    ("no_indications", "Geen indicaties van mensenhandel", "No indications of trafficking"),
    ("insufficient_information", "Onvoldoende informatie om te beoordelen",
     "Not enough information to assess"),
    ("duplicate", "Dubbele melding van dezelfde persoon en situatie",
     "Duplicate report of the same person and situation"),
    ("not_identifiable", "Persoon niet te identificeren", "Person cannot be identified"),
    ("no_consent", "Geen toestemming en geen wettelijke grondslag zonder toestemming",
     "No consent and no legal basis without consent"),
    ("other", "Andere reden (zie toelichting)", "Other reason (see note)"),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    DecisionTerm = apps.get_model("registry", "DecisionTerm")
    NotRegisteredReason = apps.get_model("registry", "NotRegisteredReason")
    DecisionTerm.objects.get_or_create(valid_from=date(2004, 1, 1),
                                       defaults={"working_days": 5, "source": SOURCE})
    for code, nl, en in REASONS:
        NotRegisteredReason.objects.get_or_create(
            code=code, defaults={"label_nl": nl, "label_en": en,
                                 "valid_from": date(2004, 1, 1), "source": SOURCE})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
