import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_companies(apps, schema_editor):
    """The existing placements take their company's sector and membership as they are now, in
    one UPDATE."""
    Company = apps.get_model("companies", "Company")
    Placement = apps.get_model("matching", "Placement")
    company = Company.objects.filter(opportunities=OuterRef("opportunity_id"))
    Placement.objects.update(
        sector_id=Subquery(company.values("sector_id")[:1]),
        chamber_member=Subquery(company.values("is_chamber_member")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0003_opportunity_text_index"),
        ("matching", "0003_cv_private_storage"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="chamber_member",
            field=models.BooleanField(default=False, verbose_name="at a chamber member"),
        ),
        migrations.AddField(
            model_name="placement",
            name="sector",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.sector",
                verbose_name="sector",
            ),
        ),
        migrations.RunPython(copy_from_companies, migrations.RunPython.noop),
    ]
