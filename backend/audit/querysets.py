"""Rows that carry a pupil's data log their own reads.

A selector that returns such rows (applications, placements: each with its `student`;
memberships, whose subclass says so in `pupil_ids`) returns a PupilRowsQuerySet marked with the
reader (`read_by`). Fetching its rows, whatever surface does it (an API list or retrieve, a
page, an export, a PDF), records one STUDENT_READ entry per pupil
fetched (audit_student_read, which skips a pupil reading their own). Counting, `exists()` and
`values()` fetch no pupil's data and record nothing; a page of a list records that page's pupils.
"""

from typing import Any, Self

from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable

from backend.audit.services import audit_student_read


class PupilRowsQuerySet(QuerySet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_by: tuple[Model, str] | None = None

    def read_by(self, user: Any, *, purpose: str) -> Self:
        """These rows, recording their pupils as read by `user` for `purpose` when fetched."""
        clone = self._chain()
        clone._read_by = (user, purpose) if user.is_authenticated else None
        return clone

    def _clone(self) -> Self:
        clone = super()._clone()
        clone._read_by = self._read_by
        return clone

    def pupil_ids(self, rows: list[Model]) -> set[int]:
        """The pupils whose data `rows` carry: each row's `student` by default."""
        return {row.student_id for row in rows if row.student_id}

    def _fetch_all(self) -> None:
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._read_by is not None and self._iterable_class is ModelIterable:
            reader, purpose = self._read_by
            pupils = self.pupil_ids(self._result_cache)
            if pupils:
                audit_student_read(by=reader, students=pupils, purpose=purpose)
