"""Load all 429 SSYK 2012 unit groups with SCB's names (data/README.md names the sources), and
correct the names of the 74 loaded before. Rerunning updates each row in place by its code."""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Occupation = apps.get_model("reference", "Occupation")
    with open(DATA_DIR / "ssyk_2012_unit_groups.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            Occupation.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_sv": row["name_sv"],
                    "name_en": row["name_en"],
                    "major_group": row["major_group"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("reference", "0004_load_occupations")]

    # Going back keeps the rows: 0004's reverse removes them all.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
