"""Settings of the platform. Everything that differs between machines comes from the environment,
with defaults that run the platform on a developer's machine (see README.md)."""

import os
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from office.ops.production import DEVELOPMENT_SECRET_KEY, refuse_unsafe_production_settings

REPO_DIR = Path(__file__).resolve().parents[2]
PLATFORM_DIR = REPO_DIR / "platform"


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# "production" refuses to start with a development secret, DEBUG on or no allowed hosts, and turns on
# HTTPS-only cookies, HSTS, hashed and compressed static files and JSON logs (README, "Vận hành thực tế").
TDKT_ENV = env("TDKT_ENV", "development").strip().lower()
if TDKT_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"TDKT_ENV “{TDKT_ENV}” không hợp lệ: chọn development hoặc production.")
PRODUCTION = TDKT_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("DJANGO_SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION:
    refuse_unsafe_production_settings(
        debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts_from_env=env("DJANGO_ALLOWED_HOSTS")
    )
# Schools live on sub-domains of the base domain: lequydon.<BASE_DOMAIN>.
BASE_DOMAIN = env("TDKT_BASE_DOMAIN", "localhost")
# Hosts that serve the office (public schema) rather than a school.
OFFICE_HOSTS = env_list("TDKT_OFFICE_HOSTS", f"{BASE_DOMAIN},127.0.0.1")
DEV_SERVER_PORT = int(env("PORT", "8000"))
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", f"{BASE_DOMAIN},.{BASE_DOMAIN},127.0.0.1,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "office.authorities",
    "office.accounts",
    "office.core",
    "office.movements",
    "office.submissions",
    "office.audit",
    "office.rules",
    "office.facts",
    "office.clusters",
    "office.decisions",
    "office.ops",
    "office.invitations",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "office.core.static_files.StaticFilesConfig",  # django.contrib.staticfiles
    "django.contrib.humanize",
    "rest_framework",
    # API tokens: knox's hashed tokens, several per person, in our own model (office.tokens).
    "knox",
    "office.tokens",
    # Failed sign-ins and lockouts (office.lockouts); axes' tables live in the public schema.
    "axes",
    "office.lockouts",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "django_htmx",
    "reporting",
    "demo",  # only its load_demo command: nothing else imports the demo
]
# Each school's working data: its own PostgreSQL schema.
TENANT_APPS = [
    "office.audit",  # in both lists: each school keeps the history of its own data
    "plans",  # the app's wiring: owns the tables of planning, staff and notifications (plans_*)
    "plans.planning",
    "plans.staff",
    "plans.notifications",
    "plans.home",
    "plans.movements",
    "plans.facts",
    "plans.evidence",
    "plans.initiatives",
    "plans.emulation",
    "plans.nominations",
    "plans.self_assessment",
    "plans.imports",
    "plans.privacy",
    "plans.examples",
    "plans.year_report",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.School"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# New schools are copied from this migrated template schema (see tenants/provisioning.py).
SCHOOL_TEMPLATE_SCHEMA = "_school_template"
# Copies of the template kept ready (tenants/spares.py): creating a school renames one instead of
# copying the template while the person waits. 0 turns the pool off (every creation copies).
SCHOOL_SPARE_SCHEMAS = int(env("SCHOOL_SPARE_SCHEMAS", "3"))
PUBLIC_SCHEMA_URLCONF = "office.urls"
ROOT_URLCONF = "plans.urls"
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

MIDDLEWARE = [
    # Request id, metrics and the request log see every request, including those answered below.
    "office.ops.middleware.RequestObservabilityMiddleware",
    # Probes, /metrics and the proxy's TLS question are answered before the host is looked at: they
    # are asked by machines under internal names (a pod's address, the container's name).
    "office.ops.middleware.OperationsEndpointsMiddleware",
    "office.core.middleware.SchoolRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Turns a sign-in refused for too many failures into the Vietnamese lockout answer.
    "axes.middleware.AxesMiddleware",
    "office.core.middleware.PageLoginRequiredMiddleware",
    # A password a manager set must be replaced before any other page (the API refuses in its auth).
    "office.accounts.middleware.ForcePasswordChangeMiddleware",
    "office.core.middleware.SchoolMembershipMiddleware",
    "office.core.middleware.QueryStringGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "office.core.refusals.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "office.core.context_processors.shell",
            ],
        },
    },
]

WSGI_APPLICATION = "office.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": env("POSTGRES_DB", "tdkt"),
        "USER": env("POSTGRES_USER", "postgres"),
        "PASSWORD": env("POSTGRES_PASSWORD", ""),
        "HOST": env("POSTGRES_HOST", "127.0.0.1"),
        "PORT": env("POSTGRES_PORT", "5432"),
        # Persistent connections keep their search_path per request through django-tenants;
        # never put a transaction-mode pooler in front (DESIGN.md §3).
        "CONN_MAX_AGE": int(env("POSTGRES_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# How long a password reset link works (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Argon2 for every new or changed password; older hashes still verify and are rehashed with Argon2
# at the person's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [REPO_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["office.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(REPO_DIR / "var" / "static")))
# Bootstrap, its icons, htmx and Chart.js come from npm (package-lock.json) and are served from here,
# no CDN; only the files pages load (office/core/static_files.py).
NODE_MODULES = REPO_DIR / "node_modules"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "office.core.static_files.VendorFinder",
]
# Production serves what `collectstatic` wrote: names carrying a hash of their content (cached for a
# year, immutable) with gzip and Brotli copies beside them. Development and tests read the assets
# where they lie, through the finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "office.core.static_files.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Object storage for evidence files (office/core/object_storage.py). With S3_ENDPOINT_URL or
# S3_BUCKET set, files go to S3 (MinIO on premises); otherwise to a local folder that speaks the
# same presigned-POST contract.
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL")
S3_BUCKET = env("S3_BUCKET", "tdkt-evidence")
S3_REGION = env("S3_REGION", "us-east-1")
S3_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID")
S3_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY")
# Storage that does not answer is given up on quickly: the person gets a 503 to retry, the upload
# sweep finishes the rest later (office/core/object_storage.py StorageUnavailable).
S3_CONNECT_TIMEOUT_SECONDS = float(env("S3_CONNECT_TIMEOUT_SECONDS", "3"))
S3_READ_TIMEOUT_SECONDS = float(env("S3_READ_TIMEOUT_SECONDS", "20"))
S3_MAX_ATTEMPTS = int(env("S3_MAX_ATTEMPTS", "3"))
OBJECT_STORAGE_BACKEND = "s3" if (S3_ENDPOINT_URL or env("S3_BUCKET")) else "local"
LOCAL_OBJECT_STORAGE_DIR = Path(env("LOCAL_OBJECT_STORAGE_DIR", str(REPO_DIR / "var" / "objects")))
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
UPLOAD_URL_TTL_SECONDS = int(env("UPLOAD_URL_TTL_SECONDS", "900"))
# Download links are made by the app's own download views (permission-checked, on the session) at the
# moment a person clicks, and the browser follows them at once, so a minute is plenty; a leaked link is
# dead soon after. S3 presigned URLs cannot be made single-use; the local store's links are (and are
# bound to the session that asked).
DOWNLOAD_URL_TTL_SECONDS = int(env("DOWNLOAD_URL_TTL_SECONDS", "60"))
# A person's calendar feed address stops working after this many days without a calendar app reading
# it (0: never); the person makes a new one on the school's home page.
CALENDAR_FEED_IDLE_DAYS = int(env("CALENDAR_FEED_IDLE_DAYS", "180"))

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Processes that share one Redis but not one database (the test suite's parallel workers) keep
        # apart by prefix: their schools have the same schema names.
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", ""),
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "tdkt")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "office.core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=15),
    },
    # Owners of the plan tasks due next month are reminded a week ahead (plans/planning/timeline.py).
    "remind-plan-task-owners": {
        "task": "plans.planning.tasks.remind_task_owners_of_all_schools",
        "schedule": crontab(hour=6, minute=30),
    },
    # One archive per school into object storage under backups/<code>/ (tenants/backup.py).
    "back-up-all-schools": {
        "task": "tenants.tasks.back_up_all_schools",
        "schedule": crontab(hour=1, minute=30),
    },
    # Keeps the pool of spare school schemas full should a refill after a creation have been lost
    # (a broker restart, a worker down when the migration runner finished); a full pool costs one query.
    "refill-spare-schemas": {
        "task": "tenants.tasks.refill_spare_schemas",
        "schedule": crontab(minute="*/10"),
    },
    # A decision's delivery whose task was lost (the broker down when the office committed) is sent
    # again once it has waited 10 minutes unanswered (office/decisions/delivery.py, STALLED_AFTER).
    "resend-stalled-decision-deliveries": {
        "task": "office.decisions.tasks.resend_stalled_decision_deliveries",
        "schedule": crontab(minute="*/5"),
    },
    # Uploads left pending past their form's lifetime (the browser closed, storage down when it
    # confirmed) are verified when their object arrived, else marked abandoned and their object
    # deleted (plans/evidence/services.py, office/movements/services.py).
    "sweep-pending-evidence-uploads": {
        "task": "plans.evidence.tasks.sweep_pending_uploads_of_all_schools",
        "schedule": crontab(minute="7,37"),
    },
    "sweep-pending-movement-documents": {
        "task": "office.movements.tasks.sweep_pending_movement_documents",
        "schedule": crontab(minute="9,39"),
    },
    # Objects whose delete failed after their record changed (office/core/deletions.py).
    "retry-object-deletions": {
        "task": "office.core.tasks.retry_object_deletions",
        "schedule": crontab(minute="*/15"),
    },
    # An import job whose task was lost or whose worker died is refused so its page stops waiting, and
    # finished jobs older than IMPORT_JOB_KEPT are deleted with what they held (plans/imports/services.py).
    "sweep-import-jobs": {
        "task": "plans.imports.tasks.sweep_import_jobs_of_all_schools",
        "schedule": crontab(minute="*/10"),
    },
}
# Per-school archives kept in object storage by the nightly backup; older ones are deleted.
SCHOOL_BACKUP_PREFIX = "backups/"
SCHOOL_BACKUP_RETENTION = int(env("SCHOOL_BACKUP_RETENTION", "7"))
# Word and Excel files a school uploads to import are read in a Celery task, never in a web request
# (plans/imports). A parse beyond the soft limit is refused with a Vietnamese reason; the hard limit
# kills the worker's child should the soft one not be heard (inside C code). Seconds.
IMPORT_SOFT_TIME_LIMIT = float(env("IMPORT_SOFT_TIME_LIMIT", "60"))
IMPORT_TIME_LIMIT = float(env("IMPORT_TIME_LIMIT", "90"))
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# A job still waiting or running after this long lost its task or its worker (the sweep refuses it);
# a finished job and its result are deleted after IMPORT_JOB_KEPT.
IMPORT_JOB_STALLED_AFTER = timedelta(minutes=int(env("IMPORT_JOB_STALLED_MINUTES", "15")))
IMPORT_JOB_KEPT = timedelta(hours=int(env("IMPORT_JOB_KEPT_HOURS", "24")))
CELERY_BEAT_SCHEDULE_FILENAME = str(REPO_DIR / "var" / "celerybeat-schedule")

REST_FRAMEWORK = {
    # The token first: DRF answers a refused call with the first class's challenge, so a wrong,
    # expired or revoked token gets 401 (WWW-Authenticate: Token), not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "office.tokens.authentication.ApiTokenAuthentication",
        # DRF's own, refusing also a person who must first change a password a manager set.
        "office.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["office.accounts.permissions.IsMemberOfHost"],
    "EXCEPTION_HANDLER": "office.core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Thi đua – Khen thưởng",
    "DESCRIPTION": "API của nền tảng thi đua, khen thưởng. Mỗi lời gọi chỉ thấy dữ liệu của trường "
    "(hoặc phòng) ứng với tên miền được gọi.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the platform's refusals (401/403/404, 400 and 415 where they apply).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "office.core.api.document_refusals",
    ],
    # Several models have a "status", "kind" or "title" field with their own choices; name each enum.
    "ENUM_NAME_OVERRIDES": {
        "TitleEnum": "office.rules.vocabulary.Title",
        "RoleEnum": "office.accounts.models.Role",
        "RatingEnum": "office.rules.vocabulary.Rating",
        "PlanStatusEnum": "plans.planning.models.Plan.Status",
        "PlanTaskStateEnum": "plans.planning.models.PlanTask.State",
        "PlanSectionKindEnum": "plans.planning.models.PlanSection.Kind",
        "StaffStatusEnum": "plans.staff.models.Staff.Status",
        "StaffStatusPeriodKindEnum": "plans.staff.models.StaffStatusPeriod.Kind",
        "EvidenceStatusEnum": "plans.evidence.models.Evidence.Status",
        "EvidenceKindEnum": "plans.evidence.models.Evidence.Kind",
        "InitiativeStatusEnum": "plans.initiatives.models.Initiative.Status",
        "RegistrationStatusEnum": "plans.emulation.models.Registration.Status",
        "RegistrationCampaignStatusEnum": "plans.emulation.models.RegistrationCampaign.Status",
        "ReviewRoundStatusEnum": "plans.emulation.models.ReviewRound.Status",
        "CouncilRoleEnum": "plans.emulation.models.CouncilMember.Role",
        "SubmissionKindEnum": "office.submissions.models.Submission.Kind",
        "SubmissionStatusEnum": "office.submissions.models.Submission.Status",
        "SubmissionBatchActionEnum": "office.submissions.services.BATCH_ACTION_CHOICES",
        "DecisionStateEnum": "office.decisions.models.Decision.State",
        "DecisionDeliveryStateEnum": "office.decisions.models.DecisionDelivery.State",
        "DecisionLineOutcomeEnum": "office.decisions.models.DecisionLine.Outcome",
    },
}

# API tokens (office/tokens): "Token tdkt_…" in the Authorization header; only a hash is stored.
REST_KNOX = {
    "TOKEN_PREFIX": "tdkt_",
    "TOKEN_TTL": None,  # each token gets the validity its owner chose (office.tokens.services)
    "AUTH_HEADER_PREFIX": "Token",
}
# knox's own model gives way to ours (a swappable model, as AUTH_USER_MODEL).
KNOX_TOKEN_MODEL = "tokens.ApiToken"  # noqa: S105 - a model's name, not a secret

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "tdkt@localhost")
# Where the file-based backend (django.core.mail.backends.filebased.EmailBackend) writes each message:
# the browser test of invitations reads the mail a server process sent from here.
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", str(REPO_DIR / "var" / "mail"))
# Address of a school's pages in mail sent outside any request (reminders); `{host}` is the school's
# host. The default is the development server's; production sets e.g. "https://{host}".
SCHOOL_URL_FORMAT = env("TDKT_SCHOOL_URL_FORMAT", f"http://{{host}}:{DEV_SERVER_PORT}")

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The proxy (deploy/caddy/Caddyfile) terminates TLS and says so in X-Forwarded-Proto, which it sets
# itself; trust the header only where such a proxy is the sole way in.
if env_bool("DJANGO_TRUST_PROXY_HEADERS", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600 if PRODUCTION else 0)))
# Schools are sub-domains of the office's domain: all of them are HTTPS-only.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", PRODUCTION)

# Content Security Policy (django-csp), in every mode so that development shows what production
# refuses. Scripts only from our own static files (or an inline block carrying the request's nonce);
# inline event handlers are not allowed (core/behaviours.js gives data-confirm, data-autosubmit…).
# Styles allow inline `style` attributes and blocks: the templates, htmx's indicator styles and the
# printed documents use them, and CSS cannot run code.
# Where the browser posts evidence: the S3 endpoint, AWS itself when only a bucket is named, or this
# host (the local store).
_UPLOAD_ORIGINS = (
    [S3_ENDPOINT_URL]
    if S3_ENDPOINT_URL
    else ["https://*.amazonaws.com"]
    if OBJECT_STORAGE_BACKEND == "s3"
    else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # Evidence goes from the browser straight to object storage (DESIGN.md §3 rule 5).
        "connect-src": [SELF, *_UPLOAD_ORIGINS],
        # A form may lead from the office's host to a school's and back.
        "form-action": [SELF, f"{BASE_DOMAIN}:*", f"*.{BASE_DOMAIN}:*"],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Addresses of the reverse proxy in front of the web server: a request from one of them carries the
# client's address in X-Forwarded-For, set by the proxy (office/ops/client_address.py). Trusted only
# with the proxy headers, where the proxy is the sole way in: loopback (Ansible: Caddy on the same
# machine) and private networks (compose's network, a Kubernetes cluster's pods).
TRUSTED_PROXIES = env_list(
    "TDKT_TRUSTED_PROXIES",
    "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
    if env_bool("DJANGO_TRUST_PROXY_HEADERS", PRODUCTION)
    else "",
)

# Failed sign-ins (django-axes, counted in the public schema, so one count for a person on every
# host). A user name is locked for AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT failures from one
# address, and from every address once it failed TDKT_USERNAME_FAILURE_LIMIT times in all
# (office/lockouts/handler.py): a person who mistypes a few times is not stopped, a guesser at one
# address is stopped after 10 tries without locking the owner out elsewhere, and a guesser who changes
# address is stopped after 30. 15 minutes make guessing slow (at most 40 tries an hour from one
# address) while a person who locked themselves out waits no longer than a break; an office
# administrator can unlock earlier (Khóa đăng nhập page, or `manage.py axes_reset_username`).
AXES_HANDLER = "office.lockouts.handler.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = int(env("TDKT_LOGIN_FAILURE_LIMIT", "10"))
TDKT_USERNAME_FAILURE_LIMIT = int(env("TDKT_USERNAME_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("TDKT_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_CLIENT_IP_CALLABLE = "office.ops.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "office.lockouts.views.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# A successful sign-in does not wipe the count (AXES_RESET_ON_SUCCESS off): otherwise the owner
# signing in would reset what a guesser at other addresses has piled up against the user name.
AXES_RESET_ON_SUCCESS = False
# The sign-in history is the request log's; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

# Logs go to standard error: one JSON object a line in production (request_id, school, user_id on
# every line written while a request is served), plain text on a developer's machine.
LOG_FORMAT = env("TDKT_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"TDKT_LOG_FORMAT “{LOG_FORMAT}” không hợp lệ: chọn json hoặc text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "office.ops.log_format.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "office.ops.log_format.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request (office.ops.middleware); noisy on a developer's console.
        "office.requests": {"level": env("TDKT_REQUEST_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
        "django.db.backends": {"level": "WARNING"},
        # django-axes: failures and lockouts are warnings; each success and start-up is INFO chatter.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# /metrics answers only a scraper sending this token (Authorization: Bearer …); unset, it is closed.
METRICS_TOKEN = env("TDKT_METRICS_TOKEN", "")
# Queues whose waiting messages /metrics reports (default: the one queue the platform uses).
METRICS_CELERY_QUEUES = env_list("TDKT_METRICS_CELERY_QUEUES", CELERY_TASK_DEFAULT_QUEUE)

# Errors to Sentry (or a compatible service such as GlitchTip) only when a DSN is given.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from office.ops.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", TDKT_ENV),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
