from django.db.models import QuerySet

from backend.accounts.models import User


def user_with_memberships(*, user_id: int) -> User:
    queryset: QuerySet[User] = User.objects.prefetch_related("memberships__organisation")
    return queryset.get(pk=user_id)
