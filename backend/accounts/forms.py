from allauth.core import context
from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backend.accounts import invitations, selectors, services
from backend.accounts.actor import ROLE_ORGANISATION_KIND, actor_for
from backend.accounts.models import Organisation, User

SIGNUP_ROLES = [
    (User.Role.STUDENT, _("Student")),
    (User.Role.COUNSELLOR, _("School staff (counsellor, APL coordinator, teacher)")),
    (User.Role.COMPANY_MEMBER, _("Company (HR, supervisor)")),
]


class SignupForm(forms.Form):
    """allauth's sign-up (and SSO sign-up) plus who you are and whom you join. A student picks
    their school; staff may ask to join their school or company now, or register a new one
    after signing in. An invitation in the session decides both instead.

    The organisations offered are those of the chosen role's kind, grouped by municipality. The
    role comes from the form sent, or from `?role=` (which the role select asks for with HTMX
    when it changes, and which links can carry); a student's by default. Without JavaScript, a
    form sent with a role whose organisations were not listed and none chosen comes back once
    with that role's list (`listed_kind` says which kind the page showed)."""

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
    listed_kind = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.listed_before = self.data.get("listed_kind") if self.is_bound else None
        request = context.request
        invitation = pending_invitation(request) if request is not None else None
        if invitation is not None:
            self._invited(invitation)
            return
        role = self._chosen_role(request)
        self.fields["role"].initial = role
        self.fields["role"].widget.attrs.update(
            {
                "hx-get": reverse("account_signup"),
                "hx-trigger": "change",
                "hx-select": "#id_organisation",
                "hx-target": "#id_organisation",
                "hx-swap": "outerHTML",
                "hx-select-oob": "#id_listed_kind",
            }
        )
        # Any of them passes validation (clean() names the mismatch); the role's are offered.
        kind = ROLE_ORGANISATION_KIND[role]
        field = self.fields["organisation"]
        field.queryset = selectors.signup_organisations()
        offered = selectors.grouped_by_municipality(field.queryset.filter(kind=kind))
        field.widget.choices = [("", "---------"), *offered]
        self.fields["listed_kind"].initial = kind
        if self.is_bound:  # the page sent back lists this kind now
            self.data = self.data.copy()
            self.data["listed_kind"] = kind

    def _chosen_role(self, request: HttpRequest | None) -> str:
        asked = self.data.get("role") if self.is_bound else None
        if not asked and request is not None:
            asked = request.GET.get("role")
        return asked if asked in dict(SIGNUP_ROLES) else User.Role.STUDENT

    def _invited(self, invitation) -> None:
        """The invitation's role and organisation, shown as the only choices."""
        role = self.fields["role"]
        role.choices = [(invitation.role, User.Role(invitation.role).label)]
        role.initial = invitation.role
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.filter(pk=invitation.organisation_id)
        organisation.initial = invitation.organisation_id
        organisation.empty_label = None

    def clean(self) -> dict:
        data = super().clean()
        data["role"] = data.get("role") or User.Role.STUDENT
        organisation, role = data.get("organisation"), data["role"]
        if organisation and role and ROLE_ORGANISATION_KIND[role] != organisation.kind:
            self.add_error(
                "organisation",
                _("Students and school staff choose a school; company people a company."),
            )
        elif self.listed_before and self.listed_before != ROLE_ORGANISATION_KIND[role]:
            self.add_error(
                "organisation",
                _("Choose yours in the list for your role now, or leave it empty."),
            )
        return data

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the user is saved, on a local and on an SSO sign-up."""
        invitation = pending_invitation(request)
        if invitation is not None and invitation.email != user.email.lower():
            invitation = None  # they chose another address: a sign-up like any other
        user.role = invitation.role if invitation else self.cleaned_data["role"]
        user.save(update_fields=["role"])
        # The new user acts from the next request on; here they ask (or join) as themselves.
        actor = actor_for(user)
        if invitation is not None:
            invitations.invitation_accept(actor=actor, invitation=invitation)
            request.session.pop(invitations.SESSION_KEY, None)
        elif self.cleaned_data.get("organisation"):
            services.membership_request(actor=actor, organisation=self.cleaned_data["organisation"])


def pending_invitation(request: HttpRequest):
    """The usable invitation whose link brought this visitor to the sign-up, if any."""
    key = request.session.get(invitations.SESSION_KEY)
    invitation = invitations.invitation_by_key(key) if key else None
    if invitation is None or invitations.invitation_problem(invitation):
        return None
    return invitation
