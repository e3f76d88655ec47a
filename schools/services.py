from django.db import transaction

from backend.accounts import services as account_services
from backend.accounts.models import Organisation
from backend.reference.models import Municipality
from schools.models import School


@transaction.atomic
def school_create(*, name: str, municipality: Municipality, verified: bool = False) -> School:
    organisation = account_services.organisation_create(
        name=name, kind=Organisation.Kind.SCHOOL, verified=verified
    )
    school = School(organisation=organisation, municipality=municipality)
    school.full_clean()
    school.save()
    return school
