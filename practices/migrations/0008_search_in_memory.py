"""Searches read each process's library index (practices.library_index) instead of the
database's full-text indexes; what only they read goes.

PostgreSQL only: the GIN indexes on the words of the title and the summary (0005). On both
databases: the stored full-text document, and with it its GIN indexes (0002, 0006).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Q

# Dropped with the document column; made again when going back.
DOCUMENT_INDEXES = [
    GinIndex(fields=["search_document"], name="practice_search_document_gin"),
    GinIndex(fields=["search_document"], name="practice_published_doc_gin",
             condition=Q(status="published")),
]
WORD_INDEXES = [
    GinIndex(SearchVector("search_title", config="simple"), name="practice_title_words_gin"),
    GinIndex(SearchVector("search_summary", config="simple"), name="practice_summary_words_gin"),
]


def drop_word_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in WORD_INDEXES:
            schema_editor.remove_index(apps.get_model("practices", "Practice"), index)


def add_word_indexes(apps, schema_editor):
    """Going back: runs after the document column is back (operations undo in reverse)."""
    if schema_editor.connection.vendor == "postgresql":
        for index in WORD_INDEXES + DOCUMENT_INDEXES:
            schema_editor.add_index(apps.get_model("practices", "Practice"), index)


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0007_protected_files"),
    ]

    operations = [
        migrations.RunPython(drop_word_indexes, add_word_indexes),
        migrations.RemoveField(
            model_name="practice",
            name="search_document",
        ),
    ]
