"""A candidate's profile, CVs and photo, in their export; erased with their account."""

import sqlalchemy as sa

from portal.accounts.models import User
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES, CandidateProfile
from portal.extensions import db
from portal.personal_data import PersonalData, plain
from portal.storage.files import storage
from portal.transactions import after_commit


def _profile(user: User) -> CandidateProfile | None:
    return db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def _candidate_part(profile: CandidateProfile) -> dict:
    return {
        "metiers": [m.title for m in profile.metiers],
        "commune": profile.commune.label if profile.commune else None,
        "mobilite_km": profile.mobility_km,
        "permis_b": profile.driving_licence,
        "vehicule": profile.has_vehicle,
        "contrats": [CONTRACT_TYPES.get(c, c) for c in profile.contract_types],
        "temps_de_travail": [WORKING_TIMES.get(w, w) for w in profile.working_times],
        "disponible_a_partir_du": plain(profile.available_from),
        "diplomes": profile.diplomas,
        "annees_experience": profile.experience_years,
        "presentation": profile.presentation,
        "informations_sensibles": {
            "rqth": profile.rqth,
            "rsa": profile.rsa,
            "mission_locale": profile.mission_locale,
            "france_travail": profile.france_travail,
        },
        "cvtheque": {
            "visible": profile.visible,
            "visible_depuis": plain(profile.visible_since),
            "retire_le": plain(profile.visibility_withdrawn_at),
            "retire_par_la_regle_des_24_mois": profile.hidden_by_retention,
            "anonyme": profile.anonymous,
            "accepte_les_offres": profile.accepts_offers,
        },
        "cv": [
            {
                "nom": cv.display_name,
                "format": cv.kind,
                "taille_octets": cv.size,
                "envoye_le": plain(cv.uploaded_at),
                "cv_principal": cv.shown,
                "montre_aux_employeurs": cv.shown and profile.visible and not profile.anonymous,
                "texte_lu": cv.text,
                "fichier": f"fichiers/{cv.id}-{cv.display_name}",
            }
            for cv in profile.files
        ],
        "photo": "fichiers/photo.png" if profile.photo_key else None,
        "modifie_le": plain(profile.updated_at),
    }


def export(user: User) -> dict:
    profile = _profile(user)
    return {"profil_candidat": _candidate_part(profile)} if profile is not None else {}


def files(user: User) -> list[tuple[str, str]]:
    profile = _profile(user)
    if profile is None:
        return []
    found = [(cv.storage_key, f"fichiers/{cv.id}-{cv.display_name}") for cv in profile.files]
    if profile.photo_key:
        found.append((f"photos/{profile.photo_key}.png", "fichiers/photo.png"))
    return found


def forget(user: User) -> None:
    """The profile and its CVs (the index entry follows the commit); the files once the commit is done."""
    profile = _profile(user)
    if profile is None:
        return
    keys = [key for key, _ in files(user)]
    db.session.delete(profile)  # queues its removal from the search index, applied after the commit

    def remove_files():  # after the commit: a crash leaves orphan files, never a profile without them
        store = storage()
        for key in keys:
            store.delete(key)

    after_commit(remove_files)


PART = PersonalData("candidates", export=export, forget=forget, files=files)
