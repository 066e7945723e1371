"""Text comparisons with a value that holds a NUL character (U+0000) match nothing.

PostgreSQL text cannot hold NUL and psycopg refuses to send one, so a lookup such as
`Region.objects.get(code="a\\x00")` would fail with a DataError (a server error in the API,
where the value comes from an address or a request body) instead of finding nothing. Nothing
stored can equal, start with, end with or contain such a value: like Django's own lookups with
an integer out of the column's range, these answer "no rows" without asking the database, and
`in` leaves such values out.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import CharField, TextField, lookups


def holds_nul(value) -> bool:
    return isinstance(value, str) and "\x00" in value


class NulMatchesNothing:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and holds_nul(self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class In(lookups.In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = [value for value in self.rhs if not holds_nul(value)]
        return super().process_rhs(compiler, connection)


COMPARISONS = [
    type(lookup.__name__, (NulMatchesNothing, lookup), {})
    for lookup in (lookups.Exact, lookups.IExact, lookups.Contains, lookups.IContains,
                   lookups.StartsWith, lookups.IStartsWith, lookups.EndsWith,
                   lookups.IEndsWith)
]


def register() -> None:
    for field in (CharField, TextField):
        for lookup in [*COMPARISONS, In]:
            field.register_lookup(lookup)
