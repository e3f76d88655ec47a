"""Moderation exists once (issue 16): verify, suspend and unsuspend any organisation, hide and
unhide any posting, with the same checks, validation and audit entry whichever surface calls it
(the API, the chamber's pages, the Django admin)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from backend.accounts.actor import actor_for
from backend.accounts.models import Organisation, User
from backend.audit.models import AuditEntry
from backend.core.errors import TransitionError
from backend.moderation import (
    organisation_suspend,
    organisation_unsuspend,
    organisation_verify,
    posting_hide,
    posting_unhide,
)
from companies.models import Opportunity
from schools.models import PlacementRequest
from tests.backend.accounts.factories import UserFactory
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.schools.factories import PlacementRequestFactory, SchoolFactory

pytestmark = pytest.mark.django_db

KINDS = ["company", "school"]
POSTINGS = ["opportunity", "request"]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def chamber(make_member):
    return make_member(User.Role.CHAMBER_STAFF)


def _unverified(kind: str) -> Organisation:
    factory = CompanyFactory if kind == "company" else SchoolFactory
    return factory(organisation__verified_at=None).organisation


def _posting(kind: str) -> Opportunity | PlacementRequest:
    return OpportunityFactory() if kind == "opportunity" else PlacementRequestFactory()


def _entries() -> list[tuple]:
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "actor_id", "action", "target_type", "target_id", "detail"
        )
    )


# --- the services --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_verify_suspend_unsuspend_and_their_illegal_repeats(chamber, kind):
    organisation = _unverified(kind)
    actor = actor_for(chamber)

    organisation_verify(actor=actor, organisation=organisation)
    with pytest.raises(TransitionError, match="already verified") as caught:
        organisation_verify(actor=actor, organisation=organisation)
    assert caught.value.allowed == ()
    organisation_suspend(actor=actor, organisation=organisation)
    with pytest.raises(TransitionError, match="can only be unsuspended") as caught:
        organisation_suspend(actor=actor, organisation=organisation)
    assert caught.value.allowed == ("unsuspend",)
    organisation_unsuspend(actor=actor, organisation=organisation)
    with pytest.raises(TransitionError, match="can only be suspended") as caught:
        organisation_unsuspend(actor=actor, organisation=organisation)
    assert caught.value.allowed == ("suspend",)

    organisation.refresh_from_db()
    assert (organisation.is_verified, organisation.suspended) == (True, False)
    assert _entries() == [
        (chamber.pk, action, kind, str(organisation.pk), "")
        for action in ("verify", "suspend", "unsuspend")
    ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", [User.Role.COUNSELLOR, User.Role.COMPANY_MEMBER])
def test_only_moderators_moderate_organisations(make_member, kind, role):
    """The schools' copy checked no actor: a counsellor could suspend a school."""
    organisation = _unverified(kind)
    actor = actor_for(make_member(role, organisation))
    for service in (organisation_verify, organisation_suspend, organisation_unsuspend):
        with pytest.raises(PermissionDenied, match="Only chamber staff"):
            service(actor=actor, organisation=organisation)
    organisation.refresh_from_db()
    assert (organisation.is_verified, organisation.suspended) == (False, False)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_moderation_validates_the_organisation(chamber, kind):
    """The schools' copy saved without full_clean(): a nameless school could be suspended."""
    organisation = _unverified(kind)
    Organisation.objects.filter(pk=organisation.pk).update(name="")
    organisation.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        organisation_suspend(actor=actor_for(chamber), organisation=organisation)
    assert "name" in caught.value.message_dict
    assert not Organisation.objects.get(pk=organisation.pk).suspended
    assert not AuditEntry.objects.exists()


def test_the_chamber_itself_is_not_moderated(chamber):
    chamber_organisation = chamber.organisations.get()
    with pytest.raises(ValidationError):
        organisation_suspend(actor=actor_for(chamber), organisation=chamber_organisation)


@pytest.mark.parametrize("kind", POSTINGS)
def test_hide_needs_a_reason_and_unhide_undoes_it(chamber, kind):
    posting = _posting(kind)
    actor = actor_for(chamber)

    with pytest.raises(ValidationError) as caught:
        posting_hide(actor=actor, posting=posting, reason="  ")
    assert "reason" in caught.value.message_dict
    posting_hide(actor=actor, posting=posting, reason=" Saknar handledare. ")
    assert (posting.hidden_reason, posting.hidden_by) == ("Saknar handledare.", chamber)
    with pytest.raises(TransitionError, match="can only be unhidden") as caught:
        posting_hide(actor=actor, posting=posting, reason="igen")
    assert caught.value.allowed == ("unhide",)
    posting_unhide(actor=actor, posting=posting)
    posting.refresh_from_db()
    assert (posting.hidden_at, posting.hidden_reason, posting.hidden_by) == (None, "", None)
    with pytest.raises(TransitionError, match="can only be hidden") as caught:
        posting_unhide(actor=actor, posting=posting)
    assert caught.value.allowed == ("hide",)

    target = posting._meta.model_name
    assert _entries() == [
        (chamber.pk, "hide", target, str(posting.pk), "Saknar handledare."),
        (chamber.pk, "unhide", target, str(posting.pk), ""),
    ]


@pytest.mark.parametrize("kind", POSTINGS)
def test_only_moderators_hide(make_member, kind):
    """The schools' copy of unhide checked no actor."""
    posting = _posting(kind)
    posting.hidden_at, posting.hidden_reason = posting.updated_at, "Spam"
    posting.save()
    actor = actor_for(make_member(User.Role.COUNSELLOR))
    with pytest.raises(PermissionDenied):
        posting_unhide(actor=actor, posting=posting)
    with pytest.raises(PermissionDenied):
        posting_hide(actor=actor, posting=_posting(kind), reason="x")
    assert type(posting).objects.get(pk=posting.pk).hidden_at is not None


# --- every surface calls them ----------------------------------------------------------------


def _api(client, user, kind: str, organisation: Organisation, action: str):
    path = "companies" if kind == "company" else "schools"
    client.force_login(user)
    return client.post(f"/api/v1/{path}/{organisation.pk}/{action}/")


def _page(client, user, kind: str, organisation: Organisation, action: str):
    client.force_login(user)
    return client.post(f"/chamber/organisations/{organisation.pk}/{action}/")


def _admin(client, user, kind: str, organisation: Organisation, action: str):
    client.force_login(user)
    app = "companies" if kind == "company" else "schools"
    return client.post(
        f"/admin/{app}/{kind}/",
        {"action": action, ACTION_CHECKBOX_NAME: [organisation.pk]},
        follow=True,
    )


SURFACES = {"api": _api, "page": _page, "admin": _admin}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_surface_writes_the_same_audit_entry(client, surface, kind):
    superuser = UserFactory(role=User.Role.CHAMBER_STAFF, is_staff=True, is_superuser=True)
    organisation = _unverified(kind)
    for action in ("verify", "suspend"):
        SURFACES[surface](client, superuser, kind, organisation, action)
    organisation.refresh_from_db()
    assert (organisation.is_verified, organisation.suspended) == (True, True)
    assert _entries() == [
        (superuser.pk, "verify", kind, str(organisation.pk), ""),
        (superuser.pk, "suspend", kind, str(organisation.pk), ""),
    ]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_surface_refuses_a_non_moderator(client, surface, kind):
    """A Django staff user who may change schools in the admin is not a moderator: the schools'
    admin action used to suspend for them. (An organisation they cannot see is a 404 in the API,
    so this one is verified, public.)"""
    user = UserFactory(role=User.Role.COUNSELLOR, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=[f"view_{kind}", f"change_{kind}"])
    )
    factory = CompanyFactory if kind == "company" else SchoolFactory
    organisation = factory().organisation
    response = SURFACES[surface](client, user, kind, organisation, "suspend")
    if surface == "admin":
        assert "Only chamber staff moderate" in response.content.decode()
    else:
        assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.suspended
    assert not AuditEntry.objects.exists()
