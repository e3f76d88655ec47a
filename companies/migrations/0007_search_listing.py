"""The search listing (companies.models.SearchListing), filled for the opportunities that are
public now. PostgreSQL's index-only scans of it skip the table only where VACUUM marked pages
all-visible: run `VACUUM (ANALYZE)` after migrating a large database (autovacuum does it later).
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

from companies.listings import BATCH_SIZE, LISTED_FIELDS
from companies.opportunity_rules import programme_keys


def fill(apps, schema_editor):
    """As companies.listings does, with the models of this migration."""
    opportunity = apps.get_model("companies", "Opportunity")
    listing = apps.get_model("companies", "SearchListing")
    public = opportunity.objects.filter(
        status="published",
        hidden_at__isnull=True,
        company__organisation__kind="company",
        company__organisation__verified_at__isnull=False,
        company__organisation__suspended=False,
    )
    ids = list(public.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        rows = opportunity.objects.filter(pk__in=batch).values(
            "pk", "level", "accepts_any_programme", *LISTED_FIELDS
        )
        listed = opportunity.programmes.through.objects.filter(opportunity_id__in=batch)
        programmes = defaultdict(list)
        for pk, code, level in listed.values_list(
            "opportunity_id", "programme_id", "programme__level"
        ):
            programmes[pk].append((code, level))
        listing.objects.bulk_create(
            listing(
                opportunity_id=row["pk"],
                programme_key=key,
                **{field: row[field] for field in LISTED_FIELDS},
            )
            for row in rows
            for key in programme_keys(
                level=row["level"],
                accepts_any_programme=row["accepts_any_programme"],
                programmes=programmes[row["pk"]],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0006_education_fields_occupations"),
        ("reference", "0005_all_ssyk_unit_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchListing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("programme_key", models.CharField(max_length=24, verbose_name="programme key")),
                ("published_at", models.DateTimeField(verbose_name="published at")),
                ("remote_allowed", models.BooleanField(verbose_name="remote work allowed")),
                ("period_start", models.DateField(null=True, verbose_name="period start")),
                ("period_end", models.DateField(null=True, verbose_name="period end")),
                (
                    "application_deadline",
                    models.DateField(null=True, verbose_name="application deadline"),
                ),
                ("places", models.PositiveSmallIntegerField(verbose_name="places")),
                ("places_taken", models.PositiveSmallIntegerField(verbose_name="places taken")),
                (
                    "municipality",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reference.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "opportunity",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="companies.opportunity",
                        verbose_name="opportunity",
                    ),
                ),
            ],
            options={
                "verbose_name": "search listing",
                "verbose_name_plural": "search listings",
                "indexes": [
                    models.Index(
                        models.F("programme_key"),
                        models.OrderBy(models.F("published_at"), descending=True),
                        models.OrderBy(models.F("opportunity"), descending=True),
                        include=(
                            "municipality",
                            "remote_allowed",
                            "period_start",
                            "period_end",
                            "application_deadline",
                            "places",
                            "places_taken",
                        ),
                        name="search_listing_key_newest_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("opportunity", "programme_key"), name="search_listing_unique_key"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
