"""Structures (employers) and their recruiters: creation, the association's decision, joining."""

import itertools

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import contains_eager, joinedload

from portal.accounts import services as accounts
from portal.accounts.models import Membership, Role, User
from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.storage.files import storage
from portal.storage.images import logo_variants
from portal.structures.models import LOGO_SIZES, Structure, StructureStatus
from portal.text import slugify
from portal.transactions import after_commit, after_rollback

# La Poste's establishments share this SIREN; their SIRET follow another rule (sum of digits divisible by 5).
LA_POSTE_SIREN = "356000000"


def normalize_siret(value: str) -> str:
    return "".join(ch for ch in value or "" if not ch.isspace())


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, ch in enumerate(reversed(digits)):
        n = int(ch)
        if index % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siret_problem(value: str) -> str | None:
    """Why a SIRET is refused, in French, or None."""
    siret = normalize_siret(value)
    if not siret.isdigit() or len(siret) != 14:
        return "Le SIRET compte 14 chiffres (vous le trouvez sur l'avis de situation INSEE ou sur une fiche de paie)."
    if siret.startswith(LA_POSTE_SIREN) and siret != "35600000000048":
        valid = sum(int(c) for c in siret) % 5 == 0
    else:
        valid = luhn_valid(siret)
    return None if valid else "Ce numéro SIRET n'est pas valide : vérifiez les 14 chiffres."


def find_by_siret(value: str) -> Structure | None:
    return db.session.scalar(sa.select(Structure).where(Structure.siret == normalize_siret(value)))


def _unique_slug(name: str, commune: Commune) -> str:
    base = slugify(f"{name} {commune.name}")
    taken = set(db.session.scalars(sa.select(Structure.slug).where(Structure.slug.startswith(base))))
    return next(s for s in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2))) if s not in taken)


def create_structure(name: str, siret: str, kind: str, commune: Commune) -> Structure:
    structure = Structure(
        name=name.strip(),
        siret=normalize_siret(siret),
        kind=kind,
        commune=commune,
        slug=_unique_slug(name, commune),
        status=StructureStatus.PENDING,
    )
    db.session.add(structure)
    return structure


def pending_structures() -> list[Structure]:
    return (
        db.session.scalars(
            sa.select(Structure)
            .where(Structure.status == StructureStatus.PENDING)
            .order_by(Structure.created_at)
            .options(joinedload(Structure.commune))
        )
        .unique()
        .all()
    )


def list_structures(status: str | None = None) -> list[Structure]:
    stmt = sa.select(Structure).options(joinedload(Structure.commune)).order_by(Structure.name)
    if status:
        stmt = stmt.where(Structure.status == status)
    return db.session.scalars(stmt).unique().all()


def _tell_recruiters(structure: Structure, template: str, subject: str, key: str) -> None:
    for recruiter in structure.recruiters:
        if recruiter.membership == Membership.ACTIVE:
            queue_mail(
                recruiter.email,
                template,
                subject,
                dedup_key=f"structure-{key}:{structure.id}:{recruiter.id}:{structure.decided_at:%Y%m%d%H%M%S}",
                about_user_id=recruiter.id,
                user=recruiter,
                structure=structure,
            )


def approve_structure(structure: Structure) -> None:
    structure.status, structure.decision_reason, structure.decided_at = StructureStatus.APPROVED, "", utcnow()
    _tell_recruiters(structure, "structure_approved", "Votre structure est adhérente de la plateforme", "approved")
    db.session.flush()


def refuse_structure(structure: Structure, reason: str) -> None:
    structure.status, structure.decision_reason, structure.decided_at = StructureStatus.REFUSED, reason, utcnow()
    _tell_recruiters(structure, "structure_refused", "Votre demande d'adhésion n'a pas été acceptée", "refused")
    db.session.flush()


def suspend_structure(structure: Structure, reason: str) -> None:
    structure.status, structure.decision_reason, structure.decided_at = StructureStatus.SUSPENDED, reason, utcnow()
    _tell_recruiters(structure, "structure_suspended", "L'accès de votre structure est suspendu", "suspended")
    db.session.flush()


def register_employer(
    identity: accounts.Identity,
    *,
    new_structure: dict | None = None,
    join: Structure | None = None,
) -> User | None:
    """Create a recruiter with a new (pending) structure, or asking to join an existing one, and send the
    verification link; None (and a warning mail) if the address is taken."""
    user = accounts.new_account(identity, Role.EMPLOYER)
    if user is None:
        return None
    if new_structure is not None:
        user.structure = create_structure(**new_structure)
        user.membership = Membership.ACTIVE
    else:
        ask_to_join(user, join)
    accounts.send_verification(user)
    db.session.flush()
    return user


def pending_recruiters(structure: Structure) -> list[User]:
    return [u for u in structure.recruiters if u.membership == Membership.PENDING]


def ask_to_join(user: User, structure: Structure) -> None:
    """A recruiter asks to join an existing structure: its active recruiters and the admins decide."""
    user.structure, user.membership = structure, Membership.PENDING
    db.session.flush()
    deciders = [u for u in structure.recruiters if u.membership == Membership.ACTIVE and u.id != user.id]
    deciders += db.session.scalars(sa.select(User).where(User.role == Role.ADMIN, User.disabled.is_(False))).all()
    for decider in deciders:
        queue_mail(
            decider.email,
            "recruiter_join_request",
            f"{user.full_name} demande à rejoindre {structure.name}",
            dedup_key=f"join-request:{user.id}:{structure.id}:{decider.id}",
            about_user_id=user.id,  # names the applicant: goes with their account
            decider=decider,
            applicant=user,
            structure=structure,
            manage_url=url_for("structures.mine", _external=True)
            if decider.role == Role.EMPLOYER
            else url_for("admin.structure_detail", structure_id=structure.id, _external=True),
        )


def decide_recruiter(applicant: User, accept: bool) -> None:
    applicant.membership = Membership.ACTIVE if accept else Membership.REFUSED
    queue_mail(
        applicant.email,
        "recruiter_decision",
        "Votre demande pour rejoindre votre structure" if not accept else "Vous avez rejoint votre structure",
        dedup_key=f"join-decision:{applicant.id}:{applicant.structure_id}:{applicant.membership}",
        about_user_id=applicant.id,
        user=applicant,
        structure=applicant.structure,
        accepted=accept,
    )
    db.session.flush()


def may_manage_recruiters(user: User, structure: Structure) -> bool:
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.EMPLOYER and user.structure_id == structure.id and user.membership == Membership.ACTIVE


# --- public page and directory ------------------------------------------------------------------


def directory(zone: str | None = None, kind: str | None = None, page: int = 1, per_page: int = 24):
    """Approved structures, filtered, a page at a time."""
    stmt = (
        sa.select(Structure)
        .join(Structure.commune)
        .options(contains_eager(Structure.commune))
        .where(Structure.status == StructureStatus.APPROVED)
        .order_by(Structure.name)
    )
    if zone:
        stmt = stmt.where(Commune.zone == zone)
    if kind:
        stmt = stmt.where(Structure.kind == kind)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def approved_structures() -> list[Structure]:
    return list_structures(StructureStatus.APPROVED)


def count_approved() -> int:
    return db.session.scalar(sa.select(sa.func.count(Structure.id)).where(Structure.status == StructureStatus.APPROVED))


def get_by_slug(slug: str) -> Structure | None:
    return db.session.scalar(sa.select(Structure).where(Structure.slug == slug))


def may_see_page(user, structure: Structure) -> bool:
    """Approved structures are public; the others only for their recruiters and the staff."""
    if structure.status == StructureStatus.APPROVED:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.structure_id == structure.id


def update_page(
    structure: Structure, description: str, website: str, logo: bytes | None, remove_logo: bool = False
) -> None:
    """Save the public page; a new logo is checked and re-encoded first (ImageRejected stops everything)."""
    variants = logo_variants(logo, LOGO_SIZES) if logo else None
    store = storage()
    old_key = structure.logo_key
    if variants:
        key = store.new_token()
        for size, data in variants.items():
            store.save(f"logos/{key}-{size}.png", data)
        structure.logo_key = key
    elif remove_logo:
        structure.logo_key = None
    structure.description, structure.website = description.strip(), website.strip()
    db.session.flush()
    new_key = structure.logo_key
    if new_key and new_key != old_key:  # rolled back: no row names the new files
        after_rollback(lambda: _delete_logo(store, new_key))
    if old_key and old_key != new_key:  # once committed: no row names the old files any more
        after_commit(lambda: _delete_logo(store, old_key))


def _delete_logo(store, key: str) -> None:
    for size in LOGO_SIZES:
        store.delete(f"logos/{key}-{size}.png")
