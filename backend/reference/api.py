"""Read-only API of the reference data; open to everyone because it is public facts."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from backend.reference import selectors
from backend.reference.filters import (
    EducationFieldFilter,
    MunicipalityFilter,
    OccupationFilter,
    ProgrammeFilter,
    SectorFilter,
    StemAreaFilter,
)
from backend.reference.models import (
    EducationField,
    Municipality,
    Occupation,
    Programme,
    Sector,
    StemArea,
)
from backend.reference.serializers import (
    EducationFieldSerializer,
    MunicipalitySerializer,
    OccupationSerializer,
    ProgrammeSerializer,
    SectorSerializer,
    StemAreaSerializer,
)

TAGS = ["reference"]


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the municipalities"),
    retrieve=extend_schema(tags=TAGS, summary="One municipality by its four-digit code"),
)
class MunicipalityViewSet(ReferenceViewSet):
    """The 290 Swedish municipalities (SCB codes) with the coordinates of their seat.

    `in_region` flags the chamber's 24 municipalities."""

    queryset = Municipality.objects.all()
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    lookup_value_regex = "[0-9]{4}"

    def get_queryset(self) -> QuerySet[Municipality]:
        return selectors.municipality_list()


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the programmes"),
    retrieve=extend_schema(tags=TAGS, summary="One programme by its Skolverket code"),
)
class ProgrammeViewSet(ReferenceViewSet):
    """Gymnasium programmes and educations with their ISCED-F 2013 fields."""

    queryset = Programme.objects.all()
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    lookup_value_regex = "[A-Z0-9]{2,8}"

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programme_list()


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the ISCED-F 2013 education fields"),
    retrieve=extend_schema(tags=TAGS, summary="One education field by its four-digit code"),
)
class EducationFieldViewSet(ReferenceViewSet):
    """The ISCED-F 2013 detailed fields; `is_stem` marks broad fields 05, 06 and 07."""

    queryset = EducationField.objects.all()
    serializer_class = EducationFieldSerializer
    filterset_class = EducationFieldFilter
    lookup_value_regex = "[0-9]{4}"

    def get_queryset(self) -> QuerySet[EducationField]:
        return selectors.education_field_list()


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the SSYK 2012 occupations"),
    retrieve=extend_schema(tags=TAGS, summary="One occupation by its four-digit SSYK code"),
)
class OccupationViewSet(ReferenceViewSet):
    """SSYK 2012 unit groups (SCB; Arbetsförmedlingen's taxonomy uses them); `?programme=EE`
    gives the occupations a gymnasium programme leads to."""

    queryset = Occupation.objects.all()
    serializer_class = OccupationSerializer
    filterset_class = OccupationFilter
    lookup_value_regex = "[0-9]{4}"

    def get_queryset(self) -> QuerySet[Occupation]:
        return selectors.occupation_list()


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the STEM areas"),
    retrieve=extend_schema(tags=TAGS, summary="One STEM area by its code"),
)
class StemAreaViewSet(ReferenceViewSet):
    """STEM areas of Mälardalen industry with their fields, programmes and SNI divisions."""

    queryset = StemArea.objects.all()
    serializer_class = StemAreaSerializer
    filterset_class = StemAreaFilter
    lookup_value_regex = "[a-z0-9_-]+"

    def get_queryset(self) -> QuerySet[StemArea]:
        return selectors.stem_area_list()


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the SNI 2007 sections"),
    retrieve=extend_schema(tags=TAGS, summary="One SNI 2007 section by its letter"),
)
class SectorViewSet(ReferenceViewSet):
    """The SNI 2007 sections A to U and the two-digit divisions each spans."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    filterset_class = SectorFilter
    lookup_value_regex = "[A-Z]"

    def get_queryset(self) -> QuerySet[Sector]:
        return selectors.sector_list()
