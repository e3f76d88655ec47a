"""One application's page: its history says who acted, each side's actions, and the
conversation about it opened from here."""

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from matching import services as matching_services
from matching.models import Thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def application(world):
    world.member.first_name, world.member.last_name = "Eva", "Svensson"
    world.member.save()
    application = matching_services.application_submit(
        actor=actor_for(world.student),
        opportunity=world.opportunity,
        motivation="Jag vill bygga laddare.",
    )
    matching_services.application_act(
        application=application, action="review", actor=actor_for(world.member)
    )
    return application


def test_the_history_says_who_acted(login, world, application):
    html = login(world.student).get(f"/applications/{application.pk}/").content.decode()
    assert "by the student" in html
    company = escape(world.opportunity.company.organisation.name)  # Faker's "Ström & Jansson"
    assert f"by Eva Svensson, {company}" in html
    dashboard = login(world.student).get("/dashboard/").content.decode()
    assert "by Eva Svensson" in dashboard


def test_the_history_gives_each_status_its_local_time_and_note(login, world, application):
    matching_services.application_act(
        application=application,
        action="reject",
        actor=actor_for(world.member),
        note="<b>Full</b> & sorry",
    )
    event = application.events.get(to_status="rejected")
    local = timezone.localtime(event.at)
    html = login(world.student).get("/dashboard/").content.decode()
    assert '<span class="tag status-submitted">Submitted</span>' in html
    shown = date_format(local, "SHORT_DATETIME_FORMAT")
    assert f'<time datetime="{local.isoformat()}">{shown}</time>' in html
    assert "· &lt;b&gt;Full&lt;/b&gt; &amp; sorry</li>" in html


def test_each_side_sees_its_own_actions(login, world, application):
    student = login(world.student).get(f"/applications/{application.pk}/").content.decode()
    assert "Withdraw" in student
    assert "Make an offer" not in student
    company = login(world.member).get(f"/applications/{application.pk}/").content.decode()
    assert "Make an offer" in company
    assert "Withdraw" not in company


@pytest.mark.parametrize("side", ["student", "member", "counsellor"])
def test_a_side_opens_the_conversation_from_the_page(login, world, application, side):
    client = login(getattr(world, side))
    response = client.post(
        f"/applications/{application.pk}/write/", {"subject": "Intervju", "body": "När passar?"}
    )
    thread = Thread.objects.get(application=application)
    assert response["Location"] == f"/threads/{thread.pk}/"
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert f'href="/threads/{thread.pk}/"' in page


def test_an_empty_message_shows_next_to_the_field(login, world, application):
    response = login(world.student).post(f"/applications/{application.pk}/write/", {"body": ""})
    assert response.status_code == 400
    assert 'id="id_body_errors"' in response.content.decode()
    assert not Thread.objects.exists()


def test_someone_else_finds_no_such_application(login, application, make_member):
    other = make_member(User.Role.COMPANY_MEMBER)
    assert login(other).get(f"/applications/{application.pk}/").status_code == 404
    assert (
        login(other).post(f"/applications/{application.pk}/write/", {"body": "x"}).status_code
        == 404
    )
