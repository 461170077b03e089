from dataclasses import dataclass

import sqlalchemy as sa

from portal.accounts.models import User
from portal.candidates.models import CandidateProfile
from portal.extensions import db
from portal.metiers.models import Metier

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
    ]
    return Completeness([label for label, ok in checks if ok], [label for label, ok in checks if not ok])


def save_profile(profile: CandidateProfile, *, metier_ids: list[int], **fields) -> None:
    profile.metiers = db.session.scalars(sa.select(Metier).where(Metier.id.in_(metier_ids))).all() if metier_ids else []
    for name, value in fields.items():
        setattr(profile, name, value)
    db.session.commit()
