from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N`, and `?page_size=N` up to 200; responses carry count, next, previous, results."""

    page_size_query_param = "page_size"
    max_page_size = 200
