from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def existing_placements_agreed(apps, schema_editor):
    """Placements from before the company was asked count as agreed when they were confirmed."""
    Placement = apps.get_model("matching", "Placement")
    Placement.objects.update(company_agreed_at=F("confirmed_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_placement_sector_member"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="company_agreed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="company agreed at"),
        ),
        migrations.AddField(
            model_name="placement",
            name="company_agreed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="company agreed by",
            ),
        ),
        migrations.RunPython(existing_placements_agreed, migrations.RunPython.noop),
    ]
