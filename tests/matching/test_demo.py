"""The demo region comes with its matches, so `make run` shows them at once."""

from io import StringIO

import pytest
from django.core.management import call_command

from matching.models import Match

pytestmark = pytest.mark.django_db


def test_loading_the_demo_computes_the_matches(settings):
    settings.DEBUG = True
    stdout = StringIO()

    call_command("load_demo", scale=40, stdout=stdout)

    assert Match.objects.exclude(student=None).exists()
    assert "Matches computed in" in stdout.getvalue()
