"""The public pages: home with live counts, the search with its filters, an opportunity, a
company, the explainers."""

from datetime import timedelta
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import Organisation
from companies.models import Opportunity
from tests.companies.factories import CompanyFactory
from tests.matching.factories import open_opportunity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def test_home_counts_public_places_by_kind_companies_and_schools(client, world):
    open_opportunity(company=world.opportunity.company, places=4)
    open_opportunity(status=Opportunity.Status.DRAFT, published_at=None, places=9)
    html = client.get("/").content.decode()
    assert "<strong>7</strong> Internship" in html  # 3 + 4 free places, not the draft's 9
    assert "<strong>2</strong> companies" in html  # verified ones, with or without postings
    assert 'action="/opportunities/"' in html


def test_search_lists_public_opportunities_and_keeps_filters_in_links(client, world):
    for _ in range(21):
        open_opportunity(company=world.opportunity.company)
    response = client.get(
        "/opportunities/", {"kind": "internship", "near": "1880", "within_km": "200"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "22 opportunities" in html
    assert "Page 1 of 2" in html
    assert "kind=internship&amp;near=1880&amp;within_km=200&amp;page=2" in html


def test_search_filters_by_kind(client, world):
    html = client.get("/opportunities/", {"kind": "thesis"}).content.decode()
    assert "0 opportunities" in html
    assert "Try widening the search" in html


def test_search_shows_a_bad_filter_next_to_its_field(client, world):
    response = client.get(
        "/opportunities/", {"period_from": "2026-05-01", "period_to": "2026-04-01"}
    )
    html = response.content.decode()
    assert "The period ends before it starts." in html
    assert "Correct the filters to see results." in html


def test_search_offers_choices_in_the_visitors_language_and_keeps_the_chosen(client, world):
    query = {
        "programme": "EE",
        "near": "1980",
        "kind": "thesis",
        "within_km": 25,
        "sort": "deadline",
    }
    english = client.get("/opportunities/", query).content.decode()
    swedish = client.get("/opportunities/", query, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<option value="EE" selected>EE Electricity and Energy Programme</option>' in english
    assert '<option value="EE" selected>EE El- och energiprogrammet</option>' in swedish
    assert '<option value="1980" selected>Västerås</option>' in english
    assert '<option value="1880">Örebro</option>' in english
    assert '<option value="thesis" selected>Thesis project (exjobb)</option>' in english
    assert '<option value="thesis" selected>Examensarbete (exjobb)</option>' in swedish
    assert '<option value="deadline" selected>Sista ansökningsdag</option>' in swedish
    assert '<option value="25" selected>25 km</option>' in english
    assert '<option value="50">50 km</option>' in english  # the default, not chosen here
    assert '<option value="" selected>Any</option>' in english  # the level: none chosen


def test_a_search_filter_in_error_names_its_message_for_screen_readers(client, world):
    html = client.get("/opportunities/", {"sort": "distance"}).content.decode()
    select = html[html.index('<select name="sort"') :]
    select = select[: select.index(">")]
    assert 'aria-invalid="true"' in select
    described_by = select.split('aria-describedby="')[1].split('"')[0]
    message = html[html.index(f'id="{described_by}"') :]
    assert message.index("Choose a place under Near") < message.index("</ul>")


def test_search_without_filters_suggests_the_default_distance(client, world):
    html = client.get("/opportunities/").content.decode()
    assert '<option value="50" selected>50 km</option>' in html
    assert '<option value="" selected>Anywhere</option>' in html


def test_search_shows_an_unknown_code_next_to_its_field(client, world):
    html = client.get("/opportunities/", {"near": "9999"}).content.decode()
    assert 'id="id_near_errors"' in html
    assert "9999 is not one of the available choices" in html
    assert "Correct the filters to see results." in html


def test_an_htmx_search_answers_with_the_results_only(client, world):
    response = client.get("/opportunities/", {"q": "laddstation"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "1 opportunity" in html
    assert world.opportunity.title in html


def test_opportunity_page_shows_places_left_and_asks_a_visitor_to_log_in(client, world):
    html = client.get(f"/opportunities/{world.opportunity.pk}/").content.decode()
    assert world.opportunity.title in html
    assert "3 places left of 3" in html
    assert "Log in to apply" in html
    assert world.opportunity.contact_email not in html  # no personal data for anonymous visitors
    assert world.opportunity.contact_name not in html


def test_a_draft_is_not_found_for_others_but_shown_to_its_company(client, login, world):
    draft = open_opportunity(
        company=world.opportunity.company, status=Opportunity.Status.DRAFT, published_at=None
    )
    assert client.get(f"/opportunities/{draft.pk}/").status_code == 404
    assert login(world.member).get(f"/opportunities/{draft.pk}/").status_code == 200


def test_company_page_lists_its_opportunities(client, world):
    company = world.opportunity.company
    html = client.get(f"/companies/{company.pk}/").content.decode()
    assert escape(company.organisation.name) in html
    assert world.opportunity.title in html


def test_an_unverified_company_has_no_public_page(client, world):
    company = CompanyFactory(organisation__verified_at=None)
    assert company.organisation.kind == Organisation.Kind.COMPANY
    assert client.get(f"/companies/{company.pk}/").status_code == 404


@pytest.mark.parametrize("slug", ["apl", "lia", "gla", "exjobb"])
def test_explainers(client, slug):
    assert client.get(f"/about/{slug}/").status_code == 200


def test_an_unknown_explainer_is_not_found(client, db):
    assert client.get("/about/prao/").status_code == 404


def test_pages_load_nothing_from_another_host_and_no_inline_script_or_style(client, world):
    for path in ["/", "/opportunities/", f"/opportunities/{world.opportunity.pk}/"]:
        html = client.get(path).content.decode()
        assert "<script>" not in html
        assert "<style" not in html
        assert " style=" not in html
        assert " onclick=" not in html
        assert " onchange=" not in html
        assert 'src="http' not in html
        assert 'href="http' not in html


@pytest.mark.parametrize("path", ["/", "/opportunities/", "/companies/{company}/"])
def test_the_number_of_queries_does_not_grow_with_the_results(
    client, world, path, django_assert_num_queries
):
    path = path.format(company=world.opportunity.company_id)
    client.get(path)  # reference data and sessions warm
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for _ in range(15):
        open_opportunity(company=world.opportunity.company)
    with django_assert_num_queries(len(few)):
        client.get(path)


def test_dashboards_read_a_fixed_number_of_rows_per_page(
    login, world, django_assert_max_num_queries
):
    # A fixed number whatever the rows: the counsellor's matches are explained when shown, in
    # about nine queries for the whole list (matching/selectors/explained.py).
    for user in (world.student, world.member, world.counsellor):
        client = login(user)
        with django_assert_max_num_queries(25):
            assert client.get("/dashboard/").status_code == 200


def test_a_card_shows_the_period_with_its_year_the_deadline_and_the_places_left(client, world):
    opportunity = world.opportunity
    opportunity.places, opportunity.places_taken = 3, 2
    opportunity.application_deadline = opportunity.period_start - timedelta(days=7)
    opportunity.save()
    html = client.get("/opportunities/").content.decode()
    start, end = opportunity.period_start.isocalendar(), opportunity.period_end.isocalendar()
    year = "" if start.year == end.year else f" {start.year}"
    assert f"wk {start.week}{year}" in html
    assert f"{end.week} {end.year}</li>" in html
    assert "Apply by" in html
    assert f'datetime="{opportunity.application_deadline.isoformat()}"' in html
    assert "1 place left" in html
    assert 'class="logo placeholder"' in html  # no logo uploaded: the company's initial


def test_a_card_shows_what_companies_wrote_as_text_not_markup(client, world):
    """The card is built in Python (frontend/templatetags/cards.py): every value is escaped."""
    company = world.opportunity.company
    company.organisation.name = '<b class="x">Evil & Co</b>'
    company.organisation.save()
    open_opportunity(company=company, title="<script>alert(1)</script> & more")
    for path in ("/opportunities/", f"/companies/{company.pk}/"):
        html = client.get(path).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert escape("<script>alert(1)</script> & more") in html
        assert '<b class="x">' not in html
        assert f'<span class="logo placeholder" aria-hidden="true">{escape("<")}</span>' in html


def test_near_sorts_by_distance_and_the_sort_control_reorders(client, world):
    far = open_opportunity(
        company=world.opportunity.company, title="APL i Örebro", municipality_id="1880"
    )
    near = open_opportunity(
        company=world.opportunity.company, title="APL i Västerås", municipality_id="1980"
    )
    html = client.get("/opportunities/", {"near": "1980", "within_km": "200"}).content.decode()
    assert html.index(near.title) < html.index(far.title)  # nearest first, though newest last
    far.application_deadline = far.period_start - timedelta(days=20)
    near.application_deadline = near.period_start - timedelta(days=1)
    Opportunity.objects.bulk_update([far, near], ["application_deadline"])
    query = {"near": "1980", "within_km": "200", "sort": "deadline"}
    html = client.get("/opportunities/", query).content.decode()
    assert html.index(far.title) < html.index(near.title)
    assert '<option value="deadline" selected>' in html


def test_sorting_by_distance_without_a_place_is_an_error_next_to_the_sort_control(client, world):
    html = client.get("/opportunities/", {"sort": "distance"}).content.decode()
    assert 'id="id_sort_errors"' in html
    assert "Choose a place under Near to sort by distance." in html


def test_an_htmx_search_sends_the_field_error_next_to_its_field(client, world):
    query = {"period_from": "2026-05-01", "period_to": "2026-04-01"}
    html = client.get("/opportunities/", query, HTTP_HX_REQUEST="true").content.decode()
    slot = html.index('id="id_period_to_errors"')
    assert 'hx-swap-oob="true"' in html[slot : slot + 80]
    assert "The period ends before it starts." in html[slot:]
    assert "The period ends before it starts." not in html[: html.index('id="id_period_from_')]


@pytest.mark.parametrize(
    ("role", "path", "name"),
    [
        (None, "/opportunities/", "near"),
        ("member", "/company/opportunities/new/", "municipality"),
        ("counsellor", "/school/requests/new/", "municipality"),
    ],
)
def test_municipality_pickers_list_the_region_first(client, login, world, role, path, name):
    browser = login(getattr(world, role)) if role else client
    html = browser.get(path).content.decode()
    select = html[html.index(f'name="{name}"') :]
    # Ale (Västra Götaland) is first in the alphabet; the chamber's Västerås comes before it.
    assert select.index(">Västerås<") < select.index(">Ale<")
    assert select.index(">Arboga<") < select.index(">Västerås<")  # alphabetical within


def test_an_apprenticeship_page_shows_salary_hours_and_handledare(client, login, world):
    gla = open_opportunity(company=world.opportunity.company, apprenticeship=True)
    anonymous = client.get(f"/opportunities/{gla.pk}/").content.decode()
    assert "15,000 kr per month" in anonymous
    assert "Hours per week" in anonymous
    assert "Sara Lind" not in anonymous  # a person's name only for those logged in
    html = login(world.student).get(f"/opportunities/{gla.pk}/").content.decode()
    assert "Sara Lind" in html
    assert "sara.lind@foretag.example" in html


def test_a_thesis_page_shows_degree_credits_and_supervisor(client, world):
    thesis = open_opportunity(
        company=world.opportunity.company,
        thesis=True,
        programmes=[],
        needs_university_supervisor=True,
    )
    html = client.get(f"/opportunities/{thesis.pk}/").content.decode()
    assert "Master&#x27;s thesis" in html or "Master's thesis" in html
    assert "30 hp" in html
    assert "you bring a supervisor from your university" in html


def test_in_swedish_apply_is_not_the_word_for_search(login, world):
    html = login(world.student).get(
        f"/opportunities/{world.opportunity.pk}/", HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert ">Ansök</a>" in html.content.decode()


def test_favicon_ico_leads_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("frontend/favicon.svg")


def test_the_api_docs_page_has_no_inline_style(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "<style" not in html
    assert "frontend/swagger.css" in html


def test_tasks_run_in_process_print_no_line_each(db, caplog):
    from matching.tasks import recompute_for_student

    recompute_for_student.delay(0)  # runs here: the test settings have no broker
    assert not [record for record in caplog.records if record.name == "celery.app.trace"]


def test_a_single_place_is_singular_in_swedish(login, world):
    request = world.request
    request.places_needed = 1
    request.save()
    html = login(world.counsellor).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "0 av 1 plats<" in html.replace("\n", "").replace("  ", "")
    assert "0 av 1 platser" not in html


def test_the_folded_filters_say_how_many_are_set_and_the_menu_marks_the_page(client, world):
    html = client.get("/opportunities/", {"kind": "internship", "remote": "on"}).content.decode()
    assert "2 set</span>" in html
    assert '<a href="/opportunities/" aria-current="page">' in html


def test_search_lists_only_what_a_pupil_can_still_apply_to_unless_asked(client, world):
    company = world.opportunity.company
    late = open_opportunity(company=company, title="Sista dagen passerad")
    Opportunity.objects.filter(pk=late.pk).update(
        application_deadline=late.period_start - timedelta(days=60)
    )
    full = open_opportunity(company=company, title="Alla platser tagna", places=1)
    Opportunity.objects.filter(pk=full.pk).update(places_taken=1)

    listed = client.get("/opportunities/").content.decode()
    assert world.opportunity.title in listed
    assert "Sista dagen passerad" not in listed
    assert "Alla platser tagna" not in listed

    everything = client.get("/opportunities/", {"closed_too": "on"}).content.decode()
    assert "Sista dagen passerad" in everything
    assert "Alla platser tagna" in everything
    assert "Closed for applications" in everything
