import pytest

pytestmark = pytest.mark.django_db


def test_home_is_in_swedish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Här möts företag och skolor i Mälardalen" in html
    assert "Logga in" in html


def test_language_switch_remembers_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Where companies and schools in Mälardalen meet" in html


def test_home_loads_nothing_from_another_host(client):
    html = client.get("/").content.decode()
    assert "http://" not in html
    assert "https://" not in html
