"""Writes of conversations: opening a thread and posting a message, which notifies the others.

A counsellor opens a thread with a company about one of the school's requests; a company member
opens one with the school about an open request; the student, a member of the company or a
counsellor of the student's school opens the thread of an application. There is one thread per
request and company, and one per application: opening it again posts into the existing one.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.notifications.models import Notification
from backend.notifications.services import notify
from companies.models import Company
from matching import policy
from matching.models import Application, Message, Thread
from matching.selectors import threads as selectors
from schools.models import PlacementRequest

EXCERPT_CHARS = 300
NOT_YOUR_REQUEST = _("Only the school's counsellors or a company's members can write about it.")
NOT_YOUR_APPLICATION = _(
    "Only the student, the company's members and the school's counsellors can write about it."
)


def thread_label(thread: Thread) -> str:
    """What the thread is about, for lists and notifications: its subject, else its topic."""
    if thread.subject:
        return thread.subject
    if thread.application_id is not None:
        return thread.application.opportunity.title
    request = thread.request
    topic = request.programme.name if request.programme_id else request.get_kind_display()
    return f"{request.school} · {topic}"


@transaction.atomic
def thread_open_about_request(
    *,
    actor: Actor,
    request: PlacementRequest,
    company: Company | None,
    subject: str,
    body: str,
) -> tuple[Thread, bool]:
    """The thread of the request and the company, opened if new, with `body` posted in it.
    Returns (thread, created). `company` may be left out by a member of exactly one company."""
    sides = policy.thread_sides(actor)
    if request.school_id in sides.school_ids:
        if company is None:
            raise ValidationError({"company": _("Choose the company to write to.")})
    elif sides.company_ids:
        company = _own_company(company, sides.company_ids)
    else:
        raise PermissionDenied(NOT_YOUR_REQUEST)
    thread, created = _thread(
        Thread(request=request, company=company, subject=subject),
        existing=Thread.objects.filter(request=request, company=company),
    )
    message_post(actor=actor, thread=thread, body=body)
    return thread, created


def _own_company(company: Company | None, company_ids: frozenset[int]) -> Company:
    if company is None:
        if len(company_ids) != 1:
            raise ValidationError({"company": _("Choose which of your companies writes.")})
        return Company.objects.select_related("organisation").get(pk=next(iter(company_ids)))
    if company.pk not in company_ids:
        raise PermissionDenied(_("You can only write for a company you are a member of."))
    return company


@transaction.atomic
def thread_open_about_application(
    *, actor: Actor, application: Application, subject: str, body: str
) -> tuple[Thread, bool]:
    """The application's thread, opened if new, with `body` posted in it."""
    if not selectors.thread_application_list(actor=actor).filter(pk=application.pk).exists():
        raise PermissionDenied(NOT_YOUR_APPLICATION)
    thread, created = _thread(
        Thread(application=application, subject=subject),
        existing=Thread.objects.filter(application=application),
    )
    message_post(actor=actor, thread=thread, body=body)
    return thread, created


def _thread(new: Thread, *, existing: QuerySet[Thread]) -> tuple[Thread, bool]:
    """The existing thread, or `new` saved; a concurrent opener's thread wins the unique key."""
    found = existing.select_for_update().first()
    if found is not None:
        return found, False
    new.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:
        return existing.get(), False
    return new, True


@transaction.atomic
def message_post(*, actor: Actor, thread: Thread, body: str) -> Message:
    """Post a message; every other participant gets a MESSAGE notification (in this
    transaction, so the message and its notifications commit together)."""
    by = actor.user
    participants = list(selectors.thread_participants(thread=thread))
    if by.pk not in {user.pk for user in participants}:
        raise PermissionDenied(_("Only the thread's participants can write in it."))
    message = Message(thread=thread, author=by, body=body.strip())
    message.full_clean()
    message.save()
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    notify(
        recipients=[user for user in participants if user.pk != by.pk],
        kind=Notification.Kind.MESSAGE,
        payload={
            "thread_id": thread.pk,
            "thread_subject": thread_label(thread),
            "author_id": by.pk,  # so an erasure finds the name and the words again
            "author_name": by.get_full_name() or by.email,
            "excerpt": message.body[:EXCERPT_CHARS],
            "path": f"/threads/{thread.pk}/",
        },
    )
    return message
