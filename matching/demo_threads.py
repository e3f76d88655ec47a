"""Demo conversations and notifications, for `manage.py load_demo` only (never migrations).

Threads about the demo school's requests (with the demo company and another company), one about
another school's request (the demo company writes), and threads about applications of the demo
student and to the demo company, when applications exist (they may be loaded later: a later run
adds those threads). The demo users (company@, counsellor@, student@demo.example) get a
notification for each message written to them, the older ones read, and no e-mail is sent: the
rows are written as sent, back in the demo's past.

Deterministic (rows are picked by id, the script is fixed) and idempotent: a thread that exists
is left as it is, and a demo notification carries a key (`demo:<message id>`).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backend.accounts.models import Membership, User
from backend.notifications.models import Notification
from companies.demo import DEMO_COMPANY, DEMO_MEMBER
from companies.models import Company
from matching.models import Application, Message, Thread
from matching.services.threads import EXCERPT_CHARS, thread_label
from schools.models import PlacementRequest

DEMO_COUNSELLOR = "counsellor@demo.example"
DEMO_STUDENT = "student@demo.example"
DEMO_USERS = (DEMO_MEMBER, DEMO_COUNSELLOR, DEMO_STUDENT)
READ_AFTER = timedelta(days=2)  # the demo users have read what is older than this

SCHOOL, COMPANY, STUDENT = "school", "company", "student"
# (who writes, days ago, what): the scripts of each kind of thread, one per thread of that kind
# (the demo writes at most two of a kind), so no text is repeated in another thread.
REQUEST_OPENED_BY_SCHOOL = [
    [
        (
            SCHOOL,
            9,
            "Hej! Vi söker APL-platser för våra elever i år 2. Skulle ni kunna ta emot några?",
        ),
        (COMPANY, 8, "Hej! Vi kan ta emot två elever under perioden. Vilka veckor gäller det?"),
        (SCHOOL, 8, "Veckorna står i förfrågan. Handledarutbildningen ordnar vi gärna."),
        (COMPANY, 1, "Toppen. Vi bokar ett möte med handledarna nästa vecka."),
    ],
    [
        (SCHOOL, 12, "Hej! Har ni möjlighet att ta emot elever från oss under våren?"),
        (COMPANY, 10, "Det kan gå. Hur många elever gäller det, och vilket program läser de?"),
        (SCHOOL, 9, "Det står i förfrågan; eleverna har gått säkerhetsutbildningen."),
        (COMPANY, 2, "Bra, vi återkommer med namnet på handledaren."),
    ],
]
REQUEST_OPENED_BY_COMPANY = [
    [
        (COMPANY, 5, "Hej! Vi såg er förfrågan och har en plats som passar. Ska vi prata?"),
        (SCHOOL, 3, "Gärna! Kan ni ta emot eleven redan från periodens första vecka?"),
    ],
]
APPLICATION_THREAD = [
    [
        (STUDENT, 6, "Hej! Jag undrar vilka arbetstider som gäller under praktiken."),
        (COMPANY, 5, "Hej! Vi börjar 07.00 och slutar 15.30. Skyddsskor får du av oss."),
        (SCHOOL, 4, "Bra. Jag lägger in tiderna i elevens APL-plan."),
        (COMPANY, 0, "Välkommen på ett första besök på torsdag kl. 10!"),
    ],
    [
        (STUDENT, 7, "Hej! Behöver jag ta med något särskilt den första dagen?"),
        (COMPANY, 6, "Hej! Ta med id-kort; arbetskläder och hörselskydd får du här."),
        (SCHOOL, 5, "Tack, jag skickar informationen till elevens mentor också."),
        (COMPANY, 1, "Vi ses på måndag kl. 08 i receptionen."),
    ],
]


@dataclass(frozen=True)
class DemoTotals:
    threads: int
    messages: int
    notifications: int


@transaction.atomic
def load_demo_threads() -> DemoTotals:
    """The demo threads, their messages and the demo users' notifications; returns what this run
    added (nothing on a second run)."""
    demo = {user.email: user for user in User.objects.filter(email__in=DEMO_USERS)}
    company = Company.objects.filter(organisation__name=DEMO_COMPANY[0]).first()
    if company is None or DEMO_COUNSELLOR not in demo:
        return DemoTotals(0, 0, 0)
    school_id = demo[DEMO_COUNSELLOR].memberships.values_list("organisation_id", flat=True).first()
    planned = _request_threads(company, school_id) + _application_threads(company, demo)
    threads = messages = notifications = 0
    told: dict[int, int] = {}  # how many threads of each kind were planned so far
    for thread, scripts in planned:
        index = told[id(scripts)] = told.get(id(scripts), -1) + 1
        if thread.pk is not None:
            continue  # loaded before
        thread.save()
        written = _write(thread, scripts[index % len(scripts)], demo)
        threads, messages = threads + 1, messages + len(written)
        notifications += _notify_demo_users(thread, written, demo)
    return DemoTotals(threads, messages, notifications)


def _request_threads(company: Company, school_id: int | None) -> list[tuple[Thread, list]]:
    open_requests = PlacementRequest.objects.filter(
        status__in=[PlacementRequest.Status.OPEN, PlacementRequest.Status.PARTIALLY_FILLED],
        hidden_at__isnull=True,
    ).order_by("pk")
    own = list(open_requests.filter(school_id=school_id)[:2])
    other = open_requests.exclude(school_id=school_id).first()
    another_company = (
        Company.objects.filter(organisation__verified_at__isnull=False)
        .exclude(pk=company.pk)
        .order_by("pk")
        .first()
    )
    pairs = [(request, company, REQUEST_OPENED_BY_SCHOOL) for request in own[:1]]
    if another_company is not None:
        pairs += [(request, another_company, REQUEST_OPENED_BY_SCHOOL) for request in own[1:]]
    if other is not None:
        pairs.append((other, company, REQUEST_OPENED_BY_COMPANY))
    return [
        (_existing(Thread(request=request, company=with_company)), script)
        for request, with_company, script in pairs
    ]


def _application_threads(company: Company, demo: dict[str, User]) -> list[tuple[Thread, list]]:
    applications = Application.objects.select_related("opportunity").order_by("pk")
    picked = []
    if DEMO_STUDENT in demo:
        picked += list(applications.filter(student_id=demo[DEMO_STUDENT].pk)[:1])
    to_company = applications.filter(opportunity__company=company, student__isnull=False)
    picked += list(to_company.exclude(pk__in=[a.pk for a in picked])[:1])
    return [(_existing(Thread(application=a)), APPLICATION_THREAD) for a in picked]


def _existing(thread: Thread) -> Thread:
    """The thread as stored, if it is; else the unsaved one."""
    if thread.application_id is not None:
        found = Thread.objects.filter(application_id=thread.application_id).first()
    else:
        found = Thread.objects.filter(request=thread.request, company=thread.company).first()
    return found or thread


def _sides(thread: Thread) -> dict[str, list[User]]:
    """Who can write for each side of the thread: the approved members, demo users first."""
    if thread.application_id is not None:
        application = thread.application
        school_id, company_id = application.school_id, application.opportunity.company_id
        student = [application.student.user] if application.student_id else []
    else:
        school_id, company_id, student = thread.request.school_id, thread.company_id, []
    members = (
        User.objects.filter(
            Q(role=User.Role.COUNSELLOR, memberships__organisation_id=school_id)
            | Q(role=User.Role.COMPANY_MEMBER, memberships__organisation_id=company_id),
            memberships__status=Membership.Status.APPROVED,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )
    sides: dict[str, list[User]] = {SCHOOL: [], COMPANY: [], STUDENT: student}
    for user in sorted(members, key=lambda u: (u.email not in DEMO_USERS, u.email)):
        sides[SCHOOL if user.role == User.Role.COUNSELLOR else COMPANY].append(user)
    return sides


def _write(thread: Thread, script: list, demo: dict[str, User]) -> list[tuple[Message, set]]:
    """The script's messages (a line whose side has nobody is left out), back-dated; each with
    the demo users it was written to."""
    sides = _sides(thread)
    everyone = {user.pk: user for users in sides.values() for user in users}
    now = timezone.now()
    written = []
    for side, days_ago, body in script:
        if not sides[side]:
            continue
        author = sides[side][0]
        message = Message.objects.create(thread=thread, author=author, body=body)
        at = now - timedelta(days=days_ago, hours=1) + timedelta(minutes=5 * len(written))
        Message.objects.filter(pk=message.pk).update(created_at=at)
        message.created_at = at
        readers = {u.email for pk, u in everyone.items() if pk != author.pk and u.email in demo}
        written.append((message, readers))
    if written:
        Thread.objects.filter(pk=thread.pk).update(
            created_at=written[0][0].created_at, last_message_at=written[-1][0].created_at
        )
    return written


def _notify_demo_users(thread: Thread, written: list[tuple[Message, set]], demo: dict) -> int:
    now = timezone.now()
    rows = [
        Notification(
            recipient=demo[email],
            kind=Notification.Kind.MESSAGE,
            key=f"demo:{message.pk}",
            payload={
                "thread_id": thread.pk,
                "thread_subject": thread_label(thread),
                "author_name": message.author.get_full_name() or message.author.email,
                "excerpt": message.body[:EXCERPT_CHARS],
                "path": f"/threads/{thread.pk}/",
            },
            sent_at=message.created_at,
            attempts=1,
            read_at=message.created_at if now - message.created_at > READ_AFTER else None,
        )
        for message, readers in written
        for email in sorted(readers)
    ]
    created = Notification.objects.bulk_create(rows)
    for notification in created:  # written when the message was (created_at is auto_now_add)
        Notification.objects.filter(pk=notification.pk).update(created_at=notification.sent_at)
    return len(created)
