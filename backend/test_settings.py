"""The settings under test: the real ones, with a fast hasher and tasks run in-process.

A test that needs a real worker turns eager mode off itself (tests/backend/test_celery_worker.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else")
# The production defaults under test, whatever a development .env (make install) says.
os.environ.setdefault("DEBUG", "false")

from backend.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
# In-process tasks log no line each, as on a server without a broker (backend/settings.py).
LOGGING["loggers"]["celery.app.trace"]["level"] = "WARNING"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The test client speaks plain HTTP; tests of the HTTPS settings run `check --deploy` instead.
SECURE_SSL_REDIRECT = False
# Tests of the other areas sign in staff without an authenticator; tests/accounts/test_mfa.py
# turns the requirement on.
MFA_REQUIRED_FOR_STAFF = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# WhiteNoise warns on every request until the static root exists.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
