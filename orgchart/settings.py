"""Settings for the org-chart and job-description manager.

Everything that differs between a developer's laptop and production comes from the
environment; the defaults are safe for development only.  With ``DEBUG`` off the
project refuses to start without a real ``SECRET_KEY`` and an ``ALLOWED_HOSTS`` list.
"""
import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name):
    """Comma-separated IP addresses or networks (10.0.0.5, 10.0.0.0/8, fd00::/8)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an IP address or network, e.g. 10.0.0.5 or 10.0.0.0/8") from None
    return networks


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DEBUG is off: set SECRET_KEY to a random string of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])  # with DEBUG on, Django allows localhost when empty
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=hr.example.com")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "mptt",
    "import_export",
    "adminsortable2",
    "csp",
    "orgchart.apps.LoginSecurityConfig",  # django-axes, named in Chinese in the admin
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "kernel",
    "departments",
    "jobs",
    "orgchart",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: private, no-store on everything below WhiteNoise (pages, downloads, admin).
    "orgchart.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "orgchart.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A write refused because another HR user's change came first answers with a message, not a 500.
    "orgchart.middleware.RefusedWriteMiddleware",
    # Records the logged-in user on every historical row a request writes.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes: refuses logins while a username+IP pair is locked out; keep it last.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one IP address, that pair is locked out for AXES_COOLOFF_MINUTES. Its backend must come first.
AUTHENTICATION_BACKENDS = [  # the site's: ModelBackend reading the unread-notification count with the user
    "axes.backends.AxesStandaloneBackend",
    "orgchart.accounts.SiteBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "orgchart.security.locked_out"
# The client's address: the connection's, or — only for a connection from one of the
# TRUSTED_PROXIES (the reverse proxies in front of the app) — the one the proxies recorded in
# X-Forwarded-For (orgchart.security.client_ip). With none configured the header is ignored.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "orgchart.security.client_ip"

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline.
# Styles may be inline: the Django admin and the chart use style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

ROOT_URLCONF = "orgchart.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "orgchart.accounts.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "orgchart.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Moves in the department tree and the reporting lines are serialised (kernel.locks): a second
# writer waits this many seconds for the first, then is told to refresh and try again.
TREE_LOCK_TIMEOUT = float(os.environ.get("TREE_LOCK_TIMEOUT", "10"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. Taking its write lock at BEGIN makes a second writer wait
    # instead of failing at its first write ("database is locked") after it has read.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=TREE_LOCK_TIMEOUT)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# d3 packages come from npm (package.json, `npm ci` in `make setup`); their UMD builds in
# dist/ are served as static files under vendor/<package>/, never copied into the repository.
NPM_STATIC_PACKAGES = [
    "d3-dispatch", "d3-selection", "d3-color", "d3-interpolate", "d3-ease", "d3-timer",
    "d3-transition", "d3-drag", "d3-zoom", "d3-hierarchy", "pinyin-pro",
]
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (f"vendor/{package}", BASE_DIR / "node_modules" / package / "dist") for package in NPM_STATIC_PACKAGES
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Kept documents and finished task files (kernel.keeping, kernel.background) go through Django's
# storage API: a folder on local disk by default, S3-compatible object storage (django-storages)
# when S3_BUCKET is set — then every app server and worker sees the same files.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"  # never served: files are sent by views that check who asks
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,  # MinIO, Ceph, Aliyun OSS …
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", "orgchart"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}

# Background tasks (django-tasks, the backport of Django 6's django.tasks). The database backend
# (django-tasks-db) needs no other service: `manage.py db_worker` runs the tasks. With
# TASKS_BACKEND=rq they go through Redis (django-tasks-rq): `manage.py rqworker --job-class django_tasks_rq.Job default`.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": int(os.environ.get("TASK_TIMEOUT_SECONDS", "3600"))}}
elif TASKS_BACKEND == "immediate":  # runs each task inside the request that starts it
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: use database, rq or immediate")
# Finished task files (handbooks, exports) are kept this many days, then deleted.
TASK_FILES_DAYS = int(os.environ.get("TASK_FILES_DAYS", "7"))

# How long the rendered part of a page stays in the cache: the position list (per organisation
# version) and a published job description's document part (per version and stamp). 0: no caching.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(7 * 24 * 3600)))
# Django's cache framework: the chart data per scope and audience (orgchart.charts). Local memory
# by default (one copy per process); CACHE_URL=redis://… shares one cache between app servers.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
    # Sessions read from the shared cache, written through to the database: one query less per
    # request. Only with a shared cache: a per-process cache would keep a logged-out session alive
    # in the other processes.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Users' permissions from the shared cache too (orgchart.permissions): two queries less per request.
    AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend", "orgchart.permissions.CachedPermissionsBackend",
    ]
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}}}

# django-import-export: imports run in one transaction, all rows or none.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Organisation workbook and Word imports: the largest file accepted. Between preview and
# confirmation the upload waits in the database (kernel.stash), so any app server can confirm it.
IMPORT_MAX_UPLOAD_MB = int(os.environ.get("IMPORT_MAX_UPLOAD_MB", "20"))
IMPORT_TEMP_DIR = os.environ.get("IMPORT_TEMP_DIR", "")
# What one uploaded workbook or Word file may hold and cost, checked before anything is unpacked
# or kept in memory (kernel/archives.py, kernel/spreadsheets.py): a small hostile file is refused
# with a message instead of exhausting the server.  A workbook of 20,000 positions and 200,000
# child rows (bench/bench_import.py) unpacks to 95 MB and holds 0.9 million cells.
IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_MB", "300"))
IMPORT_MAX_WORD_UNCOMPRESSED_MB = int(os.environ.get("IMPORT_MAX_WORD_UNCOMPRESSED_MB", "50"))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "100"))
IMPORT_MAX_PARTS = int(os.environ.get("IMPORT_MAX_PARTS", "1000"))
IMPORT_MAX_SHEETS = int(os.environ.get("IMPORT_MAX_SHEETS", "100"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "1000000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "1000"))
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "3000000"))
IMPORT_MAX_SECONDS = int(os.environ.get("IMPORT_MAX_SECONDS", "60"))
# Handbooks are made while the user waits only when that is quick: a PDF when at most this many
# of its parts (job descriptions, department parts) are not kept yet (a quarter of a second a
# page), a .docx of at most this many job descriptions; otherwise in the background.
HANDBOOK_INLINE_RENDERS = int(os.environ.get("HANDBOOK_INLINE_RENDERS", "3"))
# Processes a worker starts to lay out the job descriptions of a large handbook (1: none). Give a
# worker dedicated to documents as many as it has cores. A process that takes longer than
# DOCUMENT_PROCESS_SECONDS over 25 job descriptions is stopped and the worker does the rest itself.
DOCUMENT_PROCESSES = int(os.environ.get("DOCUMENT_PROCESSES", "1"))
DOCUMENT_PROCESS_SECONDS = int(os.environ.get("DOCUMENT_PROCESS_SECONDS", "300"))
HANDBOOK_INLINE_POSITIONS = int(os.environ.get("HANDBOOK_INLINE_POSITIONS", "50"))
# Company templates of the 岗位说明书 (jobs.models.DocumentTemplate): the largest file accepted
# (a company's layout with its logo is well under 1 MB), and how long LibreOffice may take to turn
# a filled template into a PDF.
DOCUMENT_TEMPLATE_MAX_MB = int(os.environ.get("DOCUMENT_TEMPLATE_MAX_MB", "5"))
DOCUMENT_PDF_CONVERSION_SECONDS = int(os.environ.get("DOCUMENT_PDF_CONVERSION_SECONDS", "60"))
# 文件编号 in the header of every job description (.docx, PDF): a pattern with {code} (岗位编号),
# {department_code} (部门编码) and {version}; a pattern naming anything else fails the system check jobs.E001.
JD_DOCUMENT_NUMBER = os.environ.get("JD_DOCUMENT_NUMBER", "HR-JD-{code}")
# An import whose files are larger than this is confirmed in the background, with a progress bar.
IMPORT_BACKGROUND_KB = int(os.environ.get("IMPORT_BACKGROUND_KB", "256"))
DATA_UPLOAD_MAX_NUMBER_FILES = 200
# The demo company `make run` loads (python manage.py load_demo): the four reference documents as one group.
DEMO_COMPANY_FILE = BASE_DIR / "demo" / "company.json"
# The site's address (https://hr.example.com): the links in Word files made in the background start
# with it; without it they are relative, and a download made while a user waits uses the request's host.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# Review of job descriptions (jobs.reviews). JD_REVIEW_REQUIRED: HR submits a draft for review
# (提交审核) and only a reviewer publishes it; off, HR publishes alone as before. JD_REVIEWERS says
# who reviews: "group" — the members of the group 审核人 (permission jobs.review_position);
# "department_head" — the account holding the head position of the position's department (the
# group when that position has no holder). Superusers may always review.
JD_REVIEW_REQUIRED = env_bool("JD_REVIEW_REQUIRED", True)
JD_REVIEWERS = os.environ.get("JD_REVIEWERS", "group")
if JD_REVIEWERS not in {"group", "department_head"}:
    raise ImproperlyConfigured('JD_REVIEWERS must be "group" or "department_head".')

# E-mail: notifications (kernel.notifications) are also mailed when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
