"""An id beyond any integer column matches no row, through a relation too.

Django answers `filter(pk=10**30)` with no rows for an integer column (IntegerFieldOverflow) but
not for a lookup through a relation, such as the primary key of a company or a school (their
organisation's): SQLite's driver then refuses the number (OverflowError, a 500 for an id in a
path or a body). Registered for every relation by CoreConfig.ready().
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models.fields.related_lookups import RelatedExact

from backend.core.ids import MAX_ID


class RelatedExactInRange(RelatedExact):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if isinstance(self.rhs, int) and not -MAX_ID - 1 <= self.rhs <= MAX_ID:
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)
