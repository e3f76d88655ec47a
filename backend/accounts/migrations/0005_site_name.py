"""The site's name and address (django.contrib.sites), which allauth's e-mails show: "Hello from
Praktikbryggan!" rather than the host name."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations

NAME = "Praktikbryggan"


def name_site(apps, schema_editor) -> None:
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "praktikbryggan.se"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"name": NAME, "domain": domain})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_personal_token_second_factor"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
