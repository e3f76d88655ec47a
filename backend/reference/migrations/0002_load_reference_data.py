"""Load the reference CSV files in backend/reference/data/ (sources in its README).

Rerunning updates the rows in place (upsert by code) and replaces the many-to-many links.
Codes are read as strings so they keep their leading zeros.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _rows(filename):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _bool(value):
    return value.strip().lower() == "true"


def _optional_bool(value):
    return _bool(value) if value.strip() else None


def _optional_int(value):
    return int(value) if value.strip() else None


def _codes(value):
    return [code.strip() for code in value.split(";") if code.strip()]


def _upsert(model, objects):
    fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    model.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )


def _replace_links(model, field_name, links):
    """Set the many-to-many `field_name` of each owner code to exactly the target codes given."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.filter(**{f"{source}__in": list(links)}).delete()
    through.objects.bulk_create(
        through(**{source: owner, target: code}) for owner, codes in links.items() for code in codes
    )


def load_education_fields(EducationField):
    _upsert(
        EducationField,
        [
            EducationField(
                code=row["code"],
                name_en=row["name_en"],
                narrow_code=row["narrow_code"],
                narrow_name_en=row["narrow_name_en"],
                broad_code=row["broad_code"],
                broad_name_en=row["broad_name_en"],
                is_stem=_bool(row["stem"]),
            )
            for row in _rows("isced_f_2013_fields.csv")
        ],
    )


def load_municipalities(Municipality):
    _upsert(
        Municipality,
        [
            Municipality(
                code=row["kommun_code"],
                name=row["name"],
                county_code=row["lan_code"],
                county_name=row["lan_name"],
                seat_name=row["seat_name"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                in_region=_bool(row["in_region"]),
            )
            for row in _rows("municipalities.csv")
        ],
    )


def load_programmes(Programme):
    rows = _rows("gymnasium_programs.csv")
    _upsert(
        Programme,
        [
            Programme(
                code=row["code"],
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                level="gymnasium",
                kind=row["kind"],
                status=row["status"],
                is_stem=_bool(row["stem"]),
                apl_weeks_min=_optional_int(row["apl_weeks_min"]),
                gla_possible=_optional_bool(row["gla_possible"]),
            )
            for row in rows
        ],
    )
    _replace_links(Programme, "fields", {row["code"]: _codes(row["isced_f_2013"]) for row in rows})


def load_stem_areas(StemArea, Programme):
    rows = _rows("stem_areas.csv")
    _upsert(
        StemArea,
        [
            StemArea(
                code=row["code"],
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                sni_divisions=_codes(row["sni2007_divisions"]),
            )
            for row in rows
        ],
    )
    _replace_links(StemArea, "fields", {row["code"]: _codes(row["isced_f_2013"]) for row in rows})
    # The area file suggests programme codes that a programme list may not (yet) contain.
    known = set(Programme.objects.values_list("code", flat=True))
    _replace_links(
        StemArea,
        "programmes",
        {row["code"]: [c for c in _codes(row["gy_programs"]) if c in known] for row in rows},
    )


def load_sectors(Sector):
    _upsert(
        Sector,
        [
            Sector(
                code=row["code"],
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                division_from=row["division_from"],
                division_to=row["division_to"],
            )
            for row in _rows("sni_sections.csv")
        ],
    )


def load(apps, schema_editor):
    Programme = apps.get_model("reference", "Programme")
    load_education_fields(apps.get_model("reference", "EducationField"))
    load_municipalities(apps.get_model("reference", "Municipality"))
    load_programmes(Programme)
    load_stem_areas(apps.get_model("reference", "StemArea"), Programme)
    load_sectors(apps.get_model("reference", "Sector"))


def unload(apps, schema_editor):
    # Areas and programmes first: their many-to-many links go with them.
    for name in ["StemArea", "Programme", "EducationField", "Municipality", "Sector"]:
        apps.get_model("reference", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
