"""Matching's API: matches and rounds, applications, placements, threads, a student's own data.

Each module gives API_ROUTES (router prefixes and viewsets) and URL_PATTERNS (paths the router
cannot express); backend/api/urls.py mounts them.
"""

from matching.agreements import api as agreements
from matching.agreements import api_defaults as agreement_defaults
from matching.api import applications, matches, placements, privacy, threads

_MODULES = (matches, applications, placements, threads, privacy, agreements, agreement_defaults)
API_ROUTES = [route for module in _MODULES for route in module.API_ROUTES]
URL_PATTERNS = [pattern for module in _MODULES for pattern in module.URL_PATTERNS]
