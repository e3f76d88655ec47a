import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from backend.accounts.models import Membership, Organisation, User

PASSWORD = "a-long-test-password"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.se")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    role = User.Role.STUDENT
    password = factory.django.Password(PASSWORD)
    email_address = factory.RelatedFactory(
        "tests.backend.accounts.factories.EmailAddressFactory", factory_related_name="user"
    )


class EmailAddressFactory(DjangoModelFactory):
    class Meta:
        model = EmailAddress

    email = factory.SelfAttribute("user.email")
    primary = True
    verified = True


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Faker("company", locale="sv_SE")
    kind = Organisation.Kind.COMPANY


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Membership.Status.APPROVED
