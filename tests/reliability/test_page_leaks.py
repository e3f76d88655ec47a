"""Every page (the URL configuration's, outside the API and allauth), fetched by every role on
its own side's object and on the other side's: never a 5xx, never text the role must not see.

Which status each page answers is the pages' own tests' business (tests/frontend/); this sweep
is the leak check of tests/reliability/test_authorisation_matrix.py applied to the HTML.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.reliability.figures import CASES
from tests.reliability.matrix import FORBIDDEN_TEXT
from tests.reliability.world import ROLES, SIDES, World

SKIPPED_PREFIXES = ("api/", "admin/", "accounts/", "i18n/", "^media/", "invitations/", "healthz")
# Pages whose <int:pk> names an object: which one, per side.
PAGE_OBJECTS = {
    "opportunity": lambda side: side.draft.pk,
    "company": lambda side: side.company.pk,
    "thread": lambda side: side.thread.pk,
    "apply": lambda side: side.published.pk,
    "round_choices": lambda side: side.round.pk,
    "opportunity_edit": lambda side: side.draft.pk,
    "company_applications": lambda side: side.published.pk,
    "request_edit": lambda side: side.request.pk,
    "request_matches": lambda side: side.request.pk,
    "round_detail": lambda side: side.round.pk,
    "organisation_members": lambda side: side.school.pk,
    "member_invite": lambda side: side.company.pk,
    "member_domains": lambda side: side.company.pk,
    "lifecycle_detail": lambda side: side.placement.pk,
    "lifecycle_plan": lambda side: side.placement.pk,
    "lifecycle_sign": lambda side: side.placement.pk,
    "lifecycle_risk_assessment": lambda side: side.placement.pk,
    "lifecycle_check_in": lambda side: side.placement.pk,
    "lifecycle_evaluation_handledare": lambda side: side.placement.pk,
    "lifecycle_evaluation_student": lambda side: side.placement.pk,
    "lifecycle_agreement_pdf": lambda side: side.placement.pk,
    "lifecycle_certificate_pdf": lambda side: side.placement.pk,
    "lifecycle_name": lambda side: side.placement.pk,
    "application": lambda side: side.application.pk,
    "request_close": lambda side: side.request.pk,
}
# Pages that only act (POST) or need more than one id: their GET is the form's own tests'.
ACTION_PAGES = {
    "thread_start",
    "student_act",
    "opportunity_transition",
    "company_act",
    "placement_confirm",
    "round_run",
    "company_verify",
    "school_verify",
    "opportunity_hide",
    "token_revoke",
    "member_act",
    "lifecycle_risk_confirm",
    "lifecycle_start",
    "lifecycle_change",
    "lifecycle_agree",
    "application_write",
    "proposal_decide",
    "organisation_act",
    "invitation_revoke",
    "opportunity_unhide",
    "request_hide",
    "request_unhide",
    "explainer",
    # A school's own programmes: ids of a kind the world does not build; their page tests check
    # that another school's admin gets a 404 (tests/frontend/test_school_programmes.py).
    "school_programme_create",
    "school_programme_edit",
}


def _pages() -> list[tuple[str, str]]:
    """(route, name) of every page outside the API, the admin and allauth."""

    def walk(patterns, prefix: str = ""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES) and name not in ACTION_PAGES
    ]


def test_every_page_with_an_id_names_its_object():
    unmapped = [name for route, name in _pages() if "<" in route and name not in PAGE_OBJECTS]
    assert not unmapped, f"add to PAGE_OBJECTS or ACTION_PAGES: {unmapped}"


def _urls(world: World, route: str, name: str) -> list[str]:
    if "<" not in route:
        return ["/" + route]
    return [
        "/" + route.replace("<int:pk>", str(PAGE_OBJECTS[name](world.side(side)))) for side in SIDES
    ]


def test_no_page_shows_a_role_what_it_must_not_see(world, db):
    problems = []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world.user(role))
        for route, name in _pages():
            for url in _urls(world, route, name):
                response = client.get(url)
                CASES["pages: requests swept for leaks"] += 1
                body = b"" if response.streaming else response.content
                text = body.decode("utf-8", "replace")
                if response.status_code >= 500:
                    problems.append(f"GET {url} as {role}: {response.status_code}")
                leaked = [secret for secret in FORBIDDEN_TEXT[role] if secret in text]
                if leaked:
                    problems.append(f"GET {url} as {role}: {response.status_code} shows {leaked}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["student", "counsellor", "member"])
def test_the_sweep_would_see_a_leak(world, db, role):
    """The markers do reach pages: each party of side a's thread reads its message there."""
    client = Client()
    client.force_login(world.user(role))
    response = client.get(f"/threads/{world.a.thread.pk}/")
    assert "SECRET-message-A" in response.content.decode()
