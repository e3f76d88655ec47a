"""A counsellor's forms: a placement request, and confirming a placement from a match."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationField, Municipality, Programme, StemArea
from backend.reference.selectors import rows_by_code
from frontend.forms.common import REGION_FIRST, AccessibleErrorsMixin, DateInput
from schools.models import PlacementRequest, SchoolProgramme, StudentProfile

REQUEST_FIELDS = (
    "kind", "level", "programme", "education_field", "school_programme", "year", "places_needed",
    "period_start", "period_end", "municipality", "max_distance_km", "acceptable_municipalities",
    "stem_areas", "notes",
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
            "acceptable_municipalities": forms.SelectMultiple(attrs={"size": 8}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "municipality": _("Empty: the school's municipality."),
            "max_distance_km": _("How far the students can travel from the municipality."),
            "acceptable_municipalities": _(
                "Other municipalities the students can reach, whatever the distance (hold Ctrl "
                "or Cmd to choose several)."
            ),
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
        self.fields["municipality"].queryset = Municipality.objects.order_by(*REGION_FIRST)
        self.fields["acceptable_municipalities"].queryset = Municipality.objects.order_by(
            *REGION_FIRST
        )
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
    """How many of the school's students, or which: placements_confirm checks the two agree."""

    students = forms.ModelMultipleChoiceField(
        label=_("Which students (optional)"),
        queryset=StudentProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Name them now, or confirm a number and name them later."),
    )
    students_count = forms.IntegerField(
        label=_("Number of students"), min_value=1, max_value=500, required=False
    )
    start_date = forms.DateField(
        label=_("Start"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: where the request's and the opportunity's periods overlap."),
    )
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())

    def __init__(self, *args: Any, students: QuerySet[StudentProfile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = students
        self.fields["students"].label_from_instance = _student_label

    def service_kwargs(self) -> dict[str, Any]:
        """The keywords of placement_confirm; named students go as a list."""
        return {**self.cleaned_data, "students": list(self.cleaned_data["students"])}


def _student_label(profile: StudentProfile) -> str:
    programme = f" ({profile.programme.code})" if profile.programme_id else ""
    return f"{profile.user.get_full_name() or profile.user.email}{programme}"


class ClassFilterForm(forms.Form):
    """Narrows the list to a programme and a year (årskurs); the codes are those of the
    students API's filter (schools/filters.py StudentFilter)."""

    programme = forms.ChoiceField(label=_("Programme"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year"),
        choices=[("", _("All years")), *[(n, str(n)) for n in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programmes = sorted((row.name, code) for code, row in rows_by_code(Programme).items())
        self.fields["programme"].choices = [
            ("", _("All programmes")),
            *((code, name) for name, code in programmes),
        ]

    def filters(self) -> dict[str, object]:
        """The StudentFilter parameters chosen; none when the form is invalid."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
