"""Which placements (and requests, opportunities) a report covers: plain values, so the domain
(the placement services keep the tally) can read them without loading the API's serializers."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _


class Region:
    CHAMBER = "chamber"
    SWEDEN = "sweden"
    CHOICES = [(CHAMBER, _("The chamber's 24 municipalities")), (SWEDEN, _("All of Sweden"))]


@dataclass(frozen=True)
class Selection:
    """Which placements (and requests, opportunities) a report covers."""

    period_from: date | None = None
    period_to: date | None = None
    region: str = Region.CHAMBER

    def describe(self) -> list[tuple[Any, str]]:
        """The filters as written in an exported sheet."""
        return [
            (_("Period from"), self.period_from.isoformat() if self.period_from else "-"),
            (_("Period to"), self.period_to.isoformat() if self.period_to else "-"),
            (_("Region"), str(dict(Region.CHOICES)[self.region])),
        ]
