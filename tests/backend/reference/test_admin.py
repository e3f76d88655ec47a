"""The admin shows the reference data but refuses to edit it: it comes from migrations."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

MODELS = ["municipality", "educationfield", "programme", "stemarea", "sector"]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_is_viewable(admin_client: Client, model: str) -> None:
    response = admin_client.get(f"/admin/reference/{model}/", {"q": "a"})

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_add_is_refused(admin_client: Client, model: str) -> None:
    assert admin_client.get(f"/admin/reference/{model}/add/").status_code == 403


def test_detail_is_read_only(admin_client: Client) -> None:
    response = admin_client.get("/admin/reference/municipality/1880/change/")

    assert response.status_code == 200
    assert b'name="name"' not in response.content
    assert admin_client.post("/admin/reference/municipality/1880/delete/").status_code == 403
