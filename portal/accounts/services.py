"""Accounts: sign-up, verification, login, passwords and email changes.

Answers never tell whether an address has an account: where it matters, a mail goes to the
address instead, and the person who owns it learns what happened.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app, url_for

from portal.accounts.devices import describe_device
from portal.accounts.models import LoginFailure, LoginSession, Role, User
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.accounts.signals import email_changed
from portal.clock import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.services import queue_mail
from portal.tasks import task
from portal.tokens import TokenError, make_token, read_token


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


def new_account(identity: Identity, role: Role) -> User | None:
    """A new account, its address not yet verified; None (and a warning mail) if the address is taken.

    The caller sends the verification link (`send_verification`) once the account is complete: a recruiter's
    account gets its structure first (`portal.structures.services.register_employer`).
    """
    if find_user_by_email(identity.email):
        _warn_existing_account(identity.email)
        db.session.flush()
        return None
    return _new_user(identity, role)


def register_candidate(identity: Identity, next_url: str | None = None) -> User | None:
    """Create a candidate and send the verification link; None (and a warning mail) if the address is taken.

    `next_url`, a path on this site, is where the confirmed candidate is taken after logging in.
    """
    user = new_account(identity, Role.CANDIDATE)
    if user is None:
        return None
    send_verification(user, next_url)
    db.session.flush()
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


def verification_of(token: str) -> tuple[User, str | None]:
    """The user a verification link is for, and the page they were going to, if the link carries one.

    Raises TokenError for a bad or expired link.
    """
    payload = read_token("verify-email", token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        raise TokenError(expired=False)
    return user, payload.get("next")


def verify_email(token: str) -> tuple[User, str | None]:
    """Mark the address verified; the user and the page they were going to, if the link carries one.

    Raises TokenError for a bad or expired link.
    """
    user, next_url = verification_of(token)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()
    return user, next_url


def resend_verification(email: str, next_url: str | None = None) -> None:
    user = find_user_by_email(email)
    if user is not None and not user.is_verified:
        send_verification(user, next_url)
        db.session.flush()


# --- login --------------------------------------------------------------------------------------


def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password match, else None (taking as long either way)."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


# --- the login guard: wrong passwords never lock the owner out ---------------------------------------
#
# Per IP, the login form is rate-limited (LOGIN_RATE_LIMIT). Per address, nothing is ever refused to the owner:
# once an address has had LOGIN_GUARD_FAILURES wrong passwords within LOGIN_GUARD_WINDOW, from whatever IPs,
# the right password alone no longer opens the account. It sends a one-time login link to the address
# instead, and the answer is the same whether the password was right or wrong, and whether the address has an
# account: whoever is guessing learns nothing more, and the owner gets in through their mailbox.


class LoginOutcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    UNVERIFIED = "unverified"
    # The address is guarded: "if the password was right, a login link is on its way", whatever happened.
    LINK_SENT = "link-sent"


def _address_key(email: str) -> str:
    # Keyed, so that the table does not tell which addresses were tried to whoever reads it.
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, normalize_email(email).encode(), hashlib.sha256).hexdigest()


def _guard_window() -> timedelta:
    return _duration(current_app.config["LOGIN_GUARD_WINDOW"])


def login_guarded(email: str) -> bool:
    """Whether the address has had too many wrong passwords lately for the password alone to open it."""
    recent = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.address_hash == _address_key(email), LoginFailure.failed_at > utcnow() - _guard_window())
    )
    return recent >= current_app.config["LOGIN_GUARD_FAILURES"]


def record_login_failure(email: str) -> None:
    now = utcnow()
    # Only the window is of use: older failures go, so that the table stays small.
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.failed_at <= now - _guard_window()))
    db.session.add(LoginFailure(address_hash=_address_key(email), failed_at=now))
    db.session.flush()


def retention_pending(user: User) -> bool:
    """Whether the retention rule had warned the person or hidden their profile: logging in now keeps the account."""
    return user.retention_warned_at is not None or user.retention_hidden_at is not None


def try_password(email: str, password: str, next_url: str | None = None) -> tuple[LoginOutcome, User | None]:
    """What a login with this address and password leads to; the user when it is theirs to know."""
    guarded = login_guarded(email)
    user = authenticate(email, password)  # always, so that every answer takes as long
    if user is None or user.disabled:
        record_login_failure(email)
        return (LoginOutcome.LINK_SENT if guarded else LoginOutcome.WRONG), None
    if guarded:
        send_login_link(user, next_url)
        return LoginOutcome.LINK_SENT, None
    if not user.is_verified:
        return LoginOutcome.UNVERIFIED, user
    return LoginOutcome.OK, user


def _login_fingerprint(user: User) -> str:
    # In the link: it stops working once the person has logged in (the link used, or another login) or changed
    # their password.
    last = user.last_login_at.isoformat() if user.last_login_at else ""
    return hashlib.sha256(f"{user.password_hash}|{last}".encode()).hexdigest()[:16]


def send_login_link(user: User, next_url: str | None = None) -> None:
    now = utcnow()
    payload = {"uid": user.id, "fp": _login_fingerprint(user)}
    if next_url:
        payload["next"] = next_url
    # One mail per interval since the last one, however often the right password is typed.
    key = f"login-link:{user.id}:"
    interval = _duration(current_app.config["LOGIN_LINK_MAIL_INTERVAL"])
    if (
        db.session.scalar(
            sa.select(OutboxMessage.id)
            .where(OutboxMessage.dedup_key.startswith(key), OutboxMessage.created_at > now - interval)
            .limit(1)
        )
        is not None
    ):
        return
    token = make_token("login-link", payload)
    queue_mail(
        user.email,
        "login_link",
        "Votre lien de connexion",
        dedup_key=f"{key}{now:%Y%m%d%H%M%S%f}",
        about_user_id=user.id,
        user=user,
        login_url=url_for("accounts.login_link", token=token, _external=True),
        max_age_minutes=login_link_minutes(),
    )
    db.session.flush()


def login_link_minutes() -> int:
    return int(_duration(current_app.config["LOGIN_LINK_MAX_AGE"]).total_seconds()) // 60


def _read_login_link(token: str) -> tuple[User, dict]:
    max_age = int(_duration(current_app.config["LOGIN_LINK_MAX_AGE"]).total_seconds())
    payload = read_token("login-link", token, max_age)
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.disabled or payload.get("fp") != _login_fingerprint(user):
        raise TokenError(expired=False)
    return user, payload


def check_login_link(token: str) -> User:
    """The person a login link is for; raises TokenError if it is forged, expired or already used."""
    return _read_login_link(token)[0]


def log_in_with_link(token: str, *, remember: bool, user_agent: str | None) -> tuple[User, str | None]:
    """Use a login link, once: open a login session; the user and the page they were going to.

    Raises TokenError for a forged, expired or used link. Two clicks at once: the conditional update lets
    one of them through.
    """
    user, payload = _read_login_link(token)
    now = utcnow()
    previous = User.last_login_at == user.last_login_at if user.last_login_at else User.last_login_at.is_(None)
    claimed = db.session.execute(
        sa.update(User)
        .where(User.id == user.id, previous)
        .values(last_login_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:  # nothing was written: the other click, or another login, came first
        raise TokenError(expired=False)
    # The link came to this address: it is proven.
    user.email_verified_at = user.email_verified_at or now
    log_in(user, remember=remember, user_agent=user_agent, now=now)
    return user, payload.get("next")


# --- login sessions: one per login on one device ------------------------------------------------


def _hash_secret(secret: str) -> str:
    # The secret is 256 random bits: a plain hash is enough to make the stored value useless to a reader.
    return hashlib.sha256(secret.encode()).hexdigest()


def _duration(value) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def _lifetime(remember: bool) -> timedelta:
    """How long a login lasts: the remember cookie's 30 days from the login, or 12 hours without activity."""
    key = "REMEMBER_COOKIE_DURATION" if remember else "PERMANENT_SESSION_LIFETIME"
    return _duration(current_app.config[key])


def log_in(user: User, *, remember: bool, user_agent: str | None, now: datetime | None = None) -> User:
    """Open a login session for this device and record the login; the user is then ready for login_user().

    Its id for Flask-Login (User.get_id) is "<session id>:<secret>": the session and remember cookies of this
    device hold it, and the server keeps only a hash of the secret.
    """
    now = now or utcnow()
    # The ended logins of this person are of no more use: the table keeps only what may still open a session.
    db.session.execute(
        sa.delete(LoginSession).where(
            LoginSession.user_id == user.id,
            sa.or_(LoginSession.revoked_at.is_not(None), LoginSession.expires_at <= now),
        )
    )
    secret = secrets.token_urlsafe(32)
    login = LoginSession(
        user_id=user.id,
        secret_hash=_hash_secret(secret),
        remember=remember,
        device=describe_device(user_agent or ""),
        created_at=now,
        last_seen_at=now,
        expires_at=now + _lifetime(remember),
    )
    db.session.add(login)
    user.last_login_at = now
    user.mark_active()  # a login is the person's activity: the retention clock restarts
    db.session.flush()
    user.login_session, user.login_token = login, f"{login.id}:{secret}"
    return user


def load_user(token: str) -> User | None:
    """Flask-Login's loader: the person of a login session that exists, is not ended and has not expired."""
    login_id, _, secret = (token or "").partition(":")
    if not login_id.isdigit() or not secret:
        return None
    login = db.session.get(LoginSession, int(login_id))
    if (
        login is None
        or login.revoked_at is not None
        or login.expires_at <= utcnow()
        or not hmac.compare_digest(login.secret_hash, _hash_secret(secret))
    ):
        return None
    user = db.session.get(User, login.user_id)
    if user is None or user.disabled:
        return None
    user.login_session, user.login_token = login, token
    return user


def needs_activity_note(login: LoginSession) -> bool:
    """Whether to write this request's time as the login's last activity (at most every few minutes)."""
    interval = _duration(current_app.config["LOGIN_SESSION_ACTIVITY_INTERVAL"])
    return utcnow() - login.last_seen_at >= interval


@task("accounts.note_activity")
def note_activity(login_id: int) -> None:
    """Record the device's last activity; a login without "remember me" lasts 12 more hours from now.

    A task, run once the response has been sent, in its own transaction: only this is written.
    """
    now = utcnow()
    login = db.session.get(LoginSession, login_id)
    if login is None or login.revoked_at is not None:
        return
    login.last_seen_at = now
    if not login.remember:
        login.expires_at = max(login.expires_at, now + _lifetime(False))
    db.session.commit()


def active_logins(user: User) -> list[LoginSession]:
    """The person's open logins, most recently used first."""
    return db.session.scalars(
        sa.select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None), LoginSession.expires_at > utcnow())
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
    ).all()


def _revoke(user: User, *, keep: LoginSession | None = None) -> int:
    stmt = sa.update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
    if keep is not None:
        stmt = stmt.where(LoginSession.id != keep.id)
    return db.session.execute(stmt.values(revoked_at=utcnow()).execution_options(synchronize_session=False)).rowcount


def log_out(user: User) -> None:
    """End this device's login: its session cookie and its remember cookie, and any copy of them, stop working."""
    if user.login_session is not None:
        db.session.execute(
            sa.update(LoginSession).where(LoginSession.id == user.login_session.id).values(revoked_at=utcnow())
        )
        db.session.flush()


def log_out_other_devices(user: User) -> int:
    """End every login of the person but this device's; how many were ended."""
    ended = _revoke(user, keep=user.login_session)
    db.session.flush()
    return ended


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
    db.session.flush()


def user_for_reset_token(token: str) -> User:
    payload = read_token("reset-password", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.disabled or payload.get("fp") != _password_fingerprint(user):
        raise TokenError(expired=False)
    return user


def set_password(user: User, password: str, *, keep: LoginSession | None = None) -> None:
    """A new password ends every login of the person (but `keep`, the device that changed it)."""
    user.password_hash = hash_password(password)
    _revoke(user, keep=keep)


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
    db.session.flush()
    return user


def change_password(user: User, password: str) -> None:
    set_password(user, password, keep=user.login_session)
    _tell_password_changed(user)
    db.session.flush()


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
    db.session.flush()


def email_change_of(token: str) -> tuple[User, str]:
    """The user an email-change link is for, and the new address; raises TokenError if it is not valid (any more)."""
    payload = read_token("change-email", token, current_app.config["EMAIL_CHANGE_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("old") or find_user_by_email(payload["new"]):
        raise TokenError(expired=False)
    return user, payload["new"]


def confirm_email_change(token: str) -> User:
    user, new_email = email_change_of(token)
    old = user.email
    user.email, user.email_verified_at = new_email, utcnow()
    email_changed.send(user, old_email=old)  # what is sent to the account follows its address (alerts)
    queue_mail(
        old,
        "email_changed",
        "Votre adresse de connexion a été modifiée",
        dedup_key=f"email-changed:{user.id}:{old}:{user.email}",
        about_user_id=user.id,  # to the old address, no longer the account's
        user=user,
        new_email=user.email,
    )
    db.session.flush()
    return user
