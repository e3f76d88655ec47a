"""The pages. Each area keeps its own url module; the names share the `frontend` namespace."""

from django.urls import include, path

from frontend.views import (
    applications,
    chamber,
    chamber_organisations,
    company,
    counsellor,
    dashboard,
    notifications,
    organisations,
    public,
    rounds,
    school_programmes,
    school_students,
    student,
    threads,
)

app_name = "frontend"
urlpatterns = [
    path("", public.home, name="home"),
    path("opportunities/", public.search, name="search"),
    path("opportunities/<int:pk>/", public.opportunity_detail, name="opportunity"),
    path("companies/<int:pk>/", public.company_detail, name="company"),
    path("about/<slug:slug>/", public.explainer, name="explainer"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path("threads/", threads.thread_list, name="threads"),
    path("threads/<int:pk>/", threads.thread_detail, name="thread"),
    path("matches/<int:pk>/write/", threads.thread_start, name="thread_start"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path(
        "applications/<int:pk>/write/",
        applications.application_write,
        name="application_write",
    ),
    # students
    path("me/profile/", student.profile_edit, name="student_profile"),
    path("opportunities/<int:pk>/apply/", student.apply, name="apply"),
    path("me/applications/<int:pk>/<slug:action>/", student.application_act, name="student_act"),
    path("me/rounds/<int:pk>/", student.round_choices, name="round_choices"),
    # company members
    path("company/register/", company.company_register, name="company_register"),
    path("company/opportunities/new/", company.opportunity_create, name="opportunity_create"),
    path("company/opportunities/<int:pk>/", company.opportunity_edit, name="opportunity_edit"),
    path(
        "company/opportunities/<int:pk>/applications/",
        company.application_list,
        name="company_applications",
    ),
    path(
        "company/opportunities/<int:pk>/<slug:action>/",
        company.opportunity_transition,
        name="opportunity_transition",
    ),
    path("company/applications/<int:pk>/act/", company.application_act, name="company_act"),
    path("company/profile/", company.profile_edit, name="company_profile"),
    # counsellors
    path("school/register/", organisations.school_register, name="school_register"),
    path("school/profile/", organisations.school_profile, name="school_profile"),
    path("organisations/join/", organisations.organisation_join, name="organisation_join"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        organisations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("school/requests/new/", counsellor.request_create, name="request_create"),
    path("school/requests/<int:pk>/", counsellor.request_edit, name="request_edit"),
    path("school/requests/<int:pk>/matches/", counsellor.request_matches, name="request_matches"),
    path("school/requests/<int:pk>/close/", counsellor.request_close, name="request_close"),
    path(
        "school/matches/<int:pk>/confirm/", counsellor.placement_confirm, name="placement_confirm"
    ),
    path(
        "school/pupils/without-placement/",
        counsellor.pupils_without_placement,
        name="pupils_without_placement",
    ),
    path("school/students/", school_students.school_students, name="school_students"),
    path("school/rounds/", counsellor.round_start, name="round_start"),
    path("school/rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("school/rounds/<int:pk>/run/", rounds.round_run, name="round_run"),
    path("proposals/", rounds.proposal_list, name="proposals"),
    path("proposals/<int:pk>/<slug:action>/", rounds.proposal_decide, name="proposal_decide"),
    path("school/programmes/", school_programmes.programme_list, name="school_programmes"),
    path(
        "school/programmes/new/<int:school_pk>/",
        school_programmes.programme_create,
        name="school_programme_create",
    ),
    path(
        "school/programmes/<int:pk>/",
        school_programmes.programme_edit,
        name="school_programme_edit",
    ),
    # chamber staff
    path("chamber/moderation/", chamber.moderation, name="moderation"),
    path("chamber/rounds/", rounds.pairing_rounds, name="pairing_rounds"),
    path("chamber/organisations/", chamber_organisations.organisations, name="organisations"),
    path(
        "chamber/organisations/<int:pk>/<slug:action>/",
        chamber_organisations.organisation_act,
        name="organisation_act",
    ),
    path(
        "chamber/memberships/",
        chamber_organisations.memberships_pending,
        name="memberships_pending",
    ),
    path("chamber/hidden/", chamber_organisations.hidden, name="hidden"),
    path(
        "chamber/opportunities/<int:pk>/unhide/",
        chamber_organisations.opportunity_unhide,
        name="opportunity_unhide",
    ),
    path(
        "chamber/requests/<int:pk>/hide/",
        chamber_organisations.request_hide,
        name="request_hide",
    ),
    path(
        "chamber/requests/<int:pk>/unhide/",
        chamber_organisations.request_unhide,
        name="request_unhide",
    ),
    path("chamber/companies/<int:pk>/verify/", chamber.company_verify, name="company_verify"),
    path("chamber/schools/<int:pk>/verify/", chamber.school_verify, name="school_verify"),
    path("chamber/opportunities/<int:pk>/hide/", chamber.opportunity_hide, name="opportunity_hide"),
    path("", include("frontend.account.urls")),
    path("", include("frontend.reports.urls")),
    path("", include("frontend.lifecycle.urls")),
]
