from django.db import transaction

from backend.accounts import services as account_services
from backend.accounts.models import Organisation
from backend.reference.models import Municipality
from companies.models import Company


@transaction.atomic
def company_create(*, name: str, municipality: Municipality, verified: bool = False) -> Company:
    organisation = account_services.organisation_create(
        name=name, kind=Organisation.Kind.COMPANY, verified=verified
    )
    company = Company(organisation=organisation, municipality=municipality)
    company.full_clean()
    company.save()
    return company
