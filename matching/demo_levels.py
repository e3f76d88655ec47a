"""The demo region beyond gymnasium (issue 22), for `manage.py load_demo`: a yrkeshögskola and a
university in Västerås with their own programmes, a YH student, a university student and an
international master's student who can log in, LIA postings, thesis projects and English
postings that name their field and occupation, and an LIA request.

Everything goes through the services, so it obeys the rules the pages and the API obey.
Idempotent: what exists (by e-mail, school name, opportunity title) is left as it is. The
schools and the people are fictional; the fields (ISCED-F) and occupations (SSYK) are real.
"""

from datetime import date

from django.db import transaction

from backend.accounts.actor import actor_for
from backend.accounts.demo import demo_membership, demo_user
from backend.accounts.models import User
from backend.reference.models import (
    EducationField,
    EducationLevel,
    Municipality,
    Occupation,
    PlacementKind,
    StemArea,
)
from companies import services as company_services
from companies.demo import DEMO_MEMBER
from companies.models import Company, Opportunity
from schools import services as school_services
from schools.models import PlacementRequest, School, StudentProfile

VASTERAS = "1980"
ESKILSTUNA = "0484"

SCHOOLS = {
    "yh": {
        "name": "Yrkeshögskolan Mälarstaden",
        "level": EducationLevel.YRKESHOGSKOLA,
        "municipality": VASTERAS,
        "own_programmes": [
            ("Automationsingenjör", "0714", "3113"),
            ("Elkraftingenjör", "0713", "3113"),
            ("Mjukvaruutvecklare, inbyggda system", "0613", "2512"),
        ],
        "counsellor": ("lia@yh.demo.example", "Lena", "Holm"),
    },
    "university": {
        "name": "Mälarstadens tekniska högskola",
        "level": EducationLevel.UNIVERSITY,
        "municipality": ESKILSTUNA,
        "own_programmes": [
            ("Civilingenjör i energiteknik", "0713", "2143"),
            ("Master's Programme in Software Engineering", "0613", "2512"),
            ("Master's Programme in Robotics", "0714", "2149"),
        ],
        "counsellor": ("exjobb@hogskola.demo.example", "Per", "Ek"),
    },
}

# (e-mail, first name, last name, school, own programme, profile)
STUDENTS = [
    ("yh-student@demo.example", "Nora", "Lund", "yh", "Automationsingenjör",
     {"home_municipality": VASTERAS, "languages": ["sv"], "stem_interests": ["automation"]}),
    ("university-student@demo.example", "Oskar", "Berg", "university",
     "Civilingenjör i energiteknik",
     {"home_municipality": ESKILSTUNA, "languages": ["sv", "en"],
      "stem_interests": ["energy", "electrification"]}),
    ("international@demo.example", "Priya", "Raman", "university",
     "Master's Programme in Software Engineering",
     {"home_municipality": ESKILSTUNA, "languages": ["en"], "about": "MSc student from India."}),
]  # fmt: skip

_COMMON = {"period_start": date(2027, 1, 18), "application_deadline": date(2026, 12, 15)}
# (title, field, occupation, STEM areas, fields of the opportunity)
OPPORTUNITIES = [
    ("LIA: idrifttagning av laddrobotar", "0714", "3113", ["automation", "electrification"],
     {"kind": PlacementKind.INTERNSHIP, "level": EducationLevel.YRKESHOGSKOLA, "places": 3,
      "description": "LIA för automationsingenjörer: PLC-programmering och idrifttagning av "
                     "robotar som ansluter laddkablar till tunga fordon.",
      "period_end": date(2027, 3, 26), **_COMMON}),
    ("LIA: nätanslutning av laddparker", "0713", "3113", ["electrification", "energy"],
     {"kind": PlacementKind.INTERNSHIP, "level": EducationLevel.YRKESHOGSKOLA, "places": 2,
      "description": "LIA för elkraftingenjörer: dimensionera och dokumentera nätanslutningen "
                     "av en laddpark med 20 snabbladdare.",
      "period_end": date(2027, 3, 26), **_COMMON}),
    ("Exjobb (kandidat): energilager som buffert vid snabbladdning", "0713", "2143",
     ["energy", "batteries"],
     {"kind": PlacementKind.THESIS, "level": EducationLevel.UNIVERSITY, "places": 2,
      "thesis_degree": "bachelor", "thesis_credits": 15, "accepts_any_programme": True,
      "description": "Kandidatarbete: när lönar sig ett batterilager framför en starkare "
                     "nätanslutning?", "period_end": date(2027, 4, 2), **_COMMON}),
    ("Master's thesis: scheduling software for depot charging", "0613", "2512",
     ["electrification"],
     {"kind": PlacementKind.THESIS, "level": EducationLevel.UNIVERSITY, "places": 1,
      "thesis_degree": "master", "thesis_credits": 30, "needs_university_supervisor": True,
      "speaks_swedish": False, "speaks_english": True, "open_to_non_eu": True,
      "description": "Master's thesis in English: schedule the charging of 200 trucks at a "
                     "depot under a grid limit, and test it on a year of our data.",
      "period_end": date(2027, 6, 4), **_COMMON}),
    ("Summer internship: embedded software for power electronics", "0714", "2149",
     ["automation", "electrification"],
     {"kind": PlacementKind.INTERNSHIP, "level": EducationLevel.UNIVERSITY, "places": 2,
      "speaks_english": True, "open_to_non_eu": True,
      "description": "Ten weeks in our firmware team (English or Swedish): motor control and "
                     "test automation for 1 MW chargers.",
      "period_start": date(2027, 6, 14), "period_end": date(2027, 8, 20),
      "application_deadline": date(2027, 3, 31)}),
]  # fmt: skip


@transaction.atomic
def load_levels_demo() -> None:
    """The schools, students, postings and request of this module; see its docstring."""
    schools = {key: _school(spec) for key, spec in SCHOOLS.items()}
    for email, first, last, school_key, programme, profile in STUDENTS:
        _student(email, first, last, schools[school_key], programme, profile)
    _opportunities()
    _lia_request(schools["yh"])


def _school(spec: dict) -> School:
    school = School.objects.filter(organisation__name=spec["name"]).first()
    if school is None:
        school = school_services.school_add(
            name=spec["name"],
            level=spec["level"],
            municipality=Municipality.objects.get(code=spec["municipality"]),
            own_programmes=[
                {
                    "name": name,
                    "education_field": EducationField.objects.get(code=field),
                    "occupation": Occupation.objects.get(code=occupation),
                }
                for name, field, occupation in spec["own_programmes"]
            ],
            verified=True,
        )
    email, first, last = spec["counsellor"]
    counsellor = demo_user(email=email, role=User.Role.COUNSELLOR, first_name=first, last_name=last)
    demo_membership(user=counsellor, organisation=school.organisation, is_admin=True)
    return school


def _student(email: str, first: str, last: str, school: School, programme: str, profile: dict):
    user = demo_user(email=email, role=User.Role.STUDENT, first_name=first, last_name=last)
    demo_membership(user=user, organisation=school.organisation, is_admin=False)
    if StudentProfile.objects.filter(user=user).exists():
        return
    data = {
        **profile,
        "school": school,
        "school_programme": school.own_programmes.get(name=programme),
        "home_municipality": Municipality.objects.get(code=profile["home_municipality"]),
        "stem_interests": list(StemArea.objects.filter(code__in=profile.get("stem_interests", []))),
    }
    school_services.student_profile_upsert(actor=actor_for(user), data=data)


def _opportunities() -> None:
    member = User.objects.get(email=DEMO_MEMBER)
    company = Company.objects.get(organisation__memberships__user=member)
    existing = set(company.opportunities.values_list("title", flat=True))
    contact = {
        "contact_name": f"{member.first_name} {member.last_name}",
        "contact_email": member.email,
        "municipality": company.municipality,
        "address": company.address,
    }
    for title, field, occupation, stems, fields in OPPORTUNITIES:
        if title in existing:
            continue
        opportunity: Opportunity = company_services.opportunity_create(
            actor=actor_for(member),
            company=company,
            title=title,
            education_field=EducationField.objects.get(code=field),
            occupation=Occupation.objects.get(code=occupation),
            stem_areas=StemArea.objects.filter(code__in=stems),
            **contact,
            **fields,
        )
        company_services.opportunity_publish(actor=actor_for(member), opportunity=opportunity)


def _lia_request(school: School) -> None:
    if PlacementRequest.objects.filter(school=school).exists():
        return
    counsellor = User.objects.get(email=SCHOOLS["yh"]["counsellor"][0])
    school_services.placement_request_create(
        actor=actor_for(counsellor),
        school=school,
        kind=PlacementKind.INTERNSHIP,
        level=EducationLevel.YRKESHOGSKOLA,
        education_field=EducationField.objects.get(code="0714"),
        places_needed=6,
        period_start=date(2027, 2, 1),
        period_end=date(2027, 3, 26),
        max_distance_km=60,
        stem_areas=StemArea.objects.filter(code__in=["automation"]),
    )
