"""PostgreSQL only: a trigram index serves the directory's word search (LIKE '%…%')."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="coach_search_trgm_gin")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("coaches", "Coach"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("coaches", "Coach"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("coaches", "0002_transfer_tools")]
    operations = [TrigramExtension(), migrations.RunPython(add_index, remove_index)]
