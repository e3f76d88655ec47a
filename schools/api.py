"""The app's API; API_ROUTES is registered on the /api/v1/ router by backend/api/urls.py."""

API_ROUTES: list = []
