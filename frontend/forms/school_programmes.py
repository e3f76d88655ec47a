"""The form a YH school's or university's admin lists one of its own programmes with."""

from typing import Any

from django import forms

from backend.reference.models import EducationField, Occupation
from frontend.forms.common import AccessibleErrorsMixin
from schools.models import SchoolProgramme


class SchoolProgrammeForm(AccessibleErrorsMixin, forms.ModelForm):
    """Checked and saved by schools.services.school_programme_save, as the API's list is."""

    class Meta:
        model = SchoolProgramme
        fields = ["name", "education_field", "occupation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["education_field"].queryset = EducationField.objects.order_by("code")
        self.fields["occupation"].queryset = Occupation.objects.order_by("code")
