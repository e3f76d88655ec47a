"""Load the SSYK 2012 unit groups and what each gymnasium programme leads to (sources in
data/README.md). Rerunning updates the rows in place and replaces each listed programme's links."""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _rows(filename):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def load(apps, schema_editor):
    Occupation = apps.get_model("reference", "Occupation")
    Programme = apps.get_model("reference", "Programme")
    Occupation.objects.bulk_create(
        [
            Occupation(
                code=row["code"],
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                major_group=row["major_group"],
            )
            for row in _rows("ssyk_2012_unit_groups.csv")
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_sv", "name_en", "major_group"],
    )
    links = {
        row["programme"]: [code for code in row["ssyk_2012"].split(";") if code]
        for row in _rows("programme_occupations.csv")
    }
    through = Programme.occupations.through
    through.objects.filter(programme_id__in=list(links)).delete()
    through.objects.bulk_create(
        through(programme_id=programme, occupation_id=code)
        for programme, codes in links.items()
        for code in codes
    )


def unload(apps, schema_editor):
    apps.get_model("reference", "Programme").occupations.through.objects.all().delete()
    apps.get_model("reference", "Occupation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_occupations")]

    operations = [migrations.RunPython(load, unload)]
