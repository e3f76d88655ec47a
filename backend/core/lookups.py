"""Lookups of every model: an id beyond any integer column matches no row, through a relation
too (RelatedExactInRange); a list of values as one array parameter on PostgreSQL (AnyOf).

Django answers `filter(pk=10**30)` with no rows for an integer column (IntegerFieldOverflow) but
not for a lookup through a relation, such as the primary key of a company or a school (their
organisation's): SQLite's driver then refuses the number (OverflowError, a 500 for an id in a
path or a body). Registered for every relation by CoreConfig.ready().
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models.fields.related_lookups import RelatedExact
from django.db.models.lookups import In

from backend.core.ids import MAX_ID


class RelatedExactInRange(RelatedExact):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if isinstance(self.rhs, int) and not -MAX_ID - 1 <= self.rhs <= MAX_ID:
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class AnyOf(In):
    """`field__any_of=values`: `IN (...)`, and on PostgreSQL `= ANY(%s)` with the values as one
    array parameter: psycopg parses again every statement of more than 50 parameters (a search
    near a town with a wide radius lists that many municipalities), and the statement's text
    stays the same for any number of values. Registered for every field by CoreConfig.ready()."""

    lookup_name = "any_of"

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple]:
        if not self.rhs_is_direct_value():  # a subquery stays IN (SELECT ...)
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _, values = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(values))
