"""A person's own data: everything we hold about them as a ZIP, and erasing it all."""

import io
import json
import zipfile
from datetime import date, datetime

import sqlalchemy as sa

from portal.accounts.models import LoginSession, User
from portal.accounts.services import active_logins
from portal.alerts import services as alerts
from portal.candidates.models import CandidateProfile
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.clock import utcnow
from portal.cvtheque.models import ContactRequest, ProfileAccess, SavedSearch
from portal.cvtheque.services import access_log, requests_for, saved_searches
from portal.events import services as events
from portal.offers.models import Application, OfferProposal
from portal.offers.services import applications_of, proposals_for
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.retention import forget_mail_of, remove_files
from portal.storage.files import storage
from portal.transactions import after_commit


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _candidate_part(profile: CandidateProfile) -> dict:
    return {
        "metiers": [m.title for m in profile.metiers],
        "commune": profile.commune.label if profile.commune else None,
        "mobilite_km": profile.mobility_km,
        "permis_b": profile.driving_licence,
        "vehicule": profile.has_vehicle,
        "contrats": [CONTRACT_TYPES.get(c, c) for c in profile.contract_types],
        "temps_de_travail": [WORKING_TIMES.get(w, w) for w in profile.working_times],
        "disponible_a_partir_du": _plain(profile.available_from),
        "diplomes": profile.diplomas,
        "annees_experience": profile.experience_years,
        "presentation": profile.presentation,
        "informations_sensibles": {"rqth": profile.rqth, "rsa": profile.rsa,
                                   "mission_locale": profile.mission_locale, "france_travail": profile.france_travail},
        "cvtheque": {"visible": profile.visible, "visible_depuis": _plain(profile.visible_since),
                     "retire_le": _plain(profile.visibility_withdrawn_at),
                     "retire_par_la_regle_des_24_mois": profile.hidden_by_retention, "anonyme": profile.anonymous,
                     "accepte_les_offres": profile.accepts_offers},
        "cv": [{"nom": cv.display_name, "format": cv.kind, "taille_octets": cv.size, "envoye_le": _plain(cv.uploaded_at),
                "cv_principal": cv.shown, "montre_aux_employeurs": cv.shown and profile.visible and not profile.anonymous,
                "texte_lu": cv.text, "fichier": f"fichiers/{cv.id}-{cv.display_name}"}
               for cv in profile.files],
        "photo": "fichiers/photo.png" if profile.photo_key else None,
        "modifie_le": _plain(profile.updated_at),
    }


def _profile(user: User) -> CandidateProfile | None:
    return db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def export_zip(user: User) -> bytes:
    """data.json with every fact held about the person, and their files under fichiers/."""
    data = {
        "export_du": utcnow().isoformat(),
        "compte": {"adresse": user.email, "prenom": user.first_name, "nom": user.last_name, "role": user.role_label,
                   "cree_le": _plain(user.created_at), "adresse_confirmee_le": _plain(user.email_verified_at),
                   "derniere_connexion": _plain(user.last_login_at),
                   "derniere_activite": _plain(user.last_active_at)},
        "structure": {"nom": user.structure.name, "siret": user.structure.siret} if user.structure else None,
        "connexions_ouvertes": [
            {"appareil": login.device, "connexion_le": _plain(login.created_at),
             "derniere_activite": _plain(login.last_seen_at), "expire_le": _plain(login.expires_at)}
            for login in active_logins(user)
        ],
        "courriels_envoyes": [
            {"objet": m.subject, "cree_le": _plain(m.created_at), "etat": m.status,
             "destinataire": "vous" if m.recipient == user.email else "un tiers, à votre sujet"}
            for m in db.session.scalars(sa.select(OutboxMessage).where(
                sa.or_(OutboxMessage.recipient == user.email, OutboxMessage.about_user_id == user.id))
                .order_by(OutboxMessage.id))
        ],
    }
    profile = _profile(user)
    if profile is not None:
        data["profil_candidat"] = _candidate_part(profile)
        data["consultations_cvtheque"] = [
            {"par": a.viewer_label, "structure": a.structure.name if a.structure else None, "action": a.kind_label,
             "le": _plain(a.at)} for a in access_log(profile, limit=None)]
        data["demandes_de_contact"] = [
            {"structure": r.structure.name, "message": r.message, "etat": r.status_label,
             "recue_le": _plain(r.created_at), "repondue_le": _plain(r.answered_at)} for r in requests_for(profile)]
    applications = applications_of(user)
    if applications:
        data["candidatures"] = [
            {"offre": a.offer.title, "structure": a.offer.structure.name, "message": a.message, "etat": a.status_label,
             "envoyee_le": _plain(a.created_at), "message_du_recruteur": a.status_message} for a in applications]
    proposals = proposals_for(user)
    if proposals:
        data["offres_proposees"] = [
            {"offre": p.offer.title, "structure": p.offer.structure.name, "message": p.message,
             "etat": p.status_label, "recue_le": _plain(p.created_at), "repondue_le": _plain(p.answered_at)}
            for p in proposals]
    registrations = events.registrations_of(user)
    if registrations:
        data["inscriptions_aux_evenements"] = [
            {"evenement": r.event.title, "organisateur": r.event.organiser_name, "debut": _plain(r.event.starts_at),
             "nom_donne": r.name, "adresse": r.email, "etat": r.status_label, "inscrit_le": _plain(r.created_at),
             "annule_le": _plain(r.cancelled_at)} for r in registrations]
    searches = saved_searches(user)
    if searches:
        data["recherches_enregistrees"] = [{"nom": s.name, "criteres": s.criteria, "creee_le": _plain(s.created_at)}
                                           for s in searches]
    subscriptions = alerts.alerts_of(user)
    if subscriptions:
        data["alertes"] = [{"nom": a.name, "type": a.kind_label, "criteres": alerts.describe(a.kind, a.criteria),
                            "frequence": a.frequency_label, "etat": a.status_label, "creee_le": _plain(a.created_at)}
                           for a in subscriptions]
    out = io.BytesIO()
    store = storage()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        if profile is not None:
            for cv in profile.files:
                path = store.path(cv.storage_key)
                if path.is_file():
                    archive.write(path, f"fichiers/{cv.id}-{cv.display_name}")
            if profile.photo_key and store.path(f"photos/{profile.photo_key}.png").is_file():
                archive.write(store.path(f"photos/{profile.photo_key}.png"), "fichiers/photo.png")
    return out.getvalue()


def delete_account(user: User) -> None:
    """Erase the account, the profile, the files, the index entry and the mail to or about the person.

    The person's own request and the retention run (candidates/retention.py) both come here.
    """
    profile = _profile(user)
    keys = []
    if profile is not None:
        keys = [cv.storage_key for cv in profile.files]
        if profile.photo_key:
            keys.append(f"photos/{profile.photo_key}.png")
        for model in (ProfileAccess, ContactRequest, OfferProposal):
            db.session.execute(sa.delete(model).where(model.profile_id == profile.id))
        db.session.delete(profile)  # queues its removal from the search index, applied after the commit
    alerts.forget_person(user)  # before the saved searches that some of them follow
    db.session.execute(sa.delete(SavedSearch).where(SavedSearch.user_id == user.id))
    db.session.execute(sa.delete(Application).where(Application.candidate_id == user.id))
    events.forget_person(user)  # their places go to the waiting lists, whose first ones are told
    db.session.execute(sa.update(ProfileAccess).where(ProfileAccess.user_id == user.id).values(user_id=None))
    db.session.execute(sa.update(ContactRequest).where(ContactRequest.sender_id == user.id).values(sender_id=None))
    db.session.execute(sa.update(OfferProposal).where(OfferProposal.sender_id == user.id).values(sender_id=None))
    mail_files = forget_mail_of(user.id, user.email)
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.delete(user)
    db.session.flush()
    store = storage()
    # After the commit: a crash leaves orphan files, never a profile without them.
    after_commit(lambda: [store.delete(key) for key in keys])
    after_commit(lambda: remove_files(mail_files))
