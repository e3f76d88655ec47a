"""Every state-changing operation of the API has a page that performs it, or a line in
docs/api-only.md saying why it is API-only (issue: no role needs the API to do its job)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

WRITE_METHODS = ("post", "put", "patch", "delete")
API_ONLY = Path(__file__).resolve().parents[2] / "docs" / "api-only.md"

# "METHOD /api/v1/path/" -> (the page's URL name, the arguments it needs to resolve).
PAGES: dict[str, tuple[str, tuple]] = {
    "POST /api/v1/allocation-rounds/": ("frontend:pairing_rounds", ()),
    "POST /api/v1/allocation-rounds/{id}/choices/": ("frontend:round_choices", (1,)),
    "POST /api/v1/allocation-rounds/{id}/run/": ("frontend:round_run", (1,)),
    "POST /api/v1/applications/": ("frontend:apply", (1,)),
    "POST /api/v1/applications/{id}/accept/": ("frontend:student_act", (1, "accept")),
    "POST /api/v1/applications/{id}/decline/": ("frontend:student_act", (1, "decline")),
    "POST /api/v1/applications/{id}/withdraw/": ("frontend:student_act", (1, "withdraw")),
    "POST /api/v1/applications/{id}/interview/": ("frontend:company_act", (1,)),
    "POST /api/v1/applications/{id}/offer/": ("frontend:company_act", (1,)),
    "POST /api/v1/applications/{id}/reject/": ("frontend:company_act", (1,)),
    "POST /api/v1/applications/{id}/review/": ("frontend:company_act", (1,)),
    "POST /api/v1/auth/tokens/": ("frontend:token_create", ()),
    "DELETE /api/v1/auth/tokens/{id}/": ("frontend:token_revoke", (1,)),
    "POST /api/v1/companies/": ("frontend:company_register", ()),
    "PUT /api/v1/companies/{id}/": ("frontend:company_profile", ()),
    "PATCH /api/v1/companies/{id}/": ("frontend:company_profile", ()),
    "PUT /api/v1/companies/{id}/logo/": ("frontend:company_profile", ()),
    "POST /api/v1/companies/{id}/suspend/": ("frontend:organisation_act", (1, "suspend")),
    "POST /api/v1/companies/{id}/unsuspend/": ("frontend:organisation_act", (1, "unsuspend")),
    "POST /api/v1/companies/{id}/verify/": ("frontend:company_verify", (1,)),
    "POST /api/v1/invitations/": ("frontend:member_invite", (1,)),
    "POST /api/v1/invitations/accept/": ("frontend:invitation", ("key",)),
    "DELETE /api/v1/invitations/{id}/": ("frontend:invitation_revoke", (1, 2)),
    "POST /api/v1/notifications/{id}/read/": ("frontend:notifications_read", ()),
    "POST /api/v1/notifications/read-all/": ("frontend:notifications_read", ()),
    "POST /api/v1/opportunities/": ("frontend:opportunity_create", ()),
    "PUT /api/v1/opportunities/{id}/": ("frontend:opportunity_edit", (1,)),
    "PATCH /api/v1/opportunities/{id}/": ("frontend:opportunity_edit", (1,)),
    "POST /api/v1/opportunities/{id}/close/": ("frontend:opportunity_transition", (1, "close")),
    "POST /api/v1/opportunities/{id}/publish/": (
        "frontend:opportunity_transition",
        (1, "publish"),
    ),
    "POST /api/v1/opportunities/{id}/hide/": ("frontend:opportunity_hide", (1,)),
    "POST /api/v1/opportunities/{id}/unhide/": ("frontend:opportunity_unhide", (1,)),
    "DELETE /api/v1/organisations/{organisation_id}/members/{id}/": (
        "frontend:member_act",
        (1, 2, "remove"),
    ),
    "POST /api/v1/organisations/{organisation_id}/members/{id}/approve/": (
        "frontend:member_act",
        (1, 2, "approve"),
    ),
    "POST /api/v1/organisations/{organisation_id}/members/{id}/make_admin/": (
        "frontend:member_act",
        (1, 2, "make_admin"),
    ),
    "POST /api/v1/organisations/{organisation_id}/members/{id}/revoke_admin/": (
        "frontend:member_act",
        (1, 2, "revoke_admin"),
    ),
    "PUT /api/v1/organisations/{id}/domains/": ("frontend:member_domains", (1,)),
    "POST /api/v1/organisations/{id}/join/": ("frontend:organisation_join", ()),
    "POST /api/v1/placements/confirm/": ("frontend:placement_confirm", (1,)),
    "POST /api/v1/placements/{id}/cancel/": ("frontend:lifecycle_change", (1, "cancel")),
    "POST /api/v1/placements/{id}/complete/": ("frontend:lifecycle_change", (1, "complete")),
    "POST /api/v1/placements/{id}/check-ins/": ("frontend:lifecycle_check_in", (1,)),
    "POST /api/v1/placements/{id}/evaluations/handledare/": (
        "frontend:lifecycle_evaluation_handledare",
        (1,),
    ),
    "POST /api/v1/placements/{id}/evaluations/student/": (
        "frontend:lifecycle_evaluation_student",
        (1,),
    ),
    "PUT /api/v1/placements/{id}/plan/": ("frontend:lifecycle_plan", (1,)),
    "PUT /api/v1/placements/{id}/risk-assessment/": ("frontend:lifecycle_risk_assessment", (1,)),
    "POST /api/v1/placements/{id}/risk-assessment/confirm/": (
        "frontend:lifecycle_risk_confirm",
        (1,),
    ),
    "POST /api/v1/placements/{id}/sign/": ("frontend:lifecycle_sign", (1,)),
    "POST /api/v1/placements/{id}/start/": ("frontend:lifecycle_start", (1,)),
    "POST /api/v1/proposals/{id}/confirm/": ("frontend:proposal_decide", (1, "confirm")),
    "POST /api/v1/proposals/{id}/decline/": ("frontend:proposal_decide", (1, "decline")),
    "POST /api/v1/requests/": ("frontend:request_create", ()),
    "PUT /api/v1/requests/{id}/": ("frontend:request_edit", (1,)),
    "PATCH /api/v1/requests/{id}/": ("frontend:request_edit", (1,)),
    "POST /api/v1/requests/{id}/close/": ("frontend:request_close", (1,)),
    "POST /api/v1/requests/{id}/hide/": ("frontend:request_hide", (1,)),
    "POST /api/v1/requests/{id}/unhide/": ("frontend:request_unhide", (1,)),
    "POST /api/v1/schools/": ("frontend:school_register", ()),
    "PUT /api/v1/schools/{id}/": ("frontend:school_profile", ()),
    "PATCH /api/v1/schools/{id}/": ("frontend:school_profile", ()),
    "POST /api/v1/schools/{id}/suspend/": ("frontend:organisation_act", (1, "suspend")),
    "POST /api/v1/schools/{id}/unsuspend/": ("frontend:organisation_act", (1, "unsuspend")),
    "POST /api/v1/schools/{id}/verify/": ("frontend:school_verify", (1,)),
    "PUT /api/v1/students/me/": ("frontend:student_profile", ()),
    "PATCH /api/v1/students/me/": ("frontend:student_profile", ()),
    "POST /api/v1/students/me/erase/": ("frontend:student_erase", ()),
    "POST /api/v1/threads/": ("frontend:application_write", (1,)),
    "POST /api/v1/threads/{id}/messages/": ("frontend:thread", (1,)),
}


def _operations() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITE_METHODS
    )


def _api_only() -> set[str]:
    """The operations of docs/api-only.md's table, each with a reason."""
    rows = re.findall(r"^\| `([A-Z]+ /api/v1/\S+)` \| (.+?) \|$", API_ONLY.read_text(), re.M)
    assert all(len(reason.strip()) > 20 for _operation, reason in rows), "give each a reason"
    return {operation for operation, _reason in rows}


@pytest.fixture(scope="module")
def operations() -> list[str]:
    return _operations()


def test_every_write_operation_has_a_page_or_a_documented_reason(operations):
    api_only = _api_only()
    missing = [op for op in operations if op not in PAGES and op not in api_only]
    assert not missing, f"give these a page (PAGES) or a reason in docs/api-only.md: {missing}"


def test_no_operation_is_both_on_a_page_and_api_only(operations):
    assert not set(PAGES) & _api_only()


def test_the_mapping_and_the_list_name_real_operations(operations):
    stale = [op for op in [*PAGES, *_api_only()] if op not in operations]
    assert not stale, f"no such operation in the schema: {stale}"


@pytest.mark.parametrize("operation", sorted(PAGES))
def test_each_page_resolves(operation):
    name, args = PAGES[operation]
    assert reverse(name, args=args).startswith("/")
