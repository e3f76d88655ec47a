"""The API's JSON parser: DRF's, with a bound on nesting.

No document of the API is deeper than a few levels. JSON nested some thousand levels deep made
Python's decoder (or, just under its limit, whatever walked the result next) exceed the recursion
limit: a 500 on any JSON endpoint, the unauthenticated token endpoint included. Deeper than
MAX_DEPTH is a 400 before any view sees it.
"""

from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
TOO_DEEP = _("JSON parse error - nested deeper than %(depth)d levels.")


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit`; iterative, as the data may be deep."""
    pending = [(data, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            node = node.values()
        elif not isinstance(node, list):
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in node)
    return False


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(TOO_DEEP % {"depth": MAX_DEPTH}) from error
        if _depth_exceeds(data, MAX_DEPTH):
            raise ParseError(TOO_DEEP % {"depth": MAX_DEPTH})
        return data
