"""The CV-thèque follows what other features announce: a CV read through an application is logged too."""

from portal.candidates.models import CandidateFile, CandidateProfile
from portal.cvtheque import services
from portal.extensions import db
from portal.offers.signals import application_cv_downloaded


def _application_cv_downloaded(cv: CandidateFile, reader, **kwargs) -> None:
    services.log_access(db.session.get(CandidateProfile, cv.profile_id), reader, "download")


def connect() -> None:
    application_cv_downloaded.connect(_application_cv_downloaded)
