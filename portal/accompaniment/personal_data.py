"""A person's accompaniment in their export (all of it, the staff's notes included: it is their right of access);
erased with their account, the anonymous facts staying for the figures."""

import sqlalchemy as sa

from portal.accompaniment.models import (
    AccessLog,
    Accompaniment,
    CoachChange,
    HelpRequest,
    Note,
    PartnerKind,
    RequestStatus,
    Sharing,
)
from portal.accompaniment.services.retention import erase_record
from portal.accounts.models import User
from portal.extensions import db
from portal.personal_data import PersonalData, plain


def _records(user: User) -> list[Accompaniment]:
    return list(
        db.session.scalars(
            sa.select(Accompaniment).where(Accompaniment.user_id == user.id).order_by(Accompaniment.opened_at)
        )
    )


def _requests(user: User, records: list[Accompaniment]) -> list[HelpRequest]:
    ids = [r.id for r in records]
    return list(
        db.session.scalars(
            sa.select(HelpRequest)
            .where(sa.or_(HelpRequest.user_id == user.id, HelpRequest.accompaniment_id.in_(ids)))
            .order_by(HelpRequest.created_at)
        )
    )


def _rows(model, record: Accompaniment, order) -> list:
    return list(db.session.scalars(sa.select(model).where(model.accompaniment_id == record.id).order_by(order)))


def _step(step) -> dict:
    return {
        "etape": step.kind_label,
        "date": plain(step.day),
        "etat": step.status_label,
        "note": step.note,
        "structure_ou_organisme": step.employer_name,
        "metier": step.metier.title if step.metier else None,
        "fin": plain(step.ends_on),
        "mois_apres_embauche": step.months,
        "toujours_en_poste": step.still_in_post,
        "motif_de_depart": step.left_reason,
        "faite_le": plain(step.done_at),
    }


def _record(record: Accompaniment) -> dict:
    return {
        "prenom": record.first_name,
        "nom": record.last_name,
        "telephone": record.phone,
        "adresse": record.email,
        "commune": record.commune.label if record.commune else record.commune_insee,
        "zone": record.zone_label,
        "coach": record.coach.full_name if record.coach else None,
        "origine": record.origin_label,
        "publics": record.public_labels,
        "freins": record.barrier_labels,
        "aides_mobilisees": record.aids,
        "metiers": [m.title for m in record.metiers],
        "consentement": {"le": plain(record.consent_at), "comment": record.consent_how, "pour": record.consent_scope},
        "orientation": {
            "partenaire": PartnerKind(record.partner_kind).label if record.partner_kind else None,
            "organisme": record.partner_organisation,
            "conseiller": record.adviser_name,
            "adresse_du_conseiller": record.adviser_email,
            "telephone_du_conseiller": record.adviser_phone,
            "conseiller_informe": record.adviser_informed,
        },
        "etat": record.status_label,
        "issue": record.outcome_label or None,
        "ouvert_le": plain(record.opened_at),
        "termine_le": plain(record.closed_at),
        "dernier_contact": plain(record.last_contact_at),
        "etapes": [_step(step) for step in record.steps],
        "notes_de_l_equipe": [
            {"le": plain(n.created_at), "par": n.author_name, "texte": n.text}
            for n in _rows(Note, record, Note.created_at)
        ],
        "propositions_a_des_structures": [
            {
                "structure": s.structure.name,
                "pour": s.purpose_label,
                "message_du_coach": s.message,
                "votre_accord": s.agreement_how,
                "le": plain(s.shared_at),
                "retiree_le": plain(s.withdrawn_at),
                "reponse": s.answer_label if s.answer else None,
                "message_de_la_structure": s.answer_message,
                "repondu_le": plain(s.answered_at),
            }
            for s in _rows(Sharing, record, Sharing.shared_at)
        ],
        "consultations": [
            {"le": plain(a.at), "qui": a.who, "action": a.action} for a in _rows(AccessLog, record, AccessLog.at)
        ],
        "coachs_successifs": [
            {"coach": c.coach_name, "depuis_le": plain(c.changed_at)}
            for c in _rows(CoachChange, record, CoachChange.changed_at)
        ],
    }


def export(user: User) -> dict:
    records = _records(user)
    requests = _requests(user, records)
    if not records and not requests:
        return {}
    return {
        "accompagnement": [_record(record) for record in records],
        "demandes_d_accompagnement": [
            {
                "le": plain(r.created_at),
                "prenom": r.first_name,
                "nom": r.last_name,
                "telephone": r.phone,
                "adresse": r.email,
                "commune": r.commune.label if r.commune else r.commune_insee,
                "ce_que_vous_cherchez": r.looking_for,
                "quand_vous_appeler": r.when_to_call,
                "orientee_par": r.partner_organisation or None,
                "conseiller": r.adviser_name or None,
                "etat": RequestStatus(r.status).label,
            }
            for r in requests
        ],
    }


def forget(user: User) -> None:
    """The person's requests and records go; the anonymous facts stay, no longer linked to anyone."""
    records = _records(user)
    for request in _requests(user, records):
        db.session.delete(request)
    db.session.flush()
    for record in records:
        erase_record(record)


PART = PersonalData("accompaniment", export=export, forget=forget)
