"""A coach proposes a person to a member structure, with the person's agreement; the structure answers.

What a structure sees of the person is the least it needs to meet them: names, contact, commune, métiers, the
coach's message and contact, and the CV of their account. Never the publics, the barriers, the aid, the staff's
notes or the steps' notes. A sharing withdrawn by the person, or of a closed record, is no longer seen.
"""

from datetime import datetime

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from portal.accompaniment.models import (
    Accompaniment,
    Sharing,
    SharingAnswer,
    SharingPurpose,
    Status,
    StepKind,
    StepStatus,
)
from portal.accompaniment.services import pathway
from portal.accompaniment.services.records import note_contact
from portal.accounts.models import Membership, User
from portal.candidates.models import CandidateFile, CandidateProfile
from portal.clock import today_in_paris, utcnow
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.structures.models import Structure, StructureStatus


class SharingRefused(Exception):
    """A sharing or an answer that cannot be made; the message says why, in French."""


def member_structures() -> list[Structure]:
    """The structures a person may be proposed to: the approved members, by name."""
    return list(
        db.session.scalars(
            sa.select(Structure).where(Structure.status == StructureStatus.APPROVED).order_by(Structure.name)
        )
    )


def _recruiters(structure: Structure) -> list[User]:
    return [
        user
        for user in structure.recruiters
        if user.membership == Membership.ACTIVE and not user.disabled and user.email
    ]


def share(
    record: Accompaniment,
    structure: Structure,
    purpose: SharingPurpose | str,
    message: str,
    agreement_how: str,
    by: User,
) -> Sharing:
    """Propose the person to the structure (their agreement given as `agreement_how`); its recruiters are told."""
    if not record.is_open:
        raise SharingRefused("Cet accompagnement est terminé : il ne peut plus être proposé à une structure.")
    if structure.status != StructureStatus.APPROVED:
        raise SharingRefused("Cette structure n'est pas adhérente : choisissez une structure adhérente.")
    if not agreement_how.strip():
        raise SharingRefused("Indiquez comment la personne a donné son accord.")
    already = db.session.scalar(
        sa.select(Sharing).where(
            Sharing.accompaniment_id == record.id,
            Sharing.structure_id == structure.id,
            Sharing.withdrawn_at.is_(None),
            Sharing.answer.is_(None),
        )
    )
    if already is not None:
        raise SharingRefused(f"{record.full_name} est déjà proposé·e à {structure.name}, qui n'a pas encore répondu.")
    sharing = Sharing(
        accompaniment_id=record.id,
        structure_id=structure.id,
        purpose=SharingPurpose(purpose),
        message=message.strip(),
        agreement_how=agreement_how.strip(),
        shared_by_id=by.id,
        shared_at=utcnow(),
    )
    db.session.add(sharing)
    db.session.flush()
    note_contact(record)  # the coach has just spoken with the person to get their agreement
    link = url_for("accompaniment.shared_person", sharing_id=sharing.id, _external=True)
    for recruiter in _recruiters(structure):
        queue_mail(
            recruiter.email,
            "accompaniment_shared",
            f"Un coach autonomie vous propose {record.first_name} {record.last_name[:1]}.".strip(),
            dedup_key=f"accompaniment-shared:{sharing.id}:{recruiter.id}",
            about_user_id=record.user_id,
            recruiter=recruiter,
            sharing=sharing,
            record=record,
            coach=by,
            link=link,
        )
    return sharing


def sharings_of(record: Accompaniment) -> list[Sharing]:
    """Every sharing of the record, the latest first, withdrawn ones included (the coach and the person see them)."""
    return list(
        db.session.scalars(
            sa.select(Sharing)
            .where(Sharing.accompaniment_id == record.id)
            .options(selectinload(Sharing.structure))
            .order_by(Sharing.shared_at.desc(), Sharing.id.desc())
        )
    )


def _seen_by_structures():
    return (Sharing.withdrawn_at.is_(None), Accompaniment.status != Status.CLOSED)


def shared_with(structure_id: int | None) -> list[Sharing]:
    """The people proposed to a structure that it still sees: those to answer first, then the latest."""
    if structure_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Sharing)
            .join(Accompaniment, Accompaniment.id == Sharing.accompaniment_id)
            .where(Sharing.structure_id == structure_id, *_seen_by_structures())
            .options(
                selectinload(Sharing.accompaniment).selectinload(Accompaniment.metiers),
                selectinload(Sharing.accompaniment).selectinload(Accompaniment.commune),
            )
            .order_by(Sharing.answer.is_not(None), Sharing.shared_at.desc(), Sharing.id.desc())
        )
    )


def sharing_for_member(sharing_id: int, user: User) -> Sharing | None:
    """The sharing, when the user is a recruiter of its structure and the structure still sees it; else None."""
    sharing = db.session.get(Sharing, sharing_id)
    if sharing is None or user.structure_id is None or sharing.structure_id != user.structure_id:
        return None
    if not sharing.is_active or not sharing.accompaniment.is_open:
        return None
    return sharing


def days_waiting(sharing: Sharing, now: datetime | None = None) -> int:
    return max(0, ((now or utcnow()) - sharing.shared_at).days)


def person_cv(record: Accompaniment) -> CandidateFile | None:
    """The CV of the person's account: the one they show employers, else their latest (shared even outside the
    CV-thèque: the person agreed to be proposed)."""
    if record.user_id is None:
        return None
    profile = db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == record.user_id))
    if profile is None or not profile.files:
        return None
    return next((cv for cv in profile.files if cv.shown), None) or max(profile.files, key=lambda cv: cv.uploaded_at)


ANSWER_STEPS = {
    SharingAnswer.INTERVIEW: (StepKind.EMPLOYER_INTERVIEW, StepStatus.PLANNED),
    SharingAnswer.HIRED: (StepKind.JOB, StepStatus.PLANNED),
    SharingAnswer.NOT_NOW: (StepKind.CONTACT, StepStatus.DONE),
}


def _answer_note(sharing: Sharing, answer: SharingAnswer, message: str) -> str:
    name = sharing.structure.name
    if answer == SharingAnswer.HIRED:
        note = f"Embauche annoncée par {name}"
    elif answer == SharingAnswer.INTERVIEW:
        note = f"Entretien proposé par {name}"
    else:
        note = f"{name} : pas pour le moment"
    if message:
        note += f" : « {message} »"
    return note[:500]


def answer_sharing(sharing: Sharing, answer: SharingAnswer | str, message: str, by: User):
    """The structure answers: a step of the pathway says it, and the coach is told by mail. Returns the step."""
    answer = SharingAnswer(answer)
    if not sharing.is_active or not sharing.accompaniment.is_open:
        raise SharingRefused("Cette personne n'est plus proposée à votre structure.")
    if sharing.answer == answer:
        raise SharingRefused(f"Vous avez déjà répondu « {answer.label} ».")
    message = message.strip()
    sharing.answer, sharing.answer_message = answer, message
    sharing.answered_at, sharing.answered_by_id = utcnow(), by.id
    record = sharing.accompaniment
    kind, status = ANSWER_STEPS[answer]
    step = pathway.add_step(
        record,
        kind,
        today_in_paris(),
        by,
        status=status,
        note=_answer_note(sharing, answer, message),
        details=pathway.StepDetails(structure_id=sharing.structure_id),
        sharing_id=sharing.id,
    )
    coach = record.coach or (db.session.get(User, sharing.shared_by_id) if sharing.shared_by_id else None)
    if coach is not None and coach.email:
        queue_mail(
            coach.email,
            "accompaniment_sharing_answer",
            f"{sharing.structure.name} a répondu pour {record.full_name} : {answer.label}",
            dedup_key=f"accompaniment-answer:{sharing.id}:{answer}:{sharing.answered_at:%Y%m%d%H%M%S%f}",
            about_user_id=record.user_id,
            coach=coach,
            sharing=sharing,
            record=record,
            answer_label=answer.label,
            answered_by=by,
            step=step,
        )
    return step


def withdraw(sharing: Sharing) -> bool:
    """The person withdraws a sharing: the structure no longer sees them. False when it was withdrawn already."""
    if sharing.withdrawn_at is not None:
        return False
    sharing.withdrawn_at = utcnow()
    db.session.flush()
    return True


def withdraw_all(record: Accompaniment) -> None:
    for sharing in sharings_of(record):
        withdraw(sharing)
