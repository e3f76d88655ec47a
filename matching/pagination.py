"""Pages of matches: the project's pages plus `empty_state`, why the list is empty (or null)."""

from typing import Any

from backend.api.pagination import PageNumberPagination

EMPTY_STATE_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "Null unless the list is empty; then why: how many opportunities each hard "
    "filter removed.",
    "properties": {
        "message": {"type": "string"},
        "total": {"type": "integer", "nullable": True},
        "remaining": {"type": "integer", "nullable": True},
        "removed": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "filter": {"type": "string"},
                    "count": {"type": "integer"},
                    "text": {"type": "string"},
                },
            },
        },
    },
}


class MatchPagination(PageNumberPagination):
    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["empty_state"] = EMPTY_STATE_SCHEMA
        return paginated
