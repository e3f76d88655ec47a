from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One action. The actor's e-mail is copied so the entry still says who after the account is
    gone; the target is a kind and an id, never personal data."""

    class Action(models.TextChoices):
        VERIFY = "verify", _("verified")
        SUSPEND = "suspend", _("suspended")
        UNSUSPEND = "unsuspend", _("lifted a suspension")
        HIDE = "hide", _("hid")
        UNHIDE = "unhide", _("unhid")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased")
        STUDENT_READ = "student_read", _("read a student's data")
        MEMBER_APPROVE = "member_approve", _("approved a member")
        MEMBER_REMOVE = "member_remove", _("removed a member")
        MEMBER_ADMIN = "member_admin", _("changed an administrator")
        INVITE = "invite", _("invited")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_email = models.EmailField(_("by (e-mail)"), blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("target type"), max_length=40)
    target_id = models.CharField(_("target id"), max_length=40)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor", "-at"], name="audit_actor_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_email} {self.action} {self.target_type}:{self.target_id}"
