"""The demo region's schools and students, for `manage.py load_demo`. Fictional names."""

from backend.accounts.demo import demo_membership, demo_user
from backend.accounts.models import User
from backend.reference.models import Municipality
from schools import services
from schools.models import School

DEMO_SCHOOL = ("Örebro tekniska gymnasium", "1880")  # Örebro


def load_schools() -> list[School]:
    name, municipality_code = DEMO_SCHOOL
    school = School.objects.filter(organisation__name=name).first()
    if school is None:
        school = services.school_create(
            name=name, municipality=Municipality.objects.get(code=municipality_code), verified=True
        )
    counsellor = demo_user(
        email="counsellor@demo.example",
        role=User.Role.COUNSELLOR,
        first_name="Maria",
        last_name="Andersson",
    )
    demo_membership(user=counsellor, organisation=school.organisation, is_admin=True)
    student = demo_user(
        email="student@demo.example", role=User.Role.STUDENT, first_name="Alva", last_name="Berg"
    )
    demo_membership(user=student, organisation=school.organisation, is_admin=False)
    return [school]
