from django.urls import path

from frontend.account import views

urlpatterns = [
    path("account/", views.settings_page, name="account_settings"),
    path("account/tokens/", views.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/erase/", views.student_erase_page, name="student_erase"),
    path(
        "account/organisations/<int:pk>/members/", views.members_page, name="organisation_members"
    ),
    path(
        "account/organisations/<int:pk>/members/<int:membership_pk>/<slug:action>/",
        views.member_act,
        name="member_act",
    ),
    path("account/organisations/<int:pk>/invite/", views.member_invite, name="member_invite"),
    path("account/organisations/<int:pk>/domains/", views.member_domains, name="member_domains"),
    path("invitations/<str:key>/", views.invitation_page, name="invitation"),
    path("privacy/", views.privacy_page, name="privacy"),
    path("accessibility/", views.accessibility_page, name="accessibility"),
]
