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

from backend.accounts import invitations, mfa, selectors, services, tokens
from backend.accounts.actor import ROLE_ORGANISATION_KIND, actor_for
from backend.accounts.models import Membership, Organisation, User
from backend.accounts.selectors import MemberAccess
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, audit_student_read
from backend.core.errors import TransitionError
from frontend.account.forms import DomainsForm, InviteForm, PasswordConfirmForm, TokenForm
from frontend.forms.common import add_service_errors
from matching import privacy

MEMBER_ACTIONS = {
    "approve": ("approve", lambda m, by: services.membership_approve(membership=m, by=by)),
    "remove": ("remove", lambda m, by: services.membership_remove(membership=m, by=by)),
    "make_admin": (
        "admin",
        lambda m, by: services.membership_set_admin(membership=m, by=by, is_admin=True),
    ),
    "revoke_admin": (
        "admin",
        lambda m, by: services.membership_set_admin(membership=m, by=by, is_admin=False),
    ),
}
AUDIT_ACTIONS = {
    "approve": AuditEntry.Action.MEMBER_APPROVE,
    "remove": AuditEntry.Action.MEMBER_REMOVE,
    "make_admin": AuditEntry.Action.MEMBER_ADMIN,
    "revoke_admin": AuditEntry.Action.MEMBER_ADMIN,
}


@login_required
def settings_page(
    request: HttpRequest, token_form: TokenForm | None = None, new_key: str = ""
) -> HttpResponse:
    user = selectors.user_with_memberships(user_id=request.user.pk)
    managed = selectors.admin_organisation_ids(request.user) | selectors.role_organisation_ids(
        request.user, User.Role.COUNSELLOR
    )
    context = {
        "memberships": user.memberships.all(),
        "managed_ids": managed,
        "mfa_enabled": is_mfa_enabled(request.user),
        "tokens": tokens.personal_token_list(actor=request.actor),
        "token_refusal": tokens.creation_refusal(actor=request.actor),
        "mfa_missing": mfa.mfa_missing(request.actor),
        "token_form": token_form or TokenForm(),
        "new_key": new_key,
        "is_student": request.user.role == User.Role.STUDENT,
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


def _organisation(request: HttpRequest, pk: int) -> tuple[Organisation, str]:
    access = selectors.member_access(request.user, pk)
    if access == MemberAccess.NONE:
        raise Http404
    if access == MemberAccess.MEMBER:
        raise PermissionError
    return get_object_or_404(Organisation, pk=pk), access


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
    try:
        organisation, access = _organisation(request, pk)
    except PermissionError:
        return render(request, "frontend/account/not_admin.html", status=403)
    members = list(selectors.organisation_members(user=request.user, organisation_id=pk))
    audit_student_read(
        by=request.user,
        students=[m.user_id for m in members if m.user.role == User.Role.STUDENT],
        purpose="members",
    )
    is_admin = access == MemberAccess.ADMIN
    domains = " ".join(organisation.email_domains.values_list("domain", flat=True))
    context = {
        "organisation": organisation,
        "members": members,
        "is_admin": is_admin,
        "invitations": invitations.invitation_list(organisation_ids=frozenset({pk})),
        "invite_form": invite_form or InviteForm(roles=_invite_roles(organisation)),
        "domains_form": domains_form or DomainsForm(initial={"domains": domains}),
    }
    return render(request, "frontend/account/members.html", context, status=status)


@login_required
@require_POST
def member_act(request: HttpRequest, pk: int, membership_pk: int, action: str) -> HttpResponse:
    if action not in MEMBER_ACTIONS:
        raise Http404
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organisation_id=pk
    )
    wanted, service = MEMBER_ACTIONS[action]
    if not selectors.may_manage_membership(request.user, membership, action=wanted):
        return render(request, "frontend/account/not_admin.html", status=403)
    try:
        service(membership, request.user)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        audit_record(by=request.user, action=AUDIT_ACTIONS[action], target=membership)
        messages.success(request, _("Done: %(email)s.") % {"email": membership.user.email})
    if action == "remove" and membership.user_id == request.user.pk:
        return redirect("frontend:account_settings")
    return redirect("frontend:organisation_members", pk=pk)


@login_required
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if pk not in selectors.admin_organisation_ids(request.user):
        return render(request, "frontend/account/not_admin.html", status=403)
    form = InviteForm(request.POST, roles=_invite_roles(organisation))
    if form.is_valid():
        try:
            invitation, _key = invitations.invitation_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            audit_record(by=request.user, action=AuditEntry.Action.INVITE, target=invitation)
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("frontend:organisation_members", pk=pk)
    return members_page(request, pk, invite_form=form, status=400)


@login_required
@require_POST
def member_domains(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if selectors.member_access(request.user, pk) != MemberAccess.ADMIN:
        return render(request, "frontend/account/not_admin.html", status=403)
    form = DomainsForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_domains_set(
                organisation=organisation, domains=form.cleaned_data["domains"].split()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
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
                invitations.invitation_accept(invitation=invitation, user=request.user)
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
    if request.user.role != User.Role.STUDENT:
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
