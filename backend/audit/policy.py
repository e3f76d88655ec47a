"""Who reads the audit log: chamber staff (and superusers) their own actions over the API; the
whole log is the Django admin's, read only."""

from backend.accounts.actor import Actor


def reads_own_actions(actor: Actor) -> bool:
    return actor.moderator
