"""Default settings.

Overridden, in this order, by `instance/config.py`, `PORTAL_*` environment variables
(`PORTAL_SECRET_KEY`, `PORTAL_MAIL_SERVER`...), `DATABASE_URL`, and the mapping given to
`create_app()` (tests).
"""

from datetime import timedelta

# "development" relaxes cookie security and allows the default secret key; anything else is production.
# The `flask` command reads PORTAL_ENV=development from .flaskenv; gunicorn does not.
ENV = "production"
DEFAULT_SECRET_KEY = "dev-only-secret-key-change-me"
SECRET_KEY = DEFAULT_SECRET_KEY

SITE_NAME = "Métiers de l'autonomie dans l'Orne"
# The site's public address, scheme://host[:port] (PORTAL_SITE_URL): every absolute link (mails, feeds, sitemap,
# canonical links, calendars) is built from it, never from the request's Host header; SERVER_NAME,
# PREFERRED_URL_SCHEME and TRUSTED_HOSTS derive from it (portal/site.py); an http:// address is upgraded to https://
# outside development, where the site is served over https only. Required outside development: the app
# refuses to start with this default, as it does with the default secret key.
SITE_URL = "http://127.0.0.1:5000"
# Host names accepted besides SITE_URL's (for instance an old address that the proxy redirects); any other Host
# header gets a 400. localhost and 127.0.0.1 are added in development.
TRUSTED_HOSTS = None
ASSOCIATION_EMAIL = "contact@metiers-autonomie-orne.fr"

# Default: SQLite under instance/ (set in create_app from the instance path).
SQLALCHEMY_DATABASE_URI = None
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

# None: Secure everywhere but in development (plain http://127.0.0.1).
SESSION_COOKIE_SECURE = None
REMEMBER_COOKIE_SECURE = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
# Each login on each device is a row of login_session (portal/accounts): with "se souvenir de moi" it ends
# REMEMBER_COOKIE_DURATION after the login, without it after PERMANENT_SESSION_LIFETIME without activity; logging
# out, or a new password, ends it on the server, whatever copies of the cookies exist.
REMEMBER_COOKIE_DURATION = timedelta(days=30)
PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
# A login's last activity is written at most this often (seconds): the list of logins in the settings shows it.
LOGIN_SESSION_ACTIVITY_INTERVAL = 300

# Whole request body; CV uploads have their own smaller cap later.
MAX_CONTENT_LENGTH = 8 * 1024 * 1024
WTF_CSRF_TIME_LIMIT = 4 * 3600
# WTForms' built-in messages in French come from its own translations (see portal/forms.py).
WTF_I18N_ENABLED = False
LOGO_MAX_BYTES = 5 * 1024 * 1024
CV_MAX_BYTES = 5 * 1024 * 1024
# Reading the text of an uploaded CV runs in a child process under this budget; a file that needs more
# is kept without its text (employers see it, the search does not find its words).
EXTRACT_CPU_SECONDS = 5
EXTRACT_MEMORY_MB = 512
EXTRACT_TIMEOUT = 10  # seconds of wall-clock time, the child's start included
# Default: instance/uploads (set in create_app).
UPLOAD_DIR = None
# Default: instance/index (set in create_app); one folder per index inside.
SEARCH_INDEX_DIR = None
# Up to this many documents changed by one commit are re-indexed at once, before the page answers; more (renaming
# a métier sought by thousands of profiles) are re-indexed by a task, after the response.
SEARCH_DRAIN_AT_ONCE_MAX = 100

# Token lifetimes, in seconds.
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600
PASSWORD_RESET_MAX_AGE = 3600
EMAIL_CHANGE_MAX_AGE = 24 * 3600
# The cancel link of an event registration works as long as the person may still need it.
EVENT_CANCEL_LINK_MAX_AGE = 400 * 24 * 3600

# Flask-Limiter: memory is fine for one process; production with several workers sets redis://.
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = False
# How many reverse proxies stand in front of the app (1 behind one nginx): the client's IP, which the rate limits
# count by, is then read from the X-Forwarded-For they add. 0 trusts no such header (a client could write it).
TRUSTED_PROXY_COUNT = 0
# Per address of origin (IP), every login attempt counts.
LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
# Per account, never a lock-out: after LOGIN_GUARD_FAILURES wrong passwords for an address within
# LOGIN_GUARD_WINDOW seconds (from any IP), the right password alone no longer logs in; it sends a one-time login
# link to the address instead (valid LOGIN_LINK_MAX_AGE seconds, one mail per LOGIN_LINK_MAIL_INTERVAL seconds),
# and every answer is the same, right password or not, so guessing on teaches nothing. See accounts/services.py.
LOGIN_GUARD_FAILURES = 10
LOGIN_GUARD_WINDOW = 15 * 60
LOGIN_LINK_MAX_AGE = 15 * 60
LOGIN_LINK_MAIL_INTERVAL = 5 * 60
SIGNUP_RATE_LIMIT = "10 per hour"
CONTACT_RATE_LIMIT = "5 per hour"
# Requests for help, per address of origin; referrals come from partners' agencies, where many advisers share one.
HELP_REQUEST_RATE_LIMIT = "10 per hour"
REFERRAL_RATE_LIMIT = "30 per hour"
FORGOT_RATE_LIMIT = "5 per 15 minutes"
EVENT_REGISTRATION_RATE_LIMIT = "10 per hour"
ALERT_REQUEST_RATE_LIMIT = "10 per hour"

# Mail: "smtp" delivers through MAIL_SERVER; "file" writes .eml files to instance/outbox/.
# None: "file" in development, "smtp" otherwise.
MAIL_BACKEND = None
MAIL_SERVER = "localhost"
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_DEFAULT_SENDER = ("Métiers de l'autonomie dans l'Orne", "ne-pas-repondre@metiers-autonomie-orne.fr")
MAIL_TIMEOUT = 10
# Flask-Mail would silently drop mail under TESTING; tests deliver to a real SMTP server instead.
MAIL_SUPPRESS_SEND = False
# Deliver the outbox right after a request that queued mail; production runs `flask mail send` from cron.
# None: on in development, off otherwise.
MAIL_SEND_AFTER_REQUEST = None
# Work done after the response (portal/tasks.py): without TASKS_REDIS_URL, in the site's own process, right after
# the response (or the commit, outside requests); with it (redis://127.0.0.1:6379/0), queued in Redis for
# `flask --app portal tasks worker`. TASKS_QUEUE_NAME names the queue (one per site sharing a Redis).
TASKS_REDIS_URL = None
TASKS_QUEUE_NAME = "portal"
# Retries: wait OUTBOX_BACKOFF[n] seconds after the n-th failure; give up after the last one.
OUTBOX_BACKOFF = (60, 300, 1800, 7200, 21600, 86400)
# A message left "sending" this long (the sender died mid-way) goes back to the queue.
OUTBOX_STALE_AFTER = 900
# Copies of mail kept by the platform (`flask retention run`): the content of a delivered mail for this many
# days, its recipient, subject, dates and state for this many. The privacy page reads these numbers.
OUTBOX_BODY_RETENTION_DAYS = 30
OUTBOX_RETENTION_DAYS = 365

# Candidate accounts without activity (login, profile or CV edit, "je cherche toujours"), by `flask retention run`:
# warned RETENTION_WARNING_DAYS before the profile leaves the CV-thèque at RETENTION_HIDE_AFTER_DAYS (24 months,
# the CNIL's limit for a pool of candidates); the account and all its data are deleted RETENTION_DELETE_AFTER_DAYS
# later, with a last warning RETENTION_FINAL_WARNING_DAYS before. The privacy page reads these numbers.
RETENTION_HIDE_AFTER_DAYS = 730
RETENTION_WARNING_DAYS = 30
RETENTION_DELETE_AFTER_DAYS = 90
RETENTION_FINAL_WARNING_DAYS = 15

# Accompaniment (`flask retention run`): a record with no step nor contact for ACCOMPANIMENT_CLOSE_AFTER_DAYS is
# closed ("sans contact"); a closed record is erased ACCOMPANIMENT_ERASE_AFTER_DAYS after its closure (a person
# who comes back within the year finds their pathway; the yearly report to the funder is written from it), only
# its anonymous facts staying for the figures; a request for help filed, or never opened, is erased
# ACCOMPANIMENT_REQUEST_ERASE_AFTER_DAYS after it came. The privacy page reads these numbers.
ACCOMPANIMENT_CLOSE_AFTER_DAYS = 730
ACCOMPANIMENT_ERASE_AFTER_DAYS = 365
ACCOMPANIMENT_REQUEST_ERASE_AFTER_DAYS = 365
# The coach's link that ties a record to the account the person creates, in seconds (a newer link replaces it).
ACCOMPANIMENT_LINK_MAX_AGE = 30 * 24 * 3600
# The phone numbers of the coaches by zone ({"alencon": "02 33 00 00 00"}), shown to the people they accompany
# beside the coach's address; none by default.
COACH_PHONES: dict[str, str] = {}

# Shown on the legal pages: set them in instance/config.py or PORTAL_* variables for the real site.
ASSOCIATION_NAME = "Association des employeurs des métiers de l'autonomie de l'Orne"
ASSOCIATION_ADDRESS = "Adresse postale à renseigner (ASSOCIATION_ADDRESS)"
PUBLICATION_DIRECTOR = "La présidence de l'association"
HOST_NAME = "Hébergeur à renseigner (HOST_NAME)"
HOST_ADDRESS = "Adresse de l'hébergeur à renseigner (HOST_ADDRESS)"

# The team shown on "Le projet": (role, territory or "", address). Set the real names and addresses in
# instance/config.py; by default every role answers at the association's address.
TEAM_CONTACTS = [
    ("Cheffe ou chef de projet", "", None),
    ("Coach autonomie", "flers-argentan", None),
    ("Coach autonomie", "alencon", None),
    ("Coach autonomie", "laigle-mortagne", None),
]
