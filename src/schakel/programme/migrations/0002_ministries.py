"""The initiating ministries the plans name (codes of plan_ministries.Ministry), as data.

Copied here literally, not imported, so this migration keeps meaning what it meant.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

MINISTRIES = [
    ("JenV", "Ministerie van Justitie en Veiligheid (in 2004: Justitie)", False),
    ("VenI", "Minister voor Vreemdelingenzaken en Integratie (2004, bij Justitie)", False),
    ("BZ", "Ministerie van Buitenlandse Zaken", False),
    ("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", False),
    ("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid", False),
    ("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport", False),
    ("FIN", "Ministerie van Financiën", False),
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", False),
    ("EZ", "Ministerie van Economische Zaken", False),
    ("ALLE", "Alle betrokken departementen", True),
]


def add_ministries(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Ministry = apps.get_model("programme", "Ministry")
    for code, name, is_all in MINISTRIES:
        Ministry.objects.get_or_create(code=code, defaults={"name": name, "is_all": is_all})


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(add_ministries, migrations.RunPython.noop)]
