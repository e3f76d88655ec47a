"""The placement lifecycle API (work in progress)."""

API_ROUTES: list = []
URL_PATTERNS: list = []
