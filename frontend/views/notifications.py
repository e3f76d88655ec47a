"""The notifications list behind the bell, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from backend.notifications import selectors as notification_selectors
from backend.notifications import services as notification_services
from backend.notifications.links import page_path
from frontend.views.common import paginate, render_page


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, notification_selectors.notification_list(actor=request.actor))
    return render_page(request, "frontend/notifications.html", {"page": page})


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    """One notification (`id`) or, without one, all of them."""
    pk = request.POST.get("id")
    if pk and pk.isdigit():
        notification = get_object_or_404(
            notification_selectors.notification_list(actor=request.actor), pk=pk
        )
        notification_services.notification_mark_read(actor=request.actor, notification=notification)
        return redirect(page_path(notification))
    else:
        notification_services.notifications_mark_all_read(actor=request.actor)
    return redirect("frontend:notifications")
