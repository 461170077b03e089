"""What the CV-thèque index holds for a profile, and what it reads (so that changing it reindexes the profile).

Only visible profiles of active accounts are indexed. The text is the presentation, the diplomas,
the métiers sought and the text of the CV shown; never names of sensitive facts (RQTH, RSA...).
For anonymous profiles, everything that identifies the person is taken out of the text before it is
indexed (see redaction.py), since members search it and read it in highlighted extracts; and the
index keeps their zone, not their commune's name (the commune stays a filter).
"""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, attributes, joinedload, selectinload

from portal.accounts.models import User
from portal.candidates.models import CandidateFile, CandidateProfile, candidate_metier
from portal.communes.models import Commune
from portal.cvtheque.redaction import Identity, redact
from portal.metiers.models import Metier
from portal.search import EVERY_ATTRIBUTE, Fields, Reads, Source

INDEX = "cvtheque"
FIELDS = Fields(
    keywords=("metier", "zone", "commune", "contract", "time", "licence"),
    numbers=("available", "updated"),
    stored=("metiers", "zone_label", "commune_label", "mobility_km", "available_label", "cv_date", "experience_years"),
    recency="updated",
)


def identity_of(profile: CandidateProfile, user: User) -> Identity:
    """What identifies the candidate: names, e-mail, home commune and its postal codes."""
    commune = profile.commune
    return Identity(
        names=(user.first_name, user.last_name),
        emails=(user.email,),
        communes=(commune.name,) if commune else (),
        postal_codes=tuple(commune.postal_codes.split()) if commune else (),
    )


def anonymised(text: str, profile: CandidateProfile, user: User) -> str:
    return redact(text, identity_of(profile, user))


def shown_cv(profile: CandidateProfile) -> CandidateFile | None:
    return next((cv for cv in profile.files if cv.shown), None)


def document(profile: CandidateProfile, user: User) -> dict | None:
    if not profile.visible or user.disabled:
        return None
    cv = shown_cv(profile)
    parts = [
        profile.presentation,
        profile.diplomas,
        " ; ".join(m.title for m in profile.metiers),
        cv.text if cv and cv.searchable else "",
    ]
    content = "\n\n".join(p.strip() for p in parts if p and p.strip())
    if profile.anonymous:
        content = anonymised(content, profile, user)
    commune = profile.commune
    updated = max([profile.updated_at] + [f.uploaded_at for f in profile.files])
    return {
        "content": content,
        "metier": ",".join(m.slug for m in profile.metiers),
        "zone": commune.zone if commune and commune.zone else "",
        "commune": commune.insee if commune else "",
        "contract": ",".join(profile.contract_types or []),
        "time": ",".join(profile.working_times or []),
        "licence": "oui" if profile.driving_licence else "non",
        "available": int(profile.available_from.strftime("%Y%m%d")) if profile.available_from else 0,
        "updated": int(updated.timestamp() * 1_000_000),  # microseconds: the order of saves
        "metiers": [m.title for m in profile.metiers],
        "zone_label": commune.zone_label if commune and commune.zone else "",
        "commune_label": commune.name if commune and not profile.anonymous else "",
        "mobility_km": profile.mobility_km,
        "available_label": profile.available_from.isoformat() if profile.available_from else "",
        "cv_date": cv.uploaded_at.date().isoformat() if cv else "",
        "experience_years": profile.experience_years,
    }


def _profiles(session: Session):
    return (
        sa.select(CandidateProfile, User)
        .join(User, User.id == CandidateProfile.user_id)
        .options(
            selectinload(CandidateProfile.metiers),
            selectinload(CandidateProfile.files),
            joinedload(CandidateProfile.commune),
        )
    )


def load(session: Session, ids: list[str]) -> dict[str, dict | None]:
    wanted = [int(i) for i in ids if i.isdigit()]
    rows = session.execute(_profiles(session).where(CandidateProfile.id.in_(wanted))).all()
    return {str(profile.id): document(profile, user) for profile, user in rows}


def load_all(session: Session) -> Iterator[tuple[str, dict]]:
    ids = session.scalars(
        sa.select(CandidateProfile.id).where(CandidateProfile.visible.is_(True)).order_by(CandidateProfile.id)
    ).all()
    for start in range(0, len(ids), 500):
        for doc_id, doc in load(session, [str(i) for i in ids[start : start + 500]]).items():
            if doc is not None:
                yield doc_id, doc
        session.expunge_all()


def count_all(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).where(CandidateProfile.visible.is_(True)))


def _ids(objects) -> list:
    return [obj.id for obj in objects if obj.id is not None]


def _profiles_of_users(session: Session, users: list[User]) -> list[int]:
    ids = _ids(users)
    return session.scalars(sa.select(CandidateProfile.id).where(CandidateProfile.user_id.in_(ids))).all() if ids else []


def _profiles_seeking(session: Session, metiers: list[Metier]) -> list[int]:
    ids = _ids(metiers)
    return (
        session.scalars(sa.select(candidate_metier.c.profile_id).where(candidate_metier.c.metier_id.in_(ids))).all()
        if ids
        else []
    )


def _profiles_in(session: Session, communes: list[Commune]) -> list[int]:
    insees = [c.insee for c in communes]
    return session.scalars(sa.select(CandidateProfile.id).where(CandidateProfile.commune_insee.in_(insees))).all()


def _concerning_the_index(session: Session, profile_ids: set[int]) -> set[int]:
    """Profiles that are, were or become visible: the others have no document to write or remove."""
    profile_ids = {int(i) for i in profile_ids}
    kept = set(
        session.scalars(
            sa.select(CandidateProfile.id).where(
                CandidateProfile.id.in_(profile_ids), CandidateProfile.visible.is_(True)
            )
        )
    )
    for profile_id in profile_ids - kept:
        profile = session.identity_map.get(sa.inspect(CandidateProfile).identity_key_from_primary_key((profile_id,)))
        if profile is not None and (profile.visible or True in attributes.get_history(profile, "visible").deleted):
            kept.add(profile_id)
    return kept


# Everything document() reads. The profile: every attribute, since `updated` follows updated_at, which moves
# with any change. A new profile has no id yet, and is never visible before its owner says so, in a later commit.
READS = (
    Reads(CandidateProfile, EVERY_ATTRIBUTE, lambda session, profiles: _ids(profiles)),
    Reads(User, ("disabled", "first_name", "last_name", "email"), _profiles_of_users),
    Reads(
        CandidateFile,
        ("shown", "text", "searchable", "uploaded_at"),
        lambda session, files: [f.profile_id for f in files],
    ),
    Reads(Metier, ("title", "slug"), _profiles_seeking),
    Reads(Commune, ("insee", "name", "zone", "postal_codes"), _profiles_in),
)

SOURCE = Source(INDEX, FIELDS, load, load_all, count_all, reads=READS, relevant=_concerning_the_index)
