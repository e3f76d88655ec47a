"""Settings for every environment, read from the environment through one `environ.Env` object.

The embedded default (no variables set) is SQLite under var/, Celery in eager mode and e-mail to the
console. Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
DEV_SECRET_KEY = "django-insecure-dev-only-never-in-production"  # noqa: S105


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (or DEBUG=true for development)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before allauth, so that the site's templates override allauth's layouts.
    "frontend",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "django_htmx",
    "template_partials",
    "backend.core",
    "backend.accounts",
    "backend.audit",
    "backend.reference",
    "backend.reports",
    "backend.notifications",
    "companies",
    "schools",
    "matching",
    "matching.agreements",
    # After frontend: the form widgets' templates, which frontend's may override.
    "django.forms",
]
# The search's covering index (companies.Opportunity) carries INCLUDE columns on PostgreSQL; on
# SQLite it is the same index without them, which is all SQLite needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Widgets render through TEMPLATES, so the site's templates can override Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "backend.accounts.middleware.ActorMiddleware",
    "backend.accounts.middleware.StaffMfaMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
ASGI_APPLICATION = "backend.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement run a fifth time on a connection kept
    # open (CONN_MAX_AGE) is prepared: PostgreSQL then skips planning it, which was 11 ms of
    # the 12 ms a dashboard's ten-table query took. Behind a pooler in transaction mode
    # (PgBouncer before 1.21), set DATABASE_PREPARE_THRESHOLD to 0 to turn preparing off.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=env.int("DATABASE_PREPARE_THRESHOLD", default=5) or None,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The e-mail address is in UserAttributeSimilarityValidator's defaults; 10 characters as the
# Swedish e-identification guidance (and NIST 800-63B's 8) suggest for a password-only login.
AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"] = {"min_length": 10}
LOGIN_REDIRECT_URL = "/"
# django.contrib.sites: the site's name in allauth's e-mails ("Hello from Praktikbryggan!"), set
# by backend/accounts/migrations/0005_site_name.py.
SITE_ID = 1

# django-allauth: e-mail is the login; verification is mandatory (demo users are pre-verified).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_ADAPTER = "backend.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "backend.accounts.forms.SignupForm"
# allauth's rate limits (per IP, per user or per key, as "count/period"); their defaults, named
# so that they can be changed here, plus a tighter limit on failed logins per account. The token
# endpoint (POST /api/v1/auth/token/) counts its wrong passwords under "login_failed" too, so
# the HTML login and the API share one lock per account (docs/security.md).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# The client address that rate limits count by: REMOTE_ADDR unless the app runs behind this many
# proxies of our own, each appending to X-Forwarded-For (then the address the outermost one of
# ours saw). A client-supplied X-Forwarded-For is never trusted beyond that.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Two-factor authentication (allauth.mfa): an authenticator app and recovery codes. Required for
# chamber staff, superusers and organisation administrators before the staff pages and actions
# and API tokens (backend/accounts/mfa.py); optional for everyone else. On unless DEBUG, so that
# the demo (`make run`) lets the chamber user in with the password alone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Praktikbryggan"
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=not DEBUG)
# Single sign-on by OpenID Connect (README: "Single sign-on"). OIDC_PROVIDERS is a JSON list of
# {"provider_id", "name", "client_id", "secret", "server_url"}: e.g. Microsoft Entra ID
# (server_url https://login.microsoftonline.com/<tenant id>/v2.0) and Google Workspace
# (https://accounts.google.com). Providers can also be added as Social applications in the admin.
OIDC_PROVIDERS = env.json("OIDC_PROVIDERS", default=[])
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": provider["provider_id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider["secret"],
                "settings": {"server_url": provider["server_url"]},
            }
            for provider in OIDC_PROVIDERS
        ],
    }
}
# An SSO user still picks their role and school or company on the sign-up form.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ONLY = False

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads no URL serves (CVs): outside MEDIA_ROOT, read only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "backend.core.static.StaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Praktikbryggan <noreply@praktikbryggan.se>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker configured, tasks run in-process (eager) so nothing waits for a broker.
BROKER_CONFIGURED = bool(env.str("CELERY_BROKER_URL", default=""))
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://"
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or (
    CELERY_BROKER_URL if BROKER_CONFIGURED else None
)
CELERY_TASK_ALWAYS_EAGER = not BROKER_CONFIGURED
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A sick broker never blocks a request (docs/operations.md): a publish is one try, and a broker
# that refuses (stopped) or does not answer (frozen, half-open) costs it at most a connect and a
# socket timeout; after a failure the process leaves the broker alone a while (backend/celery.py).
# What must not be lost is in the database already (the notification outbox); a lost match
# update is redone by the nightly rebuild or `manage.py recompute_matches`.
BROKER_TIMEOUT_SECONDS = env.float("BROKER_TIMEOUT_SECONDS", default=0.3)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
    "max_retries": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
# Nothing reads a task's result (but the health check's ping), and a result backend asked to
# watch for one on publish retries for ~20 s when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Task modules outside the apps' tasks.py, which autodiscovery finds by itself.
CELERY_IMPORTS = ["matching.privacy"]

# Privacy (DESIGN.md § Privacy): a student's personal data is anonymised this many days after
# their last placement ended, unless they have logged in since (matching/privacy.py).
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=365)
# Links in e-mails sent outside a request (invitations, notifications).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Notifications (backend/notifications): sending gives up after this many failed attempts; the
# digests and reminders count a match as good from this score.
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_GOOD_MATCH_SCORE = env.float("NOTIFICATIONS_GOOD_MATCH_SCORE", default=0.6)
# Who confirms a signature on a placement agreement (matching/agreements/signing.py): in the app
# by the logged-in party; a BankID signer would be another class with the same interface.
AGREEMENTS_SIGNER = env.str("AGREEMENTS_SIGNER", default="matching.agreements.signing.InAppSigner")

# Matching (DESIGN.md § Matching 2): the weight of each score component; only the ratios matter.
# The defaults are the engine's DEFAULT_WEIGHTS (matching/engine/scoring.py explains each
# component); MATCHING_WEIGHTS='{"programme_fit": 4, ...}' in the environment replaces them all.
# The check matching.E001 refuses to start with a missing, unknown or negative weight.
MATCHING_WEIGHTS = env.json(
    "MATCHING_WEIGHTS",
    default={
        "programme_fit": 3.0,  # the placement teaches the students' trade
        "distance": 2.0,  # the students can get there
        "stem_overlap": 1.5,  # the STEM areas the school or student asked for
        "period_overlap": 1.5,  # the share of the request's weeks covered
        "places_fit": 1.0,  # one workplace takes the whole group
        "freshness": 0.5,  # newly published, so likely still staffed
    },
)
# Recomputing every match works through the requests and students in chunks of this many, each
# chunk written in its own transaction.
MATCHING_RECOMPUTE_CHUNK = env.int("MATCHING_RECOMPUTE_CHUNK", default=500)
# Only the best this many matches of each request and each student are stored (ties: the lower
# opportunity id): a seeker is only ever shown their best, and the rows stay linear in seekers.
MATCHING_TOP_N = env.int("MATCHING_TOP_N", default=50)
MATCHING_RESERVE = env.int("MATCHING_RESERVE", default=10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.accounts.authentication.PersonalTokenAuthentication",
        "backend.accounts.authentication.StaffMfaSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_METADATA_CLASS": "backend.api.metadata.Metadata",
    "DEFAULT_RENDERER_CLASSES": [
        "backend.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "backend.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "backend.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "backend.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth_token": env.str("AUTH_TOKEN_RATE", default="10/min")},
    # Throttles count by REMOTE_ADDR, or behind our own proxies by the address they report.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Praktikbryggan API",
    "DESCRIPTION": "Internships, thesis projects and apprenticeships in Mälardalen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.api.links.add_links",
    ],
    # Several models share field names (kind, level, status): name their enums once.
    "ENUM_NAME_OVERRIDES": {
        "PlacementKindEnum": "backend.reference.models.PlacementKind",
        "EducationLevelEnum": "backend.reference.models.EducationLevel",
        "PlacementRequestStatusEnum": "schools.models.PlacementRequest.Status",
        "AllocationRoundKindEnum": "matching.models.AllocationRound.Kind",
        "MembershipStatusEnum": "backend.accounts.models.Membership.Status",
        "ApplicationStatusEnum": "matching.models.Application.Status",
        "PlacementStatusEnum": "matching.models.Placement.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Tasks run in-process (no broker) would print a line each in the dev server's log; a
    # worker's log keeps them.
    "loggers": {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}},
}

# HTTPS (`check --deploy` passes with DEBUG off): every default below is the production one and
# DEBUG=true (`make run` on http://127.0.0.1:8000) relaxes it. Behind a proxy that terminates
# TLS, the proxy must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health check speaks plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp 4): everything from this host, no inline script or style,
# no frames. HTMX must not inject its indicator styles: the pages set
# <meta name="htmx-config" content='{"includeIndicatorStyles": false}'>. The TOTP QR code is a
# data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Logging in by SSO posts a form that redirects to the identity provider.
        "form-action": ["'self'", *(_origin(p["server_url"]) for p in OIDC_PROVIDERS)],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
