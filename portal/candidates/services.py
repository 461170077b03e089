import os
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from portal.accounts.models import User
from portal.candidates.models import CandidateFile, CandidateProfile
from portal.clock import utcnow
from portal.extensions import db
from portal.metiers.models import Metier
from portal.storage.documents import DocumentRejected, read_document
from portal.storage.files import storage
from portal.storage.images import ImageRejected, fit_square, open_checked

PRESENTATION_MIN = 80


@dataclass
class Completeness:
    done: list[str]
    missing: list[str]

    @property
    def percent(self) -> int:
        total = len(self.done) + len(self.missing)
        return round(100 * len(self.done) / total) if total else 100


def profile_of(user: User) -> CandidateProfile:
    """The candidate's profile, created empty the first time."""
    profile = db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    if profile is None:
        profile = CandidateProfile(user_id=user.id)
        db.session.add(profile)
        db.session.flush()
    return profile


def completeness(profile: CandidateProfile) -> Completeness:
    """What a good profile has, in the words the candidate reads."""
    checks = [
        ("les métiers que vous cherchez", bool(profile.metiers)),
        ("votre commune", profile.commune_insee is not None),
        ("les contrats qui vous conviennent", bool(profile.contract_types)),
        ("le temps de travail souhaité", bool(profile.working_times)),
        ("votre date de disponibilité", profile.available_from is not None),
        ("vos diplômes ou votre expérience", bool(profile.diplomas.strip()) or profile.experience_years is not None),
        (f"une présentation d'au moins {PRESENTATION_MIN} caractères", len(profile.presentation.strip()) >= PRESENTATION_MIN),
        ("un CV", bool(profile.files)),
    ]
    return Completeness([label for label, ok in checks if ok], [label for label, ok in checks if not ok])


def save_profile(profile: CandidateProfile, *, metier_ids: list[int], **fields) -> None:
    profile.metiers = db.session.scalars(sa.select(Metier).where(Metier.id.in_(metier_ids))).all() if metier_ids else []
    for name, value in fields.items():
        setattr(profile, name, value)
    _owner_active(profile)
    db.session.commit()


def set_visibility(profile: CandidateProfile, *, visible: bool, anonymous: bool, accepts_offers: bool) -> None:
    """Consent to the CV-thèque is explicit and dated; withdrawing it is dated too."""
    if visible and not profile.visible:
        profile.visible_since, profile.visibility_withdrawn_at = utcnow(), None
    elif not visible and profile.visible:
        profile.visibility_withdrawn_at = utcnow()
    if visible:
        profile.hidden_for_inactivity_at = None
    profile.visible, profile.anonymous, profile.accepts_offers = visible, anonymous, accepts_offers
    _owner_active(profile)
    db.session.commit()


# --- CV files and photo --------------------------------------------------------------------------

MAX_CVS = 3
PHOTO_SIZE = 240


class UploadRefused(ValueError):
    """The French reason why an upload is refused."""


def _display_name(filename: str, kind: str) -> str:
    base = os.path.basename((filename or "").replace("\\", "/")).strip() or f"cv.{kind}"
    cleaned = "".join(ch for ch in base if ch.isprintable())[:100]
    return cleaned or f"cv.{kind}"


def add_cv(profile: CandidateProfile, data: bytes, filename: str) -> CandidateFile:
    """Check, store and read a CV. The first one is the one shown in the CV-thèque."""
    if len(profile.files) >= MAX_CVS:
        raise UploadRefused(f"Vous avez déjà {MAX_CVS} CV : supprimez-en un avant d'en ajouter un autre.")
    if len(data) > current_app.config["CV_MAX_BYTES"]:
        raise UploadRefused(f"Ce fichier dépasse {current_app.config['CV_MAX_BYTES'] // (1024 * 1024)} Mo : "
                            "enregistrez-le en PDF ou réduisez les images qu'il contient.")
    try:
        document = read_document(data)
    except DocumentRejected as exc:
        raise UploadRefused(str(exc)) from None
    store = storage()
    key = f"cv/{store.new_token()}.{document.kind}"
    store.save(key, data)
    cv = CandidateFile(storage_key=key, display_name=_display_name(filename, document.kind), kind=document.kind,
                       size=len(data), text=document.text, searchable=document.searchable,
                       shown=not profile.files)
    profile.files.append(cv)
    profile.updated_at = utcnow()
    _owner_active(profile)
    try:
        db.session.commit()
    except Exception:
        store.delete(key)  # nothing half-saved: no row, no file
        raise
    return cv


def get_own_cv(profile: CandidateProfile, cv_id: int) -> CandidateFile | None:
    return next((cv for cv in profile.files if cv.id == cv_id), None)


def show_cv(profile: CandidateProfile, cv: CandidateFile) -> None:
    for other in profile.files:
        other.shown = other.id == cv.id
    _owner_active(profile)
    db.session.commit()


def delete_cv(profile: CandidateProfile, cv: CandidateFile) -> None:
    key, was_shown = cv.storage_key, cv.shown
    profile.files.remove(cv)
    if was_shown and profile.files:
        profile.files[0].shown = True
    _owner_active(profile)
    db.session.commit()
    storage().delete(key)  # after the commit: a crash leaves an orphan file, never a row without its file


def set_photo(profile: CandidateProfile, data: bytes | None) -> None:
    """A new photo (checked, re-encoded, square, without metadata), or None to remove it."""
    old = profile.photo_key
    store = storage()
    if data is not None:
        if len(data) > current_app.config["LOGO_MAX_BYTES"]:
            raise UploadRefused("Cette photo dépasse 5 Mo : réduisez-la avant de l'envoyer.")
        try:
            encoded = fit_square(open_checked(data), PHOTO_SIZE)
        except ImageRejected as exc:
            raise UploadRefused(str(exc)) from None
        profile.photo_key = store.new_token()
        store.save(f"photos/{profile.photo_key}.png", encoded)
    else:
        profile.photo_key = None
    _owner_active(profile)
    db.session.commit()
    if old and old != profile.photo_key:
        store.delete(f"photos/{old}.png")


# --- activity ----------------------------------------------------------------------------------

def _owner_active(profile: CandidateProfile) -> None:
    """The candidate changed their own profile: their retention clock restarts (the platform's writes do not)."""
    db.session.get(User, profile.user_id).mark_active()


def keep_visible(profile: CandidateProfile) -> None:
    """The candidate says "je cherche toujours": the clock restarts, and a profile the CV-thèque dropped for
    inactivity comes back to it (the click renews the consent it was given under)."""
    _owner_active(profile)
    if profile.hidden_for_inactivity_at is not None and not profile.visible:
        profile.visible, profile.visible_since, profile.visibility_withdrawn_at = True, utcnow(), None
    profile.hidden_for_inactivity_at = None
    db.session.commit()
