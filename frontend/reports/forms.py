"""The dashboard's filters: the same choices and rules as the reports API (backend/reports)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reports.dimensions import PLACEMENT_DIMENSIONS
from backend.reports.selection import Region, Selection

GROUPINGS = [(key, d.title) for key, d in PLACEMENT_DIMENSIONS.items()]
# The map's layers: the measure of the supply table (by municipality) each one shows, or the gap.
MAP_LAYERS = {
    "placements": (_("Placements (students)"), "confirmed"),
    "offered": (_("Places offered"), "offered"),
    "requested": (_("Places requested"), "requested"),
    "gap": (_("Gap (places missing)"), "gap"),
}
MAP_GAP = "gap"
DEFAULTS = {"region": Region.CHAMBER, "group_by": "programme", "map": "placements"}


class DateInput(forms.DateInput):
    """The browser's date picker reads and writes ISO dates (2026-03-02) in every language."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DashboardForm(forms.Form):
    period_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput, help_text=_("Start date, inclusive.")
    )
    period_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput, help_text=_("Start date, inclusive.")
    )
    region = forms.ChoiceField(label=_("Region"), choices=Region.CHOICES)
    group_by = forms.ChoiceField(label=_("Group by"), choices=GROUPINGS)
    then_by = forms.ChoiceField(
        label=_("Then by"), choices=[("", _("Nothing more")), *GROUPINGS], required=False
    )
    map = forms.ChoiceField(
        label=_("Colour the map by"),
        choices=[(key, title) for key, (title, _measure) in MAP_LAYERS.items()],
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # Unset filters take the defaults, so the first visit shows a report without a submit.
        super().__init__({**DEFAULTS, **(data.dict() if data else {})}, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period must end on or after its start."))
        if data.get("then_by") and data.get("then_by") == data.get("group_by"):
            self.add_error("then_by", _("Choose another grouping, or nothing more."))
        return data

    def selection(self) -> Selection | None:
        """The selection the filters make, None when they are invalid."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return Selection(data.get("period_from"), data.get("period_to"), data["region"])

    def groupings(self) -> list[str]:
        if not self.is_valid():
            return []
        return [
            name for name in (self.cleaned_data["group_by"], self.cleaned_data["then_by"]) if name
        ]


class GlaTargetForm(forms.Form):
    school_year = forms.IntegerField(
        label=_("School year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year it starts: 2026 for 2026/27 (1 July to 30 June)."),
    )
    placements = forms.IntegerField(
        label=_("Target: students in GLA placements"), min_value=0, max_value=100_000
    )


class YearFilterForm(forms.Form):
    """The coordinator's list of pupils, narrowed to one year (årskurs)."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        choices=[("", _("All years")), *[(n, str(n)) for n in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
