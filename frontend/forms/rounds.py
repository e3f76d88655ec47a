"""A student's ranked choices in an allocation round."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reference.models import Municipality, PlacementKind
from frontend.forms.common import AccessibleErrorsMixin, DateInput
from matching.services.rounds import MAX_CHOICES

RANKS = [("", "—"), *((rank, str(rank)) for rank in range(1, MAX_CHOICES + 1))]


class ChoicesForm(forms.Form):
    """One rank field per recommended opportunity; an empty rank leaves it out."""

    def __init__(self, *args: Any, matches: list, ranks: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches = matches
        for match in matches:
            self.fields[f"rank-{match.opportunity_id}"] = forms.TypedChoiceField(
                label=_("Rank of %(title)s") % {"title": match.opportunity.title},
                choices=RANKS,
                coerce=int,
                empty_value=None,
                required=False,
                initial=ranks.get(match.opportunity_id),
            )

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(match, self[f"rank-{match.opportunity_id}"]) for match in self.matches]

    def choices(self) -> list[tuple[int, int]]:
        """(opportunity id, rank) of every ranked opportunity."""
        return [
            (match.opportunity_id, rank)
            for match in self.matches
            if (rank := self.cleaned_data.get(f"rank-{match.opportunity_id}")) is not None
        ]


class RoundLimitsForm(AccessibleErrorsMixin, forms.Form):
    """What a round may be limited to: one kind of placement, places overlapping a period."""

    placement_kind = forms.ChoiceField(
        label=_("Kind of placement"),
        choices=[("", _("Every kind")), *PlacementKind.choices],
        required=False,
    )
    period_start = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    period_end = forms.DateField(
        label=_("Period to"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: places of any period."),
    )


class PairingRoundForm(RoundLimitsForm):
    """Chamber staff: a pairing round over the region, or one of its counties."""

    county_code = forms.ChoiceField(label=_("Where"), required=False)
    field_order = ["county_code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = (
            Municipality.objects.filter(in_region=True)
            .order_by("county_name")
            .values_list("county_code", "county_name")
            .distinct()
        )
        self.fields["county_code"].choices = [("", _("The whole region")), *counties]
