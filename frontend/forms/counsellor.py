"""A counsellor's forms: a placement request, and confirming a placement from a match."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationField, Municipality, Programme, StemArea
from frontend.forms.common import AccessibleErrorsMixin, DateInput
from schools.models import PlacementRequest, SchoolProgramme

REQUEST_FIELDS = (
    "kind", "level", "programme", "education_field", "school_programme", "places_needed",
    "period_start", "period_end", "municipality", "max_distance_km", "stem_areas", "notes",
)  # fmt: skip


class PlacementRequestForm(AccessibleErrorsMixin, forms.ModelForm):
    """Validated by the model's rules (PlacementRequest.clean); saved by schools' services."""

    class Meta:
        model = PlacementRequest
        fields = list(REQUEST_FIELDS)
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "stem_areas": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "municipality": _("Empty: the school's municipality."),
            "max_distance_km": _("How far the students can travel from the municipality."),
            "notes": _("No names or personnummer: the companies read this."),
        }

    def __init__(self, *args: Any, school_ids: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The own programmes (YH, university) of the counsellor's schools; none, no field.
        own = SchoolProgramme.objects.filter(school_id__in=school_ids).order_by("name")
        if own.exists():
            self.fields["school_programme"].queryset = own
        else:
            del self.fields["school_programme"]
        self.fields["municipality"].required = False
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["programme"].queryset = Programme.objects.order_by("name_sv")
        self.fields["education_field"].queryset = EducationField.objects.order_by("code")
        self.fields["stem_areas"].queryset = StemArea.objects.order_by("name_sv")

    def service_data(self) -> dict[str, Any]:
        """The cleaned fields; no municipality means the school's (create) or unchanged."""
        data = dict(self.cleaned_data)
        if data.get("municipality") is None:
            data.pop("municipality", None)
        return data


class PlacementConfirmForm(AccessibleErrorsMixin, forms.Form):
    students_count = forms.IntegerField(label=_("Number of students"), min_value=1, max_value=500)
    start_date = forms.DateField(
        label=_("Start"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: where the request's and the opportunity's periods overlap."),
    )
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())
