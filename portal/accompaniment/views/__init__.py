"""The accompaniment's pages: asking for help, the coaches' caseload and records, sharing with structures, the
person's own view. One blueprint; one module per part."""

from flask import Blueprint

bp = Blueprint("accompaniment", __name__)

from portal.accompaniment import models  # noqa: E402, F401
from portal.accompaniment.views import advisers, caseload, person, requests, sharing  # noqa: E402, F401
