"""sharing"""

from portal.accompaniment.views import bp  # noqa: F401
