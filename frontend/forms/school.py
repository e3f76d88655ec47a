"""A counsellor's school: registering it and its profile (schools.services.school_create and
school_update's fields)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationLevel, Municipality, Programme
from frontend.forms.common import AccessibleErrorsMixin
from schools.models import School


class SchoolForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("School name"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=EducationLevel.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes offered"),
        queryset=Programme.objects.order_by("name_sv"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_from(school: School) -> dict[str, Any]:
        return {
            "name": school.organisation.name,
            "level": school.level,
            "municipality": school.municipality_id,
            "address": school.address,
            "website": school.website,
            "programmes": [programme.pk for programme in school.programmes.all()],
        }


class JoinForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
