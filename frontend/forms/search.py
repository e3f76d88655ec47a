"""The opportunity search's filter panel: the parameters of companies' OpportunityFilter, with
labels a person understands."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.core.filters import fields_shared
from backend.reference.models import (
    EducationField,
    EducationLevel,
    Municipality,
    PlacementKind,
    Programme,
    StemArea,
)
from frontend.forms.common import (
    REGION_FIRST,
    CheckboxInput,
    DateInput,
    ReferenceChoiceField,
    TextInput,
    WrittenSelect,
)

ANY = [("", _("Any"))]
# A pupil searches what she can still apply to, unless she asks for the rest too.
OPEN_ONLY = {"open": "true"}
FLAGS = ("remote", "open_to_non_eu")  # ticked: the filter's "true"; unticked: no filter
RADII = [
    (10, _("10 km")),
    (25, _("25 km")),
    (50, _("50 km")),
    (100, _("100 km")),
    (200, _("200 km")),
]
# The sort control's choices as OpportunityFilter's `ordering`. "Relevance" is the nearest first
# when a place is chosen, otherwise the newest.
SORTS = [
    ("", _("Relevance")),
    ("distance", _("Distance")),
    ("deadline", _("Application deadline")),
    ("newest", _("Newest")),
]
ORDERING = {"distance": "distance", "deadline": "deadline", "newest": "-published"}
# The filters that fold away on a phone (all but the text and the sort).
FOLDED = (
    "kind",
    "level",
    "programme",
    "education_field",
    "stem_area",
    "near",
    "period_from",
    "period_to",
    "language",
    "remote",
    "open_to_non_eu",
    "closed_too",
)


@fields_shared
class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=TextInput)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ANY + PlacementKind.choices, required=False, widget=WrittenSelect
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=ANY + EducationLevel.choices, required=False, widget=WrittenSelect
    )
    programme = ReferenceChoiceField(
        Programme, "name_sv", label=_("Programme"), required=False, empty_label=_("Any")
    )
    education_field = ReferenceChoiceField(
        EducationField, "code", label=_("Field of education"), required=False, empty_label=_("Any")
    )
    stem_area = ReferenceChoiceField(
        StemArea, "name_sv", label=_("STEM area"), required=False, empty_label=_("Any")
    )
    near = ReferenceChoiceField(
        Municipality, REGION_FIRST, label=_("Near"), required=False, empty_label=_("Anywhere")
    )
    within_km = forms.TypedChoiceField(
        label=_("Within"),
        choices=RADII,
        coerce=int,
        required=False,
        initial=50,
        widget=WrittenSelect,
    )
    period_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[*ANY, ("sv", _("Swedish")), ("en", _("English"))],
        required=False,
        widget=WrittenSelect,
    )
    remote = forms.BooleanField(
        label=_("Remote work possible"), required=False, widget=CheckboxInput
    )
    closed_too = forms.BooleanField(
        label=_("Also show postings closed for applications"), required=False, widget=CheckboxInput
    )
    open_to_non_eu = forms.BooleanField(
        label=_("Open to students from outside the EU/EEA"), required=False, widget=CheckboxInput
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=SORTS, required=False, widget=WrittenSelect
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period ends before it starts."))
        if cleaned.get("sort") == "distance" and not cleaned.get("near"):
            self.add_error("sort", _("Choose a place under Near to sort by distance."))
        return cleaned

    def folded_in_use(self) -> int:
        """How many folded filters are set, shown on the fold so none is forgotten."""
        return sum(1 for name in FOLDED if self.data.get(name))

    def filters(self) -> dict[str, str]:
        """The valid filters as OpportunityFilter's query parameters."""
        data = self.cleaned_data
        filters = {
            name: str(getattr(value, "code", value))
            for name, value in data.items()
            if value not in (None, "", False)
            and name not in ("within_km", "sort", "closed_too", *FLAGS)
        }
        if data.get("near") and data.get("within_km"):
            filters["within_km"] = str(data["within_km"])
        filters.update({name: "true" for name in FLAGS if data.get(name)})
        if not data.get("closed_too"):
            filters.update(OPEN_ONLY)
        sort = data.get("sort") or ("distance" if data.get("near") else "")
        if sort:
            filters["ordering"] = ORDERING[sort]
        return filters
