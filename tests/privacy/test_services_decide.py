"""The export and erasure services decide who may, whoever calls them (the API, a page, a
command): a student for themself, a counsellor of their school on their behalf; nobody else."""

import pytest
from django.core.exceptions import PermissionDenied

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.audit.models import AuditEntry
from matching import privacy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["counsellor", "company_member", "chamber_staff", "student"])
def test_an_outsider_called_directly_is_refused_and_nothing_happens(
    student, history, make_member, role
):
    # A counsellor of another school, a company member, the chamber, another pupil.
    outsider = actor_for(make_member(role))
    with pytest.raises(PermissionDenied):
        privacy.student_export(actor=outsider, student=student.user)
    with pytest.raises(PermissionDenied):
        privacy.student_erase(actor=outsider, student=student.user)
    assert User.objects.filter(pk=student.user.pk).exists()
    assert not AuditEntry.objects.exists()


def test_the_schools_counsellor_and_the_student_may(student, history, make_member):
    counsellor = make_member(User.Role.COUNSELLOR, student.school.organisation)
    assert privacy.student_export(actor=actor_for(counsellor), student=student.user)
    assert privacy.student_export(actor=actor_for(student.user), student=student.user)
    erasure = privacy.student_erase(actor=actor_for(student.user), student=student.user)
    assert erasure.applications == 1
    assert not User.objects.filter(email="elev@skola.example").exists()
