"""Sign-up through allauth: e-mail and password, and no login until the e-mail is verified."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db
PASSWORD = "Ett-langt-losenord-42"


def test_sign_up_sends_a_verification_link_and_login_waits_for_it(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "ny.elev@skola.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert client.get("/api/v1/auth/me/").status_code == 401

    link = re.search(r"/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    client.post(link)
    assert client.get("/api/v1/auth/me/").json()["email"] == "ny.elev@skola.example"


def test_a_weak_password_is_refused_with_a_message(client):
    response = client.post(
        "/accounts/signup/", {"email": "a@skola.example", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]


def test_password_reset_sends_an_email(client, django_user_model):
    django_user_model.objects.create_user(email="glomsk@skola.example", password=PASSWORD)
    client.post("/accounts/password/reset/", {"email": "glomsk@skola.example"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
