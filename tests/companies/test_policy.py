"""companies/policy.py answers every "who may" of the supply side from the actor alone."""

import pytest

from backend.accounts.actor import ANONYMOUS, actor_for
from backend.accounts.models import Organisation, User
from companies import policy

pytestmark = pytest.mark.django_db


def test_what_each_role_may_do_with_a_company(actors, company):
    acting = {role: actor_for(user) if user else ANONYMOUS for role, user in actors.items()}
    answers = {
        role: (
            policy.can_create_company(actor),
            policy.can_post(actor),
            policy.can_post_for(actor, company.pk),
            policy.can_admin_company(actor, company.pk),
            policy.sees_everything(actor),
        )
        for role, actor in acting.items()
    }
    assert answers == {
        "anonymous": (False, False, False, False, False),
        "student": (False, False, False, False, False),
        "counsellor": (False, False, False, False, False),
        "member": (True, True, True, True, False),
        "other_member": (True, True, False, False, False),
        "chamber": (False, False, False, False, True),
    }


def test_a_suspended_company_members_see_its_moderation_but_act_no_more(company, member):
    Organisation.objects.filter(pk=company.pk).update(suspended=True)
    actor = actor_for(member)
    assert policy.sees_moderation_of(actor, company.pk)
    assert not policy.can_post_for(actor, company.pk)
    assert not policy.can_admin_company(actor, company.pk)


def test_contact_details_and_moderation_by_viewer(actors, company):
    assert not policy.sees_contact_details(ANONYMOUS)
    assert policy.sees_contact_details(actor_for(actors["student"]))
    assert not policy.sees_moderation_of(actor_for(actors["other_member"]), company.pk)
    assert policy.sees_moderation_of(actor_for(actors["chamber"]), company.pk)


def test_a_plain_member_posts_but_does_not_administer(company, make_member):
    plain = actor_for(make_member(User.Role.COMPANY_MEMBER, company.organisation))
    assert policy.can_post_for(plain, company.pk)
    assert not policy.can_admin_company(plain, company.pk)
