"""The admin's actions go through the services: verify and suspend companies, hide with a
reason asked on a second page."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from companies.models import Company, Opportunity
from tests.companies.factories import CompanyFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def test_verify_and_suspend_companies(admin_client):
    company = CompanyFactory(unverified=True)
    url = "/admin/companies/company/"
    admin_client.post(url, {"action": "verify", ACTION_CHECKBOX_NAME: [company.pk]})
    admin_client.post(url, {"action": "suspend", ACTION_CHECKBOX_NAME: [company.pk]})
    organisation = Company.objects.get(pk=company.pk).organisation
    assert organisation.is_verified
    assert organisation.suspended


def test_hiding_asks_for_the_reason_first(admin_client):
    opportunity = OpportunityFactory()
    url = "/admin/companies/opportunity/"
    selection = {"action": "hide", ACTION_CHECKBOX_NAME: [opportunity.pk]}
    page = admin_client.post(url, selection)
    assert page.status_code == 200
    assert b'name="reason"' in page.content
    assert Opportunity.objects.get(pk=opportunity.pk).hidden_at is None
    admin_client.post(url, {**selection, "reason": "Fel kontaktuppgifter."})
    opportunity.refresh_from_db()
    assert opportunity.hidden_reason == "Fel kontaktuppgifter."
    assert opportunity.hidden_by.is_superuser


def test_an_illegal_change_is_reported_not_raised(admin_client):
    company = CompanyFactory()
    response = admin_client.post(
        "/admin/companies/company/",
        {"action": "verify", ACTION_CHECKBOX_NAME: [company.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "already verified" in response.content.decode()


@pytest.mark.parametrize("model", ["company", "opportunity"])
def test_the_change_form_opens(admin_client, model):
    obj = OpportunityFactory()
    pk = obj.company.pk if model == "company" else obj.pk
    assert admin_client.get(f"/admin/companies/{model}/{pk}/change/").status_code == 200
