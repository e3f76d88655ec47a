"""A YH school's or university's admin lists, adds and edits the school's own programmes."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backend.accounts.models import User
from frontend.forms.school_programmes import SchoolProgrammeForm
from frontend.views.common import render_form, role_required, save_with
from schools import selectors as school_selectors
from schools import services as school_services
from schools.models import SchoolProgramme


@role_required(User.Role.COUNSELLOR)
def programme_list(request: HttpRequest) -> HttpResponse:
    schools = school_selectors.own_programme_schools(actor=request.actor).prefetch_related(
        "own_programmes__education_field", "own_programmes__occupation"
    )
    return render(request, "frontend/school/programmes.html", {"schools": schools})


@role_required(User.Role.COUNSELLOR)
def programme_create(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = get_object_or_404(
        school_selectors.own_programme_schools(actor=request.actor), pk=school_pk
    )
    form = SchoolProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = save_with(
            form,
            school_services.school_programme_save,
            actor=request.actor,
            school=school,
            **form.cleaned_data,
        )
        if saved is not None:
            messages.success(request, _("The programme is added."))
            return redirect("frontend:school_programmes")
    context = {"form": form, "school": school}
    return render_form(request, "frontend/school/programme_form.html", context)


@role_required(User.Role.COUNSELLOR)
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(
        SchoolProgramme.objects.select_related("school__organisation"),
        pk=pk,
        school__in=school_selectors.own_programme_schools(actor=request.actor),
    )
    form = SchoolProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        saved = save_with(
            form,
            school_services.school_programme_save,
            actor=request.actor,
            school=programme.school,
            programme=programme,
            **form.cleaned_data,
        )
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("frontend:school_programmes")
    context = {"form": form, "school": programme.school, "programme": programme}
    return render_form(request, "frontend/school/programme_form.html", context)
