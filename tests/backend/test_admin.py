"""Every model of ours has an admin whose list, search and filters work."""

import pytest
from django.contrib import admin

OUR_APPS = {"accounts", "reference", "companies", "schools", "matching", "notifications"}
pytestmark = pytest.mark.django_db


def _our_model_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    ]


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps

    ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    assert ours == {model for model, _ in _our_model_admins()}


@pytest.mark.parametrize(
    ("model", "model_admin"), _our_model_admins(), ids=lambda v: getattr(v, "__name__", "")
)
def test_changelist_searches_and_filters(admin_client, model, model_admin):
    assert model_admin.search_fields, f"{model.__name__} admin has no search"
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert admin_client.get(url, {"q": "ö"}).status_code == 200


@pytest.mark.parametrize(
    ("app", "model", "deletable"),
    [
        ("reference", "municipality", False),
        ("audit", "auditentry", False),
        ("notifications", "notification", True),
        ("matching", "placement", True),
        ("agreements", "agreement", True),
    ],
)
def test_records_are_shown_but_not_added_or_edited(admin_client, app, model, deletable):
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.model_name == model)
    request = admin_client.get("/admin/").wsgi_request

    assert admin_client.get(f"/admin/{app}/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{app}/{model}/add/").status_code == 403
    assert not model_admin.has_change_permission(request)
    assert model_admin.has_delete_permission(request) is deletable
