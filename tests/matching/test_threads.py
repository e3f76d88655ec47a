"""/api/v1/threads/: a school and a company write about a request; the student, the company and
the school write about an application. Each message notifies the other participants."""

from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from backend.accounts.actor import actor_for
from backend.audit.models import AuditEntry
from backend.notifications.models import Notification
from matching.demo_threads import DemoTotals, load_demo_threads
from matching.models import Thread
from matching.services.threads import message_post, thread_open_about_application
from tests.matching.factories import ApplicationFactory

URL = "/api/v1/threads/"


@pytest.fixture
def application(student_profile, opportunity):
    return ApplicationFactory(student=student_profile, opportunity=opportunity)


def notified(kind: str = Notification.Kind.MESSAGE) -> set[str]:
    return {n.recipient.email for n in Notification.objects.filter(kind=kind)}


def test_anonymous_gets_401(client_as):
    assert client_as("anonymous").get(URL).status_code == 401


def test_a_counsellor_writes_to_a_company_about_a_request(
    client_as, people, placement_request, company
):
    response = client_as("counsellor").post(
        URL,
        {"request": placement_request.pk, "company": company.pk, "body": "Har ni plats för 4?"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "request"
    assert body["company_name"] == "Mälarkraft Elektrifiering AB"
    assert [m["body"] for m in body["messages"]] == ["Har ni plats för 4?"]
    assert body["messages"][0]["mine"] is True
    assert body["last_message_at"] is not None
    assert notified() == {people["member"].email}  # not the author, not other companies
    payload = Notification.objects.get().payload
    assert payload["thread_id"] == body["id"]
    assert payload["excerpt"] == "Har ni plats för 4?"


def test_a_company_member_answers_an_open_request_and_opening_again_reuses_the_thread(
    client_as, people, placement_request
):
    member = client_as("member")
    first = member.post(URL, {"request": placement_request.pk, "body": "Ja!"}, format="json")
    again = member.post(URL, {"request": placement_request.pk, "body": "Och en till."})

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert len(again.json()["messages"]) == 2
    assert notified() == {people["counsellor"].email}
    assert Notification.objects.count() == 2


@pytest.mark.parametrize("role", ["other_counsellor", "chamber"])
def test_who_can_read_a_request_but_not_write_about_it_gets_403(
    client_as, role, placement_request, company
):
    response = client_as(role).post(
        URL, {"request": placement_request.pk, "company": company.pk, "body": "Hej"}
    )
    assert response.status_code == 403
    assert not Thread.objects.exists()


def test_a_student_cannot_name_a_request(client_as, placement_request, company):
    response = client_as("student").post(
        URL, {"request": placement_request.pk, "company": company.pk, "body": "Hej"}
    )
    assert response.status_code == 400
    assert "request" in response.json()


def test_a_counsellor_must_name_the_company(client_as, placement_request):
    response = client_as("counsellor").post(URL, {"request": placement_request.pk, "body": "Hej"})
    assert response.status_code == 400
    assert "company" in response.json()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body": "Hej"}, "request"),
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
    ],
)
def test_bad_input_is_a_400_by_field(client_as, placement_request, company, data, field):
    data = {"company": company.pk, **data}
    if field == "body":
        data["request"] = placement_request.pk
    response = client_as("counsellor").post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_the_student_opens_the_thread_of_their_application(client_as, people, application):
    response = client_as("student").post(
        URL, {"application": application.pk, "body": "När börjar jag?"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "application"
    assert response.json()["label"] == "APL: laddinfrastruktur"
    assert notified() == {people["member"].email, people["counsellor"].email}


def test_the_counsellor_can_comment_on_an_application(client_as, people, application):
    thread_id = (
        client_as("member")
        .post(URL, {"application": application.pk, "body": "Välkommen på intervju."})
        .json()["id"]
    )
    Notification.objects.all().delete()

    response = client_as("counsellor").post(
        f"{URL}{thread_id}/messages/", {"body": "Jag hjälper till med schemat."}
    )

    assert response.status_code == 201
    assert response.json()["author_name"] == people["counsellor"].get_full_name()
    assert notified() == {people["member"].email, people["student"].email}


@pytest.mark.parametrize("role", ["other_student", "other_counsellor", "other_member", "chamber"])
def test_outsiders_cannot_name_an_application(client_as, role, application):
    response = client_as(role).post(URL, {"application": application.pk, "body": "Hej"})
    assert response.status_code == 400
    assert "application" in response.json()


@pytest.fixture
def request_thread(client_as, placement_request, company):
    response = client_as("counsellor").post(
        URL, {"request": placement_request.pk, "company": company.pk, "body": "Hej"}
    )
    return response.json()["id"]


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("counsellor", True),
        ("member", True),
        ("other_counsellor", False),
        ("other_member", False),
        ("student", False),
        ("chamber", False),
    ],
)
def test_only_participants_see_a_thread(client_as, request_thread, role, sees):
    client = client_as(role)
    listed = [t["id"] for t in client.get(URL).json()["results"]]

    assert (request_thread in listed) is sees
    assert client.get(f"{URL}{request_thread}/").status_code == (200 if sees else 404)
    posted = client.post(f"{URL}{request_thread}/messages/", {"body": "Hej"})
    assert posted.status_code == (201 if sees else 404)


def test_posting_updates_the_thread_and_lists_it_first(client_as, request_thread, application):
    member = client_as("member")
    other = member.post(URL, {"application": application.pk, "body": "Hej"}).json()["id"]
    assert [t["id"] for t in member.get(URL).json()["results"]] == [other, request_thread]

    member.post(f"{URL}{request_thread}/messages/", {"body": "Vi har plats."})

    threads = member.get(URL).json()["results"]
    assert [t["id"] for t in threads] == [request_thread, other]
    assert threads[0]["message_count"] == 2


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_a_message_body_is_validated(client_as, request_thread, body):
    response = client_as("member").post(f"{URL}{request_thread}/messages/", {"body": body})
    assert response.status_code == 400
    assert "body" in response.json()


def test_the_list_reads_a_fixed_number_of_queries(
    client_as, request_thread, application, django_assert_max_num_queries
):
    member = client_as("member")
    member.post(URL, {"application": application.pk, "body": "Hej"})
    with django_assert_max_num_queries(6):
        member.get(URL)
    with django_assert_max_num_queries(8):
        member.get(f"{URL}{request_thread}/")


# --- the demo ---------------------------------------------------------------------------------


@pytest.fixture
def demo_region(db, settings):
    """The demo region (load_demo at a small scale: it includes applications)."""
    settings.DEBUG = True
    call_command("load_demo", scale=20, stdout=StringIO())


def test_the_demo_has_threads_and_notifications_for_the_demo_users(demo_region):
    mail.outbox.clear()
    load_demo_threads()  # load_demo runs it too: this run and the next add nothing

    assert load_demo_threads() == DemoTotals(0, 0, 0)
    assert Thread.objects.filter(application__isnull=True).count() >= 3
    assert Thread.objects.filter(application__isnull=False).exists()
    demo_notes = Notification.objects.filter(recipient__email__endswith="@demo.example")
    assert demo_notes.filter(read_at__isnull=True).exists()
    assert demo_notes.filter(read_at__isnull=False).exists()
    assert not demo_notes.filter(sent_at__isnull=True).exists()
    assert mail.outbox == []  # the demo sends no e-mail
    for thread in Thread.objects.all():
        times = list(thread.messages.values_list("created_at", flat=True))
        assert len(times) >= 2
        assert times == sorted(times)
        assert thread.last_message_at == times[-1]


def _reads(user) -> list[tuple[str, str]]:
    entries = AuditEntry.objects.filter(actor=user, action=AuditEntry.Action.STUDENT_READ)
    return list(entries.values_list("target_id", "detail"))


def test_reading_an_application_thread_is_a_logged_read_of_the_pupil(
    client_as, people, application
):
    thread_id = (
        client_as("student")
        .post(URL, {"application": application.pk, "body": "Jag heter Alva."})
        .json()["id"]
    )
    AuditEntry.objects.all().delete()

    assert client_as("counsellor").get(f"{URL}{thread_id}/").status_code == 200
    assert client_as("student").get(f"{URL}{thread_id}/").status_code == 200

    assert _reads(people["counsellor"]) == [(str(application.student_id), "thread")]
    assert _reads(people["student"]) == []  # one's own words are not a read of someone


def test_a_thread_about_a_request_names_no_pupil_and_logs_nothing(client_as, request_thread):
    assert client_as("member").get(f"{URL}{request_thread}/").status_code == 200
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.STUDENT_READ).exists()


def test_the_services_refuse_an_outsider_called_directly(people, application):
    with pytest.raises(PermissionDenied):
        thread_open_about_application(
            actor=actor_for(people["other_member"]),
            application=application,
            subject="",
            body="Hej",
        )
    thread, _created = thread_open_about_application(
        actor=actor_for(people["student"]), application=application, subject="", body="Hej"
    )
    for outsider in ("other_counsellor", "chamber"):
        with pytest.raises(PermissionDenied):
            message_post(actor=actor_for(people[outsider]), thread=thread, body="Hej")
