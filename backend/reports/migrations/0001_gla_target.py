import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="GlaTarget",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "school_year",
                    models.PositiveSmallIntegerField(
                        help_text="The year the school year starts: 2025 for 2025/26 (1 July to 30 June).",
                        unique=True,
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="school year",
                    ),
                ),
                (
                    "placements",
                    models.PositiveIntegerField(
                        help_text="Students in GLA placements starting that year.",
                        verbose_name="target GLA placements",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
            ],
            options={
                "verbose_name": "GLA target",
                "verbose_name_plural": "GLA targets",
                "ordering": ["school_year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("school_year__gte", 2000), ("school_year__lte", 2100)),
                        name="reports_glatarget_school_year_range",
                    )
                ],
            },
        ),
    ]
