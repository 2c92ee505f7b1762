"""The default retention rules, version 2026-01-01 (one ADR per rule in docs/adr/002x).

The terms are Schakel's proposal under the storage-limitation principle; the controller
(CoMensha for the registry) confirms or replaces them by adding a newer version of a rule.
"""

from datetime import date

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

VALID_FROM = date(2026, 1, 1)
GDPR_STORAGE = "AVG art. 5 lid 1 onder e (opslagbeperking)"

RULES = [
    {
        "order": 10,
        "code": "shelter-placements",
        "table": "shelter.placement",
        "action": "delete",
        "term_days": 1826,
        "counted_from": "laatste gebeurtenis van een afgesloten plaatsing (uitgestroomd of ingetrokken)",
        "description": "Afgesloten plaatsingsverzoeken worden na vijf jaar met hun geschiedenis verwijderd; plaatsen en voorzieningen blijven.",
        "source": f"{GDPR_STORAGE}; vijf jaar zoals de registratie (docs/adr/0025)",
        "adr": "docs/adr/0025-retention-shelter-placements.md",
    },
    {
        "order": 20,
        "code": "residence-procedures",
        "table": "residence.procedure",
        "action": "pseudonymise",
        "term_days": 1826,
        "counted_from": "datum van afsluiting van de procedure",
        "description": "Afgesloten B8/3-procedures verliezen na vijf jaar de naam van het slachtoffer, het IND-kenmerk en de vrije tekst; data en statussen blijven voor de monitoring.",
        "source": f"{GDPR_STORAGE}; AVG art. 89 (statistiek); Vc 2000 B8/3 (docs/adr/0024)",
        "adr": "docs/adr/0024-retention-residence-procedures.md",
    },
    {
        "order": 30,
        "code": "registry-drafts",
        "table": "registry.report (draft)",
        "action": "delete",
        "term_days": 90,
        "counted_from": "laatste wijziging van het concept",
        "description": "Concepten die negentig dagen niet zijn aangeraakt, worden verwijderd: ze zijn nooit ingediend.",
        "source": f"{GDPR_STORAGE}; minimale gegevensverwerking art. 5 lid 1 onder c (docs/adr/0020)",
        "adr": "docs/adr/0020-retention-draft-reports.md",
    },
    {
        "order": 40,
        "code": "registry-not-registered",
        "table": "registry.report (not registered, withdrawn)",
        "action": "delete",
        "term_days": 730,
        "counted_from": "besluit 'niet geregistreerd', of de intrekking",
        "description": "Meldingen die niet zijn geregistreerd of zijn ingetrokken, worden na twee jaar met alles wat eraan hangt verwijderd (ook beoordelingen).",
        "source": f"{GDPR_STORAGE}; twee jaar om een heropening of klacht af te handelen (docs/adr/0021)",
        "adr": "docs/adr/0021-retention-unregistered-reports.md",
    },
    {
        "order": 50,
        "code": "registry-registered",
        "table": "registry.report (registered)",
        "action": "pseudonymise",
        "term_days": 1826,
        "counted_from": "besluit 'geregistreerd'",
        "description": "Geregistreerde meldingen worden na vijf jaar gepseudonimiseerd: namen, geboortedatum (het jaar blijft), contact, documenten, namen van verdachten en vrije tekst gaan weg; wat de statistiek nodig heeft blijft.",
        "source": f"{GDPR_STORAGE}; AVG art. 89 lid 1 (statistiek); vijf jaar als in de registratiepraktijk (docs/adr/0022)",
        "adr": "docs/adr/0022-retention-registered-reports.md",
    },
    {
        "order": 60,
        "code": "identification-assessments",
        "table": "identification.assessment",
        "action": "pseudonymise",
        "term_days": 1826,
        "counted_from": "besluit 'geregistreerd' over de melding",
        "description": "Toelichtingen en onderbouwingen bij beoordelingen van geregistreerde meldingen worden na vijf jaar leeggemaakt; conclusies en indicatoren blijven. Beoordelingen van verwijderde meldingen gaan mee met de melding.",
        "source": f"{GDPR_STORAGE}; volgt de melding (docs/adr/0023)",
        "adr": "docs/adr/0023-retention-identification-assessments.md",
    },
    {
        "order": 90,
        "code": "audit-events",
        "table": "core.auditevent",
        "action": "keep",
        "term_days": 1826,
        "counted_from": "tijdstip van de gebeurtenis",
        "description": "De audittrail is alleen-toevoegen en hash-geketend: Schakel wijzigt of verwijdert nooit een gebeurtenis. De run telt wat ouder is dan vijf jaar; archiveren gebeurt buiten de applicatie.",
        "source": "BIO 12.4.1 (logging); AVG art. 5 lid 2 (verantwoordingsplicht) (docs/adr/0026)",
        "adr": "docs/adr/0026-retention-audit-events.md",
    },
]


def add_rules(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for rule in RULES:
        RetentionRule.objects.create(valid_from=VALID_FROM, **rule)


def remove_rules(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RetentionRule = apps.get_model("retention", "RetentionRule")
    RetentionRule.objects.filter(
        valid_from=VALID_FROM, code__in=[r["code"] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
