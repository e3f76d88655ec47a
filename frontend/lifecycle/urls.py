"""The placement lifecycle's pages (names start with `lifecycle_`)."""

from django.urls import path

from frontend.lifecycle import changes, views

urlpatterns = [
    path("placements/", views.placement_list, name="lifecycle_list"),
    path("placements/<int:pk>/", views.placement_detail, name="lifecycle_detail"),
    path("placements/<int:pk>/agree/", changes.company_agree, name="lifecycle_agree"),
    path("placements/<int:pk>/name-student/", changes.name_student, name="lifecycle_name"),
    path("placements/<int:pk>/plan/", views.plan_edit, name="lifecycle_plan"),
    path("placements/<int:pk>/sign/", views.sign, name="lifecycle_sign"),
    path(
        "placements/<int:pk>/risk-assessment/",
        views.risk_assessment_save,
        name="lifecycle_risk_assessment",
    ),
    path(
        "placements/<int:pk>/risk-assessment/confirm/",
        views.risk_assessment_confirm,
        name="lifecycle_risk_confirm",
    ),
    path("placements/<int:pk>/start/", views.start, name="lifecycle_start"),
    path("placements/<int:pk>/check-ins/", views.check_in_add, name="lifecycle_check_in"),
    path(
        "placements/<int:pk>/evaluations/handledare/",
        views.handledare_evaluation,
        name="lifecycle_evaluation_handledare",
    ),
    path(
        "placements/<int:pk>/evaluations/student/",
        views.student_evaluation,
        name="lifecycle_evaluation_student",
    ),
    path("placements/<int:pk>/agreement.pdf", views.agreement_pdf, name="lifecycle_agreement_pdf"),
    path(
        "placements/<int:pk>/certificate.pdf",
        views.certificate_pdf,
        name="lifecycle_certificate_pdf",
    ),
    # Last: the other actions' paths are slugs too.
    path(
        "placements/<int:pk>/<slug:action>/",
        changes.placement_change,
        name="lifecycle_change",
    ),
]
