"""Rounds on pages: each pupil's result explained, chamber staff's pairing rounds, and the
proposals decided after a confirmation page."""

from datetime import timedelta

import pytest

from backend.accounts.models import User
from matching.models import AllocationRound, Placement, Proposal
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import StudentProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def test_a_stable_round_explains_each_pupils_result(login, world, eager):
    from matching import services

    world.profile.user.first_name = "Alva"
    world.profile.user.save()
    # Two pupils want the one place: the one who fits it better gets it.
    rival = StudentProfileFactory(
        school=world.profile.school, programme_id="EE", user__first_name="Bo"
    )
    services.matches_recompute_all()
    counsellor = login(world.counsellor)
    counsellor.post("/school/rounds/")
    allocation_round = AllocationRound.objects.get()
    world.opportunity.places = 1
    world.opportunity.save()
    for pupil in (world.profile, rival):
        login(pupil.user).post(
            f"/me/rounds/{allocation_round.pk}/", {f"rank-{world.opportunity.pk}": "1"}
        )
    eager(lambda: counsellor.post(f"/school/rounds/{allocation_round.pk}/run/"))
    html = counsellor.get(f"/school/rounds/{allocation_round.pk}/").content.decode()
    assert "got choice 1" in html
    assert "got no place this round" in html
    assert "its places went to pupils who fit it better" in html
    assert "ran in-process" in html


def test_chamber_staff_see_a_stable_rounds_status_but_never_its_pupils(login, world, eager):
    """Chamber staff list every round (their summaries are aggregates); a school's stable round
    names pupils, which only the school's counsellors read."""
    from matching import services

    world.profile.user.first_name = "Alva"
    world.profile.user.save()
    services.matches_recompute_all()
    counsellor = login(world.counsellor)
    counsellor.post("/school/rounds/")
    allocation_round = AllocationRound.objects.get()
    login(world.profile.user).post(
        f"/me/rounds/{allocation_round.pk}/", {f"rank-{world.opportunity.pk}": "1"}
    )
    eager(lambda: counsellor.post(f"/school/rounds/{allocation_round.pk}/run/"))
    assert "Alva" in counsellor.get(f"/school/rounds/{allocation_round.pk}/").content.decode()

    response = login(world.chamber).get(f"/school/rounds/{allocation_round.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Alva" not in html
    assert "got choice 1" not in html


def test_chamber_staff_run_a_pairing_round_and_see_its_proposals(login, world, eager):
    chamber = login(world.chamber)
    assert chamber.get("/chamber/rounds/").status_code == 200
    response = eager(lambda: chamber.post("/chamber/rounds/", {"county_code": ""}))
    allocation_round = AllocationRound.objects.get(kind=AllocationRound.Kind.PAIRING)
    assert response["Location"] == f"/school/rounds/{allocation_round.pk}/"
    html = chamber.get(response["Location"]).content.decode()
    assert world.request.school.organisation.name in html
    assert world.opportunity.title in html


def test_a_bad_county_shows_next_to_the_field(login, world):
    response = login(world.chamber).post("/chamber/rounds/", {"county_code": "99"})
    assert 'id="id_county_code_errors"' in response.content.decode()
    assert not AllocationRound.objects.exists()


def test_a_counsellor_may_not_run_pairing_rounds(login, world):
    assert login(world.counsellor).get("/chamber/rounds/").status_code == 403


def _pairing_proposal(login, world, eager) -> Proposal:
    eager(lambda: login(world.chamber).post("/chamber/rounds/", {"county_code": ""}))
    return Proposal.objects.get(request=world.request)


def test_the_school_confirms_a_proposal_after_a_confirmation_page(login, world, eager):
    proposal = _pairing_proposal(login, world, eager)
    client = login(world.counsellor)
    listed = client.get("/proposals/").content.decode()
    assert f'href="/proposals/{proposal.pk}/confirm/"' in listed
    assert "takes its places" in client.get(f"/proposals/{proposal.pk}/confirm/").content.decode()
    assert not Placement.objects.exists()
    client.post(f"/proposals/{proposal.pk}/confirm/")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CONFIRMED
    assert Placement.objects.get().proposal == proposal


def test_the_company_declines_a_proposal(login, world, eager):
    proposal = _pairing_proposal(login, world, eager)
    client = login(world.member)
    client.post(f"/proposals/{proposal.pk}/decline/")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    again = client.post(f"/proposals/{proposal.pk}/decline/", follow=True)
    assert "already declined" in again.content.decode()


def test_another_company_cannot_decide(login, world, eager, make_member):
    proposal = _pairing_proposal(login, world, eager)
    other = make_member(User.Role.COMPANY_MEMBER, OpportunityFactory().company.organisation)
    assert login(other).get(f"/proposals/{proposal.pk}/confirm/").status_code == 404


def test_a_pairing_round_limited_to_another_kind_proposes_nothing_here(login, world, eager):
    chamber = login(world.chamber)
    eager(lambda: chamber.post("/chamber/rounds/", {"placement_kind": "thesis"}))
    allocation_round = AllocationRound.objects.get()
    assert allocation_round.placement_kind == "thesis"
    assert not Proposal.objects.exists()
    eager(lambda: chamber.post("/chamber/rounds/", {"placement_kind": "internship"}))
    assert Proposal.objects.filter(request=world.request).exists()


def test_a_round_limited_to_a_period_that_misses_the_request_proposes_nothing(login, world, eager):
    start = world.request.period_end + timedelta(days=30)
    chamber = login(world.chamber)
    eager(
        lambda: chamber.post(
            "/chamber/rounds/",
            {
                "period_start": start.isoformat(),
                "period_end": (start + timedelta(days=9)).isoformat(),
            },
        )
    )
    assert not Proposal.objects.exists()


def test_a_period_that_ends_before_it_starts_shows_next_to_the_field(login, world):
    response = login(world.chamber).post(
        "/chamber/rounds/", {"period_start": "2027-05-01", "period_end": "2027-04-01"}
    )
    assert 'id="id_period_end_errors"' in response.content.decode()
    assert not AllocationRound.objects.exists()


def test_a_pairing_round_names_the_requests_it_left_short(login, world, eager):
    from schools.models import PlacementRequest

    PlacementRequest.objects.filter(pk=world.request.pk).update(places_needed=9)
    chamber = login(world.chamber)
    response = eager(lambda: chamber.post("/chamber/rounds/", {}))
    html = chamber.get(response["Location"]).content.decode()
    assert "1 request is not fully covered" in html
    assert "places short" in html
