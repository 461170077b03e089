"""A person's applications and the offers proposed to them, in their export; erased with their account."""

import sqlalchemy as sa

from portal.accounts.models import User
from portal.candidates.models import CandidateProfile
from portal.extensions import db
from portal.offers.models import Application, OfferProposal
from portal.offers.services import applications_of, proposals_for
from portal.personal_data import PersonalData, plain


def export(user: User) -> dict:
    data = {}
    applications = applications_of(user)
    if applications:
        data["candidatures"] = [
            {
                "offre": a.offer.title,
                "structure": a.offer.structure.name,
                "message": a.message,
                "etat": a.status_label,
                "envoyee_le": plain(a.created_at),
                "message_du_recruteur": a.status_message,
            }
            for a in applications
        ]
    proposals = proposals_for(user)
    if proposals:
        data["offres_proposees"] = [
            {
                "offre": p.offer.title,
                "structure": p.offer.structure.name,
                "message": p.message,
                "etat": p.status_label,
                "recue_le": plain(p.created_at),
                "repondue_le": plain(p.answered_at),
            }
            for p in proposals
        ]
    return data


def forget(user: User) -> None:
    """Their applications and the proposals made to them go; proposals they sent stay, without their name."""
    profiles = sa.select(CandidateProfile.id).where(CandidateProfile.user_id == user.id)
    db.session.execute(sa.delete(OfferProposal).where(OfferProposal.profile_id.in_(profiles)))
    db.session.execute(sa.delete(Application).where(Application.candidate_id == user.id))
    db.session.execute(sa.update(OfferProposal).where(OfferProposal.sender_id == user.id).values(sender_id=None))


PART = PersonalData("offers", export=export, forget=forget)
