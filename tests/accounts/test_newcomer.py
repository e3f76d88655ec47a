"""What a newcomer meets: the demo chamber user logs in with the password alone where two factors
are not required (the `make run` default), the e-mails name the site, and the account page shows
how to send a token."""

import pytest
from django.core import mail
from django.utils import translation

from backend.accounts import demo
from tests.backend.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_chamber_user_logs_in_and_opens_the_chamber_pages(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False  # the default with DEBUG on (`make run`)
    demo.load_chamber()
    response = client.post(
        "/accounts/login/", {"login": "chamber@demo.example", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/reports/").status_code == 200
    assert client.get("/chamber/moderation/").status_code == 200


def test_the_verification_e_mail_names_the_site(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "ny@skola.example",
            "password1": "Ett-langt-losenord-42",
            "password2": "Ett-langt-losenord-42",
        },
    )
    message = mail.outbox[-1]
    assert "Hello from Praktikbryggan!" in message.body
    assert message.subject.startswith("[Praktikbryggan]")
    assert "testserver!" not in message.body


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Send it in this HTTP header:"), ("sv", "Skicka den i det här HTTP-huvudet:")],
)
def test_the_account_page_shows_the_token_header_with_its_placeholder(client, language, text):
    client.force_login(UserFactory())
    with translation.override(language):
        html = client.get("/account/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert text in html
    assert "<code>Authorization: Token &lt;" in html
    assert "<key>" not in html
    assert "<nyckel>" not in html
