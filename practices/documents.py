"""The full-text document practices stored for PostgreSQL search until migration 0008, when
searches moved to each process's library index; kept for the migrations that name it."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Expression


class SearchDocument(Expression):
    """The stored, weighted full-text document of a practice (a generated column).

    PostgreSQL computes it from the segmented words; other databases store an empty string
    and search the word columns instead.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        return "''", []

    def as_postgresql(self, compiler, connection):
        return (
            "setweight(to_tsvector('simple'::regconfig, COALESCE(search_title, '')), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, COALESCE(search_summary, '')), 'B') || "
            "setweight(to_tsvector('simple'::regconfig, COALESCE(search_body, '')), 'C')",
            [],
        )
