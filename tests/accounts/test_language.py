"""The language a user picks on the site is the language of their e-mails."""

import pytest

pytestmark = pytest.mark.django_db


def test_switching_language_remembers_it_for_a_signed_in_user(make_member, client):
    user = make_member("student")
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"


def test_an_unknown_language_changes_nothing(make_member, client):
    user = make_member("student")
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.language == "sv"


def test_anonymous_switch_still_works(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
