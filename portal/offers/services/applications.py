"""Job offers: candidates apply; recruiters follow the applications and move them on."""

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import Membership, User
from portal.candidates.models import CandidateFile, CandidateProfile
from portal.clock import today_in_paris, utcnow
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.offers.models import Application, ApplicationStatus, JobOffer, OfferProposal, OfferStatus, ProposalStatus
from portal.offers.services.search import OFFER_CARD


class ApplicationRefused(ValueError):
    """Why this application cannot be made or changed, in French."""


def application_of(candidate: User, offer: JobOffer) -> Application | None:
    return db.session.scalar(
        sa.select(Application).where(Application.offer_id == offer.id, Application.candidate_id == candidate.id)
    )


def apply(candidate: User, offer: JobOffer, cv: CandidateFile | None, message: str) -> Application:
    """One application per person and offer, to an open offer; recruiters and the candidate get a mail."""
    if offer.state(today_in_paris()) != OfferStatus.PUBLISHED or not offer.structure_approved:
        raise ApplicationRefused("Cette offre n'est plus ouverte : vous ne pouvez plus y répondre.")
    existing = application_of(candidate, offer)
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        raise ApplicationRefused("Vous avez déjà répondu à cette offre.")
    if existing is not None:  # applying again after withdrawing
        existing.status, existing.cv_id, existing.message = ApplicationStatus.RECEIVED, cv.id if cv else None, message
        existing.status_changed_at, application = utcnow(), existing
    else:
        application = Application(
            offer_id=offer.id, candidate_id=candidate.id, cv_id=cv.id if cv else None, message=message.strip()
        )
        try:
            with db.session.begin_nested():
                db.session.add(application)
        except sa.exc.IntegrityError:  # the same person, twice at once
            raise ApplicationRefused("Vous avez déjà répondu à cette offre.") from None
    # However the candidate came to apply, an offer proposed to them is now answered.
    db.session.execute(
        sa.update(OfferProposal)
        .where(
            OfferProposal.offer_id == offer.id,
            OfferProposal.status != ProposalStatus.APPLIED,
            OfferProposal.profile_id.in_(
                sa.select(CandidateProfile.id).where(CandidateProfile.user_id == candidate.id)
            ),
        )
        .values(status=ProposalStatus.APPLIED, answered_at=utcnow())
    )
    db.session.flush()
    stamp = f"{application.id}:{utcnow():%Y%m%d%H%M%S%f}"
    manage_url = url_for("offers.applications", offer_id=offer.id, _external=True)
    for recruiter in offer.structure.recruiters:
        if recruiter.membership == Membership.ACTIVE and recruiter.is_active:
            queue_mail(
                recruiter.email,
                "application_received",
                f"Nouvelle candidature : {offer.title}",
                # Names the candidate: erased with the candidate's account.
                dedup_key=f"application-received:{stamp}:{recruiter.id}",
                about_user_id=candidate.id,
                user=recruiter,
                offer=offer,
                candidate=candidate,
                application=application,
                manage_url=manage_url,
            )
    queue_mail(
        candidate.email,
        "application_sent",
        f"Votre candidature : {offer.title}",
        dedup_key=f"application-sent:{stamp}",
        about_user_id=candidate.id,
        user=candidate,
        offer=offer,
        dashboard_url=url_for("offers.my_applications", _external=True),
    )
    db.session.flush()
    return application


def withdraw(application: Application) -> None:
    if application.status in (ApplicationStatus.HIRED, ApplicationStatus.WITHDRAWN):
        raise ApplicationRefused("Cette candidature ne peut plus être retirée.")
    application.status, application.status_changed_at = ApplicationStatus.WITHDRAWN, utcnow()
    db.session.flush()


def applications_to(offer: JobOffer) -> list[Application]:
    return db.session.scalars(
        sa.select(Application)
        .where(Application.offer_id == offer.id)
        .options(selectinload(Application.candidate), selectinload(Application.cv))
        .order_by(Application.created_at.desc())
    ).all()


def applications_of(candidate: User) -> list[Application]:
    return db.session.scalars(
        sa.select(Application)
        .where(Application.candidate_id == candidate.id)
        .options(*[joinedload(Application.offer).options(o) for o in OFFER_CARD])
        .order_by(Application.created_at.desc())
    ).all()


def set_status(application: Application, status: str, message: str) -> None:
    """The recruiter moves the application on; the candidate sees it in the dashboard and by mail."""
    if status not in ApplicationStatus.CHOICES:
        raise ApplicationRefused("État inconnu.")
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ApplicationRefused("La personne a retiré sa candidature.")
    if status == application.status and not message.strip():
        return
    application.status, application.status_message = status, message.strip()
    application.status_changed_at = utcnow()
    candidate = application.candidate
    queue_mail(
        candidate.email,
        "application_status",
        f"Votre candidature : {application.offer.title}",
        dedup_key=f"application-status:{application.id}:{application.status_changed_at:%Y%m%d%H%M%S%f}",
        about_user_id=candidate.id,
        user=candidate,
        application=application,
        dashboard_url=url_for("offers.my_applications", _external=True),
    )
    db.session.flush()
