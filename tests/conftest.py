"""Shared fixtures. Factories live in one module per app (tests/<app>/factories.py)."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()
