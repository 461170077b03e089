import os
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from portal.accounts.models import User
from portal.candidates.models import CandidateFile, CandidateProfile
from portal.clock import utcnow
from portal.extensions import db
from portal.metiers.models import Metier
from portal.storage.documents import Budget, DocumentRejected, read_document
from portal.storage.files import storage
from portal.storage.images import ImageRejected, fit_square, open_checked
from portal.transactions import after_commit, after_rollback

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


def find_profile(user: User) -> CandidateProfile | None:
    """The candidate's profile if there is one; creates nothing (for pages that only read)."""
    return db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def completeness(profile: CandidateProfile) -> Completeness:
    """What a good profile has, in the words the candidate reads."""
    checks = [
        ("les métiers que vous cherchez", bool(profile.metiers)),
        ("votre commune", profile.commune_insee is not None),
        ("les contrats qui vous conviennent", bool(profile.contract_types)),
        ("le temps de travail souhaité", bool(profile.working_times)),
        ("votre date de disponibilité", profile.available_from is not None),
        ("vos diplômes ou votre expérience", bool(profile.diplomas.strip()) or profile.experience_years is not None),
        (
            f"une présentation d'au moins {PRESENTATION_MIN} caractères",
            len(profile.presentation.strip()) >= PRESENTATION_MIN,
        ),
        ("un CV", bool(profile.files)),
    ]
    return Completeness([label for label, ok in checks if ok], [label for label, ok in checks if not ok])


def save_profile(
    profile: CandidateProfile,
    *,
    metier_ids: list[int],
    visible: bool | None = None,
    anonymous: bool = False,
    accepts_offers: bool = False,
    still_looking: bool = False,
    **fields,
) -> None:
    """Everything the profile page holds, visibility included (unless `visible` is None), in one transaction.

    Saving counts as a sign of life: the profile is fresh again for the retention rule. `still_looking` ("Je
    cherche toujours") also puts back a profile that the CV-thèque dropped for inactivity.
    """
    profile.metiers = db.session.scalars(sa.select(Metier).where(Metier.id.in_(metier_ids))).all() if metier_ids else []
    for name, value in fields.items():
        setattr(profile, name, value)
    if visible is not None:
        _apply_visibility(profile, visible=visible, anonymous=anonymous, accepts_offers=accepts_offers)
    if still_looking:
        _bring_back(profile)
    _owner_active(profile)
    db.session.flush()


def set_visibility(profile: CandidateProfile, *, visible: bool, anonymous: bool, accepts_offers: bool) -> None:
    _apply_visibility(profile, visible=visible, anonymous=anonymous, accepts_offers=accepts_offers)
    db.session.flush()


def _apply_visibility(profile: CandidateProfile, *, visible: bool, anonymous: bool, accepts_offers: bool) -> None:
    """Consent to the CV-thèque is explicit and dated; withdrawing it is dated too."""
    if visible and not profile.visible:
        profile.visible_since, profile.visibility_withdrawn_at = utcnow(), None
    elif not visible and profile.visible:
        profile.visibility_withdrawn_at = utcnow()
    if visible:
        profile.hidden_for_inactivity_at = None
    profile.visible, profile.anonymous, profile.accepts_offers = visible, anonymous, accepts_offers
    _owner_active(profile)


def withdraw_consents(profile: CandidateProfile, *, visible: bool, anonymous: bool, accepts_offers: bool) -> bool:
    """Of these choices, apply at once only those that show less: hiding, the anonymous mode, no more offers.

    Withdrawing a consent is never held back by a mistake elsewhere on the page. True if anything changed.
    """
    wanted = (profile.visible and visible, profile.anonymous or anonymous, profile.accepts_offers and accepts_offers)
    if wanted == (profile.visible, profile.anonymous, profile.accepts_offers):
        return False
    set_visibility(profile, visible=wanted[0], anonymous=wanted[1], accepts_offers=wanted[2])
    return True


def visibility_sentence(profile: CandidateProfile) -> str:
    """Who sees the profile, in one sentence the candidate reads after saving."""
    if profile.visible:
        how = (
            "en mode anonyme : sans votre nom, vos coordonnées, votre photo ni votre CV, "
            "tant que vous n'avez pas accepté leur demande de contact"
            if profile.anonymous
            else "avec votre nom et votre CV"
        )
        return f"Il est visible des employeurs adhérents dans la CV-thèque, {how}."
    return (
        "Il n'est pas visible des employeurs : cochez « Je rends mon profil visible » "
        "pour qu'ils puissent vous trouver."
    )


# --- CV files and photo --------------------------------------------------------------------------

MAX_CVS = 3
PHOTO_SIZE = 240


class UploadRefused(ValueError):
    """The French reason why an upload is refused."""


SCANNED = (
    "« {name} » est enregistré, mais il semble être une image scannée : les employeurs ne pourront pas le "
    "trouver par les mots qu'il contient. Si vous le pouvez, envoyez plutôt la version faite avec un "
    "traitement de texte."
)
UNREADABLE = (
    "« {name} » est enregistré, mais son texte n'a pas pu être lu : ce fichier demande trop de calcul "
    "pour être analysé. Les employeurs verront le fichier, mais ne pourront pas le trouver par les mots "
    "qu'il contient. Si vous le pouvez, enregistrez-le à nouveau en PDF depuis votre traitement de texte, "
    "puis envoyez-le."
)


def _display_name(filename: str, kind: str) -> str:
    base = os.path.basename((filename or "").replace("\\", "/")).strip() or f"cv.{kind}"
    cleaned = "".join(ch for ch in base if ch.isprintable())[:100]
    return cleaned or f"cv.{kind}"


def add_cv(profile: CandidateProfile, data: bytes, filename: str) -> CandidateFile:
    """Check, store and read a CV. The first one is the one shown in the CV-thèque."""
    if len(profile.files) >= MAX_CVS:
        raise UploadRefused(f"Vous avez déjà {MAX_CVS} CV : supprimez-en un avant d'en ajouter un autre.")
    if len(data) > current_app.config["CV_MAX_BYTES"]:
        raise UploadRefused(
            f"Ce fichier dépasse {current_app.config['CV_MAX_BYTES'] // (1024 * 1024)} Mo : "
            "enregistrez-le en PDF ou réduisez les images qu'il contient."
        )
    try:
        document = read_document(data, Budget.from_config(current_app.config))
    except DocumentRejected as exc:
        raise UploadRefused(str(exc)) from None
    store = storage()
    key = f"cv/{store.new_token()}.{document.kind}"
    store.save(key, data)
    cv = CandidateFile(
        storage_key=key,
        display_name=_display_name(filename, document.kind),
        kind=document.kind,
        size=len(data),
        text=document.text,
        searchable=document.searchable,
        shown=not profile.files,
    )
    profile.files.append(cv)
    profile.updated_at = utcnow()
    _owner_active(profile)
    # Nothing half-saved: no row, no file.
    after_rollback(lambda: store.delete(key))
    try:
        db.session.flush()
    except Exception:
        store.delete(key)
        raise
    if not document.readable:
        cv.upload_notice = UNREADABLE.format(name=cv.display_name)
    elif not document.searchable:
        cv.upload_notice = SCANNED.format(name=cv.display_name)
    return cv


def get_own_cv(profile: CandidateProfile, cv_id: int) -> CandidateFile | None:
    return next((cv for cv in profile.files if cv.id == cv_id), None)


def show_cv(profile: CandidateProfile, cv: CandidateFile) -> None:
    for other in profile.files:
        other.shown = other.id == cv.id
    _owner_active(profile)
    db.session.flush()


def delete_cv(profile: CandidateProfile, cv: CandidateFile) -> None:
    key, was_shown = cv.storage_key, cv.shown
    profile.files.remove(cv)
    if was_shown and profile.files:
        profile.files[0].shown = True
    _owner_active(profile)
    db.session.flush()
    store = storage()
    after_commit(lambda: store.delete(key))  # a crash leaves an orphan file, never a row without its file


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
    db.session.flush()
    new = profile.photo_key
    if new and new != old:  # rolled back: no row names the new photo
        after_rollback(lambda: store.delete(f"photos/{new}.png"))
    if old and old != new:  # once committed: no row names the old one any more
        after_commit(lambda: store.delete(f"photos/{old}.png"))


# --- activity ----------------------------------------------------------------------------------


def _owner_active(profile: CandidateProfile) -> None:
    """The candidate changed their own profile: their retention clock restarts (the platform's writes do not)."""
    db.session.get(User, profile.user_id).mark_active()


def _bring_back(profile: CandidateProfile) -> None:
    """A profile the CV-thèque dropped for inactivity comes back (the click renews the consent it was given under)."""
    if profile.hidden_for_inactivity_at is not None and not profile.visible:
        profile.visible, profile.visible_since, profile.visibility_withdrawn_at = True, utcnow(), None
    profile.hidden_for_inactivity_at = None
