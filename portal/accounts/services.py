"""Accounts: sign-up, verification, login, passwords and email changes.

Answers never tell whether an address has an account: where it matters, a mail goes to the
address instead, and the person who owns it learns what happened.
"""

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for

from portal.accounts.models import Membership, Role, User, new_session_nonce
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.accounts.tokens import TokenError, make_token, read_token
from portal.alerts.models import AlertSubscription
from portal.clock import utcnow
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.structures import services as structures
from portal.structures.models import Structure


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


@dataclass
class Identity:
    email: str
    password: str
    first_name: str
    last_name: str


def _new_user(identity: Identity, role: Role) -> User:
    user = User(
        email=normalize_email(identity.email),
        password_hash=hash_password(identity.password),
        role=role,
        first_name=identity.first_name.strip(),
        last_name=identity.last_name.strip(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def _warn_existing_account(email: str) -> None:
    existing = find_user_by_email(email)
    queue_mail(
        existing.email,
        "signup_existing",
        "Une inscription a été tentée avec votre adresse",
        dedup_key=f"signup-existing:{existing.id}:{utcnow():%Y%m%d%H}",
        about_user_id=existing.id,
        user=existing,
        login_url=url_for("accounts.login", _external=True),
        reset_url=url_for("accounts.forgot_password", _external=True),
    )


def register_candidate(identity: Identity, next_url: str | None = None) -> User | None:
    """Create a candidate and send the verification link; None (and a warning mail) if the address is taken.

    `next_url`, a path on this site, is where the confirmed candidate is taken after logging in.
    """
    if find_user_by_email(identity.email):
        _warn_existing_account(identity.email)
        db.session.commit()
        return None
    user = _new_user(identity, Role.CANDIDATE)
    send_verification(user, next_url)
    db.session.commit()
    return user


def register_employer(
    identity: Identity,
    *,
    new_structure: dict | None = None,
    join: Structure | None = None,
) -> User | None:
    """Create a recruiter with a new (pending) structure, or asking to join an existing one."""
    if find_user_by_email(identity.email):
        _warn_existing_account(identity.email)
        db.session.commit()
        return None
    user = _new_user(identity, Role.EMPLOYER)
    if new_structure is not None:
        user.structure = structures.create_structure(**new_structure)
        user.membership = Membership.ACTIVE
    else:
        structures.ask_to_join(user, join)
    send_verification(user)
    db.session.commit()
    return user


def create_verified_user(identity: Identity, role: Role) -> User:
    user = _new_user(identity, role)
    user.email_verified_at = utcnow()
    return user


# --- email verification -------------------------------------------------------------------------


def send_verification(user: User, next_url: str | None = None) -> None:
    payload = {"uid": user.id, "email": user.email}
    if next_url:
        payload["next"] = next_url
    token = make_token("verify-email", payload)
    queue_mail(
        user.email,
        "verify_email",
        "Confirmez votre adresse électronique",
        # At most one link per hour, however often the button is pressed.
        dedup_key=f"verify:{user.id}:{user.email}:{utcnow():%Y%m%d%H}",
        about_user_id=user.id,
        user=user,
        verify_url=url_for("accounts.verify_email", token=token, _external=True),
        max_age_days=current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 86400,
    )


def verify_email(token: str) -> tuple[User, str | None]:
    """Mark the address verified; the user and the page they were going to, if the link carries one.

    Raises TokenError for a bad or expired link.
    """
    payload = read_token("verify-email", token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        raise TokenError(expired=False)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()
    return user, payload.get("next")


def resend_verification(email: str, next_url: str | None = None) -> None:
    user = find_user_by_email(email)
    if user is not None and not user.is_verified:
        send_verification(user, next_url)
        db.session.commit()


# --- login --------------------------------------------------------------------------------------


def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password match, else None (taking as long either way)."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User) -> bool:
    """A login is the person's activity: the retention clock restarts. True when a retention stage was pending."""
    pending = user.retention_warned_at is not None or user.retention_hidden_at is not None
    user.last_login_at = utcnow()
    user.mark_active()
    db.session.commit()
    return pending


# --- passwords ----------------------------------------------------------------------------------


def _password_fingerprint(user: User) -> str:
    # In the reset token: once the password changes, every earlier link stops working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    user = find_user_by_email(email)
    if user is None or user.disabled:
        return
    token = make_token("reset-password", {"uid": user.id, "fp": _password_fingerprint(user)})
    queue_mail(
        user.email,
        "reset_password",
        "Choisissez un nouveau mot de passe",
        dedup_key=f"reset:{user.id}:{_password_fingerprint(user)}:{utcnow():%Y%m%d%H%M}",
        about_user_id=user.id,
        user=user,
        reset_url=url_for("accounts.reset_password", token=token, _external=True),
        max_age_minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    payload = read_token("reset-password", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.disabled or payload.get("fp") != _password_fingerprint(user):
        raise TokenError(expired=False)
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_nonce = new_session_nonce()


def _tell_password_changed(user: User) -> None:
    queue_mail(
        user.email,
        "password_changed",
        "Votre mot de passe a été modifié",
        dedup_key=f"password-changed:{user.id}:{_password_fingerprint(user)}",
        about_user_id=user.id,
        user=user,
    )


def reset_password(token: str, password: str) -> User:
    user = user_for_reset_token(token)
    set_password(user, password)
    # The link came to this address: it is proven.
    user.email_verified_at = user.email_verified_at or utcnow()
    user.mark_active()
    _tell_password_changed(user)
    db.session.commit()
    return user


def change_password(user: User, password: str) -> None:
    set_password(user, password)
    _tell_password_changed(user)
    db.session.commit()


# --- email change -------------------------------------------------------------------------------


def request_email_change(user: User, new_email: str) -> None:
    new_email = normalize_email(new_email)
    if find_user_by_email(new_email):
        _warn_existing_account(new_email)
    else:
        token = make_token("change-email", {"uid": user.id, "new": new_email, "old": user.email})
        queue_mail(
            new_email,
            "change_email",
            "Confirmez votre nouvelle adresse électronique",
            dedup_key=f"change-email:{user.id}:{new_email}:{utcnow():%Y%m%d%H%M}",
            about_user_id=user.id,  # to the new address, not yet the account's
            user=user,
            confirm_url=url_for("accounts.confirm_email_change", token=token, _external=True),
        )
    db.session.commit()


def confirm_email_change(token: str) -> User:
    payload = read_token("change-email", token, current_app.config["EMAIL_CHANGE_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("old") or find_user_by_email(payload["new"]):
        raise TokenError(expired=False)
    old = user.email
    user.email, user.email_verified_at = payload["new"], utcnow()
    # The account's alerts follow its address (AlertSubscription.email is where they are sent).
    db.session.execute(sa.update(AlertSubscription).where(AlertSubscription.user_id == user.id)
                       .values(email=user.email).execution_options(synchronize_session="fetch"))
    queue_mail(
        old,
        "email_changed",
        "Votre adresse de connexion a été modifiée",
        dedup_key=f"email-changed:{user.id}:{old}:{user.email}",
        about_user_id=user.id,  # to the old address, no longer the account's
        user=user,
        new_email=user.email,
    )
    db.session.commit()
    return user


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the cookie holds "id:nonce"; a rotated nonce ends the session."""
    uid, _, nonce = (user_id or "").partition(":")
    if not uid.isdigit():
        return None
    user = db.session.get(User, int(uid))
    if user is None or user.session_nonce != nonce or user.disabled:
        return None
    return user

