"""PostgreSQL only: what a search needs to score and count matches without reading each row.

- GIN indexes on the words of the title and of the summary (the expressions search.py
  filters on), so a query word's title and summary matches come straight from an index;
- the covering index of the facet counts also carries published_at, the tie-break of the
  relevance order, so ordering the matches reads no table rows either.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

WORD_INDEXES = [
    GinIndex(SearchVector("search_title", config="simple"), name="practice_title_words_gin"),
    GinIndex(SearchVector("search_summary", config="simple"), name="practice_summary_words_gin"),
]
FACETS_BEFORE = models.Index(fields=["status"], name="practice_facets_idx",
                             include=["id", "province", "municipality", "award", "year_started"])
FACETS_AFTER = models.Index(fields=["status"], name="practice_facets_idx",
                            include=["id", "province", "municipality", "award", "year_started",
                                     "published_at"])


def _swap(schema_editor, model, remove, add):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in remove:
        schema_editor.remove_index(model, index)
    for index in add:
        schema_editor.add_index(model, index)


def forwards(apps, schema_editor):
    _swap(schema_editor, apps.get_model("practices", "Practice"),
          [FACETS_BEFORE], [FACETS_AFTER, *WORD_INDEXES])


def backwards(apps, schema_editor):
    _swap(schema_editor, apps.get_model("practices", "Practice"),
          [FACETS_AFTER, *WORD_INDEXES], [FACETS_BEFORE])


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_facets_index")]
    operations = [migrations.RunPython(forwards, backwards)]
