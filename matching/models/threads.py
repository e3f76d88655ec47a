"""Conversations: a counsellor and a company about a request, or the parties of an application."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from matching.models.applications import Application
from schools.models import PlacementRequest


class Thread(models.Model):
    """Either about a placement request with one company, or about one application (with the
    student, the company and the student's school in it)."""

    request = models.ForeignKey(
        PlacementRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("placement request"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("company"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread",
        verbose_name=_("application"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = [models.F("last_message_at").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False, company__isnull=False, application__isnull=True)
                | Q(request__isnull=True, company__isnull=True, application__isnull=False),
                name="matching_thread_one_subject",
            ),
            models.UniqueConstraint(
                fields=["request", "company"],
                condition=Q(request__isnull=False),
                name="matching_thread_once_per_request_company",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or str(self.application or self.request)


class Message(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at"], name="message_thread_idx")]

    def __str__(self) -> str:
        return self.body[:60]
