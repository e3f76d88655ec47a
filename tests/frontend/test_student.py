"""A student's pages: dashboard, profile, apply, withdraw, accept an offer."""

import pytest

from backend.accounts.actor import actor_for
from matching import services as matching_services
from matching.models import AllocationRound, Application, Placement
from tests.companies.factories import OpportunityFactory
from tests.matching.factories import open_opportunity, tiny_pdf, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def test_the_dashboard_recommends_with_the_reason(login, world):
    html = login(world.student).get("/dashboard/").content.decode()
    assert world.opportunity.title in html
    assert "Same programme" in html


def test_a_student_without_a_profile_is_asked_to_create_one(login, make_member):
    from backend.accounts.models import User

    student = make_member(User.Role.STUDENT)
    html = login(student).get("/dashboard/").content.decode()
    assert "Create my profile" in html


def test_profile_edit_saves_through_the_service(login, world):
    client = login(world.student)
    data = {
        "school": world.profile.school_id,
        "programme": "EE",
        "year": "3",
        "home_municipality": "1880",
        "languages": ["sv", "en"],
        "stem_interests": ["electrification"],
        "about": "Jag gillar el.",
    }
    response = client.post("/me/profile/", data)
    assert response.status_code == 302
    world.profile.refresh_from_db()
    assert world.profile.year == 3
    assert world.profile.speaks_english


def test_profile_errors_show_next_to_the_field(login, world):
    response = login(world.student).post("/me/profile/", {"school": "", "home_municipality": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_school_errors"' in html
    assert 'aria-invalid="true"' in html


def test_apply_with_a_cv_then_withdraw(login, world):
    client = login(world.student)
    response = client.post(
        f"/opportunities/{world.opportunity.pk}/apply/",
        {"motivation": "Jag vill bygga laddstationer.", "cv": upload(tiny_pdf())},
    )
    assert response.status_code == 302
    application = Application.objects.get(student=world.profile)
    assert application.cv
    html = client.get("/dashboard/").content.decode()
    assert "Withdraw" in html
    response = client.post(f"/me/applications/{application.pk}/withdraw/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_apply_needs_a_motivation_and_says_so_next_to_the_field(login, world):
    response = login(world.student).post(
        f"/opportunities/{world.opportunity.pk}/apply/", {"motivation": ""}
    )
    assert response.status_code == 400
    assert 'id="id_motivation_errors"' in response.content.decode()


def test_a_cv_that_is_not_a_pdf_is_refused_next_to_the_field(login, world):
    response = login(world.student).post(
        f"/opportunities/{world.opportunity.pk}/apply/",
        {"motivation": "Hej", "cv": upload(b"not a pdf", name="cv.pdf")},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_cv_errors"' in html


def test_accept_an_offer_confirms_a_placement(login, world):
    application = matching_services.application_submit(
        actor=actor_for(world.student), opportunity=world.opportunity, motivation="Gärna!"
    )
    matching_services.application_act(
        application=application, action="offer", actor=actor_for(world.member)
    )
    client = login(world.student)
    assert "Accept the offer" in client.get("/dashboard/").content.decode()
    asked = client.post(f"/me/applications/{application.pk}/accept/")
    assert "Accepting confirms your placement" in asked.content.decode()
    assert not Placement.objects.exists()
    response = client.post(f"/me/applications/{application.pk}/accept/", {"confirm": "yes"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert Placement.objects.filter(application=application).exists()


def test_a_refused_transition_is_a_message_not_an_error(login, world):
    application = matching_services.application_submit(
        actor=actor_for(world.student), opportunity=world.opportunity, motivation="Gärna!"
    )
    client = login(world.student)
    response = client.post(f"/me/applications/{application.pk}/accept/", follow=True)
    assert response.status_code == 200
    assert "cannot be accepted now" in response.content.decode()


def test_other_roles_may_not_use_student_pages(login, world):
    assert login(world.member).get("/me/profile/").status_code == 403
    url = f"/opportunities/{world.opportunity.pk}/apply/"
    assert login(world.counsellor).get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_after_applying_the_opportunity_says_applied_instead_of_apply(login, world):
    client = login(world.student)
    assert (
        f'href="/opportunities/{world.opportunity.pk}/apply/"'
        in client.get(f"/opportunities/{world.opportunity.pk}/").content.decode()
    )
    response = client.post(
        f"/opportunities/{world.opportunity.pk}/apply/", {"motivation": "Jag vill."}
    )
    application = world.opportunity.applications.get()
    assert response["Location"] == f"/applications/{application.pk}/"
    page = client.get(f"/opportunities/{world.opportunity.pk}/").content.decode()
    assert "You applied on" in page
    assert f'href="/opportunities/{world.opportunity.pk}/apply/"' not in page
    again = client.get(f"/opportunities/{world.opportunity.pk}/apply/")
    assert again["Location"] == f"/applications/{application.pk}/"


def test_recommendations_have_an_apply_button_and_the_deadline(login, world):
    from datetime import timedelta

    from django.utils import timezone

    deadline = timezone.localdate() + timedelta(days=10)
    type(world.opportunity).objects.filter(pk=world.opportunity.pk).update(
        application_deadline=deadline
    )
    html = login(world.student).get("/dashboard/").content.decode()
    assert f'href="/opportunities/{world.opportunity.pk}/apply/"' in html
    assert f'datetime="{deadline.isoformat()}"' in html


def test_recommendations_leave_out_a_posting_past_its_deadline(login, world):
    from datetime import timedelta

    from django.utils import timezone

    from matching.models import Match

    type(world.opportunity).objects.filter(pk=world.opportunity.pk).update(
        application_deadline=timezone.localdate() - timedelta(days=1)
    )
    assert Match.objects.filter(opportunity=world.opportunity, student__isnull=False).exists()
    html = login(world.student).get("/dashboard/").content.decode()
    assert f'href="/opportunities/{world.opportunity.pk}/apply/"' not in html


def test_accepting_warns_of_an_overlapping_placement_and_offers_no_confirmation(login, world):
    first = matching_services.application_submit(
        actor=actor_for(world.student), opportunity=world.opportunity, motivation="Gärna!"
    )
    other = OpportunityFactory(
        company=world.opportunity.company,
        programmes=["EE"],
        period_start=world.opportunity.period_start,
        period_end=world.opportunity.period_end,
        title="Samma veckor",
    )
    second = matching_services.application_submit(
        actor=actor_for(world.student), opportunity=other, motivation="Också!"
    )
    for application in (first, second):
        matching_services.application_act(
            application=application, action="offer", actor=actor_for(world.member)
        )
    matching_services.application_act(
        application=first, action="accept", actor=actor_for(world.student)
    )
    client = login(world.student)

    asked = client.post(f"/me/applications/{second.pk}/accept/")

    html = asked.content.decode()
    assert "overlaps this one" in html
    assert 'name="confirm"' not in html


def test_the_dashboard_takes_the_same_few_queries_whatever_it_lists(
    login, world, django_assert_max_num_queries
):
    # The session, the user and the actor, the bell's count; the recommendations (2 queries
    # more to explain the opportunities, 2 for the student), the applications with their
    # histories, the placements and the rounds: 13, for one recommendation or a full page of
    # them beside applications, a placement and a round.
    client = login(world.student)
    client.get("/dashboard/")  # the reference rows, read once per process
    with django_assert_max_num_queries(13):
        assert client.get("/dashboard/").status_code == 200

    student, member = actor_for(world.student), actor_for(world.member)
    near = {
        "company": world.opportunity.company,
        "municipality_id": world.opportunity.municipality_id,
    }
    others = [open_opportunity(**near) for _ in range(9)]
    matching_services.matches_recompute_all()
    for opportunity in (world.opportunity, *others[:3]):
        application = matching_services.application_submit(
            actor=student, opportunity=opportunity, motivation="Gärna!"
        )
        matching_services.application_act(application=application, action="offer", actor=member)
    matching_services.application_act(application=application, action="accept", actor=student)
    AllocationRound.objects.create(kind="stable", school=world.profile.school)

    with django_assert_max_num_queries(13):
        html = client.get("/dashboard/").content.decode()
    assert html.count('class="why"') == 8
    assert html.count('<ol class="timeline"') == 4
    assert "My placements" in html
    assert "Rank my choices" in html
