from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    """Users are identified by e-mail; there is no username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        COUNSELLOR = "counsellor", _("Counsellor")
        COMPANY_MEMBER = "company_member", _("Company member")
        CHAMBER_STAFF = "chamber_staff", _("Chamber staff")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STUDENT)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Organisation(models.Model):
    """A company, a school or the chamber. Company and School extend it one-to-one, so membership,
    verification and suspension exist once."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        SCHOOL = "school", _("School")
        CHAMBER = "chamber", _("Chamber of commerce")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    suspended = models.BooleanField(_("suspended"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Membership(models.Model):
    """A user acts for an organisation only through an approved membership."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    is_admin = models.BooleanField(_("administrator"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
