"""PostgreSQL backend whose test databases always get a UTF-8 character type.

pg_trgm extracts no trigrams from Thai text in a database with LC_CTYPE=C, so a test
database copied from a C-locale cluster would silently break Thai search.
"""

from django.db.backends.postgresql import base, creation

from portal.db.postgresql import lookups

lookups.register()  # a text holding NUL matches nothing instead of failing


class DatabaseCreation(creation.DatabaseCreation):
    def sql_table_creation_suffix(self):
        return (
            "WITH ENCODING 'UTF8' TEMPLATE template0 "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
