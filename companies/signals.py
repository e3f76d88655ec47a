"""What the supply side announces, so other apps can follow without companies knowing them.

Each signal is sent inside the service's transaction, right after the write, with the id of what
changed; a receiver that acts later (matching enqueues a recomputation) registers its own
`transaction.on_commit`, so a rolled-back write announces nothing that happens.
"""

from django.dispatch import Signal

# Sent with `opportunity_id` after an opportunity is created, changed, published, closed, hidden
# or unhidden.
opportunity_changed = Signal()
# Sent with `company_id` after a company is verified, suspended or unsuspended
# (backend/moderation.py): whether all its opportunities are public changes at once.
company_changed = Signal()
# Sent with `opportunity_id` and `actor` inside opportunity_close's
# transaction: the demand side settles what hangs on the opportunity (its open applications end,
# their students are told) in the same transaction, so a closed posting never holds an
# application that can still move on.
opportunity_closed = Signal()
