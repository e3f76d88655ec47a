from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language as django_set_language

from backend.accounts import services


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in user's choice for e-mails."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_language_set(actor=request.actor, language=request.POST.get("language", ""))
    return response
