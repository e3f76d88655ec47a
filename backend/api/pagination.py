from collections.abc import Sequence

from django.db.models import Model, QuerySet
from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.views import APIView


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N`, and `?page_size=N` up to 200; responses carry count, next, previous, results."""

    page_size_query_param = "page_size"
    max_page_size = 200


class IdsFirst:
    """A queryset as Django's Paginator sees it (count, slicing, ordered), whose slices read the
    ids of the page first, then those rows in full."""

    def __init__(self, queryset: QuerySet) -> None:
        self.queryset = queryset
        self.ordered = queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Model]:
        ids = list(self.queryset.values_list("pk", flat=True)[page])
        rows = {row.pk: row for row in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids]


class IdsFirstPagination(PageNumberPagination):
    """Pages that sort narrow rows: a page first picks its ids, then reads those rows in full.

    Sorting by an expression (a distance from `near`) or with a filter PostgreSQL applies after
    the sort makes it sort every matching row; with every column of wide rows (an opportunity
    and its company) that spills to disk at 100,000 rows. Sorting ids only stays in memory. The
    cost is one query more, the same for any page size.
    """

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> Sequence[Model] | None:
        return super().paginate_queryset(IdsFirst(queryset), request, view)
