"""Demo users and the chamber, for `manage.py load_demo` only (never migrations).

Every function is idempotent: it finds what an earlier run created by its natural key."""

import random

from faker import Faker

from backend.accounts import services
from backend.accounts.models import Membership, Organisation, User

DEMO_PASSWORD = "praktik-demo"  # noqa: S105 - public by design; load_demo refuses to run with DEBUG off
CHAMBER_NAME = "Handelskammaren Mälardalen"
DEMO_SEED = 2026


def demo_generators(
    rng: random.Random | None = None, faker: Faker | None = None, *, seed: int | str = DEMO_SEED
) -> tuple[random.Random, Faker]:
    """The caller's generators, or new ones from `seed`: the same demo data on every run."""
    if faker is None:
        faker = Faker("sv_SE")
        faker.seed_instance(seed)
    return rng or random.Random(seed), faker  # noqa: S311 - demo data, not secrets


def demo_user(*, email: str, role: str, first_name: str, last_name: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing:
        return existing
    return services.user_create(
        email=email,
        password=DEMO_PASSWORD,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email_verified=True,
    )


def demo_membership(*, user: User, organisation: Organisation, is_admin: bool) -> Membership:
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing:
        return existing
    return services.membership_create(
        user=user, organisation=organisation, is_admin=is_admin, approved=True
    )


def load_chamber() -> Organisation:
    chamber = Organisation.objects.filter(kind=Organisation.Kind.CHAMBER, name=CHAMBER_NAME).first()
    if chamber is None:
        chamber = services.organisation_create(
            name=CHAMBER_NAME, kind=Organisation.Kind.CHAMBER, verified=True
        )
    staff = demo_user(
        email="chamber@demo.example",
        role=User.Role.CHAMBER_STAFF,
        first_name="Karin",
        last_name="Lindqvist",
    )
    demo_membership(user=staff, organisation=chamber, is_admin=True)
    return chamber
