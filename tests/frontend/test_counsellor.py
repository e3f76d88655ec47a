"""A counsellor's pages: dashboard, requests, matches, confirming a placement, rounds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import AllocationRound, Match, Placement
from schools.models import PlacementRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def test_dashboard_shows_requests_with_coverage_and_matches_with_why(login, world):
    html = login(world.counsellor).get("/dashboard/").content.decode()
    assert "0 of 4 places" in html
    assert world.opportunity.title in html
    assert "Same programme" in html


def test_create_a_request_then_see_its_matches(login, world, django_capture_on_commit_callbacks):
    start = timezone.localdate() + timedelta(days=40)
    client = login(world.counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/school/requests/new/",
            {
                "kind": "internship",
                "level": "gymnasium",
                "programme": "EE",
                "places_needed": "3",
                "period_start": start.isoformat(),
                "period_end": (start + timedelta(weeks=4)).isoformat(),
                "max_distance_km": "50",
            },
        )
    created = PlacementRequest.objects.exclude(pk=world.request.pk).get()
    assert response["Location"] == f"/school/requests/{created.pk}/matches/"
    response = client.get(response["Location"])
    assert created.municipality_id == world.request.school.municipality_id
    assert world.opportunity.title in response.content.decode()


def test_request_errors_show_next_to_the_fields(login, world):
    response = login(world.counsellor).post(
        "/school/requests/new/",
        {"kind": "apprenticeship", "level": "university", "places_needed": "0"},
    )
    html = response.content.decode()
    assert 'id="id_places_needed_errors"' in html
    assert 'id="id_period_start_errors"' in html


def test_confirm_a_placement_from_a_match(login, world):
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    response = login(world.counsellor).post(
        f"/school/matches/{match.pk}/confirm/", {"students_count": "2"}
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.students_count == 2
    world.request.refresh_from_db()
    assert world.request.places_filled == 2


def test_confirming_more_than_is_left_says_why(login, world):
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    response = login(world.counsellor).post(
        f"/school/matches/{match.pk}/confirm/",
        {"students_count": "4"},
        follow=True,
    )
    assert "Only 3" in response.content.decode()
    assert not Placement.objects.exists()


def test_another_schools_match_is_not_found(login, world, make_member):
    from backend.accounts.models import User

    other = make_member(User.Role.COUNSELLOR)
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    response = login(other).post(f"/school/matches/{match.pk}/confirm/", {})
    assert response.status_code == 404


def test_a_round_without_choices_says_so_and_its_page_polls_only_while_busy(login, world):
    client = login(world.counsellor)
    response = client.post("/school/rounds/", follow=True)
    html = response.content.decode()
    assert "none has ranked an opportunity yet" in html
    assert 'hx-trigger="every 1s"' not in html
    allocation_round = AllocationRound.objects.get()
    allocation_round.status = AllocationRound.Status.RUNNING
    allocation_round.progress = 40
    allocation_round.save()
    partial = client.get(
        f"/school/rounds/{allocation_round.pk}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial
    assert 'hx-trigger="every 1s"' in partial
    assert 'value="40"' in partial


def test_students_rank_then_the_counsellor_runs_the_round(
    login, world, django_capture_on_commit_callbacks
):
    counsellor = login(world.counsellor)
    counsellor.post("/school/rounds/")
    allocation_round = AllocationRound.objects.get()
    student = login(world.student)
    assert "Rank my choices" in student.get("/dashboard/").content.decode()
    url = f"/me/rounds/{allocation_round.pk}/"
    response = student.post(url, {f"rank-{world.opportunity.pk}": "1"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        counsellor.post(f"/school/rounds/{allocation_round.pk}/run/")
    allocation_round.refresh_from_db()
    assert allocation_round.status == AllocationRound.Status.DONE
    html = counsellor.get(f"/school/rounds/{allocation_round.pk}/").content.decode()
    assert world.opportunity.title in html
    assert 'hx-trigger="every 1s"' not in html


def test_the_request_form_has_the_year_and_acceptable_municipalities(login, world):
    client = login(world.counsellor)
    start = timezone.localdate() + timedelta(days=40)
    saved = client.post(
        f"/school/requests/{world.request.pk}/",
        {
            "kind": "internship",
            "level": "gymnasium",
            "programme": "EE",
            "year": "2",
            "municipality": "1980",
            "places_needed": "4",
            "period_start": start.isoformat(),
            "period_end": (start + timedelta(weeks=4)).isoformat(),
            "acceptable_municipalities": ["1980", "0484"],
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors
    world.request.refresh_from_db()
    assert world.request.year == 2
    assert set(world.request.acceptable_municipalities.values_list("code", flat=True)) == {
        "1980",
        "0484",
    }
    response = client.post(f"/school/requests/{world.request.pk}/", {"year": "12"})
    assert 'id="id_year_errors"' in response.content.decode()


def test_close_a_request_after_a_confirmation(login, world):
    client = login(world.counsellor)
    page = client.get(f"/school/requests/{world.request.pk}/close/").content.decode()
    assert "cannot be undone" in page
    world.request.refresh_from_db()
    assert world.request.status == PlacementRequest.Status.OPEN
    client.post(f"/school/requests/{world.request.pk}/close/")
    world.request.refresh_from_db()
    assert world.request.status == PlacementRequest.Status.CLOSED
    again = client.post(f"/school/requests/{world.request.pk}/close/", follow=True)
    assert "Only open or partially filled requests can be closed" in again.content.decode()


def test_confirm_named_students_from_a_match(login, world):
    from tests.schools.factories import StudentProfileFactory

    second = StudentProfileFactory(school=world.profile.school)
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    client = login(world.counsellor)
    form = client.get(f"/school/matches/{match.pk}/confirm/").content.decode()
    assert f'value="{second.pk}"' in form
    client.post(f"/school/matches/{match.pk}/confirm/", {"students": [world.profile.pk, second.pk]})
    named = Placement.objects.order_by("pk")
    assert sorted(p.student_id for p in named) == sorted([world.profile.pk, second.pk])


def test_a_count_that_disagrees_with_the_names_shows_next_to_the_field(login, world):
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    response = login(world.counsellor).post(
        f"/school/matches/{match.pk}/confirm/",
        {"students": [world.profile.pk], "students_count": "3"},
    )
    assert response.status_code == 400
    assert 'id="id_students_count_errors"' in response.content.decode()
    assert not Placement.objects.exists()
