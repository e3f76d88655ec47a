"""What OPTIONS answers: the view's name and description and what it renders and parses.

The fields of each operation's input are described once, in the OpenAPI schema (/api/schema/).
DRF's default metadata also described them by building the view's serializer, and for a PUT by
reading the object: a 500 on every view whose input is not one serializer (the placement's
sign, start and confirm actions, /students/me/), and a read of an object for a request that needs
no permission.
"""

from typing import Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request


class Metadata(SimpleMetadata):
    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        return {}
