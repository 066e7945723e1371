"""Facet counts now come from bitmaps in each web process (practices.facet_index), keyed in
part by the latest change time, which the new index answers at once.

PostgreSQL only: the covering index the SQL facet counts read has no reader left and goes; a
full-text index of the published practices alone lets a public search take its matches from
one index scan, without checking each match's status against another index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models
from django.db.models import Q

COVERING = models.Index(fields=["status"], name="practice_facets_idx",
                        include=["id", "province", "municipality", "award", "year_started",
                                 "published_at"])
PUBLISHED_DOCUMENTS = GinIndex(fields=["search_document"], name="practice_published_doc_gin",
                               condition=Q(status="published"))


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        practice = apps.get_model("practices", "Practice")
        schema_editor.remove_index(practice, COVERING)
        schema_editor.add_index(practice, PUBLISHED_DOCUMENTS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        practice = apps.get_model("practices", "Practice")
        schema_editor.remove_index(practice, PUBLISHED_DOCUMENTS)
        schema_editor.add_index(practice, COVERING)


class Migration(migrations.Migration):
    dependencies = [("practices", "0005_title_summary_word_indexes")]
    operations = [
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(fields=["updated_at"], name="practice_updated_idx"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
