"""What the demand side announces, so other apps can follow without schools knowing them.

Each signal is sent inside the service's transaction, right after the write, with the id of what
changed; a receiver that acts later (matching enqueues a recomputation) registers its own
`transaction.on_commit`, so a rolled-back write announces nothing that happens.
"""

from django.dispatch import Signal

# Sent with `placement_request_id` after a request is created, changed, closed, hidden, unhidden
# or has its filled places synchronised.
placement_request_changed = Signal()
# Sent with `student_id` (the profile's user id) after a student creates or changes their profile.
student_profile_changed = Signal()
# Sent with `school_id` after a school is changed, verified, suspended or unsuspended, or one of
# its own programmes is added or changed: whether its requests are public, its level, and what its
# programmes lead to change at once.
school_changed = Signal()
