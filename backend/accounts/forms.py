from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.accounts import invitations, services
from backend.accounts.models import Organisation, User
from backend.accounts.selectors import ROLE_ORGANISATION_KIND

SIGNUP_ROLES = [
    (User.Role.STUDENT, _("Student")),
    (User.Role.COUNSELLOR, _("School staff (counsellor, APL coordinator, teacher)")),
    (User.Role.COMPANY_MEMBER, _("Company (HR, supervisor)")),
]


class SignupForm(forms.Form):
    """allauth's sign-up (and SSO sign-up) plus who you are and whom you join. A student picks
    their school; staff may ask to join their school or company now, or register a new one
    after signing in. An invitation in the session decides both instead."""

    # Optional: a sign-up that does not say is a student's.
    role = forms.ChoiceField(
        label=_("I am"), choices=SIGNUP_ROLES, initial=User.Role.STUDENT, required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("My school or company"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Your school or company approves you. A company or school that is not listed yet "
            "can be registered after you sign up."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.SCHOOL, Organisation.Kind.COMPANY],
            verified_at__isnull=False,
            suspended=False,
        ).order_by("kind", "name")

    def clean(self) -> dict:
        data = super().clean()
        data["role"] = data.get("role") or User.Role.STUDENT
        organisation, role = data.get("organisation"), data["role"]
        if organisation and role and ROLE_ORGANISATION_KIND[role] != organisation.kind:
            self.add_error(
                "organisation",
                _("Students and school staff choose a school; company people a company."),
            )
        return data

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the user is saved, on a local and on an SSO sign-up."""
        invitation = pending_invitation(request)
        if invitation is not None and invitation.email != user.email.lower():
            invitation = None  # they chose another address: a sign-up like any other
        user.role = invitation.role if invitation else self.cleaned_data["role"]
        user.save(update_fields=["role"])
        if invitation is not None:
            invitations.invitation_accept(invitation=invitation, user=user)
            request.session.pop(invitations.SESSION_KEY, None)
        elif self.cleaned_data.get("organisation"):
            services.membership_request(user=user, organisation=self.cleaned_data["organisation"])


def pending_invitation(request: HttpRequest):
    """The usable invitation whose link brought this visitor to the sign-up, if any."""
    key = request.session.get(invitations.SESSION_KEY)
    invitation = invitations.invitation_by_key(key) if key else None
    if invitation is None or invitations.invitation_problem(invitation):
        return None
    return invitation
