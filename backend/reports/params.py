"""The query parameters of the reports, validated once for the API and the pages: an unknown
`group_by` or a bad date is a 400 (a form error on the page) naming the parameter."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.reports.dimensions import PLACEMENT_DIMENSIONS
from backend.reports.selection import Region, Selection


class SelectionSerializer(serializers.Serializer):
    period_from = serializers.DateField(
        required=False, help_text="First start date counted (YYYY-MM-DD), inclusive."
    )
    period_to = serializers.DateField(
        required=False, help_text="Last start date counted (YYYY-MM-DD), inclusive."
    )
    region = serializers.ChoiceField(
        choices=Region.CHOICES,
        default=Region.CHAMBER,
        help_text="`chamber`: the chamber's 24 municipalities (default); `sweden`: all.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("period_from"), attrs.get("period_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_to": [_("The period must end on or after its start.")]}
            )
        return attrs

    def selection(self) -> Selection:
        data = self.validated_data
        return Selection(data.get("period_from"), data.get("period_to"), data["region"])


class GroupByField(serializers.CharField):
    """A comma-separated list of one to `max_items` names out of `choices`."""

    def __init__(
        self, *, choices: list[str], max_items: int, allow_none: bool = False, **kwargs: Any
    ) -> None:
        self.names = choices
        self.max_items = max_items
        self.allow_none = allow_none
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        names = [name.strip() for name in str(data).split(",") if name.strip()]
        unknown = [name for name in names if name not in self.names]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown grouping: %(names)s. Choose from: %(choices)s.")
                % {"names": ", ".join(unknown), "choices": ", ".join(self.names)}
            )
        if not names and not self.allow_none:
            raise serializers.ValidationError(_("Name at least one grouping."))
        if len(names) > self.max_items or len(set(names)) != len(names):
            raise serializers.ValidationError(
                _("Group by at most %(max)d different names.") % {"max": self.max_items}
            )
        return names


class PlacementQuerySerializer(SelectionSerializer):
    group_by = GroupByField(
        choices=list(PLACEMENT_DIMENSIONS),
        max_items=2,
        help_text="One or two of: " + ", ".join(PLACEMENT_DIMENSIONS) + ".",
    )


class SupplyQuerySerializer(SelectionSerializer):
    group_by = GroupByField(
        choices=["programme", "municipality"],
        max_items=2,
        required=False,
        default=["programme"],
        help_text="programme, municipality or both (default: programme).",
    )


class TrendQuerySerializer(SelectionSerializer):
    interval = serializers.ChoiceField(
        choices=["term", "month", "school_year"], default="term", help_text="The time step."
    )
    series = serializers.ChoiceField(
        choices=[name for name in PLACEMENT_DIMENSIONS if name not in ("term", "month")],
        required=False,
        help_text="A second grouping: one line per value (e.g. kind).",
    )


class ShareQuerySerializer(SelectionSerializer):
    group_by = GroupByField(
        choices=list(PLACEMENT_DIMENSIONS),
        max_items=1,
        allow_none=True,
        required=False,
        default=[],
        help_text="Optionally one of: " + ", ".join(PLACEMENT_DIMENSIONS) + ".",
    )
