# Read by the `flask` command only (python-dotenv); gunicorn and wsgi.py never see it,
# so a production server started from wsgi.py runs in production mode.
FLASK_APP=portal
PORTAL_ENV=development
