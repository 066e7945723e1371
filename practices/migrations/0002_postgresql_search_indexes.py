"""PostgreSQL-only search indexes; SQLite (the embedded default) gets none of these.

- a GIN index on the stored full-text document (Practice.search_document);
- a trigram index on the vocabulary, for partial words (LIKE '%…%') and typo correction.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

DOCUMENT_INDEX = "practice_search_document_gin"
TERM_INDEX = "practice_searchterm_trgm_gin"


def _indexes():
    return [
        ("practice", GinIndex(fields=["search_document"], name=DOCUMENT_INDEX)),
        ("searchterm", GinIndex(OpClass("term", name="gin_trgm_ops"), name=TERM_INDEX)),
    ]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in _indexes():
        schema_editor.add_index(apps.get_model("practices", model_name), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in _indexes():
        schema_editor.remove_index(apps.get_model("practices", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
