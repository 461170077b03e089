"""What the CV-thèque holds about a person: who saw their profile, contact requests, saved searches."""

import sqlalchemy as sa

from portal.accounts.models import User
from portal.candidates.models import CandidateProfile
from portal.cvtheque.models import ContactRequest, ProfileAccess, SavedSearch
from portal.cvtheque.services import access_log, requests_for, saved_searches
from portal.extensions import db
from portal.personal_data import PersonalData, plain


def export(user: User) -> dict:
    data = {}
    profile = db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    if profile is not None:
        data["consultations_cvtheque"] = [
            {
                "par": a.viewer_label,
                "structure": a.structure.name if a.structure else None,
                "action": a.kind_label,
                "le": plain(a.at),
            }
            for a in access_log(profile, limit=None)
        ]
        data["demandes_de_contact"] = [
            {
                "structure": r.structure.name,
                "message": r.message,
                "etat": r.status_label,
                "recue_le": plain(r.created_at),
                "repondue_le": plain(r.answered_at),
            }
            for r in requests_for(profile)
        ]
    searches = saved_searches(user)
    if searches:
        data["recherches_enregistrees"] = [
            {"nom": s.name, "criteres": s.criteria, "creee_le": plain(s.created_at)} for s in searches
        ]
    return data


def forget(user: User) -> None:
    """What is about the person's profile goes; what they did as a recruiter stays, without their name."""
    profiles = sa.select(CandidateProfile.id).where(CandidateProfile.user_id == user.id)
    for model in (ProfileAccess, ContactRequest):
        db.session.execute(sa.delete(model).where(model.profile_id.in_(profiles)))
    db.session.execute(sa.delete(SavedSearch).where(SavedSearch.user_id == user.id))
    db.session.execute(sa.update(ProfileAccess).where(ProfileAccess.user_id == user.id).values(user_id=None))
    db.session.execute(sa.update(ContactRequest).where(ContactRequest.sender_id == user.id).values(sender_id=None))


PART = PersonalData("cvtheque", export=export, forget=forget)
