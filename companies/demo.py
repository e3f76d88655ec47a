"""The demo region's companies, for `manage.py load_demo`. Fictional names, real municipalities."""

from backend.accounts.demo import demo_membership, demo_user
from backend.accounts.models import User
from backend.reference.models import Municipality
from companies import services
from companies.models import Company

DEMO_COMPANY = ("Mälarkraft Elektrifiering AB", "1980")  # Västerås


def load_companies() -> list[Company]:
    name, municipality_code = DEMO_COMPANY
    company = Company.objects.filter(organisation__name=name).first()
    if company is None:
        company = services.company_create(
            name=name, municipality=Municipality.objects.get(code=municipality_code), verified=True
        )
    member = demo_user(
        email="company@demo.example",
        role=User.Role.COMPANY_MEMBER,
        first_name="Erik",
        last_name="Johansson",
    )
    demo_membership(user=member, organisation=company.organisation, is_admin=True)
    return [company]
