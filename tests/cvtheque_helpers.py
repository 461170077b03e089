"""Building visible candidate profiles the way candidates do, through the services."""

from portal.candidates import services as candidates
from portal.communes.models import Commune
from portal.extensions import db
from portal.metiers.models import Metier
from tests import documents


def visible_candidate(make, *, first_name="Camille", last_name="Martin", metiers=("aide-soignant",),
                      commune="61001", presentation="", cv_lines=None, anonymous=False, contracts=("cdi",),
                      times=("plein",), available=None, licence=False, diplomas="", visible=True, **user_kw):
    user = make.candidate(first_name=first_name, last_name=last_name, **user_kw)
    profile = candidates.profile_of(user)
    ids = [m.id for m in db.session.query(Metier).filter(Metier.slug.in_(metiers))]
    candidates.save_profile(profile, metier_ids=ids, commune_insee=db.session.get(Commune, commune).insee if commune else None,
                            presentation=presentation, contract_types=list(contracts), working_times=list(times),
                            available_from=available, driving_licence=licence, diplomas=diplomas)
    if cv_lines is not None:
        candidates.add_cv(profile, documents.pdf(cv_lines), "cv.pdf")
    if visible:
        candidates.set_visibility(profile, visible=True, anonymous=anonymous, accepts_offers=True)
    db.session.commit()  # the services flush; the requests that follow read what was committed
    return user, profile
