"""/dashboard/: each role's own start page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from backend.accounts.models import User
from frontend.views import company, counsellor, student


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    views = {
        User.Role.STUDENT: student.dashboard,
        User.Role.COMPANY_MEMBER: company.dashboard,
        User.Role.COUNSELLOR: counsellor.dashboard,
    }
    view = views.get(request.actor.role)
    if view is None:
        return redirect("frontend:moderation")
    return view(request)
