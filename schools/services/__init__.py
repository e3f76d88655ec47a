"""Writes of the school side. Keyword-only, atomic, full_clean() before save().

Each service takes the actor first and asks schools/policy.py whether they may act, raising
PermissionDenied when not, whoever calls it (API, page, command); it also checks what the domain
itself demands (a request belongs to one of the counsellor's schools, a student picks a verified
school). Internal helpers and system work (school_add, school_change for the register import,
placement_request_sync_status for place counting) take no actor. Field problems raise django's
ValidationError keyed by field; an illegal status change raises InvalidTransitionError, whose
message names what is allowed.
"""

from schools.services.common import InvalidTransitionError
from schools.services.own_programmes import school_programme_save, school_programmes_set
from schools.services.placement_requests import (
    placement_request_close,
    placement_request_create,
    placement_request_sync_status,
    placement_request_update,
)
from schools.services.school import (
    school_add,
    school_change,
    school_create,
    school_update,
)
from schools.services.students import student_profile_upsert

__all__ = [
    "InvalidTransitionError",
    "placement_request_close",
    "placement_request_create",
    "placement_request_sync_status",
    "placement_request_update",
    "school_add",
    "school_change",
    "school_create",
    "school_programme_save",
    "school_programmes_set",
    "school_update",
    "student_profile_upsert",
]
