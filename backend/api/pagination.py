from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from rest_framework import pagination

from backend.core.ids import MAX_ID


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N`, and `?page_size=N` up to 200; responses carry count, next, previous, results."""

    page_size_query_param = "page_size"
    max_page_size = 200


class IdsFirstPaginator(Paginator):
    """Pages of sorted ids (a `values_list` whose first column is the id) in two queries,
    whatever the page size: the page's ids together with the number of matching rows
    (COUNT(*) OVER ()), then those rows in full.

    Sorting by an expression (a distance from `near`) or with a filter PostgreSQL applies after
    the sort makes it sort every matching row; with every column of wide rows (an opportunity
    and its company) that spills to disk at 100,000 rows. Sorting ids only stays in memory, and
    counting in the same pass spares a second scan of the matches.

    `read` turns the page's ids into the page's items by id, given the ids' queryset for what
    it annotated (the distances from `near`): the rows are read by their ids, which passed the
    filters already (filtering them again evaluated every subquery of the filters a second
    time: the programme filter's alone is 7 ms at 100,000 opportunities).
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        *,
        read: Callable[[QuerySet, list[int]], dict[int, Any]],
    ) -> None:
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.read = read

    def get_page(self, number: Any) -> Page:
        """Django's get_page, without validating the number first: that counts every matching
        row once more (a second full COUNT on any `?page=N`), where the page's own query
        counts them anyway. An out-of-range number still gives the last page, anything else
        not a number the first."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number: Any) -> Page:
        ids = self._ids_counting(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if ids is None or ids[0] != bottom:
            ids = (bottom, self._ids(bottom))
        rows = self.read(self.object_list, ids[1])
        return self._get_page([rows[pk] for pk in ids[1] if pk in rows], number, self)

    def _ids_counting(self, number: Any) -> tuple[int, list[int]] | None:
        """The ids from the page's first row and, when the page has rows, the count."""
        try:
            bottom = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            return None
        if bottom < 0 or bottom + self.per_page > MAX_ID:  # beyond any OFFSET the database takes
            return None
        counted = self.object_list.annotate(_matches=Window(Count("pk")))
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:
            return None
        self.__dict__["count"] = rows[0][1]  # Paginator.count is a cached_property
        return bottom, [pk for pk, _ in rows]

    def _ids(self, bottom: int) -> list[int]:
        return [pk for (pk,) in self.object_list[bottom : bottom + self.per_page]]


class IdsFirstPagination(PageNumberPagination):
    """The API's pages of opportunities' ids, read as IdsFirstPaginator reads them; `read` as
    there."""

    django_paginator_class = IdsFirstPaginator

    def paginate_queryset(
        self,
        queryset: QuerySet,
        request: Any,
        view: Any = None,
        *,
        read: Callable[[QuerySet, list[int]], dict[int, Any]],
    ) -> list | None:
        self.django_paginator_class = partial(IdsFirstPaginator, read=read)
        return super().paginate_queryset(queryset, request, view)
