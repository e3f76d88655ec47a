"""Errors of matching that the API answers with their own status."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class Conflict(APIException):
    """The request was valid but the state changed under it: the last places were taken by
    someone else a moment earlier. A 409 whose `detail` says what happened; pages show it too."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this at the same time; reload and try again.")
    default_code = "conflict"
