"""Account pages: settings (memberships, two-factor authentication, API tokens, the student's
own data), an organisation's members and invitations, accepting an invitation, and the privacy
and accessibility statements. The writes go through the same services as the API."""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts import invitations, mfa, policy, selectors, services, tokens
from backend.accounts.actor import ROLE_ORGANISATION_KIND, actor_for
from backend.accounts.models import Organisation, User
from backend.core.errors import TransitionError
from frontend.account.forms import DomainsForm, InviteForm, PasswordConfirmForm, TokenForm
from frontend.forms.common import add_service_errors
from frontend.views.common import save_with, transition
from matching import privacy

# The page's member actions: the service and its arguments besides the actor and membership.
MEMBER_ACTIONS = {
    "approve": (services.membership_approve, {}),
    "remove": (services.membership_remove, {}),
    "make_admin": (services.membership_set_admin, {"is_admin": True}),
    "revoke_admin": (services.membership_set_admin, {"is_admin": False}),
}


@login_required
def settings_page(
    request: HttpRequest, token_form: TokenForm | None = None, new_key: str = ""
) -> HttpResponse:
    actor = request.actor
    user = selectors.user_with_memberships(actor=actor)
    managed = {
        m.organisation_id
        for m in user.memberships.all()
        if m.status == m.Status.APPROVED and policy.sees_members(actor, m.organisation_id)
    }
    context = {
        "memberships": user.memberships.all(),
        "managed_ids": managed,
        "mfa_enabled": is_mfa_enabled(request.user),
        "tokens": tokens.personal_token_list(actor=actor),
        "token_refusal": tokens.creation_refusal(actor=actor),
        "mfa_missing": mfa.mfa_missing(actor),
        "token_form": token_form or TokenForm(),
        "new_key": new_key,
        "is_student": actor.is_student,
    }
    return render(request, "frontend/account/settings.html", context)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = tokens.personal_token_create(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Rendered, not redirected: the key is shown this once and never stored.
            return settings_page(request, new_key=key)
    return settings_page(request, token_form=form)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens.personal_token_list(actor=request.actor), pk=pk)
    tokens.personal_token_revoke(actor=request.actor, token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("frontend:account_settings")


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    """One of the organisations the actor sees, else 404."""
    return get_object_or_404(selectors.organisation_list(actor=request.actor), pk=pk)


def _invite_roles(organisation: Organisation) -> list[tuple[str, str]]:
    return [
        (role.value, role.label)
        for role in User.Role
        if ROLE_ORGANISATION_KIND[role] == organisation.kind
    ]


@login_required
def members_page(
    request: HttpRequest,
    pk: int,
    invite_form: InviteForm | None = None,
    domains_form: DomainsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    organisation = _organisation(request, pk)
    members = list(selectors.organisation_members(actor=actor, organisation=organisation))
    domains = " ".join(organisation.email_domains.values_list("domain", flat=True))
    context = {
        "organisation": organisation,
        "members": members,
        "is_admin": policy.administers(actor, pk),
        "invites": policy.invites_to(actor, pk),
        "invitations": invitations.invitation_list(actor=actor).filter(organisation_id=pk),
        "invite_form": invite_form or InviteForm(roles=_invite_roles(organisation)),
        "domains_form": domains_form or DomainsForm(initial={"domains": domains}),
    }
    return render(request, "frontend/account/members.html", context, status=status)


@login_required
@require_POST
def member_act(request: HttpRequest, pk: int, membership_pk: int, action: str) -> HttpResponse:
    """Approve, remove, make or unmake administrator (the API's member actions)."""
    if action not in MEMBER_ACTIONS:
        raise Http404
    membership = selectors.membership_get(
        actor=request.actor, organisation=_organisation(request, pk), membership_id=membership_pk
    )
    if membership is None:
        raise Http404
    service, arguments = MEMBER_ACTIONS[action]
    if transition(request, service, actor=request.actor, membership=membership, **arguments):
        messages.success(request, _("Done: %(email)s.") % {"email": membership.user.email})
    if action == "remove" and membership.user_id == request.user.pk:
        return redirect("frontend:account_settings")
    return redirect("frontend:organisation_members", pk=pk)


@login_required
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    form = InviteForm(request.POST, roles=_invite_roles(organisation))
    if form.is_valid():
        invitation = save_with(
            form,
            invitations.invitation_create,
            actor=request.actor,
            organisation=organisation,
            **form.cleaned_data,
        )
        if invitation is not None:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation[0].email}
            )
            return redirect("frontend:organisation_members", pk=pk)
    return members_page(request, pk, invite_form=form, status=400)


@login_required
@require_POST
def member_domains(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    form = DomainsForm(request.POST)
    if form.is_valid():
        saved = save_with(
            form,
            services.organisation_domains_set,
            actor=request.actor,
            organisation=organisation,
            domains=form.cleaned_data["domains"].split(),
        )
        if saved is not None:
            messages.success(request, _("The e-mail domains are saved."))
            return redirect("frontend:organisation_members", pk=pk)
    return members_page(request, pk, domains_form=form, status=400)


def invitation_page(request: HttpRequest, key: str) -> HttpResponse:
    """The link in an invitation e-mail. A visitor without an account signs up with the invited
    address (already verified: the link proves it); a signed-in user joins with one click."""
    invitation = invitations.invitation_by_key(key)
    if invitation is None:
        raise Http404
    problem = invitations.invitation_problem(invitation)
    context = {"invitation": invitation, "problem": problem}
    if problem:
        return render(request, "frontend/account/invitation.html", context, status=410)
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                invitations.invitation_accept(actor=request.actor, invitation=invitation)
            except (ValidationError, TransitionError) as error:
                context["problem"] = getattr(error, "message", None) or " ".join(error.messages)
                return render(request, "frontend/account/invitation.html", context, status=400)
            messages.success(
                request, _("You are now a member of %(name)s.") % {"name": invitation.organisation}
            )
            return redirect("frontend:account_settings")
        return render(request, "frontend/account/invitation.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "frontend/account/invitation.html", context)
    request.session[invitations.SESSION_KEY] = key
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")


@login_required
def student_erase_page(request: HttpRequest) -> HttpResponse:
    if not request.actor.is_student:
        raise Http404
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actor = actor_for(request.user)  # before the logout forgets who acts
        logout(request)
        privacy.student_erase(actor=actor, student=actor.user)
        messages.success(request, _("Your account and your personal data are erased."))
        return redirect("frontend:home")
    return render(request, "frontend/account/erase.html", {"form": form})


def privacy_page(request: HttpRequest) -> HttpResponse:
    context = {"retention_days": settings.PERSONAL_DATA_RETENTION_DAYS}
    return render(request, "frontend/account/privacy.html", context)


def accessibility_page(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/account/accessibility.html")
