"""PostgreSQL only: a covering index, so the facet counts of the list page read no table rows.

Facet counts need only these columns of the published practices; with INCLUDE the whole count
is an index-only scan. SQLite has no covering indexes, so it gets none.
"""

from django.db import migrations, models

INDEX = models.Index(fields=["status"], name="practice_facets_idx",
                     include=["id", "province", "municipality", "award", "year_started"])


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("practices", "Practice"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("practices", "Practice"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_event_action_choices")]
    operations = [migrations.RunPython(add_index, remove_index)]
